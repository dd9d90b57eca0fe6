"""Fetching a page or a feed over the web, and nothing else.

Links come from feeds that other people write, so a link is fetched only over http or https (a
redirect too), and only from a public address unless the user allows private ones: a feed item must
not make khabar read ``file:///etc/passwd`` or a service on the user's machine or network. The
address is checked when the name is resolved and again on the connected socket, so a name that
resolves differently the second time (DNS rebinding) is caught too. Requests go out directly, not
through a proxy."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from khabar import __version__

USER_AGENT = f"khabar/{__version__} (+https://pypi.org/project/khabar/)"
MAX_BYTES = 5_000_000  # a page larger than this is not an article
SCHEMES = ("http", "https")


class Refused(OSError):
    """A link khabar will not fetch; the message says why and how to allow it where that is possible."""


def fetch(url: str, timeout: float, *, allow_private: bool = False) -> bytes:
    """The body at ``url``; raises OSError (refused links, HTTP errors, timeouts, refused connections)
    with a one-line message."""
    check_url(url, allow_private)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with _opener(allow_private).open(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except Refused:
        raise
    except urllib.error.HTTPError as exc:
        raise OSError(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, Refused):
            raise Refused(str(exc.reason)) from exc
        if isinstance(exc.reason, TimeoutError):
            raise OSError(f"timed out after {timeout:g} s") from exc
        raise OSError(f"cannot connect ({exc.reason})") from exc
    except TimeoutError as exc:
        raise OSError(f"timed out after {timeout:g} s") from exc
    except http.client.HTTPException as exc:
        raise OSError(f"bad HTTP answer ({type(exc).__name__})") from exc
    if len(body) > MAX_BYTES:
        raise OSError(f"larger than {MAX_BYTES:,} bytes")
    return body


def check_url(url: str, allow_private: bool) -> None:
    """Raise ``Refused`` unless ``url`` is http(s) with a host that resolves to allowed addresses only."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise Refused(f"only http and https links are fetched, this one has {shown}")
    host = parts.hostname
    if not host:
        raise Refused("the link names no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if scheme == "https" else 80), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OSError(f"cannot resolve {host}") from exc
    except ValueError as exc:  # a port out of range
        raise Refused(f"bad port in the link ({exc})") from exc
    for info in infos:
        _check_address(host, info[4][0])


def _check_address(host: str, address: str) -> None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    if not ip.is_global or ip.is_multicast:
        kind = (
            "a loopback"
            if ip.is_loopback
            else "a link-local"
            if ip.is_link_local
            else "a private"
            if ip.is_private
            else "a non-public"
        )
        shown = host if host == address else f"{host} ({address})"
        raise Refused(f"{shown} is {kind} address: links from a feed reach only public ones (--allow-private-urls)")


class _CheckedHTTP(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _check_address(self.host, self.sock.getpeername()[0])


class _CheckedHTTPS(http.client.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _check_address(self.host, self.sock.getpeername()[0])


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, checked: bool) -> None:
        super().__init__()
        self.connection = _CheckedHTTP if checked else http.client.HTTPConnection

    def http_open(self, req):
        return self.do_open(self.connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, checked: bool) -> None:
        super().__init__()
        self.connection = _CheckedHTTPS if checked else http.client.HTTPSConnection

    def https_open(self, req):
        return self.do_open(self.connection, req, context=self._context)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        try:
            check_url(newurl, self.allow_private)
        except Refused as exc:
            raise Refused(f"redirected to a link that is not fetched: {exc}") from None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(allow_private: bool) -> urllib.request.OpenerDirector:
    """http and https only: no file:, ftp: or data: handler, no proxy."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        _HTTPHandler(checked=not allow_private),
        _HTTPSHandler(checked=not allow_private),
        _RedirectHandler(allow_private),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener
