from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


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
