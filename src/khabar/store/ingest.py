"""Records into the store: one transaction per article, so a crash or Ctrl-C loses nothing committed."""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from khabar.read import Article, InputError
from khabar.store.actors import ActorIndex, Link
from khabar.store.models import Actor, Attribution, ClaimName, Document, Entity, Event, Mention
from khabar.workers import BATCH as CHUNK
from khabar.workers import Outcome, outcomes

# how articles become outcomes: a local pool (khabar.workers.outcomes) or a cluster (khabar.engines)
Extractor = Callable[..., Iterator[tuple[Article, Outcome]]]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def date_range(date: str | None) -> tuple[str | None, str | None]:
    """'2020-06' -> ('2020-06-01', '2020-06-30'): any ISO precision as the days it covers."""
    if not date:
        return None, None
    parts = date.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    except ValueError:
        return None, None
    return date[:10], date[:10]


def pending_records(
    items: Iterable[Article | InputError],
    is_stored: Callable[[str], bool],
    report: IngestReport,
    *,
    reextract: bool = False,
    batch: int = CHUNK,
    workers: int = 1,
    extractor: Extractor | None = None,
    on_skip: Callable[[], None] = lambda: None,  # called for each item that ends without a record
) -> Iterator[tuple[dict[str, Any], str, str]]:
    """(record, content hash, origin) for each article not yet stored, in input order.

    Articles read from earlier records keep that record (unless ``reextract``); the rest are
    extracted in batches by ``extractor`` (default: a pool of ``workers`` local processes). Input
    errors, invalid records and failed extractions go to ``report``.
    """
    seen: set[str] = set()

    def fresh() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                report.errors.append(str(item))
                on_skip()
                continue
            h = content_hash(item.text)
            if h in seen or is_stored(h):
                report.duplicates += 1
                on_skip()
                continue
            seen.add(h)
            yield item

    run = extractor or (lambda arts, **kw: outcomes(arts, workers=workers, **kw))
    for article, outcome in run(fresh(), batch_size=batch, reextract=reextract):
        if outcome.record is None:
            report.errors.append(f"{article.origin}: {outcome.error}")
            on_skip()
            continue
        yield outcome.record, content_hash(article.text), article.origin


def store_record(conn: Connection, record: dict[str, Any], h: str, origin: str, index: ActorIndex) -> int | None:
    """Insert one record and link its entities to actors; the caller commits. Returns the document id, or
    None when the same text is stored already (by another process writing to the store at the same time)."""
    doc = record["doc"]
    doc_id = conn.execute(
        upsert(conn, Document)
        .values(
            {
                "content_hash": h,
                "doc_id": str(doc.get("id") or h[:16]),
                "title": doc.get("title"),
                "outlet": doc.get("outlet"),
                "url": doc.get("url"),
                "published": (doc.get("published") or None) and str(doc["published"])[:10],
                "language": doc.get("language") or "en",
                "text": doc["text"],
                "record": json.dumps(record, ensure_ascii=False),
                "origin": origin,
                "ingested_at": datetime.now(UTC).replace(tzinfo=None),
            }
        )
        .on_conflict_do_nothing(index_elements=["content_hash"])
        .returning(Document.id)
    ).scalar()
    if doc_id is None:
        return None
    entities = record.get("entities", [])
    links = []
    for e in entities:  # one at a time: an actor created for one entity is there for the next
        link = index.link(e["name"], e["type"], e.get("kb_id"), h[:12], country=e.get("country"))
        save_actor(conn, link, index)
        index.add(link.actor, e["name"])
        links.append(link)
    ent_ids = _insert_many(
        conn,
        Entity,
        [
            {
                "document_id": doc_id,
                "local_id": e["id"],
                "name": e["name"],
                "type": e["type"],
                "roles": json.dumps(e.get("roles") or [], ensure_ascii=False),
                "kb_id": e.get("kb_id"),
                "mention_count": len(e.get("mentions", [])),
                "actor_id": link.actor.id,
                "link": link.reason,
            }
            for e, link in zip(entities, links, strict=True)
        ],
    )
    ent = dict(zip([e["id"] for e in entities], ent_ids, strict=True))
    mentions = [
        {"entity_id": ent[e["id"]], "start": m["start"], "end": m["end"], "text": m["text"]}
        for e in entities
        for m in e.get("mentions", [])
    ]
    if mentions:
        conn.execute(insert(Mention), mentions)
    attributions = record.get("attributions", [])
    att_ids = _insert_many(
        conn,
        Attribution,
        [
            {
                "document_id": doc_id,
                "local_id": a["id"],
                "source_text": a["source"]["text"],
                "source_start": a["source"]["start"],
                "source_entity_id": ent.get(a["source"].get("entity")),
                "source_kind": a["source_kind"],
                "via_entity_id": ent.get(a.get("via")),
                "cue": a["cue"]["text"],
                "content": a["content"]["text"],
                "content_start": a["content"]["start"],
                "content_end": a["content"]["end"],
                "direct": bool(a.get("direct")),
            }
            for a in attributions
        ],
    )
    att = dict(zip([a["id"] for a in attributions], att_ids, strict=True))
    named = claim_names(record, ent, att)
    if named:
        conn.execute(insert(ClaimName), named)
    events = [_event_row(v, doc_id, ent, att) for v in record.get("events", [])]
    if events:
        conn.execute(insert(Event), events)
    return doc_id


def claim_names(record: dict[str, Any], ent: dict[str, int], att: dict[str, int]) -> list[dict[str, int]]:
    """(claim, entity) rows for each entity of the record with a mention inside a claim's content."""
    spans = [(m["start"], m["end"], ent[e["id"]]) for e in record.get("entities", []) for m in e.get("mentions", [])]
    rows = []
    for a in record.get("attributions", []):
        lo, hi = a["content"]["start"], a["content"]["end"]
        named = {entity for start, end, entity in spans if start >= lo and end <= hi}
        rows += [{"attribution_id": att[a["id"]], "entity_id": entity} for entity in sorted(named)]
    return rows


def _event_row(v: dict[str, Any], doc_id: int, ent: dict[str, int], att: dict[str, int]) -> dict[str, Any]:
    geo = v.get("geo") or {}
    start, end = date_range(v.get("date"))
    return {
        "document_id": doc_id,
        "local_id": v["id"],
        "type": v["type"],
        "mode": v.get("mode"),
        "status": v.get("status") or "asserted",
        "source_entity_id": ent.get(v.get("source")),
        "target_entity_id": ent.get(v.get("target")),
        "location_entity_id": ent.get(v.get("location")),
        "place": geo.get("name"),
        "country": geo.get("country"),
        "lat": geo.get("lat"),
        "lon": geo.get("lon"),
        "date": v.get("date"),
        "date_from": start,
        "date_to": end,
        "date_text": v.get("date_text"),
        "attribution_id": att.get(v.get("attribution")),
        "trigger": v["trigger"]["text"],
        "trigger_start": v["trigger"]["start"],
        "evidence": v["evidence"]["text"],
        "evidence_start": v["evidence"]["start"],
        "confidence": float(v.get("confidence", 0.5)),
    }


def save_actor(conn: Connection, link: Link, index: ActorIndex) -> None:
    """Give the link's actor a row id: the stored actor of the same key when there is one (stored earlier,
    or a moment ago by another process writing to the same store), else a new row."""
    actor = link.actor
    if actor.id is not None:
        return
    known = index.by_key.get(actor.key)
    if known is not None and known.id is not None:
        actor.id = known.id
        return
    row = {
        "key": actor.key,
        "name": actor.name,
        "type": actor.type,
        "country": actor.country,
        "kb_id": actor.kb_id,
        "block": actor.block,
    }
    actor.id = conn.execute(
        upsert(conn, Actor).values(row).on_conflict_do_nothing(index_elements=["key"]).returning(Actor.id)
    ).scalar()
    if actor.id is None:
        actor.id = conn.execute(select(Actor.id).where(Actor.key == actor.key)).scalar_one()
    index.add(actor)


def upsert(conn: Connection, table):
    """An INSERT that can take ``on_conflict_do_nothing``, on SQLite and PostgreSQL alike."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def _insert_many(conn: Connection, table, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    result = conn.execute(insert(table).returning(table.id, sort_by_parameter_order=True), rows)
    return [row[0] for row in result]
