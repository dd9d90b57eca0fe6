"""Attribution spans proposed by linear-chain CRFs trained on PolNeAR (``make train-attributions``):
one tagger per role (source, cue, content) labels each sentence's tokens B/I/O from the features of
``khabar.attributions.features``; each cue found is then joined to the nearest source and content
of its sentence, a content running on over the next sentences included."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span

from khabar.attributions.features import cue_relative, sentence_items

ROLES = ("source", "cue", "content")
MODEL_DIR = "attribution-tagger"
_lock = threading.Lock()


@dataclass(frozen=True)
class Proposal:
    """Character spans of one attribution; ``source`` may be missing (a passive 'it was reported')."""

    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None


class Taggers:
    """The three role taggers, opened once per process; tagging is serialised (crfsuite taggers keep
    state between calls)."""

    def __init__(self, folder: Path) -> None:
        import pycrfsuite

        self.taggers = {}
        for role in ROLES:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(folder / f"{role}.crfsuite"))
            self.taggers[role] = tagger

    def tag_cues(self, items: list[list[str]]) -> list[str]:
        """The cue labels of one sentence."""
        with _lock:
            return self.taggers["cue"].tag(items)

    def tag_roles(self, sent: Span, items: list[list[str]], cue: list[str]) -> dict[str, list[str]]:
        """Source and content labels of one sentence, given its cue labels."""
        stacked = with_cues(sent, items, cue)
        with _lock:
            return {role: self.taggers[role].tag(stacked) for role in ("source", "content")}


def with_cues(sent: Span, items: list[list[str]], cue_labels: list[str]) -> list[list[str]]:
    cue_tokens = {sent.start + i for i, label in enumerate(cue_labels) if label != "O"}
    return [a + b for a, b in zip(items, cue_relative(sent, cue_tokens), strict=True)]


def model_folder() -> Path | None:
    folder = Path(str(resources.files("khabar") / "data" / MODEL_DIR))
    return folder if all((folder / f"{r}.crfsuite").is_file() for r in ROLES) else None


@lru_cache(maxsize=1)
def default_taggers() -> Taggers | None:
    folder = model_folder()
    return Taggers(folder) if folder else None


def chunks(labels: list[str]) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the B/I runs in ``labels`` (an I without a B opens a run)."""
    out: list[tuple[int, int]] = []
    start = None
    for i, label in enumerate(labels):
        if label == "B" or (label == "I" and start is None):
            if start is not None:
                out.append((start, i))
            start = i
        elif label == "O" and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(labels)))
    return out


def _chars(sent: Span, run: tuple[int, int]) -> tuple[int, int]:
    first, last = sent[run[0]], sent[run[1] - 1]
    return first.idx, last.idx + len(last.text)


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


class _Tagged:
    """One sentence's cue runs, and its source and content runs, tagged only when first asked for (most
    sentences hold no cue, and only a neighbour's claim running on needs theirs)."""

    def __init__(self, sent: Span, items: list[list[str]], taggers: Taggers) -> None:
        self.sent, self._items, self._taggers = sent, items, taggers
        self._cue = taggers.tag_cues(items)
        self.runs: dict[str, list[tuple[int, int]]] = _Runs(self)


class _Runs(dict):
    """Token ranges within the sentence, per role; 'source' and 'content' tagged on first use."""

    def __init__(self, t: _Tagged) -> None:
        super().__init__(cue=chunks(t._cue))
        self._t = t

    def __missing__(self, role: str) -> list[tuple[int, int]]:
        t = self._t
        for r, labels in t._taggers.tag_roles(t.sent, t._items, t._cue).items():
            self[r] = chunks(labels)
        return self[role]


def tag_doc(doc: Doc, taggers: Taggers) -> list[_Tagged]:
    return [_Tagged(sent, items, taggers) for sent, items in sentence_items(doc)]


def propose(doc: Doc, taggers: Taggers | None = None, known: list[tuple[int, int]] = ()) -> list[Proposal]:
    """The attributions the taggers find in ``doc``, in text order; cues overlapping the character spans
    in ``known`` (found already by other means) are passed over, their sources and contents untagged."""
    taggers = taggers or default_taggers()
    if taggers is None:
        return []
    tagged = tag_doc(doc, taggers)
    out: list[Proposal] = []
    for k, t in enumerate(tagged):
        for cue in t.runs["cue"]:
            span = _chars(t.sent, cue)
            if any(a < span[1] and span[0] < b for a, b in known):
                continue
            contents = [c for c in t.runs["content"] if not (c[0] < cue[1] and cue[0] < c[1])]
            content = None
            if contents:
                run = min(contents, key=lambda c: _gap(c, cue))
                content = _chars(t.sent, run)
                content = _run_on(tagged, k, run, content)
            elif k > 0 and _ends_with_content(tagged[k - 1]) and not tagged[k - 1].runs["cue"]:
                prev = tagged[k - 1]
                content = _chars(prev.sent, prev.runs["content"][-1])
            if content is None:
                continue
            sources = [s for s in t.runs["source"] if not (s[0] < cue[1] and cue[0] < s[1])]
            source = _chars(t.sent, min(sources, key=lambda s: _gap(s, cue))) if sources else None
            if source is not None and content[0] <= source[0] < content[1]:
                source = None
            out.append(Proposal(span, content, source))
    return out


def _ends_with_content(t: _Tagged) -> bool:
    runs = t.runs["content"]
    return bool(runs) and runs[-1][1] >= len(t.sent) - 1


def _run_on(tagged: list[_Tagged], k: int, run: tuple[int, int], content: tuple[int, int]) -> tuple[int, int]:
    """A content reaching the end of its sentence goes on through following sentences that are content
    from their first token and hold no cue of their own."""
    if run[1] < len(tagged[k].sent) - 1:
        return content
    start, end = content
    for t in tagged[k + 1 :]:
        runs = t.runs["content"]
        if t.runs["cue"] or not runs or runs[0][0] != 0:
            break
        end = _chars(t.sent, runs[0])[1]
        if runs[0][1] < len(t.sent) - 1:
            break
    return start, end
