"""The export formats by name, and the one entry point the CLI and API call."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khabar.store import Store
from khabar.store.queries import Filters


class ExportError(Exception):
    """The export cannot be written; the message is shown to the user as is."""


@dataclass(frozen=True)
class Format:
    name: str
    summary: str
    suffix: str  # '' for a folder of files
    module: str  # khabar.export.<module>.write(store, filters, out, **options) -> items written
    options: dict[str, Any] = field(default_factory=dict)

    def write(self, store: Store, filters: Filters, out: Path) -> int:
        return importlib.import_module(f"khabar.export.{self.module}").write(store, filters, out, **self.options)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("plover", "PLOVER event records, one JSON object per line", ".jsonl", "plover"),
        Format("acled", "ACLED-style event CSV (event types mapped from PLOVER)", ".csv", "acled"),
        Format("graphml", "actor network for Gephi, yEd, networkx", ".graphml", "network", {"fmt": "graphml"}),
        Format("gexf", "actor network for Gephi", ".gexf", "network", {"fmt": "gexf"}),
        Format("ftm", "FollowTheMoney entities for Aleph-style platforms, JSON lines", ".ftm.json", "ftm"),
        Format("parquet", "documents, entities, mentions, attributions and events as Parquet tables", "", "parquet"),
    )
}


def export(store: Store, fmt: str, filters: Filters, out: Path) -> int:
    """Write ``fmt`` to ``out`` (a file, or a folder for parquet); returns how many items were written."""
    try:
        spec = FORMATS[fmt]
    except KeyError:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    if not out.parent.exists():
        raise ExportError(f"{out}: folder {out.parent} does not exist")
    if spec.suffix and out.is_dir():
        raise ExportError(f"{out}: is a folder; {fmt} writes one file")
    return spec.write(store, filters, out)
