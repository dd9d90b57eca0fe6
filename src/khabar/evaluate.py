"""Scoring records against gold annotations (NAME.txt + NAME.json, text-matched, no offsets).

Definitions (so that figures can be compared with other tools using the same gold format):
- entities: gold and predicted entities are paired one-to-one, greedily by how many normalised
  surface forms they share; only PERSON, ORG, GPE, LOC and FAC count.
- alias_bcubed: B-cubed over the gold surface forms present in the text, each placed in the
  predicted entity carrying that surface (or alone when none does).
- attributions: paired greedily by token F1 of the content (at least 0.5); *_with_source also needs
  the source span (token F1 >= 0.5) or the linked source entity to be right.
- events: same type, the right source (or target when gold has no source), best evidence overlap;
  event_p@LO-HI is the precision of the predicted events with confidence in [LO, HI).
- span_source / span_cue / span_content (gold with PolNeAR-style ``spans`` only): exact character
  spans per role, each gold role taken from its first to its last piece; both sides are trimmed of
  whitespace, quotation marks and edge punctuation (``.,;:``) first, so that a content quoted with
  or without its marks is the same span. A predicted span counts once, at most one gold span each.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from khabar.read import Article

_NONWORD = re.compile(r"[^\w]+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an|al|el)[\s-]+")
SCORED_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC"}
BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.01))  # event confidence bands, each scored for precision
_LENIENT = ({"GPE", "LOC"}, {"FAC", "LOC"})
ROLES = ("source", "cue", "content")
_EDGE = set("\"'“”‘’«».,;:")


def norm(s: str | None) -> str:
    out = _NONWORD.sub(" ", (s or "").lower()).strip()
    return _LEADING_ARTICLE.sub("", out, count=1) if " " in out else out


def token_f1(gold: str, pred: str) -> float:
    g, p = _NONWORD.sub(" ", (gold or "").lower()).split(), _NONWORD.sub(" ", (pred or "").lower()).split()
    if not g or not p:
        return 0.0
    hit = sum((Counter(g) & Counter(p)).values())
    if not hit:
        return 0.0
    precision, recall = hit / len(p), hit / len(g)
    return 2 * precision * recall / (precision + recall)


def _listify(v: Any) -> list:
    return [] if v is None else v if isinstance(v, list) else [v]


class Counts:
    """Precision / recall counts; matched predictions and matched gold items are counted apart."""

    def __init__(self) -> None:
        self.pred_hit = self.pred_n = self.gold_hit = self.gold_n = 0

    def add(self, pred_hit: int, pred_n: int, gold_hit: int, gold_n: int) -> None:
        self.pred_hit += pred_hit
        self.pred_n += pred_n
        self.gold_hit += gold_hit
        self.gold_n += gold_n

    def result(self) -> dict[str, Any]:
        p = self.pred_hit / self.pred_n if self.pred_n else 0.0
        r = self.gold_hit / self.gold_n if self.gold_n else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "pred": self.pred_n, "gold": self.gold_n}


class Accuracy:
    def __init__(self) -> None:
        self.right = self.n = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.right += bool(ok)

    def result(self) -> dict[str, Any]:
        return {"acc": round(self.right / self.n, 3) if self.n else None, "n": self.n}


def surfaces(entity: dict) -> set[str]:
    found = {norm(entity.get("name", ""))} | {norm(m.get("text", "")) for m in entity.get("mentions", [])}
    return found - {""}


def _greedy(pairs: Iterable[tuple[float, Any, Any]]) -> list[tuple[Any, Any]]:
    """One-to-one pairing, best score first (stable for ties)."""
    used_a, used_b, out = set(), set(), []
    for _, a, b in sorted(pairs, key=lambda x: -x[0]):
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            out.append((a, b))
    return out


def _gold_surfaces(gold_entities: list[dict]) -> dict[str, set[str]]:
    return {g["name"]: {norm(a) for a in [*g.get("aliases", []), g["name"]]} - {""} for g in gold_entities}


def _refers(pred_entity: dict | None, gold_names: list[str], gold_surf: dict[str, set[str]]) -> bool:
    if pred_entity is None:
        return False
    mine = surfaces(pred_entity)
    return any(mine & gold_surf.get(n, {norm(n)}) for n in gold_names)


def _bcubed(gold_entities: list[dict], pred_entities: list[dict], text: str) -> tuple[float, float, int]:
    lowered = text.lower()
    items = [
        (norm(a), g["name"]) for g in gold_entities for a in set(g.get("aliases", [])) if a and a.lower() in lowered
    ]
    owner: dict[str, str] = {}
    for p in pred_entities:
        for s in surfaces(p):
            owner.setdefault(s, p["id"])
    labelled = [(g, owner.get(s, "~" + s)) for s, g in items]
    precision = recall = 0.0
    for g, p in labelled:
        same_pred = [x for x in labelled if x[1] == p]
        same_gold = sum(1 for x in labelled if x[0] == g)
        both = sum(1 for x in same_pred if x[0] == g)
        precision += both / len(same_pred)
        recall += both / same_gold
    return precision, recall, len(labelled)


def score(gold_dir: str | Path, records: dict[str, dict]) -> dict[str, Any]:
    ents, attrs, attrs_src, events = Counts(), Counts(), Counts(), Counts()
    by_band: dict[tuple[float, float], Accuracy] = {}
    exact = {role: Counts() for role in ROLES}
    etype, src_ok, kind_ok, direct_ok, status_ok, date_ok = (Accuracy() for _ in range(6))
    b3 = [0.0, 0.0, 0.0]
    bad_spans = n_spans = wrong_schema = 0
    missing: list[str] = []
    per_doc: dict[str, Any] = {}
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        name = gold_path.stem
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        rec = records.get(name)
        if rec is None:
            missing.append(name)
            rec = {"doc": {"text": text}, "entities": [], "attributions": [], "events": []}
        wrong_schema += rec.get("schema") != "khabar.record/1"
        pred_text = rec.get("doc", {}).get("text", text)
        pents = rec.get("entities", [])
        by_id = {p["id"]: p for p in pents}

        for span in _spans(rec):
            n_spans += 1
            bad_spans += pred_text[span["start"] : span["end"]] != span.get("text")

        gold_surf = _gold_surfaces(gold["entities"])
        pairs = [
            (len(gold_surf[g["name"]] & surfaces(p)), g["name"], p["id"])
            for g in gold["entities"]
            for p in pents
            if gold_surf[g["name"]] & surfaces(p)
        ]
        g2p = dict(_greedy(pairs))
        scored_gold = [g for g in gold["entities"] if g["type"] in SCORED_TYPES]
        scored_pred = [p for p in pents if p.get("type") in SCORED_TYPES]
        matched = set(g2p.values())
        ents.add(
            sum(p["id"] in matched for p in scored_pred),
            len(scored_pred),
            sum(g["name"] in g2p for g in scored_gold),
            len(scored_gold),
        )
        for g in scored_gold:
            if g["name"] in g2p:
                t = by_id[g2p[g["name"]]].get("type")
                etype.add(g["type"] == t or any(g["type"] in s and t in s for s in _LENIENT))
        for i, v in enumerate(_bcubed(scored_gold, pents, text)):
            b3[i] += v

        gattr, pattr = gold.get("attributions", []), rec.get("attributions", [])
        amatch = _greedy(
            (f, i, j)
            for i, g in enumerate(gattr)
            for j, p in enumerate(pattr)
            if (f := token_f1(g["content"], (p.get("content") or {}).get("text", ""))) >= 0.5
        )
        attrs.add(len(amatch), len(pattr), len(amatch), len(gattr))
        full = 0
        for i, j in amatch:
            g, p = gattr[i], pattr[j]
            source = p.get("source") or {}
            ok = token_f1(g["source"], source.get("text", "")) >= 0.5
            if not ok and g.get("source_entity") and source.get("entity") in by_id:
                ok = _refers(by_id[source["entity"]], [g["source_entity"]], gold_surf)
            src_ok.add(ok)
            full += ok
            kind_ok.add(p.get("source_kind") == g.get("source_kind"))
            direct_ok.add(bool(p.get("direct")) == bool(g.get("direct")))
        attrs_src.add(full, len(pattr), full, len(gattr))
        if any(g.get("spans") for g in gattr):
            for role in ROLES:
                gold_set = {_trimmed(text, *_extent(g["spans"].get(role) or [])) for g in gattr if g.get("spans")}
                gold_set.discard(None)
                pred_set = {
                    _trimmed(text, p[role]["start"], p[role]["end"]) for p in pattr if isinstance(p.get(role), dict)
                }
                pred_set.discard(None)
                hit = len(gold_set & pred_set)
                exact[role].add(hit, len(pred_set), hit, len(gold_set))

        gev, pev = gold.get("events", []), rec.get("events", [])
        cand = []
        for i, g in enumerate(gev):
            for j, p in enumerate(pev):
                if p.get("type") not in _listify(g["type"]):
                    continue
                s_ok = _refers(by_id.get(p.get("source")), _listify(g.get("source")), gold_surf)
                t_ok = _refers(by_id.get(p.get("target")), _listify(g.get("target")), gold_surf)
                if (g.get("source") and not s_ok) or (not g.get("source") and not t_ok):
                    continue
                cand.append(
                    (s_ok + t_ok + token_f1(g.get("evidence", ""), (p.get("evidence") or {}).get("text", "")), i, j)
                )
        ematch = _greedy(cand)
        events.add(len(ematch), len(pev), len(ematch), len(gev))
        right = {j for _, j in ematch}
        for j, v in enumerate(pev):
            band = next(b for b in BANDS if b[0] <= float(v.get("confidence", 0.5)) < b[1])
            by_band.setdefault(band, Accuracy()).add(j in right)
        for i, j in ematch:
            status_ok.add(pev[j].get("status") == gev[i].get("status"))
            if gev[i].get("date"):
                date_ok.add(pev[j].get("date") == gev[i].get("date"))
        per_doc[name] = {
            "entities": (sum(g["name"] in g2p for g in scored_gold), len(scored_gold)),
            "attributions": (len(amatch), len(gattr)),
            "events": (len(ematch), len(gev)),
        }

    p, r, n = b3
    return {
        "entities": ents.result(),
        "entity_type": etype.result(),
        "alias_bcubed": {
            "p": round(p / n, 3) if n else 0.0,
            "r": round(r / n, 3) if n else 0.0,
            "f1": round(2 * p * r / (n * (p + r)), 3) if p + r else 0.0,
        },
        "attributions": attrs.result(),
        "attributions_with_source": attrs_src.result(),
        "attribution_source": src_ok.result(),
        "attribution_kind": kind_ok.result(),
        "attribution_direct": direct_ok.result(),
        **{f"span_{role}": exact[role].result() for role in ROLES if exact[role].result().get("gold")},
        "events": events.result(),
        "event_status": status_ok.result(),
        "event_date": date_ok.result(),
        **{f"event_p@{lo:.2f}-{min(hi, 1):.2f}": by_band[(lo, hi)].result() for lo, hi in BANDS
           if (lo, hi) in by_band},  # fmt: skip
        "grounding_errors": bad_spans,
        "grounded_spans": n_spans,
        "records_with_wrong_schema": wrong_schema,
        "missing_docs": missing,
        "per_doc": per_doc,
    }


def _extent(pieces: list) -> tuple[int, int]:
    pieces = [p for p in pieces if len(p) == 2]
    if not pieces:
        return (0, 0)
    return min(a for a, _ in pieces), max(b for _, b in pieces)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in _EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE):
        end -= 1
    return (start, end) if end > start else None


def _spans(rec: dict) -> Iterable[dict]:
    for e in rec.get("entities", []):
        yield from (m for m in e.get("mentions", []) if isinstance(m, dict) and "start" in m)
    for a in rec.get("attributions", []):
        yield from (a[k] for k in ("source", "cue", "content") if isinstance(a.get(k), dict) and "start" in a[k])
    for v in rec.get("events", []):
        yield from (v[k] for k in ("trigger", "evidence") if isinstance(v.get(k), dict) and "start" in v[k])


def gold_articles(gold_dir: str | Path) -> list[Article]:
    """The annotated articles of a gold folder, with the metadata their annotations give."""
    out = []
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        txt = gold_path.with_suffix(".txt")
        if not txt.exists():
            continue
        meta = json.loads(gold_path.read_text(encoding="utf-8")).get("doc", {})
        out.append(
            Article(
                text=txt.read_text(encoding="utf-8"),
                id=gold_path.stem,
                published=meta.get("published"),
                outlet=meta.get("outlet"),
                title=meta.get("title"),
                url=meta.get("url"),
                origin=str(txt),
            )
        )
    return out


def load_records(path: str | Path) -> dict[str, dict]:
    records = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                records[rec["doc"]["id"]] = rec
    return records
