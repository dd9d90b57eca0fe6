"""Entities and mentions as FollowTheMoney (FtM) entities, one JSON object per line, for Aleph and
other platforms that speak FtM.

Each stored article is an ``Article``; each actor a ``Person``, ``Organization`` or (places)
``Address``; each entity of an article a ``Mention`` tying the name as written to its actor and
article; each event an ``Event`` involving its actors, with the article as proof. Ids are stable
across exports of the same store. Document filters (outlet, date range) choose the articles; event
filters choose the events among them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from khabar.geo.gazetteer import gazetteer
from khabar.store import Store
from khabar.store.models import Actor, Document, Entity, Mention
from khabar.store.queries import Filters, document_filters, event_details

SCHEMA = {"PERSON": "Person", "ORG": "Organization", "GPE": "Address", "LOC": "Address", "FAC": "Address"}


def _id(kind: str, *parts: Any) -> str:
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:20]
    return f"khabar-{kind}-{digest}"


def entities(store: Store, f: Filters) -> Iterator[dict[str, Any]]:
    docs = select(Document.id, Document.content_hash, Document.doc_id, Document.title, Document.outlet,
                  Document.url, Document.published, Document.language, Document.text)  # fmt: skip
    docs = document_filters(docs, f)
    with store.engine.connect() as conn:
        doc_rows = conn.execute(docs.order_by(Document.id)).all()
        doc_ids = {d.id: _id("doc", d.content_hash) for d in doc_rows}
        ents = conn.execute(
            select(Entity.id, Entity.document_id, Entity.name, Entity.type, Entity.actor_id)
            .where(Entity.document_id.in_(list(doc_ids) or [-1]))
            .order_by(Entity.id)
        ).all()
        actor_ids = sorted({e.actor_id for e in ents if e.actor_id is not None and e.type in SCHEMA})
        actor_rows = conn.execute(
            select(Actor.id, Actor.key, Actor.name, Actor.type, Actor.country, Actor.kb_id)
            .where(Actor.id.in_(actor_ids or [-1]))
            .order_by(Actor.id)
        ).all()
        spellings: dict[int, set[str]] = {}
        for actor_id, text in conn.execute(
            select(Entity.actor_id, Mention.text)
            .join(Mention, Mention.entity_id == Entity.id)
            .where(Entity.actor_id.in_(actor_ids or [-1]))
        ):
            if any(c.isupper() for c in text):  # names, not 'the general'
                spellings.setdefault(actor_id, set()).add(text)
    actor_ftm = {a.id: _id("actor", a.key) for a in actor_rows}

    for d in doc_rows:
        props = {"title": [d.title or d.doc_id], "bodyText": [d.text], "contentHash": [d.content_hash]}
        if d.outlet:
            props["publisher"] = [d.outlet]
        if d.url:
            props["sourceUrl"] = [d.url]
        if d.published:
            props["publishedAt"] = [d.published]
        if d.language:
            props["language"] = [_language(d.language)]
        yield {"id": doc_ids[d.id], "schema": "Article", "properties": props}
    for a in actor_rows:
        yield _actor(a, actor_ftm[a.id], spellings.get(a.id, set()))
    for e in ents:
        if e.actor_id not in actor_ftm:
            continue
        yield {
            "id": _id("mention", doc_ids[e.document_id], e.id),
            "schema": "Mention",
            "properties": {
                "name": [e.name],
                "document": [doc_ids[e.document_id]],
                "resolved": [actor_ftm[e.actor_id]],
                "detectedSchema": [SCHEMA[e.type]],
            },
        }
    doc_by_key = {d.doc_id: doc_ids[d.id] for d in doc_rows}
    for v in event_details(store, Filters(**{**f.__dict__, "limit": None})):
        proof = doc_by_key.get(v["doc_id"])
        if proof is None:
            continue
        involved = [actor_ftm[i] for i in (v["source_actor_id"], v["target_actor_id"]) if i in actor_ftm]
        props = {
            "name": [f"{v['type']}: {v['evidence']}"[:300]],
            "summary": [v["evidence"]],
            "proof": [proof],
            "keywords": [v["type"], v["status"]] + ([v["mode"]] if v["mode"] else []),
        }
        if v["event_date"]:
            props["date"] = [v["event_date"]]
        if involved:
            props["involved"] = involved
        if v["source_actor_id"] in actor_ftm and v["source_type"] in ("PERSON", "ORG"):
            props["organizer"] = [actor_ftm[v["source_actor_id"]]]
        if v["place"]:
            props["location"] = [v["place"]]
        if v["country"]:
            props["country"] = [v["country"].lower()]
        yield {"id": _id("event", proof, v["event"]), "schema": "Event", "properties": props}


def _actor(a, ftm_id: str, spellings: set[str]) -> dict[str, Any]:
    schema = SCHEMA[a.type]
    aliases = sorted(spellings - {a.name})
    props: dict[str, list] = {"name": [a.name]}
    if aliases:
        props["alias"] = aliases
    if a.country:
        props["country"] = [a.country.lower()]
    if a.kb_id:
        props["notes"] = [f"khabar knowledge base: {a.kb_id}"]
    if schema == "Address":
        props["full"] = [a.name]
        place = gazetteer().lookup(a.name, [a.country] if a.country else None)
        if place is not None:
            props["latitude"], props["longitude"] = [str(place.lat)], [str(place.lon)]
            if not a.country and place.country:
                props["country"] = [place.country.lower()]
    return {"id": ftm_id, "schema": schema, "properties": props}


def _language(code: str) -> str:
    return {"en": "eng", "ar": "ara", "fr": "fra"}.get(code, code)


def write(store: Store, f: Filters, out: Path) -> int:
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for entity in entities(store, f):
            fh.write(json.dumps(entity, ensure_ascii=False) + "\n")
            n += 1
    return n
