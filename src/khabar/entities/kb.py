"""The knowledge base of known actors: canonical names, aliases in any script, types, roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from khabar.entities.lexicon import load_data
from khabar.entities.names import fold, name_tokens, same_name


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

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class KnowledgeBase:
    def __init__(self, actors: list[Actor]):
        self.actors = {a.id: a for a in actors}
        self._exact: dict[str, list[str]] = {}
        self._by_last: dict[str, list[tuple[str, str]]] = {}
        for a in actors:
            for n in a.names:
                self._exact.setdefault(_exact_key(n), []).append(a.id)
                toks = name_tokens(n)
                if len(toks) >= 2:
                    self._by_last.setdefault(toks[-1][:1], []).append((n, a.id))

    def lookup(self, text: str) -> Actor | None:
        """The actor a surface form names: exact alias (any case) or a full-name transliteration variant."""
        ids = self._exact.get(_exact_key(text))
        if ids and len(set(ids)) == 1:
            return self.actors[ids[0]]
        toks = name_tokens(text)
        if len(toks) < 2:
            return None
        found = {aid for n, aid in self._by_last.get(toks[-1][:1], []) if same_name(n, text)}
        return self.actors[found.pop()] if len(found) == 1 else None

    def __len__(self) -> int:
        return len(self.actors)


def _exact_key(text: str) -> str:
    t = fold(text).strip()
    for prefix in ("the ",):
        if t.startswith(prefix):
            t = t[len(prefix) :]
    return " ".join(t.replace("-", " ").split())


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    raw = load_data("actors.json")["actors"]
    return KnowledgeBase(
        [
            Actor(
                id=a["id"],
                name=a["name"],
                type=a["type"],
                country=a.get("country"),
                aliases=tuple(a.get("aliases", [])),
                roles=tuple(a.get("roles", [])),
                outlet=bool(a.get("outlet")),
                commands=tuple(a.get("commands", [])),
            )
            for a in raw
        ]
    )
