"""Extraction spread over worker processes: each loads the spaCy model, gazetteer and knowledge base once
and takes chunks of articles (one ``nlp.pipe`` batch each); results come back in input order.

``process`` is the unit of work wherever it runs: in this process, in a local pool, or on a Ray cluster
(``khabar.engines.ray``). It extracts the articles that need it, validates records read from earlier
runs, and turns a failure into an error message for that article instead of losing its chunk."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

from khabar.read import Article

BATCH = 16  # articles per chunk: one spaCy batch
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass
class Outcome:
    """What became of one article: its record, or why there is none."""

    record: dict[str, Any] | None
    error: str | None = None


def cpu_count() -> int:
    """The cores this process may run on (a container's limit, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def warm() -> None:
    """Load everything extraction needs, so that forked workers share it and the first article is fast."""
    from khabar.entities.kb import default_kb
    from khabar.geo.gazetteer import gazetteer
    from khabar.parse import get_nlp

    get_nlp()
    default_kb()
    gazetteer().candidates("")


def process(articles: list[Article], reextract: bool = False) -> list[Outcome]:
    """Outcomes for one chunk, in order: records read from earlier runs are validated and kept (unless
    ``reextract``), the other articles extracted together; a chunk that fails is retried one by one."""
    from khabar.pipeline import extract_many
    from khabar.record import validate

    out: list[Outcome | None] = [None] * len(articles)
    todo: list[int] = []
    for i, article in enumerate(articles):
        if article.record is not None and not reextract:
            problems = validate(article.record)
            if problems:
                out[i] = Outcome(None, f"not a valid khabar.record/1 ({problems[0]})")
            else:
                out[i] = Outcome(article.record)
        else:
            todo.append(i)
    if todo:
        try:
            records = [r.to_dict() for r in extract_many([articles[i] for i in todo], batch_size=len(todo))]
            for i, record in zip(todo, records, strict=True):
                out[i] = Outcome(record)
        except Exception:  # noqa: BLE001 - one bad article must not sink its chunk
            for i in todo:
                try:
                    out[i] = Outcome(next(extract_many([articles[i]])).to_dict())
                except Exception as exc:  # noqa: BLE001 - reported with the article's origin by the caller
                    out[i] = Outcome(None, f"extraction failed ({type(exc).__name__}: {exc})")
    return [o for o in out if o is not None]


def outcomes(
    articles: Iterable[Article], *, workers: int = 1, batch_size: int = BATCH, reextract: bool = False
) -> Iterator[tuple[Article, Outcome]]:
    """Each article with its outcome, in input order, from ``workers`` processes (1: this process).

    The pool starts here, before the caller draws anything (so before any progress-bar thread), and at
    most two chunks per worker are in flight, so a long input is never read ahead into memory."""
    batch_size = max(1, batch_size)
    if isinstance(articles, list):  # a short input is not worth a pool
        workers = min(workers, -(-len(articles) // batch_size))
    if workers <= 1:
        return _in_process(articles, batch_size, reextract)
    warm()  # before the fork: workers share the loaded model instead of each loading its own
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=_start_worker, initargs=(os.getpid(),)
    )
    return _pooled(pool, articles, workers, batch_size, reextract)


def _in_process(articles: Iterable[Article], batch_size: int, reextract: bool) -> Iterator[tuple[Article, Outcome]]:
    for chunk in _chunks(articles, batch_size):
        yield from zip(chunk, process(chunk, reextract), strict=True)


def _pooled(
    pool: ProcessPoolExecutor, articles: Iterable[Article], workers: int, batch_size: int, reextract: bool
) -> Iterator[tuple[Article, Outcome]]:
    pending: deque[tuple[list[Article], Future]] = deque()
    chunks = _chunks(articles, batch_size)
    try:
        for chunk in chunks:
            pending.append((chunk, pool.submit(process, chunk, reextract)))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                yield from zip(done, future.result(), strict=True)
        while pending:
            done, future = pending.popleft()
            yield from zip(done, future.result(), strict=True)
    finally:
        for _chunk, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool, workers need not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":  # a parent killed with SIGKILL must not leave its workers running
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:
            os._exit(1)
    warm()


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def _context():
    # fork on Linux shares the model loaded by warm(); elsewhere each worker loads its own
    return mp.get_context("fork" if sys.platform == "linux" else "spawn")
