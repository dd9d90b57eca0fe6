"""Country adjectives converted from the Phoenix country entries: the conversion on entries written for the
test, the shipped file against the curated one, and an article naming a country only by its adjective."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import khabar
from khabar.entities.build_demonyms import main, parse
from khabar.entities.lexicon import lexicon, load_data

PHOENIX = Path(__file__).resolve().parents[2] / "shared" / "lexicons" / "petrarch2"
ISO3 = {"MDA": "MD", "PER": "PE", "CZE": "CZ", "DOM": "DO"}

COUNTRIES = """MOLDOVA_
+MOLDOVAN_
+MOLDAVIEN_
+CHISINAU_
	[USRMDA <910827]
	[MDA >911221]
MIRCEA_SNEGUR_  # a president, not the country
+MIRCEAN_
	[MDAELI 580101-900903]
PERU_  [PER]
+PERUANO_
+LIMA_
+PERUVIAN_
+PERUVIANO_
DOMINICAN_REPUBLIC_ [DOM]
+DOMINICANREPUBLIC_
+SANTO_DOMINGO_
"""


def test_the_adjective_is_the_english_one_and_people_entries_are_left_out():
    found = parse(COUNTRIES, ISO3, towns={"lima", "chisinau"})
    assert found == {"MD": {"adj": ["Moldovan"], "people": ["Moldovans"]},
                     "PE": {"adj": ["Peruvian"], "people": ["Peruvians"]}}  # fmt: skip


def test_the_shipped_file_adds_countries_and_the_curated_one_wins():
    converted = load_data("demonyms-phoenix.json")
    curated = load_data("demonyms.json")
    assert "Phoenix" in converted["_about"] and "MIT" in converted["_about"]
    added = set(converted) - set(curated) - {"_about"}
    assert len(added) >= 60
    lex = lexicon()
    for code in added:
        assert lex.demonym_adj[converted[code]["adj"][0].lower()] == code
    for code, forms in curated.items():
        if not code.startswith("_"):
            assert all(lex.demonym_adj[a.lower()] == code for a in forms["adj"])


def test_a_country_named_only_by_its_adjective_gets_its_title_and_people():
    rec = khabar.extract("Peruvian President Dina Ortega met protesters on Monday.",
                         published="2024-05-07").to_dict()  # fmt: skip
    person = next(e for e in rec["entities"] if e["name"] == "Dina Ortega")
    assert person["mentions"][0]["text"] == "Peruvian President Dina Ortega" and "President" in person["roles"]
    assert all(e["name"] != "Peruvian" for e in rec["entities"])


@pytest.mark.skipif(not (PHOENIX / "Phoenix.Countries.actors.txt").is_file(), reason="no Phoenix dictionaries here")
def test_the_conversion_reproduces_the_shipped_file(tmp_path):
    out = tmp_path / "demonyms.json"
    main(["--phoenix", str(PHOENIX), "--out", str(out)])
    assert json.loads(out.read_text(encoding="utf-8")) == load_data("demonyms-phoenix.json")
