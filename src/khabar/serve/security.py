"""Safe defaults for the web app: an access token on every request when one is set, a cap on request
bodies, and headers that keep a page from running anything but khabar's own scripts."""

from __future__ import annotations

import ipaddress
import secrets

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

COOKIE = "khabar_token"
# article text is untrusted: even if some of it slipped through unescaped, no inline script would run
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Guard(BaseHTTPMiddleware):
    def __init__(self, app, token: str | None, max_body: int) -> None:
        super().__init__(app)
        self.token = token
        self.max_body = max_body

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        given = None
        if self.token and not request.url.path.startswith("/static/"):
            given = _token_of(request)
            if given is None or not secrets.compare_digest(given.encode(), self.token.encode()):
                message = "an access token is required: ?token=..., a Bearer header or the khabar_token cookie"
                if request.url.path.startswith("/api/"):
                    return JSONResponse({"detail": message}, status_code=401)
                return PlainTextResponse(message, status_code=401)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return JSONResponse(
                {"detail": f"request body over the limit of {self.max_body:,} bytes"}, status_code=413
            )
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if self.token and request.query_params.get("token") == given:
            # a link with ?token= logs the browser in: later requests carry the cookie
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
        return response


def _token_of(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.query_params.get("token") or request.cookies.get(COOKIE)
