"""Commands on articles and record files: extract, show, eval."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from khabar.cli.app import PROGRESS_MIN, app, err, plain_console, say_error
from khabar.cli.output import WorkersOption
from khabar.workers import cpu_count


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help=".txt, .jsonl, .html files or folders of them")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write JSON Lines here")] = None,
    published: Annotated[str | None, typer.Option(help="publication date YYYY-MM-DD for .txt input")] = None,
    outlet: Annotated[str | None, typer.Option(help="outlet name for .txt input")] = None,
    title: Annotated[str | None, typer.Option(help="title for .txt input")] = None,
    url: Annotated[str | None, typer.Option(help="URL for .txt input")] = None,
    max_chars: Annotated[int, typer.Option(help="reject articles longer than this")] = 300_000,
    progress: Annotated[bool | None, typer.Option("--progress/--no-progress")] = None,
    workers: WorkersOption = 0,
) -> None:
    """Extract one khabar.record/1 per article, as JSON Lines (stdout or -o)."""
    from khabar.read import Article, read_paths

    items = list(
        read_paths(paths, {"published": published, "outlet": outlet, "title": title, "url": url}, max_chars=max_chars)
    )
    articles = [a for a in items if isinstance(a, Article)]
    errors = [e for e in items if not isinstance(e, Article)]
    for e in errors:
        say_error(str(e))
    written, failed = _write_records(articles, output, progress, workers or cpu_count())
    failed += len(errors)
    if output is not None:
        err.print(f"{written} record(s) written to {output}" + (f", {failed} input(s) failed" if failed else ""))
    if failed:
        raise typer.Exit(1 if written else 2)


def _write_records(articles, output: Path | None, progress: bool | None, workers: int) -> tuple[int, int]:
    """Extract and write each article's record as soon as it is ready; returns (written, failed)."""
    from khabar.workers import outcomes

    show = progress if progress is not None else len(articles) >= PROGRESS_MIN
    sink = open(output, "w", encoding="utf-8") if output is not None else sys.stdout  # noqa: SIM115
    written = failed = 0
    try:
        done = outcomes(articles, workers=workers, reextract=True)
        if show:
            from rich.progress import track

            done = track(done, total=len(articles), description="extracting", console=err, transient=output is None)
        for article, outcome in done:
            if outcome.record is None:
                say_error(f"{article.origin}: {outcome.error}")
                failed += 1
                continue
            sink.write(json.dumps(outcome.record, ensure_ascii=False) + "\n")
            sink.flush()
            written += 1
    finally:
        if output is not None:
            sink.close()
    return written, failed


@app.command()
def show(
    records: Annotated[Path, typer.Argument(help="JSON Lines of khabar.record/1, as written by extract")],
    limit: Annotated[int, typer.Option(help="rows per table")] = 12,
) -> None:
    """Print extracted records as readable tables: who is in each article, who said what."""
    from khabar.show import show_records

    try:
        show_records(records, plain_console(), limit)
    except (OSError, ValueError) as exc:
        say_error(str(exc))
        raise typer.Exit(2) from exc


@app.command("eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="folder of NAME.txt + NAME.json gold annotations")],
    pred: Annotated[Path | None, typer.Option(help="score these records instead of extracting anew")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the scores as JSON")] = False,
    save: Annotated[Path | None, typer.Option("--save", help="also write the extracted records here")] = None,
) -> None:
    """Score khabar on annotated articles: precision, recall and F1 per component."""
    from khabar.evaluate import gold_articles, load_records, score

    if not gold_dir.is_dir():
        say_error(f"{gold_dir}: not a folder")
        raise typer.Exit(2)
    if pred is not None:
        records = load_records(pred)
    else:
        from khabar.pipeline import extract_many

        articles = gold_articles(gold_dir)
        if not articles:
            say_error(f"{gold_dir}: no NAME.txt + NAME.json pairs")
            raise typer.Exit(2)
        records = {}
        for r in extract_many(articles):
            records[r.doc.id] = r.to_dict()
        if save is not None:
            save.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records.values()), encoding="utf-8"
            )
    result = score(gold_dir, records)
    if as_json:
        print(json.dumps(result, indent=1))
        return
    table = Table(title=f"khabar on {gold_dir}")
    for col in ("component", "precision", "recall", "F1 / accuracy", "predicted", "gold / n"):
        table.add_column(col, justify="left" if col == "component" else "right", no_wrap=True)
    for name, v in result.items():
        if not isinstance(v, dict) or name == "per_doc":
            continue
        if "f1" in v:
            table.add_row(
                name,
                f"{v['p']:.3f}" if "p" in v else "",
                f"{v['r']:.3f}" if "r" in v else "",
                f"{v['f1']:.3f}",
                str(v.get("pred", "")),
                str(v.get("gold", "")),
            )
        elif "acc" in v:
            acc = "n/a" if v["acc"] is None else f"{v['acc']:.3f}"
            table.add_row(name, "", "", acc, "", str(v["n"]))
    plain_console().print(table)
    print(f"grounding errors: {result['grounding_errors']} of {result['grounded_spans']} spans")
