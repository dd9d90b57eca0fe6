"""Cross-article actor resolution is not quadratic: a name is compared only with the actors that share
one of its blocking keys, so the work per name stays flat as the store grows."""

from __future__ import annotations

import random

from khabar.entities.kb import KnowledgeBase
from khabar.store.actors import ActorIndex

ONSETS = [
    "b",
    "d",
    "f",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "r",
    "s",
    "t",
    "w",
    "z",
    "sh",
    "kh",
    "tr",
    "br",
    "st",
    "pl",
    "gr",
    "dr",
    "kr",
    "fl",
    "sl",
    "sn",
    "sw",
    "tw",
]
CODAS = ["", "", "n", "r", "l", "m", "s", "k", "t", "nd", "rt", "lk", "mb", "ng", "st"]


def generated_names(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)

    def word(syllables: int) -> str:
        return "".join(rng.choice(ONSETS) + rng.choice("aeiou") + rng.choice(CODAS) for _ in range(syllables))

    names: set[str] = set()
    while len(names) < n:
        names.add(f"{word(rng.randint(1, 2)).capitalize()} {word(rng.randint(2, 3)).capitalize()}")
    return sorted(names)


def resolve(names: list[str]) -> ActorIndex:
    index = ActorIndex(KnowledgeBase([]))
    for i, name in enumerate(names):
        link = index.link(name, "PERSON", None, f"doc{i}")
        if link.new:
            link.actor.id = i
        index.add(link.actor, name)
    return index


def test_comparisons_per_name_stay_flat_from_ten_to_a_hundred_thousand_names():
    per_name = {}
    for n in (10_000, 100_000):
        index = resolve(generated_names(n, seed=n))
        assert len(index.by_key) > 0.99 * n  # distinct names stay distinct actors
        per_name[n] = index.compared / n
    # all-pairs matching would compare each name with n/2 others on average (5,000 and 50,000 here)
    assert per_name[100_000] < 1.0, per_name
    assert per_name[100_000] < 20 * max(per_name[10_000], 0.01), per_name


def test_spelling_variants_still_meet_inside_their_block():
    names = generated_names(20_000, seed=1)
    index = resolve([*names, "Abdulrahman Youssef al-Mahdawi", "Abdul Rahman Yousef Mahdawi"])
    first = index.by_key[next(k for k, a in index.by_key.items() if a.name == "Abdulrahman Youssef al-Mahdawi")]
    assert "Abdul Rahman Yousef Mahdawi" in first.names
