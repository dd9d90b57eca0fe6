"""The store as the CLI and API use it: open, ingest, correct actors, manage the user's knowledge base."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from khabar.entities.kb import Actor as KbActor
from khabar.entities.kb import KnowledgeBase, actor_from_dict, default_kb
from khabar.entities.names import fold, name_tokens, own_name_tokens, skeleton, tokens_match
from khabar.read import Article, InputError
from khabar.store.actors import ActorIndex, ActorRef, Corrections, split_key
from khabar.store.db import StoreError, open_engine
from khabar.store.ingest import CHUNK, Extractor, IngestReport, pending_records, save_actor, store_record
from khabar.store.models import Actor, Correction, Document, Entity, KbEntry, Mention


class AmbiguousActor(StoreError):
    """A name several actors fit; ``candidates`` are their (id, key, name)."""

    def __init__(self, name: str, candidates: list[tuple[int, str, str]]):
        self.candidates = candidates
        listed = "; ".join(f"{i}. {n} (key {k})" for i, (_id, k, n) in enumerate(candidates[:8], 1))
        more = f"; and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        super().__init__(f"{name!r} fits {len(candidates)} actors: {listed}{more}. Give a full name or a key")


STORE_TRIES = 3  # a record whose transaction fails on a busy or concurrently written store is tried again


class Store:
    def __init__(self, db: str | None = None, engine: Engine | None = None):
        self.engine = engine or open_engine(db)
        self._memo: dict[str, tuple[tuple, Any]] = {}
        self._memo_lock = threading.Lock()
        self._generation: tuple[float, tuple] | None = None  # (when read, value)
        event.listen(self.engine, "commit", self._changed)

    GENERATION_TTL = 1.0  # seconds another process's writes may take to show; this one's show at once

    def _changed(self, _conn) -> None:
        self._generation = None

    def generation(self) -> tuple:
        """What changes whenever the store's content does (articles added or replaced, actors merged, split or
        relinked), read in one cheap query at most once a ``GENERATION_TTL`` (a commit through this store reads
        it again at once); answers worked out from the store are kept until it changes."""
        held = self._generation
        if held is not None and time.monotonic() - held[0] < self.GENERATION_TTL:
            return held[1]
        q = select(
            select(func.count()).select_from(Document).scalar_subquery(),
            select(func.max(Document.id)).scalar_subquery(),
            select(func.count()).select_from(Actor).scalar_subquery(),
            select(func.max(Actor.id)).scalar_subquery(),
            select(func.max(Correction.id)).scalar_subquery(),
            select(func.max(Entity.id)).scalar_subquery(),
        )
        with self.engine.connect() as conn:
            value = tuple(conn.execute(q).one())
        self._generation = (time.monotonic(), value)
        return value

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """``build()``, worked out once for each generation of the store's content (see ``generation``)."""
        now = self.generation()
        with self._memo_lock:
            held = self._memo.get(key)
        if held is not None and held[0] == now:
            return held[1]
        value = build()
        with self._memo_lock:
            if len(self._memo) > 512:
                self._memo.clear()
            self._memo[key] = (now, value)
        return value

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # ---- ingest -------------------------------------------------------------------------------

    def ingest(
        self,
        items: Iterable[Article | InputError],
        *,
        reextract: bool = False,
        batch: int = CHUNK,
        workers: int = 1,
        extractor: Extractor | None = None,
        on_done: Callable[[str], None] = lambda origin: None,
        on_error: Callable[[str], None] = lambda message: None,
    ) -> IngestReport:
        """Extract and store articles not stored yet; each article commits on its own.

        Extraction runs in ``workers`` local processes, or wherever ``extractor`` sends it (a Ray
        cluster); storing, and resolving entities to actors across articles, stays here, in input order."""
        report = IngestReport()
        started = time.perf_counter()
        index = self.actor_index()
        with self.engine.connect() as reader:

            def is_stored(h: str) -> bool:
                return reader.execute(select(Document.id).where(Document.content_hash == h)).first() is not None

            errors_seen = 0
            for record, h, origin in pending_records(
                items,
                is_stored,
                report,
                reextract=reextract,
                batch=batch,
                workers=workers,
                extractor=extractor,
                on_skip=lambda: on_done(""),
            ):
                errors_seen = _flush_errors(report, errors_seen, on_error)
                for attempt in range(STORE_TRIES):
                    try:
                        with self.engine.begin() as conn:
                            stored = store_record(conn, record, h, origin, index)
                        if stored is None:
                            report.duplicates += 1
                        else:
                            report.stored += 1
                        break
                    except Exception as exc:  # noqa: BLE001 - one bad record is reported and skipped
                        index = self.actor_index()  # forget actors of the rolled-back transaction
                        if attempt + 1 < STORE_TRIES and isinstance(exc, OperationalError | IntegrityError):
                            continue  # another writer held the store or stored the same actor: once more
                        report.errors.append(f"{origin}: could not store ({type(exc).__name__}: {_first_line(exc)})")
                on_done(origin)
            _flush_errors(report, errors_seen, on_error)
        if report.stored:
            self.refresh_statistics()
        report.seconds = time.perf_counter() - started
        return report

    def refresh_statistics(self) -> None:
        """Let SQLite's planner know the tables' sizes again (a sampled ANALYZE, milliseconds even at 10,000
        articles), so list pages walk the articles by date instead of sorting every claim; PostgreSQL's own
        autovacuum does this there."""
        if self.dialect != "sqlite":
            return
        try:
            with self.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA analysis_limit=1000")
                conn.exec_driver_sql("ANALYZE")
        except OperationalError:  # another writer holds the store: its own ingest will do it
            pass

    def replace(self, items: Iterable[Article | InputError], **kw) -> IngestReport:
        """Ingest again, replacing stored copies of the same articles (after a khabar upgrade, say)."""
        from khabar.store.ingest import content_hash

        items = list(items)
        hashes = [content_hash(a.text) for a in items if isinstance(a, Article)]
        with self.engine.begin() as conn:
            for i in range(0, len(hashes), 500):
                conn.execute(delete(Document).where(Document.content_hash.in_(hashes[i : i + 500])))
            self._drop_orphan_actors(conn)
        return self.ingest(items, **kw)

    # ---- actors -------------------------------------------------------------------------------

    def kb(self) -> KnowledgeBase:
        """The bundled starter KB with the user's entries on top (a user entry wins on the same id)."""
        user = self.kb_entries()
        ids = {a.id for a in user}
        return KnowledgeBase([a for a in default_kb().actors.values() if a.id not in ids] + user)

    def corrections(self) -> Corrections:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(Correction.id, Correction.action, Correction.actor_key, Correction.other).order_by(Correction.id)
            ).all()
        return Corrections([tuple(r) for r in rows])

    def actor_index(self) -> ActorIndex:
        index = ActorIndex(self.kb(), self.corrections())
        with self.engine.connect() as conn:
            refs = {
                r.id: ActorRef(r.id, r.key, r.name, r.type, r.country, r.kb_id)
                for r in conn.execute(select(Actor.id, Actor.key, Actor.name, Actor.type, Actor.country, Actor.kb_id))
            }
            for ref in refs.values():
                index.add(ref)
            names = (
                select(Entity.actor_id, Entity.name)
                .group_by(Entity.actor_id, Entity.name)
                .order_by(func.min(Entity.id))  # the order they were first seen, on every backend
            )
            for actor_id, name in conn.execute(names):
                if actor_id in refs:
                    index.add(refs[actor_id], name)
        return index

    def find_actor(self, name: str) -> tuple[int, str, str]:
        """(id, key, name) of the actor a user means: its key, its name, a name its entities carried, a spelling
        its mentions carried ('Hifter'), or the words of a name ('Mahdawi'); a name that fits several actors is an
        error (``AmbiguousActor``) listing them, numbered, with their keys."""
        rows = self.actor_candidates(name)
        if not rows:
            raise StoreError(f"no actor named {name!r} in the store (try `khabar actors`)")
        if len(rows) > 1:
            raise AmbiguousActor(name, rows)
        return rows[0]

    def actor_candidates(self, name: str) -> list[tuple[int, str, str]]:
        """Every (id, key, name) ``name`` may mean, from the surest way of meaning an actor that finds any."""
        queries = (
            select(Actor.id, Actor.key, Actor.name).where(Actor.key == name),
            select(Actor.id, Actor.key, Actor.name).where(func.lower(Actor.name) == name.lower()),
        )
        with self.engine.connect() as conn:
            for q in queries:
                rows = sorted({tuple(r) for r in conn.execute(q)}, key=lambda r: (r[2].casefold(), r[0]))
                if rows:
                    return rows
            folded = func.lower(name)  # the same folding as the indexes on names and spellings
            tiers = (  # a name its entities carried, then a spelling its mentions did
                select(Entity.actor_id).where(func.lower(Entity.name) == folded),
                select(Entity.actor_id).join(Mention, Mention.entity_id == Entity.id)
                .where(func.lower(Mention.text) == folded),
            )  # fmt: skip
            for tier in tiers:
                found = conn.execute(
                    select(Actor.id, Actor.key, Actor.name).where(Actor.id.in_(tier.scalar_subquery()))
                ).all()
                if found:
                    return sorted((tuple(r) for r in found), key=lambda r: (r[2].casefold(), r[0]))
        return sorted(self._by_name_words(name), key=lambda r: (r[2].casefold(), r[0]))

    def actor_by_id(self, actor_id: int) -> tuple[int, str, str]:
        """(id, key, name) of the actor with this id."""
        with self.engine.connect() as conn:
            row = conn.execute(select(Actor.id, Actor.key, Actor.name).where(Actor.id == actor_id)).first()
        if row is None:
            raise StoreError(f"no actor with id {actor_id} in the store")
        return tuple(row)

    def _by_name_words(self, name: str) -> list[tuple[int, str, str]]:
        """Actors one of whose names carries every word of ``name`` (allowing for spelling); where some carry
        them as words of their own, those inside a compound ('pro-Haftar', 'Haftar-led') do not count."""
        words = name_tokens(name)
        if not words:
            return []
        table = self.memo("name-words", self._name_words)
        # tokens spelled alike share a skeleton: only actors with every word's skeleton can fit
        sets = [table["by_skeleton"].get(skeleton(w), set()) for w in words]
        maybe = set.intersection(*sets) if sets else set()

        def fits(tokens: tuple[str, ...]) -> bool:
            return bool(tokens) and all(any(tokens_match(w, t) for t in tokens) for w in words)

        whole, within = [], []
        for i in sorted(maybe):
            row, names = table["actors"][i]
            if any(fits(own) for own, _all in names):
                whole.append(row)
            elif any(fits(every) for _own, every in names):
                within.append(row)
        return whole or within

    def _name_words(self) -> dict[str, Any]:
        """Every actor's names as tokens (their own words, and all words), and the actors by token skeleton."""
        actors: list = []
        by_skeleton: dict[str, set[int]] = {}
        for actor in self.actor_index().by_key.values():
            names = [(tuple(own_name_tokens(n)), tuple(name_tokens(n))) for n in actor.names]
            i = len(actors)
            actors.append(((actor.id, actor.key, actor.name), names))
            for _own, every in names:
                for t in every:
                    by_skeleton.setdefault(skeleton(t), set()).add(i)
        return {"actors": actors, "by_skeleton": by_skeleton}

    def merge(self, keep: str, absorb: str) -> tuple[str, str, int]:
        """Make two actors one; returns (kept name, absorbed name, entities moved). Remembered for re-ingest."""
        keep_id, keep_key, keep_name = self.find_actor(keep)
        gone_id, gone_key, gone_name = self.find_actor(absorb)
        if keep_id == gone_id:
            raise StoreError(f"{keep!r} and {absorb!r} are already one actor ({keep_name})")
        with self.engine.begin() as conn:
            cid = self._correct(conn, "merge", keep_key, gone_key)
            moved = conn.execute(
                update(Entity)
                .where(Entity.actor_id == gone_id)
                .values(actor_id=keep_id, link=Entity.link + f"; merged by correction #{cid} into '{keep_name}'")
            ).rowcount
            conn.execute(delete(Actor).where(Actor.id == gone_id))
        return keep_name, gone_name, moved

    def split(self, actor: str, name: str) -> tuple[str, int]:
        """Move the entities called ``name`` out of ``actor`` into an actor of their own."""
        actor_id, key, actor_name = self.find_actor(actor)
        with self.engine.begin() as conn:
            rows = conn.execute(select(Entity.id, Entity.name, Entity.type).where(Entity.actor_id == actor_id)).all()
            moving = [r for r in rows if fold(r.name) == fold(name)]
            if not moving:
                names = sorted({r.name for r in rows})
                raise StoreError(f"{actor_name!r} has no entity named {name!r}; its names: {', '.join(names)}")
            if len(moving) == len(rows):
                raise StoreError(f"every entity of {actor_name!r} is named {name!r}: nothing would be left to split")
            cid = self._correct(conn, "split", key, fold(name))
            new_id = conn.execute(
                insert(Actor).returning(Actor.id),
                {
                    "key": split_key(key, fold(name)),
                    "name": moving[0].name,
                    "type": moving[0].type,
                    "country": None,
                    "kb_id": None,
                    "block": ActorRef(None, "", moving[0].name, moving[0].type).block,
                },
            ).scalar_one()
            conn.execute(
                update(Entity)
                .where(Entity.id.in_([r.id for r in moving]))
                .values(actor_id=new_id, link=f"split out of '{actor_name}' by correction #{cid}")
            )
        return moving[0].name, len(moving)

    def relink(self) -> int:
        """Link every stored entity to actors again from scratch (after KB changes), replaying corrections."""
        with self.engine.begin() as conn:
            conn.execute(update(Entity).values(actor_id=None))
            conn.execute(delete(Actor))
        index = ActorIndex(self.kb(), self.corrections())
        n = 0
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(Entity.id, Entity.name, Entity.type, Entity.kb_id, Document.content_hash)
                .join(Document, Document.id == Entity.document_id)
                .order_by(Document.id, Entity.id)
            ).all()
            for r in rows:
                link = index.link(r.name, r.type, r.kb_id, r.content_hash[:12])
                save_actor(conn, link, index)
                index.add(link.actor, r.name)
                conn.execute(update(Entity).where(Entity.id == r.id).values(actor_id=link.actor.id, link=link.reason))
                n += 1
        return n

    def _correct(self, conn, action: str, actor_key: str, other: str) -> int:
        return conn.execute(
            insert(Correction).returning(Correction.id),
            {"action": action, "actor_key": actor_key, "other": other, "created_at": _now()},
        ).scalar_one()

    @staticmethod
    def _drop_orphan_actors(conn) -> None:
        used = select(Entity.actor_id).where(Entity.actor_id.is_not(None)).distinct()
        conn.execute(delete(Actor).where(Actor.id.not_in(used)))

    # ---- the user's knowledge base ------------------------------------------------------------

    def kb_entries(self) -> list[KbActor]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(*KbEntry.__table__.columns).order_by(KbEntry.id)).all()
            return [
                actor_from_dict(
                    {
                        "id": r.id,
                        "name": r.name,
                        "type": r.type,
                        "country": r.country,
                        "aliases": json.loads(r.aliases),
                        "roles": json.loads(r.roles),
                        "wikidata": r.wikidata,
                        "outlet": r.outlet,
                    },
                    f"kb entry {r.id}",
                )
                for r in rows
            ]

    def kb_put(self, actors: list[KbActor]) -> int:
        """Add or replace the user's KB entries; returns how many were written."""
        with self.engine.begin() as conn:
            for a in actors:
                conn.execute(delete(KbEntry).where(KbEntry.id == a.id))
                conn.execute(
                    insert(KbEntry),
                    {
                        "id": a.id,
                        "name": a.name,
                        "type": a.type,
                        "country": a.country,
                        "aliases": json.dumps(list(a.aliases), ensure_ascii=False),
                        "roles": json.dumps(list(a.roles), ensure_ascii=False),
                        "wikidata": a.wikidata,
                        "outlet": a.outlet,
                    },
                )
        return len(actors)


def _flush_errors(report: IngestReport, seen: int, on_error: Callable[[str], None]) -> int:
    for message in report.errors[seen:]:
        on_error(message)
    return len(report.errors)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]
