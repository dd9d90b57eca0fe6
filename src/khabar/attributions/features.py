"""Token features for the learned attribution tagger, read off the parse khabar already made: words,
lemmas, tags, the dependents of each word, the dependency path up to the governing verb, the cue
lexicon, quotation state."""

from __future__ import annotations

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, LEMMA, LOWER, ORTH, POS, SENT_START, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span

from khabar.attributions.cues import cues
from khabar.attributions.quotes import quoted_spans
from khabar.parse.nlp import sentences, text_of

_VERBAL = {"VERB", "AUX"}
_FRAME = {"ccomp", "xcomp", "dobj", "prep", "nsubj"}  # dependents that make a verb a saying or a thinking


def _shape(text: str, punct: bool) -> str:
    if punct:
        return "P"
    if text.isupper() and len(text) > 1:
        return "U"
    if text[:1].isupper():
        return "T"
    if text[:1].isdigit():
        return "D"
    return "l"


def _governor(i: int, heads: list[int], pos: list[str], deps: list[str]) -> tuple[int | None, str]:
    """The nearest verb above token ``i`` (itself excluded) and the dependency of the branch it hangs from."""
    child, head = i, heads[i]
    while head != child:
        if pos[head] in _VERBAL:
            return head, deps[child]
        child, head = head, heads[head]
    return None, ""


def _in_quote(doc: Doc) -> list[bool]:
    flags = [False] * len(doc)
    spans = quoted_spans(text_of(doc))
    if not spans:
        return flags
    k = 0
    for i, idx in enumerate(doc.to_array(IDX).tolist()):
        while k < len(spans) and spans[k][1] <= idx:
            k += 1
        if k < len(spans) and spans[k][0] <= idx < spans[k][1]:
            flags[i] = True
    return flags


def _lexical(lemma: str) -> str:
    lex = cues()
    if lemma in lex.verbs:
        return "verb"
    if lemma in lex.weak_verbs:
        return "weak"
    if lemma in lex.claim_nouns:
        return "noun"
    if lemma in lex.relay_verbs:
        return "relay"
    return ""


def token_features(doc: Doc) -> list[list[str]]:
    """One list of ``name=value`` strings per token of ``doc`` (read off arrays of the parse: a spaCy
    token object is built anew at each access)."""
    quoted = _in_quote(doc)
    n = len(doc)
    names: dict[int, str] = {}  # the parse's strings, looked up once each

    def column(attr: int) -> list[str]:
        out = []
        for h in doc.to_array(attr).tolist():
            name = names.get(h)
            if name is None:
                name = names[h] = doc.vocab.strings[h]
            out.append(name)
        return out

    texts, lowers, tags, deps, ents = (column(a) for a in (ORTH, LOWER, TAG, DEP, ENT_TYPE))
    lemmas = [lemma.lower() for lemma in column(LEMMA)]
    pos = [POS_NAMES[p] for p in doc.to_array(POS).tolist()]
    heads = [i + off for i, off in enumerate(doc.to_array(HEAD).astype("int64").tolist())]
    starts = [s == 1 for s in doc.to_array(SENT_START).tolist()]
    puncts = [bool(p) for p in doc.to_array(IS_PUNCT).tolist()]
    lexical = [_lexical(lemma) for lemma in lemmas]  # read for each token, its head, governor and neighbours
    children: list[set[str]] = [set() for _ in range(n)]
    for i, h in enumerate(heads):
        if h != i:
            children[h].add(deps[i])
    base: list[list[str]] = []
    for i in range(n):
        lemma = lemmas[i]
        gov, branch = _governor(i, heads, pos, deps)
        lex = lexical[i]
        h = heads[i]
        f = [
            "b",
            f"w={lowers[i]}",
            f"l={lemma}",
            f"t={tags[i]}",
            f"d={deps[i]}",
            f"s={_shape(texts[i], puncts[i])}",
            f"x={lowers[i][-3:]}",
            f"q={int(quoted[i])}",
            f"hl={lemmas[h]}",
            f"ht={tags[h]}",
            f"dh={deps[i]}|{lemmas[h]}",
            f"hx={lexical[h]}",
            f"e={ents[i]}",
        ]
        kids = sorted(children[i])
        f += [f"ch={d}" for d in kids]  # what hangs from it: a reported clause, a speaker, an object
        f += [f"lc={lemma}|{d}" for d in kids if d in _FRAME]
        if lex:
            f.append(f"k={lex}")
            f.append(f"kt={lex}|{tags[i]}")
        if gov is not None:
            f += [
                f"gl={lemmas[gov]}",
                f"gb={branch}",
                f"gk={lexical[gov]}|{branch}",
                f"gr={'L' if i < gov else 'R'}",
            ]
        if starts[i]:
            f.append("first")
        if i + 1 == n or starts[i + 1]:
            f.append("last")
        base.append(f)
    out: list[list[str]] = []
    for i in range(n):
        f = list(base[i])
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                f.append(f"{off}w={lowers[j]}")
                if abs(off) == 1:
                    f.append(f"{off}t={tags[j]}")
                    f.append(f"{off}q={int(quoted[j])}")
                    k = lexical[j]
                    if k:
                        f.append(f"{off}k={k}")
        out.append(f)
    return out


def sentence_items(doc: Doc) -> list[tuple[Span, list[list[str]]]]:
    """The features of ``doc`` cut into its sentences, the tagger's sequences."""
    feats = token_features(doc)
    return [(sent, feats[sent.start : sent.end]) for sent in sentences(doc)]


def _bucket(n: int) -> str:
    return "0" if n <= 1 else "1" if n <= 3 else "2" if n <= 7 else "3" if n <= 15 else "4"


def cue_relative(sent: Span, cue_tokens: set[int]) -> list[list[str]]:
    """Features of each token of ``sent`` relative to the cue words found in it (``cue_tokens``: indices
    in the doc): the branch of the cue it hangs from ('ccomp' for a reported clause, 'nsubj' for the
    speaker), whether it governs a cue, its side and distance. The source and content taggers read
    these on top of :func:`token_features`, so they are stacked on the cue tagger."""
    if not cue_tokens:
        return [["nocue"] for _ in sent]
    offset = sent.start
    heads = {t.i: t.head.i for t in sent}  # a sentence's heads stay inside it
    deps = {t.i: t.dep_ for t in sent}
    puncts = [t.text in ",;:" for t in sent]
    governs = {heads[i] for i in heads if i in cue_tokens and heads[i] != i}  # tokens a cue hangs from
    cues_sorted = sorted(cue_tokens)
    out: list[list[str]] = []
    for i in range(sent.start, sent.end):
        if i in cue_tokens:
            out.append(["cue"])
            continue
        f: list[str] = []
        child, head = i, heads.get(i, i)
        depth = 0
        while head != child and depth < 12:
            if head in cue_tokens:
                f.append(f"cu={deps[child]}")
                f.append(f"cu={deps[child]}|{deps[i]}")
                break
            child, head = head, heads.get(head, head)
            depth += 1
        else:
            f.append("cu=none")
        if i in governs:
            f.append(f"ca={deps[i]}")
        nearest = min(cues_sorted, key=lambda c: abs(c - i))
        side = "L" if i < nearest else "R"
        f.append(f"cs={side}")
        f.append(f"cs={side}{_bucket(abs(nearest - i))}")
        lo, hi = min(i, nearest) + 1 - offset, max(i, nearest) - offset
        if any(puncts[max(lo, 0) : max(hi, 0)]):
            f.append(f"cp={side}")
        out.append(f)
    return out
