"""Token features for the learned attribution tagger, read off the parse khabar already made: words,
lemmas, tags, the dependents of each word, the dependency path up to the governing verb, the cue
lexicon, quotation state."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from khabar.attributions.cues import cues
from khabar.attributions.quotes import quoted_spans
from khabar.parse.nlp import text_of

_VERBAL = {"VERB", "AUX"}
_FRAME = {"ccomp", "xcomp", "dobj", "prep", "nsubj"}  # dependents that make a verb a saying or a thinking


def _shape(tok: Token) -> str:
    text = tok.text
    if tok.is_punct:
        return "P"
    if text.isupper() and len(text) > 1:
        return "U"
    if text[:1].isupper():
        return "T"
    if text[:1].isdigit():
        return "D"
    return "l"


def _governor(tok: Token) -> tuple[Token | None, str]:
    """The nearest verb above ``tok`` (itself excluded) and the dependency of the branch it hangs from."""
    child, head = tok, tok.head
    while head.i != child.i:
        if head.pos_ in _VERBAL:
            return head, child.dep_
        child, head = head, head.head
    return None, ""


def _in_quote(doc: Doc) -> list[bool]:
    flags = [False] * len(doc)
    spans = quoted_spans(text_of(doc))
    if not spans:
        return flags
    k = 0
    for tok in doc:
        while k < len(spans) and spans[k][1] <= tok.idx:
            k += 1
        if k < len(spans) and spans[k][0] <= tok.idx < spans[k][1]:
            flags[tok.i] = True
    return flags


def _lexical(tok: Token) -> str:
    lemma = tok.lemma_.lower()
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
    """One list of ``name=value`` strings per token of ``doc``."""
    quoted = _in_quote(doc)
    lexical = [_lexical(tok) for tok in doc]  # read for each token, its head, governor and neighbours
    base: list[list[str]] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        gov, branch = _governor(tok)
        lex = lexical[tok.i]
        head = tok.head
        f = [
            "b",
            f"w={tok.lower_}",
            f"l={lemma}",
            f"t={tok.tag_}",
            f"d={tok.dep_}",
            f"s={_shape(tok)}",
            f"x={tok.lower_[-3:]}",
            f"q={int(quoted[tok.i])}",
            f"hl={head.lemma_.lower()}",
            f"ht={head.tag_}",
            f"dh={tok.dep_}|{head.lemma_.lower()}",
            f"hx={lexical[head.i]}",
            f"e={tok.ent_type_}",
        ]
        deps = sorted({c.dep_ for c in tok.children})
        f += [f"ch={d}" for d in deps]  # what hangs from it: a reported clause, a speaker, an object
        f += [f"lc={lemma}|{d}" for d in deps if d in _FRAME]
        if lex:
            f.append(f"k={lex}")
            f.append(f"kt={lex}|{tok.tag_}")
        if gov is not None:
            glex = lexical[gov.i]
            f += [
                f"gl={gov.lemma_.lower()}",
                f"gb={branch}",
                f"gk={glex}|{branch}",
                f"gr={'L' if tok.i < gov.i else 'R'}",
            ]
        if tok.is_sent_start:
            f.append("first")
        if tok.i + 1 == len(doc) or doc[tok.i + 1].is_sent_start:
            f.append("last")
        base.append(f)
    out: list[list[str]] = []
    for tok in doc:
        f = list(base[tok.i])
        for off in (-2, -1, 1, 2):
            j = tok.i + off
            if 0 <= j < len(doc):
                other = doc[j]
                f.append(f"{off}w={other.lower_}")
                if abs(off) == 1:
                    f.append(f"{off}t={other.tag_}")
                    f.append(f"{off}q={int(quoted[j])}")
                    k = lexical[j]
                    if k:
                        f.append(f"{off}k={k}")
        out.append(f)
    return out


def sentence_items(doc: Doc) -> list[tuple[Span, list[list[str]]]]:
    """The features of ``doc`` cut into its sentences, the tagger's sequences."""
    feats = token_features(doc)
    return [(sent, feats[sent.start : sent.end]) for sent in doc.sents]


def _bucket(n: int) -> str:
    return "0" if n <= 1 else "1" if n <= 3 else "2" if n <= 7 else "3" if n <= 15 else "4"


def cue_relative(sent: Span, cue_tokens: set[int]) -> list[list[str]]:
    """Features of each token of ``sent`` relative to the cue words found in it (``cue_tokens``: indices
    in the doc): the branch of the cue it hangs from ('ccomp' for a reported clause, 'nsubj' for the
    speaker), whether it governs a cue, its side and distance. The source and content taggers read
    these on top of :func:`token_features`, so they are stacked on the cue tagger."""
    if not cue_tokens:
        return [["nocue"] for _ in sent]
    cues_sorted = sorted(cue_tokens)
    out: list[list[str]] = []
    for tok in sent:
        if tok.i in cue_tokens:
            out.append(["cue"])
            continue
        f: list[str] = []
        child, head = tok, tok.head
        depth = 0
        while head.i != child.i and depth < 12:
            if head.i in cue_tokens:
                f.append(f"cu={child.dep_}")
                f.append(f"cu={child.dep_}|{tok.dep_}")
                break
            child, head = head, head.head
            depth += 1
        else:
            f.append("cu=none")
        if any(c.i in cue_tokens for c in tok.children):
            f.append(f"ca={tok.dep_}")
        nearest = min(cues_sorted, key=lambda c: abs(c - tok.i))
        side = "L" if tok.i < nearest else "R"
        f.append(f"cs={side}")
        f.append(f"cs={side}{_bucket(abs(nearest - tok.i))}")
        between = sent.doc[min(tok.i, nearest) + 1 : max(tok.i, nearest)]
        if any(t.text in ",;:" for t in between):
            f.append(f"cp={side}")
        out.append(f)
    return out
