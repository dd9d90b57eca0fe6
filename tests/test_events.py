"""Events on sentences written for these tests: every PLOVER type, each status, passives,
coordination, dates against a fixed publication date, and offline geocoding."""

from __future__ import annotations

import pytest

import khabar
from khabar.read import Article
from khabar.record import Record, validate

PUBLISHED = "2024-05-15"  # a Wednesday

SENTENCES = {
    "agree": "The Sudanese army signed a ceasefire with the Rapid Support Forces on Monday.",
    "consult": "Antony Blinken met Recep Tayyip Erdogan in Ankara last Tuesday.",
    "support": "Qatar backed the Government of National Accord throughout the war.",
    "concede": "Saudi Arabia lifted its blockade of Qatar after Kuwait mediated between them.",
    "cooperate": "Turkey and Qatar will cooperate with the Somali government on port security.",
    "aid": "The United Arab Emirates supplied drones to the Rapid Support Forces in 2023.",
    "retreat": "Russia withdrew its mercenaries from Bangui in March.",
    "request": "Egypt urged Ethiopia to halt the filling of the dam.",
    "accuse": "Hezbollah accused Israel of killing three civilians.",
    "reject": "Ethiopia rejected the proposal put forward by Egypt.",
    "threaten": "Iran threatened Israel with a crushing response.",
    "protest": "The Houthis protested against Saudi Arabia.",
    "sanction": "The European Union imposed sanctions on Wagner.",
    "mobilize": "Turkey deployed warships to Misrata.",
    "coerce": "Bashar al-Assad arrested the leaders of the Syrian opposition in January.",
    "assault": "Tripoli was shelled by the Libyan National Army.",
    "coordinated": "Egypt, Jordan and Saudi Arabia condemned Israel.",
    "symmetric": "Hamas and Fatah signed a reconciliation agreement in Cairo.",
    "denied": "Hamas did not attack Israel in 2021.",
    "failed": "Khalifa Haftar failed to capture Tripoli.",
    "denial": "Egypt denied that Israel had shelled Rafah.",
    "adjective": "The Shia crowds marched in Basra, and they demanded a new government.",
    "hypothetical": "If Egypt attacks Ethiopia, the region will burn.",
    "expected": "The Sudanese army is expected to attack Khartoum next month.",
    "planned": "Iran plans to attack Israel.",
    "reported": "Reuters said that the Houthis attacked Saudi Arabia.",
    "after": "Two weeks after attacking Kassala, the Rapid Support Forces signed a truce with the Sudanese army on "
    "26 May 2021.",
    "lebanon": "Hezbollah fighters attacked Tripoli and Beirut.",
    "libya": "The Libyan National Army attacked Tripoli.",
}


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    keys = list(SENTENCES)
    articles = [Article(text=SENTENCES[k], id=k, published=PUBLISHED) for k in keys]
    return {k: r for k, r in zip(keys, khabar.extract_many(articles), strict=True)}


def events(record: Record, etype: str | None = None) -> list[tuple[str, str | None, str | None]]:
    """(type, source name, target name) of a record's events."""
    name = {e.id: e.name for e in record.entities}
    out = [(v.type, name.get(v.source), name.get(v.target)) for v in record.events]
    return [e for e in out if etype is None or e[0] == etype]


def only(record: Record, etype: str):
    found = [v for v in record.events if v.type == etype]
    assert len(found) == 1, events(record)
    return found[0]


@pytest.mark.parametrize(
    ("key", "etype", "source", "target"),
    [
        ("agree", "AGREE", "Sudanese army", "Rapid Support Forces"),
        ("consult", "CONSULT", "Antony Blinken", "Recep Tayyip Erdogan"),
        ("support", "SUPPORT", "Qatar", "Government of National Accord"),
        ("concede", "CONCEDE", "Saudi Arabia", "Qatar"),
        ("cooperate", "COOPERATE", "Turkey", "Somali government"),
        ("aid", "AID", "United Arab Emirates", "Rapid Support Forces"),
        ("retreat", "RETREAT", "Russia", None),
        ("request", "REQUEST", "Egypt", "Ethiopia"),
        ("accuse", "ACCUSE", "Hezbollah", "Israel"),
        ("reject", "REJECT", "Ethiopia", None),
        ("threaten", "THREATEN", "Iran", "Israel"),
        ("protest", "PROTEST", "Houthis", "Saudi Arabia"),
        ("sanction", "SANCTION", "European Union", "Wagner"),
        ("mobilize", "MOBILIZE", "Turkey", None),
        ("coerce", "COERCE", "Bashar al-Assad", "Syrian opposition"),
    ],
)
def test_every_plover_type_with_its_actors(records, key, etype, source, target):
    assert (etype, source, target) in events(records[key])


def test_passive_by_phrase_is_the_actor(records):
    assert events(records["assault"]) == [("ASSAULT", "Libyan National Army", "Tripoli")]


def test_coordinated_actors_give_one_event_each(records):
    got = events(records["coordinated"], "ACCUSE")
    assert got == [("ACCUSE", "Egypt", "Israel"), ("ACCUSE", "Jordan", "Israel"), ("ACCUSE", "Saudi Arabia", "Israel")]
    confidences = [v.confidence for v in records["coordinated"].events]
    assert confidences == sorted(confidences, reverse=True)


def test_symmetric_events_pair_coordinated_actors(records):
    assert set(events(records["symmetric"])) == {("AGREE", "Hamas", "Fatah"), ("AGREE", "Fatah", "Hamas")}


def test_accused_object_acts_in_the_accusation(records):
    assert ("ASSAULT", "Israel", None) in events(records["accuse"])


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("support", "asserted"),
        ("denied", "denied"),
        ("failed", "denied"),
        ("hypothetical", "hypothetical"),
        ("expected", "expected"),
        ("planned", "planned"),
        ("cooperate", "planned"),
        ("reported", "reported"),
    ],
)
def test_status(records, key, status):
    rec = records[key]
    etype = "SUPPORT" if key == "support" else "COOPERATE" if key == "cooperate" else "ASSAULT"
    assert {v.status for v in rec.events if v.type == etype} == {status}


def test_a_denial_is_a_rejection_and_denies_what_it_denies(records):
    rec = records["denial"]
    assert ("REJECT", "Egypt", None) in events(rec)
    shelling = only(rec, "ASSAULT")
    assert (shelling.status, events(rec, "ASSAULT")) == ("denied", [("ASSAULT", "Israel", "Rafah")])


def test_neither_an_adjective_nor_a_city_is_they(records):
    assert [source for _, source, _ in events(records["adjective"])] in ([], [None])


def test_reported_event_points_to_its_attribution(records):
    rec = records["reported"]
    event = only(rec, "ASSAULT")
    attribution = next(a for a in rec.attributions if a.id == event.attribution)
    assert attribution.content.start <= event.trigger.start < attribution.content.end
    assert attribution.source.span.text == "Reuters"


@pytest.mark.parametrize(
    ("key", "etype", "date", "date_text"),
    [
        ("agree", "AGREE", "2024-05-13", "Monday"),
        ("consult", "CONSULT", "2024-05-14", "last Tuesday"),
        ("retreat", "RETREAT", "2024-03", "March"),
        ("aid", "AID", "2023", "2023"),
        ("denied", "ASSAULT", "2021", "2021"),
        ("expected", "ASSAULT", "2024-06", "next month"),
    ],
)
def test_dates_resolved_against_publication(records, key, etype, date, date_text):
    event = [v for v in records[key].events if v.type == etype][0]
    assert (event.date, event.date_text) == (date, date_text)


def test_no_date_when_the_text_gives_none(records):
    assert only(records["planned"], "ASSAULT").date is None


def test_duration_after_an_event_dates_it_back(records):
    rec = records["after"]
    assert only(rec, "AGREE").date == "2021-05-26"
    assert only(rec, "ASSAULT").date == "2021-05"


def test_location_geocoded_by_the_articles_country(records):
    lebanon = [v for v in records["lebanon"].events if v.type == "ASSAULT"]
    assert {v.geo.country for v in lebanon if v.geo} == {"LB"}
    libya = only(records["libya"], "ASSAULT")
    assert libya.geo is not None and libya.geo.country == "LY"
    assert abs(libya.geo.lat - 32.9) < 0.2 and abs(libya.geo.lon - 13.2) < 0.2
    consult = only(records["consult"], "CONSULT")
    assert consult.geo is not None and consult.geo.country == "TR"


def test_event_spans_are_grounded_and_records_valid(records):
    for rec in records.values():
        assert validate(rec.to_dict()) == []
        for v in rec.events:
            text = rec.doc.text
            assert text[v.trigger.start : v.trigger.end] == v.trigger.text
            assert text[v.evidence.start : v.evidence.end] == v.evidence.text
            assert v.evidence.start <= v.trigger.start and v.trigger.end <= v.evidence.end
            assert 0.0 <= v.confidence <= 1.0


def test_words_inside_names_and_plain_nouns_are_not_events():
    rec = khabar.extract(
        "The Popular Mobilisation Forces held a parade in Baghdad. The minister's support staff went home.",
        published=PUBLISHED,
    )
    assert events(rec) == []


def test_a_narrated_sentence_keeps_the_date_of_the_one_before_within_its_paragraph():
    text = (
        "On Sunday the Rapid Support Forces stormed El Geneina. The Rapid Support Forces attacked Masteri.\n\n"
        "The Sudanese army attacked Nyala."
    )
    rec = khabar.extract(text, published=PUBLISHED)
    name = {e.id: e.name for e in rec.entities}
    dated = {name[v.target]: v.date for v in rec.events if v.type == "ASSAULT"}
    assert dated == {"El Geneina": "2024-05-12", "Masteri": "2024-05-12", "Nyala": None}


def test_weekday_of_publication_is_that_day():
    from khabar.events.dates import resolve

    assert resolve("on Saturday", "2023-04-15") == "2023-04-15"  # published on a Saturday
    assert resolve("on Friday", "2023-04-15") == "2023-04-14"
    assert resolve("Sunday", "2023-04-15") == "2023-04-09"


def _named_events(text: str) -> list[tuple[str, str | None, str | None, str]]:
    rec = khabar.extract(text, published=PUBLISHED).to_dict()
    name = {e["id"]: e["name"] for e in rec["entities"]}
    return [(v["type"], name.get(v["source"]), name.get(v["target"]), v["status"]) for v in rec["events"]]


def test_a_weak_verb_counts_with_an_actor_and_an_object():
    assert ("MOBILIZE", "Japan") in {(t, s) for t, s, _, _ in _named_events("Japan will soon send two destroyers to the Gulf.")}
    assert _named_events("The militia joined.") == []


def test_a_participle_acts_for_the_noun_it_describes():
    found = _named_events("Protesters demanding the release of detainees blocked the road to Benghazi.")
    assert ("REQUEST", "Protesters", None, "asserted") in found


def test_a_happening_told_again_by_a_noun_is_one_event():
    found = _named_events(
        "Gunmen from the Islamic State killed the governor of Sirte on Monday. The killing of the governor shocked the city."
    )
    assert [t for t, *_ in found].count("ASSAULT") == 1


def test_causative_past_participle_is_done_to_its_subject():
    found = _named_events("The junta was tempted to have the demonstrators shot.")
    assert ("ASSAULT", "The junta", "the demonstrators", "asserted") in found


def test_status_details():
    assert ("ASSAULT", "Israel", "Ismail Haniyeh", "asserted") in _named_events(
        "Israel had not just killed Ismail Haniyeh; it had also humiliated Iran."
    )  # 'not just' is no denial
    found = _named_events("Iran denies any role in the attack and blames Israel for the explosion.")
    assert ("ACCUSE", "Iran", "Israel", "asserted") in found  # the denial does not reach the blame
    assert [s for t, *_, s in _named_events("A crackdown on the Islamists appeared imminent.") if t == "COERCE"] == ["expected"]
    assert [s for *_, s in _named_events("Air strikes against Houthi positions in Yemen have been reported.")] == ["reported"]


def test_a_fronted_date_dates_the_whole_sentence():
    rec = khabar.extract(
        "But on March 3rd Abdul Hamid Dbeibah ordered his ministers to keep quiet, blaming the militias for the chaos.",
        published=PUBLISHED,
    ).to_dict()
    assert {v["type"]: v["date"] for v in rec["events"]} == {"REQUEST": "2024-03-03", "ACCUSE": "2024-03-03"}


def test_a_period_start_dates_nothing_after_it():
    rec = khabar.extract(
        "Dozens of people have died since the strikes started in October. The police arrested the organisers of the march.",
        published=PUBLISHED,
    ).to_dict()
    arrest = next(v for v in rec["events"] if v["type"] == "COERCE")
    assert arrest["date"] is None


def test_elections_and_appointments_are_other_events():
    rec = khabar.extract(
        "The Tunisian government held a referendum on 25 July 2022. Most Tunisians dread another election. "
        "Kais Saied appointed Najla Bouden as prime minister in 2021.",
        published=PUBLISHED,
    ).to_dict()
    name = {e["id"]: e["name"] for e in rec["entities"]}
    other = [(name.get(v["source"]), name.get(v["target"]), v["date"], v["mode"]) for v in rec["events"] if v["type"] == "OTHER"]
    assert other == [
        ("Tunisian government", None, "2022-07-25", "election"),  # dreading an election holds none
        ("Kais Saied", "Najla Bouden", "2021", "appointment"),
    ]


def test_a_possessor_is_acted_upon_by_a_patient_noun():
    found = _named_events("Omar al-Bashir was ousted in 2019. His trial will open next month.")
    assert ("ACCUSE", None, "Omar al-Bashir", "planned") in found
    assert ("ASSAULT", None, "Mosul", "asserted") in _named_events("The fall of Mosul came in June 2014.")  # weak, named


def test_killed_in_a_strike_by_whoever_struck():
    found = _named_events("Israel and Hamas fought for months. Ismail Haniyeh was killed in an Israeli air strike in Tehran.")
    assert ("ASSAULT", "Israel", "Ismail Haniyeh", "asserted") in found


def test_a_weapon_fired_at_a_target():
    assert ("ASSAULT", "Hezbollah", "Israel", "asserted") in _named_events("Hezbollah fired rockets at Israel on Monday.")
    assert ("ASSAULT", "Houthis", "Saudi Arabia", "asserted") in _named_events("The Houthis launched missiles at Saudi Arabia.")


def test_a_pronoun_is_the_most_salient_entity_before_it():
    # the subject of the sentence before, not the nearer object
    found = _named_events("Hezbollah fired rockets at Israel on Monday. On Tuesday it attacked an army post.")
    assert ("ASSAULT", "Hezbollah", None, "asserted") in found
    # a chain of pronouns keeps its entity: 'He ... he' is still the president, not the minister named later
    found = _named_events(
        "Recep Tayyip Erdogan is a divisive figure. He has met Hakan Fidan's critics often. "
        "But in May he accused the PKK of treason."
    )
    assert ("ACCUSE", "Recep Tayyip Erdogan", "PKK", "asserted") in found


def test_standing_alongside_someone_is_a_meeting():
    found = _named_events("Recep Tayyip Erdogan stood alongside Vladimir Putin in Sochi on Friday.")
    assert ("CONSULT", "Recep Tayyip Erdogan", "Vladimir Putin", "asserted") in found


def test_what_follows_the_scene_keeps_only_its_month():
    rec = khabar.extract(
        "On March 3rd the Sudanese army shelled Omdurman. Then the Rapid Support Forces attacked El Obeid.",
        published=PUBLISHED,
    ).to_dict()
    assert [v["date"] for v in rec["events"] if v["type"] == "ASSAULT"] == ["2024-03-03", "2024-03"]


def test_the_latter_and_some_in_a_group_are_actors():
    found = _named_events("Hamas met Fatah in Cairo. The latter later accused Israel of sabotage.")
    assert ("ACCUSE", "Fatah", "Israel", "asserted") in found
    found = _named_events("Some in the Biden administration want to pull out American troops from Syria.")
    assert [(t, s) for t, s, _, _ in found if t == "RETREAT"] == [("RETREAT", "Biden administration")]


def test_a_country_adjective_names_the_actor_not_the_clause_around_it():
    found = _named_events("Joe Biden has let Lebanon skirt American sanctions on Syria.")
    assert ("SANCTION", "United States", "Syria", "asserted") in found  # America's sanctions, not Lebanon's
    assert ("SUPPORT", "Muqtada al-Sadr", "Iraqi government") in [
        (t, s, g) for t, s, g, _ in _named_events("Muqtada al-Sadr threw his weight behind the Iraqi government.")
    ]


def test_an_event_dated_after_publication_is_planned():
    # published on 15 May: an election on 2 June is scheduled, not told as done
    rec = khabar.extract("Iran is holding a presidential election on June 2nd.", published=PUBLISHED).to_dict()
    assert [(v["type"], v["date"], v["status"]) for v in rec["events"]] == [("OTHER", "2024-06-02", "planned")]


def test_a_country_acting_through_its_adjective_is_the_actor():
    assert ("ASSAULT", "Israel", None, "asserted") in _named_events("Israeli strikes killed 20 people on Monday.")
    found = _named_events("American and British warplanes struck Houthi targets in Yemen.")
    assert {(s, g) for t, s, g, _ in found if t == "ASSAULT"} == {("United States", "Houthi"), ("United Kingdom", "Houthi")}


def test_between_two_sides_and_from_a_place():
    found = _named_events("Clashes broke out in Omdurman on Monday between the Sudanese army and the Rapid Support Forces.")
    assert ("ASSAULT", "Sudanese army", "Rapid Support Forces", "asserted") in found
    found = _named_events("Two days after launching an offensive from Idlib, Hayat Tahrir al-Sham entered Aleppo.")
    assert [(t, s) for t, s, _, _ in found] == [("ASSAULT", "Hayat Tahrir al-Sham")]  # Idlib is where it started


def test_only_a_verb_that_carries_it_lends_its_subject_to_an_event_noun():
    assert ("ASSAULT", "Houthis", "Israel", "asserted") in _named_events("The Houthis launched an attack on Israel.")
    found = _named_events("The Sudanese army repelled the attack on El Obeid.")
    assert ("ASSAULT", "Sudanese army", "El Obeid", "asserted") not in found


def test_a_dateline_is_not_the_subject_and_a_place_on_the_object_is_where():
    rec = khabar.extract(
        "KHARTOUM — The Rapid Support Forces shelled a camp near El Fasher on Sunday, killing 30 civilians.",
        published=PUBLISHED,
    )
    name = {e.id: e.name for e in rec.entities}
    shelling = only(rec, "ASSAULT")  # the killing is the shelling told again
    assert name.get(shelling.source) == "Rapid Support Forces" and name.get(shelling.location) == "El Fasher"


def test_accused_by_someone_is_accused():
    found = _named_events("The UAE, accused by Sudan of arming the Rapid Support Forces, has denied it.")
    assert ("ACCUSE", "Sudan", "UAE", "asserted") in found


def test_a_series_of_raids_and_holding_someone_responsible():
    found = _named_events("The Saudi-led coalition carried out a series of air raids on Houthi positions.")
    assert ("ASSAULT", "Saudi-led coalition") in {(t, s) for t, s, _, _ in found}
    assert ("ACCUSE", "Yemeni government", "Iran", "asserted") in _named_events(
        "The Yemeni government holds Iran responsible for the escalation."
    )


def test_would_in_a_second_that_clause_is_what_was_said():
    rec = khabar.extract(
        "Yahya Saree said that the operation succeeded, and that the Houthis would continue their attacks.",
        published=PUBLISHED,
    ).to_dict()
    assert [v["status"] for v in rec["events"] if v["type"] == "ASSAULT"] == ["reported"]


def test_for_its_part_looks_ahead_to_the_subject():
    found = _named_events(
        "The Houthis fired drones at ships. For its part, US Central Command said its forces shot down two drones."
    )
    assert ("ASSAULT", "US Central Command") in {(t, s) for t, s, _, _ in found}


def test_a_date_in_a_relative_clause_dates_only_that_clause():
    rec = khabar.extract(
        "Hans Grundberg travelled to Muscat to hold talks with the Houthis, hoping to revive a process that stalled "
        "last December.",
        published=PUBLISHED,
    ).to_dict()
    talks = next(v for v in rec["events"] if v["type"] == "CONSULT")
    assert talks["date"] is None


def test_who_is_not_the_state_and_who_is_not_the_target():
    found = _named_events("Syria's army retreated. Syrian opposition factions captured the town of Saraqeb.")
    assert ("ASSAULT", None, "Saraqeb", "asserted") in found  # the factions are not Syria
    found = _named_events("Israeli jets struck Iranian-backed militias near Damascus. Iran protested.")
    assert [g for t, s, g, _ in found if t == "ASSAULT"] == [None]  # the militias, not Iran


def test_a_call_on_a_weekday_is_no_request_and_him_is_the_one_called():
    found = _named_events("Recep Tayyip Erdogan called Vladimir Putin on Tuesday and urged him to rein in Damascus.")
    assert [(t, s, g) for t, s, g, _ in found] == [("REQUEST", "Recep Tayyip Erdogan", "Vladimir Putin")]


def test_what_will_happen_as_said_is_dated_forward():
    # published on Wednesday 15 May: the council meets on Friday 17 May
    rec = khabar.extract("The UN Security Council will meet on Friday, diplomats said.", published=PUBLISHED).to_dict()
    assert [(v["type"], v["date"]) for v in rec["events"]] == [("CONSULT", "2024-05-17")]


def test_two_coordinated_verbs_of_one_type_are_two_events():
    found = _named_events("A Turkish delegation visited Tripoli on Monday and met Abdul Hamid Dbeibah.")
    assert [t for t, *_ in found].count("CONSULT") == 2


def test_the_means_of_an_attempt_was_used():
    found = _named_events("The junta tried to calm the streets by arresting the leaders of the Syrian opposition.")
    assert ("COERCE", "The junta", "Syrian opposition", "asserted") in found


def test_a_wire_dateline_and_fighters_loyal_to_a_group():
    found = _named_events(
        "ADEN, Yemen (Reuters) - Fighters loyal to the Southern Transitional Council seized the port of Aden on "
        "Saturday, residents said."
    )
    assert ("ASSAULT", "Southern Transitional Council") in {(t, s) for t, s, _, _ in found}
    assert not any(s in ("Yemen", "Aden", "ADEN") for _, s, _, _ in found)


def test_a_capital_acts_and_they_are_the_rebels_named_in_the_subject():
    assert ("REQUEST", "Riyadh", None, "asserted") in _named_events("Riyadh urged a ceasefire.")
    found = _named_events(
        "Houthi rebels have been fighting the Saudi-led coalition since 2015. On Sunday they said they had launched "
        "drones at an oil facility in eastern Saudi Arabia."
    )
    assert ("ASSAULT", "Houthi", "oil facility in eastern Saudi Arabia", "reported") in found


def test_their_is_a_plural_named_just_before_in_another_clause():
    found = _named_events("General Haftar met tribal leaders on Thursday to secure their support.")
    assert not any(t == "SUPPORT" for t, *_ in found)  # the leaders' support, and they are no entity
    found = _named_events("The Libyan National Army began moving reinforcements towards Sirte.")
    assert ("MOBILIZE", "Libyan National Army", "Sirte", "asserted") in found


def test_a_day_after_a_clause_and_a_while_clause_of_its_own():
    rec = khabar.extract(
        "Clashes erupted on Tuesday in Omdurman, a day after the Sudanese army regained control of the city's "
        "radio station.",
        published=PUBLISHED,
    ).to_dict()
    regained = next(v for v in rec["events"] if v["trigger"]["text"] == "regained")
    assert regained["date"] == "2024-05-13"  # the Tuesday before 15 May is the 14th; a day before
    rec = khabar.extract(
        "Egypt and Saudi Arabia are trying to broker a truce, while the United States imposed sanctions on "
        "the Rapid Support Forces last month.",
        published=PUBLISHED,
    ).to_dict()
    dates = {v["type"]: v["date"] for v in rec["events"]}
    assert dates["SANCTION"] == "2024-04" and dates["AGREE"] is None


def test_committing_crimes_is_no_agreement():
    assert not any(t == "AGREE" for t, *_ in _named_events("Human Rights Watch accused the militia of committing war crimes."))


def test_receiving_someone_is_a_meeting_and_receiving_something_is_not():
    found = _named_events("Mohamed al-Menfi received the Egyptian ambassador Tamer Mostafa in Tripoli on Sunday.")
    assert ("CONSULT", "Mohamed al-Menfi", "Tamer Mostafa", "asserted") in found
    assert not any(t == "CONSULT" for t, *_ in _named_events("The Libyan army received weapons from Egypt."))


def test_winning_a_prize_is_no_election_and_a_relative_clause_sets_no_scene():
    rec = khabar.extract(
        "Abiy Ahmed, who won the Nobel Peace Prize in 2019, rejected the talks. The government denied the reports.",
        published=PUBLISHED,
    ).to_dict()
    assert not any(v["type"] == "OTHER" for v in rec["events"])
    assert all(v["date"] is None for v in rec["events"] if v["type"] == "REJECT")
    assert ("OTHER", "Ennahda") in {(t, s) for t, s, _, _ in _named_events("Ennahda won the most seats in 2011.")}


@pytest.mark.parametrize(
    ("text", "published", "future", "date"),
    [
        ("on February 29th", "2020-02-10", True, "2020-02-29"),  # this year's leap day, not the next one
        ("February 29", "2021-03-01", False, "2020-02-29"),  # the last February that had one
        ("in December", "2020-01-15", False, "2019-12"),  # told in the past: the December just gone
        ("in December", "2020-01-15", True, "2020-12"),
        ("3 March", "2020-03-10", False, "2020-03-03"),
        ("March 20th", "2020-03-10", False, "2019-03-20"),
        ("June", "2020-06-09", True, "2020-06"),  # the current month counts on either side
    ],
)
def test_a_day_or_month_without_a_year_takes_the_nearest_one_the_tense_allows(text, published, future, date):
    from khabar.events.dates import resolve

    assert resolve(text, published, future) == date


def _dated(text: str, published: str = PUBLISHED) -> list[tuple[str, str | None, str | None]]:
    rec = khabar.extract(text, published=published).to_dict()
    return [(v["type"], v["date"], v["date_text"]) for v in rec["events"]]


def test_a_wire_report_dates_its_undated_news_to_the_dateline():
    text = "KHARTOUM (Reuters) - The Sudanese army attacked the Rapid Support Forces in Omdurman."
    assert _dated(text) == [("ASSAULT", PUBLISHED, "KHARTOUM (Reuters)")]
    dated = _dated("BAGHDAD, May 13 (Xinhua) -- Iraqi forces arrested three men in Kirkuk.")
    assert [d for _, d, _ in dated] == ["2024-05-13"]  # the dateline's own day


def test_outside_a_wire_report_or_its_news_an_undated_event_stays_undated():
    assert [d for _, d, _ in _dated("The Sudanese army attacked the Rapid Support Forces in Omdurman.")] == [None]
    # the past perfect looks further back than the news of the day
    text = "KHARTOUM (Reuters) - The army had attacked the Rapid Support Forces in Omdurman."
    assert [d for _, d, _ in _dated(text)] == [None]


def test_a_past_event_is_never_dated_after_publication():
    from khabar.events.dates import dateline

    assert dateline("IT WAS AS if the old general ran the country.", PUBLISHED) is None  # capitals, no dateline
    # told in the past in May: last June, not the coming one
    assert [d for _, d, _ in _dated("The Sudanese army attacked the Rapid Support Forces in June.")] == ["2023-06"]


def test_the_present_perfect_of_an_articles_opening_is_its_months_news():
    text = (
        "The Egyptian government has denied a report that its troops crossed into Libya.\n\n"
        "The Egyptian government has rejected the ceasefire proposal."
    )
    assert [v[1] for v in _dated(text)] == ["2024-05", None]  # the opening only, to the month


def test_a_hyphened_participle_names_who_backs_whom():
    found = _named_events("Qatari-backed Hamas fighters and the Turkey-backed Syrian National Army clashed near Afrin.")
    assert ("SUPPORT", "Turkey", "Syrian National Army", "asserted") in found
    assert not [e for e in _named_events("The Russian-backed propaganda spread online.") if e[0] == "SUPPORT"]


def test_support_received_from_someone_is_theirs_and_material_support_is_aid():
    found = _named_events("The Sudanese army, which receives diplomatic support from Egypt, recaptured the city.")
    assert ("SUPPORT", "Egypt", "Sudanese army", "asserted") in found
    found = _named_events("The Rapid Support Forces received military and financial support from the United Arab Emirates.")
    assert ("AID", "United Arab Emirates", "Rapid Support Forces", "asserted") in found
    assert not [e for e in found if e[0] in ("CONSULT", "SUPPORT")]  # the receiving is no visit


def test_a_civilian_attacking_a_person_attacks_with_words():
    found = _named_events("Donald Trump attacked Hillary Clinton in a speech in Ohio.")
    assert ("ACCUSE", "Donald Trump", "Hillary Clinton", "asserted") in found
    assert not [e for e in found if e[0] == "ASSAULT"]
    found = _named_events("Field Marshal Khalifa Haftar attacked Tripoli in April.")
    assert [e[0] for e in found] == ["ASSAULT"]


def test_backing_a_deal_is_agreeing_and_its_start_dates_the_deal_not_the_backing():
    rec = khabar.extract("The Rapid Support Forces have backed a truce in Sudan starting Monday.", published=PUBLISHED)
    name = {e.id: e.name for e in rec.entities}
    # opening the article in the present perfect it is this month's news; Monday is when the truce begins
    assert [(v.type, name.get(v.source), v.date) for v in rec.events] == [("AGREE", "Rapid Support Forces", "2024-05")]
    assert ("SUPPORT", "Qatar", "Government of National Accord") in events_of("Qatar backed the Government of National Accord.")


def events_of(text: str) -> list[tuple[str, str | None, str | None]]:
    return [e[:3] for e in _named_events(text)]


def test_a_condition_on_going_on_takes_the_happening_for_granted():
    found = _named_events("The truce may collapse if the Houthis continue to fire missiles at Saudi Arabia.")
    assert [s for t, *_, s in found if t == "ASSAULT"] == ["asserted"]
    found = _named_events("The truce may collapse if the Houthis fire missiles at Saudi Arabia.")
    assert [s for t, *_, s in found if t == "ASSAULT"] == ["hypothetical"]


def test_releasing_frees_someone_not_a_document():
    assert [t for t, *_ in _named_events("The Houthis released 20 detainees in Sanaa on Monday.")] == ["RETREAT"]
    assert ("RETREAT", "Egypt", "Alaa Abd el-Fattah") in events_of("Egypt released Alaa Abd el-Fattah in September.")
    assert _named_events("The campaign of Senator Elizabeth Warren released her tax returns on Friday.") == []


def test_who_gives_support_and_who_has_it():
    assert ("SUPPORT", "Qatar", "Government of National Accord") in events_of(
        "Qatar gave its support to the Government of National Accord."
    )
    assert ("SUPPORT", "Democratic Party", "Hillary Clinton") in events_of(
        "Hillary Clinton consolidated the support of the Democratic Party."
    )
    assert not [e for e in events_of("Donald Trump has record low support from black voters.") if e[1] == "Donald Trump"]


def test_a_military_site_takes_part_in_a_war_a_museum_does_not():
    from khabar.entities.agents import is_political
    from khabar.record import Entity

    def site(name: str) -> Entity:
        return Entity(id="e1", name=name, type="FAC", mentions=[])

    assert is_political(site("Jufra Air Base")) and is_political(site("Camp Lemonnier"))
    assert not is_political(site("National Museum of Kenya"))


def test_an_understanding_of_a_topic_is_no_agreement():
    from khabar.events.stage import _of_a_topic
    from khabar.parse.nlp import get_nlp

    doc = get_nlp()("Its understanding of Chinese technology is hazy, unlike the understanding with Russia.")
    topic, deal = (t for t in doc if t.lower_ == "understanding")
    assert _of_a_topic(topic) and not _of_a_topic(deal)
    assert ("AGREE", "Turkey", "Russia") in events_of("Turkey reached an understanding with Russia on Idlib.")


def test_a_past_form_the_tagger_took_for_a_present_one_still_triggers():
    assert ("ASSAULT", "Rapid Support Forces", "Kassala") in events_of("Rapid Support Forces retook Kassala.")


def test_the_place_named_on_a_deal_is_no_party_to_it():
    found = events_of("The Juba agreement was signed by the Sudanese army and the SPLM-N in October.")
    assert found and not any(t == "Juba" for *_, t in found)


def test_each_other_pairs_the_sides_both_ways():
    found = events_of("Ethiopia and Eritrea blamed one another for the clashes.")
    assert ("ACCUSE", "Ethiopia", "Eritrea") in found and ("ACCUSE", "Eritrea", "Ethiopia") in found


def test_a_report_closing_its_sentence_relays_the_claims_inside_it():
    text = ("The Turkish Embassy in Tripoli has denied a story in Al-Wasat Daily that its staff had left the city, "
            "Libya Herald has reported.")  # fmt: skip
    rec = khabar.extract(text, published=PUBLISHED).to_dict()
    name = {e["id"]: e["name"] for e in rec["entities"]}
    claims = {a["cue"]["text"]: a for a in rec["attributions"]}
    assert set(claims) == {"denied", "story"}  # the newspaper relays both, and says nothing of its own
    assert all(name.get(a["via"]) == "Libya Herald" for a in claims.values())
    denial = next(v for v in rec["events"] if v["type"] == "REJECT")
    assert denial["status"] == "reported" and denial["attribution"] == claims["denied"]["id"]


def test_an_infinitive_takes_the_status_of_what_governs_it():
    found = _named_events("The generals have resisted the temptation to have Sudanese protesters shot.")
    assert [s for t, _, _, s in found if t == "ASSAULT"] == ["denied"]


def test_defeats_suffered_at_someones_hands_are_their_assault():
    found = _named_events("The Wagner Group suffered a series of defeats at the hands of the Malian army near Kidal.")
    assert ("ASSAULT", "Malian army", "Wagner Group", "asserted") in found
    found = _named_events("Ethiopia refused to join an initiative led by Egypt.")
    assert ("REJECT", "Ethiopia", "Egypt", "asserted") in found


def test_speaking_to_someone_is_consulting_them_and_to_reporters_is_not():
    found = _named_events("Recep Tayyip Erdogan spoke with Vladimir Putin by phone on Monday.")
    assert ("CONSULT", "Recep Tayyip Erdogan", "Vladimir Putin", "asserted") in found
    assert _named_events("The minister spoke to reporters in Cairo.") == []


def test_a_request_needs_someone_asked():
    assert _named_events("The rebels sought power.") == []
    assert ("REQUEST", "Sudan", "Egypt", "asserted") in _named_events("Sudan sought help from Egypt.")


def test_seizing_property_is_coercion_and_seizing_a_town_an_assault():
    assert [t for t, *_ in _named_events("Police captured a cache of arms near Sirte.")] == ["COERCE"]
    assert [t for t, *_ in _named_events("Rebels seized the town of Kidal.")] == ["ASSAULT"]


def test_a_hyphened_epithet_is_the_writers_whoever_the_sentence_quotes():
    rec = khabar.extract("The Iran-backed Houthis seized the port, a government spokesman said on Monday.",
                         published=PUBLISHED).to_dict()  # fmt: skip
    status = {v["trigger"]["text"]: v["status"] for v in rec["events"]}
    assert status.get("backed") == "asserted" and status.get("seized") == "reported"
