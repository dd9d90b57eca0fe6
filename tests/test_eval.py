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
    assert json.loads(json.dumps(ours)) == theirs
    assert ours["grounding_errors"] == 0
    assert ours["entities"]["f1"] > 0.7
