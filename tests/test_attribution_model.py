"""The learned attribution taggers: training runs end to end (on articles written here, and on a slice
of PolNeAR when it is beside the repo), and the shipped model finds what rules alone missed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.attributions.learned import ROLES, Taggers, chunks, model_folder, propose
from khabar.attributions.train import dev_scores, read_corpus, role_labels, train
from khabar.parse import parse
from khabar.pipeline import extract

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "polnear-train"

# (sentence, source, cue, content): attributions written for the tests
WRITTEN = [
    ("The mayor said that the bridge would reopen in May.", "The mayor", "said", "the bridge would reopen in May"),
    ("Officials believe the fire was started deliberately.", "Officials", "believe", "the fire was started deliberately"),
    ("The union warned that a strike could begin next week.", "The union", "warned", "a strike could begin next week"),
    ("A report by the auditors found that the accounts were incomplete.", "A report by the auditors", "found",
     "the accounts were incomplete"),
    ("The governor hopes the new road will bring trade to the valley.", "The governor", "hopes",
     "the new road will bring trade to the valley"),
    ("Residents told reporters that the water had been cut for three days.", "Residents", "told",
     "the water had been cut for three days"),
]  # fmt: skip


def _write_corpus(folder: Path, copies: int = 3) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(copies):
        text = " ".join(s for s, *_ in WRITTEN[k:] + WRITTEN[:k])
        attributions = []
        for sentence, source, cue, content in WRITTEN:
            base = text.index(sentence)
            spans = {
                role: [[base + sentence.index(part), base + sentence.index(part) + len(part)]]
                for role, part in zip(ROLES, (source, cue, content), strict=True)
            }
            attributions.append({"source": source, "cue": cue, "content": content, "spans": spans})
        (folder / f"a{k}.txt").write_text(text, encoding="utf-8")
        (folder / f"a{k}.json").write_text(
            json.dumps({"entities": [], "attributions": attributions, "events": []}), encoding="utf-8"
        )


def test_labels_follow_the_gold_spans():
    doc = next(parse(["The mayor said that the bridge would reopen in May."]))
    sent = next(doc.sents)
    labels = role_labels(sent, [(0, 9)])
    assert labels[:3] == ["B", "I", "O"] and set(labels[3:]) == {"O"}
    assert chunks(["O", "B", "I", "O", "I", "I", "B"]) == [(1, 3), (4, 6), (6, 7)]


def test_training_runs_end_to_end_and_learns_the_written_examples(tmp_path):
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    out = tmp_path / "model"
    train(corpus, out, iterations=30, quiet=True)
    assert all((out / f"{role}.crfsuite").stat().st_size > 0 for role in ROLES)
    assert "PolNeAR" in json.loads((out / "about.json").read_text())["_about"]
    scores = dev_scores(corpus, out)
    assert scores["span_cue"]["f1"] >= 0.8  # it fits what it was trained on
    found = propose(next(parse(["The mayor said that the bridge would reopen in May."])), Taggers(out))
    assert [(p.cue, p.source) for p in found] == [((10, 14), (0, 9))]


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="PolNeAR is not beside the repo (../shared/corpus)")
def test_training_on_a_slice_of_polnear(tmp_path):
    assert len(read_corpus(POLNEAR, limit=3)) == 3
    train(POLNEAR, tmp_path, limit=3, iterations=1, quiet=True)
    assert Taggers(tmp_path).taggers.keys() == set(ROLES)


SHIPPED = [
    # beliefs and charges: verbs the constructions alone did not take as cues
    ("Many economists fear that the currency will lose half its value by the summer.", "fear", "Many economists"),
    ("The opposition leader has repeatedly accused the government of rigging the vote.", "accused",
     "The opposition leader"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "cue", "source"), SHIPPED)
def test_the_shipped_model_finds_beliefs_and_charges(sentence, cue, source):
    assert model_folder() is not None  # the trained taggers ship in the package
    found = propose(next(parse([sentence])))
    pairs = [(sentence[slice(*p.cue)], sentence[slice(*p.source)] if p.source else None) for p in found]
    assert any(c.endswith(cue) and s == source for c, s in pairs), pairs


JOINED = [
    # cues outside the constructions' lexicon, with a clause for content: the taggers add them
    ("Local officials suspect that the militia moved its weapons across the river overnight.", "suspect",
     "that the militia moved its weapons across the river overnight"),
]  # fmt: skip

NOT_CLAIMS = [
    "The governor hopes to reopen the schools next month.",  # an intention
    "The cleric would like to control the interior ministry.",
    "The president named a former diplomat as prime minister on Sunday.",  # a deed
]


@pytest.mark.parametrize(("sentence", "cue", "content"), JOINED)
def test_the_pipeline_adds_tagger_cues_with_a_clause_for_content(sentence, cue, content, monkeypatch):
    import khabar.attributions.stage as stage

    monkeypatch.setattr(stage, "_with_learned", lambda doc, found, quotes: found)
    assert not extract(sentence).attributions  # the constructions alone miss it
    monkeypatch.undo()
    found = extract(sentence).attributions
    assert [(a.cue.text, a.content.text) for a in found] == [(cue, content)]
    assert found[0].source.span is not None and found[0].source.span.start == 0


@pytest.mark.parametrize("sentence", NOT_CLAIMS)
def test_the_pipeline_leaves_out_intentions_and_deeds(sentence):
    assert propose(next(parse([sentence])))  # the taggers take it for an attribution ...
    assert extract(sentence).attributions == []  # ... but its content is no proposition
