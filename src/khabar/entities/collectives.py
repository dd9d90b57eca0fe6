"""A country's institutions and groups named by a common noun: 'the army', 'the generals' and
'Algerian troops' are one entity ('Algerian army'); 'the authorities' is the government;
'protesters' are a group of their own. 'The' alone means the article's main country; a country
adjective ('American forces') names another."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.attrs import POS, TAG
from spacy.tokens import Doc, Token

from khabar.entities.agents import NON_STATE, agents
from khabar.entities.lexicon import lexicon
from khabar.entities.mentions import Mention, free
from khabar.entities.names import acronym, fold, name_tokens
from khabar.entities.places import country_code
from khabar.entities.resolve import Cluster
from khabar.parse.nlp import text_of, tokens_with

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
    described: bool = False,
) -> None:
    """Add the mention text_of(doc)[start:end] to the entity for ``key``, creating it if needed."""
    text = text_of(doc)[start:end]
    cluster = groups.get(key)
    if cluster is None:
        cluster = groups[key] = Cluster(collective=True, described=described, belongs_to=key[0] if described else None)
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
    for tok in tokens_with(doc, POS, ["NOUN"]):
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
    for tok in tokens_with(doc, POS, ["NOUN"]):
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
        elif main_country and adjectives == ["government"] and lex.collectives[word] == "army":
            # 'government forces', 'government troops': the main country's government, acting by its forces
            start_tok = min(c.i for c in left if c.dep_ in ("amod", "compound", "det") and c.i >= tok.left_edge.i)
            start, end = doc[start_tok].idx, tok.idx + len(tok.text)
            if free(start, end, spans):
                group(doc, clusters, groups, (main_country, "government"), start, end, tok.i)
                spans.append((start, end))
            continue
        else:
            continue
        start, end = doc[start_tok].idx, tok.idx + len(tok.text)
        if free(start, end, spans):
            group(doc, clusters, groups, (code, lex.collectives[word]), start, end, tok.i)
            spans.append((start, end))


_MODIFIERS = ("amod", "compound", "nmod", "npadvmod")
# nouns for a body of people, an actor when a political word qualifies them ('government forces')
_GROUP_NOUNS = {"force", "unit", "group", "official", "member", "leader", "man", "personnel", "commander",
                "cell", "brigade", "battalion", "faction", "supporter", "loyalist", "worker", "figure"}  # fmt: skip


def described_actors(
    doc: Doc, clusters: list[Cluster], groups: dict[Key, Cluster], spans: list[tuple[int, int]]
) -> None:
    """Actors described rather than named, as event coders code them: a political or armed agent word of
    the Phoenix dictionary in the plural ('militants', 'rebel fighters', 'gunmen'), or a group word
    made political by its modifier ('government forces', 'militia forces'), with the country its
    adjective names ('Iraqi militants'; a backer, as in 'Turkish-backed militias', is not theirs).
    Each description is one entity in the article ('the militants' later is the same)."""
    lex = lexicon()
    political = agents().political
    for tok in tokens_with(doc, TAG, ["NNS"]):
        if tok.pos_ != "NOUN" or not _acting(tok):
            continue
        mods: list[Token] = []
        for c in reversed([c for c in tok.children if c.i < tok.i]):
            if c.dep_ not in _MODIFIERS or c.right_edge.i != (mods[-1].left_edge.i if mods else tok.i) - 1:
                break
            mods.append(c)
        first = mods[-1].left_edge.i if mods else tok.i
        words = [t.lower_ for t in doc[first : tok.i] if not t.is_punct]
        lemma = tok.lemma_.lower()
        if not (lemma in political or (lemma in _GROUP_NOUNS and any(w in political for w in words))):
            continue  # 'government forces' is an actor, 'government offices' and 'military victories' are not
        if not mods and (tok.lower_ in lex.collectives or tok.lemma_.lower() in lex.collectives):
            continue  # bare 'soldiers', 'police': the country's own, told by the collectives
        backed = any(t.lemma_.lower() in ("back", "support", "sponsor") for t in doc[first : tok.i])
        code = None if backed else next((lex.demonym_adj[w] for w in words if w in lex.demonym_adj), None)
        if code and not set(agents().roles.get(tok.lemma_.lower(), ())) & NON_STATE:
            continue  # 'American warplanes', 'Iraqi police': the state acting, told by its adjective
        start, end = doc[first].idx, tok.idx + len(tok.text)
        if not free(start, end, spans):
            continue  # a name inside ('Houthi fighters') makes it that group's, found as a name
        name = text_of(doc)[start:end]
        kind = " ".join(w for w in fold(name).split() if not (code and w in lex.demonym_adj))
        if not mods:  # 'Suspected Islamist militants ... nine militants': the ones described before
            earlier = _described_before(doc, clusters, groups, tok)
            if earlier is not None:
                earlier.mentions.append(Mention(start, end, name, "ORG", "", [], tok.i, description=True))
                spans.append((start, end))
                continue
        first_tok = doc[first]
        before = doc[tok.i - 1] if tok.i > 0 else None  # the initials, however the parser read them ('IS')
        owner = _by_initials(clusters, before.text) if before is not None and first >= tok.i - 1 else None
        if owner is not None and free(before.idx, end, spans):
            # 'Islamic State (IS) ... the IS militants': the group's men, by its initials
            text = text_of(doc)[before.idx : end]
            owner.mentions.append(Mention(before.idx, end, text, "ORG", "", [], tok.i, description=True))
            spans.append((before.idx, end))
            continue
        if first_tok.pos_ != "PROPN" and fold(first_tok.text) not in lex.demonym_adj:
            name = name[:1].lower() + name[1:]  # 'government forces': a description, kept to its article
        group(doc, clusters, groups, (code, kind), start, end, tok.i, name=name, described=True)
        spans.append((start, end))


def _by_initials(clusters: list[Cluster], word: str) -> Cluster | None:
    """The organisation named in the article whose initials ``word`` is ('IS' for Islamic State)."""
    if not (word.isupper() and word.isalpha() and 2 <= len(word) <= 6):
        return None
    found = [c for c in clusters if c.type == "ORG" and any(acronym(m.name) == word for m in c.names)]
    return found[0] if len(found) == 1 else None


def _acting(tok: Token) -> bool:
    """Is the plural noun told as acting: a subject (or joined to one), or the agent of a passive, with
    nothing after it naming whose it is ('fighters loyal to X', 'members of Y') and no owner before it
    ('its mercenaries')? Objects ('deployed warships') are what is acted with or upon."""
    if any(c.dep_ == "poss" for c in tok.children) or any(c.i > tok.i and c.dep_ in ("amod", "prep", "acl")
                                                         for c in tok.children):  # fmt: skip
        return False
    t = tok
    while t.dep_ == "conj":
        t = t.head
    if t.dep_ in ("nsubj", "nsubjpass"):
        return True
    return t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.dep_ == "agent"


def _described_before(doc: Doc, clusters: list[Cluster], groups: dict[Key, Cluster], tok: Token) -> Cluster | None:
    """The actor an earlier, fuller description of the same noun named: 'Iraqi militants' or
    'Islamic State militants' (a group's name before the noun) for a later bare 'militants'."""
    head = tok.lower_
    best: tuple[int, Cluster] | None = None
    for key, cluster in groups.items():
        later = best is None or cluster.first > best[0]
        if key[1].split()[-1:] == [head] and cluster.described and cluster.first < tok.idx and later:
            best = (cluster.first, cluster)
    for other in doc[: tok.i]:
        if other.lower_ != head or other.i == 0:
            continue
        before = doc[other.i - 1]
        named = next((c for c in clusters if not c.collective and any(m.end == before.idx + len(before.text)
                      for m in c.mentions) and c.type == "ORG"), None)  # fmt: skip
        if named is not None and (best is None or named.first > best[0]):
            best = (other.idx, named)
    return best[1] if best else None


_RECOGNISED = re.compile(r"\b(?:recogni[sz]ed|legitimate)\b", re.IGNORECASE)


def recognised_government(text: str, clusters: list[Cluster]) -> None:
    """'the internationally recognised Government of National Accord ... the Libyan government': where the
    article calls one named government of a country the recognised one, the country's government described
    is that government."""
    lex = lexicon()
    for c in [c for c in clusters if c.collective and c.rep.tokens[-1:] == ["government"]]:
        words = c.rep.tokens
        code = c.belongs_to or (lex.demonym_adj.get(words[0]) if len(words) == 2 else None)
        if code is None:
            continue
        named = [
            o for o in clusters
            if not o.collective and o.type == "ORG" and "government" in o.rep.tokens
            and (o.kb.country if o.kb else o.country) == code
            and any(_RECOGNISED.search(text, max(0, m.start - 40), m.end) for m in o.names)
        ]  # fmt: skip
        if len(named) == 1:
            named[0].mentions.extend(replace(m, description=True) for m in c.mentions)
            clusters.remove(c)


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
