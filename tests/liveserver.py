"""A real `khabar serve` on a free loopback port, for tests that talk to it over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

KHABAR = [sys.executable, "-m", "khabar.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def khabar_server(db: str, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, process) of a server over ``db``, stopped on exit."""
    port = free_port()
    proc = subprocess.Popen([*KHABAR, "serve", "--db", db, "--port", str(port), *options], stderr=subprocess.PIPE,
                            text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/api/stats", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"khabar serve exited: {proc.stderr.read()}") from None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(20)


@contextmanager
def served(db: str, *inputs: str, workers: int = 1) -> Iterator[str]:
    """The base URL of a server over ``db`` after ``khabar ingest`` of ``inputs`` into it."""
    ran = subprocess.run([*KHABAR, "ingest", *inputs, "--db", db, "--workers", str(workers), "--no-progress"],
                         capture_output=True, text=True)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    with khabar_server(db) as (base, _proc):
        yield base
