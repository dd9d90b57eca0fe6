"""Attributions over the dependency parse: a cue, the source it names, the content it reports.

Constructions: `X said (that) C`, `C, X said`, `C, said X`, `According to X, C`, `C, according to X`,
`according to what was confirmed by X`, `X quoted Y as saying C` / `X quoted Y that C` (Y speaks,
X relays), and quotations in straight or curly marks. The content of a quotation is the text
inside the marks and is flagged `direct`."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from khabar.attributions.cues import cues
from khabar.attributions.quotes import inside, quoted_spans
from khabar.entities import EntityIndex
from khabar.parse.nlp import text_of
from khabar.record import Attribution, Source
from khabar.record import Span as TextSpan

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"it", "they"}
_TRIM = " \t\n,;:-–—"


@dataclass
class _Found:
    source: tuple[int, int]
    source_head: Token
    cue: tuple[int, int]
    content: tuple[int, int]
    via_from: tuple[int, int] | None = None  # span naming the relaying outlet


def extract_attributions(doc: Doc, index: EntityIndex) -> list[Attribution]:
    text = text_of(doc)
    quotes = quoted_spans(text)
    found: list[_Found] = []
    for sent in doc.sents:
        for tok in sent:
            item = None
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                item = _according(doc, sent, tok)
            elif tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues().relay_verbs:
                item = _relay(doc, sent, tok)
            elif tok.pos_ == "VERB" and tok.lemma_.lower() in cues().verbs:
                item = _reporting_verb(doc, sent, tok)
            if item is not None and not any(_overlaps(item.cue, f.cue) for f in found):
                found.append(item)
    out: list[Attribution] = []
    for f in sorted(found, key=lambda f: f.content[0]):
        cstart, cend = _strip(text, *_cut_nested(f, found))
        if cend - cstart < 8:
            continue
        quote = inside(quotes, cstart, cend)
        direct = quote is not None
        if quote is not None:
            cstart, cend = _strip(text, *quote)
        entity, kind = _source_entity(doc, f, index)
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
    return out


def _according(doc: Doc, sent: Span, tok: Token) -> _Found | None:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
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
    return _Found(src, src_tok, cue, content)


def _relay(doc: Doc, sent: Span, tok: Token) -> _Found | None:
    """'The website quoted an informed source that C' / 'X quoted Y as saying C'."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
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
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None and (tok.dep_ == "conj" and tok.head.lemma_.lower() in cues().verbs or tok.dep_ == "xcomp"):
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)  # 'stood ... to announce'
    if subj is None and tok.dep_ == "advcl" and doc[tok.i - 1].lower_ == "to":
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in ("i", "we", "you") and not _in_quotes_context(doc, tok):
        return None
    comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if comp is None and tok.dep_ in ("parataxis",) and tok.head.i < tok.i:
        start, end = _subtree(tok.head)[0], tok.left_edge.idx  # 'C, X said'
        content = (start, end)
    elif (
        comp is None
        and tok.lemma_.lower() in cues().object_verbs
        and any(c.dep_ in ("dobj", "prep") and c.i > tok.i for c in tok.children)
    ):
        # 'denied any wrongdoing', 'accused the army of shelling', 'called for talks'
        first = next(c for c in tok.children if c.dep_ in ("dobj", "prep") and c.i > tok.i)
        content = (first.left_edge.idx, _subtree(tok)[1])
    elif comp is None:
        # 'X said: "..."' or 'X told reporters that ...' where the parser lost the clause
        nxt = next((t for t in doc[tok.i + 1 : sent.end] if t.text in ('"', "“", ":") or t.lower_ == "that"), None)
        if nxt is None or tok.lemma_.lower() in cues().weak_verbs:
            return None
        content = (nxt.idx + len(nxt.text), sent.end_char)
    else:
        if tok.lemma_.lower() in cues().weak_verbs and not any(c.dep_ == "mark" for c in comp.children):
            return None
        content = _subtree(comp)
        first = doc[comp.left_edge.i]
        if first.lower_ == "that" and first.dep_ == "mark":
            content = (first.idx + len(first.text), content[1])
        if comp.i < tok.i:  # content before the cue: keep up to the comma before the source
            content = (content[0], min(content[1], subj.left_edge.idx, tok.idx))
    return _Found(_subtree(subj), subj, (tok.idx, tok.idx + len(tok.text)), content)


def _cut_nested(f: _Found, found: list[_Found]) -> tuple[int, int]:
    """Content stops where another attribution begins inside it ('..., as this source believes that ...')."""
    start, end = f.content
    for other in found:
        if other is f:
            continue
        begin = min(other.source[0], other.cue[0])
        if start < begin < end and not (other.content[0] <= start and end <= other.content[1]):
            end = begin
    # drop a dangling connective left at the cut: 'as', 'while', 'and'
    words = text_of(f.source_head.doc)[start:end].rstrip(" ,;").rsplit(" ", 1)
    if len(words) == 2 and words[1].lower() in ("as", "while", "and", "but", "since", "because"):
        end = start + len(words[0])
    return start, end


def _source_entity(doc: Doc, f: _Found, index: EntityIndex) -> tuple[str | None, str]:
    head = f.source_head
    lemma = head.lemma_.lower()
    c = cues()
    if head.lower_ in _PERSON_PRONOUNS | _GROUP_PRONOUNS:
        want = "PERSON" if head.lower_ in _PERSON_PRONOUNS else None
        eid = _latest_entity(index, head.idx, want)
        ent = index.get(eid)
        if ent is None:
            return None, "named_person" if want else "anonymous"
        return eid, _kind_of(ent, index)
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
    if lemma in c.outlet_heads:
        return None, "outlet"
    # 'Libyan analyst at the X Institute, Jalal Harshawi': a named appositive
    for child in head.children:
        if child.dep_ == "appos":
            eid = index.at(child.idx, child.idx + len(child.text))
            if eid and index.get(eid).type == "PERSON":
                return eid, "named_person"
    for s, _end, eid in in_span:
        ent = index.get(eid)
        if ent.type == "PERSON" and head.idx <= s <= head.idx + len(head.text) + 1:
            return eid, "named_person"
    return None, "anonymous"


def _kind_of(entity, index: EntityIndex) -> str:
    if entity.type == "PERSON":
        return "named_person"
    if index.is_outlet(entity.id):
        return "outlet"
    if index.is_collective(entity.id):
        return "anonymous"  # 'the protesters said', 'the authorities said'
    return "named_org"


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
