"""The entity stage: parsed doc in, the record's entities (and an index over their mentions) out."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from spacy.tokens import Doc

from khabar.entities.collectives import bare_names, recognised_government
from khabar.entities.countries import country_adjectives
from khabar.entities.describe import (
    appositives,
    descriptions,
    followers,
    known_as,
    main_country,
    repeated_names,
    same_heads,
)
from khabar.entities.facilities import facilities
from khabar.entities.lexicon import lexicon
from khabar.entities.mentions import dateline_mentions, heading_spans, name_mentions
from khabar.entities.names import fold
from khabar.entities.places import country_code, country_name
from khabar.entities.resolve import Cluster, attach, cluster, parenthesised_names, settle_place_types
from khabar.parse.nlp import text_of
from khabar.record import Entity, Span

SCORED = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "OTHER"}


class EntityIndex:
    """Which entity a character span names; used by the attribution and event stages."""

    def __init__(
        self,
        entities: list[Entity],
        outlets: set[str] | None = None,
        collectives: set[str] | None = None,
        described: set[str] | None = None,
    ):
        self.entities = entities
        self.outlets = outlets or set()
        self.collectives = collectives or set()  # groups named by a common noun ('the protesters')
        self.described = described or set()  # actors only described ('rebel fighters')
        self.by_id = {e.id: e for e in entities}
        items = sorted((m.start, m.end, e.id) for e in entities for m in e.mentions)
        self._starts = [s for s, _, _ in items]
        self._items = items

    def within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Mentions lying inside [start, end), in text order."""
        i = bisect_right(self._starts, start - 1)
        out = []
        while i < len(self._items) and self._items[i][0] < end:
            s, e, eid = self._items[i]
            if e <= end:
                out.append((s, e, eid))
            i += 1
        return out

    def at(self, start: int, end: int) -> str | None:
        """The entity whose mention best overlaps [start, end)."""
        best, best_overlap = None, 0
        i = max(0, bisect_right(self._starts, start) - 8)
        while i < len(self._items) and self._items[i][0] < end:
            s, e, eid = self._items[i]
            overlap = min(e, end) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = eid, overlap
            i += 1
        return best

    def latest_before(self, pos: int, accept: Callable[[int, str], bool], floor: int = 0) -> str | None:
        """The entity of the last mention starting in [floor, pos) that ``accept(start, entity_id)`` takes."""
        i = bisect_left(self._starts, pos) - 1
        while i >= 0 and self._starts[i] >= floor:
            start, _, eid = self._items[i]
            if accept(start, eid):
                return eid
            i -= 1
        return None

    def is_outlet(self, entity_id: str | None) -> bool:
        return entity_id in self.outlets

    def is_collective(self, entity_id: str | None) -> bool:
        return entity_id in self.collectives

    def get(self, entity_id: str | None) -> Entity | None:
        return self.by_id.get(entity_id) if entity_id else None


def extract_entities(doc: Doc) -> EntityIndex:
    text = text_of(doc)
    headings = heading_spans(text)
    body, heads = name_mentions(doc, headings)
    body += dateline_mentions(doc, body + heads)
    clusters = cluster(body)
    attach(heads, clusters)
    settle_place_types(clusters)
    parenthesised_names(text, clusters)
    repeated_names(doc, clusters)
    descriptions(doc, clusters, main_country(clusters))
    known_as(doc, clusters)
    followers(doc, clusters)
    appositives(doc, clusters)
    facilities(doc, clusters)
    same_heads(doc, clusters)
    bare_names(clusters)
    recognised_government(text, clusters)
    country_adjectives(doc, clusters)
    return _to_entities(clusters, text)


def _to_entities(clusters: list[Cluster], text: str) -> EntityIndex:
    entities = []
    outlets, collectives, described = set(), set(), set()
    for c in sorted(clusters, key=lambda c: c.first):
        etype = c.type
        if etype not in SCORED:
            etype = "OTHER"
        seen: set[tuple[int, int]] = set()
        mentions = []
        for m in sorted(c.mentions, key=lambda m: (m.start, m.end)):
            if (m.start, m.end) in seen or m.start < 0:
                continue  # a name known only from the knowledge base has no place in the text
            seen.add((m.start, m.end))
            mentions.append(Span.of(text, m.start, m.end))
        eid = f"e{len(entities) + 1}"
        kb_id = c.kb.id if c.kb else None
        name = (_country_named_by_people(c.rep.name) or _country_among(c)) if etype == "GPE" else None
        entities.append(
            Entity(
                id=eid, name=name or _best_cased(c, _without_article(c.rep.name)), type=etype, mentions=mentions,
                roles=c.roles,
                kb_id=kb_id,
                country=c.belongs_to,
            )
        )
        if c.outlet:
            outlets.add(eid)
        if c.collective:
            collectives.add(eid)
        if c.described:
            described.add(eid)
    return EntityIndex(entities, outlets, collectives, described)


def _country_among(c: Cluster) -> str | None:
    """'Ankara' standing for Turkey, beside 'Turkey' itself: the entity is the country, called by its name."""
    if country_code(c.rep.name):
        return None
    return next((m.name for m in c.names if m.name and fold(m.name) == fold(m.text) and country_code(m.name)), None)


def _best_cased(c: Cluster, name: str) -> str:
    """A name seen only in capitals ('BORIS JOHNSON' in a byline or heading) is called by the form the
    article also writes in ordinary case, else, for a person, in title case; acronyms stay as they are."""
    if not name.isupper():
        return name
    key = fold(name)
    other = next((m.name for m in c.mentions if fold(m.name) == key and not m.name.isupper()), None)
    if other:
        return other
    if c.type == "PERSON" and " " in name.strip():
        return name.title()
    if c.type in ("GPE", "LOC") and len(name) > 3:  # a dateline's 'ADEN': a place the gazetteer knows
        from khabar.geo import gazetteer

        if gazetteer().candidates(name.title()):
            return name.title()
    return name


def _without_article(name: str) -> str:
    """'the 444 Brigade' is called '444 Brigade' (the article is the sentence's, not the name's)."""
    return name[4:] if name.startswith("the ") and len(name) > 4 and not name[4:].islower() else name


def _country_named_by_people(name: str) -> str | None:
    """'Egyptian' or 'the Egyptians' as the only name of a country: the entity is called 'Egypt'."""
    lex = lexicon()
    key = fold(name).removeprefix("the ")
    code = lex.demonym_adj.get(key) or lex.demonym_people.get(key)
    return country_name(code) if code else None
