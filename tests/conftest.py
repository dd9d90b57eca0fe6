from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(Path(__file__).parent))  # helpers beside the tests (pgserver)


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    path = SHARED / "corpus" / "dev"
    if not path.is_dir():
        pytest.skip("the shared dev corpus is not present beside this checkout")
    return path


@pytest.fixture(scope="session")
def example_articles():
    from khabar.read import Article, read_paths

    return [a for a in read_paths([EXAMPLES]) if isinstance(a, Article)]


@pytest.fixture(scope="session")
def example_records(example_articles):
    from khabar.pipeline import extract_many

    return [r.to_dict() for r in extract_many(example_articles)]


def entity_of(record: dict, surface: str) -> dict | None:
    """The entity one of whose mentions reads exactly ``surface``."""
    for e in record["entities"]:
        if any(m["text"] == surface for m in e["mentions"]):
            return e
    return None


def dump_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for this test session; skipped where none is installed, unless CI requires it."""
    from pgserver import PgServer

    try:
        server = PgServer().start()
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or exc
        if os.environ.get("KHABAR_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here but could not start: {detail}")
        pytest.skip(f"no PostgreSQL server available: {detail}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty store on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "khabar.db")
    server = request.getfixturevalue("pg_server")
    return server.create_database(f"t{uuid.uuid4().hex[:12]}")
