"""Throughput of khabar against the bare spaCy pipeline it builds on, in one run on the same texts.

    .venv/bin/python bench/bench.py --n 200 [--input FOLDER] [--out out/bench.json]

Times (a) the bare spaCy model's ``nlp.pipe`` over the texts, (b) khabar's full extraction of
the same texts, (c) ``khabar ingest`` of them into a new SQLite store (extraction, actor
resolution across articles and one commit per article), and the share of (b) spent in each stage
after parsing, then prints articles/s, words/s, the ratios (b)/(a) and (c)/(b) and the process's
peak resident memory, and writes them as JSON."""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus(n: int, source: Path | None) -> list[dict]:
    """n articles: the given folder's, or the bundled examples recombined into distinct texts."""
    from khabar.read import Article, read_paths

    paths = [source] if source else [ROOT / "examples"]
    base = [a for a in read_paths(paths) if isinstance(a, Article)]
    if not base:
        sys.exit(f"bench: no articles found in {paths[0]}")
    if source:
        return [{"id": a.id, "text": a.text, "published": a.published} for a in base[:n]]
    rng = random.Random(7)
    paragraphs = [p for a in base for p in a.text.split("\n\n") if p.strip()]
    out = []
    for i in range(n):
        a = base[i % len(base)]
        extra = rng.sample(paragraphs, k=min(3, len(paragraphs)))
        out.append({"id": f"bench-{i}", "text": "\n\n".join([a.text, *extra]), "published": a.published})
    return out


def peak_rss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(usage / (1024 * 1024) if platform.system() == "Darwin" else usage / 1024, 1)


def run(n: int, source: Path | None, batch_size: int) -> dict:
    import spacy

    from khabar.attributions import extract_attributions
    from khabar.entities import extract_entities
    from khabar.events import extract_events
    from khabar.parse import get_nlp, parse
    from khabar.parse.nlp import MODEL
    from khabar.pipeline import extract_many
    from khabar.read import Article

    docs = corpus(n, source)
    texts = [d["text"] for d in docs]
    words = sum(len(t.split()) for t in texts)

    bare = spacy.load(MODEL)
    list(bare.pipe(texts[:4]))  # warm up
    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=batch_size):
        pass
    t_bare = time.perf_counter() - t0

    get_nlp()
    list(extract_many([Article(text=t) for t in texts[:4]]))  # warm up: model, knowledge base, gazetteer
    t0 = time.perf_counter()
    for _ in extract_many((Article(text=d["text"], id=d["id"], published=d["published"]) for d in docs), batch_size):
        pass
    t_khabar = time.perf_counter() - t0

    from khabar.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "bench.db"))
        t0 = time.perf_counter()
        stored = store.ingest(Article(text=d["text"], id=d["id"], published=d["published"]) for d in docs).stored
        t_ingest = time.perf_counter() - t0
        store.engine.dispose()

    stages = {"parse": 0.0, "entities": 0.0, "attributions": 0.0, "events": 0.0}
    t0 = time.perf_counter()
    parsed = list(parse(texts, batch_size=batch_size))
    stages["parse"] = time.perf_counter() - t0
    for d, doc in zip(docs, parsed, strict=True):
        t = time.perf_counter()
        index = extract_entities(doc)
        stages["entities"] += time.perf_counter() - t
        t = time.perf_counter()
        attributions = extract_attributions(doc, index)
        stages["attributions"] += time.perf_counter() - t
        t = time.perf_counter()
        extract_events(doc, index, attributions, d["published"])
        stages["events"] += time.perf_counter() - t
    total = sum(stages.values())

    return {
        "articles": n,
        "words": words,
        "batch_size": batch_size,
        "bare_spacy": {"seconds": round(t_bare, 3), "articles_per_s": round(n / t_bare, 2),
                       "words_per_s": round(words / t_bare)},
        "khabar_extract": {"seconds": round(t_khabar, 3), "articles_per_s": round(n / t_khabar, 2),
                           "words_per_s": round(words / t_khabar)},
        "khabar_ingest_sqlite": {"seconds": round(t_ingest, 3), "articles_per_s": round(stored / t_ingest, 2),
                                 "words_per_s": round(words / t_ingest), "stored": stored},
        "ratio_extract_to_bare": round(t_bare / t_khabar, 3),
        "ratio_ingest_to_extract": round(t_khabar / t_ingest, 3),
        "stage_share": {k: round(v / total, 3) for k, v in stages.items()},
        "peak_rss_mb": peak_rss_mb(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }  # fmt: skip


def report(result: dict) -> str:
    b, k, i = result["bare_spacy"], result["khabar_extract"], result["khabar_ingest_sqlite"]
    lines = [
        f"{result['articles']} articles, {result['words']} words, batch {result['batch_size']}",
        f"{'':18}{'seconds':>10}{'articles/s':>12}{'words/s':>10}",
        f"{'bare spaCy':18}{b['seconds']:>10}{b['articles_per_s']:>12}{b['words_per_s']:>10}",
        f"{'khabar extract':18}{k['seconds']:>10}{k['articles_per_s']:>12}{k['words_per_s']:>10}",
        f"{'khabar ingest':18}{i['seconds']:>10}{i['articles_per_s']:>12}{i['words_per_s']:>10}",
        f"throughput ratio extract / bare spaCy: {result['ratio_extract_to_bare']}x",
        f"throughput ratio ingest into SQLite / extract: {result['ratio_ingest_to_extract']}x",
        "share of extraction time: "
        + ", ".join(f"{name} {share:.0%}" for name, share in result["stage_share"].items()),
        f"peak RSS: {result['peak_rss_mb']} MB",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="number of articles (default 200)")
    ap.add_argument("--input", type=Path, help="a folder or file of articles instead of the examples")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "bench.json")
    args = ap.parse_args(argv)
    result = run(args.n, args.input, args.batch_size)
    print(report(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
