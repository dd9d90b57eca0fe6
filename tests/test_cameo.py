"""The CAMEO verb dictionary converted to PLOVER triggers: the conversion script, the merge with the
curated lexicon, and converted verbs at work in sentences written for the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import khabar
from khabar.entities.lexicon import load_data
from khabar.events.build_cameo import build, main, parse_table, parse_verbs, plover_of
from khabar.events.lexicon import MATERIAL, triggers, with_converted
from khabar.events.lexicon import build as build_lexicon

LEXICONS = Path(__file__).resolve().parents[2] / "shared" / "lexicons"
CAMEO = LEXICONS / "petrarch2" / "CAMEO.2.0.txt"
PLOVER = LEXICONS / "plover" / "CAMEO2PLOVER-2021.txt"

TABLE = """# a comment
19: ASSAULT
190: ASSAULT,  , # Use conventional military force
0311: AGREE,  ,   economic
20: , # not mapped
"""

VERBS = """---  AMBUSH   [190]  ---
AMBUSH
WAYLAY {WAYLAID WAYLAYING}
MOW_DOWN
- * TROOPS                                       [190]         # AMBUSH
---  ACCELERATE   [---]  ---
HASTEN
- * AID                                          [070]         # RUSH
---  UNKNOWN   [20]  ---
WANDER
"""


def test_codes_map_to_plover_by_their_longest_prefix():
    table = parse_table(TABLE)
    assert table == {"19": "ASSAULT", "190": "ASSAULT", "0311": "AGREE"}
    assert plover_of("1901", table) == "ASSAULT" and plover_of("031", table) is None
    assert plover_of("190:193", table) == "ASSAULT"


def test_a_blocks_code_goes_to_its_verbs_and_a_block_without_one_gives_none():
    verbs = parse_verbs(VERBS, parse_table(TABLE))
    assert verbs == {"ambush": "ASSAULT", "waylay": "ASSAULT", "mow down": "ASSAULT"}


@pytest.mark.skipif(not CAMEO.is_file(), reason="the CAMEO dictionary is not beside the repo (../shared)")
def test_the_shipped_file_is_what_the_script_builds(tmp_path):
    out = tmp_path / "plover-cameo.json"
    main(["--cameo", str(CAMEO), "--plover", str(PLOVER), "--out", str(out)])
    built = json.loads(out.read_text())
    assert built == build(CAMEO, PLOVER) == load_data("plover-cameo.json")
    assert "MIT" in built["_about"] and sum(len(t["verbs"]) for t in built["types"].values()) > 500


def test_curated_entries_win_and_converted_ones_are_weak():
    curated = load_data("plover.json")
    converted = {"types": {"ASSAULT": {"verbs": ["attack", "waylay"]}, "SUPPORT": {"verbs": ["admire"]}}}
    merged = with_converted(curated, converted)
    assert merged["types"]["ASSAULT"]["verbs"].count("attack") == 1  # already curated
    assert "waylay" in merged["types"]["ASSAULT"]["weak"] and "waylay" in merged["types"]["ASSAULT"]["converted"]
    assert "admire" not in merged["types"]["SUPPORT"]["verbs"]  # not a type of deeds
    lexicon = build_lexicon(merged)
    assert lexicon.single[("verb", "waylay")].converted and not lexicon.single[("verb", "attack")].converted
    assert "SUPPORT" not in MATERIAL
    assert any(t.converted for t in triggers(converted=True).entries())
    assert not any(t.converted for t in triggers().entries())  # the default is the curated lexicon


def test_a_converted_verb_needs_both_sides_named(monkeypatch):
    import khabar.events.stage as stage

    monkeypatch.setattr(stage, "triggers", lambda: triggers(converted=True))

    def found(text):
        rec = khabar.extract(text, published="2024-05-15").to_dict()
        name = {e["id"]: e["name"] for e in rec["entities"]}
        return [(v["type"], name.get(v["source"]), name.get(v["target"])) for v in rec["events"]]

    assert triggers(converted=True).single[("verb", "annex")].converted  # not in the curated lexicon
    assert ("COERCE", "Russia", "Crimea") in found("Russia annexed Crimea in March.")
    assert found("The company annexed a warehouse next to its plant.") == []
