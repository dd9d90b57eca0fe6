"""RSS and Atom feeds: the feed's items, and each item's page turned into an article (trafilatura).

Only the feed and its items' pages are fetched, with a timeout, and a failure is an error for that
item alone: a 404, a timeout, a page with no article text. The caller decides which items are new."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from khabar.read.article import Article, InputError
from khabar.read.fetch import fetch
from khabar.read.html import read_html


class FeedError(Exception):
    """The feed itself cannot be read; the message names it."""


@dataclass
class FeedEntry:
    url: str
    title: str | None
    published: str | None


@dataclass
class Feed:
    source: str
    title: str | None
    entries: list[FeedEntry]


def read_feed(source: str, timeout: float = 20.0) -> Feed:
    """Parse the feed at a URL or in a file."""
    import feedparser

    scheme = urlsplit(source).scheme.lower()
    if len(scheme) > 1:  # a URL (a one-letter 'scheme' is a Windows drive)
        try:  # the feed the user names may live anywhere, their own network too; its links are checked
            data = fetch(source, timeout, allow_private=True)
        except OSError as exc:
            raise FeedError(f"{source}: cannot fetch the feed: {exc}") from exc
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise FeedError(f"{source}: cannot read the feed: {exc.strerror or exc}") from exc
    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        why = getattr(parsed, "bozo_exception", None)
        raise FeedError(f"{source}: not an RSS or Atom feed" + (f" ({str(why).splitlines()[0]})" if why else ""))
    entries = []
    for e in parsed.entries:
        link = e.get("link")
        if not link:
            continue
        when = e.get("published_parsed") or e.get("updated_parsed")
        entries.append(FeedEntry(link, e.get("title"), time.strftime("%Y-%m-%d", when) if when else None))
    return Feed(source, parsed.feed.get("title"), entries)


def read_entries(
    feed: Feed, entries: list[FeedEntry], timeout: float = 20.0, threads: int = 8, *, allow_private: bool = False
) -> list:
    """An article (or an error naming the item) for each entry, in feed order; pages are fetched in parallel,
    over http(s) only, and from public addresses only unless ``allow_private``."""

    def one(entry: FeedEntry) -> Article | InputError:
        try:
            page = fetch(entry.url, timeout, allow_private=allow_private)
        except OSError as exc:
            return InputError(entry.url, str(exc))
        found = read_html(page.decode("utf-8", errors="replace"), entry.url)
        if isinstance(found, InputError):
            return found
        found.url = entry.url
        found.title = entry.title or found.title
        found.published = entry.published or found.published
        found.outlet = found.outlet or feed.title
        return found

    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        return list(pool.map(one, entries))
