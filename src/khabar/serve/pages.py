"""The web UI: server-rendered pages over the same queries as the CLI and the API. Each page's data
also goes to the page as JSON (in a non-executable script block) for the maps, timelines and networks."""

from __future__ import annotations

import re
from importlib import resources
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import literal

from khabar.entities.names import fold
from khabar.read.files import date_problem
from khabar.record import ENTITY_TYPES, EVENT_TYPES, SOURCE_KINDS, STATUSES
from khabar.serve.api import DATE, MAX_ID, StoreDep
from khabar.serve.highlight import highlight
from khabar.serve.listing import (
    PAGE,
    Listing,
    checked_choice,
    checked_country,
    checked_page,
    checked_sort,
    listing,
    page_number,
    sort_links,
    url,
)
from khabar.store import AmbiguousActor, Store, StoreError
from khabar.store import queries as q
from khabar.store.actors import split_key
from khabar.store.models import Event

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("khabar.serve").joinpath("templates")))

Text = Annotated[str | None, Query(max_length=300)]


def compile_templates() -> None:
    """Compile every page's template now (Jinja keeps them), not on the first visit to each page."""
    for name in templates.env.list_templates(extensions=("html",)):
        templates.env.get_template(name)


def _page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"nav": name.split(".")[0], **context}, status_code=status)


def _missing(request: Request, message: str) -> HTMLResponse:
    return _page(request, "error.html", status=404, message=message)


def error_page(request: Request, status: int, title: str, *, message: str = "", problems=()) -> HTMLResponse:
    """An error as a page, for a browser (the API answers the same errors as JSON)."""
    return _page(request, "error.html", status=status, title=title, message=message, problems=list(problems))


def safe_url(url: str | None) -> str | None:
    """Only web links become links: an article's URL is untrusted (no javascript: or data: URLs)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


templates.env.filters["safe_url"] = safe_url


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep):
    return _page(request, "home.html", stats=q.stats(store), documents=q.documents(store, limit=10))


def _day(name: str, value: str | None, notices: list[str]) -> str | None:
    if not value:
        return None
    shaped = re.match(DATE, value) is not None
    problem = date_problem(value) if shaped else None
    if not shaped or problem:
        notices.append(f"{name} {value!r} is not a day (YYYY-MM-DD){': ' + problem if problem else ''}; ignored")
        return None
    return value


def _outlet(store: Store, value: str | None, notices: list[str]) -> tuple[str | None, list[str]]:
    known = q.outlets(store)
    if value and value != q.NONE and value.casefold() not in {o.casefold() for o in known}:
        notices.append(f"no articles from the outlet {value!r} in the store")
    return value or None, known


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, store: StoreDep, outlet: Text = None, sort: Text = None):
    notices: list[str] = []
    checked_page(request, notices)
    outlet, outlets = _outlet(store, outlet, notices)
    sort = checked_sort(sort, q.DOCUMENT_SORTS, notices)
    view = listing(
        request, store, q.documents_query(outlet=outlet, sort=sort), api="/api/documents",
        api_params={"outlet": outlet, "sort": sort}, facets=("outlet",),
    )  # fmt: skip
    return _page(
        request, "documents.html", view=view, outlet=outlet or "", outlets=outlets, notices=notices,
        sorts=sort_links(request, q.DOCUMENT_SORTS, sort),
    )  # fmt: skip


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(request: Request, store: StoreDep, document_id: Annotated[int, Path(le=MAX_ID)]):
    try:
        found = q.document(store, document_id)
    except StoreError as exc:
        return _missing(request, str(exc))
    record = found["record"]
    names = {e["id"]: e["name"] for e in record["entities"]}
    return _page(
        request,
        "document.html",
        doc=record["doc"],
        document_id=document_id,
        record=record,
        names=names,
        actors=found["actors"],
        text=highlight(record),
        data={"record": {k: v for k, v in record.items() if k != "doc"}, "actors": found["actors"]},
    )


@router.get("/actors", response_class=HTMLResponse)
def actors(
    request: Request, store: StoreDep, type: Text = None, country: Text = None, name: Text = None, sort: Text = None
):
    notices: list[str] = []
    checked_page(request, notices)
    type = checked_choice("type", type, ENTITY_TYPES, notices)
    country = checked_country(country, notices)
    sort = checked_sort(sort, q.ACTOR_SORTS, notices)
    ids = None
    if name:  # the name's words, each matched allowing for spelling ('Hifter' finds Haftar)
        ids = [i for i, _k, _n in store.actor_candidates(name)]
    query = q.actor_list(store, type=type, country=country, sort=sort, name=name, ids=ids)
    view = listing(
        request, store, query, api="/api/actors",
        api_params={"type": type, "country": country, "name": name, "sort": sort}, facets=("type", "country"),
    )  # fmt: skip
    form = {"type": type or "", "country": country or "", "name": name or ""}
    return _page(
        request, "actors.html", view=view, form=form, types=ENTITY_TYPES, notices=notices,
        sorts=sort_links(request, q.ACTOR_SORTS, sort),
    )  # fmt: skip


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(
    request: Request, store: StoreDep, actor_id: Annotated[int, Path(le=MAX_ID)],
    msort: Text = None, esort: Text = None, etype: Text = None, estatus: Text = None,
    bsort: Text = None, bkind: Text = None, asort: Text = None, akind: Text = None,
):  # fmt: skip
    """The actor with its four lists (mentions, events, claims by it, claims about it), each paged, sorted and
    filtered by its own parameters (m..., e..., b..., a...)."""
    try:
        info = q.actor(store, actor_id=actor_id, why=True, lists=False)
    except StoreError as exc:
        return _missing(request, str(exc))
    info["related"] = q.related(store, actor_id)
    notices: list[str] = []
    for name in ("mpage", "epage", "bpage", "apage"):
        checked_page(request, notices, name)
    msort = checked_sort(msort, q.MENTION_SORTS, notices)
    ev = q.Filters(
        type=checked_choice("type", etype, EVENT_TYPES, notices),
        status=checked_choice("status", estatus, STATUSES, notices),
        sort=checked_sort(esort, q.EVENT_SORTS, notices),
    )  # fmt: skip
    by = q.Filters(source_kind=checked_choice("source kind", bkind, SOURCE_KINDS, notices),
                   sort=checked_sort(bsort, q.CLAIM_SORTS, notices))  # fmt: skip
    about = q.Filters(source_kind=checked_choice("source kind", akind, SOURCE_KINDS, notices),
                      sort=checked_sort(asort, q.CLAIM_SORTS, notices))  # fmt: skip
    small = 20
    views = {
        "mentions": listing(request, store, q.mentions_query(actor_id, sort=msort), size=small, page_param="mpage",
                            api=f"/api/actors/{actor_id}/mentions"),
        "events": listing(request, store, q.events_query(store, ev, actor_id=actor_id), size=small, page_param="epage",
                          api="/api/events", facets=("type", "status"), prefix="e",
                          tally=q.events_query(store, ev, actor_id=actor_id, tally=True),
                          api_params={"actor_id": actor_id, "type": ev.type, "status": ev.status, "sort": ev.sort}),
        "claims_by": listing(request, store, q.claims_query(store, by, by_actor=actor_id), size=small,
                             page_param="bpage", facets=("source_kind",), prefix="b", api="/api/claims",
                             tally=q.claims_query(store, by, by_actor=actor_id, tally=True),
                             api_params={"actor_id": actor_id, "kind": by.source_kind, "sort": by.sort}),
        "claims_about": listing(request, store, q.claims_query(store, about, about_actor=actor_id), size=small,
                                page_param="apage", facets=("source_kind",), prefix="a", api="/api/claims",
                                tally=q.claims_query(store, about, about_actor=actor_id, tally=True),
                                api_params={"about_id": actor_id, "kind": about.source_kind, "sort": about.sort}),
    }  # fmt: skip
    sorts = {
        "mentions": sort_links(request, q.MENTION_SORTS, msort, "msort", "mpage"),
        "events": sort_links(request, q.EVENT_SORTS, ev.sort, "esort", "epage"),
        "claims_by": sort_links(request, q.CLAIM_SORTS, by.sort, "bsort", "bpage"),
        "claims_about": sort_links(request, q.CLAIM_SORTS, about.sort, "asort", "apage"),
    }
    for row in views["mentions"].rows:
        row["before"], row["name"], row["after"] = _snippet(row)
    done = request.query_params
    if done.get("merged"):
        notices.append(f"merged {done['merged']!r} into this actor ({done.get('moved', '?')} entities moved)")
    if done.get("split_from"):
        notices.append(f"split out of actor {done['split_from']} ({done.get('moved', '?')} entities moved)")
    return _page(
        request, "actor.html", actor=info, views=views, sorts=sorts, notices=notices, data={"actor": actor_id}
    )


@router.post("/actors/{actor_id}/merge", response_class=HTMLResponse)
def merge(
    request: Request, store: StoreDep, actor_id: Annotated[int, Path(le=MAX_ID)],
    other: Annotated[str, Form(min_length=1, max_length=300)],
):  # fmt: skip
    """Make ``other`` part of this actor: the same correction as ``khabar actors merge`` (replayed on re-ingest)."""
    try:
        _id, key, _name = store.actor_by_id(actor_id)
        _kept, gone, moved = store.merge(key, other)
    except StoreError as exc:
        return _page(request, "error.html", status=422, title="Not merged", message=str(exc))
    return RedirectResponse(f"/actors/{actor_id}?{urlencode({'merged': gone, 'moved': moved})}", status_code=303)


@router.post("/actors/{actor_id}/split", response_class=HTMLResponse)
def split(
    request: Request, store: StoreDep, actor_id: Annotated[int, Path(le=MAX_ID)],
    name: Annotated[str, Form(min_length=1, max_length=300)],
):  # fmt: skip
    """Take the entities called ``name`` out of this actor, as ``khabar actors split`` does."""
    try:
        _id, key, _name = store.actor_by_id(actor_id)
        _taken, moved = store.split(key, name)
        new_id = store.find_actor(split_key(key, fold(name)))[0]  # by the split actor's key: never a tie
    except StoreError as exc:
        return _page(request, "error.html", status=422, title="Not split", message=str(exc))
    return RedirectResponse(f"/actors/{new_id}?{urlencode({'split_from': actor_id, 'moved': moved})}", status_code=303)


def _snippet(row: dict) -> tuple[str, str, str]:
    """The words before a mention, the mention, the words after (cut at word boundaries)."""
    text, at = row["snippet"] or "", row["start"] - row["snippet_start"]
    end = at + (row["end"] - row["start"])
    before, after = text[:at], text[end:]
    if row["snippet_start"] > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if " " in after and len(after) >= 60:
        after = after[: after.rindex(" ")] + "…"
    return " ".join(before.split()), text[at:end], " ".join(after.split())


def _actor_filter(store: Store, name: str | None, notices: list[str]) -> tuple[int | None, list[dict], bool]:
    """The actor ``name`` means, or the candidates it fits (each with a link), and whether nothing fits."""
    if not name:
        return None, [], False
    try:
        return store.find_actor(name)[0], [], False
    except AmbiguousActor as exc:
        notices.append(f"{name!r} fits {len(exc.candidates)} actors; choose one")
        return None, [{"id": i, "key": k, "name": n} for i, k, n in exc.candidates[:20]], False
    except StoreError as exc:
        notices.append(str(exc).replace(" (try `khabar actors`)", ""))
        return None, [], True


@router.get("/claims", response_class=HTMLResponse)
def claims(
    request: Request,
    store: StoreDep,
    actor: Text = None,
    kind: Text = None,
    named_only: bool = False,
    outlet: Text = None,
    since: Text = None,
    until: Text = None,
    text: Text = None,
    sort: Text = None,
):
    notices: list[str] = []
    checked_page(request, notices)
    by, candidates, nobody = _actor_filter(store, actor, notices)
    outlet, outlets = _outlet(store, outlet, notices)
    f = q.Filters(
        source_kind=checked_choice("source kind", kind, SOURCE_KINDS, notices),
        named_only=named_only,
        outlet=outlet,
        date_from=_day("from", since, notices),
        date_to=_day("to", until, notices),
        text=text or None,
        sort=checked_sort(sort, q.CLAIM_SORTS, notices),
    )
    query, tally = q.claims_query(store, f, by_actor=by), q.claims_query(store, f, by_actor=by, tally=True)
    if nobody or candidates:
        query, tally = query.where(literal(False)), tally.where(literal(False))
    view = listing(
        request, store, query, api="/api/claims", facets=("source_kind", "outlet"), tally=tally,
        api_params={"actor_id": by, "kind": f.source_kind, "named_only": named_only, "outlet": outlet,
                    "since": f.date_from, "until": f.date_to, "text": f.text, "sort": f.sort},
    )  # fmt: skip
    form = {"actor": actor or "", "kind": f.source_kind or "", "named_only": named_only, "outlet": outlet or "",
            "since": f.date_from or "", "until": f.date_to or "", "text": text or ""}  # fmt: skip
    return _page(
        request, "claims.html", view=view, form=form, kinds=SOURCE_KINDS, notices=notices, candidates=candidates,
        outlets=outlets, sorts=sort_links(request, q.CLAIM_SORTS, f.sort),
    )  # fmt: skip


@router.get("/events", response_class=HTMLResponse)
def events(
    request: Request,
    store: StoreDep,
    type: Text = None,
    status: Text = None,
    country: Text = None,
    actor_country: bool = False,
    actor: Text = None,
    actor_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    outlet: Text = None,
    place: Text = None,
    since: Text = None,
    until: Text = None,
    sort: Text = None,
):
    notices: list[str] = []
    checked_page(request, notices)
    if actor_id is not None and not actor:  # from a click on the network: the actor by its id
        try:
            actor = store.actor_by_id(actor_id)[1]
        except StoreError as exc:
            notices.append(str(exc))
    by, candidates, nobody = _actor_filter(store, actor, notices)
    outlet, outlets = _outlet(store, outlet, notices)
    f = q.Filters(
        type=checked_choice("type", type, EVENT_TYPES, notices),
        status=checked_choice("status", status, STATUSES, notices),
        country=checked_country(country, notices),
        with_actor_country=actor_country,
        outlet=outlet,
        place=place or None,
        date_from=_day("from", since, notices),
        date_to=_day("to", until, notices),
        sort=checked_sort(sort, q.EVENT_SORTS, notices),
    )
    query, tally = q.events_query(store, f, actor_id=by), q.events_query(store, f, actor_id=by, tally=True)
    if nobody or candidates:
        query, tally = query.where(literal(False)), tally.where(literal(False))
    api_params = {"type": f.type, "status": f.status, "country": f.country, "actor_country": actor_country,
                  "actor_id": by, "outlet": outlet, "place": f.place, "since": f.date_from,
                  "until": f.date_to}  # fmt: skip
    view = listing(
        request, store, query, api="/api/events", api_params={**api_params, "sort": f.sort},
        facets=("type", "status", "outlet", "country"), tally=tally,
    )  # fmt: skip
    unplaced = None
    if f.country:  # how many events the same filters find that have no place at all
        rest = q.Filters(**{**f.__dict__, "country": None})
        unplaced = q.count(store, q.events_query(store, rest, actor_id=by, tally=True).where(Event.country.is_(None)))
    form = {"type": f.type or "", "status": f.status or "", "country": f.country or "", "place": place or "",
            "since": f.date_from or "", "until": f.date_to or "", "actor": actor or "", "outlet": outlet or "",
            "actor_country": actor_country}  # fmt: skip
    api_query = urlencode({k: v for k, v in api_params.items() if v not in (None, "", False)})
    return _page(
        request, "events.html", view=view, form=form, types=EVENT_TYPES, statuses=STATUSES, notices=notices,
        candidates=candidates, outlets=outlets, unplaced=unplaced, sorts=sort_links(request, q.EVENT_SORTS, f.sort),
        data={"query": api_query, "blocked": bool(nobody or candidates)},
    )  # fmt: skip


@router.get("/add", response_class=HTMLResponse)
def add(request: Request):
    return _page(request, "add.html", max_upload=request.app.state.max_upload)


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, store: StoreDep, q_: Annotated[str, Query(alias="q", max_length=300)] = "", sort: Text = None
):
    notices: list[str] = []
    checked_page(request, notices)
    sort = checked_sort(sort, q.SEARCH_SORTS, notices)
    page = page_number(request)
    total = q.search_count(store, q_) if q_.strip() else 0
    page = min(page, max(1, -(-total // PAGE)))
    rows = q.search(store, q_, limit=PAGE, offset=(page - 1) * PAGE, sort=sort) if total else []
    view = Listing(rows, total, page, PAGE)
    params = {"q": q_, "limit": PAGE, "offset": (page - 1) * PAGE, **({"sort": sort} if sort else {})}
    view.links = {
        "prev": url(request, page=page - 1) if page > 1 else None,
        "next": url(request, page=page + 1) if page * PAGE < total else None,
        "json": f"/api/search?{urlencode(params)}",
        "csv": f"/api/search?{urlencode({**params, 'format': 'csv'})}",
    }
    sorts = sort_links(request, q.SEARCH_SORTS, sort)
    return _page(request, "search.html", query=q_, view=view, notices=notices, sorts=sorts, sort=sort)


@router.get("/api", response_class=HTMLResponse)
def api_reference(request: Request):
    schema = request.app.openapi()
    ops = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
         "params": [(p["name"], p.get("in"), p.get("description", "")) for p in op.get("parameters", [])]}
        for path, methods in schema["paths"].items() for method, op in methods.items()
    ]  # fmt: skip
    return _page(request, "api.html", ops=ops, version=schema["info"]["version"])
