"""The actor network as GraphML or GEXF, for Gephi: nodes are actors (with type, country, mentions),
edges go from the actor doing something to the actor it is done to.

An edge carries ``events`` (how many events of any type), one count per PLOVER type (``ASSAULT``,
``ACCUSE`` ...), ``claims`` (statements the source actor made that name the target actor) and
``weight`` (events + claims), so Gephi can size, filter and colour by any of them."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from khabar.record import EVENT_TYPES
from khabar.store import Store
from khabar.store.models import Attribution, ClaimName, Document, Entity
from khabar.store.queries import Filters, actors, document_filters, events_query


def graph(store: Store, f: Filters, *, claims: bool = True) -> nx.DiGraph:
    """The network of the events ``f`` chooses (and, with ``claims``, of who names whom in statements)."""
    g = nx.DiGraph(name="khabar actor network")
    pairs = event_pairs(store, f)
    said = claims_between(store, f) if claims else []
    ids = {a for a, _b, _t, _n in pairs} | {b for _a, b, _t, _n in pairs} | {a for a, _b, _n in said}
    ids |= {b for _a, b, _n in said}
    known = {a["id"]: a for a in actors(store, limit=None, with_id=True, only=sorted(ids))} if ids else {}

    def node(actor_id: int) -> str:
        key = f"a{actor_id}"
        if key not in g:
            a = known.get(actor_id, {})
            g.add_node(
                key,
                label=a.get("name", key),
                type=a.get("type") or "OTHER",
                country=a.get("country") or "",
                kb_id=a.get("kb_id") or "",
                mentions=int(a.get("mentions") or 0),
                articles=int(a.get("articles") or 0),
            )
        return key

    def edge(src: int, dst: int) -> dict:
        s, t = node(src), node(dst)
        if not g.has_edge(s, t):
            g.add_edge(s, t, weight=0, events=0, claims=0, **{k: 0 for k in EVENT_TYPES})
        return g.edges[s, t]

    for src, dst, kind, n in pairs:
        data = edge(src, dst)
        data["events"] += n
        data[kind] += n
        data["weight"] += n
    for src, dst, n in said:
        data = edge(src, dst)
        data["claims"] += n
        data["weight"] += n
    return g


def event_pairs(store: Store, f: Filters) -> list[tuple[int, int, str, int]]:
    """(source actor, target actor, event type, events) for the events ``f`` chooses, counted in the database."""
    inner = events_query(store, Filters(**{**f.__dict__, "limit": None, "offset": 0, "sort": None}))
    sq = inner.order_by(None).subquery()
    q = (
        select(sq.c.source_actor_id, sq.c.target_actor_id, sq.c.type, func.count())
        .where(sq.c.source_actor_id.is_not(None), sq.c.target_actor_id.is_not(None))
        .group_by(sq.c.source_actor_id, sq.c.target_actor_id, sq.c.type)
        .order_by(sq.c.source_actor_id, sq.c.target_actor_id, sq.c.type)
    )
    with store.engine.connect() as conn:
        return [(a, b, t, n) for a, b, t, n in conn.execute(q)]


def as_json(g: nx.DiGraph, *, top: int | None = None) -> dict:
    """The graph as nodes and edges (what the API gives); ``top``: only the actors with the most events and
    claims on their edges, and the edges among them."""
    keep = None
    if top is not None:
        strength = dict(g.degree(weight="weight"))
        keep = set(sorted(strength, key=lambda n: (-strength[n], n))[:top])
    return {
        "nodes": [{"id": n, **d} for n, d in g.nodes(data=True) if keep is None or n in keep],
        "edges": [
            {"source": a, "target": b, **d}
            for a, b, d in g.edges(data=True)
            if keep is None or (a in keep and b in keep)
        ],
    }


def claims_between(store: Store, f: Filters) -> list[tuple[int, int, int]]:
    """(speaker actor, named actor, claims): how often an actor's statements name another actor."""
    speaker, named = aliased(Entity), aliased(Entity)
    q = (
        select(speaker.actor_id, named.actor_id, func.count(func.distinct(Attribution.id)))
        .join(speaker, speaker.id == Attribution.source_entity_id)
        .join(Document, Document.id == Attribution.document_id)
        .join(ClaimName, ClaimName.attribution_id == Attribution.id)
        .join(named, named.id == ClaimName.entity_id)
        .where(named.actor_id != speaker.actor_id)
        .group_by(speaker.actor_id, named.actor_id)
        .order_by(speaker.actor_id, named.actor_id)
    )
    q = document_filters(q, f)
    with store.engine.connect() as conn:
        return [(a, b, n) for a, b, n in conn.execute(q) if a is not None and b is not None]


def write(store: Store, f: Filters, out: Path, fmt: str = "graphml") -> int:
    g = graph(store, f)
    if fmt == "gexf":
        nx.write_gexf(g, out)
    else:
        nx.write_graphml(g, out)
    return g.number_of_edges()
