"""Readable tables of extracted records, for the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text


def load(path: Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: malformed JSON ({exc.msg})") from exc
    return out


def show_records(path: Path, console: Console, limit: int = 12) -> None:
    for rec in load(path):
        doc = rec["doc"]
        ents = {e["id"]: e for e in rec["entities"]}
        meta = " · ".join(str(x) for x in (doc.get("outlet"), doc.get("published")) if x)
        console.rule(Text.assemble((str(doc.get("title") or doc["id"]), "bold"), "  ", (meta, "dim")))
        table = Table(title="entities", title_justify="left", show_edge=False)
        for col in ("type", "name", "mentions", "roles"):
            table.add_column(col)
        for e in sorted(rec["entities"], key=lambda e: -len(e["mentions"]))[:limit]:
            forms = sorted({m["text"] for m in e["mentions"]}, key=len)
            table.add_row(
                e["type"], e["name"], f"{len(e['mentions'])}: " + ", ".join(forms[:4]), ", ".join(e.get("roles", []))
            )
        console.print(table)
        if rec["attributions"]:
            table = Table(title="who said what", title_justify="left", show_edge=False)
            for col in ("source", "kind", "via", "cue", "claim"):
                table.add_column(col, overflow="fold")
            for a in rec["attributions"][:limit]:
                via = ents.get(a.get("via") or "", {}).get("name", "")
                claim = a["content"]["text"]
                claim = claim if len(claim) <= 90 else claim[:87] + "..."
                table.add_row(
                    a["source"]["text"],
                    a["source_kind"],
                    via,
                    a["cue"]["text"],
                    ("“" + claim + "”") if a["direct"] else claim,
                )
            console.print(table)
        if rec["events"]:
            table = Table(title="events", title_justify="left", show_edge=False)
            for col in ("type", "source", "target", "date", "where", "status", "evidence"):
                table.add_column(col, overflow="fold")
            for v in rec["events"][:limit]:
                ev = v["evidence"]["text"]
                table.add_row(
                    v["type"],
                    _name(ents, v["source"]),
                    _name(ents, v["target"]),
                    v.get("date") or "",
                    (v.get("geo") or {}).get("name", "") or _name(ents, v.get("location")),
                    v["status"],
                    ev if len(ev) <= 70 else ev[:67] + "...",
                )
            console.print(table)


def _name(entities: dict[str, dict], entity_id: str | None) -> str:
    return entities.get(entity_id or "", {}).get("name", "")
