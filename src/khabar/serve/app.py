"""``khabar serve``: a local web app and REST API over the store (FastAPI)."""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from khabar import __version__
from khabar.serve import api, pages
from khabar.serve.cache import PageCache
from khabar.serve.jobs import Jobs
from khabar.serve.security import Guard
from khabar.store import Store

MAX_UPLOAD = 10 * 1024 * 1024  # bytes per uploaded file, and per request


def create_app(
    db: str | None = None, *, store: Store | None = None, token: str | None = None, max_upload: int = MAX_UPLOAD,
    warm: bool = True, hosts: set[str] | None = None, cache: bool = True,
) -> FastAPI:  # fmt: skip
    """The app over the store at ``db`` (or ``store``); ``token``, when given, is required on every request;
    ``hosts`` are the names the ``Host`` header may carry (default: loopback, see ``security.allowed_hosts``);
    ``cache``: answers are kept per state of the store (``serve.cache``)."""
    store = store or Store(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm:  # load the model while the first page is read, not when the first article is added
            from khabar.workers import warm as load

            threading.Thread(target=load, daemon=True).start()
            threading.Thread(target=api.warm_up, args=(store,), daemon=True).start()
            threading.Thread(target=pages.compile_templates, daemon=True).start()
            threading.Thread(target=app.openapi, daemon=True).start()  # the schema /api and /api/openapi.json show
        yield
        app.state.jobs.close()

    app = FastAPI(
        title="khabar",
        version=__version__,
        summary="Conflict reporting as a sourced, queryable record: documents, actors, claims, events.",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; /api is a reference page served from here
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.jobs = Jobs(store)
    app.state.max_upload = max_upload
    if cache:  # innermost: the guard refuses before anything kept is sent
        app.add_middleware(PageCache, store=store)
    app.add_middleware(Guard, token=token, max_body=max_upload + 64 * 1024, hosts=hosts)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.mount("/static", StaticFiles(directory=str(resources.files("khabar.serve").joinpath("static"))), "static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def _wants_html(request: Request) -> bool:
    """A browser asking for a page (not the API, not a script's fetch)."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    """422 naming each field that is wrong and why, without echoing what was sent (it may be huge, or not
    even valid Unicode); as a page for a browser, as JSON for the API."""
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "invalid")), "type": str(e.get("type", ""))}
        for e in exc.errors()[:20]
    ]
    if _wants_html(request):
        problems = [f"{' '.join(str(x) for x in e['loc'][1:]) or 'request'}: {e['msg']}" for e in errors]
        return pages.error_page(request, 422, "That address asks for something invalid", problems=problems)
    return JSONResponse({"detail": errors}, status_code=422)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if _wants_html(request):
        title = {404: "Not found", 405: "Not allowed", 413: "Too large"}.get(exc.status_code, "Refused")
        message = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else "There is no such page."
        return pages.error_page(request, exc.status_code, title, message=str(message))
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))
