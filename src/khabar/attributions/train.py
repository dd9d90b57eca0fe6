"""Train the attribution taggers on a PolNeAR-format corpus and score them on a held-out one.

    python -m khabar.attributions.train --corpus ../shared/corpus/polnear-train \\
        --dev ../shared/corpus/polnear-dev --out src/khabar/data/attribution-tagger

A corpus is a folder of NAME.txt + NAME.json pairs whose attributions carry exact character
``spans`` of source, cue and content (the format of PolNeAR, Newell et al. 2018, converted as in
``GOLD_FORMAT.md``; PolNeAR itself is at github.com/networkdynamics/polnear). Articles are read in
name order and parsed with khabar's own pipeline, so the features are those it sees at run time;
crfsuite's L-BFGS is deterministic, so the same corpus gives the same weights."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc, Span

from khabar.attributions.features import sentence_items
from khabar.attributions.learned import ROLES, Taggers, propose, with_cues
from khabar.evaluate import score
from khabar.parse import parse

PARAMS = {"c1": 1.0, "c2": 0.01, "max_iterations": 120, "feature.possible_transitions": True, "feature.minfreq": 2}


def read_corpus(folder: Path, limit: int | None = None) -> list[tuple[str, str, list[dict]]]:
    """(name, text, attributions) of each annotated article, in name order."""
    out = []
    for gold in sorted(folder.glob("*.json")):
        txt = gold.with_suffix(".txt")
        if not txt.exists():
            continue
        attributions = json.loads(gold.read_text(encoding="utf-8")).get("attributions", [])
        out.append((gold.stem, txt.read_text(encoding="utf-8"), attributions))
        if limit and len(out) >= limit:
            break
    return out


def role_labels(sent: Span, pieces: list[tuple[int, int]]) -> list[str]:
    """B/I/O of ``sent``'s tokens for one role: a token is inside a piece it overlaps; where pieces of
    the role nest, the longest holds the token (an outer content keeps the claims quoted inside it)."""
    owner: list[tuple[int, int] | None] = []
    for tok in sent:
        a, b = tok.idx, tok.idx + len(tok.text)
        covering = [p for p in pieces if p[0] < b and a < p[1] and not tok.is_space]
        owner.append(max(covering, key=lambda p: p[1] - p[0]) if covering else None)
    labels = []
    for i, piece in enumerate(owner):
        if piece is None:
            labels.append("O")
        else:
            labels.append("I" if i > 0 and owner[i - 1] == piece else "B")
    return labels


def sequences(doc: Doc, attributions: list[dict]) -> list[tuple[dict[str, list[list[str]]], dict[str, list[str]]]]:
    """Per sentence: the items each role's tagger reads (source and content see the gold cues, as they
    see the cue tagger's at run time) and the gold labels."""
    pieces = {role: [tuple(p) for a in attributions for p in (a.get("spans") or {}).get(role) or []] for role in ROLES}
    out = []
    for sent, items in sentence_items(doc):
        labels = {role: role_labels(sent, pieces[role]) for role in ROLES}
        stacked = with_cues(sent, items, labels["cue"])
        out.append(({"cue": items, "source": stacked, "content": stacked}, labels))
    return out


def parsed(articles: list[tuple[str, str, list[dict]]], cache: Path | None = None) -> Iterator[Doc]:
    """The articles parsed by khabar's pipeline; with ``cache``, parsed once and kept there."""
    from spacy.tokens import DocBin

    from khabar.parse.nlp import get_nlp

    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(get_nlp().vocab))
        if [d.text for d in docs] == [a[1] for a in articles]:
            yield from docs
            return
    if cache is None:
        yield from parse(a[1] for a in articles)
        return
    docs = list(parse(a[1] for a in articles))
    cache.parent.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=True, docs=docs).to_disk(cache)
    yield from docs


def train(
    corpus: Path,
    out: Path,
    limit: int | None = None,
    iterations: int | None = None,
    quiet: bool = False,
    cache: Path | None = None,
) -> None:
    import pycrfsuite

    articles = read_corpus(corpus, limit)
    if not articles:
        raise SystemExit(f"{corpus}: no NAME.txt + NAME.json pairs with attributions")
    say = (lambda *_: None) if quiet else (lambda *a: print(*a, file=sys.stderr))
    t0 = time.perf_counter()
    trainers = {role: pycrfsuite.Trainer(verbose=False) for role in ROLES}
    n_sent = 0
    for (_name, _text, attributions), doc in zip(articles, parsed(articles, cache), strict=True):
        for items, labels in sequences(doc, attributions):
            for role in ROLES:
                trainers[role].append(items[role], labels[role])
            n_sent += 1
    say(f"{len(articles)} articles, {n_sent} sentences parsed in {time.perf_counter() - t0:.0f}s")
    out.mkdir(parents=True, exist_ok=True)
    params = dict(PARAMS, max_iterations=iterations or PARAMS["max_iterations"])
    t1 = time.perf_counter()
    for role in ROLES:
        trainers[role].set_params(params)
    _train_all(trainers, out)
    say(f"{', '.join(ROLES)}: trained in {time.perf_counter() - t1:.0f}s")
    about = {
        "_about": "Linear-chain CRF taggers (python-crfsuite) for attribution source, cue and content, "
        "trained by `make train-attributions` on PolNeAR (Newell, Margolin and Ruths, LREC 2018; "
        "github.com/networkdynamics/polnear), whose annotations are released for research use.",
        "corpus": corpus.name,
        "articles": len(articles),
        "sentences": n_sent,
        "params": params,
    }
    (out / "about.json").write_text(json.dumps(about, indent=1) + "\n", encoding="utf-8")


def _train_all(trainers: dict, out: Path) -> None:
    """Each role's model, trained in a forked process of its own where the platform forks (the three
    are independent and each L-BFGS run is single-threaded), else one after the other."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        for role, trainer in trainers.items():
            trainer.train(str(out / f"{role}.crfsuite"))
        return
    ctx = multiprocessing.get_context("fork")
    procs = {role: ctx.Process(target=t.train, args=(str(out / f"{role}.crfsuite"),)) for role, t in trainers.items()}
    for proc in procs.values():
        proc.start()
    for role, proc in procs.items():
        proc.join()
        if proc.exitcode != 0:
            raise SystemExit(f"training the {role} tagger failed (exit {proc.exitcode})")


def dev_scores(dev: Path, model: Path, limit: int | None = None, cache: Path | None = None) -> dict[str, dict]:
    """Exact-span scores of the taggers alone on a held-out corpus (``khabar eval`` scores the whole
    pipeline)."""
    taggers = Taggers(model)
    articles = read_corpus(dev, limit)
    records = {}
    for (name, text, _), doc in zip(articles, parsed(articles, cache), strict=True):
        found = propose(doc, taggers)
        records[name] = {
            "schema": "khabar.record/1",
            "doc": {"text": text},
            "attributions": [
                {
                    "cue": _span(text, p.cue),
                    "content": _span(text, p.content),
                    **({"source": _span(text, p.source)} if p.source else {}),
                }
                for p in found
            ],
        }
    names = {a[0] for a in articles}
    result = score_subset(dev, records, names)
    return {k: v for k, v in result.items() if k.startswith("span_") or k.startswith("attributions")}


def score_subset(gold_dir: Path, records: dict, names: set[str]) -> dict:
    if names == {p.stem for p in gold_dir.glob("*.json")}:
        return score(gold_dir, records)
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            for ext in (".json", ".txt"):
                shutil.copy(gold_dir / f"{name}{ext}", Path(tmp) / f"{name}{ext}")
        return score(tmp, records)


def _span(text: str, span: tuple[int, int]) -> dict:
    return {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="PolNeAR-format training folder")
    parser.add_argument("--dev", type=Path, help="PolNeAR-format folder to score the taggers on")
    parser.add_argument("--out", type=Path, required=True, help="folder for the three .crfsuite models")
    parser.add_argument("--limit", type=int, help="only the first N articles (a quick run)")
    parser.add_argument("--iterations", type=int, help=f"L-BFGS iterations (default {PARAMS['max_iterations']})")
    parser.add_argument("--cache", type=Path, help="keep the parsed corpora in this folder (quicker reruns)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: not a folder (get PolNeAR from github.com/networkdynamics/polnear)")
    cache = args.cache
    train(
        args.corpus,
        args.out,
        args.limit,
        args.iterations,
        cache=cache / f"{args.corpus.name}-{args.limit or 'all'}.spacy" if cache else None,
    )
    if args.dev:
        scores = dev_scores(
            args.dev, args.out, args.limit, cache / f"{args.dev.name}-{args.limit or 'all'}.spacy" if cache else None
        )
        for name, v in scores.items():
            print(f"{name:28} P {v['p']:.3f}  R {v['r']:.3f}  F1 {v['f1']:.3f}  ({v['pred']} / {v['gold']})")


if __name__ == "__main__":
    main()
