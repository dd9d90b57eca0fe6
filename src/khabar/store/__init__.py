"""store: records in SQLite or PostgreSQL, entities resolved across articles into actors, and queries."""

from khabar.store.db import StoreError, resolve_url
from khabar.store.store import AmbiguousActor, Store

__all__ = ["AmbiguousActor", "Store", "StoreError", "resolve_url"]
