"""Articles added through the web app are extracted and stored in the background, one job at a time,
so the page can show progress; a job's state is kept in memory while the server runs."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select

from khabar.read import Article, InputError
from khabar.store import Store
from khabar.store.ingest import content_hash
from khabar.store.models import Document

MAX_JOBS = 200  # finished jobs kept for their pages to read; older ones are forgotten


@dataclass
class Job:
    id: str
    total: int
    done: int = 0
    stored: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)  # ids of the stored (or already stored) articles
    state: str = "queued"  # queued | running | finished | failed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Jobs:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None  # started with the first job, again after close()

    def submit(self, items: list[Article | InputError]) -> Job:
        job = Job(uuid.uuid4().hex[:12], total=len(items))
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS:
                self._jobs.pop(next(iter(self._jobs)))
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="khabar-job")
            self._pool.submit(self._run, job, items)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job, items: list[Article | InputError]) -> None:
        job.state = "running"

        def done(_origin: str) -> None:
            job.done += 1

        try:
            report = self.store.ingest(items, workers=1, on_done=done, on_error=job.errors.append)
            job.stored, job.duplicates = report.stored, report.duplicates
            hashes = [content_hash(a.text) for a in items if isinstance(a, Article)]
            with self.store.engine.connect() as conn:
                rows = conn.execute(select(Document.content_hash, Document.id).where(Document.content_hash.in_(hashes)))
                found = {h: i for h, i in rows}
            job.documents = [found[h] for h in dict.fromkeys(hashes) if h in found]
            job.done = job.total
            job.state = "finished"
        except Exception as exc:  # noqa: BLE001 - shown on the page that started the job
            job.errors.append(f"the job failed: {type(exc).__name__}: {exc}")
            job.state = "failed"

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
