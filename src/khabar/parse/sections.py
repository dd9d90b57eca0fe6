"""Very long articles are parsed in sections of whole paragraphs, so that memory stays bounded and
spaCy's length limit never applies; the sections' records are joined into one record of the article,
with every offset counted from the article's start."""

from __future__ import annotations

import re
from dataclasses import replace

from khabar.record import Attribution, Entity, Event, Record, Source, Span

SECTION_CHARS = 100_000  # a long feature is ~50k characters: only books and dumps are ever cut
_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?]\s+")


def sections(text: str, size: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of ``text`` of at most ``size`` characters, cut between
    paragraphs, else between sentences, else at a space; together they cover the whole text."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = _last_match(_BREAK, window) or _last_match(_SENTENCE_END, window) or window.rfind(" ") + 1 or size
        out.append((start, start + cut))
        start += cut
    out.append((start, len(text)))
    return out


def _last_match(pattern: re.Pattern[str], window: str) -> int:
    """The end of the last match in the second half of ``window`` (a cut there keeps pieces large), or 0."""
    last = 0
    for m in pattern.finditer(window, len(window) // 2):
        last = m.end()
    return last


def join_records(whole: Record, parts: list[tuple[int, Record]]) -> Record:
    """One record for the article ``whole.doc`` from the records of its sections (each with the offset where
    its section starts). An entity named alike (same name and type) in several sections is one entity."""
    entities: dict[tuple[str, str], Entity] = {}
    attributions: list[Attribution] = []
    events: list[Event] = []
    for offset, part in parts:
        ent_ids: dict[str, str] = {}
        for e in part.entities:
            mentions = [_shift(m, offset) for m in e.mentions]
            known = entities.get((e.name, e.type))
            if known is None:
                known = entities[(e.name, e.type)] = replace(
                    e, id=f"e{len(entities) + 1}", mentions=mentions, roles=list(e.roles)
                )
            else:
                known.mentions.extend(mentions)
                known.roles.extend(r for r in e.roles if r not in known.roles)
                known.kb_id = known.kb_id or e.kb_id
            ent_ids[e.id] = known.id
        att_ids: dict[str, str] = {}
        for a in part.attributions:
            att_ids[a.id] = f"a{len(attributions) + 1}"
            attributions.append(
                replace(
                    a,
                    id=att_ids[a.id],
                    source=Source(_shift(a.source.span, offset), ent_ids.get(a.source.entity or "")),
                    cue=_shift(a.cue, offset),
                    content=_shift(a.content, offset),
                    via=ent_ids.get(a.via or ""),
                )
            )
        for v in part.events:
            events.append(
                replace(
                    v,
                    id=f"v{len(events) + 1}",
                    trigger=_shift(v.trigger, offset),
                    evidence=_shift(v.evidence, offset),
                    source=ent_ids.get(v.source or ""),
                    target=ent_ids.get(v.target or ""),
                    location=ent_ids.get(v.location or ""),
                    attribution=att_ids.get(v.attribution or ""),
                )
            )
    return Record(doc=whole.doc, entities=list(entities.values()), attributions=attributions, events=events)


def _shift(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset, span.text)
