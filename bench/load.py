"""A bounded load test of `khabar serve` on loopback: a fixed number of requests at a fixed concurrency
over the pages and the API, plus a few hostile ones that must be refused; reports errors, latency
percentiles and the server's memory.

    .venv/bin/python bench/load.py [--db STORE] [--requests 2000] [--concurrency 20] [--out out/load.json]

Without --db it builds a store of the bundled examples in a temporary folder. Only 127.0.0.1 is ever
contacted, and the run stops after --requests requests or --max-seconds, whichever comes first."""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from liveserver import KHABAR, khabar_server  # noqa: E402

PATHS = [
    "/", "/documents", "/actors", "/claims", "/events", "/search?q=said", "/add", "/api",
    "/api/stats", "/api/documents", "/api/actors", "/api/claims", "/api/events", "/api/network",
    "/api/search?q=forces", "/api/documents/1", "/api/actors/1", "/static/app.css",
]  # fmt: skip
# each must be refused with this status, never served
HOSTILE = [
    ("GET", "/api/documents", {"Host": "rebound.example"}, None, 400),
    ("POST", "/api/articles", {"Origin": "http://evil.example", "Content-Type": "application/json"},
     b'{"text": "Rebels attacked the town."}', 403),
    ("POST", "/api/articles", {"Content-Type": "application/json"}, b'{"text": "\\ud800"}', 422),
    ("GET", "/api/documents/999999", {}, None, 404),
]  # fmt: skip


def _vm(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return 0


def load(base_port: int, requests: int, concurrency: int, max_seconds: float) -> dict:
    latencies: list[float] = []
    by_path: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", base_port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            if i % 50 == 49:
                method, path, headers, body, expected = HOSTILE[(i // 50) % len(HOSTILE)]
            else:
                method, path, headers, body, expected = "GET", PATHS[i % len(PATHS)], {}, None, 200
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = f"{type(exc).__name__}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", base_port, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                by_path.setdefault(path, []).append(elapsed)
                if status != expected:
                    errors.append(f"{method} {path}: {status} (expected {expected})")
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1) if ordered else 0.0

    return {
        "requests": len(latencies),
        "concurrency": concurrency,
        "errors": len(errors),
        "first_errors": errors[:10],
        "seconds": round(wall, 2),
        "requests_per_s": round(len(latencies) / wall, 1) if wall else 0.0,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else 0.0,
        "slowest_paths_ms": dict(
            sorted(((p, round(1000 * max(t), 1)) for p, t in by_path.items()), key=lambda kv: -kv[1])[:5]
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing store (default: the examples, in a temporary store)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--max-seconds", type=float, default=300.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = str(Path(tmp) / "load.db")
            subprocess.run([*KHABAR, "ingest", str(ROOT / "examples"), "--db", db, "--no-progress"], check=True)
        with khabar_server(db) as (base, proc):
            port = int(base.rsplit(":", 1)[1])
            rss_before = _vm(proc.pid, "VmRSS")
            result = load(port, args.requests, args.concurrency, args.max_seconds)
            result["server_rss_mb_before"] = rss_before
            result["server_rss_mb_after"] = _vm(proc.pid, "VmRSS")
            result["server_peak_rss_mb"] = _vm(proc.pid, "VmHWM")
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()
