"""Group mentions into entities: full and partial names, transliteration variants, KB aliases."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from khabar.entities.kb import default_kb
from khabar.entities.lexicon import lexicon
from khabar.entities.mentions import Mention
from khabar.entities.names import acronym, fold, given_names_compatible, is_part_of, own_name_tokens, same_name
from khabar.entities.places import country_code

PLACE = {"GPE", "LOC", "FAC"}
_AGREEMENTS = {"agreement", "accord", "accords", "treaty", "declaration", "initiative", "protocol", "convention",
               "conventions", "memorandum", "charter", "roadmap", "deal", "pact", "resolution", "plan",
               "act"}  # fmt: skip


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    forced_type: str | None = None
    collective: bool = False  # named by a common noun ('the protesters'), not by a name
    described: bool = False  # an actor only described ('rebel fighters'), kept where it takes part
    belongs_to: str | None = None  # the country a described actor's adjective names

    @property
    def kb(self):
        return next((m.kb for m in self.mentions if m.kb), None)

    @property
    def country(self) -> str | None:
        return next((m.country for m in self.mentions if m.country), None)

    @property
    def names(self) -> list[Mention]:
        return [m for m in self.mentions if not m.description]

    def _cached(self, what: str, compute):
        """A derived value, kept until the cluster changes (its mentions or its forced type)."""
        key = (len(self.mentions), self.forced_type)
        cache = self.__dict__.setdefault("_cache", {})
        hit = cache.get(what)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = compute()
        cache[what] = (key, value)
        return value

    @property
    def rep(self) -> Mention:
        """The fullest proper name as the article spells it: no possessive phrase ('Libyan National Army'
        over 'Haftar's forces'), then most name tokens, then most frequent, then first."""
        return self._cached("rep", self._rep)

    def _rep(self) -> Mention:
        names = self.names or self.mentions
        counts = Counter(fold(m.name) for m in names)

        def rank(m: Mention) -> tuple:
            name = fold(m.name)
            return ("'s " not in name.replace("’", "'"), len(m.tokens), counts[name], -m.start)

        return max(names, key=rank)

    @property
    def type(self) -> str:
        return self._cached("type", self._type)

    def _type(self) -> str:
        if self.forced_type:
            return self.forced_type
        if self.kb:
            return self.kb.type
        votes: Counter[str] = Counter()
        for m in self.mentions:
            weight = 1.0
            if m.roles and m.label in ("PERSON", "ORG", "NORP", "GPE") and not m.is_org_like:
                votes["PERSON"] += 1.5  # a titled name is a person whatever the tagger said ('the Air Force' is not)
            if m.label == "NORP" and m.country:
                votes["GPE"] += 1
                continue
            votes[m.label] += weight
        if self.rep.is_org_like and votes["PERSON"] and not any(m.roles for m in self.mentions):
            return "ORG"
        winner = votes.most_common(1)[0][0] if votes else "OTHER"
        rep = self.rep
        if winner != "FAC" and _named_facility(rep.tokens):
            return "FAC"  # 'the Al-Watiyah Air Base', 'Mosul Dam': a named place built for a purpose
        if winner in ("ORG", "PERSON") and rep.tokens and rep.tokens[-1] in _AGREEMENTS and len(rep.tokens) >= 2:
            return "OTHER"  # 'the Riyadh Agreement', 'the Cairo Declaration': a text agreed, not a body
        if winner == "ORG" and len(rep.tokens) >= 2 and rep.tokens[0] in default_kb().given_names and not (
            rep.is_org_like or any(m.is_org_like for m in self.mentions)
        ):
            return "PERSON"  # 'Mohammed al-Shimmary ... according to al-Shimmary': a given name opens the full name
        return winner

    @property
    def outlet(self) -> bool:
        """A news medium: known as one, named by its web domain, or named like one ('... Observer')."""
        if any(m.outlet for m in self.mentions):
            return True
        return not self.kb and self.type == "ORG" and bool(set(self.rep.tokens) & lexicon().outlet_words)

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def last_before(self, pos: int) -> int:
        return max((m.start for m in self.mentions if m.start < pos), default=-1)

    @property
    def roles(self) -> list[str]:
        out: list[str] = []
        for m in sorted(self.mentions, key=lambda m: m.start):
            for r in m.roles:
                if r.lower() not in (x.lower() for x in out):
                    out.append(r)
        return out


def _named_facility(tokens: list[str]) -> bool:
    """A name ending in a facility's kind ('... Air Base', '... Airport', '... Prison') after a name of its own."""
    if len(tokens) < 2:
        return False
    kinds = lexicon().facilities
    for n in (2, 1):
        if len(tokens) > n and " ".join(tokens[-n:]) in kinds:
            return kinds[" ".join(tokens[-n:])] not in _NOT_NAMED_FACILITIES
    return False


_NOT_NAMED_FACILITIES = {"facility", "headquarters"}  # '... nuclear facility', 'UN headquarters': bodies as often


def _kind(label: str) -> str:
    return "place" if label in PLACE else label.lower()


def compatible(m: Mention, c: Cluster) -> bool:
    kb = c.kb
    if m.kb and kb:
        return m.kb.id == kb.id
    rep = c.rep
    if m.country and (c.country == m.country or country_code(rep.name) == m.country):
        return True
    mk, ck = _kind(m.label), _kind(c.type)
    if mk == "place" or ck == "place":
        if mk == ck or {mk, ck} <= {"place", "norp"}:
            return fold(m.name).removeprefix("the ") == fold(rep.name).removeprefix("the ") or same_name(
                m.name, rep.name
            )
        # a person's surname tagged GPE ('Haftar') may still join a person
        if not (ck == "person" and len(m.tokens) == 1):
            return False
    if ck == "person" or (mk == "person" and not rep.is_org_like):
        if m.is_org_like or rep.is_org_like:
            return False
        if not any(x.label == "PERSON" or x.roles for x in c.mentions) and m.label != "PERSON":
            return same_name(m.name, rep.name)
        if same_name(m.name, rep.name):
            return True
        # partial names: 'Haftar' in 'Khalifa Hifter'; two-token partials must share the given name
        for full in c.names:  # not inside 'pro-Haftar': that names his side, not him
            whole = full.tokens if "-" not in full.name else own_name_tokens(full.name)
            if whole and is_part_of(m.tokens, whole) and (
                len(m.tokens) == 1 or given_names_compatible(m.tokens, full.tokens)
            ):
                return True
        return False
    # organisations
    if same_name(m.name, rep.name) or fold(m.name) == fold(rep.name):
        return True
    stripped = m.name.replace(".", "")
    if stripped.isupper() and 2 <= len(stripped) <= 6 and any(acronym(x.name) == stripped for x in c.names):
        return True
    if len(m.tokens) >= 2 and not set(m.tokens) <= lexicon().org_words:
        return any(is_part_of(m.tokens, x.tokens) for x in c.names)
    return False


def cluster(mentions: list[Mention]) -> list[Cluster]:
    """Longest names first, so that a surname joins the full name it shortens."""
    clusters: list[Cluster] = []
    order = sorted(mentions, key=lambda m: (-len(m.tokens), m.label != "PERSON", m.start))
    for m in order:
        candidates = [c for c in clusters if compatible(m, c)]
        if candidates:
            # the entity mentioned most recently before this mention wins ('Saleh' after 'Ali Saleh')
            best = max(candidates, key=lambda c: (c.last_before(m.start), -c.first))
            best.mentions.append(m)
        else:
            clusters.append(Cluster([m]))
    return clusters


def attach(mentions: list[Mention], clusters: list[Cluster]) -> list[Mention]:
    """Attach mentions to existing clusters only (headings); returns those that found none."""
    left = []
    for m in mentions:
        candidates = [c for c in clusters if compatible(m, c)]
        if candidates:
            max(candidates, key=lambda c: (len(c.mentions), -c.first)).mentions.append(m)
        else:
            left.append(m)
    return left


def settle_place_types(clusters: list[Cluster]) -> None:
    """A name the tagger called ORG, NORP or PERSON that is a known city is a place ('Sanaa', 'Aleppo')."""
    from khabar.geo import gazetteer

    for c in clusters:
        if c.kb or c.country or any(m.roles for m in c.mentions):
            continue
        voted = c.type
        rep = c.rep
        if voted not in ("ORG", "NORP", "PERSON") or rep.is_org_like:
            continue
        if voted == "PERSON" and (len(rep.tokens) > 1 or sum(m.label == "PERSON" for m in c.mentions) > 1):
            continue
        found = gazetteer().candidates(rep.name)
        if found and max(p.population for p in found) >= (50_000 if voted == "PERSON" else 15_000):
            c.forced_type = "GPE"


def parenthesised_names(text: str, clusters: list[Cluster]) -> None:
    """'Fitna al-Khwarij (Tehreek-e-Taliban Pakistan)', 'Al-Wefaq (the Government of National Accord)': a name
    given again in brackets right after a name is another name of the same actor (initials in brackets
    already join by their letters)."""
    bracketed = [(m, c) for c in clusters for m in c.names if text[m.start - 1 : m.start] == "("
                 and text[m.end : m.end + 1] == ")"]  # fmt: skip
    for m, inner in bracketed:
        named = text[m.start : m.end]
        if len(named.split()) < 2 and not (named.isalpha() and named.isupper() and len(named) >= 2):
            continue  # a name or initials, not '(Ky.)' after a senator
        before = len(text[: m.start - 1].rstrip(" "))
        outer = next((c for c in clusters if any(n.end == before for n in c.names)), None)
        if outer is None or outer is inner or inner not in clusters:
            continue
        keep, gone = outer, inner
        if keep.type in PLACE or gone.type in PLACE or (keep.kb and gone.kb and keep.kb.id != gone.kb.id):
            continue  # 'Tripoli (Libya)': a place and where it lies; two known actors stay two
        if {keep.type, gone.type} == {"PERSON", "ORG"} and any(_a_known_person(c) for c in (keep, gone)):
            continue  # 'Haftar (LNA)': a commander and his force
        if gone.kb and not keep.kb:
            keep, gone = gone, keep  # the known actor keeps its entry
        keep.mentions.extend(gone.mentions)
        keep.forced_type = keep.forced_type or gone.forced_type
        clusters.remove(gone)


def _a_known_person(c: Cluster) -> bool:
    return c.type == "PERSON" and (bool(c.roles) or (c.kb is not None and c.kb.type == "PERSON"))
