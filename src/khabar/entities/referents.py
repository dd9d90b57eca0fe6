"""Which of the record's entities a token stands for: its own mention, a pronoun referring back,
a country adjective ("American air strikes" -> America), or the name inside its noun phrase
("fighters from the Houthis", "Mr Hemedti's men", "the regime of Bashar al-Assad")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from khabar.entities.lexicon import lexicon
from khabar.entities.names import fold
from khabar.entities.places import country_code
from khabar.entities.stage import EntityIndex
from khabar.parse.dateline import match as match_dateline

_PERSON = {"he", "him", "his", "she", "her", "himself", "herself"}
_GROUP = {"it", "its", "itself", "they", "them", "their", "themselves"}
_RELATIVE = {"who", "which", "that", "whom", "whose"}
_PLURAL = {"they", "them", "their", "themselves"}
_WHERE = {"in", "at", "near", "inside", "outside", "across", "around"}
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
_MEMBER_PREPS = {"of", "from"}
_SOME = {"some", "many", "most", "few", "several", "others", "those", "members", "hardliners", "officials"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_AGAINST_THE_STATE = {"opposition", "rebel", "rebels", "insurgent", "insurgents", "anti-government", "dissident",
                      "separatist", "exiled", "jihadist", "militant"}  # fmt: skip
_BACKING = {"back", "backed", "fund", "funded", "sponsor", "sponsored", "support", "supported", "arm", "armed", "ally",
            "allied", "train", "trained"}  # fmt: skip
_LOYAL = {"loyal", "affiliated", "aligned", "allied", "belonging", "linked", "attached", "subordinate"}
_RELATIONAL = {"ally", "counterpart", "rival", "enemy", "foe", "neighbour", "neighbor", "proxy", "partner", "patron",
               "opponent", "adversary", "successor", "predecessor"}  # fmt: skip
_NP_MODIFIERS = {"poss", "compound", "amod", "nmod", "npadvmod"}
# participles through which a noun stands for their agent: 'Saudi-led forces', 'Haftar-controlled areas'
_STANDS_FOR = {"lead", "control", "dominate", "run", "command", "hold", "govern", "rule", "occupy"}


class Referents:
    @classmethod
    def of_doc(cls, doc: Doc, index: EntityIndex) -> Referents:
        """One per parsed article and entity index, shared by the stages that read it (pronouns are
        resolved once)."""
        found = doc.user_data.get("khabar_referents")
        if found is None or found.index is not index:
            found = doc.user_data["khabar_referents"] = cls(doc, index)
        return found

    def __init__(self, doc: Doc, index: EntityIndex):
        self.doc = doc
        self.index = index
        self._token_at = {int(idx): i for i, idx in enumerate(doc.to_array("IDX"))}  # without a Token per word
        self._mention_end = {m.start: m.end for e in index.entities for m in e.mentions}
        self.dateline_end = _dateline_end(doc.text)  # 'ADEN, Yemen (Reuters) -': no subject of anything
        self._pronouns: dict[int, str | None] = {}  # token index -> the entity a pronoun refers to
        self._pronoun_tokens: list[int] | None = None
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
        if tok.idx < self.dateline_end:
            return None  # 'ISLAMABAD' over 'Border clashes': where the report comes from, no actor in it
        eid = self.index.at(tok.idx, tok.idx + len(tok.text))
        if eid and not (_adjectival(tok) and self.type_of(eid) == "NORP"):
            return eid  # 'Shia crowds', 'Arab-majority parties': an adjective is no actor
        low = tok.lower_
        if low in _RELATIVE and tok.head.dep_ == "relcl":
            return self.of(tok.head.head, depth + 1)
        if low in _PERSON | _GROUP:
            return self.pronoun(tok)
        if low in ("latter", "former") and any(c.lower_ == "the" for c in tok.children):
            return self._latter_or_former(tok)
        code = self.demonym(tok)
        if code:
            return self.countries.get(code)
        if depth > 2:
            return None
        for child in tok.children:  # 'the US Ambassador in Tripoli, Richard Norland': the person, not the US
            if child.dep_ == "appos" and child.i > tok.i:
                named = self.of(child, depth + 1)
                if named and self.type_of(named) == "PERSON":
                    return named
        modifiers = [c for c in tok.children if c.dep_ in _NP_MODIFIERS and c.i < tok.i]
        if any(c.lower_ in _AGAINST_THE_STATE for c in modifiers) and not eid:
            return None  # 'Syrian opposition factions', 'Sudanese rebels': not Syria, not Sudan
        for child in modifiers:
            if child.lemma_.lower() in _BACKING or child.dep_ == "poss" and tok.lemma_.lower() in _RELATIONAL:
                continue  # 'Iranian-backed militias' are not Iran, 'its ally' is not itself
            if child.tag_ == "VBN" and child.lemma_.lower() not in _STANDS_FOR:
                continue  # 'US-made weapons', 'Iranian-supplied drones': what someone made is not its maker
            found = self.of(child, depth + 1)
            if found:
                return found
        for child in tok.children:  # 'an effort led by America', 'areas held by the rebels': their agent's
            if child.dep_ == "acl" and child.i > tok.i and child.tag_ == "VBN" and child.lemma_.lower() in _STANDS_FOR:
                by = next((c for c in child.children if c.dep_ == "agent"), None)
                pobj = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
                found = self.of(pobj, depth + 1) if pobj is not None else None
                if found:
                    return found
        for child in tok.children:  # 'fighters loyal to the STC', 'militias affiliated with Iran'
            if child.dep_ in ("amod", "acl") and child.i > tok.i and child.lemma_.lower() in _LOYAL:
                preps = [p for p in child.children if p.dep_ == "prep"]
                pobj = next((g for p in preps for g in p.children if g.dep_ == "pobj"), None)
                found = self.of(pobj, depth + 1) if pobj is not None else None
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
        """Entities of a coordinated phrase: 'France, Germany and Russia' gives three, and so do
        'a Turkish-Russian-Iranian deal' and 'American, British and French warplanes'."""
        out: list[str] = []
        for t in [tok, *tok.conjuncts]:
            joined = self._joined_demonyms(t)
            for eid in joined if joined else [*self._hyphen_partners(t), self.of(t), *self._modifier_partners(t)]:
                if eid and eid not in out:
                    out.append(eid)
        return out

    def _modifier_partners(self, tok: Token) -> list[str | None]:
        """The countries coordinated with a country adjective on the noun: 'American and British warplanes'."""
        if self.index.at(tok.idx, tok.idx + len(tok.text)):
            return []
        return [
            self.of(conj)
            for c in tok.children
            if c.dep_ in ("amod", "compound") and c.i < tok.i and self.demonym(c)
            for conj in c.conjuncts
        ]

    def _hyphen_partners(self, tok: Token) -> list[str | None]:
        """'Turkish-Russian agreement', split by the tokenizer: the 'Turkish' before 'Russian'."""
        doc, found, i = self.doc, [], tok.i
        while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
            code = self.demonym(doc[i - 2])
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
        """The most salient earlier entity that agrees with a personal pronoun (see ``_salient``).
        The pronouns before it are resolved first, in text order, so that a chain ('Israel's prime
        minister ... He has kept ... he was indicted') keeps its entity in view."""
        if self._pronoun_tokens is None:
            self._pronoun_tokens = [t.i for t in self.doc if t.lower_ in _PERSON | _GROUP and t.pos_ == "PRON"]
        for i in self._pronoun_tokens:
            if i > tok.i:
                break
            if i not in self._pronouns:
                self._pronouns[i] = None  # while it resolves, it refers to nothing (no loop through it)
                self._pronouns[i] = self._salient(self.doc[i])
        return self._pronouns.get(tok.i) if tok.i in self._pronouns else self._salient(tok)

    def _salient(self, tok: Token) -> str | None:
        """Mentions (and pronouns already resolved) in the pronoun's sentence and the two before it
        are weighed by their role (a subject over an object over the rest), halved for each
        sentence back; an entity counts its best role in each of those sentences. 'they' prefers
        an entity named in the plural ('the protesters'), 'it' one in the singular."""
        low = tok.lower_
        if low in _PERSON:
            wanted, plural = {"PERSON"}, None
        elif low in _GROUP:
            wanted = {"ORG", "GPE"} if low.startswith("it") else {"ORG", "NORP"}  # 'they' is rarely a place
            plural = not low.startswith("it")
        else:
            return None
        ahead = self._cataphora(tok, wanted)
        if ahead is not None:
            return ahead
        starts = _sentence_starts(tok, 3)
        own_subject = _clause_subject(tok)
        candidates: list[tuple[Token, str, bool]] = []  # (head token, entity, named in the plural)
        for start, end, eid in self.index.within(self.doc[starts[-1]].idx, tok.idx):
            kind = self.type_of(eid)
            if kind not in wanted or self.index.is_outlet(eid):
                continue
            head = self._head_of(start, end)
            if head is None or kind == "NORP" and _adjectival(self.doc[self._token_at[start]]):
                continue  # 'the Shia crowds' is no 'they'; 'the Shia' is
            candidates.append((head, eid, self._plural(start)))
        for i in range(starts[-1], tok.i):
            eid = self._pronouns.get(i)
            if eid is not None and self.type_of(eid) in wanted:
                candidates.append((self.doc[i], eid, self.doc[i].lower_ in _PLURAL))
        candidates = [  # not the pronoun's own subject, nor a place named as where ('hit X near Qamishli. Y denied it')
            c
            for c in candidates
            if (own_subject is None or c[0].i != own_subject.i)
            and not (c[0].dep_ == "pobj" and c[0].head.lower_ in _WHERE and self.type_of(c[1]) in PLACE_TYPES)
        ]
        if plural is not None:
            numbered = {eid for _, eid, many in candidates if many == plural}
            if numbered:
                candidates = [c for c in candidates if c[1] in numbered]
        if plural and self._nearer_plural_noun(tok, candidates):
            return None  # 'met tribal leaders to secure their support': theirs, not any entity's
        best: dict[tuple[str, int], float] = {}
        for head, eid, _ in candidates:
            back = sum(1 for s in starts if s > head.i)
            weight = _role_weight(head) * 0.5**back
            best[(eid, back)] = max(best.get((eid, back), 0.0), weight)
        scores: dict[str, float] = {}
        for (eid, _), weight in best.items():
            scores[eid] = scores.get(eid, 0.0) + weight
        latest = {eid: head.i for head, eid, _ in candidates}  # ties go to the nearer entity
        return max(scores, key=lambda e: (scores[e], latest[e])) if scores else None

    def _latter_or_former(self, tok: Token) -> str | None:
        """'the latter' is the entity named last before it, 'the former' the one named before that."""
        start = _sentence_starts(tok, 2)[-1]
        named: list[str] = []
        for m_start, m_end, eid in self.index.within(self.doc[start].idx, tok.idx):
            head = self._head_of(m_start, m_end)
            if head is not None and head.dep_ == "pobj" and head.head.lower_ in _WHERE:
                continue  # 'Hamas met Fatah in Cairo. The latter ...': Fatah, not the place of the meeting
            if self.type_of(eid) in ACTOR_TYPES and not self.index.is_outlet(eid):
                if eid in named:
                    named.remove(eid)
                named.append(eid)
        want = 1 if tok.lower_ == "latter" else 2
        return named[-want] if len(named) >= want else None

    def _nearer_plural_noun(self, tok: Token, candidates: list[tuple[Token, str, bool]]) -> bool:
        """Is there, in the pronoun's sentence and after every candidate, a plural common noun that
        names no entity ('tribal leaders', 'the residents') for 'they' or 'their' to stand for?"""
        last = max((head.i for head, _, _ in candidates), default=-1)
        own = _clause_verb(tok)
        for t in tok.doc[max(tok.sent.start, last + 1) : tok.i]:
            # in a clause of its own: 'Together with the crowds they demanded' is no 'met leaders ... their'
            if t.tag_ == "NNS" and t.dep_ in ("nsubj", "dobj", "pobj", "conj") and _clause_verb(t) != own and not (
                self.of(t, depth=3)
            ):
                return True
        return False

    def _cataphora(self, tok: Token, wanted: set[str]) -> str | None:
        """'For its part, the US Central Command said ...': a possessive in a phrase fronted before the
        subject looks ahead to that subject."""
        if tok.dep_ != "poss":
            return None
        verb = next((t for t in tok.ancestors if t.pos_ in ("VERB", "AUX")), None)
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS and c.i > tok.i), None) if verb else None
        if subj is None or subj.lower_ in _PERSON | _GROUP:
            return None
        eid = self.of(subj, depth=1)
        return eid if eid is not None and self.type_of(eid) in wanted else None

    def _head_of(self, start: int, end: int) -> Token | None:
        """The token of a mention whose head lies outside it."""
        ti = self._token_at.get(start)
        if ti is None:
            return None
        i = ti
        while i < len(self.doc) and self.doc[i].idx < end:
            t = self.doc[i]
            if not (start <= t.head.idx < end) or t.head.i == t.i:
                return t
            i += 1
        return self.doc[ti]

    def _plural(self, start: int) -> bool:
        """Does the mention starting here end in a plural noun ('the protesters', 'Rapid Support Forces')?"""
        end = self._mention_end.get(start)
        last = self._token_at.get(start)
        if end is None or last is None:
            return False
        while last + 1 < len(self.doc) and self.doc[last + 1].idx < end:
            last += 1
        return self.doc[last].tag_ in ("NNS", "NNPS")

    def demonym(self, tok: Token) -> str | None:
        lex = lexicon()
        key = fold(tok.text)
        return lex.demonym_adj.get(key) or lex.demonym_people.get(key)


_ROLE_WEIGHTS = {"nsubj": 80, "nsubjpass": 80, "csubj": 80, "dobj": 50, "attr": 50, "oprd": 50, "dative": 40,
                 "pobj": 30}  # fmt: skip


def _role_weight(head: Token) -> float:
    """How prominent a mention's grammatical role is: the subject of a clause (also through a
    relative pronoun: 'the movement that has convulsed Algeria') over an object over the rest. A
    name inside a noun phrase ('leading lights in Tamarod', 'Tamarod's leaders') shares some of the
    phrase's role."""
    while head.dep_ in ("conj", "appos") and head.head.i != head.i:
        head = head.head  # 'France and Germany refused': both are subjects
    share = 1.0
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.lower_ in _MEMBER_PREPS | {"in", "for"} and (
        head.head.head.pos_ in ("NOUN", "PROPN")
    ):
        head, share = head.head.head, 0.8
    elif head.dep_ in ("poss", "compound", "amod") and head.head.pos_ in ("NOUN", "PROPN"):
        head, share = head.head, 0.8  # 'Hirak's leaders', 'Houthi rebels
    weight = _ROLE_WEIGHTS.get(head.dep_, 20)
    for child in head.children:
        if child.dep_ == "relcl" and any(c.dep_ in _SUBJECTS and c.lower_ in _RELATIVE for c in child.children):
            weight = max(weight, 80)
    return weight * share


def _dateline_end(text: str) -> int:
    """Where a wire dateline ('ADEN, Yemen (Reuters) - ', 'KHARTOUM — ') ends, or 0."""
    m = match_dateline(text)
    return m.end() if m else 0


def _sentence_starts(tok: Token, n: int) -> list[int]:
    """Token indices where the token's sentence and the n - 1 before it begin, nearest first."""
    starts = [tok.sent.start]
    while len(starts) < n and starts[-1] > 0:
        starts.append(tok.doc[starts[-1] - 1].sent.start)
    return starts


def _clause_verb(tok: Token) -> int:
    return next((t.i for t in tok.ancestors if t.pos_ in ("VERB", "AUX")), -1)


def _clause_subject(tok: Token) -> Token | None:
    """The subject of the clause a pronoun is the object of ('Turkey's navy escorted it home'; 'X called
    Y and urged him': X, shared by the coordinated verb)."""
    if tok.dep_ not in ("dobj", "pobj", "dative"):
        return None
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None or verb.dep_ != "conj" or verb.head.i == verb.i:
            return subj
        verb = verb.head
    return None


def _adjectival(tok: Token) -> bool:
    """Is the token used as an adjective ('Shia crowds') rather than as a noun ('the Shia')?"""
    return tok.pos_ == "ADJ" or tok.dep_ in ("amod", "compound")
