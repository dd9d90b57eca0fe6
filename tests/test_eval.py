"""`khabar eval` scores like the shared scorer on the same run."""

import json
import subprocess
import sys

from conftest import SHARED


def test_eval_agrees_with_shared_scorer(dev_corpus, tmp_path):
    saved = tmp_path / "pred.jsonl"
    mine = subprocess.run(
        [sys.executable, "-m", "khabar.cli", "eval", str(dev_corpus), "--json", "--save", str(saved)],
        capture_output=True,
        text=True,
        check=True,
    )
    ours = json.loads(mine.stdout)
    theirs = json.loads(
        subprocess.run(
            [sys.executable, str(SHARED / "tools" / "score.py"), str(dev_corpus), str(saved), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert {k: v for k, v in json.loads(json.dumps(ours)).items() if k in theirs} == theirs
    assert set(ours) - set(theirs) == {k for k in ours if k.startswith("event_p@")}  # khabar's own addition
    assert sum(ours[k]["n"] for k in ours if k.startswith("event_p@")) == ours["events"]["pred"]
    assert ours["grounding_errors"] == 0
    assert ours["entities"]["f1"] > 0.7


def test_event_precision_per_confidence_band(tmp_path):
    from khabar.evaluate import score

    text = "The army shelled the town. The rebels met the envoy."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    gold = {
        "entities": [{"name": "army", "type": "ORG"}, {"name": "rebels", "type": "ORG"}],
        "attributions": [],
        "events": [{"type": "ASSAULT", "source": "army", "target": None, "evidence": "The army shelled the town"}],
    }
    (tmp_path / "a.json").write_text(json.dumps(gold), encoding="utf-8")

    def span(part):
        start = text.index(part)
        return {"start": start, "end": start + len(part), "text": part}

    record = {
        "schema": "khabar.record/1",
        "doc": {"id": "a", "text": text},
        "entities": [
            {"id": "e1", "name": "army", "type": "ORG", "mentions": [span("army")]},
            {"id": "e2", "name": "rebels", "type": "ORG", "mentions": [span("rebels")]},
        ],
        "attributions": [],
        "events": [
            {"id": "v1", "type": "ASSAULT", "source": "e1", "target": None, "confidence": 0.9,
             "trigger": span("shelled"), "evidence": span("The army shelled the town")},
            {"id": "v2", "type": "CONSULT", "source": "e2", "target": None, "confidence": 0.6,
             "trigger": span("met"), "evidence": span("The rebels met the envoy")},
        ],
    }  # fmt: skip
    result = score(tmp_path, {"a": record})
    assert result["event_p@0.85-1.00"] == {"acc": 1.0, "n": 1}
    assert result["event_p@0.50-0.70"] == {"acc": 0.0, "n": 1}
    assert "event_p@0.00-0.50" not in result
