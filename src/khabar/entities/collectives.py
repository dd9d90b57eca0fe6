"""A country's institutions and groups named by a common noun: 'the army', 'the generals' and
'Algerian troops' are one entity ('Algerian army'); 'the authorities' is the government;
'protesters' are a group of their own. 'The' alone means the article's main country; a country
adjective ('American forces') names another."""

from __future__ import annotations

from spacy.tokens import Doc

from khabar.entities.lexicon import lexicon
from khabar.entities.mentions import Mention, free
from khabar.entities.names import fold, name_tokens
from khabar.entities.resolve import Cluster
from khabar.parse.nlp import text_of

Key = tuple[str | None, str]  # (country code, group: 'army', 'government', 'protesters' ...)


def demonym(code: str | None) -> str | None:
    """The country adjective for an ISO code: 'US' -> 'American'."""
    if not code:
        return None
    return next((adj.title() if adj.islower() else adj for adj, c in lexicon().demonym_adj.items() if c == code), None)


def group(
    doc: Doc, clusters: list[Cluster], groups: dict[Key, Cluster], key: Key, start: int, end: int, tok_i: int
) -> None:
    """Add the mention text_of(doc)[start:end] to the entity for ``key``, creating it if needed."""
    text = text_of(doc)[start:end]
    cluster = groups.get(key)
    if cluster is None:
        cluster = groups[key] = Cluster(collective=True)
        clusters.append(cluster)
        adj = demonym(key[0])
        name = f"{adj} {key[1]}" if adj else text
        cluster.mentions.append(Mention(start, end, text, "ORG", name, name_tokens(name), tok_i))
    else:
        cluster.mentions.append(Mention(start, end, text, "ORG", "", [], tok_i, description=True))


def national_groups(
    doc: Doc,
    clusters: list[Cluster],
    groups: dict[Key, Cluster],
    main_country: str | None,
    spans: list[tuple[int, int]],
) -> None:
    """'American troops', 'Iraqi protesters', and bare 'protesters' (the main country's)."""
    lex = lexicon()
    for tok in doc:
        if tok.pos_ != "NOUN":
            continue
        head = tok.lower_
        two = f"{doc[tok.i - 1].lower_} {head}" if tok.i > 0 else ""
        word = two if two in lex.collectives else head
        if word not in lex.collectives:
            continue
        first = tok.i - (1 if word == two else 0)
        left = [c for c in tok.children if c.i < first]
        adjectives = [fold(c.text) for c in left if c.dep_ in ("amod", "compound")]
        code = next((lex.demonym_adj[a] for a in adjectives if a in lex.demonym_adj), None)
        if code is not None:
            start_tok = min(c.i for c in left if c.dep_ in ("amod", "compound", "det") and c.i >= tok.left_edge.i)
        elif head in lex.bare_collectives and not any(c.dep_ in ("det", "poss", "amod", "compound") for c in left):
            code, start_tok = main_country, first
        else:
            continue
        start, end = doc[start_tok].idx, tok.idx + len(tok.text)
        if free(start, end, spans):
            group(doc, clusters, groups, (code, lex.collectives[word]), start, end, tok.i)
            spans.append((start, end))
