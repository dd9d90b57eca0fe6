"""The REST API under /api: the store's documents, records, actors, claims, events and search as JSON,
and endpoints to add articles. Every answer is what the CLI's ``--json`` gives for the same question."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from pydantic import BaseModel, Field, field_validator

from khabar.read import Article, InputError
from khabar.read.files import SUFFIXES, date_problem, read_bytes
from khabar.record import ENTITY_TYPES, EVENT_TYPES, SOURCE_KINDS, STATUSES
from khabar.store import Store, StoreError
from khabar.store import queries as q

router = APIRouter(prefix="/api")

DATE = r"^\d{4}-\d{2}-\d{2}$"
_SURROGATE = re.compile(r"[\ud800-\udfff]")
Limit = Annotated[int, Query(ge=1, le=1000, description="at most this many rows")]
Since = Annotated[str | None, Query(pattern=DATE, description="from this date, YYYY-MM-DD")]
Until = Annotated[str | None, Query(pattern=DATE, description="up to this date, YYYY-MM-DD")]
Outlet = Annotated[str | None, Query(max_length=300, description="only articles of this outlet")]
MAX_ID = 2**53  # ids past this are not ours, and not every database takes them
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


@router.get("/stats", summary="What the store holds")
def stats(store: StoreDep) -> dict[str, Any]:
    return q.stats(store)


@router.get("/documents", summary="Stored articles, newest first")
def documents(
    store: StoreDep, outlet: Outlet = None, limit: Limit = 50, offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0
):
    return q.documents(store, outlet=outlet, limit=limit, offset=offset)


@router.get("/documents/{document_id}", summary="One article's khabar.record/1 and the actors of its entities")
def document(store: StoreDep, document_id: Id):
    try:
        return q.document(store, document_id)
    except StoreError as exc:
        raise _not_found(exc) from exc


@router.get("/actors", summary="Actors, most mentioned first")
def actors(
    store: StoreDep,
    type: EntityType | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO code")] = None,
    limit: Limit = 50,
):
    return q.actors(store, type=type, country=country, limit=limit, with_id=True)


@router.get("/actors/{actor_id}", summary="One actor: names, roles, events, claims by and about it, related actors")
def actor(store: StoreDep, actor_id: Id, why: bool = False, limit: Limit = 100):
    try:
        info = q.actor(store, actor_id=actor_id, why=why, limit=limit)
    except StoreError as exc:
        raise _not_found(exc) from exc
    info["related"] = q.related(store, actor_id)
    return info


def _actor_exists(store: Store, actor_id: int | None) -> None:
    if actor_id is not None:
        try:
            store.actor_by_id(actor_id)
        except StoreError as exc:
            raise _not_found(exc) from exc


@router.get("/claims", summary="Attributed statements with their chain: outlet, via, source")
def claims(
    store: StoreDep,
    actor_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="claims made by this actor")] = None,
    about_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="claims whose content names this actor")] = None,
    kind: SourceKind | None = None,
    named_only: Annotated[bool, Query(description="leave out claims from unnamed sources")] = False,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    text: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
):
    _actor_exists(store, actor_id)
    _actor_exists(store, about_id)
    f = q.Filters(
        source_kind=kind, named_only=named_only, outlet=outlet, date_from=since, date_to=until, text=text, limit=limit
    )
    return q.claims(store, f, by_actor=actor_id, about_actor=about_id)


def _event_filters(
    type: EventType | None = None,
    status: Status | None = None,
    place: Annotated[str | None, Query(max_length=200, description="place name contains this")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO code of the place")] = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 500,
) -> q.Filters:
    return q.Filters(
        type=type, status=status, place=place, country=country, outlet=outlet, date_from=since, date_to=until,
        limit=limit,
    )  # fmt: skip


EventFilters = Annotated[q.Filters, Depends(_event_filters)]


@router.get("/events", summary="PLOVER events, newest first")
def events(
    store: StoreDep,
    f: EventFilters,
    actor_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="events with this actor as source or target")
    ] = None,
):
    _actor_exists(store, actor_id)
    return q.events(store, f, actor_id=actor_id)


@router.get("/network", summary="The actor network: actors and who acts on whom (events and claims)")
def network(store: StoreDep, f: EventFilters):
    from khabar.export.network import graph

    g = graph(store, f)
    return {
        "nodes": [{"id": n, **d} for n, d in g.nodes(data=True)],
        "edges": [{"source": a, "target": b, **d} for a, b, d in g.edges(data=True)],
    }


@router.get("/search", summary="Full-text search over stored articles")
def search(store: StoreDep, q_: Annotated[str, Query(alias="q", min_length=1, max_length=300)], limit: Limit = 20):
    return q.search(store, q_, limit=limit)


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
