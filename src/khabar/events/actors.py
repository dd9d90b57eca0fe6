"""Which of the record's entities a token stands for: its own mention, a pronoun referring back,
a country adjective ("American air strikes" -> America), or the name inside its noun phrase
("fighters from al-Shabab", "Mr Sadr's men", "the dictatorship of Saddam Hussein")."""

from __future__ import annotations

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
_SOME = {"some", "many", "most", "few", "several", "others", "those", "members", "hardliners", "officials"}
_NP_MODIFIERS = {"poss", "compound", "amod", "nmod", "npadvmod"}


class Actors:
    def __init__(self, doc: Doc, index: EntityIndex):
        self.doc = doc
        self.index = index
        self._token_at = {int(idx): i for i, idx in enumerate(doc.to_array("IDX"))}  # without a Token per word
        self._mention_end = {m.start: m.end for e in index.entities for m in e.mentions}
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
        ent = self.index.get(eid)
        return ent.type if ent is not None else None

    def of(self, tok: Token, depth: int = 0) -> str | None:
        """The entity the noun phrase headed by ``tok`` names, or None."""
        eid = self.index.at(tok.idx, tok.idx + len(tok.text))
        if eid and not (_adjectival(tok) and self.type_of(eid) == "NORP"):
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
        members = _MEMBER_PREPS | ({"in", "within"} if low in _SOME else set())  # 'some in the administration'
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in members:
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
            for eid in joined if joined else [*self._hyphen_partners(t), self.of(t)]:
                if eid and eid not in out:
                    out.append(eid)
        return out

    def _hyphen_partners(self, tok: Token) -> list[str | None]:
        """'Turkish-Russian agreement', split by the tokenizer: the 'Turkish' before 'Russian'."""
        doc, found, i = self.doc, [], tok.i
        while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
            code = self._demonym(doc[i - 2])
            if code is None:
                break
            found.insert(0, self.countries.get(code))
            i -= 2
        return found

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

        def agrees(start: int, eid: str, number: bool | None = None) -> bool:
            kind = self.type_of(eid)
            if kind not in wanted or self.index.is_outlet(eid):
                return False
            ti = self._token_at.get(start)  # 'the Shia crowds' is no 'they'; 'the Shia' is
            if kind == "NORP" and ti is not None and _adjectival(self.doc[ti]):
                return False
            return number is None or self._plural(start) == number

        if low in _PERSON:
            return self.index.latest_before(tok.idx, agrees, floor=tok.idx - 600)
        # 'they' looks back first for a plural ('the protesters', 'the Houthis'), 'it' for a singular
        plural = not low.startswith("it")
        found = self.index.latest_before(tok.idx, lambda s, e: agrees(s, e, plural), floor=tok.idx - 600)
        return found or self.index.latest_before(tok.idx, agrees, floor=tok.idx - 300)

    def _plural(self, start: int) -> bool:
        """Does the mention starting here end in a plural noun ('the protesters', 'Rapid Support Forces')?"""
        end = self._mention_end.get(start)
        last = self._token_at.get(start)
        if end is None or last is None:
            return False
        while last + 1 < len(self.doc) and self.doc[last + 1].idx < end:
            last += 1
        return self.doc[last].tag_ in ("NNS", "NNPS")

    def _demonym(self, tok: Token) -> str | None:
        lex = lexicon()
        key = fold(tok.text)
        return lex.demonym_adj.get(key) or lex.demonym_people.get(key)


def _adjectival(tok: Token) -> bool:
    """Is the token used as an adjective ('Shia crowds') rather than as a noun ('the Shia')?"""
    return tok.pos_ == "ADJ" or tok.dep_ in ("amod", "compound")
