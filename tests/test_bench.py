"""The benchmark script runs end to end on a tiny corpus and writes comparable JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench  # noqa: E402


def test_bench_writes_throughput_and_ratios(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert bench.main(["--n", "4", "--batch-size", "2", "--repeat", "1", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["articles"] == 4 and result["words"] > 100
    assert set(result["workers"]) == {"1", "2"}
    for run in result["workers"].values():
        assert run["bare_spacy"]["articles_per_s"] > 0 and run["khabar_extract"]["articles_per_s"] > 0
        assert run["ratio_extract_to_bare"] > 0 and run["ratio_ingest_to_extract"] > 0
        assert run["khabar_ingest_sqlite"]["stored"] == 4
    assert result["speedup_2_workers"] > 0 and result["peak_rss_worker_mb"] > 50
    assert abs(sum(result["stage_share"].values()) - 1.0) < 0.01
    assert result["peak_rss_mb"] > 50
    assert "2 workers / 1 worker" in capsys.readouterr().out


def test_bench_corpus_texts_are_distinct():
    texts = [d["text"] for d in bench.corpus(12, None)]
    assert len(set(texts)) == 12
