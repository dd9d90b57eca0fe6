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
    assert a["content"]["text"] == "the border crossing at Ras Jedir would reopen next week"
    assert a["source_kind"] == "anonymous" and not a["direct"]


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
    assert a["content"]["text"] == "the negotiations had collapsed after two days"


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
