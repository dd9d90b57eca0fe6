"""Extraction on a Ray cluster, through Ray Data.

Why Ray rather than Spark: khabar is a Python pipeline whose cost is the spaCy model, and Ray runs it
as it is. A pool of Ray actors keeps one loaded model (and gazetteer, and knowledge base) per worker
across batches; Ray installs from PyPI with no JVM, and its local mode, which the tests use, is the
same code path as a cluster. Spark would run the model in Python workers beside a JVM, reloading it
per partition unless worked around.

What runs where: articles are cut into windows, each window is a Ray dataset whose batches go to the
actor pool; the driver (this process) reads the results back in input order and stores them. Storing
stays in one place because resolving entities to actors across articles needs one view of the
store, and it costs a few per cent of extraction, so it is not the bottleneck."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from itertools import islice
from typing import Any

from khabar.read import Article
from khabar.workers import BATCH, Outcome, process

WINDOW = 4096  # articles per Ray dataset: bounds what the driver holds at once


class EngineError(Exception):
    """The engine cannot be used; the message is shown to the user as is."""


class RayExtractor:
    """An extractor for ``Store.ingest``: articles in, (article, outcome) out, in input order."""

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        try:
            import ray
        except ImportError as exc:
            raise EngineError("--engine ray needs Ray: pip install 'khabar[ray]'") from exc
        self.workers = workers
        self._started = False
        if address and address != "auto" and not _reachable(address):
            raise EngineError(f"cannot start or reach the Ray cluster {address}: nothing answers at that address")
        if not ray.is_initialized():
            try:
                ray.init(
                    address=address,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.ERROR,
                    configure_logging=False,
                )
            except Exception as exc:  # noqa: BLE001 - no cluster at that address, or it refused us
                raise EngineError(f"cannot start or reach the Ray cluster {address or '(local)'}: {exc}") from exc
            self._started = True

    def __call__(
        self, articles: Iterable[Article], *, batch_size: int = BATCH, reextract: bool = False
    ) -> Iterator[tuple[Article, Outcome]]:
        it = iter(articles)
        while window := list(islice(it, WINDOW)):
            yield from zip(window, self._run(window, batch_size, reextract), strict=True)

    def _run(self, window: list[Article], batch_size: int, reextract: bool) -> list[Outcome]:
        import ray
        import ray.data

        logging.getLogger("ray.data").setLevel(logging.ERROR)  # its per-dataset notices would drown our errors
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        size = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        rows = [
            {"seq": i, "article": json.dumps(asdict(a), ensure_ascii=False), "reextract": reextract}
            for i, a in enumerate(window)
        ]
        results = ray.data.from_items(rows).map_batches(
            _Extract,
            batch_size=max(1, batch_size),
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=min(size, -(-len(window) // max(1, batch_size)))),
            num_cpus=1,
        )
        out: list[Outcome | None] = [None] * len(window)
        for row in results.iter_rows():
            done = json.loads(row["outcome"])
            out[int(row["seq"])] = Outcome(done["record"], done["error"])
        missing = [window[i].origin for i, o in enumerate(out) if o is None]
        if missing:
            raise EngineError(f"the Ray job returned no result for {len(missing)} article(s), first {missing[0]}")
        return [o for o in out if o is not None]

    def close(self) -> None:
        if self._started:
            import ray

            ray.shutdown()
            self._started = False


def _reachable(address: str, timeout: float = 5.0) -> bool:
    """Does anything listen at 'host:port' or 'ray://host:port'? (Ray itself retries for minutes.)"""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return True  # not host:port: let Ray make sense of it
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
            return True
    except OSError:
        return False


class _Extract:
    """One Ray actor: loads the model once, then extracts batch after batch."""

    def __init__(self) -> None:
        from khabar.workers import warm

        warm()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        articles = [Article(**json.loads(a)) for a in batch["article"]]
        outcomes = process(articles, bool(batch["reextract"][0]))
        return {
            "seq": [int(s) for s in batch["seq"]],
            "outcome": [json.dumps(asdict(o), ensure_ascii=False) for o in outcomes],
        }
