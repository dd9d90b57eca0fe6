"""An article's text as HTML with every grounded fact marked: entity mentions (by type), each
attribution's source, cue and content, and event triggers. The text is untrusted, so every piece of
it is escaped; the marks only add elements and attributes whose values khabar itself made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class _Layer:
    start: int
    end: int
    classes: tuple[str, ...]
    data: tuple[tuple[str, str], ...]


def _layers(record: dict[str, Any]) -> list[_Layer]:
    out: list[_Layer] = []
    for e in record.get("entities", []):
        for m in e.get("mentions", []):
            out.append(_Layer(m["start"], m["end"], ("ent", f"ent-{e['type']}"), (("entity", e["id"]),)))
    for a in record.get("attributions", []):
        kind = ("anon",) if a.get("source_kind") == "anonymous" else ()
        for role in ("content", "source", "cue"):
            span = a[role]
            out.append(_Layer(span["start"], span["end"], (f"att-{role}", *kind), (("attribution", a["id"]),)))
    for v in record.get("events", []):
        t = v["trigger"]
        out.append(_Layer(t["start"], t["end"], ("trigger",), (("event", v["id"]),)))
    return [x for x in out if 0 <= x.start < x.end]


def highlight(record: dict[str, Any]) -> Markup:
    """The article text as escaped HTML: one <span> per stretch of text covered by the same facts."""
    text: str = record["doc"]["text"]
    layers = _layers(record)
    cuts = sorted({0, len(text), *(x.start for x in layers), *(x.end for x in layers)})
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    parts: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[start:end])
        over = [x for x in layers if x.start <= start and end <= x.end]
        if not over:
            parts.append(str(piece))
            continue
        classes = sorted({c for x in over for c in x.classes})
        data: dict[str, list[str]] = {}
        for x in over:
            for k, v in x.data:
                data.setdefault(k, []).append(v)
        attrs = "".join(f' data-{k}="{escape(" ".join(dict.fromkeys(v)))}"' for k, v in sorted(data.items()))
        if any(x.start == start for x in over):  # where a fact begins, the keyboard can reach it (Enter opens it)
            attrs += ' tabindex="0" role="button"'
        parts.append(f'<span class="{" ".join(classes)}"{attrs}>{piece}</span>')
    return Markup("".join(parts))
