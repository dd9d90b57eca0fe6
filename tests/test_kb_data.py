"""The bundled knowledge base is data with its own checks: one id per actor, known types and
countries, and no name that two actors would both claim."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

from khabar.entities.names import fold
from khabar.record import ENTITY_TYPES


def _actors() -> list[dict]:
    raw = resources.files("khabar").joinpath("data/actors.json").read_text(encoding="utf-8")
    return json.loads(raw)["actors"]


def test_ids_are_unique_and_fields_are_well_formed():
    actors = _actors()
    ids = Counter(a["id"] for a in actors)
    assert not [i for i, n in ids.items() if n > 1]
    for a in actors:
        assert a["type"] in ENTITY_TYPES, a
        assert a.get("country") is None or (len(a["country"]) == 2 and a["country"].isupper()), a
        assert a["name"].strip() == a["name"] and a["name"], a
        assert all(isinstance(x, str) and x.strip() for x in a.get("aliases", [])), a


def test_no_name_belongs_to_two_actors():
    owners: dict[str, set[str]] = {}
    for a in _actors():
        for name in {a["name"], *a.get("aliases", [])}:
            owners.setdefault(fold(name), set()).add(a["id"])
    shared = {n: ids for n, ids in owners.items() if len(ids) > 1}
    assert not shared, shared


def test_the_knowledge_base_covers_the_regions_it_claims():
    countries = Counter(a.get("country") for a in _actors())
    for code in ("LY", "SD", "YE", "SY", "IQ", "IL", "PS", "DZ", "SO", "IR"):
        assert countries[code] >= 3, code


def test_no_data_file_repeats_a_key():
    def refuse_repeats(pairs):
        keys = [k for k, _ in pairs]
        repeated = {k for k in keys if keys.count(k) > 1}
        assert not repeated, repeated
        return dict(pairs)

    for path in resources.files("khabar").joinpath("data").iterdir():
        if path.name.endswith(".json"):
            json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=refuse_repeats)
