"""`khabar kb`: the user's own knowledge-base actors, on top of the bundled starter KB."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from khabar.cli.app import app, err, fail
from khabar.cli.output import CsvOption, DbOption, JsonOption, emit
from khabar.cli.store import open_store

kb_app = typer.Typer(no_args_is_help=True, help="The knowledge base of known actors: add, import, export, list.")
app.add_typer(kb_app, name="kb")

Relink = Annotated[bool, typer.Option("--relink/--no-relink", help="re-resolve stored articles with the new KB")]


@kb_app.command("add")
def kb_add(
    id: Annotated[str, typer.Option("--id", help="a stable id, e.g. ly-sarraj")],
    name: Annotated[str, typer.Option("--name", help="canonical name")],
    type: Annotated[str, typer.Option("--type", help="PERSON, ORG, GPE, LOC, FAC, NORP or OTHER")],
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-2 code")] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="another spelling, any script (repeat)")] = None,
    role: Annotated[list[str] | None, typer.Option("--role", help="a title or office (repeat)")] = None,
    wikidata: Annotated[str | None, typer.Option("--wikidata", help="Wikidata item id, e.g. Q1234")] = None,
    outlet: Annotated[bool, typer.Option("--outlet", help="the actor is a news outlet")] = False,
    db: DbOption = None,
    relink: Relink = True,
) -> None:
    """Add (or replace) one actor in your knowledge base."""
    from khabar.entities.kb import KbFormatError, actor_from_dict

    raw = {
        "id": id,
        "name": name,
        "type": type.upper(),
        "country": country,
        "aliases": alias or [],
        "roles": role or [],
    }
    raw |= {"wikidata": wikidata, "outlet": outlet}
    try:
        entry = actor_from_dict(raw, "kb add")
    except KbFormatError as exc:
        raise fail(str(exc)) from exc
    store = open_store(db)
    store.kb_put([entry])
    err.print(f"added {entry.id} ({entry.name})")
    if relink:
        err.print(f"{store.relink()} stored entities linked again")


@kb_app.command("import")
def kb_import(
    file: Annotated[Path, typer.Argument(help="YAML or JSON: a list of actors, or {actors: [...]}")],
    db: DbOption = None,
    relink: Relink = True,
) -> None:
    """Add (or replace) every actor of a YAML/JSON file in your knowledge base."""
    from khabar.entities.kb import KbFormatError, load_kb_file

    try:
        entries = load_kb_file(file)
    except KbFormatError as exc:
        raise fail(str(exc)) from exc
    store = open_store(db)
    err.print(f"{store.kb_put(entries)} actor(s) imported from {file}")
    if relink:
        err.print(f"{store.relink()} stored entities linked again")


@kb_app.command("export")
def kb_export(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=".yaml/.yml or .json file (default: stdout)")
    ] = None,
    bundled: Annotated[bool, typer.Option("--bundled", help="include the bundled starter KB")] = False,
    db: DbOption = None,
) -> None:
    """Write your knowledge base (and with --bundled the starter KB) in the format `kb import` reads."""
    store = open_store(db)
    actors = list(store.kb().actors.values()) if bundled else store.kb_entries()
    data = {"actors": [a.to_dict() for a in actors]}
    if output is not None and output.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    else:
        import yaml

        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"{len(actors)} actor(s) written to {output}")


@kb_app.command("list")
def kb_list(
    db: DbOption = None,
    bundled: Annotated[bool, typer.Option("--bundled", help="include the bundled knowledge base")] = False,
    find: Annotated[str | None, typer.Option("--find", help="only the actor this name or spelling links to")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The actors of your knowledge base, with where each entry comes from."""
    from khabar.entities.kb import source_of

    store = open_store(db)
    mine = {a.id for a in store.kb_entries()}
    if find is not None:
        found = store.kb().lookup(find)
        actors = [found] if found is not None else []
    else:
        actors = list(store.kb().actors.values()) if bundled else store.kb_entries()
    rows = [
        {"id": a.id, "name": a.name, "type": a.type, "country": a.country, "aliases": list(a.aliases),
         "roles": list(a.roles), "source": "your knowledge base" if a.id in mine else source_of(a.id)}
        for a in actors
    ]  # fmt: skip
    if find is not None and not rows:
        raise fail(f"no actor in the knowledge base is called {find!r}")
    emit(rows, as_json=as_json, as_csv=as_csv, title="knowledge base")
