"""`khabar ingest --engine ray`: extraction on Ray (its local mode here), stored in PostgreSQL, with the
same records and actors as a local run."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import EXAMPLES
from sqlalchemy import create_engine, text

from khabar.store import Store, resolve_url
from khabar.store import queries as q

pytest.importorskip("ray", reason="Ray is not installed (pip install 'khabar[ray]')")


def _stored(url: str) -> dict:
    engine = create_engine(resolve_url(url))
    with engine.connect() as conn:
        out = {
            "records": dict(conn.execute(text("SELECT content_hash, record FROM documents")).all()),
            "links": sorted(
                conn.execute(
                    text(
                        "SELECT d.content_hash, e.local_id, a.key, e.link FROM entities e"
                        " JOIN documents d ON d.id = e.document_id JOIN actors a ON a.id = e.actor_id"
                    )
                ).all()
            ),
        }
    engine.dispose()
    return out


def test_ray_ingest_into_postgresql_equals_a_local_run(pg_server, tmp_path):
    local, distributed = str(tmp_path / "local.db"), pg_server.create_database("ray")
    ran = subprocess.run(
        [sys.executable, "-m", "khabar.cli", "ingest", str(EXAMPLES), "--db", local, "--no-progress"],
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0, ran.stderr
    ran = subprocess.run(
        [sys.executable, "-m", "khabar.cli", "ingest", str(EXAMPLES), "--db", distributed]
        + ["--engine", "ray", "--workers", "2", "--batch-size", "2", "--no-progress"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stderr
    assert "5 article(s) stored" in ran.stderr
    a, b = _stored(local), _stored(distributed)
    assert len(a["records"]) == 5
    assert {h: json.loads(r) for h, r in a["records"].items()} == {h: json.loads(r) for h, r in b["records"].items()}
    assert a["links"] == b["links"]
    assert q.actors(Store(local), limit=None) == q.actors(Store(distributed), limit=None)


def test_an_unreachable_cluster_is_a_one_line_error(tmp_path):
    ran = subprocess.run(
        [sys.executable, "-m", "khabar.cli", "ingest", str(EXAMPLES), "--db", str(tmp_path / "k.db")]
        + ["--engine", "ray", "--ray-address", "127.0.0.1:9"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 2
    assert "cannot start or reach the Ray cluster 127.0.0.1:9" in ran.stderr
