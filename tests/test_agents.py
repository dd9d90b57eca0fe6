"""Political actors: the conversion of the Phoenix dictionaries, what counts as a political or armed
actor, and the precision gate that keeps events to stories of politics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import khabar
from khabar.entities.agents import agents, discarded, is_political
from khabar.entities.build_agents import build, main, parse_agents, parse_discards, parse_groups
from khabar.record import Entity, Span

PHOENIX = Path(__file__).resolve().parents[2] / "shared" / "lexicons" / "petrarch2"
NEEDED = ("Phoenix.agents.txt", "Phoenix.discards.txt", "Phoenix.MilNonState.actors.txt")  # the files the converter reads

AGENTS = """# comment
!PERSON! = MAN, WOMAN
!MINIST! = MINISTER, MINISTRY

FARMER [~AGR]
POLICE!PERSON! [~COP]
INTERIOR_!MINIST! [~GOV]
UNIDENTIFIED_GUNMAN {UNIDENTIFIED_GUNMEN} [~REB]
DEFENCE_MINISTER [~GOVMIL]
"""

GROUPS = """TALIBAN_ [AFGREB] #  kkl 21 Mar 13
+TALEBAN_
+ISLAMIC_EMIRATE_OF_AFGHANISTAN_
ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_ [YEMREB]
+YOUTH_
"""


def test_agent_lines_expand_their_macros_and_split_their_codes():
    parsed = parse_agents(AGENTS)
    assert parsed["policeman"] == ["COP"] and parsed["policewoman"] == ["COP"]
    assert parsed["interior minister"] == ["GOV"] and parsed["interior ministry"] == ["GOV"]
    assert parsed["unidentified gunman"] == ["REB"]
    assert parsed["defence minister"] == ["GOV", "MIL"]
    assert parsed["farmer"] == ["AGR"]
    assert "minister" not in parsed  # only what the file lists


def test_group_names_and_their_aliases_keep_the_group_code():
    groups = parse_groups(GROUPS)
    assert groups["taliban"] == "AFGREB"
    assert groups["islamic emirate of afghanistan"] == "AFGREB"
    assert groups["aden abyan islamic army"] == "YEMREB"  # the bracketed acronym dropped
    assert "youth" not in groups and "taleban" not in groups  # one-word aliases are as often plain words


def test_story_discards_are_the_plus_lines():
    assert parse_discards("+CHAMPIONS LEAGUE   # note\nGOALKEEPER\n+1914\n") == ["champions league"]


@pytest.mark.skipif(not all((PHOENIX / f).is_file() for f in NEEDED), reason="the Phoenix dictionaries are not beside the repo (../shared)")
def test_the_shipped_agents_file_is_what_the_script_builds(tmp_path):
    out = tmp_path / "agents.json"
    main(["--phoenix", str(PHOENIX), "--out", str(out)])
    built = json.loads(out.read_text())
    assert built == build(PHOENIX)
    shipped = agents()
    assert shipped.political == {p for p, c in built["agents"].items() if set(c) & set(built["political"])}
    assert "MIT" in built["_about"] and "Phoenix" in built["_about"]


def _entity(name: str, type_: str, *mentions: str) -> Entity:
    return Entity("e1", name, type_, [Span(0, len(m), m) for m in (name, *mentions)])


@pytest.mark.parametrize(
    ("entity", "political"),
    [
        (_entity("Iraqi police", "ORG"), True),
        (_entity("the interior ministry", "ORG"), True),
        (_entity("Afghan Taliban", "ORG"), True),  # an armed group, by its name
        (_entity("Jean Dupont", "PERSON", "President Dupont"), True),  # by title
        (_entity("Kurds", "NORP"), True),
        (_entity("Norway", "GPE"), True),
        (_entity("Nairobi", "GPE"), True),  # a capital
        (_entity("Acme Robotics", "ORG"), False),
        (_entity("Jean Dupont", "PERSON", "Dr Dupont"), False),
        (_entity("Large Hadron Collider", "ORG"), False),
    ],
)
def test_what_counts_as_a_political_or_armed_actor(entity, political):
    assert is_political(entity) is political


def test_sport_stories_are_recognised_by_their_discards():
    assert discarded("The goalkeeper saved a penalty as the Champions League final went to extra time.")
    assert not discarded("The army shelled the town.")


SCIENCE = (
    "Researchers at Acme Robotics have built a robot that weeds fields with electricity. The machine "
    "rolls along crop rows and uses a camera to tell weeds from seedlings, then touches each weed with an "
    "electrode. Farmers who tried it said it worked on most common weeds. The firm says the robot could cut "
    "the use of herbicides by nine-tenths. Its engineers are now testing a larger version on wheat and "
    "barley, and hope to sell it next year. One rival has attacked the idea as too slow for big farms. "
    "China has also funded similar work in its own laboratories. The next trials will take place on "
    "farms in Kent and Norfolk, where weeds resist most sprays."
)
POLITICS = (
    "Government forces shelled the rebel-held town on Monday, residents said. The army said its "
    "artillery had targeted positions of the militia, which it accuses of attacking a convoy last week. "
    "The interior ministry said three soldiers were killed. Rebel commanders said the shelling hit "
    "homes and a school. The United Nations called on both sides to stop fighting and to allow aid into "
    "the town. The president met the defence minister and army commanders on Tuesday to discuss the offensive. "
    "Opposition parties accused the government of ignoring a ceasefire it signed in March with the "
    "rebels, who have besieged the provincial capital since January."
)


def test_a_story_that_mentions_politics_in_passing_yields_no_events():
    assert len(SCIENCE) > 600 and len(POLITICS) > 600
    assert khabar.extract(SCIENCE, published="2024-05-15").events == []
    assert khabar.extract(POLITICS, published="2024-05-15").events  # the same length, a story of politics


def _actors(text: str) -> list[tuple[str, str | None, str | None]]:
    rec = khabar.extract(text, published="2024-05-15").to_dict()
    name = {e["id"]: e["name"] for e in rec["entities"]}
    return [(v["type"], name.get(v["source"]), name.get(v["target"])) for v in rec["events"]]


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Government forces shelled the town of Saraqeb.", ("ASSAULT", "government forces", "Saraqeb")),
        ("Militia forces attacked the village on Monday.", ("ASSAULT", "militia forces", None)),
        ("Turkish-backed militias captured the town.", ("ASSAULT", "Turkish-backed militias", None)),
        ("The rebels seized the airport.", ("ASSAULT", "rebels", None)),
    ],
)
def test_described_actors_act(text, event):
    assert event in _actors(text)


def test_a_later_bare_description_is_the_actor_described_before():
    found = _actors("Iraqi militants attacked a checkpoint near Kirkuk. The militants then withdrew.")
    assert ("RETREAT", "Iraqi militants", None) in found
    assert any(t == "ASSAULT" and s == "Iraqi militants" for t, s, _ in found)


def test_a_description_in_passing_is_no_entity():
    rec = khabar.extract("The report was written by government officials and reviewed by rebel leaders.")
    assert not any(e.name.lower().endswith(("officials", "leaders")) for e in rec.entities)


def test_a_sports_story_yields_events_only_between_two_political_actors():
    assert _actors("After the summit, the Spanish government praised the negotiators.")
    assert _actors("After the Champions League final, the Spanish government praised the players.") == []
