"""The REST API under /api: the store's documents, records, actors, claims, events and search as JSON,
and endpoints to add articles. Every answer is what the CLI's ``--json`` gives for the same question."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field, field_validator

from khabar.read import Article, InputError
from khabar.read.files import SUFFIXES, date_problem, read_bytes
from khabar.record import ENTITY_TYPES, EVENT_TYPES, SOURCE_KINDS, STATUSES
from khabar.store import Store, StoreError
from khabar.store import queries as q

router = APIRouter(prefix="/api")

DATE = r"^\d{4}-\d{2}-\d{2}$"
MAX_ID = 2**53  # ids past this are not ours, and not every database takes them
_SURROGATE = re.compile(r"[\ud800-\udfff]")
Limit = Annotated[int, Query(ge=1, le=1000, description="at most this many rows")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="leave out this many rows first (paging)")]
Sort = Annotated[
    str | None, Query(pattern=r"^-?[a-z_]{1,20}$", description="sort by this column; a leading '-' for descending")
]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
Fields = Annotated[
    str | None, Query(pattern=r"^[a-z_]+(,[a-z_]+){0,40}$", description="only these columns, comma-separated")
]
Since = Annotated[str | None, Query(pattern=DATE, description="from this date, YYYY-MM-DD")]
Until = Annotated[str | None, Query(pattern=DATE, description="up to this date, YYYY-MM-DD")]
Outlet = Annotated[str | None, Query(max_length=300, description="only articles of this outlet")]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
# the record's vocabularies, as enums in the OpenAPI schema
EntityType = Literal[ENTITY_TYPES]  # type: ignore[valid-type]
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
SourceKind = Literal[SOURCE_KINDS]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]


def store_of(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(store_of)]


def _not_found(exc: StoreError) -> HTTPException:
    return HTTPException(status_code=404, detail=str(exc))


def listed(
    store: Store, response: Response, query, limit: int, offset: int, fmt: str = "json", fields: str | None = None,
    tally=None,
):  # fmt: skip
    """One window of a list ``query``, its total in ``X-Total-Count`` (counted on ``tally``, the same rows in a
    leaner query, where given); as CSV when asked (the same rows); only the columns ``fields`` names
    (comma-separated) when given."""
    if fields:
        known = [c.key for c in query.selected_columns]
        wanted = fields.split(",")
        unknown = [f for f in wanted if f not in known]
        if unknown:
            raise HTTPException(status_code=422, detail=f"no field {unknown[0]!r}: one of {', '.join(known)}")
        query = query.with_only_columns(*[c for c in query.selected_columns if c.key in wanted])
    try:
        total = q.count(store, query if tally is None else tally)
        rows = q.rows(store, query, limit=limit, offset=offset)
    except StoreError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return _answer(response, rows, total, fmt)


def _answer(response: Response, rows: list[dict[str, Any]], total: int, fmt: str):
    """A window of a list as JSON (the rows; the total in ``X-Total-Count``) or, asked for, as CSV."""
    headers = {"X-Total-Count": str(total)}
    if fmt == "csv":
        return PlainTextResponse(q.as_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)
    # rows of plain values: sent as they are, without FastAPI walking every value of a thousand rows again
    return JSONResponse(rows, headers={**response.headers, **headers})


def _sorting(build, *args, **kwargs):
    try:
        return build(*args, **kwargs)
    except StoreError as exc:  # an unknown sort column
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.get("/stats", summary="What the store holds")
def stats(store: StoreDep) -> dict[str, Any]:
    return q.stats(store)


@router.get("/documents", summary="Stored articles, newest first (total in X-Total-Count)")
def documents(
    store: StoreDep, response: Response, outlet: Outlet = None, limit: Limit = 50, offset: Offset = 0,
    sort: Sort = None, format: Format = "json",
):  # fmt: skip
    query = _sorting(q.documents_query, outlet=outlet, sort=sort)
    return listed(store, response, query, limit, offset, format)


@router.get("/documents/{document_id}", summary="One article's khabar.record/1 and the actors of its entities")
def document(store: StoreDep, document_id: Id):
    try:
        return q.document(store, document_id)
    except StoreError as exc:
        raise _not_found(exc) from exc


@router.get("/actors", summary="Actors, most mentioned first (total in X-Total-Count)")
def actors(
    store: StoreDep,
    response: Response,
    type: EntityType | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO code")] = None,
    name: Annotated[str | None, Query(max_length=200, description="names containing this")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    sort: Sort = None,
    format: Format = "json",
):
    rows = _sorting(q.actor_list, store, type=type, country=country, sort=sort, name=name)
    return _answer(response, rows[offset : offset + limit], len(rows), format)


@router.get("/actors/{actor_id}", summary="One actor: names, roles, events, claims by and about it, related actors")
def actor(store: StoreDep, actor_id: Id, why: bool = False, limit: Limit = 100):
    try:
        info = q.actor(store, actor_id=actor_id, why=why, limit=limit)
    except StoreError as exc:
        raise _not_found(exc) from exc
    info["related"] = q.related(store, actor_id)
    return info


@router.get("/actors/{actor_id}/mentions", summary="Where articles name an actor, with the words around it")
def actor_mentions(
    store: StoreDep, response: Response, actor_id: Id, limit: Limit = 100, offset: Offset = 0, format: Format = "json"
):
    _actor_exists(store, actor_id)
    return listed(store, response, q.mentions_query(actor_id), limit, offset, format)


def _actor_exists(store: Store, actor_id: int | None) -> None:
    if actor_id is not None:
        try:
            store.actor_by_id(actor_id)
        except StoreError as exc:
            raise _not_found(exc) from exc


@router.get("/claims", summary="Attributed statements with their chain: outlet, via, source (total in X-Total-Count)")
def claims(
    store: StoreDep,
    response: Response,
    actor_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="claims made by this actor")] = None,
    about_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="claims whose content names this actor")] = None,
    kind: SourceKind | None = None,
    named_only: Annotated[bool, Query(description="leave out claims from unnamed sources")] = False,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    text: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    sort: Sort = None,
    format: Format = "json",
):
    _actor_exists(store, actor_id)
    _actor_exists(store, about_id)
    f = q.Filters(
        source_kind=kind, named_only=named_only, outlet=outlet, date_from=since, date_to=until, text=text, sort=sort
    )
    query = _sorting(q.claims_query, store, f, by_actor=actor_id, about_actor=about_id)
    tally = q.claims_query(store, f, by_actor=actor_id, about_actor=about_id, tally=True)
    return listed(store, response, query, limit, offset, format, tally=tally)


def _event_filters(
    type: EventType | None = None,
    status: Status | None = None,
    place: Annotated[str | None, Query(max_length=200, description="place name contains this")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO code of the place")] = None,
    actor_country: Annotated[
        bool, Query(description="country also takes events whose source or target belongs to it")
    ] = False,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    document: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this article")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, description="only events at least this likely")] = None,
    limit: Limit = 500,
    offset: Offset = 0,
    sort: Sort = None,
) -> q.Filters:
    return q.Filters(
        type=type, status=status, place=place, country=country, with_actor_country=actor_country, outlet=outlet,
        date_from=since, date_to=until, document=document, min_confidence=min_confidence, limit=limit, offset=offset,
        sort=sort,
    )  # fmt: skip


EventFilters = Annotated[q.Filters, Depends(_event_filters)]


ActorId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="events with this actor as source or target")]


@router.get("/events", summary="PLOVER events, newest first (total in X-Total-Count)")
def events(
    store: StoreDep, response: Response, f: EventFilters, actor_id: ActorId = None, format: Format = "json",
    fields: Fields = None,
):  # fmt: skip
    _actor_exists(store, actor_id)
    query = _sorting(q.events_query, store, f, actor_id=actor_id)
    tally = q.events_query(store, f, actor_id=actor_id, tally=True)
    return listed(store, response, query, f.limit or 500, f.offset, format, fields, tally=tally)


@router.get("/network", summary="The actor network: actors and who acts on whom (events and claims)")
def network(
    store: StoreDep,
    f: EventFilters,
    top: Annotated[int | None, Query(ge=1, le=5000, description="only this many most connected actors")] = None,
    claims: Annotated[bool, Query(description="also edges for statements that name another actor")] = True,
):
    from khabar.export.network import as_json

    return as_json(network_graph(store, f, claims), top=top)


def network_graph(store: Store, f: q.Filters, claims: bool = True):
    """The actor network of ``f``'s events (and claims), worked out once per state of the store whatever
    ``top`` is asked of it."""
    from khabar.export.network import graph

    chosen = sorted((k, v) for k, v in f.__dict__.items() if k not in ("limit", "offset", "sort"))
    key = f"network-graph:{chosen}:{claims}"
    return store.memo(key, lambda: graph(store, f, claims=claims))


def warm_up(store: Store) -> None:
    """Work out what the first visits ask for most and takes longest (the whole network) ahead of them."""
    network_graph(store, _event_filters())


@router.get("/search", summary="Full-text search over stored articles (total in X-Total-Count)")
def search(
    store: StoreDep, response: Response, q_: Annotated[str, Query(alias="q", min_length=1, max_length=300)],
    limit: Limit = 20, offset: Offset = 0, format: Format = "json", sort: Sort = None,
):  # fmt: skip
    found = _sorting(q.search, store, q_, limit=limit, offset=offset, sort=sort)
    return _answer(response, found, q.search_count(store, q_), format)


class NewArticle(BaseModel):
    text: str = Field(min_length=1, max_length=300_000, description="the article body")
    title: str | None = Field(default=None, max_length=500)
    outlet: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, pattern=DATE, description="YYYY-MM-DD")

    @field_validator("text")
    @classmethod
    def _has_words(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the article text is empty")
        return v

    @field_validator("text", "title", "outlet", "url")
    @classmethod
    def _unicode(cls, v: str | None) -> str | None:
        if v is not None and _SURROGATE.search(v):
            raise ValueError("not valid Unicode (a lone surrogate)")
        return v

    @field_validator("published")
    @classmethod
    def _real_day(cls, v: str | None) -> str | None:
        problem = date_problem(v) if v else None
        if problem:
            raise ValueError(problem)
        return v


class JobState(BaseModel):
    id: str
    total: int
    done: int
    stored: int
    duplicates: int
    errors: list[str]
    documents: list[int]
    state: str


@router.post("/articles", status_code=202, response_model=JobState, summary="Add one article (extracted later)")
def add_article(request: Request, article: NewArticle):
    item = Article(**article.model_dump(), origin="pasted text")
    return request.app.state.jobs.submit([item]).to_dict()


@router.post("/uploads", status_code=202, response_model=JobState, summary="Add files: .txt, .html or .jsonl")
async def upload(
    request: Request,
    files: Annotated[list[UploadFile], File(description=".txt, .html or .jsonl files")],
    published: Annotated[str | None, Form(pattern=DATE)] = None,
    outlet: Annotated[str | None, Form(max_length=300)] = None,
):
    problem = date_problem(published) if published else None
    if problem:
        raise HTTPException(status_code=422, detail=problem)
    limit = request.app.state.max_upload
    items: list[Article | InputError] = []
    for f in files:
        data = await f.read(limit + 1)
        name = PurePath(f.filename or "upload.txt").name
        if PurePath(name).suffix.lower() not in SUFFIXES:
            items.append(InputError(name, f"not one of {', '.join(SUFFIXES)}"))
            continue
        if len(data) > limit:
            raise HTTPException(status_code=413, detail=f"{name}: over the upload limit of {limit:,} bytes")
        items.extend(read_bytes(data, name, {"published": published, "outlet": outlet}))
    if not items:
        raise HTTPException(status_code=422, detail="no files")
    return request.app.state.jobs.submit(items).to_dict()


@router.get("/jobs/{job_id}", response_model=JobState, summary="Progress of an add or upload")
def job(request: Request, job_id: Annotated[str, Path(max_length=64)]):
    found = request.app.state.jobs.get(job_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no job {job_id!r}")
    return found.to_dict()
