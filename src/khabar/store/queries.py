"""The questions analysts ask of the store, as rows (dicts) any front end can show: CLI tables, JSON, CSV, API."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, literal, or_, select, text
from sqlalchemy.orm import aliased

from khabar.store.db import StoreError
from khabar.store.models import Actor, Attribution, Document, Entity, Event, Mention
from khabar.store.store import Store

Row = dict[str, Any]


@dataclass
class Filters:
    """Filters shared by claims, events and exports; None means 'any'."""

    actor: str | None = None
    type: str | None = None
    status: str | None = None
    place: str | None = None
    country: str | None = None
    outlet: str | None = None
    source_kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None
    named_only: bool = False  # claims: leave out those resting on unnamed sources
    min_confidence: float | None = None  # events: only those at least this likely to be right
    limit: int | None = 50


def actors(
    store: Store, *, type: str | None = None, country: str | None = None, limit: int | None = 50, with_id: bool = False
) -> list[Row]:
    """Actors by how often they are mentioned, with their span in time."""
    q = (
        select(
            Actor.id,
            Actor.name,
            Actor.type,
            Actor.country,
            Actor.kb_id,
            func.sum(Entity.mention_count).label("mentions"),
            func.count(func.distinct(Entity.document_id)).label("articles"),
            func.min(Document.published).label("first_seen"),
            func.max(Document.published).label("last_seen"),
        )
        .join(Entity, Entity.actor_id == Actor.id)
        .join(Document, Document.id == Entity.document_id)
        .group_by(Actor.id, Actor.name, Actor.type, Actor.country, Actor.kb_id)
        .order_by(func.sum(Entity.mention_count).desc(), Actor.id)  # ids, not names: collations differ
    )
    if type:
        q = q.where(Actor.type == type.upper())
    if country:
        q = q.where(Actor.country == country.upper())
    return _rows(store, q.limit(limit) if limit else q, drop=() if with_id else ("id",))


def actor(
    store: Store, name: str | None = None, *, actor_id: int | None = None, why: bool = False, limit: int = 50
) -> Row:
    """Everything about one actor (by name, or by ``actor_id``): names seen, roles, first/last seen, events on a
    timeline, claims by and about it."""
    if actor_id is not None:
        actor_id, key, canonical = store.actor_by_id(actor_id)
    else:
        actor_id, key, canonical = store.find_actor(name or "")
    ents = select(Entity.id).where(Entity.actor_id == actor_id)
    with store.engine.connect() as conn:
        head = conn.execute(
            select(Actor.name, Actor.type, Actor.country, Actor.kb_id).where(Actor.id == actor_id)
        ).one()
        names = conn.execute(
            select(Entity.name, func.count().label("articles"))
            .where(Entity.actor_id == actor_id)
            .group_by(Entity.name)
            .order_by(func.count().desc(), func.min(Entity.id))
        ).all()
        spellings = conn.execute(
            select(Mention.text, func.count().label("n"))
            .where(Mention.entity_id.in_(ents))
            .group_by(Mention.text)
            .order_by(func.count().desc(), func.min(Mention.id))
        ).all()
        roles: dict[str, int] = {}
        for (raw,) in conn.execute(select(Entity.roles).where(Entity.actor_id == actor_id)):
            for role in json.loads(raw or "[]"):
                roles[role] = roles.get(role, 0) + 1
        seen = conn.execute(
            select(func.min(Document.published), func.max(Document.published), func.count(func.distinct(Document.id)))
            .join(Entity, Entity.document_id == Document.id)
            .where(Entity.actor_id == actor_id)
        ).one()
        out: Row = {
            "id": actor_id,
            "name": head.name,
            "key": key,
            "type": head.type,
            "country": head.country,
            "kb_id": head.kb_id,
            "articles": seen[2],
            "first_seen": seen[0],
            "last_seen": seen[1],
            "names": [{"name": n, "articles": c} for n, c in names],
            "spellings": [{"text": t, "mentions": c} for t, c in spellings],
            "roles": sorted(roles, key=lambda r: (-roles[r], r)),
        }
        if why:
            links = conn.execute(
                select(Entity.name, Entity.link, func.count().label("n"))
                .where(Entity.actor_id == actor_id)
                .group_by(Entity.name, Entity.link)
                .order_by(func.count().desc(), func.min(Entity.id))
            ).all()
            out["why"] = [{"name": n, "reason": r, "articles": c} for n, r, c in links]
    out["events"] = events(store, Filters(actor=canonical, limit=limit), actor_id=actor_id)
    out["claims_by"] = claims(store, Filters(limit=limit), by_actor=actor_id)
    out["claims_about"] = claims(store, Filters(limit=limit), about_actor=actor_id)
    return out


def claims(store: Store, f: Filters, *, by_actor: int | None = None, about_actor: int | None = None) -> list[Row]:
    """Attributed statements with their chain: outlet -> via -> source."""
    people = _ClaimPeople()
    src, src_actor, via_actor = people.src, people.src_actor, people.via_actor
    q = (
        select(
            Document.published,
            Document.outlet,
            via_actor.name.label("via"),
            Attribution.source_text.label("source"),
            src_actor.name.label("source_actor"),
            Attribution.source_kind,
            Attribution.cue,
            Attribution.content,
            Attribution.direct,
            Document.doc_id,
            Attribution.local_id.label("attribution"),
            Document.id.label("document"),
            src_actor.id.label("source_actor_id"),
            via_actor.id.label("via_actor_id"),
        )
        .join(Document, Document.id == Attribution.document_id)
        .order_by(Document.published.desc(), Document.id, Attribution.id)
    )
    q = people.join(q)
    if f.actor and by_actor is None and about_actor is None:
        by_actor, _, _ = store.find_actor(f.actor)
    if by_actor is not None:
        q = q.where(src.actor_id == by_actor)
    if about_actor is not None:
        inside = (
            select(Mention.id)
            .join(Entity, Entity.id == Mention.entity_id)
            .where(
                Entity.actor_id == about_actor,
                Entity.document_id == Attribution.document_id,
                Mention.start >= Attribution.content_start,
                Mention.end <= Attribution.content_end,
            )
            .exists()
        )
        q = q.where(inside)
    if f.source_kind:
        q = q.where(Attribution.source_kind == f.source_kind)
    if f.named_only:
        q = q.where(Attribution.source_kind != "anonymous")
    if f.text:
        q = q.where(func.lower(Attribution.content).contains(f.text.lower()))
    q = document_filters(q, f)
    return _rows(store, q.limit(f.limit) if f.limit else q)


def events(store: Store, f: Filters, *, actor_id: int | None = None) -> list[Row]:
    """Events, newest first, with both actors as resolved across articles."""
    j = _EventJoins()
    q = select(
        Event.date,  # None where the text gives none: the article's publication date is a column of its own
        Event.type,
        Event.mode,
        j.sa.name.label("source"),
        j.ta.name.label("target"),
        Event.place,
        Event.country,
        Event.lat,
        Event.lon,
        Event.status,
        Event.trigger,
        Event.evidence,
        Event.confidence,
        Document.outlet,
        Document.published,
        Document.doc_id,
        Event.local_id.label("event"),
        Document.id.label("document"),
        j.sa.id.label("source_actor_id"),
        j.ta.id.label("target_actor_id"),
    )
    return _rows(store, j.apply(store, q, f, actor_id))


def event_details(store: Store, f: Filters, *, actor_id: int | None = None) -> list[Row]:
    """Events with everything an export needs: both actors (name, type, country, KB id, the article's own
    name for them), the place, the article, and the attribution an event was reported in."""
    j = _EventJoins()
    people = _ClaimPeople()
    loc = aliased(Entity)
    q = (
        select(
            j.when.label("date"),
            Event.date.label("event_date"),
            Event.date_text,
            Event.type,
            Event.mode,
            Event.status,
            Event.confidence,
            Event.trigger,
            Event.evidence,
            Event.local_id.label("event"),
            j.sa.id.label("source_actor_id"),
            j.sa.name.label("source"),
            j.sa.type.label("source_type"),
            j.sa.country.label("source_country"),
            j.sa.kb_id.label("source_kb_id"),
            j.se.name.label("source_as_written"),
            j.ta.id.label("target_actor_id"),
            j.ta.name.label("target"),
            j.ta.type.label("target_type"),
            j.ta.country.label("target_country"),
            j.ta.kb_id.label("target_kb_id"),
            j.te.name.label("target_as_written"),
            loc.name.label("location"),
            Event.place,
            Event.country,
            Event.lat,
            Event.lon,
            Document.doc_id,
            Document.title,
            Document.outlet,
            Document.url,
            Document.published,
            Attribution.local_id.label("attribution"),
            Attribution.source_text.label("claim_source"),
            people.src_actor.name.label("claim_source_actor"),
            Attribution.source_kind.label("claim_source_kind"),
            people.via_actor.name.label("claim_via"),
            Attribution.cue.label("claim_cue"),
        )
        .outerjoin(loc, loc.id == Event.location_entity_id)
        .outerjoin(Attribution, Attribution.id == Event.attribution_id)
    )
    return _rows(store, j.apply(store, people.join(q), f, actor_id))


class _ClaimPeople:
    """Who a claim comes from and who relayed it, as actors across articles (outer joins: either may lack one)."""

    def __init__(self) -> None:
        self.src, self.src_actor = aliased(Entity), aliased(Actor)
        self.via, self.via_actor = aliased(Entity), aliased(Actor)

    def join(self, q: Select) -> Select:
        return (
            q.outerjoin(self.src, self.src.id == Attribution.source_entity_id)
            .outerjoin(self.src_actor, self.src_actor.id == self.src.actor_id)
            .outerjoin(self.via, self.via.id == Attribution.via_entity_id)
            .outerjoin(self.via_actor, self.via_actor.id == self.via.actor_id)
        )


class _EventJoins:
    """The joins and filters every event query shares: its article, and both actors across articles."""

    def __init__(self) -> None:
        self.se, self.sa = aliased(Entity), aliased(Actor)
        self.te, self.ta = aliased(Entity), aliased(Actor)
        self.when = func.coalesce(Event.date, Document.published)

    def apply(self, store: Store, q: Select, f: Filters, actor_id: int | None) -> Select:
        q = (
            q.select_from(Event)
            .join(Document, Document.id == Event.document_id)
            .outerjoin(self.se, self.se.id == Event.source_entity_id)
            .outerjoin(self.sa, self.sa.id == self.se.actor_id)
            .outerjoin(self.te, self.te.id == Event.target_entity_id)
            .outerjoin(self.ta, self.ta.id == self.te.actor_id)
            .order_by(self.when.desc(), Document.id, Event.id)
        )
        if f.actor and actor_id is None:
            actor_id, _, _ = store.find_actor(f.actor)
        if actor_id is not None:
            q = q.where(or_(self.se.actor_id == actor_id, self.te.actor_id == actor_id))
        if f.type:
            q = q.where(Event.type == f.type.upper())
        if f.status:
            q = q.where(Event.status == f.status.lower())
        if f.country:
            q = q.where(Event.country == f.country.upper())
        if f.place:
            q = q.where(func.lower(Event.place).contains(f.place.lower()))
        if f.date_from:
            q = q.where(func.coalesce(Event.date_to, Document.published) >= f.date_from)
        if f.date_to:
            q = q.where(func.coalesce(Event.date_from, Document.published) <= f.date_to)
        if f.outlet:
            q = q.where(func.lower(Document.outlet) == f.outlet.lower())
        if f.text:
            q = q.where(func.lower(Event.evidence).contains(f.text.lower()))
        if f.min_confidence is not None:
            q = q.where(Event.confidence >= f.min_confidence)
        return q.limit(f.limit) if f.limit else q


def search(store: Store, query: str, *, limit: int = 20) -> list[Row]:
    """Articles matching words of ``query`` (full text: SQLite FTS5, PostgreSQL tsvector), best first."""
    words = re.findall(r"\w+", query)
    if not words:
        return []
    cols = "d.id, d.doc_id, d.title, d.outlet, d.published"
    if store.dialect == "sqlite":
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        sql = text(
            f"SELECT {cols}, snippet(documents_fts, 1, '[', ']', '…', 14) AS snippet"
            " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
            " WHERE documents_fts MATCH :q ORDER BY bm25(documents_fts), d.id LIMIT :n"
        )
        params: dict[str, Any] = {"q": match, "n": limit}
    elif store.dialect == "postgresql":
        doc = "to_tsvector('english', coalesce(d.title, '') || ' ' || d.text)"
        sql = text(
            f"SELECT {cols}, ts_headline('english', d.text, q, 'StartSel=[,StopSel=],MaxWords=18,MinWords=8')"
            f" AS snippet FROM documents d, plainto_tsquery('english', :q) q WHERE {doc} @@ q"
            f" ORDER BY ts_rank({doc}, q) DESC, d.id LIMIT :n"
        )
        params = {"q": " ".join(words), "n": limit}
    else:
        like = select(
            Document.id, Document.doc_id, Document.title, Document.outlet, Document.published, literal("").label("s")
        )
        sql = like.where(and_(*[Document.text.contains(w) for w in words])).limit(limit)
        params = {}
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sql, params)]


def documents(store: Store, *, outlet: str | None = None, limit: int | None = 50, offset: int = 0) -> list[Row]:
    """Stored articles, newest first, with how much was found in each."""
    counts = {
        name: select(func.count()).where(table.document_id == Document.id).scalar_subquery()
        for name, table in (("entities", Entity), ("attributions", Attribution), ("events", Event))
    }
    q = select(
        Document.id,
        Document.doc_id,
        Document.title,
        Document.outlet,
        Document.published,
        Document.url,
        *[c.label(name) for name, c in counts.items()],
    ).order_by(Document.published.desc(), Document.id.desc())
    if outlet:
        q = q.where(func.lower(Document.outlet) == outlet.lower())
    q = q.offset(offset)
    return _rows(store, q.limit(limit) if limit else q)


def document(store: Store, document_id: int) -> Row:
    """One stored article: its khabar.record/1 as ingested, and the actor each of its entities belongs to."""
    with store.engine.connect() as conn:
        row = conn.execute(
            select(Document.id, Document.record, Document.origin).where(Document.id == document_id)
        ).first()
        if row is None:
            raise StoreError(f"no document with id {document_id} in the store")
        actors_of = dict(
            conn.execute(select(Entity.local_id, Entity.actor_id).where(Entity.document_id == document_id)).all()
        )
    return {"id": row.id, "origin": row.origin, "record": json.loads(row.record), "actors": actors_of}


def related(store: Store, actor_id: int, *, limit: int = 20) -> list[Row]:
    """The actors this one acts on or is acted on by, and those it names in its claims, most frequent first."""
    se, te = aliased(Entity), aliased(Entity)
    counts: dict[int, dict[str, int]] = {}
    with store.engine.connect() as conn:
        pairs = conn.execute(
            select(se.actor_id, te.actor_id)
            .select_from(Event)
            .join(se, se.id == Event.source_entity_id)
            .join(te, te.id == Event.target_entity_id)
            .where(or_(se.actor_id == actor_id, te.actor_id == actor_id))
        ).all()
        for a, b in pairs:
            other = b if a == actor_id else a
            if other is not None and other != actor_id:
                counts.setdefault(other, {"events": 0, "claims": 0})["events"] += 1
        speaker, named = aliased(Entity), aliased(Entity)
        claimed = conn.execute(
            select(named.actor_id, func.count(func.distinct(Attribution.id)))
            .select_from(Attribution)
            .join(speaker, speaker.id == Attribution.source_entity_id)
            .join(named, named.document_id == Attribution.document_id)
            .join(Mention, Mention.entity_id == named.id)
            .where(
                speaker.actor_id == actor_id,
                named.actor_id != actor_id,
                Mention.start >= Attribution.content_start,
                Mention.end <= Attribution.content_end,
            )
            .group_by(named.actor_id)
        ).all()
        for other, n in claimed:
            if other is not None:
                counts.setdefault(other, {"events": 0, "claims": 0})["claims"] += n
        names = {
            r.id: r
            for r in conn.execute(
                select(Actor.id, Actor.name, Actor.type, Actor.country).where(Actor.id.in_(list(counts) or [-1]))
            )
        }
    rows = [
        {"id": i, "name": names[i].name, "type": names[i].type, "country": names[i].country, **c}
        for i, c in counts.items()
        if i in names
    ]
    rows.sort(key=lambda r: (-(r["events"] + r["claims"]), r["id"]))
    return rows[:limit]


def stats(store: Store) -> Row:
    """What the store holds."""
    with store.engine.connect() as conn:

        def one(q):
            return conn.execute(q).scalar_one()

        def by(col, table):
            rows = conn.execute(
                select(col, func.count()).select_from(table).group_by(col).order_by(func.count().desc(), col)
            )
            return {str(k): v for k, v in rows}

        return {
            "articles": one(select(func.count()).select_from(Document)),
            "outlets": one(select(func.count(func.distinct(Document.outlet)))),
            "first_published": one(select(func.min(Document.published))),
            "last_published": one(select(func.max(Document.published))),
            "actors": one(select(func.count(func.distinct(Entity.actor_id)))),
            "entities": one(select(func.count()).select_from(Entity)),
            "mentions": one(select(func.count()).select_from(Mention)),
            "attributions": one(select(func.count()).select_from(Attribution)),
            "events": one(select(func.count()).select_from(Event)),
            "actors_by_type": by(Actor.type, Actor),
            "claims_by_source_kind": by(Attribution.source_kind, Attribution),
            "events_by_type": by(Event.type, Event),
            "events_by_status": by(Event.status, Event),
        }


def document_filters(q: Select, f: Filters) -> Select:
    """``q`` (which joins Document) limited to the articles the filters' outlet and dates choose."""
    if f.outlet:
        q = q.where(func.lower(Document.outlet) == f.outlet.lower())
    if f.date_from:
        q = q.where(Document.published >= f.date_from)
    if f.date_to:
        q = q.where(Document.published <= f.date_to)
    return q


def _rows(store: Store, q: Select, drop: tuple[str, ...] = ()) -> list[Row]:
    with store.engine.connect() as conn:
        out = []
        for r in conn.execute(q):
            row = {k: v for k, v in r._mapping.items() if k not in drop}
            for k, v in row.items():
                if isinstance(v, float):
                    row[k] = round(v, 4)
                elif v is not None and not isinstance(v, (str, int, bool)):
                    row[k] = int(v) if hasattr(v, "__int__") else str(v)
            out.append(row)
        return out
