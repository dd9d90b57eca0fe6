"""The PLOVER trigger lexicon, loaded once from ``data/plover.json`` and checked on load."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from khabar.entities.lexicon import load_data
from khabar.record import EVENT_TYPES

PLOVER_TYPES = EVENT_TYPES  # the types a trigger can have: PLOVER's, and OTHER (elections, appointments)


class LexiconError(ValueError):
    """The trigger lexicon contradicts itself or names an unknown type."""


@dataclass(frozen=True)
class Trigger:
    type: str
    phrase: str  # the lexicon entry: 'attack', 'call for', 'air strike'
    pos: str  # 'verb' | 'noun'
    mode: str | None
    weak: bool
    converted: bool = False  # from the CAMEO dictionary, not the curated lexicon: needs both sides named


@dataclass(frozen=True)
class TriggerLexicon:
    single: dict[tuple[str, str], Trigger]  # ('verb', 'attack') -> Trigger
    with_particle: dict[tuple[str, str], Trigger]  # ('call', 'for') -> verb Trigger
    with_modifier: dict[tuple[str, str], Trigger]  # ('air', 'strike') -> noun Trigger
    before_infinitive: frozenset[str] = frozenset()  # 'seeking to develop' is intent, not a request
    light_verbs: frozenset[str] = frozenset()  # 'launched an attack': the attack is the event
    agent_nouns: frozenset[str] = frozenset()  # 'a supporter of X' names the one who supports
    patient_nouns: frozenset[str] = frozenset()  # 'his trial', 'Suleimani's killing': the possessor is acted upon
    objects: dict[str, frozenset[str]] = field(default_factory=dict)  # 'win' counts only with 'election', 'seat' ...

    def entries(self) -> list[Trigger]:
        return [*self.single.values(), *self.with_particle.values(), *self.with_modifier.values()]

    def match(self, tok: Token) -> Trigger | None:
        """The trigger a token heads, if any: verbs by lemma (with their particle or preposition),
        nouns by lemma (with a modifier where the entry has two words)."""
        lemma = verb_lemma(tok)
        # the tokenizer splits 'co-operated', 'cease-fire', 'build-up': the word after the hyphen carries it
        compound = hyphen_joined(tok)
        if compound is not None:
            prefix, forms = compound
            order = ("verb", "noun") if tok.pos_ == "VERB" else ("noun", "verb")
            for pos in order:
                for form in forms:
                    found = self.single.get((pos, f"{prefix}-{form}"))
                    if found:
                        return found
        if _starts_compound(tok) and any(
            (pos, f"{lemma}-{tok.nbor(2).lower_}") in self.single or (pos, f"{tok.lower_}-{tok.nbor(2).lower_}")
            in self.single for pos in ("verb", "noun")
        ):  # fmt: skip
            return None  # 'co' of 'co-operated' is not a trigger of its own
        if tok.pos_ == "VERB":
            for child in tok.children:  # 'call for', 'pull out', 'hold X responsible'; not 'called X on Tuesday'
                if child.dep_ in ("prt", "prep", "acomp", "oprd", "xcomp", "ccomp") and child.i > tok.i and not any(
                    c.ent_type_ in ("DATE", "TIME") for c in child.children
                ):
                    found = self.with_particle.get((lemma, child.lower_))
                    if found:
                        return found
            return self.single.get(("verb", lemma))
        if tok.pos_ == "NOUN":
            for child in tok.children:
                if child.dep_ in ("compound", "amod", "nmod") and child.i < tok.i:
                    found = self.with_modifier.get((child.lemma_.lower(), lemma))
                    if found:
                        return found
            return self.single.get(("noun", lemma)) or self.single.get(("noun", tok.lower_))
        return None


def hyphen_joined(tok: Token) -> tuple[str, tuple[str, ...]] | None:
    """('co', ('operate', 'operated')) for the 'operated' of 'co-operated', else None."""
    doc = tok.doc
    if tok.i < 2 or doc[tok.i - 1].text != "-" or doc[tok.i - 1].whitespace_ or doc[tok.i - 2].whitespace_:
        return None
    return doc[tok.i - 2].lower_, (tok.lemma_.lower(), tok.lower_)


def _starts_compound(tok: Token) -> bool:
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and not (tok.whitespace_ or doc[tok.i + 1].whitespace_)


def build(raw: dict) -> TriggerLexicon:
    """Index the raw lexicon; raise LexiconError on a repeated or contradictory trigger."""
    single: dict[tuple[str, str], Trigger] = {}
    particle: dict[tuple[str, str], Trigger] = {}
    modifier: dict[tuple[str, str], Trigger] = {}
    for etype, entry in raw["types"].items():
        if etype not in PLOVER_TYPES:
            raise LexiconError(f"unknown PLOVER type {etype!r}")
        known = set(entry.get("verbs", [])) | set(entry.get("nouns", []))
        for extra in ("modes", "weak", "converted"):
            stray = set(entry.get(extra, [])) - known
            if stray:
                raise LexiconError(f"{etype}: {extra} names triggers it does not list: {sorted(stray)}")
        for pos in ("verb", "noun"):
            for phrase in entry.get(pos + "s", []):
                if phrase != phrase.lower() or not phrase.strip():
                    raise LexiconError(f"{etype}: trigger {phrase!r} must be a lower-case word")
                trig = Trigger(
                    etype, phrase, pos, entry.get("modes", {}).get(phrase), phrase in entry.get("weak", []),
                    phrase in entry.get("converted", ()),
                )
                words = phrase.split()
                if len(words) == 1:
                    table, key = single, (pos, phrase)
                elif len(words) == 2 and pos == "verb":
                    table, key = particle, (words[0], words[1])
                elif len(words) == 2:
                    table, key = modifier, (words[0], words[1])
                else:
                    raise LexiconError(f"{etype}: trigger {phrase!r} has more than two words")
                if key in table:
                    other = table[key]
                    what = "repeated" if other.type == etype else f"also listed under {other.type}"
                    raise LexiconError(f"{etype}: {pos} trigger {phrase!r} is {what}")
                table[key] = trig
    verbs = {phrase for (pos, phrase) in single if pos == "verb"}
    nouns = {phrase for (pos, phrase) in single if pos == "noun"}
    lists = (("before_infinitive", verbs), ("agent_nouns", nouns), ("patient_nouns", nouns), ("objects", verbs))
    for key, known in lists:
        stray = set(raw.get(key, [])) - known
        if stray:
            raise LexiconError(f"{key} names words that are not triggers: {sorted(stray)}")
    return TriggerLexicon(
        single,
        particle,
        modifier,
        frozenset(raw.get("before_infinitive", [])),
        frozenset(raw.get("light_verbs", [])),
        frozenset(raw.get("agent_nouns", [])),
        frozenset(raw.get("patient_nouns", [])),
        {k: frozenset(v) for k, v in raw.get("objects", {}).items()},
    )


# the types whose CAMEO verb blocks name deeds (force, arrest, withdrawal, protest, sanction); the
# blocks of CAMEO's verbal categories ('argue', 'mean', 'add', 'admit' ...) are too broad to add as they
# are: measured on the development articles, they cost more precision than they bring recall, and
# tripled the events found in science stories
MATERIAL = {"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "PROTEST", "SANCTION"}


def with_converted(curated: dict, converted: dict) -> dict:
    """The curated lexicon with the verbs converted from CAMEO (``data/plover-cameo.json``) of the
    ``MATERIAL`` types added as weak triggers wherever the curated one does not list the word."""
    raw = copy.deepcopy(curated)
    taken = {w for entry in raw["types"].values() for key in ("verbs", "nouns") for w in entry.get(key, [])}
    for etype, entry in converted["types"].items():
        if etype not in MATERIAL:
            continue
        target = raw["types"].setdefault(etype, {"verbs": [], "nouns": []})
        new = [v for v in entry["verbs"] if v not in taken]
        target.setdefault("verbs", []).extend(new)
        target["weak"] = [*target.get("weak", []), *new]
        target["converted"] = [*target.get("converted", []), *new]
        taken.update(new)
    return raw


@lru_cache(maxsize=1)
def _past_forms() -> dict[str, str]:
    """Irregular verb forms and their lemmas ('retook' -> 'retake'), from the lemmatizer's own exceptions."""
    from khabar.parse.nlp import get_nlp

    table = get_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    return {form: lemmas[0] for form, lemmas in table.get("verb", {}).items() if lemmas}


def verb_lemma(tok: Token) -> str:
    """The token's lemma; for a past form the tagger took for a present one ('forces retook the town' as
    VBP), the lemma of the past form."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma == tok.lower_ and tok.tag_ == "VBP":
        return _past_forms().get(lemma, lemma)
    return lemma


@lru_cache(maxsize=2)
def triggers(converted: bool = False) -> TriggerLexicon:
    """The trigger lexicon: the curated one, or with ``converted`` the CAMEO verbs added (not the default:
    on the development articles they found one more event right and two more wrong, and coded 'repelled
    the attack on X' as an assault on X; their patterns' object constraints are not read yet)."""
    curated = load_data("plover.json")
    return build(with_converted(curated, load_data("plover-cameo.json")) if converted else curated)
