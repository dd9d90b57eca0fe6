"""The entity stage's knowledge, loaded once from the package's data files."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

TITLE = "TITLE"  # label of the ruler's title spans; never emitted as an entity


def load_data(name: str) -> dict[str, Any]:
    return json.loads(resources.files("khabar").joinpath("data", name).read_text(encoding="utf-8"))


@dataclass
class Lexicon:
    titles: list[str]  # title phrases, lower-case, longest first
    title_words: frozenset[str]  # single folded words that only ever occur inside titles
    military_titles: frozenset[str]
    outlet_heads: frozenset[str]
    person_roles: dict[str, list[str]]
    org_heads: dict[str, list[str]]
    demonym_adj: dict[str, str]  # 'libyan' -> 'LY'
    demonym_people: dict[str, str]  # 'turks' -> 'TR'
    org_words: frozenset[str] = field(default_factory=frozenset)  # 'Haftar Army' is not Haftar
    outlet_words: frozenset[str] = field(default_factory=frozenset)  # '... Observer' is a news medium
    collectives: dict[str, str] = field(default_factory=dict)  # 'troops' -> 'army', 'authorities' -> 'government'
    bare_collectives: frozenset[str] = field(default_factory=frozenset)  # 'protesters' needs no 'the'
    crowds: frozenset[str] = field(default_factory=frozenset)  # collectives that are unnamed people, not institutions
    possessive_institutions: dict[str, tuple[str, str]] = field(default_factory=dict)  # 'navy' -> ('navy', 'ORG')
    neutral_modifiers: frozenset[str] = field(default_factory=frozenset)  # 'the interim government'
    country_collectives: frozenset[str] = field(default_factory=frozenset)  # 'the Syrian opposition' only
    facilities: dict[str, str] = field(default_factory=dict)  # 'airbase' -> 'base': described, not named
    acting_nouns: frozenset[str] = field(default_factory=frozenset)  # 'Israeli strikes': Israel acts
    representing_nouns: frozenset[str] = field(default_factory=frozenset)  # 'a Saudi official'


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    titles = load_data("titles.json")
    phrases = sorted(
        {t for key in ("honorifics", "military", "political", "religious") for t in titles[key]},
        key=lambda t: (-len(t), t),
    )
    # 'head', 'chief', 'leader' ... are titles before a name but ordinary words inside one
    ambiguous = {
        "head",
        "chief",
        "leader",
        "chair",
        "major",
        "justice",
        "general",
        "representative",
        "king",
        "prince",
        "queen",
        "premier",
        "secretary",
        "governor",
        "speaker",
    }
    words = frozenset(p for p in phrases if " " not in p and "-" not in p and p not in ambiguous)
    desc = load_data("descriptions.json")
    dem = load_data("demonyms.json")
    # the other countries' adjectives, converted from the Phoenix dictionary (`make demonyms`)
    dem = {**{k: v for k, v in load_data("demonyms-phoenix.json").items() if k not in dem}, **dem}
    adj: dict[str, str] = {}
    people: dict[str, str] = {}
    for code, forms in dem.items():
        if code.startswith("_"):
            continue
        for a in forms["adj"]:
            adj[a.lower()] = code
        for p in forms["people"]:
            people[p.lower()] = code
    return Lexicon(
        titles=phrases,
        title_words=words,
        military_titles=frozenset(titles["military"]),
        outlet_heads=frozenset(desc["outlet"]),
        person_roles=desc["person_roles"],
        org_heads=desc["org_heads"],
        demonym_adj=adj,
        demonym_people=people,
        org_words=frozenset(desc["org_words"]) | frozenset(desc["outlet_words"]),
        outlet_words=frozenset(desc["outlet_words"]),
        collectives={w: group for group, words in desc["collectives"].items() for w in words},
        bare_collectives=frozenset(desc["bare_collectives"]),
        crowds=frozenset(desc["crowds"]),
        possessive_institutions={k: (v[0], v[1]) for k, v in desc["possessive_institutions"].items()},
        neutral_modifiers=frozenset(desc["neutral_modifiers"]),
        country_collectives=frozenset(desc["country_collectives"]),
        facilities={w: kind for kind, words in desc.get("facilities", {}).items() for w in words},
        acting_nouns=frozenset(desc.get("acting_nouns", [])),
        representing_nouns=frozenset(desc.get("representing_nouns", [])),
    )
