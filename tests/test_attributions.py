"""Attributions on sentences written for these tests."""

import pytest

import khabar


def _attrs(text: str) -> list[dict]:
    return khabar.extract(text, published="2023-05-02").to_dict()["attributions"]


def _one(text: str) -> dict:
    found = _attrs(text)
    assert len(found) == 1, found
    return found[0]


def test_x_said_that_c():
    a = _one("The interior minister said that the border crossing at Ras Jedir would reopen next week.")
    assert a["cue"]["text"] == "said"
    assert a["source"]["text"] == "The interior minister"
    assert a["content"]["text"] == "that the border crossing at Ras Jedir would reopen next week"
    # 'the interior minister' is one person, known by the office; 'an official' is anonymous
    assert a["source_kind"] == "named_person" and not a["direct"]
    assert _one("An interior ministry official said the crossing would reopen next week.")["source_kind"] == "anonymous"


def test_c_x_said_with_named_person():
    a = _one("The convoy was attacked near Ajdabiya, Omar Belhaj told reporters on Sunday.")
    assert a["content"]["text"] == "The convoy was attacked near Ajdabiya"
    assert a["source"]["text"] == "Omar Belhaj" and a["source_kind"] == "named_person"
    assert a["source"]["entity"] is not None


def test_according_to_and_document_source():
    a = _one("According to a statement from the ministry, three soldiers were wounded in the blast.")
    assert a["cue"]["text"] == "According to"
    assert a["content"]["text"] == "three soldiers were wounded in the blast"
    assert a["source_kind"] == "document"


def test_relayed_anonymous_source_has_via_outlet():
    text = (
        "The Example Observer reported the clashes on Monday.\n\nThe website quoted a senior military official "
        "close to the council that the negotiations had collapsed after two days."
    )
    rec = khabar.extract(text).to_dict()
    a = next(x for x in rec["attributions"] if x["cue"]["text"] == "quoted")
    assert a["source"]["text"] == "a senior military official close to the council"
    assert a["source_kind"] == "anonymous"
    via = next(e for e in rec["entities"] if e["id"] == a["via"])
    assert via["name"].startswith("Example Observer") or via["name"] == "The Example Observer"
    assert a["content"]["text"] == "that the negotiations had collapsed after two days"


def test_quoted_as_saying_direct_quote_in_curly_marks():
    a = _one("The agency quoted a local commander as saying, “We will not withdraw from the city.”")
    assert a["direct"] is True
    assert a["content"]["text"] == "We will not withdraw from the city."


def test_unbalanced_quote_mark_runs_to_paragraph_end():
    a = _one('The mayor said: "Nobody has come to help us since the flood destroyed the bridge\n\nOther news.')
    assert a["direct"] is True
    assert a["content"]["text"] == "Nobody has come to help us since the flood destroyed the bridge"


def test_object_cue_denied():
    a = _one("Colonel Nasser Kamal denied any involvement in the attack on the airport.")
    assert a["cue"]["text"] == "denied"
    assert a["content"]["text"] == "any involvement in the attack on the airport"


@pytest.mark.parametrize(
    "text",
    [
        "The said agreement was signed in Rome in 2017.",
        "The so-called plan has never been published.",
        "He was told to leave the building before noon.",
    ],
)
def test_no_attribution(text):
    assert _attrs(text) == []


def test_every_attribution_span_is_grounded(example_records):
    for rec in example_records:
        text = rec["doc"]["text"]
        for a in rec["attributions"]:
            for key in ("source", "cue", "content"):
                assert text[a[key]["start"] : a[key]["end"]] == a[key]["text"]


def test_coordinated_verb_shares_the_subject():
    a = _one("Protesters marched through the capital and called for the governor to resign.")
    assert a["source"]["text"] == "Protesters" and a["cue"]["text"] == "called"
    assert a["content"]["text"] == "the governor to resign"


def test_object_content_stops_before_a_coordinated_verb():
    found = _attrs("The commander denied any role in the shelling and blamed rival militias for the attack.")
    denied = next(a for a in found if a["cue"]["text"] == "denied")
    assert denied["content"]["text"] == "any role in the shelling"


def test_gerund_and_infinitive_contents():
    a = _one("The minister has ruled out negotiating with the rebels.")
    assert a["cue"]["text"] == "ruled" and a["content"]["text"] == "negotiating with the rebels"
    a = _one("The militia leader threatened to storm the port if the salaries were not paid.")
    assert a["content"]["text"] == "to storm the port if the salaries were not paid"


def test_relative_clause_and_participle_speakers():
    a = _one("The meeting was attended by a local councillor who claimed to represent the displaced families.")
    assert a["source"]["text"] == "a local councillor" and a["content"]["text"] == "to represent the displaced families"
    a = _one("The governor closed the border crossing, blaming smugglers for the surge in violence.")
    assert a["source"]["text"] == "The governor" and a["cue"]["text"] == "blaming"
    assert a["content"]["text"] == "smugglers for the surge in violence"


def test_beliefs_need_a_full_clause():
    a = _one("The envoy thinks the ceasefire will collapse within weeks.")
    assert a["cue"]["text"] == "thinks" and a["content"]["text"] == "the ceasefire will collapse within weeks"
    assert _attrs("Many residents want to see the commander go.") == []


def test_inverted_cue_after_its_content():
    a = _one("A shortage of fuel will halt every bakery, warned the trade minister in March.")
    assert a["source"]["text"] == "the trade minister" and a["cue"]["text"] == "warned"
    assert a["content"]["text"] == "A shortage of fuel will halt every bakery"


def test_a_quotation_that_goes_on_keeps_its_speaker():
    found = _attrs(
        'The crossing "will stay closed for now", said the governor. "We will not open it until the attacks stop."'
    )
    assert len(found) == 2
    assert found[1]["content"]["text"] == "We will not open it until the attacks stop."
    assert found[1]["direct"] and found[1]["source"] == found[0]["source"]


def test_a_partly_quoted_content_is_not_direct():
    a = _one('The minister said the deal "will change everything for the region" after months of talks.')
    assert not a["direct"] and a["content"]["text"].startswith("the deal")


def test_outlet_relaying_an_according_to_source():
    a = _one(
        "Al-Wasat newspaper reported that the convoy was ambushed near Sirte, according to a security source in the city."
    )
    assert a["source"]["text"] == "a security source in the city" and a["source_kind"] == "anonymous"
    assert a["via"] is not None and a["content"]["text"] == "that the convoy was ambushed near Sirte"


def test_people_of_a_country_speak_anonymously():
    a = _one("Many Syrians say the new government must hold elections within a year.")
    assert a["source_kind"] == "anonymous" and a["source"]["entity"] is None


def test_welcoming_parties_is_not_a_claim():
    assert _attrs("The foreign ministry welcomed Egypt and Jordan to the talks.") == []


def test_a_report_that_goes_on_in_its_paragraph():
    found = _attrs(
        "The site added that the commander would stay in Cairo for weeks. Moreover, the plan would give the "
        "council a say over the eastern government.\n\nMoreover, fighting resumed near the port."
    )
    assert [a["content"]["text"] for a in found] == [
        "that the commander would stay in Cairo for weeks",
        "the plan would give the council a say over the eastern government",
    ]  # the next paragraph is the author's again
    assert found[1]["cue"] == found[0]["cue"] and found[1]["source"] == found[0]["source"]


def test_a_noun_that_reports_a_clause():
    a = _one("The movement takes the view that the elections were rigged from the start.")
    assert a["source"]["text"] == "The movement" and a["cue"]["text"] == "view"
    assert a["content"]["text"] == "that the elections were rigged from the start"
    assert _attrs("The view from the hills was that of a ruined town.") == []


def test_a_quoted_vow_stops_before_the_next_verb_of_its_speaker():
    found = _attrs('General Burhan vowed on Monday to "crush the rebellion" and rejected calls for a ceasefire.')
    vow = next(a for a in found if a["cue"]["text"] == "vowed")
    assert vow["content"]["text"] == "crush the rebellion"


def test_aid_agencies_are_no_outlet_and_a_named_group_is_named():
    assert _one("Aid agencies say the convoys were blocked for weeks.")["source_kind"] == "anonymous"
    a = _one("The Emergency Lawyers group said the paramilitary had shelled the camp.")
    assert a["source_kind"] == "named_org" and a["source"]["entity"] is not None


def test_a_participle_with_a_borrowed_source_does_not_swallow_the_report_around_it():
    found = _attrs(
        "A government source told Al-Arabiya that the government holds Iran responsible, accusing Tehran of arming "
        "the rebels."
    )
    told = next(a for a in found if a["cue"]["text"] == "told")
    assert told["content"]["text"] == "that the government holds Iran responsible"


def test_a_newspaper_citing_a_source_relays_it():
    rec = khabar.extract("The Al-Wasat newspaper reported, citing a military source, that the army had moved.").to_dict()
    name = {e["id"]: e["name"] for e in rec["entities"]}
    (a,) = rec["attributions"]
    assert a["source"]["text"] == "a military source" and name.get(a["via"]) == "Al-Wasat"
    assert a["content"]["text"] == "that the army had moved"


def test_an_office_closed_by_a_name_is_that_person():
    a = _one("The spokesman for the Volcano of Rage operation, Mohamed Gnounou, denied the news.")
    assert a["source_kind"] == "named_person" and a["source"]["entity"] is not None


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("The minister praised the army's restraint during the protests.", "praised",
         "the army's restraint during the protests"),
        ("The envoy expressed deep concern over the shelling of the camps.", "expressed",
         "deep concern over the shelling of the camps"),
        ("The president reaffirmed his commitment to the ceasefire.", "reaffirmed", "his commitment to the ceasefire"),
    ],
)  # fmt: skip
def test_evaluative_speech_reports_its_object(sentence, cue, content):
    from khabar import extract

    found = [(a.cue.text, a.content.text) for a in extract(sentence).attributions]
    assert (cue, content) in found, found


def test_describing_someone_as_something_is_a_statement_and_an_intention_is_not():
    a = _one("Opposition leader Tundu Lissu described the vote as a sham staged by the ruling party.")
    assert (a["source"]["text"], a["cue"]["text"]) == ("Opposition leader Tundu Lissu", "described")
    assert a["content"]["text"].startswith("the vote as a sham")
    assert _attrs("The general hopes to fill the post with a loyalist before the summer.") == []


def test_two_that_clauses_of_one_cue_are_two_claims():
    found = _attrs("The ministry claimed that two bridges were destroyed, and that forty fighters were killed near Kufra.")
    assert [(a["source"]["text"], a["cue"]["text"], a["content"]["text"]) for a in found] == [
        ("The ministry", "claimed", "that two bridges were destroyed"),
        ("The ministry", "claimed", "that forty fighters were killed near Kufra"),
    ]


def test_a_denied_story_is_the_outlets_claim_inside_the_denial():
    found = _attrs("The army denied a story in Al-Wasat Daily that its commander had fled to Cairo.")
    by_cue = {a["cue"]["text"]: a for a in found}
    assert by_cue["denied"]["source"]["text"] == "The army"
    assert by_cue["denied"]["content"]["text"].startswith("a story in Al-Wasat Daily that")
    assert by_cue["story"]["source"]["text"] == "Al-Wasat Daily"
    assert by_cue["story"]["content"]["text"] == "that its commander had fled to Cairo"
