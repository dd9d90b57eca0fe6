"""``khabar ingest --feed``: the new items of a feed fetched, extracted and stored; each item's fate is
kept, so stored items are skipped next time and failed ones are tried again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from khabar.read.feed import Feed, FeedEntry, read_entries, read_feed
from khabar.store.ingest import IngestReport, content_hash
from khabar.store.models import Document, FeedItem
from khabar.store.store import Store


@dataclass
class FeedReport:
    feed: str
    items: int = 0
    seen: int = 0  # stored by an earlier run: not fetched again
    retried: int = 0  # failed before, tried again now
    failed: list[str] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)


def ingest_feed(
    store: Store,
    source: str,
    *,
    timeout: float = 20.0,
    workers: int = 1,
    allow_private: bool = False,
    on_error: Callable[[str], None] = lambda message: None,
) -> FeedReport:
    """Fetch, extract and store the items of ``source`` (a URL or a file) not stored yet.

    Raises ``FeedError`` when the feed itself cannot be read; an item that fails is reported and kept
    as failed, to be tried again on the next run."""
    feed = read_feed(source, timeout)
    report = FeedReport(source, items=len(feed.entries))
    first: dict[str, FeedEntry] = {}
    for e in feed.entries:  # an item listed twice is one item
        first.setdefault(e.url, e)
    known = _known(store, list(first))
    todo = [e for e in first.values() if known.get(e.url) != "stored"]
    report.seen = len(first) - len(todo)
    report.retried = sum(1 for e in todo if known.get(e.url) == "failed")
    items = read_entries(feed, todo, timeout, allow_private=allow_private)
    errors_by_origin: dict[str, str] = {}

    def note_error(message: str) -> None:
        origin, _, why = message.partition(": ")
        errors_by_origin[origin] = why
        on_error(message)

    report.ingest = store.ingest(items, workers=workers, on_error=note_error)
    _remember(store, feed, todo, items, errors_by_origin, report)
    return report


def _known(store: Store, urls: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(urls), 500):
            rows = conn.execute(select(FeedItem.url, FeedItem.status).where(FeedItem.url.in_(urls[i : i + 500])))
            out.update({u: s for u, s in rows})
    return out


def _remember(store: Store, feed: Feed, entries, items, errors: dict[str, str], report: FeedReport) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.engine.begin() as conn:
        for entry, item in zip(entries, items, strict=True):
            h = content_hash(item.text) if hasattr(item, "text") else None
            stored = h is not None and conn.execute(select(Document.id).where(Document.content_hash == h)).first()
            error = None if stored else errors.get(entry.url, str(getattr(item, "message", "not stored")))
            if error:
                report.failed.append(f"{entry.url}: {error}")
            row = conn.execute(select(FeedItem.id, FeedItem.attempts).where(FeedItem.url == entry.url)).first()
            values = {
                "feed": feed.source,
                "status": "stored" if stored else "failed",
                "error": error,
                "content_hash": h,
                "last_tried": now,
            }
            if row is None:
                conn.execute(FeedItem.__table__.insert().values(url=entry.url, attempts=1, **values))
            else:
                conn.execute(
                    FeedItem.__table__.update().where(FeedItem.id == row.id).values(attempts=row.attempts + 1, **values)
                )
