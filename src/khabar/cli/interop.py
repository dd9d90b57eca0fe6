"""Commands that move data between khabar and other tools: export, import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from khabar.cli.app import app, err, fail, say_error
from khabar.cli.output import DbOption
from khabar.cli.query import (
    Country,
    EventActor,
    EventType,
    MinConfidence,
    Outlet,
    Place,
    Since,
    Status,
    Until,
    event_filters,
)
from khabar.cli.store import open_store

FORMAT_HELP = "plover, acled, graphml, gexf, ftm or parquet (a folder)"


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)],
    output: Annotated[Path, typer.Option("-o", "--output", help="the file to write (for parquet: a folder)")],
    db: DbOption = None,
    type: EventType = None,
    actor: EventActor = None,
    place: Place = None,
    country: Country = None,
    status: Status = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    min_confidence: MinConfidence = None,
) -> None:
    """Write the store (or what the filters choose) in a format other tools read."""
    from khabar.export import ExportError
    from khabar.export import export as run
    from khabar.store import StoreError
    f = event_filters(actor, type, place, country, status, outlet, since, until, None, min_confidence)
    try:
        n = run(open_store(db), format.lower(), f, output)
    except (ExportError, StoreError) as exc:
        raise fail(str(exc)) from exc
    except OSError as exc:
        raise fail(f"{output}: cannot write ({exc.strerror or exc})") from exc
    err.print(f"{n} item(s) written to {output} ({format.lower()})", highlight=False)


@app.command("import")
def import_records(
    paths: Annotated[list[Path], typer.Argument(help=".jsonl files of khabar.record/1 records, or folders of them")],
    db: DbOption = None,
) -> None:
    """Store records produced elsewhere (by `khabar extract` on another machine, say) without extracting."""
    from khabar.read import Article, InputError, read_paths

    items: list[Article | InputError] = []
    for item in read_paths(paths):
        if isinstance(item, Article) and item.record is None:
            item = InputError(item.origin, "not a khabar.record/1 record (use `khabar ingest` for articles)")
        items.append(item)
    store = open_store(db)
    report = store.ingest(
        items, workers=1, on_error=lambda m: say_error(str(m))
    )
    err.print(
        f"{report.stored} record(s) imported, {report.duplicates} already stored"
        + (f", {len(report.errors)} failed" if report.errors else ""),
        highlight=False,
    )
    if report.errors:
        raise typer.Exit(1 if report.stored or report.duplicates else 2)
