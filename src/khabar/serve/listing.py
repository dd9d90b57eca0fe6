"""What every list page shares: one window of rows with its total, links to the neighbouring pages, sortable
column headers, facet counts that filter on click, and the current view as CSV and JSON from the API."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from sqlalchemy import Select

from khabar.store import Store
from khabar.store import queries as q

PAGE = 50
MAX_PAGE = 100_000


def url(request: Request, drop: tuple[str, ...] = (), *, reset: str = "page", **changes: Any) -> str:
    """The current page's URL with ``changes`` to its query (None or '' removes a parameter); the page number
    (``reset`` names it) goes back to the first page unless it is one of the changes."""
    params = {k: v for k, v in request.query_params.multi_items() if k not in drop}
    if reset not in changes:
        params.pop(reset, None)
    for k, v in changes.items():
        if v is None or v == "":
            params.pop(k, None)
        else:
            params[k] = str(v)
    query = urlencode(params)
    return f"{request.url.path}?{query}" if query else request.url.path


def page_number(request: Request, name: str = "page") -> int:
    """The page asked for (1 when it is missing or not a number in range: a visible notice says so)."""
    raw = request.query_params.get(name, "1")
    return int(raw) if _a_page(raw) else 1


def _a_page(raw: str) -> bool:
    return raw.isdigit() and 1 <= int(raw) <= MAX_PAGE


@dataclass
class Listing:
    """One window of a list, and what the page needs to show and move through it."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    size: int
    links: dict[str, str | None] = field(default_factory=dict)  # prev, next, csv, json
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return (self.page - 1) * self.size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def listing(
    request: Request,
    store: Store,
    query: Select | list[dict[str, Any]],
    *,
    api: str | None = None,
    api_params: dict[str, Any] | None = None,
    facets: tuple[str, ...] = (),
    size: int = PAGE,
    page_param: str = "page",
    prefix: str = "",
    tally: Select | None = None,
) -> Listing:
    """The window of ``query`` (a list query, or rows already made) the request's page asks for, with its total
    and facets; ``api`` (a path) with ``api_params`` gives the links to the same rows as CSV and JSON. Where a
    page holds several lists, each has its own ``page_param`` and ``prefix`` for its facets' parameters; ``tally``:
    the same rows as ``query`` with just the facets' columns (a leaner query to count them with)."""
    page = page_number(request, page_param)
    made = isinstance(query, list)
    if made:
        total, tallied = len(query), _facets(query, facets)
    else:
        total, tallied = q.counted(store, query if tally is None else tally, facets)
    last_page = max(1, -(-total // size))
    page = min(page, last_page)
    start = (page - 1) * size
    rows = query[start : start + size] if made else q.rows(store, query, limit=size, offset=start)
    links: dict[str, str | None] = {
        "prev": url(request, **{page_param: page - 1}) if page > 1 else None,
        "next": url(request, **{page_param: page + 1}) if page < last_page else None,
    }
    if api:
        params = {k: v for k, v in (api_params or {}).items() if v not in (None, "", False)}
        params.update(limit=size, offset=(page - 1) * size)
        links["json"] = f"{api}?{urlencode(params)}"
        links["csv"] = f"{api}?{urlencode({**params, 'format': 'csv'})}"
    counted = {
        name: [
            {"value": v, "count": n,
             "href": url(request, reset=page_param, **{prefix + name_param(name): v if v is not None else q.NONE})}
            for v, n in values
        ]
        for name, values in tallied.items()
    }
    return Listing(rows, total, page, size, links, counted)


def _facets(rows: list[dict[str, Any]], columns: tuple[str, ...], top: int = 30) -> dict[str, list[tuple]]:
    out = {}
    for name in columns:
        counted = Counter(r[name] for r in rows)
        out[name] = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0] is None, str(kv[0])))[:top]
    return out


def name_param(column: str) -> str:
    """The filter parameter a facet's column is set by."""
    return {"source_kind": "kind"}.get(column, column)


def sort_links(
    request: Request, allowed: tuple[str, ...], current: str | None, param: str = "sort", page_param: str = "page"
) -> dict[str, dict[str, str]]:
    """For each sortable column: the link that sorts by it (descending first when it is already ascending) and
    the ``aria-sort`` value of its header; ``param`` names the sort in the URL (one per list on a page)."""
    out = {}
    for name in allowed:
        if current == name:
            out[name] = {"next": f"-{name}", "aria": "ascending", "mark": "▲"}
        elif current == f"-{name}":
            out[name] = {"next": name, "aria": "descending", "mark": "▼"}
        else:
            out[name] = {"next": name, "aria": "none", "mark": ""}
        out[name]["href"] = url(request, reset=page_param, **{param: out[name].pop("next")})
    return out


def checked_sort(value: str | None, allowed: tuple[str, ...], notices: list[str]) -> str | None:
    """``value`` when it names a sortable column, else None with a notice saying what was ignored."""
    if not value:
        return None
    if value.removeprefix("-") in allowed:
        return value
    notices.append(f"cannot sort by {value!r}: one of {', '.join(allowed)}; showing the default order")
    return None


def checked_choice(name: str, value: str | None, allowed: tuple[str, ...], notices: list[str]) -> str | None:
    """``value`` when it is one of ``allowed`` (any case), else None with a notice."""
    if not value:
        return None
    for a in allowed:
        if a.lower() == value.lower():
            return a
    notices.append(f"no {name} {value!r}: one of {', '.join(allowed)}; showing every {name}")
    return None


def checked_country(value: str | None, notices: list[str]) -> str | None:
    if not value:
        return None
    if value == q.NONE:
        return value
    if len(value) == 2 and value.isalpha():
        return value.upper()
    notices.append(f"country {value!r} is not a two-letter ISO code; showing every country")
    return None


def checked_page(request: Request, notices: list[str], name: str = "page") -> None:
    raw = request.query_params.get(name)
    if raw is not None and not _a_page(raw):
        notices.append(f"page {raw!r} is not a page number; showing the first page")
