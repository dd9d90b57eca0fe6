"""Rows out: a rich table for people, JSON or CSV for other programs."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from khabar.cli.app import plain_console
from khabar.store.db import ENV_VAR

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar=ENV_VAR, help="store: a SQLite file (default ./khabar.db) or postgresql://... URL"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
CsvOption = Annotated[bool, typer.Option("--csv", help="print CSV instead of a table")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", help="at most this many rows (0: all)")]
WorkersOption = Annotated[
    int, typer.Option("--workers", "-w", min=0, help="worker processes for extraction (default 0: one per core)")
]

WIDE = {"content", "evidence", "snippet", "reason", "chain"}
CELL_MAX = 240  # longer texts are cut in tables; --json and --csv give them whole


def emit(
    rows: Sequence[dict[str, Any]],
    *,
    as_json: bool = False,
    as_csv: bool = False,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    if as_json:
        json.dump(list(rows), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    columns = list(columns or (rows[0].keys() if rows else []))
    if as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    console = _console()
    if not rows:
        console.print(f"{title + ': ' if title else ''}nothing found", style="dim")
        return
    table = Table(title=title, title_justify="left", show_lines=False)
    for col in columns:
        numeric = all(isinstance(r.get(col), int | float) and not isinstance(r.get(col), bool) for r in rows)
        header = col.replace("_", " ")
        if col in WIDE:
            table.add_column(header, overflow="fold", ratio=1, min_width=24)
        else:
            width = max([len(header)] + [len(_cell(r.get(col))) for r in rows])
            table.add_column(header, justify="right" if numeric else "left", no_wrap=True, min_width=min(width, 24))
    for r in rows:
        table.add_row(*[_cell(r.get(c), CELL_MAX if c in WIDE else 40) for c in columns])
    console.print(table)


def emit_mapping(data: dict[str, Any], *, as_json: bool = False, title: str | None = None) -> None:
    """One object: JSON, or a two-column table of its plain fields."""
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for k, v in data.items():
        if isinstance(v, dict):
            v = ", ".join(f"{a} {b}" for a, b in v.items())
        table.add_row(k.replace("_", " "), _cell(v))
    _console().print(table)


def _console() -> Console:
    """The terminal's width when there is one; piped output gets room for the text columns."""
    console = plain_console()
    return console if console.is_terminal else plain_console(width=160)


def _cell(v: Any, limit: int = 10_000) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:g}"
    text = ", ".join(map(str, v)) if isinstance(v, list) else str(v)
    return text if len(text) <= limit else text[: limit - 1] + "…"
