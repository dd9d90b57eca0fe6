"""The PLOVER trigger lexicon is data with rules of its own, and dates resolve like a reader would."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from khabar.entities.lexicon import load_data
from khabar.events.dates import resolve, shift
from khabar.events.lexicon import PLOVER_TYPES, LexiconError, build, triggers


def test_lexicon_covers_every_plover_type_with_verbs_and_nouns():
    raw = load_data("plover.json")
    assert set(raw["types"]) == set(PLOVER_TYPES)
    for etype, entry in raw["types"].items():
        assert entry["verbs"] and entry["nouns"], etype
    counts = {t: 0 for t in PLOVER_TYPES}
    for trig in triggers().entries():
        counts[trig.type] += 1
    assert min(counts.values()) >= 8, counts


def test_shipped_lexicon_has_no_repeated_or_contradictory_trigger():
    raw = load_data("plover.json")
    seen: dict[tuple[str, str], str] = {}
    for etype, entry in raw["types"].items():
        for pos in ("verbs", "nouns"):
            assert len(entry[pos]) == len(set(entry[pos])), (etype, pos)
            for phrase in entry[pos]:
                assert (pos, phrase) not in seen, (phrase, seen.get((pos, phrase)), etype)
                seen[(pos, phrase)] = etype


def _raw() -> dict:
    return copy.deepcopy(load_data("plover.json"))


def test_contradictory_trigger_is_refused():
    raw = _raw()
    raw["types"]["SUPPORT"]["verbs"].append("attack")
    with pytest.raises(LexiconError, match="also listed under"):
        build(raw)


def test_repeated_trigger_is_refused():
    raw = _raw()
    raw["types"]["AGREE"]["nouns"].append("truce")
    with pytest.raises(LexiconError, match="repeated"):
        build(raw)


def test_unknown_type_and_stray_mode_are_refused():
    raw = _raw()
    raw["types"]["BOMBARD"] = {"verbs": ["pummel"], "nouns": []}
    with pytest.raises(LexiconError, match="unknown PLOVER type"):
        build(raw)
    raw = _raw()
    raw["types"]["ASSAULT"]["modes"]["pummel"] = "artillery"
    with pytest.raises(LexiconError, match="does not list"):
        build(raw)


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    [
        ("last Saturday", "2024-05-15", False, "2024-05-11"),
        ("on Wednesday", "2024-05-16", False, "2024-05-15"),
        ("April 2019", "2024-05-15", False, "2019-04"),
        ("mid-May", "2024-07-01", False, "2024-05"),
        ("in mid-March last", "2024-05-15", False, "2024-03"),  # translated Arabic: the last mid-March
        ("early this month", "2024-03-20", False, "2024-03"),
        ("late last month", "2024-03-20", False, "2024-02"),
        ("earlier this year", "2024-03-20", False, "2024"),
        ("in early 2023", "2024-03-20", False, "2023"),
        ("the end of February", "2024-03-20", False, "2024-02"),
        ("last week", "2024-03-20", False, "2024-03"),  # 11-17 March: the month it lies in
        ("last week", "2024-01-03", False, "2023-12"),
        ("last week", "2024-03-05", False, "2024"),  # 26 February - 3 March: only the year is sure
        ("two weeks ago", "2024-03-20", False, "2024-03"),
        ("last summer", "2024-03-20", False, "2023"),
        ("since last February", "2024-01-10", False, "2023-02"),
        ("last year", "2024-05-15", False, "2023"),
        ("last month", "2024-01-15", False, "2023-12"),
        ("in 2003", "2024-05-15", False, "2003"),
        ("three days ago", "2024-05-15", False, "2024-05-12"),
        ("on March 17th", "2024-02-20", True, "2024-03-17"),
        ("on March 17th", "2024-05-20", False, "2024-03-17"),
        ("for months", "2024-05-15", False, None),
        ("20 years", "2024-05-15", False, None),
        ("Tuesday", None, False, None),
        ("June 2011", None, False, "2011-06"),
    ],
)
def test_resolve_dates(text, published, future, expected):
    assert resolve(text, published, future) == expected


def test_shift_by_duration_keeps_the_duration_precision():
    assert shift("2020-06-06", "14 months", -1) == "2019-04"
    assert shift("2020-06-06", "three days", -1) == "2020-06-03"
    assert shift("2020-06-06", "two years", 1) == "2022"
    assert shift("2020", "14 months", -1) is None
    assert shift("2020-06-06", "a while", -1) is None


def test_readme_states_the_lexicon_coverage_per_type():
    readme = Path(__file__).resolve().parents[1] / "README.md"
    rows = dict(re.findall(r"^\| ([A-Z]+) \| (\d+ \| \d+) \|", readme.read_text(encoding="utf-8"), re.M))
    raw = load_data("plover.json")
    assert rows == {t: f"{len(e['verbs'])} | {len(e['nouns'])}" for t, e in raw["types"].items()}


@pytest.mark.parametrize("key", ["before_infinitive", "agent_nouns", "patient_nouns"])
def test_word_lists_name_only_triggers(key):
    raw = _raw()
    raw[key].append("teapot")
    with pytest.raises(LexiconError, match="not triggers"):
        build(raw)


def test_required_objects_belong_to_triggers():
    raw = _raw()
    raw["objects"]["teapot"] = ["election"]
    with pytest.raises(LexiconError, match="not triggers"):
        build(raw)
