"""Attributions over the dependency parse: a cue, the source it names, the content it reports.

Constructions: `X said (that) C`, `C, X said`, `C, said X`, `According to X, C`, `C, according to X`,
`according to what was confirmed by X`, `X quoted Y as saying C` / `X quoted Y that C` (Y speaks,
X relays), and quotations in straight or curly marks. The content of a quotation is the text
inside the marks and is flagged `direct`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from khabar.attributions.cues import cues
from khabar.attributions.learned import propose
from khabar.attributions.quotes import OPEN, inside, quoted_spans
from khabar.entities import EntityIndex
from khabar.entities.lexicon import lexicon
from khabar.entities.names import fold
from khabar.entities.referents import Referents
from khabar.parse.nlp import sentences, text_of
from khabar.record import Attribution, Source
from khabar.record import Span as TextSpan

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_FOLLOWERS = {"followers", "supporters", "loyalists", "men", "henchmen", "partisans"}
_GROUP_PRONOUNS = {"it", "they"}
_TRIM = " \t\n,;:-–—"
# what an object-reporting verb reports: its object, a prepositional phrase, a gerund ('ruled out serving')
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
# a sentence opening so, right after an attribution in its paragraph, goes on with what was reported
_CONTINUES = re.compile(r"^(moreover|furthermore|in addition|additionally|besides|also)\b,?\s*", re.I)
_OBJECTS = ("dobj", "obj", "prep", "dative", "xcomp", "pcomp")


@dataclass
class _Found:
    source: tuple[int, int]
    source_head: Token
    cue: tuple[int, int]
    content: tuple[int, int]
    via_from: tuple[int, int] | None = None  # span naming the relaying outlet
    according: bool = False  # an 'according to X' phrase
    learned: bool = False  # proposed by the learned taggers
    nominal: bool = False  # a claim noun's ('his claim that C', 'a story in X that C'): part of a sentence's content


def extract_attributions(doc: Doc, index: EntityIndex) -> list[Attribution]:
    text = text_of(doc)
    quotes = quoted_spans(text)
    found: list[_Found] = []
    for sent in sentences(doc):
        for tok in sent:
            item = None
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                item = _according(doc, sent, tok)
            elif tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues().relay_verbs:
                item = _relay(doc, sent, tok)
            elif tok.pos_ == "VERB" and tok.lemma_.lower() in cues().verbs:
                item = _reporting_verb(doc, sent, tok)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in cues().claim_nouns:
                item = _claim_noun(doc, tok)
            if item is not None and not any(_overlaps(item.cue, f.cue) for f in found):
                found.extend(_each_that(doc, item))
    found = _with_learned(doc, found, quotes)
    found = _outlets_relaying(found, index)
    referents = Referents.of_doc(doc, index)
    out: list[Attribution] = []
    for f in sorted(found, key=lambda f: f.content[0]):
        cstart, cend = _strip(text, *_cut_nested(f, found))
        if cend - cstart < 8:
            continue
        quote = inside(quotes, cstart, cend)
        direct = quote is not None
        if quote is not None:
            cstart, cend = _strip(text, *quote)
        else:
            cstart = _with_complementizer(text, cstart)
        entity, kind = _source_entity(doc, f, index, referents)
        via = index.at(*f.via_from) if f.via_from else None
        out.append(
            Attribution(
                id=f"a{len(out) + 1}",
                source=Source(TextSpan.of(text, *_strip(text, *f.source)), entity),
                source_kind=kind,
                cue=TextSpan.of(text, *f.cue),
                content=TextSpan.of(text, cstart, cend),
                direct=direct,
                via=via,
            )
        )
    _inherit_via(out, text)
    out.extend(_continued_quotes(doc, text, quotes, out))
    out.sort(key=lambda a: a.content.start)
    for i, a in enumerate(out, start=1):
        a.id = f"a{i}"
    return out


_COMPLEMENTIZER = re.compile(r"\b(?:that|whether|if)\s+$", re.IGNORECASE)


def _with_complementizer(text: str, start: int) -> int:
    """A reported clause starts at its 'that' (or 'whether', 'if'), as attribution corpora (PARC, PolNeAR) mark
    it: 'said [that the crossing would reopen]'."""
    found = _COMPLEMENTIZER.search(text, max(0, start - 9), start)
    return found.start() if found else start


def _each_that(doc: Doc, f: _Found) -> list[_Found]:
    """'claimed that A, and that B': two claims of one source and cue, one for each that-clause."""
    span = doc.char_span(*f.content, alignment_mode="contract")
    if span is None:
        return [f]
    cuts = []  # (end of the claim before, start of the next)
    for tok in span[1:]:
        if tok.lower_ != "that" or tok.dep_ != "mark" or tok.head.dep_ != "conj":
            continue
        before = doc[tok.i - 1]
        if before.lower_ not in ("and", "but") or before.i - 1 < span.start:
            continue
        cuts.append((_end_before(doc, before.i), tok.idx + len(tok.text)))
    starts = [f.content[0], *(b for _a, b in cuts)]
    ends = [*(a for a, _b in cuts), f.content[1]]
    out = [replace(f, content=(a, b)) for a, b in zip(starts, ends, strict=True)]
    cue = doc.char_span(*f.cue, alignment_mode="expand")
    for clause in cue.root.children if cue is not None and not f.nominal else ():
        # the parser may hang the second clause on the cue itself: 'claimed that A, and that B'
        that = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that"), None)
        if clause.dep_ == "conj" and that is not None and clause.i > span.end - 1:
            out.append(replace(f, content=(that.idx + len(that.text), _subtree(clause)[1])))
    return out


def _with_learned(doc: Doc, found: list[_Found], quotes: list[tuple[int, int]]) -> list[_Found]:
    """The learned taggers' attributions (``khabar.attributions.learned``) join the constructions'. Where
    both found a cue the construction's reading stands (its source and boundaries score better on the
    annotated articles). A cue only the taggers found is added when it has a source and its content is
    a proposition not already held by a construction: a quotation, a clause with its own subject, or
    one opened by 'that' or a wh-word. Contents that are only an intended action ('wants to ...') or
    the object of a deed ('named a minister') are left out; PolNeAR, the taggers' training data,
    counts those as attributions, the annotated articles do not."""
    out = list(found)
    for p in propose(doc, known=[f.cue for f in found]):
        if p.source is None or any(_overlaps(p.cue, f.cue) or _same_claim(p.content, f.content) for f in out):
            continue
        source = doc.char_span(*p.source, alignment_mode="expand")
        content = doc.char_span(*p.content, alignment_mode="expand")
        if source is None or content is None or not len(source):
            continue
        if not (_propositional(content, quotes) or _characterises(doc, p.cue, content)):
            continue
        out.append(_Found(p.source, source.root, p.cue, p.content, learned=True))
    return out


def _same_claim(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether most of the shorter of two contents lies in the longer (one claim read twice)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0.5 * min(a[1] - a[0], b[1] - b[0])


_OPENERS = {"that", "whether", "if", "what", "how", "why", "when", "where", "who"}
# verbs that say what someone or something is ('described the deal as a betrayal', 'called him a liar'): what
# they attribute is a statement though it has no clause of its own
_CHARACTERISING = {"describe", "call", "label", "brand", "dub", "term", "characterize", "characterise", "liken",
                   "compare", "portray", "depict", "paint", "hail", "deride", "denounce", "decry"}  # fmt: skip


def _characterises(doc: Doc, cue: tuple[int, int], content: Span) -> bool:
    verb = doc.char_span(*cue, alignment_mode="expand")
    if verb is None or not len(verb):
        return False
    head = next((t for t in verb if t.pos_ == "VERB" and t.lemma_.lower() in _CHARACTERISING), None)
    if head is None:
        return False
    nxt = doc[head.i + 1].lower_ if head.i + 1 < len(doc) else ""
    # 'called for talks', 'called on X to': a request, not a description
    return not {nxt, content[0].lower_} & {"for", "on", "upon", "off", "in", "out"}


def _propositional(content: Span, quotes: list[tuple[int, int]]) -> bool:
    if content[0].lower_ in _OPENERS or inside(quotes, content.start_char, content.end_char):
        return True
    root = content.root
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in root.children):
        return False  # 'wants American forces to stay': an infinitive tells what is wanted, not claimed
    return root.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass", "expl") and content.start <= c.i < content.end for c in root.children
    )


def _continued_quotes(doc: Doc, text: str, quotes: list[tuple[int, int]], found: list[Attribution]):
    """'..., says General Town. “We will not retreat ...”': a sentence that is only a quotation, right
    after an attribution in the same paragraph, is the same speaker going on."""
    out: list[Attribution] = []
    last: Attribution | None = None
    for sent in sentences(doc):
        mine = [a for a in found if sent.start_char <= a.cue.start < sent.end_char]
        covered = any(a.content.start < sent.end_char and sent.start_char < a.content.end for a in found)
        body = text[sent.start_char : sent.end_char].strip()
        quote = inside(quotes, sent.start_char, sent.end_char)
        same_paragraph = last is not None and "\n\n" not in text[last.cue.start : sent.start_char]
        connective = _CONTINUES.match(body)
        if mine:
            last = mine[-1]
        elif same_paragraph and not covered and quote is not None and body[:1] in OPEN:
            start, end = _strip(text, *quote)
            if end - start >= 8:
                out.append(Attribution("", last.source, last.source_kind, last.cue, TextSpan.of(text, start, end),
                                       True, last.via))  # fmt: skip
        elif same_paragraph and not covered and connective is not None:
            # 'The site added that ... . Moreover, the plan would ...': the report goes on
            raw = text[sent.start_char : sent.end_char]
            start, end = _strip(text, sent.start_char + len(raw) - len(raw.lstrip()) + connective.end(), sent.end_char)
            if end - start >= 8:
                out.append(Attribution("", last.source, last.source_kind, last.cue, TextSpan.of(text, start, end),
                                       False, last.via))  # fmt: skip
        else:
            last = None
    return out


def _outlets_relaying(found: list[_Found], index: EntityIndex) -> list[_Found]:
    """'The site states that C, according to an official close to X': the outlet relays the official. The
    official is the source, the outlet is 'via', and the 'according to' phrase is not a claim of its own."""
    drop: set[int] = set()
    for f in found:
        if f.according or f.via_from is not None or not _an_outlet(f, index):
            continue
        if any(g.via_from and _overlaps(g.via_from, f.source) and f.content[0] <= g.cue[0] < f.content[1]
               for g in found):  # fmt: skip
            drop.add(id(f))  # 'the newspaper reported, citing a source, that C': the citing says it all
            continue
        inner = next(
            (g for g in found if g.according and id(g) not in drop and f.cue[0] < g.cue[0]
             and g.source_head.sent == f.source_head.sent),
            None,
        )  # fmt: skip
        if inner is None:
            continue
        f.via_from = f.source
        f.source, f.source_head = inner.source, inner.source_head
        f.content = (f.content[0], min(f.content[1], inner.cue[0]))
        drop.add(id(inner))
    # 'X has denied C, the newspaper reported': the claims inside an outlet's report (outermost first) are
    # relayed by it, and the report is no claim of its own
    for f in sorted(found, key=lambda f: f.content[0] - f.content[1]):
        if id(f) in drop or f.via_from is not None or f.according or f.learned or not _an_outlet(f, index):
            continue
        held = [g for g in found if g is not f and id(g) not in drop and g.via_from is None and not g.according
                and f.content[0] <= min(g.source[0], g.cue[0]) and max(g.source[1], g.cue[1]) <= f.content[1]
                and g.source_head.sent == f.source_head.sent]  # fmt: skip
        for g in held:
            g.via_from = f.source
        if held:
            drop.add(id(f))
    return [f for f in found if id(f) not in drop]


def _an_outlet(f: _Found, index: EntityIndex) -> bool:
    head = f.source_head
    eid = index.at(head.idx, head.idx + len(head.text))
    return head.lemma_.lower() in cues().outlet_heads or bool(eid and index.is_outlet(eid))


def _according(doc: Doc, sent: Span, tok: Token) -> _Found | None:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    pcomp = next((c for c in to.children if c.dep_ == "pcomp" and c.pos_ in ("VERB", "AUX")), None)
    if pobj is None and pcomp is not None:  # 'according to what was confirmed by X', parsed as a clause
        pobj = next((c for c in pcomp.children if c.lower_ == "what"), None)
    if pobj is None:
        return None
    src_tok, cue = pobj, (tok.idx, to.idx + len(to.text))
    if pobj.lower_ == "what":  # 'according to what was confirmed by X'
        verb = pobj.head if pobj.head.pos_ == "VERB" else next((c for c in pobj.children if c.pos_ == "VERB"), None)
        by = next((t for t in doc[pobj.i : sent.end] if t.lower_ == "by"), None)
        agent = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if agent is None:
            return None
        src_tok = agent
        if verb is not None:
            cue = (verb.idx, verb.idx + len(verb.text))
    src = _subtree(src_tok)
    phrase_end = max(src[1], to.idx + 3)
    if tok.i - sent.start <= 1:  # 'According to X, C.'
        content = (phrase_end, sent.end_char)
    elif phrase_end >= _last_word_end(sent):  # 'C, according to X.'
        content = (sent.start_char, tok.idx)
    else:  # 'C1, according to X, C2': the clause the phrase modifies
        head = tok.head if tok.head.pos_ in ("VERB", "AUX") else sent.root
        content = (_subtree(head)[0], sent.end_char)
        if content[0] >= tok.idx:
            content = (phrase_end, sent.end_char)
    if content[0] <= tok.idx < content[1] and content[0] < tok.idx:
        content = (content[0], tok.idx)
    return _Found(src, src_tok, cue, content, according=True)


def _relay(doc: Doc, sent: Span, tok: Token) -> _Found | None:
    """'The website quoted an informed source that C' / 'X quoted Y as saying C'."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
    if subj is None and tok.tag_ == "VBG":  # 'X reported, citing Y, that C': X relays
        above = list(tok.ancestors)[:3]
        teller = next((t for t in above if t.pos_ == "VERB" and t.lemma_.lower() in cues().verbs), None)
        subj = next((c for c in teller.children if c.dep_ == "nsubj"), None) if teller is not None else None
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None:
        return None
    boundary = None
    for t in doc[obj.i + 1 : sent.end]:
        if t.lower_ == "as" and t.i + 1 < sent.end and doc[t.i + 1].lower_ in ("saying", "telling", "stating"):
            boundary = (t.i, t.i + 2)
            break
        if t.lower_ == "that" and t.dep_ in ("mark", "nsubj", "dobj", "det", "advmod") or t.text in ('"', "“", ":"):
            boundary = (t.i, t.i + (0 if t.text in ('"', "“") else 1))
            break
    if boundary is None:
        return None
    src_start = obj.left_edge.idx
    src_end_tok = doc[boundary[0] - 1]
    while src_end_tok.is_punct and src_end_tok.i > obj.i:
        src_end_tok = doc[src_end_tok.i - 1]
    content_start = doc[boundary[1]].idx if boundary[1] < len(doc) else sent.end_char
    return _Found(
        (src_start, src_end_tok.idx + len(src_end_tok.text)),
        obj,
        (tok.idx, tok.idx + len(tok.text)),
        (content_start, sent.end_char),
        via_from=_subtree(subj) if subj is not None else None,
    )


def _reporting_verb(doc: Doc, sent: Span, tok: Token) -> _Found | None:
    if tok.dep_ in ("amod", "acl") and tok.tag_ == "VBN":
        return None  # 'the said agreement', 'an agreement signed ...'
    lemma = tok.lemma_.lower()
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None and tok.dep_ == "conj" and doc[tok.i - 1].text in (",", "”", '"'):
        found = _inverted(doc, sent, tok)  # '“...”, warned the accountant-general': not the head's subject
        if found is not None:
            return found
    if subj is None and tok.dep_ in ("conj", "xcomp"):
        subj = _subject_of(tok.head)  # 'hiss at the police and call for ...', 'stood ... to announce'
    if subj is None and tok.dep_ == "advcl" and (doc[tok.i - 1].lower_ == "to" or tok.tag_ == "VBG"):
        subj = _subject_of(tok.head)  # 'ordered them to withdraw, blaming ...'
    if subj is None:
        return _inverted(doc, sent, tok)
    source = _subtree(subj)
    if subj.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
        subj = tok.head  # 'an activist who claims to speak for ...': the noun the clause describes
        source = (subj.left_edge.idx, _end_before(doc, tok.left_edge.i))
    if subj.lower_ in ("i", "we", "you") and (lemma in cues().weak_verbs or not _in_quotes_context(doc, tok)):
        return None  # 'I think ...' inside a quotation is part of what is quoted
    comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    xcomp = next((c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i and _infinitive(doc, c)), None)
    if comp is None and tok.dep_ in ("parataxis",) and tok.head.i < tok.i:
        start, end = _subtree(tok.head)[0], tok.left_edge.idx  # 'C, X said'
        content = (start, end)
    elif comp is None and _closing_report(doc, sent, tok):
        content = (sent.start_char, doc[tok.left_edge.i - 1].idx)  # 'C, the newspaper has reported.
    elif comp is None and xcomp is not None and lemma in cues().infinitive_verbs:
        content = _subtree(xcomp)  # 'claims to speak for the strikers', 'threatens to seize ...'
    elif (
        comp is None
        and lemma in cues().object_verbs
        and any(c.i > tok.i and (c.dep_ in _OBJECTS or _gerund_object(doc, tok, c)) for c in tok.children)
    ):
        # 'denied any wrongdoing', 'accused the army of shelling', 'called for talks', 'ruled out serving'
        objects = [c for c in tok.children if c.i > tok.i and (c.dep_ in _OBJECTS or _gerund_object(doc, tok, c))]
        first = objects[0]
        opener = doc[first.left_edge.i]
        if lemma == "call" and opener.lower_ not in ("for", "on"):
            return None  # 'calls them heroes' names; 'called for talks' asks
        direct_objects = [c for c in objects if c.dep_ in ("dobj", "obj")]
        charges = [c for c in objects if c.dep_ == "prep" and c.lower_ in ("of", "for")]  # 'accused X of Y'
        if direct_objects and not charges and all(_only_names(doc, c) for c in direct_objects):
            return None  # 'welcomed Kenya and Uganda (to the talks)': whom, not what
        start = first.left_edge.idx
        if opener.lower_ == "for" and opener.i + 1 < sent.end:
            start = doc[opener.i + 1].idx  # 'called for the army to go': what is called for
        # up to the last object, not into a coordinated verb ('denies X and blames Y')
        content = (start, max(_subtree(c)[1] for c in objects))
    elif comp is None:
        # 'X said: "..."' or 'X told reporters that ...' where the parser lost the clause
        nxt = next((t for t in doc[tok.i + 1 : sent.end] if t.text in ('"', "“", ":") or t.lower_ == "that"), None)
        if nxt is None or lemma in cues().weak_verbs:
            return None
        content = (nxt.idx + len(nxt.text), _before_next_clause(doc, nxt, sent))
    else:
        if lemma in cues().weak_verbs and not _full_clause(comp):
            return None  # 'fear that ...', 'thinks the plan will fail', not 'see it happen'
        content = _subtree(comp)
        first = doc[comp.left_edge.i]
        if first.lower_ == "that" and first.dep_ == "mark":
            content = (first.idx + len(first.text), content[1])
        if comp.i < tok.i:  # content before the cue: keep up to the comma before the source
            content = (content[0], min(content[1], subj.left_edge.idx, tok.idx))
    return _Found(source, subj, (tok.idx, tok.idx + len(tok.text)), content)


def _closing_report(doc: Doc, sent: Span, tok: Token) -> bool:
    """'C, the newspaper has reported.' where the parser hung the closing report on a noun of C: a cue with
    its own subject after a comma, ending its sentence, with nothing of its own after it."""
    if tok.dep_ not in ("relcl", "conj", "advcl") or tok.head.i > tok.i or tok.lemma_.lower() in cues().weak_verbs:
        return False
    first = tok.left_edge
    if first.i - 1 <= sent.start or doc[first.i - 1].text != ",":
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in ("who", "that", "which") or subj.pos_ not in ("PROPN", "NOUN"):
        return False
    return all(t.is_punct or t.is_space for t in doc[tok.i + 1 : sent.end])


def _claim_noun(doc: Doc, noun: Token) -> _Found | None:
    """'it takes the view that C', 'his claim that C was rejected': a noun governing a that-clause."""
    clause = next(
        (c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and doc[c.left_edge.i].lower_ == "that"
         and doc[c.left_edge.i].dep_ == "mark"),
        None,
    )  # fmt: skip
    if clause is None:
        return None
    speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
    carrier = None  # 'a story in Al-Hadath that C', 'reports by the agency that C'
    if speaker is None:
        prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("in", "by", "from")), None)
        carrier = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if carrier is not None:
        speaker, source = carrier, _noun_phrase(carrier)
    else:
        if speaker is None and noun.dep_ in ("dobj", "obj", "attr") and noun.lemma_.lower() not in _CARRIED:
            speaker = _subject_of(noun.head)
        if speaker is None or speaker.lower_ in ("i", "we", "you"):
            return None
        source = (speaker.idx, speaker.idx + len(speaker.text)) if speaker.dep_ == "poss" else _subtree(speaker)
    that = doc[clause.left_edge.i]
    content = (that.idx + len(that.text), _subtree(clause)[1])
    return _Found(source, speaker, (noun.idx, noun.idx + len(noun.text)), content, nominal=True)


# claim nouns that someone else carries: 'X denied a story that C' is not X's story
_CARRIED = {"story", "report", "rumour", "rumor", "news"}


def _inverted(doc: Doc, sent: Span, tok: Token) -> _Found | None:
    """'C, warned the accountant-general': a cue after its content whose speaker the parser took for an
    object (no subject of its own, a comma before it, the content's clause before that)."""
    if tok.i == sent.start or tok.i - 1 < sent.start:
        return None
    before = doc[tok.i - 1]
    if before.text not in (",", "”", '"') or tok.head.i >= tok.i:
        return None
    speaker = next((c for c in tok.children if c.dep_ in ("dobj", "obj", "attr") and c.i > tok.i), None)
    if speaker is None or speaker.pos_ not in ("NOUN", "PROPN"):
        return None
    content = (_subtree(tok.head)[0] if tok.head.i > sent.start else sent.start_char, before.idx)
    content = (min(content[0], sent.start_char) if tok.head.dep_ == "ROOT" else content[0], content[1])
    return _Found(_noun_phrase(speaker), speaker, (tok.idx, tok.idx + len(tok.text)), content)


def _noun_phrase(tok: Token) -> tuple[int, int]:
    """A noun with its modifiers, without the prepositional phrases after it ('the general in November')."""
    right = [c for c in tok.rights if c.dep_ not in ("prep", "punct", "acl", "relcl", "advcl", "cc", "conj")]
    last = max([tok, *[c.right_edge for c in right]], key=lambda t: t.i)
    return tok.left_edge.idx, last.idx + len(last.text)


def _end_before(doc: Doc, i: int) -> int:
    """The end of the last word before token ``i``, leaving out commas."""
    j = i - 1
    while j > 0 and doc[j].is_punct:
        j -= 1
    return doc[j].idx + len(doc[j].text)


def _infinitive(doc: Doc, verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _full_clause(comp: Token) -> bool:
    """A complement clause introduced by 'that'/'whether'/'if', or a finite one with its own subject
    ('thinks the plan will fail'), not a small clause ('wants to see him go')."""
    if any(c.dep_ == "mark" for c in comp.children):
        return True
    finite = comp.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in comp.children)
    return finite and any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in comp.children)


def _only_names(doc: Doc, obj: Token) -> bool:
    """An object made of proper names only (and 'and', 'the', commas): a party, not a proposition."""
    words = [t for t in doc[obj.left_edge.i : obj.right_edge.i + 1] if not t.is_punct]
    return bool(words) and all(t.pos_ == "PROPN" or t.dep_ in ("cc", "det") for t in words)


def _gerund_object(doc: Doc, verb: Token, child: Token) -> bool:
    """'ruled out serving under him', 'called for the governor to resign': a clause right after the verb
    (and its particle) that is its object, though parsed as an adverbial."""
    if child.dep_ != "advcl":
        return False
    if child.tag_ == "VBG":
        return all(t.dep_ == "prt" for t in doc[verb.i + 1 : child.i])
    opener = doc[child.left_edge.i]
    return opener.lower_ == "for" and opener.dep_ == "mark" and all(t.dep_ == "prt" for t in doc[verb.i + 1 : opener.i])


def _subject_of(verb: Token) -> Token | None:
    """The subject a verb shares with the clause it belongs to (coordinated, infinitival, participial)."""
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None or verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head is verb:
            return subj
        verb = verb.head
    return None


def _cut_nested(f: _Found, found: list[_Found]) -> tuple[int, int]:
    """Content stops where another attribution begins inside it ('..., as the official believes that ...')."""
    start, end = f.content
    text = text_of(f.source_head.doc)
    for other in found:
        if other is f or other.nominal and start <= other.cue[0] < end:
            continue  # 'denied a story in X that C': the story and what it says are what is denied
        begin = min(other.source[0], other.cue[0])
        gap = text[other.source[1] : other.cue[0]]
        if len(gap.split()) > 2 and _verb_between(f.source_head.doc, other.source[1], other.cue[0]):
            begin = other.cue[0]  # a source borrowed from another clause ('X holds ..., accusing Y'): cut at the cue
        if start < begin < end and not (other.content[0] <= start and end <= other.content[1]):
            end = begin
    # drop a dangling connective left at the cut: 'as', 'while', 'and'
    words = text[start:end].rstrip(" ,;").rsplit(" ", 1)
    if len(words) == 2 and words[1].lower() in ("as", "while", "and", "but", "since", "because"):
        end = start + len(words[0])
    return start, end


def _closing_name(doc: Doc, f: _Found, index: EntityIndex, in_span: list[tuple[int, int, str]]) -> str | None:
    """The person named at the end of a source phrase after a comma ('the spokesman for X, Ahmed Y')."""
    text = text_of(doc)
    for s, end, eid in in_span:
        if index.get(eid).type != "PERSON":
            continue
        if text[f.source[0] : s].rstrip().endswith(",") and not text[end : f.source[1]].strip(" ,"):
            return eid
    return None


def _verb_between(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="contract")
    return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)


def _source_entity(doc: Doc, f: _Found, index: EntityIndex, referents: Referents) -> tuple[str | None, str]:
    head = f.source_head
    lemma = head.lemma_.lower()
    c = cues()
    if head.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
        want = "PERSON" if head.lower_ in _PERSON_PRONOUNS else None
        eid = referents.pronoun(head) or _latest_entity(index, head.idx, want)  # the most salient, else the last
        ent = index.get(eid)
        if ent is None:
            return None, "named_person" if want else "anonymous"
        return eid, _kind_of(ent, index)
    if head.lower_ in lexicon().demonym_people and head.tag_ in ("NNS", "NNPS"):
        return None, "anonymous"  # 'some Kenyans', 'many Syrians': people, not their state
    if head.lower_ in _FOLLOWERS:  # 'followers of Mr Sadr said': unnamed people of a named group
        return index.at(*f.source) or index.at(head.idx, head.idx + len(head.text)), "anonymous"
    head_entity = index.at(head.idx, head.idx + len(head.text))
    in_span = index.within(*f.source)
    if lemma in c.document_heads and head_entity is None:
        owner = next((eid for _, _, eid in in_span), None)
        return owner, "document"
    if head_entity is not None:
        ent = index.get(head_entity)
        if lemma in c.outlet_heads:
            return head_entity, "outlet"
        return head_entity, _kind_of(ent, index)
    if lemma in c.outlet_heads and _a_medium(head):
        named = next((c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
        return (index.at(named.idx, named.idx + len(named.text)) if named is not None else None), "outlet"
    if head.dep_ == "appos":  # 'Amina Yusuf, a former minister who claims ...'
        eid = index.at(head.head.idx, head.head.idx + len(head.head.text))
        if eid and index.get(eid).type == "PERSON":
            return eid, "named_person"
    if _office(head):  # 'the prime minister said': one person, known by the office, and maybe named
        return _closing_name(doc, f, index, in_span), "named_person"
    # 'Libyan analyst at the X Institute, Jalal Harshawi': a named appositive
    for child in head.children:
        if child.dep_ == "appos":
            eid = index.at(child.idx, child.idx + len(child.text))
            if eid and index.get(eid).type == "PERSON":
                return eid, "named_person"
        if child.dep_ == "compound" and child.pos_ == "PROPN" and lemma in _NAMED_GROUP_HEADS:
            eid = index.at(child.idx, child.idx + len(child.text))  # 'the Emergency Lawyers group said'
            if eid and index.get(eid).type == "ORG":
                return eid, _kind_of(index.get(eid), index)
    for s, _, eid in in_span:
        if index.get(eid).type == "PERSON" and head.idx <= s <= head.idx + len(head.text) + 1:
            return eid, "named_person"
    closing = _closing_name(doc, f, index, in_span)  # '..., Jalal Harshawi' closing the source phrase
    return (closing, "named_person") if closing else (None, "anonymous")


def _office(head: Token) -> bool:
    """'the prime minister', 'the new commander in charge', 'the auditor-general': a definite, singular
    office, which names one person."""
    det = next((c for c in head.children if c.dep_ in ("det", "poss")), None)
    if det is None or det.lower_ not in ("the", "this", "its", "the country's") or head.tag_ != "NN":
        return False
    two = " ".join(t.lower_ for t in head.doc[max(head.i - 1, 0) : head.i + 1])
    lex = lexicon()
    titles = lex.person_roles.keys() | set(lex.titles)
    return head.lower_ in titles or two in titles or head.lower_.endswith("-general")


_NAMED_GROUP_HEADS = {"group", "movement", "organisation", "organization", "party", "militia", "network", "coalition",
                      "alliance", "committee", "council", "union", "association", "front", "faction"}  # fmt: skip
_MEDIA_WORDS = {"news", "press", "state", "television", "tv", "radio", "satellite", "web", "internet", "wire"}


def _a_medium(head: Token) -> bool:
    """'the website', 'a local news agency' are media; 'aid agencies', 'the intelligence agency',
    'a power station' are not."""
    if head.tag_ in ("NNS", "NNPS") and head.lower_ != "media":
        return False
    return not any(
        c.dep_ in ("compound", "amod") and c.pos_ == "NOUN" and c.lower_ not in _MEDIA_WORDS for c in head.children
    )


def _kind_of(entity, index: EntityIndex) -> str:
    if entity.type == "PERSON":
        return "named_person"
    if index.is_outlet(entity.id):
        return "outlet"
    if _described_only(entity):
        return "anonymous"  # 'European governments fear', 'militants said': described, not named
    if index.is_collective(entity.id):
        # 'the protesters said' is unnamed people; 'the army said' is an institution speaking
        lex = lexicon()
        group = lex.collectives.get(fold(entity.name).split()[-1]) if entity.name else None
        return "anonymous" if group in lex.crowds else "named_org"
    if entity.type == "NORP":
        return "anonymous"  # 'Egyptians say': people of a country, not its state
    return "named_org"


_ARABIC_ARTICLES = {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az"}


def _described_only(entity) -> bool:
    """A group the article describes in common words ('militants', 'european governments') and ties to no
    country; 'al-Shabab' is a name, its article aside."""
    first = re.split(r"[-\s]", entity.name or "", maxsplit=1)[0]
    return bool(first) and first.islower() and first not in _ARABIC_ARTICLES and not entity.country


def _latest_entity(index: EntityIndex, pos: int, want: str | None) -> str | None:
    kinds = {want} if want else {"ORG", "GPE"}
    return index.latest_before(pos, lambda _start, eid: index.get(eid).type in kinds)


def _inherit_via(attributions: list[Attribution], text: str) -> None:
    """'this source believes ...' after 'the website quoted a source': still relayed by the website."""
    for prev, cur in zip(attributions, attributions[1:], strict=False):
        if cur.via or cur.source_kind != "anonymous" or prev.via is None:
            continue
        same_paragraph = "\n\n" not in text[prev.cue.start : cur.cue.start]
        if same_paragraph and cur.source.span.text.lower().startswith(("this ", "the ", "that ")):
            cur.via = prev.via


def _before_next_clause(doc: Doc, opener: Token, sent: Span) -> int:
    """Where a content opened by a quotation mark or 'that' ends when the parse lost its clause: at
    the sentence end, or before 'and' + a finite verb outside the quotation ('vowed to "crush the
    rebellion" and rejected calls for a ceasefire')."""
    quoted = opener.text in ('"', "“")
    for t in doc[opener.i + 1 : sent.end - 1]:
        if t.text in ('"', "“", "”"):
            quoted = not quoted if t.text == '"' else t.text == "“"
        elif not quoted and t.lower_ in ("and", "but") and _finite_verb(t.nbor(1)):
            return t.idx
    return sent.end_char


def _finite_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBZ")


def _subtree(tok: Token) -> tuple[int, int]:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM + ".":
        end -= 1
    # keep a final period that closes a sentence inside quotation marks
    if end < len(text) and text[end : end + 1] == "." and text[end + 1 : end + 2] in ('"', "”"):
        end += 1
    return start, end


def _last_word_end(sent: Span) -> int:
    toks = [t for t in sent if not t.is_punct and not t.is_space]
    return toks[-1].idx + len(toks[-1].text) if toks else sent.end_char


def _in_quotes_context(doc: Doc, tok: Token) -> bool:
    return any(t.text in ('"', "“", "”") for t in tok.sent)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
