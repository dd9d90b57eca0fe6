"""The attribution lexicon, loaded once from ``data/cues.json``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from khabar.entities.lexicon import load_data


@dataclass(frozen=True)
class Cues:
    verbs: frozenset[str]
    weak_verbs: frozenset[str]  # cues only with a clausal complement ('fear that ...')
    relay_verbs: frozenset[str]
    document_heads: frozenset[str]
    anonymous_heads: frozenset[str]
    outlet_heads: frozenset[str]
    object_verbs: frozenset[str]  # may report their direct object ('denied any wrongdoing')
    infinitive_verbs: frozenset[str]  # report a to-infinitive ('claims to be', 'threatened to leave')
    claim_nouns: frozenset[str]  # report the that-clause they govern ('the view that ...')


@lru_cache(maxsize=1)
def cues() -> Cues:
    raw = load_data("cues.json")
    return Cues(
        *(
            frozenset(raw[k])
            for k in (
                "verbs",
                "weak_verbs",
                "relay_verbs",
                "document_heads",
                "anonymous_heads",
                "outlet_heads",
                "object_verbs",
                "infinitive_verbs",
                "claim_nouns",
            )
        )
    )
