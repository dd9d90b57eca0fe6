"""The questions analysts ask of the store, as rows (dicts) any front end can show: CLI tables, JSON, CSV, API."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, or_, select, text
from sqlalchemy.orm import aliased

from khabar.store.db import StoreError
from khabar.store.models import Actor, Attribution, ClaimName, Document, Entity, Event, Mention
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
    document: int | None = None  # only this article (its store id)
    with_actor_country: bool = False  # events: ``country`` also takes events whose actors belong to it
    limit: int | None = 50
    offset: int = 0
    sort: str | None = None  # one of the list's sortable columns; a leading '-' sorts descending


def actors(
    store: Store, *, type: str | None = None, country: str | None = None, limit: int | None = 50, with_id: bool = False,
    offset: int = 0, sort: str | None = None, name: str | None = None, only: list[int] | None = None,
) -> list[Row]:  # fmt: skip
    """Actors by how often they are mentioned, with their span in time; ``only``: just the actors of these ids."""
    rows = actor_list(store, type=type, country=country, sort=sort, name=name, only=only)
    rows = rows[offset : offset + limit if limit else None]
    return [{k: v for k, v in r.items() if with_id or k != "id"} for r in rows]  # copies: the table is shared


def actor_table(store: Store) -> list[Row]:
    """Every actor with its mentions, articles and span in time, most mentioned first: one pass over the
    entities, kept until the store changes."""
    return store.memo("actor-table", lambda: _rows(store, actors_query()))


NONE = "(none)"  # a filter value asking for the rows without one: no outlet, no country


def _outlet_is(q: Select, outlet: str) -> Select:
    if outlet == NONE:
        return q.where(Document.outlet.is_(None))
    return q.where(func.lower(Document.outlet) == outlet.lower())


def actor_list(
    store: Store, *, type: str | None = None, country: str | None = None, sort: str | None = None,
    name: str | None = None, ids: list[int] | None = None, only: list[int] | None = None,
) -> list[Row]:  # fmt: skip
    """The actors list from ``actor_table``: of a ``type`` and ``country``; ``name``: names containing it, and the
    actors of ``ids`` too; ``only``: just these ids; ``sort``: one of ``ACTOR_SORTS`` (a leading '-': descending,
    rows without a value last), else most mentioned first."""
    rows = actor_table(store)
    if type:
        rows = [r for r in rows if r["type"] == type.upper()]
    if country:
        code = None if country == NONE else country.upper()
        rows = [r for r in rows if r["country"] == code]
    if name:
        also, needle = set(ids or ()), name.casefold()
        rows = [r for r in rows if needle in r["name"].casefold() or r["id"] in also]
    if only is not None:
        keep = set(only)
        rows = [r for r in rows if r["id"] in keep]
    if sort:
        key = sort.removeprefix("-")
        if key not in ACTOR_SORTS:
            raise StoreError(f"cannot sort by {key!r}: one of {', '.join(ACTOR_SORTS)}")
        present = sorted((r for r in rows if r[key] is not None), key=lambda r: r["id"])
        present.sort(key=lambda r: r[key].casefold() if isinstance(r[key], str) else r[key],
                     reverse=sort.startswith("-"))  # fmt: skip
        rows = present + [r for r in rows if r[key] is None]
    return rows


ACTOR_SORTS = ("name", "type", "country", "mentions", "articles", "first_seen", "last_seen")


def actors_query() -> Select:
    """Every actor with its counts, most mentioned first: what ``actor_table`` keeps (filters and sorting are
    ``actor_list``'s)."""
    return (
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


def actor(
    store: Store, name: str | None = None, *, actor_id: int | None = None, why: bool = False, limit: int = 50,
    lists: bool = True,
) -> Row:  # fmt: skip
    """Everything about one actor (by name, or by ``actor_id``): names seen, roles, first/last seen, and (with
    ``lists``) its events and the claims by and about it, ``limit`` of each."""
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
        held = select(Entity.roles, func.count()).where(Entity.actor_id == actor_id).group_by(Entity.roles)
        for raw, n in conn.execute(held):  # each list of roles once, however many articles carry it
            for role in json.loads(raw or "[]"):
                roles[role] = roles.get(role, 0) + n
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
    if lists:
        out["events"] = events(store, Filters(actor=canonical, limit=limit), actor_id=actor_id)
        out["claims_by"] = claims(store, Filters(limit=limit), by_actor=actor_id)
        out["claims_about"] = claims(store, Filters(limit=limit), about_actor=actor_id)
    return out


MENTION_SORTS = ("published", "outlet", "title")


def mentions_query(actor_id: int, *, context: int = 70, sort: str | None = None) -> Select:
    """Every mention of the actor, article by article (newest first, or by ``sort``: one of
    ``MENTION_SORTS``), each with the text around it."""
    first = case((Mention.start > context, Mention.start - context), else_=0)
    q = (
        select(
            Document.id.label("document"),
            Document.title,
            Document.doc_id,
            Document.outlet,
            Document.published,
            Mention.text,
            Mention.start,
            Mention.end,
            first.label("snippet_start"),
            func.substr(Document.text, first + 1, Mention.end - first + context).label("snippet"),
        )
        .select_from(Mention)
        .join(Entity, Entity.id == Mention.entity_id)
        .join(Document, Document.id == Entity.document_id)
        .where(Entity.actor_id == actor_id)
        .order_by(Document.published.desc().nulls_last(), Document.id.desc(), Mention.start)
    )
    return _sorted(q, sort, MENTION_SORTS, (Document.id.desc(), Mention.start))


def mentions(store: Store, actor_id: int, *, limit: int | None = 50, offset: int = 0) -> list[Row]:
    """A window of ``mentions_query``: where the article names the actor (``start``/``end`` in its text) and
    the words around it (``snippet``, which starts at character ``snippet_start``)."""
    return _rows(store, _window(mentions_query(actor_id), limit, offset))


def claims(store: Store, f: Filters, *, by_actor: int | None = None, about_actor: int | None = None) -> list[Row]:
    """Attributed statements with their chain: outlet -> via -> source."""
    return _rows(store, _window(claims_query(store, f, by_actor=by_actor, about_actor=about_actor), f.limit, f.offset))


CLAIM_SORTS = ("published", "outlet", "source", "source_kind", "cue")


def claims_naming(actor_id: int) -> Select:
    """The ids of the claims whose content names the actor (one of its mentions lies inside the content): the
    claim names worked out when each article was stored, found through the actor's entities by index."""
    return (
        select(ClaimName.attribution_id)
        .join(Entity, Entity.id == ClaimName.entity_id)
        .where(Entity.actor_id == actor_id)
        .distinct()
    )


def claims_query(
    store: Store, f: Filters, *, by_actor: int | None = None, about_actor: int | None = None, tally: bool = False
) -> Select:
    """The claims list as a query, without its window (limit, offset); ``tally``: the same rows with just what
    their counts and facets need (source kind, outlet), without the joins that name the people."""
    if tally:
        q = select(Attribution.source_kind, Document.outlet).join(Document, Document.id == Attribution.document_id)
        return _claim_filters(store, q, f, by_actor, about_actor)
    people = _ClaimPeople()
    src_actor, via_actor = people.src_actor, people.via_actor
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
    q = _claim_filters(store, people.join(q), f, by_actor, about_actor)
    return _sorted(q, f.sort, CLAIM_SORTS, (Document.id, Attribution.id))


def _claim_filters(store: Store, q: Select, f: Filters, by_actor: int | None, about_actor: int | None) -> Select:
    if f.actor and by_actor is None and about_actor is None:
        by_actor, _, _ = store.find_actor(f.actor)
    if by_actor is not None:
        q = q.where(Attribution.source_entity_id.in_(select(Entity.id).where(Entity.actor_id == by_actor)))
    if about_actor is not None:
        q = q.where(Attribution.id.in_(claims_naming(about_actor)))
    if f.source_kind:
        q = q.where(Attribution.source_kind == f.source_kind)
    if f.named_only:
        q = q.where(Attribution.source_kind != "anonymous")
    if f.text:
        q = q.where(func.lower(Attribution.content).contains(f.text.lower()))
    return document_filters(q, f)


def events(store: Store, f: Filters, *, actor_id: int | None = None) -> list[Row]:
    """Events, newest first, with both actors as resolved across articles."""
    return _rows(store, _window(events_query(store, f, actor_id=actor_id), f.limit, f.offset))


EVENT_SORTS = ("date", "type", "status", "source", "target", "place", "outlet", "published", "confidence")


def events_query(store: Store, f: Filters, *, actor_id: int | None = None, tally: bool = False) -> Select:
    """The events list as a query, without its window (limit, offset); ``tally``: the same rows with just what
    their counts and facets need (type, status, outlet, country), joining the actors only where a filter asks."""
    j = _EventJoins()
    if tally:
        q = select(Event.type, Event.status, Document.outlet, Event.country)
        return j.apply(store, q, f, actor_id, actors=bool(f.country and f.with_actor_country))
    q = select(
        Event.date,  # None where the text gives none: the article's publication date is a column of its own
        Event.date_from,
        Event.date_to,
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
        Document.title,
        Event.local_id.label("event"),
        Document.id.label("document"),
        j.sa.id.label("source_actor_id"),
        j.ta.id.label("target_actor_id"),
    )
    return _sorted(j.apply(store, q, f, actor_id), f.sort, EVENT_SORTS, (Document.id, Event.id))


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
    return _rows(store, _window(j.apply(store, people.join(q), f, actor_id), f.limit, f.offset))


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

    def apply(self, store: Store, q: Select, f: Filters, actor_id: int | None, *, actors: bool = True) -> Select:
        q = (
            q.select_from(Event)
            .join(Document, Document.id == Event.document_id)
            .order_by(self.when.desc(), Document.id, Event.id)
        )
        if actors:
            q = (
                q.outerjoin(self.se, self.se.id == Event.source_entity_id)
                .outerjoin(self.sa, self.sa.id == self.se.actor_id)
                .outerjoin(self.te, self.te.id == Event.target_entity_id)
                .outerjoin(self.ta, self.ta.id == self.te.actor_id)
            )
        if f.actor and actor_id is None:
            actor_id, _, _ = store.find_actor(f.actor)
        if actor_id is not None:  # through its entities, found by index
            mine = select(Entity.id).where(Entity.actor_id == actor_id)
            q = q.where(or_(Event.source_entity_id.in_(mine), Event.target_entity_id.in_(mine)))
        if f.type:
            q = q.where(Event.type == f.type.upper())
        if f.status:
            q = q.where(Event.status == f.status.lower())
        if f.country == NONE:
            q = q.where(Event.country.is_(None))
        elif f.country and f.with_actor_country:
            code = f.country.upper()
            q = q.where(or_(Event.country == code, self.sa.country == code, self.ta.country == code))
        elif f.country:
            q = q.where(Event.country == f.country.upper())
        if f.place:
            q = q.where(func.lower(Event.place).contains(f.place.lower()))
        if f.date_from:
            q = q.where(func.coalesce(Event.date_to, Document.published) >= f.date_from)
        if f.date_to:
            q = q.where(func.coalesce(Event.date_from, Document.published) <= f.date_to)
        if f.outlet:
            q = _outlet_is(q, f.outlet)
        if f.text:
            q = q.where(func.lower(Event.evidence).contains(f.text.lower()))
        if f.min_confidence is not None:
            q = q.where(Event.confidence >= f.min_confidence)
        if f.document is not None:
            q = q.where(Document.id == f.document)
        return q


SEARCH_SORTS = ("published", "title", "outlet")


def _search_order(sort: str | None) -> str:
    """An ORDER BY head for ``sort`` (a column of ``SEARCH_SORTS``, '-' for descending; rows without one last),
    or '' for the best matches first."""
    if not sort:
        return ""
    name = sort.removeprefix("-")
    if name not in SEARCH_SORTS:
        raise StoreError(f"cannot sort by {name!r}: one of {', '.join(SEARCH_SORTS)}")
    col = f"lower(d.{name})" if name != "published" else "d.published"
    return f"d.{name} IS NULL, {col} {'DESC' if sort.startswith('-') else 'ASC'}, "


def search(store: Store, query: str, *, limit: int = 20, offset: int = 0, sort: str | None = None) -> list[Row]:
    """Articles matching words of ``query`` (full text: SQLite FTS5, PostgreSQL tsvector), best first or by
    ``sort`` (one of ``SEARCH_SORTS``)."""
    order = _search_order(sort)
    words = re.findall(r"\w+", query)
    if not words:
        return []
    cols = "d.id, d.doc_id, d.title, d.outlet, d.published"
    params: dict[str, Any] = {"n": limit, "skip": offset}
    if store.dialect == "sqlite":
        sql = text(
            f"SELECT {cols}, snippet(documents_fts, 1, '[', ']', '…', 14) AS snippet"
            f" FROM {_FTS_MATCH} ORDER BY {order}bm25(documents_fts), d.id LIMIT :n OFFSET :skip"
        )
        params["q"] = _fts_words(words)
    elif store.dialect == "postgresql":
        sql = text(
            f"SELECT {cols}, ts_headline('english', d.text, q, 'StartSel=[,StopSel=],MaxWords=18,MinWords=8')"
            f" AS snippet FROM {_PG_MATCH} ORDER BY {order}ts_rank({_PG_DOC}, q) DESC, d.id LIMIT :n OFFSET :skip"
        )
        params["q"] = " ".join(words)
    else:
        like = select(
            Document.id, Document.doc_id, Document.title, Document.outlet, Document.published, literal("").label("s")
        )
        sql = like.where(and_(*[Document.text.contains(w) for w in words])).limit(limit).offset(offset)
        params = {}
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sql, params)]


_FTS_MATCH = "documents_fts JOIN documents d ON d.id = documents_fts.rowid WHERE documents_fts MATCH :q"
_PG_DOC = "to_tsvector('english', coalesce(d.title, '') || ' ' || d.text)"
_PG_MATCH = f"documents d, plainto_tsquery('english', :q) q WHERE {_PG_DOC} @@ q"


def _fts_words(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def search_count(store: Store, query: str) -> int:
    """How many articles ``search`` finds for ``query`` in all."""
    words = re.findall(r"\w+", query)
    if not words:
        return 0
    if store.dialect == "sqlite":
        sql, params = text(f"SELECT count(*) FROM {_FTS_MATCH}"), {"q": _fts_words(words)}
    elif store.dialect == "postgresql":
        sql, params = text(f"SELECT count(*) FROM {_PG_MATCH}"), {"q": " ".join(words)}
    else:
        return count(store, select(Document.id).where(and_(*[Document.text.contains(w) for w in words])))
    with store.engine.connect() as conn:
        return conn.execute(sql, params).scalar_one()


def documents(
    store: Store, *, outlet: str | None = None, limit: int | None = 50, offset: int = 0, sort: str | None = None
) -> list[Row]:
    """Stored articles, newest first, with how much was found in each."""
    return _rows(store, _window(documents_query(outlet=outlet, sort=sort), limit, offset))


DOCUMENT_SORTS = ("published", "title", "outlet", "entities", "attributions", "events")


def documents_query(*, outlet: str | None = None, sort: str | None = None) -> Select:
    """The articles list as a query, without its window."""
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
        q = _outlet_is(q, outlet)
    return _sorted(q, sort, DOCUMENT_SORTS, (Document.id.desc(),))


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
    return store.memo(f"related:{actor_id}:{limit}", lambda: _related(store, actor_id, limit))


def _related(store: Store, actor_id: int, limit: int) -> list[Row]:
    se, te = aliased(Entity), aliased(Entity)
    mine = select(Entity.id).where(Entity.actor_id == actor_id)  # its entities, found by index
    counts: dict[int, dict[str, int]] = {}
    with store.engine.connect() as conn:
        pairs = conn.execute(
            select(se.actor_id, te.actor_id)
            .select_from(Event)
            .join(se, se.id == Event.source_entity_id)
            .join(te, te.id == Event.target_entity_id)
            .where(or_(Event.source_entity_id.in_(mine), Event.target_entity_id.in_(mine)))
        ).all()
        for a, b in pairs:
            other = b if a == actor_id else a
            if other is not None and other != actor_id:
                counts.setdefault(other, {"events": 0, "claims": 0})["events"] += 1
        named = aliased(Entity)
        claimed = conn.execute(
            select(named.actor_id, func.count(func.distinct(Attribution.id)))
            .select_from(Attribution)
            .join(ClaimName, ClaimName.attribution_id == Attribution.id)
            .join(named, named.id == ClaimName.entity_id)
            .where(Attribution.source_entity_id.in_(mine), named.actor_id != actor_id)
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
    """What the store holds (worked out once for each state of the store)."""
    return store.memo("stats", lambda: _stats(store))


def _stats(store: Store) -> Row:
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
    if f.document is not None:
        q = q.where(Document.id == f.document)
    if f.outlet:
        q = _outlet_is(q, f.outlet)
    if f.date_from:
        q = q.where(Document.published >= f.date_from)
    if f.date_to:
        q = q.where(Document.published <= f.date_to)
    return q


def count(store: Store, q: Select) -> int:
    """How many rows the list query ``q`` gives in all (what a pager shows as its total); kept until the store
    changes, so paging through a list counts it once."""
    inner = q.order_by(None).limit(None).offset(None).subquery()
    total = select(func.count()).select_from(inner)

    def run() -> int:
        with store.engine.connect() as conn:
            return conn.execute(total).scalar_one()

    return store.memo("count:" + _key(store, total), run)


def counted(
    store: Store, q: Select, columns: tuple[str, ...], *, top: int = 30
) -> tuple[int, dict[str, list[tuple[Any, int]]]]:
    """How many rows the list query ``q`` gives, and for each of ``columns`` its values in those rows with how
    many rows carry each, most frequent first (None where a row has no value). One pass over the rows for the
    total and every column (the total is the sum of a column's tallies), kept until the store changes."""
    if not columns:
        return count(store, q), {}
    inner = q.order_by(None).limit(None).offset(None).subquery()
    cols = [inner.c[name] for name in columns]
    grouped = select(*cols, func.count().label("n")).group_by(*cols)

    def run() -> tuple[int, dict[str, list[tuple[Any, int]]]]:
        tallies: dict[str, dict[Any, int]] = {name: {} for name in columns}
        total = 0
        with store.engine.connect() as conn:
            for *values, n in conn.execute(grouped):
                total += n
                for name, v in zip(columns, values, strict=True):
                    tallies[name][v] = tallies[name].get(v, 0) + n
        return total, {
            name: sorted(t.items(), key=lambda kv: (-kv[1], kv[0] is None, str(kv[0])))[:top]
            for name, t in tallies.items()
        }

    return store.memo("facets:" + _key(store, grouped), run)


def _key(store: Store, q: Select) -> str:
    compiled = q.compile(store.engine)
    return f"{compiled}|{sorted((k, repr(v)) for k, v in compiled.params.items())}"


def outlets(store: Store) -> list[str]:
    """Every outlet the store holds articles from, by name."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(Document.outlet).where(Document.outlet.is_not(None)).distinct()).scalars()
        return sorted(rows, key=str.casefold)


def _sorted(q: Select, sort: str | None, allowed: tuple[str, ...], ties: tuple) -> Select:
    """``q`` ordered by the column ``sort`` names (a leading '-': descending), then by ``ties``; rows without a
    value come last either way."""
    if not sort:
        return q
    name = sort.removeprefix("-")
    if name not in allowed:
        raise StoreError(f"cannot sort by {name!r}: one of {', '.join(allowed)}")
    col = next(c for c in q.selected_columns if c.key == name)
    order = col.desc() if sort.startswith("-") else col.asc()
    return q.order_by(None).order_by(order.nulls_last(), *ties)


def rows(store: Store, q: Select, *, limit: int | None = 50, offset: int = 0, drop: tuple[str, ...] = ()) -> list[Row]:
    """One window of the list query ``q``: at most ``limit`` rows after the first ``offset``."""
    return _rows(store, _window(q, limit, offset), drop)


def as_csv(rows: list[Row]) -> str:
    """Rows as CSV with a header line (the columns of the first row; empty text for no rows)."""
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _window(q: Select, limit: int | None, offset: int = 0) -> Select:
    q = q.offset(offset) if offset else q
    return q.limit(limit) if limit else q


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
