"""Which of the record's entities a token stands for: its own mention, a pronoun referring back,
a country adjective ("American air strikes" -> America), or the name inside its noun phrase
("fighters from al-Shabab", "Mr Sadr's men", "the dictatorship of Saddam Hussein")."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from khabar.entities import EntityIndex
from khabar.entities.lexicon import lexicon
from khabar.entities.names import fold
from khabar.entities.places import country_code

_PERSON = {"he", "him", "his", "she", "her", "himself", "herself"}
_GROUP = {"it", "its", "itself", "they", "them", "their", "themselves"}
_RELATIVE = {"who", "which", "that", "whom", "whose"}
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
_MEMBER_PREPS = {"of", "from"}
_NP_MODIFIERS = {"poss", "compound", "amod", "nmod", "npadvmod"}


class Actors:
    def __init__(self, doc: Doc, index: EntityIndex):
        self.doc = doc
        self.index = index
        self.types = {e.id: e.type for e in index.entities}
        mentions = sorted((m.start, e.id) for e in index.entities for m in e.mentions)
        self._starts = [s for s, _ in mentions]
        self._ids = [eid for _, eid in mentions]
        self._token_at = {t.idx: t.i for t in doc}
        self.countries: dict[str, str] = {}
        people = lexicon().demonym_people
        # a country's own entity ('America') before one named by its people ('Americans')
        ranked = sorted(index.entities, key=lambda e: (fold(e.name) in people, e.type != "GPE"))
        for e in ranked:
            if e.type not in ("GPE", "NORP"):
                continue
            for surface in [e.name, *(m.text for m in e.mentions)]:
                code = country_code(surface)
                if code:
                    self.countries.setdefault(code, e.id)
                    break

    def type_of(self, eid: str | None) -> str | None:
        return self.types.get(eid) if eid else None

    def of(self, tok: Token, depth: int = 0) -> str | None:
        """The entity the noun phrase headed by ``tok`` names, or None."""
        eid = self.index.at(tok.idx, tok.idx + len(tok.text))
        adjectival = tok.dep_ in ("amod", "compound") or tok.pos_ == "ADJ"
        if eid and not (adjectival and self.types.get(eid) == "NORP"):
            return eid  # 'Shia crowds', 'Arab-majority parties': an adjective is no actor
        low = tok.lower_
        if tok.pos_ == "PRON" or low in _PERSON | _GROUP:
            if low in _RELATIVE and tok.head.dep_ == "relcl":
                return self.of(tok.head.head, depth + 1)
            return self.pronoun(tok)
        code = self._demonym(tok)
        if code:
            return self.countries.get(code)
        if depth > 2:
            return None
        for child in tok.children:
            if child.dep_ in _NP_MODIFIERS and child.i < tok.i:
                found = self.of(child, depth + 1)
                if found:
                    return found
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in _MEMBER_PREPS:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    found = self.of(pobj, depth + 1)
                    if found:
                        return found
            if child.dep_ == "appos":
                found = self.of(child, depth + 1)
                if found:
                    return found
        return None

    def all_of(self, tok: Token) -> list[str]:
        """Entities of a coordinated phrase: 'France, Germany and Russia' gives three, and so does
        'a Turkish-Russian-Iranian deal'."""
        out: list[str] = []
        for t in [tok, *tok.conjuncts]:
            joined = self._joined_demonyms(t)
            for eid in joined if joined else [self.of(t)]:
                if eid and eid not in out:
                    out.append(eid)
        return out

    def _joined_demonyms(self, tok: Token) -> list[str | None]:
        parts = tok.text.split("-")
        if len(parts) < 2:
            return []
        lex = lexicon()
        codes = [lex.demonym_adj.get(fold(p)) for p in parts]
        if not all(codes):
            return []
        return [self.countries.get(c) for c in codes if c]

    def pronoun(self, tok: Token) -> str | None:
        """The nearest earlier entity that agrees with a personal pronoun."""
        low = tok.lower_
        if low in _PERSON:
            wanted = {"PERSON"}
        elif low in _GROUP:
            wanted = {"ORG", "GPE"} if low.startswith("it") else {"ORG", "NORP"}  # 'they' is rarely a place
        else:
            return None
        i = bisect_left(self._starts, tok.idx) - 1
        floor = tok.idx - 600
        while i >= 0 and self._starts[i] >= floor:
            eid = self._ids[i]
            kind = self.types.get(eid)
            if kind in wanted and not self.index.is_outlet(eid) and not (kind == "NORP" and self._adjectival(i)):
                return eid
            i -= 1
        return None

    def _adjectival(self, i: int) -> bool:
        """Is the i-th mention an adjective ('the Shia crowds') rather than a people ('the Shia')?"""
        ti = self._token_at.get(self._starts[i])
        if ti is None:
            return False
        tok = self.doc[ti]
        return tok.pos_ == "ADJ" or tok.dep_ in ("amod", "compound")

    def _demonym(self, tok: Token) -> str | None:
        lex = lexicon()
        key = fold(tok.text)
        return lex.demonym_adj.get(key) or lex.demonym_people.get(key)
