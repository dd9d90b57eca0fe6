"""The knowledge base of known actors: canonical names, aliases in any script, types, roles."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from khabar.entities.lexicon import lexicon, load_data
from khabar.entities.names import fold, name_tokens, same_name, skeleton


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...]
    roles: tuple[str, ...] = ()
    outlet: bool = False
    commands: tuple[str, ...] = field(default=())
    wikidata: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type, "country": self.country}
        out["aliases"] = list(self.aliases)
        out["roles"] = list(self.roles)
        if self.wikidata:
            out["wikidata"] = self.wikidata
        if self.outlet:
            out["outlet"] = True
        if self.commands:
            out["commands"] = list(self.commands)
        return out


class KbFormatError(ValueError):
    """A knowledge-base file or entry that does not follow the format; the message names where."""


KB_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "OTHER")


def actor_from_dict(raw: Any, where: str) -> Actor:
    """One KB entry: ``{id, name, type, country?, aliases?, roles?, wikidata?, outlet?, commands?}``."""
    if not isinstance(raw, dict):
        raise KbFormatError(f"{where}: an actor must be a mapping, not {type(raw).__name__}")
    for key in ("id", "name", "type"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise KbFormatError(f"{where}: missing the required text field '{key}'")
    if raw["type"] not in KB_TYPES:
        raise KbFormatError(f"{where}: type {raw['type']!r} is not one of {', '.join(KB_TYPES)}")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        raise KbFormatError(f"{where}: country must be an ISO 3166 alpha-2 code such as 'LY'")
    lists = {}
    for key in ("aliases", "roles", "commands"):
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise KbFormatError(f"{where}: '{key}' must be a list of strings")
        lists[key] = tuple(v.strip() for v in value if v.strip())
    wikidata = raw.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and wikidata[:1] == "Q" and wikidata[1:].isdigit()):
        raise KbFormatError(f"{where}: wikidata must be an item id such as 'Q12345'")
    return Actor(
        id=raw["id"].strip(),
        name=raw["name"].strip(),
        type=raw["type"],
        country=country.upper() if country else None,
        aliases=lists["aliases"],
        roles=lists["roles"],
        outlet=bool(raw.get("outlet")),
        commands=lists["commands"],
        wikidata=wikidata,
    )


def load_kb_file(path: str | Path) -> list[Actor]:
    """Actors from a YAML or JSON file: a list of entries, or a mapping with an 'actors' list."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KbFormatError(f"{path}: cannot read ({exc})") from exc
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except (json.JSONDecodeError, ValueError) as exc:
        raise KbFormatError(f"{path}: not valid {path.suffix.lstrip('.').upper() or 'YAML'} ({exc})") from exc
    except Exception as exc:  # yaml.YAMLError and its kin
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        at = f":{line + 1}" if line is not None else ""
        raise KbFormatError(f"{path}{at}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    entries = data.get("actors") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise KbFormatError(f"{path}: expected a list of actors (or a mapping with an 'actors' list)")
    actors = [actor_from_dict(raw, f"{path}: actor {i + 1}") for i, raw in enumerate(entries)]
    ids = [a.id for a in actors]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup:
        raise KbFormatError(f"{path}: actor id {dup!r} appears twice")
    return actors


class KnowledgeBase:
    def __init__(self, actors: list[Actor]):
        self.actors = {a.id: a for a in actors}
        self._exact: dict[str, list[str]] = {}
        self._by_last: dict[str, list[tuple[str, str]]] = {}
        for a in actors:
            for n in a.names:
                self._exact.setdefault(_exact_key(n), []).append(a.id)
                toks = name_tokens(n)
                if len(toks) >= 2:  # spellings of one name share the skeleton of their last word
                    self._by_last.setdefault(skeleton(toks[-1]), []).append((n, a.id))

    def lookup(self, text: str) -> Actor | None:
        """The actor a surface form names: exact alias (any case) or a full-name transliteration variant."""
        ids = self._exact.get(_exact_key(text))
        if ids and len(set(ids)) == 1:
            return self.actors[ids[0]]
        toks = name_tokens(text)
        if len(toks) < 2:
            return None
        found = {aid for n, aid in self._by_last.get(skeleton(toks[-1]), []) if same_name(n, text)}
        return self.actors[found.pop()] if len(found) == 1 else None

    def __len__(self) -> int:
        return len(self.actors)

    @cached_property
    def given_names(self) -> frozenset[str]:
        """First words (folded) that open at least three people's names and hardly any organisation's or
        place's: 'mohammed', 'abdel', 'john'. A name opening with one is a person's."""
        people: Counter[str] = Counter()
        others: Counter[str] = Counter()
        for a in self.actors.values():
            for n in a.names:
                words = n.split(maxsplit=1)
                if len(words) == 2:
                    (people if a.type == "PERSON" else others)[fold(words[0])] += 1
        titles = lexicon().title_words
        return frozenset(
            w for w, k in people.items() if k >= 3 and k >= 5 * others[w] and len(w) > 2 and w not in titles
        )


@lru_cache(maxsize=200_000)  # every KB name is keyed twice while loading, and every looked-up name often
def _exact_key(text: str) -> str:
    t = fold(text).strip()
    for prefix in ("the ",):
        if t.startswith(prefix):
            t = t[len(prefix) :]
    return " ".join(t.replace("-", " ").split())


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The curated actors (``actors.json``) and the broad ones converted from the Phoenix dictionaries
    (``phoenix-actors.json``, see ``khabar.entities.build_kb``); a converted actor that shares a name
    or spelling with a curated one is left out, so the curated entry wins."""
    raw_curated = load_data("actors.json")["actors"]
    curated = [actor_from_dict(a, f"actors.json: actor {i + 1}") for i, a in enumerate(raw_curated)]
    taken = {_exact_key(n) for a in curated for n in a.names}
    broad = []
    for i, raw in enumerate(load_data("phoenix-actors.json")["actors"]):
        actor = actor_from_dict(raw, f"phoenix-actors.json: actor {i + 1}")
        if not any(_exact_key(n) in taken for n in actor.names):
            broad.append(actor)
    return KnowledgeBase(curated + broad)


PHOENIX_PREFIX = "phx-"  # ids of the entries converted from the Phoenix dictionaries


def curated(actor_id: str) -> bool:
    """Is the entry one of khabar's curated actors (not converted from a dictionary)?"""
    return not actor_id.startswith(PHOENIX_PREFIX)


def source_of(actor_id: str) -> str:
    """Where a knowledge-base entry comes from, for ``khabar kb``."""
    return "khabar's curated actors" if curated(actor_id) else "Phoenix dictionaries (PETRARCH2, MIT)"
