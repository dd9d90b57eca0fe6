"""Whole answers kept per state of the store: a page or an API answer asked for again, while nothing in the
store has changed (``Store.generation``), is sent from memory, already compressed for clients that take gzip.

Only GET answers with status 200 and a body of at most ``MAX_BODY`` bytes are kept, never those of
the pages that show work in progress (adding articles, jobs); the least recently used go first once the kept
bodies pass ``MAX_TOTAL`` bytes. Each answer carries an ``ETag``, and a browser asking again with it gets 304."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from khabar.store import Store

MAX_BODY = 2 * 1024 * 1024
MAX_TOTAL = 64 * 1024 * 1024
UNCACHED = ("/add", "/api/jobs", "/api/articles", "/static/")


@dataclass(frozen=True)
class Kept:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class PageCache:
    def __init__(self, app: ASGIApp, store: Store) -> None:
        self.app = app
        self.store = store
        self._kept: OrderedDict[tuple, Kept] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._making: dict[tuple, asyncio.Event] = {}  # answers being worked out: the same question waits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(UNCACHED):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        zipped = "gzip" in headers.get("accept-encoding", "")
        key = (
            scope["path"], scope.get("query_string", b""), zipped, "text/html" in headers.get("accept", ""),
            self.store.generation(),
        )  # fmt: skip
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
        if kept is None and key in self._making:  # asked again while the first asking is worked out
            await self._making[key].wait()
            with self._lock:
                kept = self._kept.get(key)
        if kept is not None:
            await self._send(send, kept, headers)
            return
        making = self._making.setdefault(key, asyncio.Event())
        try:
            await self._make(scope, receive, send, key, headers, zipped)
        finally:
            if self._making.get(key) is making:
                del self._making[key]
            making.set()

    async def _make(self, scope: Scope, receive: Receive, send: Send, key: tuple, headers: Headers, zipped: bool):
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False

        async def keep(message: Message) -> None:
            nonlocal start, size, passing
            if passing or message["type"] not in ("http.response.start", "http.response.body"):
                await send(message)  # passed on: an answer not kept, or a message that is no part of one
                return
            if message["type"] == "http.response.start":
                start = message
                answer = Headers(raw=message.get("headers", []))
                if message["status"] != 200 or "content-encoding" in answer or "set-cookie" in answer:
                    passing = True
                    await send(message)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > MAX_BODY:  # too big to keep: sent as it comes
                passing = True
                await send(start)
                for c in chunks:
                    await send({"type": "http.response.body", "body": c, "more_body": True})
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            if not message.get("more_body", False):
                kept = self._keep(key, start, b"".join(chunks), zipped)
                await self._send(send, kept, headers)

        await self.app(scope, receive, keep)

    def _keep(self, key: tuple, start: Message, body: bytes, zipped: bool) -> Kept:
        raw = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"etag")]
        if zipped and len(body) >= 1000:
            body = gzip.compress(body, compresslevel=6, mtime=0)
            raw += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
        etag = b'W/"' + hashlib.blake2b(repr(key).encode() + body, digest_size=12).hexdigest().encode() + b'"'
        kept = Kept(raw + [(b"etag", etag)], body, etag)
        with self._lock:
            old = self._kept.pop(key, None)
            self._size += len(body) - (len(old.body) if old else 0)
            self._kept[key] = kept
            while self._size > MAX_TOTAL and self._kept:
                _, gone = self._kept.popitem(last=False)
                self._size -= len(gone.body)
        return kept

    async def _send(self, send: Send, kept: Kept, asked: Headers) -> None:
        if kept.etag in asked.get("if-none-match", "").encode().split(b", "):
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", kept.etag)]})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = [*kept.headers, (b"content-length", str(len(kept.body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": kept.body})
