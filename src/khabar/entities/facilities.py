"""Facilities an article describes without naming them: 'a Chadian airbase', 'the main air base',
'a Russian base in Libya'. Each such description is an entity of its own (FAC); a later bare
'the base' is the base described or named last ('Hmeimim air base ... the base')."""

from __future__ import annotations

from spacy.attrs import TAG
from spacy.tokens import Doc, Token

from khabar.entities.lexicon import lexicon
from khabar.entities.mentions import Mention, nests
from khabar.entities.names import fold, name_tokens
from khabar.entities.places import country_code
from khabar.entities.resolve import Cluster
from khabar.parse.nlp import text_of, tokens_with

_DEFINITE = {"the", "this", "that"}
_INDEFINITE = {"a", "an"}
_MODIFIER_DEPS = {"amod", "compound", "nmod", "advmod"}
_PLACE_TYPES = {"GPE", "LOC", "FAC"}


def facilities(doc: Doc, clusters: list[Cluster]) -> None:
    kinds = lexicon().facilities
    if not kinds:
        return
    text = text_of(doc)
    spans = sorted((m.start, m.end) for c in clusters for m in c.mentions)
    places = {(m.start, m.end): c for c in clusters if c.type in _PLACE_TYPES for m in c.mentions}
    described: list[tuple[int, str, Cluster]] = []  # (where, kind, entity) of facilities so far
    for tok in tokens_with(doc, TAG, ["NN"]):
        found = _head(doc, tok, kinds)
        if found is None:
            continue
        first, kind = found
        det = next((c for c in tok.children if c.dep_ in ("det", "poss") and c.i < first), None)
        if det is None or not _determines(det) or tok.dep_ == "attr":
            continue  # 'bases', 'any base', 'it is a base': no particular facility
        between = doc[det.i + 1 : first]
        if any(t.dep_ not in _MODIFIER_DEPS or t.is_punct for t in between):
            continue
        start, end = det.idx, tok.idx + len(tok.text)
        where = _located_in(tok, places)
        if where is not None:
            end = where  # 'a Russian base in Libya'
        if not nests(start, end, spans):
            continue
        definite = det.lower_ in _DEFINITE or det.dep_ == "poss"
        named = any(t.pos_ == "PROPN" and fold(t.text) not in lexicon().demonym_adj for t in between)
        earlier = None if named else _latest_of_kind(clusters, described, kind, start, kinds)
        if definite and earlier is not None and (not between or where is None):
            earlier.mentions.append(Mention(start, end, text[start:end], "FAC", "", [], tok.i, description=True))
        elif between or where is not None:
            name = text[det.idx + len(det.text) : end].strip() if det.dep_ == "det" else text[start:end]
            cluster = Cluster(forced_type="FAC")
            cluster.mentions.append(Mention(start, end, text[start:end], "FAC", name, name_tokens(name), tok.i))
            clusters.append(cluster)
            described.append((start, kind, cluster))
        else:
            continue
        spans.append((start, end))


def _head(doc: Doc, tok: Token, kinds: dict[str, str]) -> tuple[int, str] | None:
    """(first token of the head, kind) for a singular facility noun ('airbase', 'air base'), else None."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN":
        return None
    if tok.i > 0:
        two = f"{doc[tok.i - 1].lower_} {tok.lower_}"
        if two in kinds and doc[tok.i - 1].head.i == tok.i:
            return tok.i - 1, kinds[two]
    kind = kinds.get(tok.lower_)
    return (tok.i, kind) if kind else None


def _determines(det: Token) -> bool:
    """'a', 'the', 'this' or a country's possessive ('Kenya's main airport')."""
    if det.dep_ == "det":
        return det.lower_ in _DEFINITE | _INDEFINITE
    return det.pos_ == "PROPN" and country_code(det.text) is not None


def _located_in(tok: Token, places: dict[tuple[int, int], Cluster]) -> int | None:
    """The end of an 'in <place>' phrase right after the facility noun, or None."""
    doc = tok.doc
    if tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "in":
        return None
    j = tok.i + 2
    while j + 1 < len(doc) and doc[j].pos_ == "ADJ":
        j += 1  # 'in eastern Saudi Arabia'
    start = doc[j].idx
    ends = [end for (s, end) in places if s == start]
    return max(ends) if ends else None


def _latest_of_kind(
    clusters: list[Cluster], described: list[tuple[int, str, Cluster]], kind: str, pos: int, kinds: dict[str, str]
) -> Cluster | None:
    """The facility of this kind described or named last before ``pos``."""
    best: tuple[int, Cluster] | None = None
    for where, k, cluster in described:
        if k == kind and where < pos and (best is None or where > best[0]):
            best = (where, cluster)
    for cluster in clusters:
        if cluster.type not in _PLACE_TYPES or not cluster.names:
            continue
        words = fold(cluster.rep.name).split()
        named_kind = kinds.get(" ".join(words[-2:])) or kinds.get(words[-1]) if words else None
        at = cluster.last_before(pos)
        if named_kind == kind and at >= 0 and (best is None or at > best[0]):
            best = (at, cluster)
    return best[1] if best else None
