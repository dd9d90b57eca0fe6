"""Mentions the tagger misses: repeated surnames, and definite descriptions ('the general', 'the site')."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from spacy.attrs import DEP, LOWER, ORTH, TAG
from spacy.tokens import Doc, Token

from khabar.entities.collectives import described_actors, group, national_groups, possessive_institutions
from khabar.entities.kb import Actor, default_kb
from khabar.entities.lexicon import TITLE, lexicon
from khabar.entities.mentions import Mention, free, nests
from khabar.entities.names import fold, name_tokens
from khabar.entities.places import capital, capital_of, country_code
from khabar.entities.resolve import Cluster
from khabar.parse.nlp import text_of, tokens_with

_POSSESSIVES = {"his", "her", "its", "their"}
_DETERMINERS = {"the", "this", "that"}
_PROTEST_WORDS = {"protest", "opposition", "pro-democracy", "reform", "revolutionary", "uprising", "youth"}
_DESCRIBING_DETS = {"a", "an", "the", "his", "her", "its", "their", "this", "that"}
_FOLLOWER_HEADS = {"men", "followers", "supporters", "loyalists", "henchmen", "ranks", "partisans", "fighters"}
_FORCE_HEADS = {"army", "forces", "militia", "militias", "fighters", "men", "troops", "brigade"} | _FOLLOWER_HEADS


def covered(clusters: list[Cluster]) -> list[tuple[int, int]]:
    return sorted((m.start, m.end) for c in clusters for m in c.mentions)


def repeated_names(doc: Doc, clusters: list[Cluster]) -> None:
    """A person's surname wherever it stands untagged ('Haftar supporters', a heading 'Leave Haftar')."""
    surface: dict[str, Cluster] = {}
    for c in clusters:
        if c.type != "PERSON":
            continue
        for m in c.names:
            for word in m.name.replace("-", " ").split():
                if fold(word) in ("al", "el", "ad", "ar", "as", "at", "an"):
                    continue
                if word[:1].isupper() and fold(word) not in lexicon().title_words and name_tokens(word):
                    surface.setdefault(word, c)
            surface.setdefault(m.name, c)
    spans = covered(clusters)
    for tok in tokens_with(doc, ORTH, surface):
        c = surface.get(tok.text)
        if c is None or not tok.text[:1].isupper() or tok.pos_ not in ("PROPN", "NOUN", "VERB", "ADJ"):
            continue
        if free(tok.idx, tok.idx + len(tok.text), spans):
            start = tok.idx
            ent = doc[tok.i - 1] if tok.i > 0 else None
            if ent is not None and ent.ent_type_ == TITLE and ent.ent_iob_ in ("B", "I"):
                first = ent.i
                while first > 0 and doc[first].ent_iob_ == "I" and doc[first - 1].ent_type_ == TITLE:
                    first -= 1
                start = doc[first].idx  # 'Mr Sistani'
            c.mentions.append(
                Mention(
                    start,
                    tok.idx + len(tok.text),
                    text_of(doc)[start : tok.idx + len(tok.text)],
                    "PERSON",
                    tok.text,
                    name_tokens(tok.text),
                    tok.i,
                )
            )


def descriptions(doc: Doc, clusters: list[Cluster], main_country: str | None) -> None:
    """Resolve 'the site', 'this general', 'the Libyan capital', 'his forces' to an entity named before."""
    lex = lexicon()
    spans = covered(clusters)
    institutions: dict[tuple[str | None, str], Cluster] = {}
    national_groups(doc, clusters, institutions, main_country, spans)
    described_actors(doc, clusters, institutions, spans)
    possessive_institutions(doc, clusters, institutions, spans)
    openers = {t.i for t in tokens_with(doc, LOWER, _DETERMINERS | _POSSESSIVES)}
    openers |= {t.i - 1 for t in tokens_with(doc, TAG, ["POS"]) if t.i > 0}  # 'Turkey’s ...'
    for tok in (doc[i] for i in sorted(openers)):
        det = tok.lower_
        owner_country = _possessive_country(tok)  # 'Turkey’s longest-serving president'
        if owner_country:
            det = "the"
        elif det not in _DETERMINERS and det not in _POSSESSIVES:
            continue
        found = _description_at(doc, tok.nbor(1) if owner_country else tok)
        if found is None:
            continue
        head_i, head = found
        if head_i + 2 < len(doc) and doc[head_i + 1].lower_ == "in" and doc[head_i + 2].lower_ in ("charge", "command"):
            head_i += 2  # 'the new commander in charge'
        start, end = tok.idx, doc[head_i].idx + len(doc[head_i].text)
        owned = head in lex.person_roles or head in ("agency", "news agency")  # 'Egypt’s president', '... agency'
        if not (free(start, end, spans) or (owner_country and owned and nests(start, end, spans))):
            continue  # 'Egypt’s president' holds the mention of Egypt, which stays one
        mods = [t for t in doc[tok.i + 1 : head_i]]
        target: Cluster | None = None
        label = "ORG"
        if det in _POSSESSIVES:
            if head in _FORCE_HEADS:
                target = _forces_of(doc, tok, clusters)
        elif head in lex.outlet_heads:
            target = _latest(clusters, start, lambda c: c.outlet)
            if target is None and head in ("agency", "news agency"):
                target = _state_agency(mods, owner_country, clusters, tok.i)  # 'the Saudi state news agency
        elif head == "country" and det == "the" and main_country:
            target = _latest(
                clusters,
                end + 10**9,
                lambda c: c.type == "GPE" and (c.country == main_country or country_code(c.rep.name) == main_country),
            )
            label = "GPE"
        elif head == "capital":
            code = next((lex.demonym_adj.get(fold(t.text)) for t in mods if fold(t.text) in lex.demonym_adj), None)
            city = capital(code or main_country or "")
            if city:
                target = _latest(clusters, end + 10**9, lambda c, city=city: fold(c.rep.name) == fold(city))
            label = "GPE"
        elif head in lex.person_roles and not any(m.lower_ in _NOT_NOW or m.tag_ == "JJS" or m.ent_type_ == "ORDINAL"
                                                   for m in mods):  # fmt: skip
            # ('the first president', 'the late general', 'its former leader': someone else than who holds it now)
            allowed = {r.lower() for r in lex.person_roles[head]}

            def holds(c: Cluster, allowed=allowed, owner=owner_country) -> bool:
                return (
                    c.type == "PERSON"
                    and any(r.lower() in allowed or r.lower().split()[-1] in allowed for r in c.roles + _kb_roles(c))
                    and (owner is None or (c.kb is not None and c.kb.country in (owner, None)))
                )

            target = _latest(clusters, start, holds)
            if target is None and owner_country:
                # 'Egypt’s president announced ...' before 'President Abdel Fattah al-Sisi told ...': the one
                # holder of the country's office the article names later
                later = [c for c in clusters if holds(c) and c.kb is not None and c.kb.country == owner_country]
                target = later[0] if len(later) == 1 else None
            label = "PERSON"
        elif head in lex.org_heads and det in ("the", "this"):
            words = set(lex.org_heads[head])
            target = _latest(
                clusters, start, lambda c, words=words: c.type == "ORG" and bool(words & set(c.rep.tokens))
            )
            if target is None and head == "group" and not mods:
                # 'al-Shabab ... the group said': the organisation named last, if it was named just before
                target = _latest(
                    clusters,
                    start,
                    lambda c, at=start: (
                        c.type == "ORG" and not c.outlet and not c.collective and at - c.last_before(at) < 400
                    ),
                )
        neutral = all(fold(m.text) in lex.neutral_modifiers for m in mods)
        if (
            target is None
            and head in lex.collectives
            and det in ("the", "this")
            and neutral
            and head not in lex.country_collectives
        ):
            if lex.collectives[head] == "army":
                # 'this army' after 'the Libyan National Army': the army named before, if any
                target = _latest(
                    clusters, start, lambda c: c.type == "ORG" and not c.collective and c.rep.tokens[-1:] == ["army"]
                )
            if target is None:
                group(doc, clusters, institutions, (main_country, lex.collectives[head]), start, end, tok.i)
                spans.append((start, end))
                continue
        if target is not None:
            text = text_of(doc)[start:end]
            target.mentions.append(Mention(start, end, text, label, "", [], tok.i, description=True))
            spans.append((start, end))


def same_heads(doc: Doc, clusters: list[Cluster]) -> None:
    """'the embassy' after 'the US Embassy in Libya', 'the ministry' after 'the Ministry of Defence': a definite
    noun phrase whose head is the head of a name mentioned shortly before is that named body or place (the
    nearest one; nothing where the phrase says more than the name did)."""
    lex = lexicon()
    spans = covered(clusters)
    heads = {id(c): _name_head(c.rep.tokens) for c in clusters if c.type in ("ORG", "FAC") and len(c.rep.tokens) >= 2}
    if not heads:
        return
    for tok in tokens_with(doc, LOWER, ("the", "this")):
        if tok.i + 1 >= len(doc):
            continue
        head = tok.nbor(1)
        mods = []
        while head.pos_ == "ADJ" and head.i + 1 < len(doc) and len(mods) < 2:
            mods.append(head)
            head = head.nbor(1)
        if head.pos_ != "NOUN" or not head.text.islower() or head.ent_type_:
            continue
        nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
        if nxt is not None and (nxt.pos_ in ("NOUN", "PROPN") or nxt.lower_ == "of"):
            continue  # 'the embassy staff', 'the embassy of France': more than the name said
        if any(fold(m.text) not in lex.neutral_modifiers for m in mods):
            continue
        start, end = tok.idx, head.idx + len(head.text)
        if not free(start, end, spans):
            continue
        word = fold(head.text)
        found = _latest(clusters, start, lambda c, word=word: heads.get(id(c)) == word)
        if found is None or start - found.last_before(start) > _HEAD_REACH:
            continue
        found.mentions.append(Mention(start, end, text_of(doc)[start:end], found.type, "", [], tok.i, description=True))
        spans.append((start, end))


_HEAD_REACH = 2000  # characters back to the name a bare head may stand for


def _name_head(tokens: list[str]) -> str:
    """The head word of a name: 'embassy' of 'us embassy', 'ministry' of 'ministry of defence'."""
    if "of" in tokens[1:]:
        return tokens[tokens.index("of", 1) - 1]
    return tokens[-1]


def known_as(doc: Doc, clusters: list[Cluster]) -> None:
    """'the youth movement known as Tamarod': the description is a mention of Tamarod, and when it names a
    protest movement, the article's protesters are that movement's people."""
    lex = lexicon()
    owner = _name_owners(doc, clusters)
    spans = covered(clusters)
    movements: list[Cluster] = []
    for tok in tokens_with(doc, LOWER, ["as"]):
        if tok.head.lower_ != "known" or tok.head.dep_ not in ("acl", "amod"):
            continue
        noun = tok.head.head
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        named = owner.get(pobj.i) if pobj is not None else None
        if named is None or noun.pos_ != "NOUN":
            continue
        name = next((m for m in named.names if m.start <= pobj.idx < m.end), None)
        start, end = noun.left_edge.idx, name.end if name else pobj.idx + len(pobj.text)
        if nests(start, end, spans):
            named.mentions.append(
                Mention(start, end, text_of(doc)[start:end], named.type, "", [], noun.i, description=True)
            )
        if noun.lemma_.lower() == "movement" and any(c.lower_ in _PROTEST_WORDS for c in noun.children):
            movements.append(named)
    for movement in movements:
        for crowd in [c for c in clusters if c.collective and c is not movement]:
            group = lex.collectives.get(fold(crowd.rep.name).split()[-1]) if crowd.rep.name else None
            if group == "protesters":
                movement.mentions.extend(replace(m, description=True) for m in crowd.mentions)
                clusters.remove(crowd)


_NOT_NOW = {"former", "late", "previous", "ex", "then", "past", "future", "next", "first", "last", "outgoing",
            "incoming", "deposed", "ousted", "slain"}  # fmt: skip


def _name_owners(doc: Doc, clusters: list[Cluster]) -> dict[int, Cluster]:
    owner: dict[int, Cluster] = {}
    for c in clusters:
        for m in c.names:
            for t in doc.char_span(m.start, m.end, alignment_mode="expand") or []:
                owner.setdefault(t.i, c)
    return owner


def _possessive_country(tok: Token) -> str | None:
    """The ISO code of 'Israel' in 'Israel’s ...', else None."""
    if tok.pos_ != "PROPN" or tok.i + 2 >= len(tok.doc) or tok.nbor(1).tag_ != "POS":
        return None
    return country_code(tok.text)


def appositives(doc: Doc, clusters: list[Cluster]) -> None:
    """'Omar Bashir, a retired judge', 'the Houthis, a Yemeni rebel movement', 'the commander of the
    militia, Abu Mahdi al-Mohandis': a noun phrase set beside a name describes that entity."""
    spans = covered(clusters)
    owner = {i: c for i, c in _name_owners(doc, clusters).items() if c.type in ("PERSON", "ORG", "GPE")}
    for tok in tokens_with(doc, DEP, ["appos"]):
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        named, described = owner.get(tok.head.i), owner.get(tok.i)
        if named is not None and described is None and tok.pos_ == "NOUN":
            phrase = _phrase(doc, tok)  # 'X, an independent expert'
        elif described is not None and named is None and tok.head.pos_ == "NOUN":
            named, phrase = described, _phrase(doc, tok.head, stop=tok)  # 'the commander of X, Y'
        else:
            continue
        start, end = phrase
        covered_tokens = doc.char_span(start, end, alignment_mode="expand") if end > start else None
        if not covered_tokens:
            continue
        first = covered_tokens[0]
        if first.lower_ not in _DESCRIBING_DETS and first.pos_ != "ADJ" and not _possessive_country(first):
            continue  # 'half his age', 'no Israeli leader': not a description of someone
        # names inside the phrase ('Iran’s top commander') may stay mentions of their own
        if end - start < 3 or not nests(start, end, spans) or any(start <= m.start < end for m in named.mentions):
            continue
        text = text_of(doc)[start:end]
        named.mentions.append(Mention(start, end, text, named.type, "", [], tok.i, description=True))
        spans.append((start, end))


def _phrase(doc: Doc, head: Token, stop: Token | None = None) -> tuple[int, int]:
    """The noun phrase of ``head`` without relative clauses, the comma, or the name beside it."""
    left = head.left_edge.i
    right = head.i
    for c in head.rights:
        if stop is not None and c.i >= stop.i:
            break
        if c.dep_ == "cc" and c.lower_ == "and":
            continue
        if c.dep_ == "conj" and c.pos_ == "NOUN" and not c.ent_type_:
            right = c.right_edge.i  # 'a lawyer and former ambassador'
            continue
        if c.dep_ in ("relcl", "acl", "punct", "appos", "cc", "conj"):
            break
        right = c.right_edge.i
    opened = next((t.i for t in doc[left : right + 1] if t.text == "("), None)
    if opened is not None and not any(t.text == ")" for t in doc[opened : right + 1]):
        right = opened - 1  # 'the commander of the force (PMF': not half a bracket
    while right > left and doc[right].is_punct:
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _description_at(doc: Doc, det: Token) -> tuple[int, str] | None:
    """(index of head, head phrase) for 'the [adj]* HEAD' ending a noun phrase, or None."""
    lex = lexicon()
    i = det.i + 1

    def two_word_head(i: int) -> bool:  # 'prime minister', 'crown prince': the adjective is part of the head
        pair = f"{doc[i].lower_} {doc[i + 1].lower_}" if i + 1 < len(doc) else ""
        return pair in lex.person_roles or pair in lex.outlet_heads or pair in lex.collectives

    while (
        i < len(doc)
        and i - det.i <= 3
        and not two_word_head(i)
        and (
            doc[i].pos_ in ("ADJ", "PROPN") and fold(doc[i].text) in lex.demonym_adj
            or doc[i].pos_ == "ADJ"
            or doc[i].lower_ in _STATE and i + 1 < len(doc) and doc[i + 1].pos_ == "NOUN"  # 'the state news agency'
        )
    ):
        i += 1
    if i >= len(doc):
        return None
    words = [doc[i].lower_]
    if i + 1 < len(doc):
        two = f"{doc[i].lower_} {doc[i + 1].lower_}"
        if two in lex.person_roles or two in lex.outlet_heads or two in lex.collectives:
            return i + 1, two
    head = words[0]
    if (
        head not in lex.outlet_heads
        and head not in lex.person_roles
        and head not in ("capital", "country")
        and head not in lex.org_heads
        and head not in _FORCE_HEADS
        and head not in lex.collectives
    ):
        return None
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and (nxt.pos_ in ("NOUN", "PROPN") or nxt.lower_ == "of" and nxt.head.i == i):
        return None  # 'the general secretary', 'the president of France': not a bare description
    return i, head


def _latest(clusters: list[Cluster], pos: int, ok) -> Cluster | None:
    candidates = [c for c in clusters if c.last_before(pos) >= 0 and ok(c)]
    return max(candidates, key=lambda c: c.last_before(pos)) if candidates else None


def _kb_roles(c: Cluster) -> list[str]:
    return list(c.kb.roles) if c.kb else []


def _forces_of(doc: Doc, pron: Token, clusters: list[Cluster]) -> Cluster | None:
    """'his forces': the force the most recently named person commands (from the knowledge base)."""
    recent = [
        c
        for c in clusters
        if c.type == "PERSON" and c.kb and c.kb.commands and 0 <= pron.idx - c.last_before(pron.idx) < 400
    ]
    if not recent:
        return None
    person = max(recent, key=lambda c: c.last_before(pron.idx))
    return _force_of_person(person, clusters, pron.i)


_STATE = {"state", "state-run", "state-owned"}
_OFFICIAL = _STATE | {"official", "government", "government-run"}


def _state_agency(mods: list[Token], owner: str | None, clusters: list[Cluster], tok_i: int) -> Cluster | None:
    """'the Saudi state news agency', 'Egypt’s official news agency': the country's state agency from the
    knowledge base (its entity in the article, or a new one where the article never names it)."""
    words = {m.lower_ for m in mods}
    if not words & _OFFICIAL:
        return None
    adjectives = lexicon().demonym_adj
    code = owner or next((adjectives[fold(m.text)] for m in mods if fold(m.text) in adjectives), None)
    agency = _state_agencies().get(code) if code else None
    if agency is None:
        return None
    found = next((c for c in clusters if c.kb and c.kb.id == agency.id), None)
    if found is None:
        found = Cluster()
        found.mentions.append(Mention(-1, -1, "", "ORG", agency.name, name_tokens(agency.name), tok_i, kb=agency))
        clusters.append(found)
    return found


@lru_cache(maxsize=1)
def _state_agencies() -> dict[str, Actor]:
    """Each country's state news agency, where the knowledge base knows exactly one."""
    found: dict[str, list[Actor]] = {}
    for a in default_kb().actors.values():
        if a.country and "state news agency" in a.roles:
            found.setdefault(a.country, []).append(a)
    return {code: agencies[0] for code, agencies in found.items() if len(agencies) == 1}


def _force_of_person(person: Cluster, clusters: list[Cluster], tok_i: int) -> Cluster | None:
    """The force a person leads (from the knowledge base): the article's entity for it, or a new one
    when the article never names it ('Mr Sadr's men' are the Sadrist movement)."""
    if not (person.kb and person.kb.commands):
        return None
    commanded = person.kb.commands
    found = next((c for c in clusters if c.kb and c.kb.id in commanded), None)
    if found is not None:
        return found
    force = default_kb().actors.get(commanded[0])
    if force is None:
        return None
    cluster = Cluster()
    cluster.mentions.append(Mention(-1, -1, "", force.type, force.name, name_tokens(force.name), tok_i, kb=force))
    clusters.append(cluster)
    return cluster


def followers(doc: Doc, clusters: list[Cluster]) -> None:
    """'Mr Hemedti’s men', 'followers of Mr Hemedti', 'the loyalists of Khalifa Haftar', 'Haftar’s forces': the
    people a named person leads, as the force the knowledge base says the person leads."""
    owner = _name_owners(doc, clusters)
    spans = covered(clusters)
    for tok in tokens_with(doc, LOWER, _FORCE_HEADS):
        if not (tok.pos_ == "NOUN" or tok.text.isupper()):
            continue  # 'THE HENCHMEN of ...' opening an article in capitals is still a noun
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        leader_tok = poss or (next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None)
        person = owner.get(leader_tok.i) if leader_tok is not None else None
        if person is None or person.type != "PERSON":
            continue
        force = _force_of_person(person, clusters, tok.i)
        if force is None:
            continue
        if poss is not None:
            start, end = poss.left_edge.idx, tok.idx + len(tok.text)
        else:
            name = next((m for m in person.names if m.start <= leader_tok.idx < m.end), None)
            lefts = [c.left_edge.i for c in tok.lefts if c.dep_ in ("det", "amod", "nummod", "quantmod")]
            start = doc[min([tok.i, *lefts])].idx  # not 'Today followers of X'
            end = name.end if name else leader_tok.idx + len(leader_tok.text)  # nor what is said of X after
        if not nests(start, end, spans):
            continue
        force.mentions.append(Mention(start, end, text_of(doc)[start:end], force.type, "", [], tok.i, description=True))
        spans.append((start, end))


def main_country(clusters: list[Cluster]) -> str | None:
    """The country the article is mostly about: most mentioned, counting its people and places (not the news
    media that report it)."""
    counts: dict[str, int] = {}
    kb = default_kb()
    for c in clusters:
        if c.outlet:
            continue  # 'BAGHDAD (Xinhua)': the agency reports from the country, the story is not about China
        code = c.country or (country_code(c.rep.name) or capital_of(c.rep.name) if c.type == "GPE" else None)
        if code is None and c.kb:
            code = kb.actors[c.kb.id].country
        if code:
            counts[code] = counts.get(code, 0) + len(c.mentions)
    return max(counts, key=counts.get) if counts else None
