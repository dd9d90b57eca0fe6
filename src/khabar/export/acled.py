"""An ACLED-style CSV of events, for people who already chart ACLED data.

Event types are mapped from PLOVER with ``data/acled.json`` (documented in the README): ASSAULT
becomes Battles, Explosions/Remote violence or Violence against civilians by its mode, PROTEST
Protests or Riots, and AGREE, COERCE, MOBILIZE and RETREAT Strategic developments. Verbal and
diplomatic PLOVER types have no ACLED counterpart and are left out. ``time_precision`` and
``geo_precision`` follow ACLED's codes (1 most precise, 3 least)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from khabar.entities.lexicon import load_data
from khabar.entities.places import country_name
from khabar.export.plover import geo_precision
from khabar.store import Store
from khabar.store.queries import Filters, Row, event_details

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "iso",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "plover_type",
    "plover_mode",
    "status",
)
_GEO = {"city": 1, "base": 1, "airport": 1}  # a town or a site; regions and the rest: 3, unknown: 3


@lru_cache(maxsize=1)
def mapping() -> dict[str, dict]:
    return load_data("acled.json")["types"]


def acled_type(plover_type: str, mode: str | None) -> tuple[str, str] | None:
    """(event_type, sub_event_type) of a PLOVER event, or None where ACLED has no such event."""
    entry = mapping().get(plover_type)
    if entry is None:
        return None
    found = entry["modes"].get(mode or "") or entry["default"]
    return found[0], found[1]


def rows(store: Store, f: Filters) -> list[dict]:
    out = []
    for r in event_details(store, f):
        kind = acled_type(r["type"], r["mode"])
        if kind is not None:
            out.append(to_acled(r, kind))
    return out


def write(store: Store, f: Filters, out: Path) -> int:
    found = rows(store, f)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(found)
    return len(found)


def to_acled(r: Row, kind: tuple[str, str]) -> dict:
    date = r["event_date"] or r["published"] or ""
    parts = date.split("-")
    return {
        "event_id_cnty": f"{r['doc_id']}:{r['event']}",
        "event_date": _first_day(date),
        "year": parts[0] if date else "",
        "time_precision": {3: 1, 2: 3, 1: 3}.get(len(parts), 3) if r["event_date"] else 2,
        "event_type": kind[0],
        "sub_event_type": kind[1],
        "actor1": r["source"] or "",
        "actor2": r["target"] or "",
        "country": (country_name(r["country"]) if r["country"] else "") or "",
        "iso": r["country"] or "",
        "location": r["place"] or "",
        "latitude": r["lat"] if r["lat"] is not None else "",
        "longitude": r["lon"] if r["lon"] is not None else "",
        "geo_precision": _GEO.get(geo_precision(r["place"]), 3) if r["place"] else "",
        "source": r["outlet"] or "",
        "notes": r["evidence"],
        "plover_type": r["type"],
        "plover_mode": r["mode"] or "",
        "status": r["status"],
    }


def _first_day(date: str) -> str:
    parts = date.split("-")
    if len(parts) == 1 and date:
        return f"{date}-01-01"
    if len(parts) == 2:
        return f"{date}-01"
    return date
