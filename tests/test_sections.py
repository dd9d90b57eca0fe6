"""Articles longer than a section are extracted in pieces of whole paragraphs and joined into one record
whose offsets count from the article's start."""

from __future__ import annotations

import khabar
import khabar.pipeline
from khabar.parse.sections import sections
from khabar.record import validate

PARAGRAPHS = [
    "Rebel fighters shelled the port of Misrata on Monday, the interior ministry said in a statement.",
    "Omar Suleiman, a spokesman for the ministry, told reporters that eleven people were wounded.",
    "The United Nations called on both sides to respect the ceasefire agreed in Geneva last year.",
    "Residents said the fighting had forced hundreds of families to leave their homes near the coast.",
]


def test_cuts_fall_between_paragraphs_and_cover_the_text():
    text = "\n\n".join(PARAGRAPHS * 5)
    pieces = sections(text, 300)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    assert all(end - start <= 300 for start, end in pieces)
    assert all(text[end - 2 : end] == "\n\n" for _, end in pieces[:-1])  # whole paragraphs
    assert sections("no break at all " * 40, 100)[-1][1] == len("no break at all " * 40)


def test_a_long_article_in_sections_is_one_grounded_record(monkeypatch):
    text = "\n\n".join(PARAGRAPHS * 3)
    whole = khabar.extract(text, published="2021-03-02")
    monkeypatch.setattr(khabar.pipeline, "SECTION_CHARS", 450)
    assert len(sections(text, 450)) > 2
    cut = khabar.extract(text, published="2021-03-02")
    assert validate(cut.to_dict()) == []
    for e in cut.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    names = [e.name for e in cut.entities]
    assert len(names) == len(set(names))  # a name seen in several sections is one entity
    misrata = [e for e in cut.entities if "Misrata" in e.name]
    assert misrata and len(misrata[0].mentions) == 3
    assert {e.name for e in whole.entities} == set(names)
    assert len(cut.attributions) == len(whole.attributions)
    assert all(text[a.cue.start : a.cue.end] == a.cue.text for a in cut.attributions if a.cue)
