"""Extraction over worker processes: the same records as one process, in input order, bounded read-ahead,
no workers left behind when the parent is killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from conftest import EXAMPLES

from khabar.read import Article, read_paths
from khabar.workers import outcomes


def _articles() -> list[Article]:
    base = [a for a in read_paths([EXAMPLES]) if isinstance(a, Article)]
    # distinct texts, more than one chunk per worker
    return [Article(text=f"{a.text}\n\nUpdate {i}.", id=f"{a.id}-{i}", published=a.published) for i in range(3) for a in base]


def test_two_workers_give_the_records_of_one_in_input_order():
    articles = _articles()
    one = [(a.id, o.record) for a, o in outcomes(articles, workers=1, batch_size=4)]
    two = [(a.id, o.record) for a, o in outcomes(articles, workers=2, batch_size=4)]
    assert [i for i, _ in two] == [a.id for a in articles]
    assert two == one
    assert all(r is not None and r["entities"] for _, r in two)


def test_an_invalid_earlier_record_is_an_error_for_that_article_only():
    articles = _articles()[:6]
    good = next(iter(outcomes(articles[:1])))[1].record
    broken = json.loads(json.dumps(good))
    broken["entities"][0]["mentions"][0]["start"] += 1
    kept = Article(text=good["doc"]["text"], id="kept", record=good, origin="kept.jsonl:1")
    bad = Article(text=good["doc"]["text"] + " ", id="bad", record=broken, origin="bad.jsonl:1")
    done = list(outcomes([kept, *articles, bad], workers=2, batch_size=2))
    assert [a.id for a, _ in done] == ["kept", *[a.id for a in articles], "bad"]
    assert done[0][1].record == good and done[0][1].error is None  # kept as read, not extracted again
    assert done[-1][1].record is None and "not a valid khabar.record/1" in done[-1][1].error
    assert all(o.record is not None for _, o in done[1:-1])


def test_the_pool_reads_only_a_few_chunks_ahead():
    pulled = 0
    base = _articles()

    def stream():
        nonlocal pulled
        for i in range(10_000):
            pulled += 1
            a = base[i % len(base)]
            yield Article(text=a.text, id=f"s{i}", published=a.published)

    results = outcomes(stream(), workers=2, batch_size=2)
    next(results)
    assert pulled <= 2 * 2 * 2 + 2, pulled  # two chunks in flight per worker, and the next one read
    results.close()


CHILD = """
import os, sys, time
from khabar.read import Article
from khabar.workers import outcomes
def stream():
    while True:
        yield Article(text="Rebels shelled the town of Kafr Nabl on Monday, residents said. " * 40)
results = outcomes(stream(), workers=2, batch_size=1)
next(results)
print(os.getpid(), flush=True)
time.sleep(600)
"""


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_workers_end_when_their_parent_is_killed():
    proc = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    try:
        assert int(proc.stdout.readline()) == proc.pid
        workers = [p for p in _children(proc.pid) if _alive(p)]
        assert len(workers) >= 2, workers
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(p) for p in workers):
            time.sleep(0.1)
        assert not [p for p in workers if _alive(p)], "workers outlived their parent"
    finally:
        if proc.poll() is None:
            proc.kill()
