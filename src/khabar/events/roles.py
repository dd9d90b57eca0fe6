"""Who acts and who is acted upon, from the dependency parse around a trigger.

Verbs: the subject acts, the object (or the object of 'on', 'against', 'with' ...) is acted upon;
in the passive the 'by' phrase acts and the subject is acted upon; a verb without a subject of its
own borrows the one of the clause it completes ("wants to force America", "failed to hold").
Nouns: the possessor or a modifier acts ("Haftar's withdrawal", "American air strikes"), 'by' and
'from' phrases act, 'on', 'against', 'for', 'with' phrases are acted upon, 'of' goes either way by
type ("the fall of the base" vs "the support of France"); a noun without an actor borrows the
subject of the verb it is the object of ("launched an attack")."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from khabar.entities.places import country_code
from khabar.entities.referents import Referents

_TARGET_PREPS_VERB = {"on", "against", "with", "at", "into", "upon", "toward", "towards", "to", "over"}
_TARGET_PREPS_NOUN = {"on", "against", "with", "for", "to", "at", "upon", "toward", "towards", "over", "into"}
_OBJECT_PREPS = {"with", "on", "against", "of"}
# 'the X of Y': Y is acted upon for these types, and acts for the others
OF_IS_TARGET = {"ASSAULT", "COERCE", "ACCUSE", "SANCTION", "THREATEN", "CONCEDE", "OTHER"}
_SUBJECTS = {"nsubj", "csubj"}
_PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
_BORROW = {"xcomp", "advcl", "conj", "pcomp", "acl", "dobj"}
_AMOUNTS = {"series", "wave", "string", "spate", "barrage", "volley", "round", "number", "flurry", "salvo", "dozen",
            "dozens", "hundred", "hundreds", "score", "scores", "succession", "campaign"}  # fmt: skip
# verbs whose subject gets what their object names ('received support from X'), gives it to someone ('gave
# its support to X'), or, for support and aid, has it ('has low support among voters')
RECEIVING = {"receive", "get", "obtain", "gain", "enjoy", "win", "secure", "attract", "accept"}
_SUFFERING = {"suffer", "sustain", "endure", "incur"}  # 'suffered defeats at the hands of X': done to the subject
_GIVING = {"give", "provide", "offer", "extend", "deliver", "send", "pledge", "lend", "supply", "grant"}
_HAVING = {"have", "lose", "need", "lack", "consolidate", "keep", "retain", "want", "seek", "court", "rely"}
# verbs besides the lexicon's light verbs whose subject does what their object names ('resumed its attacks')
_CARRYING = {"be", "have", "give", "provide", "offer", "extend", "deliver", "send", "move", "dispatch", "rush", "bring",
             "resume", "intensify", "escalate",
             "renew", "expand", "declare", "order", "plan", "prepare", "threaten", "vow", "promise", "pledge", "seek",
             "propose", "request", "accept", "sign", "reach", "conclude", "broker", "mediate", "push"}  # fmt: skip


@dataclass
class Roles:
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    left: int = -1  # token range the roles span, for the evidence
    right: int = -1


def roles(
    tok: Token, etype: str, actors: Referents, agent: bool = False, patient: bool = False, particle: str | None = None
) -> Roles:
    """``agent``: the noun names who acts ('a supporter of X'); ``patient``: its possessor is acted
    upon ('his trial'); ``particle``: the preposition of a two-word verb trigger, whose object is
    acted upon ('stood alongside X')."""
    if tok.pos_ == "VERB":
        return _verb_roles(tok, etype, actors, particle)
    return _agent_noun_roles(tok, actors) if agent else _noun_roles(tok, etype, actors, patient)


def _agent_noun_roles(noun: Token, actors: Referents) -> Roles:
    """'Russia became a firm backer of Assad', 'Iran, a patron of the militias'."""
    r = Roles(left=noun.left_edge.i, right=noun.i)
    for child in noun.children:
        if child.i < noun.i and child.dep_ in ("poss", "compound"):
            _add(r, r.targets, child, actors)
        elif child.dep_ == "prep" and child.lower_ in ("of", "for", "to"):
            pobj = _child(child, {"pobj"})
            if pobj is not None:
                _add(r, r.targets, pobj, actors)
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "as":
        head = head.head
    elif noun.dep_ == "appos":
        _add(r, r.sources, head, actors)
        return r
    elif noun.dep_ != "attr":
        return r
    subj = _child(head, _SUBJECTS | _PASSIVE_SUBJECTS)
    if subj is not None:
        _add(r, r.sources, subj, actors)
    return r


def _verb_roles(verb: Token, etype: str, actors: Referents, particle: str | None = None) -> Roles:
    r = Roles(left=verb.i, right=verb.i)
    subj = _child(verb, _SUBJECTS)
    if subj is not None and subj.idx < actors.dateline_end:
        # the parser took the dateline for the subject and hung the real one on it ('ADEN (Reuters) - Fighters')
        after = [c for c in [*verb.children, *subj.children] if c.dep_ in _SUBJECTS | {"appos"}]
        subj = next((c for c in after if c.idx >= actors.dateline_end), None)
    passive_subj = _child(verb, _PASSIVE_SUBJECTS)
    causer = None
    if subj is not None and _causative(verb):
        # 'to have the strikers shot': the strikers are shot, by whoever has them shot
        subj, passive_subj = None, subj
        causer = _child(verb.head, _SUBJECTS) or _borrowed_subject(verb.head)
    agent = _agent(verb) or causer
    if agent is None and actors.all_of(verb.head):
        agent = _compound_agent(verb)  # only between two sides: 'Turkish-backed terrorism' is no one backed
    if agent is not None:
        _add(r, r.sources, agent, actors)
    if passive_subj is not None and not _a_text(passive_subj):
        _add(r, r.targets, passive_subj, actors)
    if subj is not None:
        _add(r, r.sources, subj, actors)
    if agent is not None and subj is None and passive_subj is None and verb.dep_ in ("acl", "amod") and (
        verb.tag_ == "VBN"
    ):
        _add(r, r.targets, verb.head, actors)  # 'the UAE, accused by the army of ...': the UAE is accused
    if not r.sources and subj is None and agent is None and passive_subj is None:
        if verb.dep_ == "relcl" and passive_subj is None:
            _add(r, r.sources, verb.head, actors)
        elif verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
            _add(r, r.targets, verb.head, actors)  # 'troops stationed in X', 'the jailed leaders of X'
        elif verb.dep_ == "acl" and verb.tag_ == "VBG":
            _add(r, r.sources, verb.head, actors)  # 'protesters calling for ...', 'troops fighting militants'
        else:
            borrowed = _borrowed_subject(verb)
            if borrowed is not None:
                _add(r, r.sources, borrowed, actors, widen=False)
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "attr") and child.i > verb.i:
            if not _a_text(child):  # 'signed the Riyadh agreement': the text is signed, Riyadh is no party
                _add(r, r.targets, child, actors)
            for prep in child.children:  # 'signed a truce with X', 'stepped up attacks on X'
                if prep.dep_ == "prep" and prep.lower_ in _OBJECT_PREPS:
                    pobj = _child(prep, {"pobj"})
                    if pobj is not None:
                        _add(r, r.targets, pobj, actors)
        elif child.lower_ == particle and child.dep_ in ("ccomp", "xcomp", "oprd", "acomp"):
            subj = _child(child, _SUBJECTS)  # 'holds Iran responsible', parsed as 'Iran (is) responsible'
            if subj is not None:
                _add(r, r.targets, subj, actors)
        elif child.dep_ == "prep" and child.lower_ == "between":
            pobj = _child(child, {"pobj"})  # 'the memorandum signed between X and Y'
            if pobj is not None:
                _between(r, pobj, actors)
        elif child.dep_ in ("prep", "prt") and (child.lower_ in _TARGET_PREPS_VERB or child.lower_ == particle):
            pobj = _child(child, {"pobj"})
            if pobj is not None:
                _add(r, r.targets, pobj, actors)
    if etype == "REQUEST" and not r.targets:
        # 'sought help from Egypt', 'requested weapons from Russia': whom it is asked of
        obj = _child(verb, {"dobj"})
        for prep in [*verb.children, *(obj.children if obj is not None else ())]:
            pobj = _child(prep, {"pobj"}) if prep.dep_ == "prep" and prep.lower_ == "from" else None
            if pobj is not None:
                _add(r, r.targets, pobj, actors)
    if etype == "REJECT" and not r.targets:
        # 'refused to join an effort led by America', 'declined to meet the envoy': who the refused act was for
        act = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and _child(c, {"aux"})), None)
        obj = _child(act, {"dobj"}) if act is not None else None
        if obj is not None:
            _add(r, r.targets, obj, actors)
    return r


def _compound_agent(verb: Token) -> Token | None:
    """'Iran-backed rebels', 'the Saudi-led coalition', 'a UN-brokered truce': the word joined to a
    participle by a hyphen does what it names."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("amod", "acl", "compound") or verb.i < 2:
        return None
    hyphen = verb.doc[verb.i - 1]
    if hyphen.text != "-" or hyphen.whitespace_ or verb.doc[verb.i - 2].whitespace_:
        return None
    return next((c for c in verb.children if c.dep_ in ("npadvmod", "nmod", "compound", "amod") and c.i == verb.i - 2),
                None)  # fmt: skip


def _with_amount(noun: Token) -> Token:
    """'a series of defeats' for the 'defeats' in it: the phrase a verb takes as its object."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in _AMOUNTS:
        return noun.head.head
    return noun


def _receiver(noun: Token, etype: str = "") -> Token | None:
    """'The militia receives support from the UAE', 'Trump has low support among black voters': who gets
    what the noun names (the 'from' or 'among' phrase says who gives it)."""
    whole = _with_amount(noun)
    verb = whole.head
    having = etype in ("SUPPORT", "AID") and verb.lemma_.lower() in _HAVING
    if whole.dep_ != "dobj" or not (verb.lemma_.lower() in RECEIVING | _SUFFERING or having):
        return None
    subj = _child(verb, _SUBJECTS)
    if subj is not None and subj.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
        subj = verb.head
    return subj


_TEXTS = {"agreement", "accord", "deal", "treaty", "pact", "ceasefire", "truce", "declaration", "memorandum",
          "protocol", "initiative", "resolution", "charter", "roadmap", "convention"}  # fmt: skip


def _a_text(tok: Token) -> bool:
    """A deal or declaration, signed, backed or rejected: its place or sponsor named on it is no party."""
    return tok.lemma_.lower() in _TEXTS and tok.pos_ == "NOUN"


def _causative(verb: Token) -> bool:
    """'have the protesters shot', 'got him arrested': a past participle completing have/get."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("ccomp", "xcomp", "oprd")
        and verb.head.lemma_.lower() in ("have", "get", "see", "want")
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def _noun_roles(noun: Token, etype: str, actors: Referents, patient: bool = False) -> Roles:
    r = Roles(left=noun.left_edge.i, right=noun.i)
    modifiers = [c for c in noun.children if c.i < noun.i and c.dep_ in ("poss", "compound", "amod", "nmod")]
    if patient and not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        # 'his trial', 'Suleimani's killing'; but 'Haftar's capture of the town' is Haftar's doing
        for c in modifiers:
            if c.dep_ == "poss":
                r.targets.extend(e for e in actors.all_of(c) if e not in r.targets)
        modifiers = [c for c in modifiers if c.dep_ != "poss"]
    found = [e for c in modifiers for e in actors.all_of(c)]
    if not found and noun.dep_ == "conj" and noun.head.pos_ == "NOUN":
        # 'Saudi intervention and air strikes': the modifiers of the first noun go for both
        shared = [c for c in noun.head.children if c.i < noun.head.i and c.dep_ in ("poss", "amod", "nmod")]
        found = [e for c in shared for e in actors.all_of(c)]
    if found:
        r.sources.append(found[0])
        r.targets.extend(e for e in found[1:] if e not in r.targets)
    if etype in ("SUPPORT", "AID") and any(c.dep_ == "prep" and c.lower_ in ("among", "from") for c in noun.children):
        # 'her support among millennials', 'his support from black voters': the owner is the one supported
        r.targets.extend(e for e in r.sources if e not in r.targets)
        r.sources.clear()
    children = list(noun.children)
    receiver = _receiver(noun, etype)
    if receiver is not None:  # 'receives support from X': X gives it, the subject gets it
        children += [c for c in _with_amount(noun).head.children if c.dep_ == "prep" and c.lower_ in ("from", "at")]
        _add(r, r.targets, receiver, actors)
    elif noun.dep_ == "dobj" and noun.head.lemma_.lower() in _GIVING and etype in ("SUPPORT", "AID"):
        for prep in noun.head.children:  # 'gave its support to X', 'offered aid to X': X gets it
            pobj = _child(prep, {"pobj"}) if prep.dep_ in ("prep", "dative") and prep.lower_ == "to" else None
            if pobj is not None:
                _add(r, r.targets, pobj, actors)
    if noun.dep_ == "nsubj" and noun.head.pos_ == "VERB":  # 'clashes broke out between X and Y'
        children += [c for c in noun.head.children if c.dep_ == "prep" and c.lower_ == "between"]
    for child in children:
        if child.dep_ == "prep":
            pobj = _child(child, {"pobj"})
            if pobj is None:
                continue
            p = child.lower_
            if p == "between":  # 'clashes between X and Y', 'talks between X and Y'
                _between(r, pobj, actors)
            elif p in ("by", "from") and not (p == "from" and (etype == "RETREAT" or _a_place(pobj, actors))):
                _add(r, r.sources, pobj, actors)
            elif p == "at" and pobj.lower_ == "hands":  # 'defeats at the hands of X'
                doer = next((_child(c, {"pobj"}) for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                if doer is not None:
                    _add(r, r.sources, doer, actors)
            elif p == "of":
                _add(r, r.targets if etype in OF_IS_TARGET else r.sources, pobj, actors)
            elif p in _TARGET_PREPS_NOUN:
                _add(r, r.targets, pobj, actors)
        elif child.dep_ == "acl":
            agent = _agent(child)
            if agent is not None:
                _add(r, r.sources, agent, actors)
    # 'American sanctions': America's
    if not r.sources and receiver is None and not any(actors.demonym(c) for c in modifiers):
        whole = noun
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in _AMOUNTS:
            whole = noun.head.head  # 'carried out a series of air raids': the series is carried out
        head = whole.head
        if whole.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX") and _carries(head):
            subj = _child(head, _SUBJECTS) or _borrowed_subject(head)
            if subj is not None:
                _add(r, r.sources, subj, actors, widen=False)
            if whole.dep_ == "dobj" and not r.targets:
                for prep in head.children:  # 'fired rockets at Israel', 'carried out raids on the camps'
                    pobj = _child(prep, {"pobj"}) if prep.dep_ == "prep" and prep.i > noun.i else None
                    if pobj is not None and prep.lower_ in _TARGET_PREPS_VERB - {"to", "with"}:
                        _add(r, r.targets, pobj, actors)
        elif noun.dep_ == "nsubjpass":
            agent = _agent(head)
            if agent is not None:
                _add(r, r.sources, agent, actors)
        elif noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" and head.lower_ in ("in", "of"):
            subj = _child(head.head, _SUBJECTS | _PASSIVE_SUBJECTS)  # 'were engaged in an assault'

            if subj is not None:
                _add(r, r.sources, subj, actors, widen=False)
    r.targets = [t for t in r.targets if t not in r.sources]
    r.right = max(r.right, noun.i)
    return r


def _between(r: Roles, pobj: Token, actors: Referents) -> None:
    """'between X and Y': X acts, Y is acted upon (the symmetric types pair them both ways later)."""
    sides = actors.all_of(pobj)
    if sides and not r.sources:
        r.sources.append(sides[0])
        r.targets.extend(e for e in sides[1:] if e not in r.targets)


def _carries(verb: Token) -> bool:
    """Does the verb's subject do what its object names? 'launched an attack', 'held talks', 'was
    the aggressor' yes; 'tolerate attacks', 'repelled the attack', 'feared a crackdown' no."""
    from khabar.events.lexicon import triggers

    return verb.pos_ == "AUX" or verb.lemma_.lower() in triggers().light_verbs | _CARRYING


def _a_place(tok: Token, actors: Referents) -> bool:
    """A city or region ('an offensive from Idlib' starts there), not a country or a group."""
    eid = actors.of(tok)
    ent = actors.index.get(eid)
    return ent is not None and ent.type in ("GPE", "LOC", "FAC") and country_code(ent.name) is None


def _add(r: Roles, into: list[str], tok: Token, actors: Referents, widen: bool = True) -> None:
    for eid in actors.all_of(tok):
        if eid not in into:
            into.append(eid)
            if widen:
                r.left = min(r.left, tok.left_edge.i) if r.left >= 0 else tok.left_edge.i
                r.right = max(r.right, min(tok.right_edge.i, tok.i + 12))


def _child(tok: Token, deps: set[str]) -> Token | None:
    """The child in one of these relations; of two subjects ('KHARTOUM — the army shelled ...', a
    dateline taken for one), the nearer."""
    found = [c for c in tok.children if c.dep_ in deps]
    if len(found) > 1:
        before = [c for c in found if c.i < tok.i]
        return before[-1] if before else found[0]
    return found[0] if found else None


def _agent(verb: Token) -> Token | None:
    agent = _child(verb, {"agent"})
    return _child(agent, {"pobj"}) if agent is not None else None


def _borrowed_subject(verb: Token) -> Token | None:
    """The subject of the clause a subjectless verb completes, a few levels up."""
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        # 'Sadr ordered his men to withdraw, blaming X': set off by a comma, the participle tells
        # more of what the clause's subject did, wherever the parser hung it
        head = verb.head
        while head.dep_ == "xcomp" and head.head.i != head.i:
            head = head.head
        subj = _child(head, _SUBJECTS)
        if subj is not None:
            return subj
    cur = verb
    for _ in range(4):
        if cur.dep_ not in _BORROW and not (cur.dep_ == "pobj" or cur.dep_ == "prep"):
            return None
        head = cur.head
        if head.i == cur.i:
            return None
        if cur.dep_ == "xcomp" and head.pos_ == "VERB" or cur.dep_ == "prep" and cur.lower_ == "of":
            obj = _child(head, {"dobj"})
            if obj is not None and obj.i < cur.i:  # 'asked Sarraj to withdraw', 'accused X of killing'
                return obj
        subj = _child(head, _SUBJECTS | (_PASSIVE_SUBJECTS if cur.dep_ == "xcomp" else set()))
        if subj is not None:  # 'the army is expected to attack': the army attacks
            return subj
        cur = head
    return None
