"""The document record, `khabar.record/1`: the one currency between pipeline stages, store and API."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA = "khabar.record/1"
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "OTHER")
SOURCE_KINDS = ("named_person", "named_org", "outlet", "anonymous", "document")
EVENT_TYPES = (  # PLOVER's top-level types
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "OTHER",
)
STATUSES = ("asserted", "reported", "expected", "planned", "denied", "hypothetical")


@dataclass(frozen=True, order=True)
class Span:
    """A grounded piece of the article: ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, doc_text: str, start: int, end: int) -> Span:
        return cls(start, end, doc_text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Doc:
    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str = "en"


@dataclass
class Entity:
    id: str
    name: str
    type: str
    mentions: list[Span]
    roles: list[str] = field(default_factory=list)
    kb_id: str | None = None
    country: str | None = None  # ISO code of the country a described actor belongs to ('Iraqi militants')


@dataclass
class Source:
    span: Span
    entity: str | None = None


@dataclass
class Attribution:
    id: str
    source: Source
    source_kind: str
    cue: Span
    content: Span
    direct: bool
    via: str | None = None


@dataclass
class Geo:
    name: str
    country: str | None
    lat: float
    lon: float


@dataclass
class Event:
    id: str
    type: str
    trigger: Span
    evidence: Span
    status: str = "asserted"
    mode: str | None = None
    source: str | None = None
    target: str | None = None
    location: str | None = None
    geo: Geo | None = None
    date: str | None = None
    date_text: str | None = None
    attribution: str | None = None
    confidence: float = 0.5


@dataclass
class Record:
    doc: Doc
    entities: list[Entity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "doc": asdict(self.doc),
            "entities": [
                {
                    "id": e.id,
                    "name": e.name,
                    "type": e.type,
                    "mentions": [m.to_dict() for m in e.mentions],
                    "roles": list(e.roles),
                    "kb_id": e.kb_id,
                    **({"country": e.country} if e.country else {}),
                }
                for e in self.entities
            ],
            "attributions": [
                {
                    "id": a.id,
                    "source": {**a.source.span.to_dict(), "entity": a.source.entity},
                    "source_kind": a.source_kind,
                    "via": a.via,
                    "cue": a.cue.to_dict(),
                    "content": a.content.to_dict(),
                    "direct": a.direct,
                }
                for a in self.attributions
            ],
            "events": [
                {
                    "id": v.id,
                    "type": v.type,
                    "mode": v.mode,
                    "source": v.source,
                    "target": v.target,
                    "location": v.location,
                    "geo": asdict(v.geo) if v.geo else None,
                    "date": v.date,
                    "date_text": v.date_text,
                    "status": v.status,
                    "attribution": v.attribution,
                    "trigger": v.trigger.to_dict(),
                    "evidence": v.evidence.to_dict(),
                    "confidence": round(v.confidence, 3),
                }
                for v in self.events
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


@lru_cache(maxsize=1)
def json_schema() -> dict[str, Any]:
    """The JSON Schema of `khabar.record/1`, shipped inside the package."""
    text = resources.files("khabar").joinpath("contract/record.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def validate(record: dict[str, Any]) -> list[str]:
    """Schema violations and ungrounded spans of a record dict; empty when the record is valid."""
    from jsonschema import Draft202012Validator

    problems = [
        f"{'/'.join(map(str, err.path)) or '<root>'}: {err.message}"
        for err in Draft202012Validator(json_schema()).iter_errors(record)
    ]
    text = record.get("doc", {}).get("text", "")
    for where, span in iter_spans(record):
        if text[span["start"] : span["end"]] != span["text"]:
            problems.append(f"{where}: span {span['start']}:{span['end']} is not grounded")
    return problems


def iter_spans(record: dict[str, Any]):
    """Every grounded span of a record dict, with a path naming it."""
    for e in record.get("entities", []):
        for i, m in enumerate(e.get("mentions", [])):
            yield f"entities/{e['id']}/mentions/{i}", m
    for a in record.get("attributions", []):
        for key in ("source", "cue", "content"):
            yield f"attributions/{a['id']}/{key}", a[key]
    for v in record.get("events", []):
        for key in ("trigger", "evidence"):
            yield f"events/{v['id']}/{key}", v[key]
