"""Debian's headless Chromium for the web tests (Playwright), or a skip (a failure where CI requires it)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


def require_chromium():
    """The Playwright module, once Chromium is known to be here; skips the calling test module otherwise."""
    if not CHROMIUM:
        if os.environ.get("KHABAR_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (apt-get install chromium)", pytrace=False)
        pytest.skip("Debian's chromium is not installed", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api")


@contextmanager
def chromium(shots: Path | None = None) -> Iterator:
    """A launched headless browser, closed on exit; ``shots``: the folder screenshots go to, made here."""
    from playwright.sync_api import sync_playwright

    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()
