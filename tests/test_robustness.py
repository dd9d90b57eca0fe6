"""Whatever the text, extraction gives a valid record with every span grounded: word salads built
from the words the rules react to (names cut at 'al-', possessives, quotes, cues, dates, crowds)."""

from __future__ import annotations

import random

import khabar
from khabar.record import validate

SALAD = (
    "the a of in said that Haftar al- - ’s 's forces army his men followers protest movement known as "
    "Egypt’s navy , . “ ” \" ( ) General Mr Tripoli attacked shelled denied Field Marshal quoted according "
    "to source who claims to be a site website since October on Monday last year Sudan RSF Hemedti Bay "
    "Strait of Hormuz protesters police parliament interim government this group killed killing Niger "
    "al-Sheikh Ali Moreover if would not just"
)
WORDS = SALAD.split()


def test_word_salads_give_valid_grounded_records():
    rng = random.Random(11)
    for _ in range(60):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 80)))
        if rng.random() < 0.3:
            text = text.replace(" . ", ".\n\n")
        record = khabar.extract(text, published="2024-05-15").to_dict()
        assert validate(record) == [], text
