"""The store as Parquet tables for pandas, polars and DuckDB: ``documents``, ``actors``, ``entities``,
``mentions``, ``attributions`` and ``events``, one file each in the output folder, with the store's
own columns and ids, so they join as they do in the database. Document filters (outlet, date range)
choose the articles; the other tables hold what belongs to them."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Boolean, DateTime, Float, Integer, select

from khabar.store import Store
from khabar.store.models import Actor, Attribution, Document, Entity, Event, Mention
from khabar.store.queries import Filters, document_filters

TABLES = (Document, Actor, Entity, Mention, Attribution, Event)
SKIP = {"documents": {"record"}}  # the record JSON repeats what the other tables hold


def _arrow_type(column) -> pa.DataType:
    t = column.type
    if isinstance(t, Boolean):
        return pa.bool_()
    if isinstance(t, Integer):
        return pa.int64()
    if isinstance(t, Float):
        return pa.float64()
    if isinstance(t, DateTime):
        return pa.timestamp("us")
    return pa.string()


def write(store: Store, f: Filters, out: Path) -> int:
    out.mkdir(exist_ok=True)
    docs = select(Document.id)
    docs = document_filters(docs, f)
    ents = select(Entity.id).where(Entity.document_id.in_(docs))
    chosen = {
        Document: Document.id.in_(docs),
        Actor: Actor.id.in_(select(Entity.actor_id).where(Entity.document_id.in_(docs))),
        Entity: Entity.document_id.in_(docs),
        Mention: Mention.entity_id.in_(ents),
        Attribution: Attribution.document_id.in_(docs),
        Event: Event.document_id.in_(docs),
    }
    total = 0
    with store.engine.connect() as conn:
        for model in TABLES:
            table = model.__table__
            cols = [c for c in table.columns if c.name not in SKIP.get(table.name, set())]
            schema = pa.schema([pa.field(c.name, _arrow_type(c), nullable=True) for c in cols])
            rows = conn.execute(select(*cols).where(chosen[model]).order_by(table.c.id)).all()
            data = {c.name: [r[i] for r in rows] for i, c in enumerate(cols)}
            pq.write_table(pa.Table.from_pydict(data, schema=schema), out / f"{table.name}.parquet")
            total += len(rows)
    return total
