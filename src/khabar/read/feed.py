"""RSS and Atom feeds: the feed's items, and each item's page turned into an article (trafilatura).

Only the feed and its items' pages are fetched, with a timeout, and a failure is an error for that
item alone: a 404, a timeout, a page with no article text. The caller decides which items are new."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from khabar import __version__
from khabar.read.article import Article, InputError
from khabar.read.html import read_html

USER_AGENT = f"khabar/{__version__} (+https://pypi.org/project/khabar/)"
MAX_BYTES = 5_000_000  # a page larger than this is not an article


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


def fetch(url: str, timeout: float) -> bytes:
    """The body at ``url``; raises OSError (HTTP errors, timeouts, refused connections) with a clear message."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) URLs from a feed
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise OSError(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise OSError(f"timed out after {timeout:g} s") from exc
        raise OSError(f"cannot connect ({exc.reason})") from exc
    except TimeoutError as exc:
        raise OSError(f"timed out after {timeout:g} s") from exc
    if len(body) > MAX_BYTES:
        raise OSError(f"larger than {MAX_BYTES:,} bytes")
    return body


def read_feed(source: str, timeout: float = 20.0) -> Feed:
    """Parse the feed at a URL or in a file."""
    import feedparser

    if source.startswith(("http://", "https://")):
        try:
            data = fetch(source, timeout)
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


def read_entries(feed: Feed, entries: list[FeedEntry], timeout: float = 20.0, threads: int = 8) -> list:
    """An article (or an error naming the item) for each entry, in feed order; pages are fetched in parallel."""

    def one(entry: FeedEntry) -> Article | InputError:
        try:
            page = fetch(entry.url, timeout)
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
