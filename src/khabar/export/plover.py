"""PLOVER event records as JSON Lines, one event per line, in the layout of
``contract/plover-event.schema.json``: the PLOVER fields (event type, mode, context, actor and
recipient with name and country, date, location with coordinates, event text, story id, publisher,
publication date) and khabar's own under ``khabar`` (status, confidence, trigger, the claim chain)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from khabar.geo.gazetteer import gazetteer
from khabar.store import Store
from khabar.store.queries import Filters, Row, event_details


def records(store: Store, f: Filters) -> list[dict[str, Any]]:
    return [to_plover(r) for r in event_details(store, f)]


def write(store: Store, f: Filters, out: Path) -> int:
    rows = records(store, f)
    with open(out, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(rows)


def to_plover(r: Row) -> dict[str, Any]:
    return {
        "id": f"{r['doc_id']}:{r['event']}",
        "event_type": r["type"],
        "mode": r["mode"],
        "context": [],  # PLOVER's context tags (military, political ...) are not coded by khabar
        "event_date": r["event_date"] or r["published"],
        "date_precision": _precision(r["event_date"]) if r["event_date"] else "publication",
        "actor": _actor(r, "source"),
        "recipient": _actor(r, "target"),
        "location": _location(r),
        "event_text": r["evidence"],
        "story_id": r["doc_id"],
        "publisher": r["outlet"],
        "story_date": r["published"],
        "title": r["title"],
        "url": r["url"],
        "khabar": {
            "status": r["status"],
            "confidence": r["confidence"],
            "trigger": r["trigger"],
            "date_text": r["date_text"],
            "attribution": _claim(r),
        },
    }


def _precision(date: str) -> str:
    return {1: "year", 2: "month"}.get(len(date.split("-")), "day")


def _actor(r: Row, role: str) -> dict[str, Any] | None:
    if r[role] is None:
        return None
    return {
        "name": r[role],
        "country": r[f"{role}_country"],
        "type": r[f"{role}_type"],
        "kb_id": r[f"{role}_kb_id"],
        "text": r[f"{role}_as_written"],
    }


def _location(r: Row) -> dict[str, Any] | None:
    if r["place"] is None:
        return None
    return {
        "name": r["place"],
        "country": r["country"],
        "lat": r["lat"],
        "lon": r["lon"],
        "geo_precision": geo_precision(r["place"]),
    }


def geo_precision(place: str) -> str:
    """'city' for a town from GeoNames, or the kind of a curated place ('region', 'base', 'front')."""
    found = gazetteer().candidates(place)
    return found[0].kind if found else "unknown"


def _claim(r: Row) -> dict[str, Any] | None:
    if r["attribution"] is None:
        return None
    return {
        "id": r["attribution"],
        "source": r["claim_source"],
        "source_actor": r["claim_source_actor"],
        "source_kind": r["claim_source_kind"],
        "via": r["claim_via"],
        "cue": r["claim_cue"],
    }
