"""The web UI: server-rendered pages over the same queries as the CLI and the API. Each page's data
also goes to the page as JSON (in a non-executable script block) for the maps, timelines and networks."""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from khabar.record import ENTITY_TYPES, EVENT_TYPES, SOURCE_KINDS, STATUSES
from khabar.serve.api import DATE, MAX_ID, StoreDep
from khabar.serve.highlight import highlight
from khabar.store import StoreError
from khabar.store import queries as q

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("khabar.serve").joinpath("templates")))
PAGE = 25

Text = Annotated[str | None, Query(max_length=300)]
Day = Annotated[str | None, Query(pattern=f"{DATE}|^$")]


def _page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"nav": name.split(".")[0], **context}, status_code=status)


def _missing(request: Request, message: str) -> HTMLResponse:
    return _page(request, "error.html", status=404, message=message)


def safe_url(url: str | None) -> str | None:
    """Only web links become links: an article's URL is untrusted (no javascript: or data: URLs)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


templates.env.filters["safe_url"] = safe_url


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep):
    return _page(request, "home.html", stats=q.stats(store), documents=q.documents(store, limit=10))


@router.get("/documents", response_class=HTMLResponse)
def documents(
    request: Request, store: StoreDep, page: Annotated[int, Query(ge=1, le=100_000)] = 1, outlet: Text = None
):
    rows = q.documents(store, outlet=outlet or None, limit=PAGE + 1, offset=(page - 1) * PAGE)
    return _page(
        request, "documents.html", documents=rows[:PAGE], page=page, more=len(rows) > PAGE, outlet=outlet or ""
    )


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
    request: Request,
    store: StoreDep,
    type: Annotated[str | None, Query(max_length=10)] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
):
    type = type if type in ENTITY_TYPES else None
    rows = q.actors(store, type=type, country=country or None, limit=300, with_id=True)
    return _page(request, "actors.html", actors=rows, type=type or "", country=country or "", types=ENTITY_TYPES)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, store: StoreDep, actor_id: Annotated[int, Path(le=MAX_ID)]):
    try:
        info = q.actor(store, actor_id=actor_id, why=True, limit=300)
    except StoreError as exc:
        return _missing(request, str(exc))
    info["related"] = q.related(store, actor_id)
    timeline = [
        {"id": i, "date": e["date"], "type": e["type"], "evidence": e["evidence"], "document": e["document"],
         "event": e["event"], "role": "source" if e["source_actor_id"] == actor_id else "target"}
        for i, e in enumerate(info["events"]) if e["date"]
    ]  # fmt: skip
    return _page(request, "actor.html", actor=info, data={"timeline": timeline})


@router.get("/claims", response_class=HTMLResponse)
def claims(
    request: Request,
    store: StoreDep,
    actor: Text = None,
    kind: Annotated[str | None, Query(max_length=20)] = None,
    named_only: bool = False,
    outlet: Text = None,
    since: Day = None,
    until: Day = None,
    text: Text = None,
):
    problem = None
    by = None
    if actor:
        try:
            by = store.find_actor(actor)[0]
        except StoreError as exc:
            problem = str(exc)
    f = q.Filters(
        source_kind=kind if kind in SOURCE_KINDS else None,
        named_only=named_only,
        outlet=outlet or None,
        date_from=since or None,
        date_to=until or None,
        text=text or None,
        limit=300,
    )
    rows = [] if problem else q.claims(store, f, by_actor=by)
    form = {"actor": actor or "", "kind": f.source_kind or "", "named_only": named_only, "outlet": outlet or "",
            "since": since or "", "until": until or "", "text": text or ""}  # fmt: skip
    return _page(request, "claims.html", claims=rows, form=form, kinds=SOURCE_KINDS, problem=problem)


@router.get("/events", response_class=HTMLResponse)
def events(
    request: Request,
    store: StoreDep,
    type: Annotated[str | None, Query(max_length=12)] = None,
    status: Annotated[str | None, Query(max_length=12)] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    place: Text = None,
    since: Day = None,
    until: Day = None,
):
    from khabar.export.network import graph

    f = q.Filters(
        type=type if type in EVENT_TYPES else None,
        status=status if status in STATUSES else None,
        country=country or None,
        place=place or None,
        date_from=since or None,
        date_to=until or None,
        limit=1000,
    )
    rows = q.events(store, f)
    g = graph(store, f)
    network = {
        "nodes": [{"id": n, **d} for n, d in g.nodes(data=True)],
        "edges": [{"source": a, "target": b, **d} for a, b, d in g.edges(data=True) if d["events"]],
    }
    form = {"type": f.type or "", "status": f.status or "", "country": country or "", "place": place or "",
            "since": since or "", "until": until or ""}  # fmt: skip
    return _page(
        request,
        "events.html",
        events=rows,
        form=form,
        types=EVENT_TYPES,
        statuses=STATUSES,
        data={"events": rows, "network": network},
    )


@router.get("/add", response_class=HTMLResponse)
def add(request: Request):
    return _page(request, "add.html", max_upload=request.app.state.max_upload)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, store: StoreDep, q_: Annotated[str, Query(alias="q", max_length=300)] = ""):
    rows = q.search(store, q_, limit=50) if q_.strip() else []
    return _page(request, "search.html", query=q_, results=rows)


@router.get("/api", response_class=HTMLResponse)
def api_reference(request: Request):
    schema = request.app.openapi()
    ops = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
         "params": [(p["name"], p.get("in"), p.get("description", "")) for p in op.get("parameters", [])]}
        for path, methods in schema["paths"].items() for method, op in methods.items()
    ]  # fmt: skip
    return _page(request, "api.html", ops=ops, version=schema["info"]["version"])
