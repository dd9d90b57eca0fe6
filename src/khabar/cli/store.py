"""Commands that fill the store and look into it as a whole: ingest, relink, stats, search."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from khabar.cli.app import PROGRESS_MIN, app, err, fail, say_error
from khabar.cli.output import CsvOption, DbOption, JsonOption, LimitOption, WorkersOption, emit, emit_mapping
from khabar.workers import cpu_count


class Engine(StrEnum):
    local = "local"
    ray = "ray"


def open_store(db: str | None):
    from khabar.store import Store, StoreError

    try:
        return Store(db)
    except StoreError as exc:
        raise fail(str(exc)) from exc


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help=".txt, .jsonl (articles or records), .html files or folders")
    ] = None,
    db: DbOption = None,
    published: Annotated[str | None, typer.Option(help="publication date YYYY-MM-DD for .txt input")] = None,
    outlet: Annotated[str | None, typer.Option(help="outlet name for .txt input")] = None,
    reextract: Annotated[
        bool, typer.Option("--reextract", help="extract records read from .jsonl again instead of storing them")
    ] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="extract and store again articles already stored (corrections are kept)")
    ] = False,
    max_chars: Annotated[int, typer.Option(help="reject articles longer than this")] = 300_000,
    batch_size: Annotated[int, typer.Option(help="articles extracted together before they are stored")] = 16,
    progress: Annotated[bool | None, typer.Option("--progress/--no-progress")] = None,
    workers: WorkersOption = 0,
    engine: Annotated[
        Engine, typer.Option(help="where extraction runs: local worker processes, or a Ray cluster")
    ] = Engine.local,
    feed: Annotated[
        list[str] | None,
        typer.Option("--feed", help="an RSS/Atom feed (URL or file): its new items are fetched and stored"),
    ] = None,
    timeout: Annotated[float, typer.Option(help="seconds to wait for a feed or a page")] = 20.0,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            "--allow-private-urls",
            help="let feed items link to loopback, private and link-local addresses (refused by default)",
        ),
    ] = False,
    ray_address: Annotated[
        str | None,
        typer.Option(
            envvar="RAY_ADDRESS",
            help="with --engine ray: the cluster (ray://host:10001, or auto); default: a local one",
        ),
    ] = None,
) -> None:
    """Extract articles and store them; articles already stored are skipped, so a rerun resumes."""
    from khabar.read import read_paths

    if not paths and not feed:
        raise fail("give files or folders to ingest, or --feed URL")
    store = open_store(db)
    feed_failed = (
        _ingest_feeds(store, feed, timeout, workers or cpu_count(), allow_private_urls) if feed else False
    )
    if not paths:
        raise typer.Exit(1 if feed_failed else 0)
    extractor = None
    if engine is Engine.ray:
        from khabar.engines.ray import EngineError, RayExtractor

        try:
            extractor = RayExtractor(address=ray_address, workers=workers or None)
        except EngineError as exc:
            raise fail(str(exc)) from exc
    items = list(read_paths(paths, {"published": published, "outlet": outlet}, max_chars=max_chars))
    show = progress if progress is not None else len(items) >= PROGRESS_MIN
    options = {
        "reextract": reextract or replace,
        "batch": batch_size,
        "workers": workers or cpu_count(),
        "extractor": extractor,
        "replace": replace,
    }
    report = None
    try:
        if show:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            with Progress(
                TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err
            ) as bar:
                task = bar.add_task("ingest", total=len(items))
                report = _run(
                    store, items, options, lambda _o: bar.advance(task), lambda m: say_error(m, bar.console)
                )
        else:
            report = _run(store, items, options, lambda _o: None, say_error)
    except KeyboardInterrupt:
        err.print(
            Text.assemble(
                ("interrupted", "yellow"), ": every article stored so far is kept; run the same command to resume"
            )
        )
        raise typer.Exit(130) from None
    err.print(
        f"{report.stored} article(s) stored, {report.duplicates} already stored"
        + (f", {len(report.errors)} failed" if report.errors else "")
        + f" in {report.seconds:.1f}s ({store.engine.url.render_as_string(hide_password=True)})",
        highlight=False,
    )
    if report.errors:
        raise typer.Exit(1 if report.stored or report.duplicates else 2)
    if feed_failed:
        raise typer.Exit(1)


def _ingest_feeds(store, feeds: list[str], timeout: float, workers: int, allow_private: bool) -> bool:
    """Ingest each feed's new items; True when a feed or an item failed."""
    from khabar.read.feed import FeedError
    from khabar.store.feeds import ingest_feed

    failed = False
    for source in feeds:
        err.print(f"reading {source} ...", highlight=False)
        try:
            r = ingest_feed(
                store,
                source,
                timeout=timeout,
                workers=workers,
                allow_private=allow_private,
                on_error=say_error,
            )
        except FeedError as exc:
            say_error(str(exc))
            failed = True
            continue
        failed = failed or bool(r.failed)
        err.print(
            f"{source}: {r.items} item(s), {r.ingest.stored} stored, {r.seen + r.ingest.duplicates} already stored"
            + (f", {len(r.failed)} failed (tried again next run)" if r.failed else ""),
            highlight=False,
        )
    return failed


def _run(store, items, options: dict, on_done, on_error):
    run = store.replace if options.pop("replace", False) else store.ingest
    try:
        return run(items, **options, on_done=on_done, on_error=on_error)
    finally:
        if options.get("extractor") is not None:
            options["extractor"].close()


@app.command()
def relink(db: DbOption = None) -> None:
    """Resolve every stored entity to actors again (after knowledge-base changes); corrections are replayed."""
    n = open_store(db).relink()
    err.print(f"{n} entities linked to actors again")


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """What the store holds: articles, actors, claims and events by kind."""
    from khabar.store import queries

    emit_mapping(queries.stats(open_store(db)), as_json=as_json, title="khabar store")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="words to find in article titles and texts")],
    db: DbOption = None,
    limit: LimitOption = 20,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Full-text search over stored articles, best matches first."""
    from khabar.store import queries

    rows = queries.search(open_store(db), text, limit=limit or 1000)
    emit(rows, as_json=as_json, as_csv=as_csv, title=f"articles matching {text!r}")
