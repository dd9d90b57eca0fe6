"""The web app at scale: a store of --articles articles (10,000 by default), every page's transferred size
(gzip, the HTML and the scripts and styles it loads on a first visit) and server time, then the load test of
bench/load.py (2,000 requests at concurrency 20) against it.

    .venv/bin/python bench/web.py [--articles 10000] [--db out/web-10000.db] [--out out/web.json]

The store is made once and kept (--db): records are extracted from the bundled examples and, where they are
beside this checkout, the shared corpora, then stored again under new ids (each copy's text carries a marker,
so no copy is a duplicate) until the store holds --articles articles. Only 127.0.0.1 is contacted."""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from liveserver import KHABAR, khabar_server  # noqa: E402
from load import load  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
LIMIT_KB, LIMIT_MS, LIMIT_P99_MS = 300, 300, 500


def _sources(tmp: Path) -> list[Path]:
    """Article files to extract the store's records from: the examples, and the shared corpora if present."""
    out = [ROOT / "examples"]
    rows = []
    for sub in ("dev", "polnear-dev"):
        for txt in sorted((CORPUS / sub).glob("*.txt")) if (CORPUS / sub).is_dir() else []:
            doc = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))["doc"]
            rows.append({k: doc.get(k) for k in ("id", "title", "outlet", "published")} | {"text": txt.read_text()})
    if rows:
        path = tmp / "corpus.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        out.append(path)
    return out


def build(db: Path, articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records.jsonl"
        subprocess.run([*KHABAR, "extract", *map(str, _sources(Path(tmp))), "-o", str(records), "--no-progress"],
                       check=True)  # fmt: skip
        base = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
        copies = Path(tmp) / "copies.jsonl"
        with copies.open("w", encoding="utf-8") as fh:
            for i in range(articles):
                r = json.loads(json.dumps(base[i % len(base)]))
                k = i // len(base)
                if k:  # the marker goes after the text, so every offset in the record still holds
                    r["doc"]["id"] = f"{r['doc']['id']}~{k}"
                    r["doc"]["text"] += f"\n\n(copy {k})"
                fh.write(json.dumps(r) + "\n")
        subprocess.run([*KHABAR, "ingest", str(copies), "--db", str(db), "--no-progress"], check=True)


def fetch(port: int, path: str) -> tuple[int, bytes, float, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Encoding": "gzip", "Accept": "text/html,application/json"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, body, elapsed, headers


def settle(pid: int, *, most: float = 60.0) -> None:
    """Wait until the server has done its start-up work (loading the model, compiling its pages, the network
    graph): its CPU time (Linux: /proc) stops growing. Pages are then asked for as a first visitor would, with
    nothing worked out yet for them."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        time.sleep(5)
        return

    def ticks() -> int:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime

    deadline, before = time.monotonic() + most, ticks()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = ticks()
        if now - before <= 2:
            return
        before = now


def measure(port: int, path: str) -> dict:
    """The first GET's time (cold: nothing worked out yet for this state of the store), the median of three
    more (warm), and the bytes a first visit transfers: the page, and the scripts and styles it names."""
    times, status, body, headers = [], 0, b"", {}
    for _ in range(4):
        status, body, elapsed, headers = fetch(port, path)
        times.append(elapsed)
    page = len(body)
    html = gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body
    assets = 0
    if headers.get("content-type", "").startswith("text/html"):
        for ref in sorted(set(re.findall(rb'(?:src|href)="(/static/[^"]+)"', html))):
            assets += len(fetch(port, ref.decode())[1])
    return {"path": path, "status": status, "cold_ms": round(1000 * times[0], 1),
            "ms": round(1000 * statistics.median(times[1:]), 1), "page_kb": round(page / 1024, 1),
            "html_kb": round(len(html) / 1024, 1), "first_visit_kb": round((page + assets) / 1024, 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "web.json")
    args = parser.parse_args()
    db = args.db or ROOT / "out" / f"web-{args.articles}.db"
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        build(db, args.articles)
    with khabar_server(str(db)) as (base, proc):
        port = int(base.rsplit(":", 1)[1])
        settle(proc.pid)
        _status, body, _t, headers = fetch(port, "/api/actors?limit=1")
        top = json.loads(gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body)
        paths = [
            "/", "/documents", "/documents?page=100", "/actors", "/actors?name=president", "/claims",
            "/claims?kind=anonymous", "/events", "/events?type=ASSAULT", "/search?q=forces", f"/actors/{top[0]['id']}",
            "/documents/1", "/add", "/api", "/api/events?limit=1000", "/api/network?top=50&claims=false",
            "/api/network?top=50", "/api/actors",
        ]  # fmt: skip
        pages = [measure(port, p) for p in paths]
        loaded = load(port, args.requests, args.concurrency, 600.0)
    result = {
        "articles": args.articles,
        "pages": pages,
        "load": loaded,
        "slowest_ms": max(p["ms"] for p in pages),
        "largest_first_visit_kb": max(p["first_visit_kb"] for p in pages),
        "within": {
            "page_kb": all(p["first_visit_kb"] <= LIMIT_KB for p in pages),
            "page_ms": all(p["ms"] <= LIMIT_MS for p in pages),
            "p99_ms": loaded["p99_ms"] <= LIMIT_P99_MS,
        },
    }
    for p in pages:
        print(f"{p['path']:<36} {p['status']}  cold {p['cold_ms']:>7.1f} ms  warm {p['ms']:>6.1f} ms  "
              f"gzip {p['page_kb']:>5.1f} KB (html {p['html_kb']:>6.1f})  "
              f"first visit {p['first_visit_kb']:>6.1f} KB")  # fmt: skip
    print(f"load: {loaded['requests']} requests at {loaded['concurrency']}: p50 {loaded['p50_ms']} ms, "
          f"p99 {loaded['p99_ms']} ms, {loaded['errors']} errors")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
