"""`khabar ingest --feed`: a feed and its pages served from 127.0.0.1, with a 404, a timeout, a
duplicate item and a malformed feed; stored items are skipped next time, failed ones tried again."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from khabar.read.feed import FeedError
from khabar.store import Store
from khabar.store import queries as q
from khabar.store.feeds import ingest_feed
from khabar.store.models import FeedItem

PAGE = """<html><head><title>{title}</title><meta property="og:site_name" content="Test Coast Radio"></head>
<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>
<p>{lead}</p>
<p>A spokesman for the coast guard said on Tuesday that two patrol boats had been sent to the area and that
the search would continue through the night, despite strong winds along the shore.</p>
<p>Residents of the port town told reporters they had heard gunfire before dawn, and local officials
called on the interior ministry to send reinforcements to protect the harbour.</p>
</article><footer>Copyright Test Coast Radio</footer></body></html>"""

LEADS = {
    "/news/1": ("Fishermen missing off Zuwara", "Militiamen detained eleven fishermen off Zuwara on Monday, their families said."),
    "/news/2": ("Port of Misrata reopens", "The port of Misrata reopened on Sunday after a two-day strike by dock workers."),
    "/news/slow": ("Late item", "Rebels shelled the outskirts of Gharyan on Saturday, a local council member said."),
}


def _rss(items: list[str]) -> str:
    entries = "".join(
        f"<item><title>Item {i}</title><link>{{base}}{path}</link>"
        f"<pubDate>Tue, 0{i + 1} Oct 2024 08:00:00 GMT</pubDate></item>"
        for i, path in enumerate(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Coast Radio</title>{entries}</channel></rss>'


class Site:
    """A tiny news site on loopback; ``slow`` pages answer after ``delay`` seconds."""

    def __init__(self) -> None:
        self.delay = 3.0
        self.hits: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                base = f"http://127.0.0.1:{site.port}"
                if self.path == "/feed.xml":
                    body = _rss(["/news/1", "/news/2", "/news/missing", "/news/slow", "/news/1"]).replace("{base}", base)
                    return self._send(200, body, "application/rss+xml")
                if self.path == "/hostile.xml":
                    links = [
                        "file://localhost/etc/passwd",
                        "file:///etc/hostname",
                        "ftp://127.0.0.1/x",
                        f"{base}/news/[/x]",
                        f"{base}/redirect",
                        f"{base}/news/1",
                    ]
                    entries = "".join(f"<item><title>T{i}</title><link>{u}</link></item>" for i, u in enumerate(links))
                    return self._send(200, f'<rss version="2.0"><channel><title>H</title>{entries}</channel></rss>', "application/rss+xml")
                if self.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", "file:///etc/passwd")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if self.path == "/broken.xml":
                    return self._send(200, "<rss><channel><title>Broken", "application/rss+xml")
                if self.path == "/news/slow":
                    time.sleep(site.delay)
                if self.path in LEADS:
                    title, lead = LEADS[self.path]
                    return self._send(200, PAGE.format(title=title, lead=lead), "text/html")
                return self._send(404, "not here", "text/plain")

            def _send(self, code, body, kind):
                data = body.encode("utf-8")
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def site():
    s = Site()
    yield s
    s.server.shutdown()
    s.server.server_close()


def _items(store: Store) -> dict[str, tuple[str, int]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(FeedItem.url, FeedItem.status, FeedItem.attempts)).all()
    return {url.rsplit("/", 1)[-1]: (status, attempts) for url, status, attempts in rows}


def test_feed_items_are_stored_once_and_failures_retried(site, tmp_path):
    store = Store(str(tmp_path / "feed.db"))
    first = ingest_feed(store, site.url("/feed.xml"), timeout=1.0, workers=1, allow_private=True)
    assert first.items == 5 and first.ingest.stored == 2
    assert sorted(first.failed) == [site.url("/news/missing: HTTP 404 Not Found"), site.url("/news/slow: timed out after 1 s")]
    assert _items(store) == {"1": ("stored", 1), "2": ("stored", 1), "missing": ("failed", 1), "slow": ("failed", 1)}
    docs = {d["title"]: d for d in q.search(store, "fishermen Zuwara")}
    assert "Item 0" in docs and docs["Item 0"]["outlet"] == "Test Coast Radio"
    assert docs["Item 0"]["published"] == "2024-10-01"
    assert site.hits["/news/1"] == 1  # listed twice in the feed, fetched once

    site.delay = 0.0  # the slow page answers now
    second = ingest_feed(store, site.url("/feed.xml"), timeout=1.0, workers=1, allow_private=True)
    assert second.seen == 2 and second.retried == 2 and second.ingest.stored == 1
    assert site.hits["/news/1"] == 1 and site.hits["/news/2"] == 1  # stored items are not fetched again
    assert _items(store) == {"1": ("stored", 1), "2": ("stored", 1), "missing": ("failed", 2), "slow": ("stored", 2)}
    assert q.stats(store)["articles"] == 3


def test_malformed_feed_and_unreachable_feed_are_errors(site, tmp_path):
    store = Store(str(tmp_path / "feed.db"))
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        ingest_feed(store, site.url("/broken.xml"), timeout=1.0)
    with pytest.raises(FeedError, match="HTTP 404"):
        ingest_feed(store, site.url("/nothing.xml"), timeout=1.0)
    ran = subprocess.run(
        [sys.executable, "-m", "khabar.cli", "ingest", "--feed", site.url("/broken.xml"), "--db", str(tmp_path / "c.db")],
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 1 and "not an RSS or Atom feed" in ran.stderr
    assert q.stats(store)["articles"] == 0


def test_cli_feed_ingest_reports_each_item(site, tmp_path):
    ran = subprocess.run(
        [sys.executable, "-m", "khabar.cli", "ingest", "--feed", site.url("/feed.xml"), "--timeout", "1"]
        + ["--db", str(tmp_path / "c.db"), "--workers", "1", "--allow-private-urls"],
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 1, ran.stderr  # two items failed
    assert "5 item(s), 2 stored" in ran.stderr and "2 failed (tried again next run)" in ran.stderr
    assert "/news/missing: HTTP 404" in ran.stderr.replace("\n", "")


def _cli_ingest(site, tmp_path, *extra):
    return subprocess.run(
        [sys.executable, "-m", "khabar.cli", "ingest", "--feed", site.url("/hostile.xml"), "--timeout", "2"]
        + ["--db", str(tmp_path / "h.db"), "--workers", "1", *extra],
        capture_output=True,
        text=True,
    )


def test_feed_links_reach_only_public_http_pages(site, tmp_path):
    ran = _cli_ingest(site, tmp_path)
    assert ran.returncode == 1 and "Traceback" not in ran.stderr
    errors = [line for line in ran.stderr.splitlines() if line.startswith("error ")]
    assert len(errors) == 6, ran.stderr  # one line per item, the markup-like link included
    assert sum("only http and https links are fetched" in e for e in errors) == 3
    assert sum("is a loopback address" in e and "--allow-private-urls" in e for e in errors) == 3
    assert "/news/[/x]" in ran.stderr
    assert site.hits.get("/news/1") is None and site.hits.get("/redirect") is None  # never connected to
    store = Store(str(tmp_path / "h.db"))
    assert q.stats(store)["articles"] == 0

    again = _cli_ingest(site, tmp_path, "--allow-private-urls")  # the user asks: loopback pages are fetched
    assert again.returncode == 1 and "Traceback" not in again.stderr
    redirect = next(line for line in again.stderr.splitlines() if "/redirect" in line)
    assert "not allowed" in redirect or "not fetched" in redirect
    assert "HTTP 404" in again.stderr  # the '[/x]' page does not exist, and says so in one line
    assert sum("only http and https links are fetched" in e for e in again.stderr.splitlines()) == 3
    assert q.stats(store)["articles"] == 1  # the good item, not /etc/passwd
    assert "root:" not in str(q.search(store, "root"))
