"""Every record validates against the contract and every span is grounded."""

from khabar.evaluate import gold_articles
from khabar.pipeline import extract_many
from khabar.record import validate


def test_example_records_are_valid(example_records):
    assert example_records
    for rec in example_records:
        assert validate(rec) == [], rec["doc"]["id"]
        assert rec["entities"], rec["doc"]["id"]


def test_dev_corpus_records_are_valid(dev_corpus):
    for record in extract_many(gold_articles(dev_corpus)):
        assert validate(record.to_dict()) == [], record.doc.id


def test_validate_catches_an_ungrounded_span(example_records):
    rec = dict(example_records[0])
    bad = dict(rec["entities"][0])
    bad["mentions"] = [{**bad["mentions"][0], "start": bad["mentions"][0]["start"] + 1}]
    rec["entities"] = [bad]
    assert any("not grounded" in p for p in validate(rec))
