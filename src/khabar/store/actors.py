"""Actors across articles: each stored entity is linked to one actor, and the link says why.

Order of evidence: the knowledge base (bundled and the user's own), then names already stored for
actors of the same kind, matched with the transliteration-robust name keys used within an article.
Candidates are found by a blocking key (the consonant skeleton of the last name word, and the
acronym for organisations) so resolution stays fast with many actors. User corrections (merge,
split) are replayed on every link, so they survive re-ingest and re-resolution.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.entities.kb import KnowledgeBase
from khabar.entities.names import (
    acronym,
    fold,
    given_names_compatible,
    is_part_of,
    name_tokens,
    same_name,
    skeleton,
    tokens_match,
)
from khabar.entities.places import country_code

KIND = {"PERSON": "P", "ORG": "O", "NORP": "O", "GPE": "L", "LOC": "L", "FAC": "L"}


@dataclass(eq=False)  # identity: one object per actor, cheap to compare and hash
class ActorRef:
    id: int | None
    key: str
    name: str
    type: str
    country: str | None = None
    kb_id: str | None = None
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # every name seen -> its name tokens

    @property
    def block(self) -> str:
        return blocks_of(self.type, self.name, tuple(name_tokens(self.name)))[-1]


@dataclass
class Link:
    actor: ActorRef
    reason: str
    new: bool = False


def split_key(actor_key: str, folded_name: str) -> str:
    return f"split:{actor_key}:{folded_name}"


def kind(entity_type: str) -> str:
    return KIND.get(entity_type, "X")


def blocks_of(entity_type: str, name: str, toks: tuple[str, ...]) -> list[str]:
    """Blocking keys: only actors sharing one are compared. People: the surname's skeleton with the
    given name's initial sound ('P:k:hftr'), and the surname alone ('P~hftr') for one-word mentions;
    other kinds: the last word's skeleton, and for organisations the acronym."""
    k = kind(entity_type)
    last = skeleton((toks or (fold(name),))[-1])
    if k == "P":
        out = [f"P~{last}"]
        if len(toks) >= 2:
            out.append(f"P:{skeleton(toks[0])[:1]}:{last}")
        return out
    acr = _acronym_block(entity_type, name)
    return [f"{k}:{last}", acr] if acr else [f"{k}:{last}"]


def _query_blocks(entity_type: str, name: str, toks: tuple[str, ...]) -> list[str]:
    keys = blocks_of(entity_type, name, toks)
    return keys[1:] if kind(entity_type) == "P" and len(toks) >= 2 else keys


def _acronym_block(entity_type: str, name: str) -> str | None:
    if kind(entity_type) != "O":
        return None
    if name.isupper() and 2 <= len(name) <= 8 and " " not in name:
        return f"O:acr:{name}"
    a = acronym(name)
    return f"O:acr:{a}" if len(a) >= 2 else None


class Corrections:
    """Merges (absorbed key -> kept key) and splits ((actor key, folded name) -> correction id)."""

    def __init__(self, rows: list[tuple[int, str, str, str]] = ()):  # (id, action, actor_key, other)
        self.merged: dict[str, tuple[str, int]] = {}
        self.split: dict[tuple[str, str], int] = {}
        for cid, action, actor_key, other in rows:
            if action == "merge":
                self.merged[other] = (actor_key, cid)
            elif action == "split":  # a later split undoes an earlier merge of the same split-off actor
                self.split[(actor_key, other)] = cid
                self.merged.pop(split_key(actor_key, other), None)

    def follow(self, key: str) -> tuple[str, list[int]]:
        seen: list[int] = []
        while key in self.merged and len(seen) < 50:
            key, cid = self.merged[key]
            seen.append(cid)
        return key, seen


class ActorIndex:
    """The actors known so far, with every name their entities carried, indexed by blocking key."""

    def __init__(self, kb: KnowledgeBase, corrections: Corrections | None = None):
        self.kb = kb
        self.corrections = corrections or Corrections()
        self.by_key: dict[str, ActorRef] = {}
        self._blocks: dict[str, dict[str, ActorRef]] = {}  # block -> actors by key, in order of arrival
        self.compared = 0  # candidate actors examined so far: grows with the block sizes, not the store

    def add(self, actor: ActorRef, name: str | None = None) -> None:
        if actor.key not in self.by_key:
            self.by_key[actor.key] = actor
        for n in {actor.name, name} - {None}:
            self._index(actor, n)

    def _index(self, actor: ActorRef, name: str) -> None:
        if name in actor.names:
            return
        toks = actor.names[name] = tuple(name_tokens(name))
        for b in blocks_of(actor.type, name, toks):
            self._blocks.setdefault(b, {}).setdefault(actor.key, actor)

    def link(self, name: str, entity_type: str, kb_id: str | None, doc_key: str, country: str | None = None) -> Link:
        """The actor an entity of one article belongs to (not yet added to the index); ``country`` is the
        one the record gives a described actor, kept on an actor created for it."""
        link = self._candidate(name, entity_type, kb_id, doc_key)
        if country and link.new and link.actor.country is None:
            link.actor.country = country
        split = self.corrections.split.get((link.actor.key, fold(name)))
        if split is not None:
            key = split_key(link.actor.key, fold(name))
            actor = self.by_key.get(key) or ActorRef(None, key, name, entity_type, link.actor.country)
            link = Link(actor, f"split out of '{link.actor.name}' by correction #{split}", new=actor.id is None)
        kept, via = self.corrections.follow(link.actor.key)
        if via:
            target = self.by_key.get(kept)
            if target is not None:
                why = "; ".join(f"merged by correction #{c}" for c in via)
                return Link(target, f"{link.reason}; {why} into '{target.name}'")
        return link

    def _candidate(self, name: str, entity_type: str, kb_id: str | None, doc_key: str) -> Link:
        entry = self.kb.actors.get(kb_id) if kb_id else None
        how = f"knowledge-base id {kb_id} given by extraction"
        if entry is None:
            entry = self.kb.lookup(name) if kind(entity_type) != "X" else None
            how = f"'{name}' is a knowledge-base name of {entry.id}" if entry else ""
        if entry is not None:
            key = f"kb:{entry.id}"
            known = self.by_key.get(key)
            if known is not None:
                return Link(known, how)
            return Link(ActorRef(None, key, entry.name, entry.type, entry.country, entry.id), how, new=True)
        if not any(c.isupper() for c in name):  # 'protesters', 'the army': a group of this article only
            key = f"{kind(entity_type)}:{fold(name)}@{doc_key}"
            known = self.by_key.get(key)
            if known is not None:
                return Link(known, "same unnamed group in the same article")
            actor = ActorRef(None, key, name, entity_type, None)
            return Link(actor, "unnamed group: kept to its own article", new=True)
        found = self._match(name, entity_type)
        if found is not None:
            return found
        key = f"{kind(entity_type)}:{fold(name)}"
        known = self.by_key.get(key)
        if known is not None:  # a name the blocking keys cannot index ('@handle'): its key still finds it
            return Link(known, f"same name as '{known.name}'")
        country = country_code(name) if kind(entity_type) == "L" else None
        actor = ActorRef(None, key, name, entity_type, country)
        return Link(actor, "no stored actor of this kind has a matching name: new actor", new=True)

    def _match(self, name: str, entity_type: str) -> Link | None:
        toks = tuple(name_tokens(name))
        found: dict[str, ActorRef] = {}
        for b in _query_blocks(entity_type, name, toks):
            for a in self._blocks.get(b, {}).values():
                if kind(a.type) == kind(entity_type) and "@" not in a.key:
                    found.setdefault(a.key, a)
        cands = list(found.values())
        self.compared += len(cands)
        folded = fold(name)
        for test in (_exact, _variant, _contains, _acronym):
            hits = [(a, why) for a in cands for why in [test(name, folded, toks, a, entity_type)] if why]
            if len({a.key for a, _ in hits}) == 1:
                return Link(*hits[0])
            if hits:  # several actors fit equally: the most established one, said so
                a, why = max(hits, key=lambda h: (len(h[0].names), -(h[0].id or 0)))
                return Link(a, f"{why} (ambiguous: {len({h[0].key for h in hits})} actors fit)")
        if len(toks) == 1 and kind(entity_type) == "P":
            fits = [a for a in cands if any(_surname_of(toks[0], t) for t in a.names.values())]
            if len(fits) == 1:
                return Link(fits[0], f"'{name}' is the surname of '{fits[0].name}', the only stored person so named")
        return None


def _exact(name, folded, toks, actor: ActorRef, _t) -> str:
    hit = next((n for n in actor.names if fold(n) == folded), None)
    return f"same name as '{hit}'" if hit else ""


def _variant(name, folded, toks, actor: ActorRef, _t) -> str:
    if len(toks) < 2 and kind(actor.type) == "P":
        return ""
    hit = next((n for n in actor.names if same_name(n, name)), None)
    return f"'{name}' and '{hit}' are spellings of one name" if hit else ""


def _contains(name, folded, toks, actor: ActorRef, entity_type) -> str:
    if kind(entity_type) != "P" or len(toks) < 2:
        return ""
    for n, other in actor.names.items():
        if len(other) < 2:
            continue
        short, full = (toks, other) if len(toks) <= len(other) else (other, toks)
        if is_part_of(short, full) and given_names_compatible(short, full) and tokens_match(short[-1], full[-1]):
            return f"'{name}' and '{n}' are fuller and shorter forms of one name"
    return ""


def _acronym(name, folded, toks, actor: ActorRef, entity_type) -> str:
    if kind(entity_type) != "O":
        return ""
    for n in actor.names:
        if (name.isupper() and acronym(n) == name) or (n.isupper() and acronym(name) == n):
            return f"'{name}' and '{n}' are a name and its acronym"
    return ""


def _surname_of(token: str, toks: tuple[str, ...]) -> bool:
    return len(toks) >= 2 and skeleton(toks[-1]) == skeleton(token) and fold(toks[-1])[:1] == token[:1]
