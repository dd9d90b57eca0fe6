"""Safe defaults for the web app, checked before any route runs:

- the ``Host`` header must name this server (loopback names, the address it listens on, and names the
  user allows), so a web page on another name that resolves to 127.0.0.1 (DNS rebinding) reads nothing;
- a request that changes the store (POST, PUT, PATCH, DELETE) is refused when the browser says it
  comes from another site (``Origin``, ``Sec-Fetch-Site``), token or not;
- an access token on every request when one is set;
- request bodies are capped on the bytes as they arrive, chunked or not (413, nothing buffered past it);
- headers that keep a page from running anything but khabar's own scripts."""

from __future__ import annotations

import ipaddress
import json
import secrets
import socket
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "khabar_token"
# article text is untrusted: even if some of it slipped through unescaped, no inline script would run
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "127.0.0.1", "::1")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
WILDCARDS = ("0.0.0.0", "::", "")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the limit of {limit:,} bytes")


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(listen: str = "127.0.0.1", extra: tuple[str, ...] | list[str] = ()) -> set[str]:
    """The names a request's ``Host`` may carry: loopback, the listening address, and ``extra``. Listening on
    every interface (0.0.0.0) also admits this machine's names and any IP address written as such (a
    rebinding attack needs a name)."""
    names = {*LOOPBACK_NAMES, listen.strip("[]").lower(), *(h.strip("[]").lower() for h in extra)}
    if listen in WILDCARDS:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower(), "*ip"}
    return names - {""}


def host_of(header: str) -> str:
    """'example.org:8000' -> 'example.org'; '[::1]:8000' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Guard:
    """Pure ASGI middleware, so that it sees the body's chunks as they arrive."""

    def __init__(
        self, app: ASGIApp, *, token: str | None, max_body: int, hosts: set[str] | None = None
    ) -> None:  # fmt: skip
        self.app = app
        self.token = token
        self.max_body = max_body
        self.hosts = hosts if hosts is not None else allowed_hosts()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _reply(send, scope, *refusal)
            return
        given_in_query = self.token is not None and _query_token(scope) == self.token

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {k.lower() for k, _ in raw}
                for name, value in (
                    (b"content-security-policy", CSP),
                    (b"x-content-type-options", "nosniff"),
                    (b"referrer-policy", "no-referrer"),
                ):
                    if name not in present:
                        raw.append((name, value.encode()))
                if given_in_query:  # a link with ?token= logs the browser in: later requests carry the cookie
                    raw.append((b"set-cookie", f"{COOKIE}={self.token}; HttpOnly; Path=/; SameSite=strict".encode()))
                message = {**message, "headers": raw}
            await send(message)

        seen = 0

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self.app(scope, capped_receive, tracking_send)
        except BodyTooLarge as exc:  # raised outside a route (a route's own handler answers it as 413)
            if not started:
                await _reply(send_with_headers, scope, 413, str(exc.detail))

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        host = host_of(headers.get("host", ""))
        if host not in self.hosts and not ("*ip" in self.hosts and _is_ip(host)):
            return 400, "this server does not answer to that host name (khabar serve --allow-host adds one)"
        if scope["method"] not in SAFE_METHODS and _cross_site(headers):
            return 403, "a request from another site may not change the store"
        if self.token and not scope["path"].startswith("/static/"):
            given = _token_of(scope, headers)
            if given is None or not secrets.compare_digest(given.encode(), self.token.encode()):
                return 401, "an access token is required: ?token=..., a Bearer header or the khabar_token cookie"
        length = headers.get("content-length")
        if length is not None and (not length.strip().isdigit() or int(length) > self.max_body):
            return 413, f"request body over the limit of {self.max_body:,} bytes"
        return None


def _cross_site(headers: Headers) -> bool:
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.lower() not in ("same-origin", "none"):
        return True
    origin = headers.get("origin")
    if origin is None:
        return False
    parts = urlsplit(origin)
    if origin == "null" or not parts.netloc:
        return True
    return parts.netloc.lower() != headers.get("host", "").strip().lower()


def _query_token(scope: Scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
    return values[0] if values else None


def _token_of(scope: Scope, headers: Headers) -> str | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    given = _query_token(scope)
    if given:
        return given
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # noqa: BLE001 - a malformed cookie header carries no token
        return None
    return cookie[COOKIE].value if COOKIE in cookie else None


async def _reply(send: Send, scope: Scope, status: int, message: str) -> None:
    """JSON for the API, plain text for pages; never an echo of the request."""
    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        body, kind = message.encode(), b"text/plain; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff")]
    if status == 413:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
