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
from khabar.store.models import Attribution, Document, Entity, Mention
from khabar.store.queries import Filters, actors, document_filters, event_details


def graph(store: Store, f: Filters) -> nx.DiGraph:
    g = nx.DiGraph(name="khabar actor network")
    known = {a["id"]: a for a in actors(store, limit=None, with_id=True)}

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

    for e in event_details(store, Filters(**{**f.__dict__, "limit": None})):
        if e["source_actor_id"] is not None and e["target_actor_id"] is not None:
            data = edge(e["source_actor_id"], e["target_actor_id"])
            data["events"] += 1
            data[e["type"]] += 1
            data["weight"] += 1
    for src, dst, n in claims_between(store, f):
        data = edge(src, dst)
        data["claims"] += n
        data["weight"] += n
    return g


def claims_between(store: Store, f: Filters) -> list[tuple[int, int, int]]:
    """(speaker actor, named actor, claims): how often an actor's statements name another actor."""
    speaker, named = aliased(Entity), aliased(Entity)
    q = (
        select(speaker.actor_id, named.actor_id, func.count(func.distinct(Attribution.id)))
        .join(speaker, speaker.id == Attribution.source_entity_id)
        .join(Document, Document.id == Attribution.document_id)
        .join(named, named.document_id == Attribution.document_id)
        .join(Mention, Mention.entity_id == named.id)
        .where(
            Mention.start >= Attribution.content_start,
            Mention.end <= Attribution.content_end,
            named.actor_id != speaker.actor_id,
        )
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
