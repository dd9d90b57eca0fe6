"""Where the store lives and how it is opened: SQLite by default, PostgreSQL by URL, schema kept current by Alembic."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text

DEFAULT_DB = "khabar.db"
ENV_VAR = "KHABAR_DB"
LOCK_WAIT = 120  # seconds a process waits for another one to finish setting up a new store
_PG_LOCK = 0x6B686162  # advisory lock id for schema migrations ('khab')


class StoreError(Exception):
    """The store cannot be opened or used; the message is shown to the user as is."""


def resolve_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db``, then ``$KHABAR_DB``, then ``./khabar.db``; plain paths mean SQLite."""
    raw = db or os.environ.get(ENV_VAR) or DEFAULT_DB
    if raw.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser()}"


def open_engine(db: str | None = None, *, migrate: bool = True) -> Engine:
    url = resolve_url(db)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if str(path) != ":memory:" and not path.parent.exists():
            raise StoreError(f"{path}: folder {path.parent} does not exist")
    try:
        engine = create_engine(url)
    except Exception as exc:  # bad URL, driver missing
        raise StoreError(f"{db or url}: cannot open the store ({exc})") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        try:
            upgrade(engine)
        except Exception as exc:
            raise StoreError(f"{_safe(url)}: cannot open the store ({str(exc).splitlines()[0]})") from exc
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer; a killed writer loses nothing committed
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with the migrations shipped in the package."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("khabar.store").joinpath("migrations")))
    with _migration_lock(engine), engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # held until this transaction ends; other openers wait here
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One process at a time brings a SQLite store's schema up to date: the others wait, then find it done.
    The lock is a file beside the database, so it holds across processes and users of the same file."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    from filelock import FileLock, Timeout

    try:
        with FileLock(f"{database}.lock", timeout=LOCK_WAIT):
            yield
    except Timeout as exc:
        raise StoreError(f"{database}: another khabar process has held the store's lock for {LOCK_WAIT} s") from exc


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url
