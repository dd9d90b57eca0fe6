"""The broad knowledge base converted from the Phoenix actor dictionaries: the conversion, a sample of
heads of state and organisations it holds, and names in articles from several regions linked to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import khabar
from khabar.entities.build_kb import build, main, parse_actors
from khabar.entities.kb import curated, default_kb, source_of

PHOENIX = Path(__file__).resolve().parents[2] / "shared" / "lexicons" / "petrarch2"
NEEDED = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")  # the files the converter reads
ISO3 = {"EGY": "EG", "CHN": "CN", "LBN": "LB"}

PEOPLE = """ABDEL_FATTAH_EL_SISI
+ABDEL_FATTAH_AL-SISI
+SISI
	[EGYMIL 770101-120812]
	[EGYGOVMIL 120812-140326]
XI_JINPING_  # a note
	[CHNGOV >20121115]
GAZA_ [EGY]
HASSAN_NASRALLAH_ [LBNREB]
GENERAL_DIRECTORATE_OF_STATE_SECURITY_INVESTIGATIONS_ [EGYSPY]
"""


def test_people_keep_their_spellings_country_and_dated_roles():
    found = {a["name"]: a for a in parse_actors(PEOPLE, ISO3)}
    sisi = found["Abdel Fattah El Sisi"]
    assert sisi["type"] == "PERSON" and sisi["country"] == "EG"
    assert sisi["aliases"] == ["Abdel Fattah Al-Sisi", "Sisi"]
    assert sisi["roles"] == ["military 1977-01-01 to 2012-08-12", "government military 2012-08-12 to 2014-03-26"]
    assert found["Xi Jinping"]["roles"] == ["government from 2012-11-15"]
    assert "Gaza" not in found  # a country's entry without a role, or one word: no one's name
    assert found["General Directorate Of State Security Investigations"]["type"] == "ORG"


def test_a_groups_leaders_are_not_its_spellings():
    text = "HEZBOLLAH_ [LBNREB]\n+HIZBALLAH_\n+HASSAN_NASRALLAH_\n+PARTY_OF_GOD_\n"
    [group] = parse_actors(text, ISO3, "ORG")
    assert group["aliases"] == ["Hizballah", "Party Of God"] and group["country"] == "LB"


def test_people_among_groups_are_people_and_companies_stay_companies():
    from khabar.entities.build_kb import given_names

    iso3 = {**ISO3, "USA": "US"}
    people = parse_actors(PEOPLE + "KHALID_HASSAN_\n\t[EGYGOV]\nKHALID_MANSOUR_\n\t[EGYGOV]\n"
                          "KHALID_FARAG_\n\t[EGYELI]\n", iso3)  # fmt: skip
    given = given_names(people)
    assert "khalid" in given
    groups = """KHALID_OMRAN_  [IMGMUSALQ]
KHALID_BROTHERS_BRIGADE_ [IMGMUSALQ]
ABU_SAYYAF_ [IMGMUSASF]
KHALID_INDUSTRIES_ [USA]
"""
    found = {a["name"]: a["type"] for a in parse_actors(groups, iso3, "ORG", given)}
    assert found == {"Khalid Omran": "PERSON", "Khalid Brothers Brigade": "ORG", "Abu Sayyaf": "ORG",
                     "Khalid Industries": "ORG"}  # fmt: skip


@pytest.mark.skipif(not all((PHOENIX / f).is_file() for f in NEEDED), reason="the Phoenix dictionaries are not beside the repo (../shared)")
def test_the_shipped_file_is_what_the_script_builds(tmp_path):
    out = tmp_path / "phoenix-actors.json"
    main(["--phoenix", str(PHOENIX), "--out", str(out)])
    assert json.loads(out.read_text()) == build(PHOENIX)
    shipped = Path(__file__).resolve().parents[1] / "src" / "khabar" / "data" / "phoenix-actors.json"
    assert json.loads(shipped.read_text()) == build(PHOENIX)


@pytest.mark.parametrize(
    ("name", "country", "kind"),
    [
        ("Xi Jinping", "CN", "PERSON"),
        ("Angela Merkel", "DE", "PERSON"),
        ("Narendra Modi", "IN", "PERSON"),
        ("Mohammed Morsi", "EG", "PERSON"),  # a spelling variant
        ("Vladimir Putin", "RU", "PERSON"),
        ("Recep Tayyip Erdogan", "TR", "PERSON"),
        ("Taliban", "AF", "ORG"),
        ("FBI", "US", "ORG"),  # an agency in the people's file: typed by its words
        ("Hezbollah", "LB", "ORG"),
    ],
)
def test_the_knowledge_base_knows_heads_of_state_and_organisations(name, country, kind):
    actor = default_kb().lookup(name)
    assert actor is not None, name
    assert (actor.country, actor.type) == (country, kind)


def test_curated_entries_win_over_converted_ones():
    haftar = default_kb().lookup("Khalifa Hifter")
    assert haftar is not None and curated(haftar.id) and source_of(haftar.id) == "khabar's curated actors"
    assert not curated(default_kb().lookup("Xi Jinping").id)


def test_names_in_articles_from_several_regions_link_to_the_knowledge_base():
    texts = [
        "On Monday Chinese President Xi Jinping met Narendra Modi in Beijing.",
        "Angela Merkel spoke to Vladimir Putin by telephone about the pipeline.",
        "Mohammed Morsi was ousted by the army in Cairo.",
    ]
    linked = {}
    for text in texts:
        for e in khabar.extract(text).entities:
            linked[e.name] = e.kb_id
    for name in ("Xi Jinping", "Narendra Modi", "Angela Merkel", "Vladimir Putin"):
        assert linked.get(name), (name, linked)
    assert any(kb and "morsi" in kb for kb in linked.values())
