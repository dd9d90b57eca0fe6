"""How sure the text is that an event happened: asserted, reported, expected, planned, denied or
hypothetical, read from the trigger's clause and the clauses that govern it.

Precedence when several apply: denied > hypothetical > expected > reported > planned > asserted
("the website said Haftar failed to meet Sisi" is denied; "Egypt is seeking to ..., the source
said" is reported)."""

from __future__ import annotations

from spacy.tokens import Token

from khabar.attributions.cues import cues
from khabar.events.lexicon import hyphen_joined
from khabar.record import Attribution

_NEGATORS = {"not", "n't", "never", "no", "without", "neither", "nor"}
_FAILURE = {"fail", "deny", "resist", "avoid", "refrain", "stop", "cease", "abandon", "halt", "refuse", "decline"}
_CONDITIONAL_MARKS = {"if", "unless", "whether"}
_HYPOTHETICAL_MODALS = {"could", "might", "may", "would", "should"}
# 'if militias continue to fire rockets', 'if the government persists with its request': the condition is on
# going on; that it happens is taken for granted
_CONTINUING = {"continue", "persist", "keep", "resume", "maintain", "sustain"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_EXPECTED = {
    "expect", "expectation", "likely", "unlikely", "imminent", "forecast", "predict", "prediction",
    "anticipate", "sure", "bound", "poised", "foresee", "probable",
}  # fmt: skip
_PLANNED = {
    "plan", "intend", "intention", "seek", "want", "aim", "propose", "proposal", "prepare", "hope",
    "try", "attempt", "decide", "vow", "pledge", "promise", "threaten", "mean", "wish", "push",
    "bid", "effort", "offer", "ready", "readiness", "willing", "determined", "eager",
}  # fmt: skip
_REPORTED = {"report", "claim", "allege", "rumour", "rumor", "say"}
_NOT_NEGATING = {"just", "only", "merely", "simply"}  # 'had not just killed X, ... too': not a denial
_MAX_HOPS = 5
_CLAUSE_EDGES = {"ROOT", "parataxis", "advcl", "relcl", "acl", "appos", "npadvmod"}


def governing_chain(tok: Token) -> list[Token]:
    """The trigger and the tokens governing it, up to the first reporting verb or the root."""
    chain = [tok]
    cur = tok
    for _ in range(_MAX_HOPS):
        # 'went to Cairo to sign', 'resisted the temptation to have them shot': an infinitive takes its status
        # from what governs it
        infinitive = cur.dep_ in ("advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
        if (cur.dep_ in _CLAUSE_EDGES and not infinitive) or cur.head.i == cur.i:
            break  # a temporal, relative or loosely joined clause keeps its own status
        if cur.dep_ == "pcomp" and cur.tag_ == "VBG" and cur.head.lower_ == "by":
            break  # 'tried to calm them by jailing X': the means was used, whatever came of the try
        cur = cur.head
        chain.append(cur)
        if cur.pos_ == "VERB" and cur.lemma_.lower() in cues().verbs:
            break
    return chain


def _said(verb: Token) -> bool:
    """Is the clause what someone said ('said the group would continue', 'said that X and that the group
    would continue')? Its 'would' is then the speaker's 'will'."""
    first = verb
    while first.dep_ == "conj" and first.head.i != first.i:
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in first.children) and _a_cue(first.head):
            return True  # '... said that X, and that the group would continue': hung on 'said' itself
        first = first.head
    return first.dep_ == "ccomp" and _a_cue(first.head)


def _a_cue(tok: Token) -> bool:
    return tok.pos_ == "VERB" and tok.lemma_.lower() in cues().verbs


def _epithet(tok: Token) -> bool:
    """'the UAE-backed STC', 'Iran-allied militias': a hyphened participle before a name is the writer's
    description, whoever the sentence quotes."""
    return tok.dep_ == "amod" and tok.tag_ == "VBN" and hyphen_joined(tok) is not None


def _negates(child: Token) -> bool:
    if child.dep_ == "det" and child.lower_ == "no":
        return True
    if child.dep_ != "neg":
        return False
    nxt = child.nbor(1) if child.i + 1 < len(child.doc) else None
    return not (nxt is not None and nxt.lower_ in _NOT_NEGATING)


def status_of(tok: Token, attributions: list[Attribution]) -> tuple[str, str | None, bool]:
    """(status, attribution id, future) for the event whose trigger is ``tok``.

    ``future`` says whether dates in the clause should be read forward from publication."""
    chain = governing_chain(tok)
    words = {t.lemma_.lower() for t in chain} | {t.lower_ for t in chain}
    denied = hypothetical = expected = planned = future = past = False
    for i, t in enumerate(chain):
        kids = list(t.children)
        # a verb joined by 'and' is a predication of its own: 'denies X and blames Y' does not deny Y
        coordinated = i > 0 and chain[i - 1].dep_ == "conj" and chain[i - 1].pos_ in ("VERB", "AUX")
        if not coordinated and any(_negates(c) for c in kids):
            denied = True
        if i > 0 and not coordinated and t.lemma_.lower() in _FAILURE:
            denied = True
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in kids):
            hypothetical = hypothetical or not any(x.lemma_.lower() in _CONTINUING for x in chain[1 : i + 1])
        for c in kids:
            if c.dep_ != "aux":
                continue
            if c.lower_ in _HYPOTHETICAL_MODALS:
                if c.lower_ == "would" and _said(t):
                    planned = future = True
                else:
                    hypothetical = True
            elif c.lower_ in _FUTURE_AUX or (c.lower_ == "going" and t.tag_ == "VB"):
                planned = future = True
        if i > 0 and t.lemma_.lower() in _PLANNED:
            planned = True
        if t.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in ("is", "are", "am") for c in kids):
            future = True  # 'is holding an election on March 2nd'
        if i > 0 and _a_cue(t):
            continue  # 'diplomats said the council will meet on Friday': the saying is past, not the meeting
        if t.tag_ == "VBD" or any(c.dep_ == "aux" and c.lower_ in ("did", "has", "have", "had") for c in kids):
            past = True
    if words & _EXPECTED or any(
        c.lemma_.lower() in _EXPECTED for c in chain[-1].children if c.dep_ in ("acomp", "oprd", "attr", "xcomp")
    ):
        expected = future = True  # 'a crackdown appeared imminent', 'talks are likely'
    # 'air strikes have been reported', 'the attack was claimed': said, by someone unnamed
    reported = any(
        t.lemma_.lower() in _REPORTED and any(c.dep_ == "auxpass" for c in t.children)
        and chain[k - 1].dep_ == "nsubjpass" for k, t in enumerate(chain) if k > 0
    )  # fmt: skip
    future = future and not past
    start, end = tok.idx, tok.idx + len(tok.text)
    inside = [] if _epithet(tok) else [a for a in attributions if a.content.start <= start and end <= a.content.end]
    # 'the embassy has denied ..., the newspaper reported': the denial itself rests on the relaying outlet
    inside += [a for a in attributions if a.via and a.cue.start <= start and end <= a.cue.end]
    attribution = min(inside, key=lambda a: a.content.end - a.content.start).id if inside else None
    if denied:
        return "denied", attribution, future
    if hypothetical:
        return "hypothetical", attribution, future
    if expected:
        return "expected", attribution, future
    if attribution or reported:
        return "reported", attribution, future
    if planned:
        return "planned", None, future
    return "asserted", None, future
