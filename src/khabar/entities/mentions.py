"""Mentions: the named spans the parser found, cleaned into names with their titles as roles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from khabar.entities.kb import Actor, default_kb
from khabar.entities.lexicon import TITLE, lexicon
from khabar.entities.names import fold, name_tokens
from khabar.entities.places import country_code, country_name
from khabar.parse.nlp import text_of

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
_DETERMINERS = {"the", "this", "that", "these", "those"}
_HEADING_MAX_WORDS = 8


@dataclass
class Mention:
    start: int  # character offsets of the whole referring expression
    end: int
    text: str
    label: str  # parser label, or the type a description implies
    name: str  # the proper-name part ('' for descriptions)
    tokens: list[str]  # folded name tokens without titles and articles
    first_token: int
    roles: list[str] = field(default_factory=list)
    kb: Actor | None = None
    country: str | None = None  # for peoples and countries: ISO code
    description: bool = False
    outlet: bool = False

    @property
    def is_org_like(self) -> bool:
        return bool(set(self.tokens) & lexicon().org_words)


def heading_spans(text: str) -> list[tuple[int, int]]:
    """Short paragraphs without final punctuation ('Leave Haftar'): section headings."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        if line and len(line.split()) <= _HEADING_MAX_WORDS and line[-1] not in ".!?:;,\"”’'":
            spans.append((m.start(), m.end()))
    return spans


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def free(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Does [start, end) overlap none of the spans already taken by a mention?"""
    return all(end <= a or start >= b for a, b in spans)


def nests(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Does [start, end) cross none of the spans taken, holding whole any it overlaps? ('Iran’s top
    commander' may hold the mention 'Iran')"""
    return not any(a < end and start < b and not (start <= a and b <= end) for a, b in spans)


def name_mentions(doc: Doc, headings: list[tuple[int, int]]) -> tuple[list[Mention], list[Mention]]:
    """(body mentions, heading mentions) of named entities, with adjacent titles folded in as roles."""
    kb = default_kb()
    lex = lexicon()
    body: list[Mention] = []
    heads: list[Mention] = []
    ents = list(doc.ents)
    for i, ent in enumerate(ents):
        if ent.label_ not in ENTITY_LABELS:
            continue
        span = _trim(ent)
        if span is None:
            continue
        if _noise(span):
            continue
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if len(span) == 1 and fold(span.text) in _DIRECTIONS and span.end < len(doc) and doc[span.end].text == "-":
            continue  # 'Eastern-based Haftar': where someone is based, no name
        if _portfolio(ents, i, kb):
            continue  # 'Interior' in 'Interior Secretary X': the title's office, part of X's mention
        if (
            nxt is not None and nxt.label_ == TITLE and nxt.start == span.end and len(span) == 1
            and fold(span.text) in lex.demonym_adj
        ):  # fmt: skip
            continue  # 'Moldovan' in 'Moldovan Prime Minister X': the title's country, part of X's mention
        span = _extend(span)
        name_span = span
        roles: list[str] = []
        # titles the parser put inside a PERSON span: 'President Abdel Fattah'
        while name_span.label_ == "PERSON" and len(name_span) > 1 and _title_at(name_span):
            n = _title_at(name_span)
            roles.append(name_span[:n].text)
            name_span = Span(doc, name_span.start + n, name_span.end, label=name_span.label_)
        if (
            name_span.label_ == "PERSON" and len(name_span) >= 3 and fold(name_span[0].text) not in kb.given_names
            and kb.lookup(name_span.text) is None and (rest := kb.lookup(name_span[1:].text)) is not None
            and rest.type == "PERSON"
        ):  # fmt: skip
            roles.append(name_span[0].text)  # 'Strongman Khalifa Haftar': an epithet before a known name, no given name
            name_span = name_span[1:]
        start_char = span.start_char
        titled = False
        # a title just before: 'Field Marshal Khalifa Hifter', 'Speaker of the House of Representatives Aguila Saleh'
        prev = ents[i - 1] if i > 0 else None
        if prev is not None and prev.label_ == TITLE and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            gap = doc[prev.end : span.start]
            if len(gap) == 0:
                office = ents[i - 2] if i >= 2 and _portfolio(ents, i - 2, kb) else prev
                roles.insert(0, doc[office.start : prev.end].text)
                start_char = _epithets(doc, office.start)
                titled = True  # 'envoy Ramtane Lamamra': whoever carries a title is a person
            elif (
                1 <= len(gap) <= 6
                and gap[0].lower_ == "of"
                and all(t.is_title or t.lower_ in ("of", "the", "and") or t.is_punct for t in gap)
                and "\n" not in gap.text
            ):
                roles.insert(0, doc[prev.start : span.start].text.strip())
        framed = _place_frame(span)
        start_char = _place_prefix(span, start_char, framed)
        start_char = _country_possessive(span, start_char)
        end_char = doc[span.end].idx + len(doc[span.end]) if framed == "after" else span.end_char
        men = _members_after(span)
        if men is not None and framed is None:
            end_char = men.idx + len(men.text)  # 'Houthi rebels', 'Taliban fighters': the group's men are the group
        name_text = name_span.text
        if ent.ent_id_ == "web-outlet":  # 'Example News.com' is the outlet 'Example News'
            name_text = re.sub(r"\.[a-z]{2,4}$", "", name_text)
        toks = name_tokens(name_text)
        if not titled and span.start > 0 and not span.ent_id_:
            before = doc[span.start - 1]  # 'the African Union envoy Salem Bahri': a title in lower case
            titled = before.is_lower and before.lower_ in lex.person_roles and all(t.is_title for t in name_span)
            if titled and start_char == span.start_char and span.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                roles.insert(0, before.text)
                start_char = _title_phrase(before)
        start_char = _premodifiers(doc, span, start_char)
        text = text_of(doc)[start_char:end_char]
        label = "PERSON" if titled and span.label_ in ("ORG", "GPE", "NORP") and len(name_span) >= 2 else span.label_
        if framed and label in ("PERSON", "ORG", "NORP") and not span.ent_id_ and not roles:
            label = "GPE"  # 'the town of Khanaqin', 'the Kurram sector': the frame says it is a place
        kb_actor = kb.lookup(name_text)
        if kb_actor is None and start_char < span.start_char and span.label_ == "ORG":
            kb_actor = _owned_body(doc, span, kb)  # 'Libya’s National Army' is the Libyan National Army
        if ent.ent_id_ and ent.ent_id_ in kb.actors:
            kb_actor = kb.actors[ent.ent_id_]
        low = fold(name_span.text).removeprefix("the ")
        country = lex.demonym_people.get(low)
        if label == "NORP":
            land = _national_land(span, low)
            if land is not None:
                (heads if in_spans(land.start, headings) else body).append(land)
                continue  # 'Afghan soil', 'Syrian airspace': the country as a place
            if (
                low in lex.demonym_adj
                and span.root.dep_ in ("amod", "compound", "nmod")
                and low not in lex.demonym_people
            ):
                continue  # an adjective ('Egyptian officials'), not an actor
            if low in lex.demonym_adj and span.root.pos_ == "ADJ":
                continue
            if not span.ent_id_ and _modifier_only(span):
                continue  # 'Shia crowds', 'Turkish-backed', 'the West African nation': a kind, not an actor
        m = Mention(
            start=start_char,
            end=end_char,
            text=text,
            label=label,
            name=name_text,
            tokens=toks,
            first_token=span.start,
            roles=roles,
            kb=kb_actor,
            country=country,
            outlet=bool(kb_actor and kb_actor.outlet) or ent.ent_id_ == "web-outlet",
        )
        if not toks and not country:
            continue
        (heads if in_spans(start_char, headings) else body).append(m)
    return body, heads


def dateline_mentions(doc: Doc, taken: list[Mention]) -> list[Mention]:
    """A wire dateline's place ('ISLAMABAD', a known town) and agency ('(AA)', '(Reuters)') as mentions where the
    tagger found none: the place the report comes from, the outlet that filed it."""
    from khabar.geo import gazetteer
    from khabar.parse.dateline import match

    text = text_of(doc)
    m = match(text)
    if m is None:
        return []
    out = []
    for group, label in (("place", "GPE"), ("agency", "ORG")):
        start, end = m.span(group)
        if start < 0 or any(x.start < end and start < x.end for x in taken):
            continue
        written = text[start:end]
        if label == "GPE" and not gazetteer().candidates(written.title()):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        name = written.title() if label == "GPE" else written
        kb_actor = default_kb().lookup(name)
        out.append(Mention(start, end, written, label, name, name_tokens(name), span.start, kb=kb_actor,
                           outlet=label == "ORG"))  # fmt: skip
    return out


def _trim(ent: Span) -> Span | None:
    """Drop a possessive "'s" and stray punctuation at the edges of an entity span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if start >= end:
        return None
    return Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_)


_ORG_TAIL = {
    "government",
    "forces",
    "army",
    "militia",
    "militias",
    "movement",
    "party",
    "council",
    "authorities",
    "administration",
    "brigade",
    "brigades",
    "coalition",
    "alliance",
}
# 'the Trump administration' is an organisation; 'the Gaddafi regime' stays a mention of Gaddafi
_REGIME_TAIL = {"administration", "government", "campaign", "camp", "family", "clan"}
_PLACE_NOUNS = {
    "city",
    "town",
    "village",
    "port",
    "province",
    "region",
    "district",
    "governorate",
    "state",
    "island",
    "oasis",
    "area",
    "capital",
}
_NOT_NAME_POS = {"ADP", "ADV", "VERB", "AUX", "SCONJ", "CCONJ", "PRON", "INTJ", "PART"}


def _noise(span: Span) -> bool:
    """Tagger slips: a capitalised common word opening a sentence, an all-caps lead-in word."""
    if span.ent_id_:
        return False
    if len(span) == 1:
        tok = span[0]
        if tok.is_sent_start and tok.pos_ not in ("PROPN",) and span.label_ in ("PERSON", "ORG"):
            return True
        if tok.text.isupper() and len(tok.text) >= 7:
            return True
    return False


_DIRECTIONS = {"eastern", "western", "northern", "southern", "central", "east", "west", "north", "south",
               "northeastern", "northwestern", "southeastern", "southwestern"}  # fmt: skip
_OFFICE_TITLES = ("secretary", "minister", "undersecretary", "commissioner")


def _portfolio(ents: list[Span], i: int, kb) -> bool:
    """Is entity ``i`` the office of the title after it ('Interior Secretary X', 'Energy Minister X'): an
    unknown organisation name right before an office title right before a person?"""
    if i + 2 >= len(ents):
        return False
    office, title, person = ents[i], ents[i + 1], ents[i + 2]
    return (
        office.label_ == "ORG" and title.label_ == TITLE and person.label_ == "PERSON"
        and office.end == title.start and title.end == person.start and len(office) <= 3
        and title.text.lower().startswith(_OFFICE_TITLES) and kb.lookup(office.text) is None
    )  # fmt: skip


_LAND = {"soil", "territory", "territories", "airspace", "waters", "land", "lands", "mainland"}


def _national_land(span: Span, low: str) -> Mention | None:
    """'Afghan soil', 'Libyan territory', 'Iranian airspace': a country's adjective on a word for its land
    names the country (a place), in a mention of the whole phrase."""
    code = lexicon().demonym_adj.get(low)
    doc = span.doc
    if code is None or span.end >= len(doc) or len(span) != 1:
        return None
    land = doc[span.end]
    if land.lower_ not in _LAND or span.root.head.i != land.i or span.root.dep_ not in ("amod", "compound", "nmod"):
        return None
    name = country_name(code) or span.text
    end = land.idx + len(land.text)
    text = text_of(doc)[span.start_char : end]
    return Mention(span.start_char, end, text, "GPE", name, name_tokens(name), span.start, country=code)


def _extend(span: Span) -> Span:
    """'National Accord government': a lower-case organisation word completing the name;
    'Without Suleimani': a leading non-name word dropped."""
    doc = span.doc
    start, end = span.start, span.end
    while end - start > 1 and doc[start].pos_ in _NOT_NAME_POS and span.label_ in ("PERSON", "ORG"):
        start += 1
    label = span.label_
    if label == "PERSON":  # 'Abdelrahman [Yusuf el-Mahdawi]': a given name the tagger left outside
        while start > 0 and _given_name_before(doc[start - 1], start, end):
            start -= 1
    if label == "PERSON" and end < len(doc) and doc[end].lower_ in _REGIME_TAIL and doc[end].is_lower:
        end += 1  # 'the Trump administration', 'the Assad regime'
        label = "ORG"
    elif (
        span.label_ == "ORG"
        and not span.ent_id_
        and end < len(doc)
        and doc[end].lower_ in _ORG_TAIL
        and doc[end].is_lower
    ):
        end += 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=label, kb_id=span.kb_id_, span_id=span.id_)


def _given_name_before(tok, start: int, end: int) -> bool:
    lex = lexicon()
    return (
        tok.pos_ == "PROPN"
        and tok.is_title
        and not tok.ent_type_
        and tok.dep_ == "compound"
        and start <= tok.head.i < end
        and tok.lower_ not in lex.title_words
        and not any(t == tok.lower_ or t.endswith(" " + tok.lower_) for t in lex.titles)
    )


def _place_frame(span: Span) -> str | None:
    """'before' for 'the town of Khanaqin', 'after' for 'the Kurram sector': a place noun framing a name makes it
    a place whatever the tagger said (None when there is no such frame)."""
    doc = span.doc
    noun = doc[span.start - 2] if span.start >= 3 and doc[span.start - 1].lower_ == "of" else None
    if noun is not None and noun.lower_ in _PLACE_NOUNS and noun.lower_ != "capital":
        i = noun.i - 1
        while i > 0 and doc[i].pos_ == "ADJ" and doc[i].is_lower:
            i -= 1
        if doc[i].lower_ in ("the", "'s", "’s"):
            return "before"
    if span.end < len(doc) and doc[span.end].lower_ in _PLACE_TAILS and doc[span.end].is_lower:
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and (before.lower_ == "the" or (before.pos_ == "ADJ" and before.is_lower)):
            return "after"
    return None


_PLACE_TAILS = {"province", "district", "governorate", "region", "sector", "area", "county", "municipality"}


def _place_prefix(span: Span, start_char: int, framed: str | None = None) -> int:
    """'the city of Sirte', 'the holy city of Karbala': the place noun phrase names the place too."""
    if (span.label_ not in ("GPE", "LOC", "FAC") and framed != "before") or span.start < 3:
        return start_char
    doc = span.doc
    if doc[span.start - 1].lower_ != "of" or doc[span.start - 2].lower_ not in _PLACE_NOUNS:
        return start_char
    if doc[span.start - 2].lower_ == "capital" and country_code(span.text):
        return start_char  # 'the capital of Bahrain' is Manama, not Bahrain
    i = span.start - 3
    while i >= 0 and doc[i].pos_ == "ADJ":
        i -= 1
    if i >= 0 and doc[i].lower_ == "the":
        return doc[i].idx
    return start_char


def _members_after(span: Span) -> Token | None:
    """The plural word for armed or political members right after a group's name that modifies it
    ('Houthi rebels', 'Hamas militants', 'Wagner mercenaries'), if any."""
    from khabar.entities.agents import agents

    doc = span.doc
    if span.end >= len(doc) or span.label_ not in ("ORG", "NORP") or not len(span):
        return None
    nxt = doc[span.end]
    if nxt.tag_ != "NNS" or not nxt.is_lower or span.root.head.i != nxt.i or span.root.dep_ not in ("compound", "amod"):
        return None
    return nxt if nxt.lemma_.lower() in agents().political and nxt.lower_ not in ("troops", "soldiers") else None


def _owned_body(doc: Doc, span: Span, kb) -> Actor | None:
    """The known body a country's possessive names ('Libya’s National Army', 'Egypt’s Foreign Ministry'):
    its name with the country's adjective or the country's name before it."""
    if span.start < 2 or doc[span.start - 1].tag_ != "POS":
        return None
    owner = doc[span.start - 2]
    code = country_code(owner.text)
    if code is None:
        return None
    for adj, c in lexicon().demonym_adj.items():
        if c == code:
            found = kb.lookup(f"{adj} {span.text}")
            if found is not None and found.country in (code, None):
                return found
    return kb.lookup(f"{owner.text} {span.text}")


def _modifier_only(span: Span) -> bool:
    """A group's name used only to qualify something else: an adjective or a noun's modifier ('Arab vessels',
    'Sunni fundamentalist view', 'non-American'), or the first half of a compound ('Saudi-owned'). Plural
    peoples ('Islamists', 'the Berbers') stay actors."""
    root = span.root
    if root.tag_ in ("NNS", "NNPS"):
        return False
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text in ("-", "–") or "-" in span.text:
        return True
    return root.pos_ == "ADJ" or root.dep_ in ("amod", "compound", "nmod", "acomp")


def _title_phrase(title: Token) -> int:
    """Where a lower-case title's phrase begins: 'STC spokesman', 'eastern parliament speaker', 'longtime
    dictator' (its modifiers, not an article or a possessive)."""
    start = title.i
    for child in title.lefts:
        if child.dep_ not in ("compound", "amod", "nmod") or child.pos_ in ("DET", "PRON"):
            continue
        words = list(child.subtree)
        if any(w.is_punct or w.dep_ in ("det", "poss", "case") or w.i >= title.i for w in words):
            continue
        if title.i - words[0].i <= 3:
            start = min(start, words[0].i)
    return title.doc[start].idx


def _epithets(doc: Doc, i: int) -> int:
    """'the late General Salah', 'the indomitable Mr Netanyahu': adjectives before a title belong to the
    mention (not the article)."""
    demonyms = lexicon().demonym_adj
    j = i
    while j > 0 and doc[j - 1].pos_ == "ADJ" and doc[j - 1].is_lower and fold(doc[j - 1].text) not in demonyms:
        j -= 1
    # the country the title belongs to: 'Pakistani Prime Minister Shehbaz Sharif', 'Yemeni President Hadi'
    if j > 0 and fold(doc[j - 1].text) in demonyms and doc[j - 1].is_title:
        j -= 1
    return doc[j].idx


def _premodifiers(doc: Doc, span: Span, start_char: int) -> int:
    """'the strategic Al-Watiyah Air Base', 'southern Kandahar province', 'longtime dictator X', 'the capital
    Tripoli', 'northern-based X': lower-case adjectives and nouns modifying the name are part of its mention.
    A word that is a name of its own ('UN-recognised', 'Saudi-owned') or a country's adjective stops it, and
    the article stays outside."""
    first = next((t for t in doc[max(0, span.start - 3) : span.end] if t.idx >= start_char), None)
    if first is None or (span.label_ in ("GPE", "LOC") and country_code(span.text)):
        return start_char  # 'eastern Saudi Arabia' is a part of the country, not a name for it
    j = first.i
    inside = range(first.i, span.end)
    demonyms = lexicon().demonym_adj
    while j > 0:
        t = doc[j - 1]
        if j < first.i and t.dep_ == "amod" and t.head.i >= j and fold(t.text) in demonyms and t.is_title:
            j -= 1  # 'the Iraqi capital Baghdad': the country's adjective before a noun of the mention
            break
        if t.ent_type_ or t.text in ("\n", "\n\n") or "\n" in t.whitespace_:
            break
        hyphened = j >= 3 and doc[j - 2].text == "-" and not doc[j - 2].whitespace_ and not doc[j - 3].whitespace_
        modifies = t.head.i in inside or t.head.i >= j
        if (
            t.is_lower and not hyphened and t.dep_ in ("amod", "compound", "nmod", "appos")
            and t.pos_ in ("ADJ", "NOUN", "VERB") and modifies and fold(t.text) not in demonyms
        ):  # fmt: skip
            j -= 1
            continue
        if t.is_lower and t.pos_ == "NOUN" and span.root.dep_ == "appos" and span.root.head.i == t.i == j - 1:
            j -= 1  # 'the capital Tripoli': the name in apposition to the noun before it
            continue
        if (
            hyphened and t.is_lower and t.dep_ in ("amod", "compound") and not doc[j - 3].ent_type_
            and doc[j - 3].is_alpha and fold(doc[j - 3].text) not in demonyms and modifies
        ):  # fmt: skip
            j -= 3  # 'Eastern-based', 'internationally-recognised'
            continue
        if t.dep_ == "advmod" and t.is_lower and t.head.i >= j and t.head.pos_ == "ADJ":
            j -= 1  # 'most powerful'
            continue
        break
    return min(start_char, doc[j].idx)


def _country_possessive(span: Span, start_char: int) -> int:
    """'America’s Fifth Fleet', 'Egypt’s General Intelligence Service': a country's own body is named with
    the country (whose name stays a mention of the country as well)."""
    if span.label_ not in ("ORG", "FAC") or span.start < 2:
        return start_char
    doc = span.doc
    owner, mark = doc[span.start - 2], doc[span.start - 1]
    if mark.tag_ == "POS" and owner.pos_ == "PROPN" and country_code(owner.text):
        return owner.idx
    return start_char


def _title_at(span: Span) -> int:
    """Number of leading tokens of a span that form a title (0 if none)."""
    lower = [t.lower_ for t in span]
    for title in lexicon().titles:
        words = title.split()
        if lower[: len(words)] == words and len(words) < len(lower):
            return len(words)
    return 0
