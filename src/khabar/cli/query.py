"""The analyst's questions: actors, one actor (and corrections to it), claims, events."""

from __future__ import annotations

from typing import Annotated

import typer

from khabar.cli.app import app, err, fail, plain_console
from khabar.cli.output import CsvOption, DbOption, JsonOption, LimitOption, emit, emit_mapping
from khabar.cli.store import open_store

Since = Annotated[str | None, typer.Option("--since", help="from this date, YYYY-MM-DD")]
Until = Annotated[str | None, typer.Option("--until", help="up to this date, YYYY-MM-DD")]
Outlet = Annotated[str | None, typer.Option("--outlet", help="only articles of this outlet")]
MinConfidence = Annotated[
    float | None,
    typer.Option("--min-confidence", min=0.0, max=1.0, help="only events at least this likely right (0-1)"),
]
# the event filters, shared by `khabar events` and `khabar export`
EventType = Annotated[str | None, typer.Option("--type", "-t", help="PLOVER type, e.g. ASSAULT")]
EventActor = Annotated[str | None, typer.Option("--actor", "-a", help="events with this actor as source or target")]
Place = Annotated[str | None, typer.Option("--place", help="place name contains this")]
Country = Annotated[str | None, typer.Option("--country", "-c", help="ISO code of the event's place")]
Status = Annotated[
    str | None, typer.Option("--status", help="asserted, reported, expected, planned, denied, hypothetical")
]


def event_filters(
    actor, type, place, country, status, outlet, since, until, limit: int | None, min_confidence: float | None = None
):
    """The event filters of `khabar events` and `khabar export`, as the store's query takes them."""
    from khabar.store.queries import Filters

    return Filters(
        min_confidence=min_confidence,
        actor=actor,
        type=type,
        place=place,
        country=country,
        status=status,
        outlet=outlet,
        date_from=since,
        date_to=until,
        limit=limit,
    )


@app.command()
def actors(
    db: DbOption = None,
    type: Annotated[str | None, typer.Option("--type", "-t", help="PERSON, ORG, GPE, LOC, FAC, NORP")] = None,
    country: Annotated[str | None, typer.Option("--country", "-c", help="ISO code, e.g. LY")] = None,
    limit: LimitOption = 30,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The most mentioned actors across all stored articles."""
    from khabar.store import queries

    rows = queries.actors(open_store(db), type=type, country=country, limit=limit or None)
    emit(rows, as_json=as_json, as_csv=as_csv, title="actors, most mentioned first")


@app.command(
    context_settings={"allow_extra_args": False},
    help="Everything about one actor. Also: `khabar actor merge KEEP OTHER` makes two actors one, and "
    "`khabar actor split ACTOR NAME` moves the entities called NAME out of ACTOR. Corrections are kept "
    "and replayed on every later ingest and relink.",
)
def actor(
    words: Annotated[list[str], typer.Argument(help="NAME | merge KEEP OTHER | split ACTOR NAME")],
    db: DbOption = None,
    why: Annotated[bool, typer.Option("--why", help="show why each name was linked to this actor")] = False,
    limit: LimitOption = 20,
    as_json: JsonOption = False,
) -> None:
    from khabar.store import StoreError, queries

    store = open_store(db)
    try:
        if words[0] == "merge" and len(words) == 3:
            kept, gone, moved = store.merge(words[1], words[2])
            err.print(f"merged '{gone}' into '{kept}' ({moved} entities moved); this is kept for later ingests")
            return
        if words[0] == "split" and len(words) == 3:
            name, moved = store.split(words[1], words[2])
            err.print(f"'{name}' is now an actor of its own ({moved} entities moved); this is kept for later ingests")
            return
        if words[0] in ("merge", "split"):
            raise fail(f"usage: khabar actor {words[0]} {'KEEP OTHER' if words[0] == 'merge' else 'ACTOR NAME'}")
        info = queries.actor(store, " ".join(words), why=why, limit=limit or 1000)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        emit_mapping(info, as_json=True)
        return
    head = {k: info[k] for k in ("name", "type", "country", "kb_id", "articles", "first_seen", "last_seen")}
    head["names"] = [f"{n['name']} ({n['articles']})" for n in info["names"]]
    head["spellings"] = [f"{s['text']} ({s['mentions']})" for s in info["spellings"][:12]]
    head["roles"] = info["roles"][:8]
    emit_mapping(head, title=info["name"])
    if why:
        emit(info["why"], title="why these names are this actor")
    cols = ("date", "type", "source", "target", "place", "status", "evidence")
    emit(info["events"], columns=cols, title="events, as source or target")
    cols = ("published", "outlet", "via", "source", "content")
    emit(info["claims_by"], columns=cols, title="claims it made")
    emit(info["claims_about"], columns=cols, title="claims about it")
    plain_console().print(f"key {info['key']}", style="dim")


@app.command()
def claims(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option("--actor", "-a", help="claims made by this actor")] = None,
    about: Annotated[str | None, typer.Option("--about", help="claims whose content names this actor")] = None,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="only claims from unnamed sources")] = False,
    kind: Annotated[
        str | None, typer.Option("--kind", help="named_person, named_org, outlet, anonymous or document")
    ] = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    text: Annotated[str | None, typer.Option("--text", help="words the claim contains")] = None,
    limit: LimitOption = 30,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Who said what: each claim with its chain, outlet -> via -> source."""
    from khabar.store import StoreError, queries

    store = open_store(db)
    f = queries.Filters(
        actor=actor,
        source_kind="anonymous" if anonymous else kind,
        outlet=outlet,
        date_from=since,
        date_to=until,
        text=text,
        limit=limit or None,
    )
    try:
        about_id = store.find_actor(about)[0] if about else None
        rows = queries.claims(store, f, about_actor=about_id)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    if as_json or as_csv:
        emit(rows, as_json=as_json, as_csv=as_csv)
        return
    for r in rows:
        r["chain"] = " -> ".join(x for x in (r["outlet"], r["via"], r["source_actor"] or r["source"]) if x)
    emit(rows, columns=("published", "chain", "source_kind", "cue", "content"), title="claims, newest first")


@app.command()
def events(
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
    limit: LimitOption = 30,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """PLOVER events: who did what to whom, when and where, and how sure the text is."""
    from khabar.store import StoreError, queries

    f = event_filters(actor, type, place, country, status, outlet, since, until, limit or None, min_confidence)
    try:
        rows = queries.events(open_store(db), f)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    cols = None if as_json or as_csv else ("date", "type", "source", "target", "place", "status", "evidence")
    emit(rows, as_json=as_json, as_csv=as_csv, columns=cols, title="events, newest first")
