"""A country's institutions and groups named by a common noun: 'the army', 'the generals' and
'Algerian troops' are one entity ('Algerian army'); 'the authorities' is the government;
'protesters' are a group of their own. 'The' alone means the article's main country; a country
adjective ('American forces') names another."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from khabar.entities.lexicon import lexicon
from khabar.entities.mentions import Mention, free
from khabar.entities.names import fold, name_tokens
from khabar.entities.places import country_code
from khabar.entities.resolve import Cluster
from khabar.parse.nlp import text_of

Key = tuple[str | None, str]  # (country code, group: 'army', 'government', 'protesters' ...)


def demonym(code: str | None) -> str | None:
    """The country adjective for an ISO code: 'US' -> 'American'."""
    if not code:
        return None
    return next((adj.title() if adj.islower() else adj for adj, c in lexicon().demonym_adj.items() if c == code), None)


def group(
    doc: Doc,
    clusters: list[Cluster],
    groups: dict[Key, Cluster],
    key: Key,
    start: int,
    end: int,
    tok_i: int,
    label: str = "ORG",
    name: str | None = None,
) -> None:
    """Add the mention text_of(doc)[start:end] to the entity for ``key``, creating it if needed."""
    text = text_of(doc)[start:end]
    cluster = groups.get(key)
    if cluster is None:
        cluster = groups[key] = Cluster(collective=True)
        clusters.append(cluster)
        adj = demonym(key[0])
        name = name or (f"{adj} {key[1]}" if adj else text)
        cluster.mentions.append(Mention(start, end, text, label, name, name_tokens(name), tok_i))
    else:
        cluster.mentions.append(Mention(start, end, text, label, "", [], tok_i, description=True))


def possessive_institutions(
    doc: Doc, clusters: list[Cluster], groups: dict[Key, Cluster], spans: list[tuple[int, int]]
) -> None:
    """'Egypt’s navy', 'Iran’s clergy', 'Turkey’s embassy in Tripoli': a country's institution named
    through the country. The mention covers the possessor too (which stays a mention of the country)."""
    lex = lexicon()
    for tok in doc:
        if tok.pos_ != "NOUN":
            continue
        two = f"{doc[tok.i - 1].lower_} {tok.lower_}" if tok.i > 0 else ""
        word = two if two in lex.possessive_institutions else tok.lower_
        if word not in lex.possessive_institutions:
            continue
        first = tok.i - (1 if word == two else 0)
        poss = next((c for c in tok.children if c.dep_ == "poss" and c.i < first), None)
        code = country_code(poss.text) if poss is not None and poss.pos_ == "PROPN" else None
        if code is None or poss.i != first - 2 or doc[first - 1].tag_ != "POS":
            continue  # 'America’s navy', not 'America’s new navy' or 'his navy'
        group_name, label = lex.possessive_institutions[word]
        end_tok = tok
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"), None)
        if label == "FAC" and prep is not None and prep.i == tok.i + 1:
            pobj = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None)
            end_tok = pobj or tok  # 'embassy in Baghdad'
        start, end = poss.idx, end_tok.idx + len(end_tok.text)
        if not free(doc[first].idx, tok.idx + len(tok.text), spans):
            continue  # the institution noun itself must be free; the place after it may be a mention
        adj = demonym(code)
        rest = text_of(doc)[doc[first].idx : end]
        key = (code, group_name if end_tok is tok else f"{group_name} {rest}")
        group(doc, clusters, groups, key, start, end, tok.i, label, f"{adj} {rest}" if adj else None)
        spans.append((doc[first].idx, tok.idx + len(tok.text)))


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


def bare_names(clusters: list[Cluster]) -> None:
    """'Army chief X' tagged 'Army' as a name: an organisation called only by a collective word is the
    article's collective of that kind ('the Sudanese army'), when there is one."""
    lex = lexicon()
    groups = [c for c in clusters if c.collective and c.rep.name]
    for c in [c for c in clusters if not c.collective and c.type == "ORG" and c.kb is None and c.names]:
        words = {fold(m.name).removeprefix("the ") for m in c.names}
        word = next(iter(words)) if len(words) == 1 else None
        kind = lex.collectives.get(word) if word else None
        group = next((g for g in groups if fold(g.rep.name).split()[-1:] == kind.split()[-1:]), None) if kind else None
        if group is None and word in lex.org_heads:
            # 'the House of Representatives ... the Council said': the body of that kind named before
            allowed = set(lex.org_heads[word])
            earlier = [
                o for o in clusters
                if o is not c and o.type == "ORG" and o.first < c.first and allowed & set(o.rep.tokens)
            ]  # fmt: skip
            group = max(earlier, key=lambda o: o.last_before(c.first)) if earlier else None
        if group is not None:
            group.mentions.extend(replace(m, description=True) for m in c.mentions)
            clusters.remove(c)
