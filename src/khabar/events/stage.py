"""The event stage: PLOVER-coded who-did-what-to-whom, when, where and how sure.

For each trigger in the lexicon (a verb or a noun, see ``data/plover.json``) the stage finds the
acting and the acted-upon entities in the parse (one event per actor when actors are coordinated),
the epistemic status, the date expression governing it resolved against the publication date, and
the place it happened, geocoded offline.

``confidence`` estimates how likely the event is right: it starts at 0.45, gains 0.2 when an actor
is found and 0.15 when a target is, 0.1 when the trigger is a verb (roles read from a clause are
more reliable than from a noun phrase), and loses 0.15 for triggers the lexicon marks as weak
(common words that are often not events) and 0.1 for each further actor split off a coordination."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.attrs import ORTH, POS
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span, Token

from khabar.entities import EntityIndex
from khabar.entities.agents import discarded, is_political
from khabar.entities.kb import default_kb
from khabar.entities.lexicon import lexicon
from khabar.entities.places import country_code
from khabar.entities.referents import ACTOR_TYPES, PLACE_TYPES, Referents
from khabar.events.dates import dateline, is_date, resolve, shift
from khabar.events.lexicon import Trigger, TriggerLexicon, triggers
from khabar.events.roles import RECEIVING, Roles, roles
from khabar.events.status import governing_chain, status_of
from khabar.geo import gazetteer
from khabar.parse.nlp import sentences, text_of
from khabar.record import Attribution, Entity, Event, Geo
from khabar.record import Span as TextSpan

_LOCATIVE = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "from"}
_MAX_PER_TRIGGER = 4
_VICTIM_TYPES = {"ASSAULT", "COERCE", "ACCUSE", "SANCTION"}  # recorded even when only the target is named
_SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}
_PERIOD_STARTS = {"since", "until", "till", "from", "by"}
_SPEECH_TYPES = {"ACCUSE", "REJECT"}  # the only events a news outlet takes part in as an actor
_MAX_EVIDENCE_TOKENS = 30
_CONTRASTS = {"while", "whereas", "although", "though"}  # clauses telling something else beside
_POLITICAL_DENSITY = 3.0  # mentions of political actors per 1,000 characters of a political story
_TOO_SHORT_TO_JUDGE = 600  # characters: a sentence or two is taken at its word
_FORWARD = re.compile(r"\b(next|coming|tomorrow|upcoming|later this|from now|within)\b", re.I)
_LATER = {"then", "later", "afterwards", "afterward", "subsequently", "eventually", "soon", "as expected",
          "in response", "in retaliation", "in turn"}  # fmt: skip


def extract_events(
    doc: Doc, index: EntityIndex, attributions: list[Attribution], published: str | None = None
) -> list[Event]:
    actors = Referents.of_doc(doc, index)
    lexicon = triggers()
    countries = _article_countries(index)
    events: list[Event] = []
    nominal: set[str] = set()  # ids of events named by a noun ('the killing of ...')
    geos: dict[str | None, Geo | None] = {}  # per place, geocoded once per article
    text = text_of(doc)
    scene: tuple[int, Span] | None = None  # (paragraph start, the last date named in it)
    wire = dateline(text, published)  # a wire report's news day, and its dateline
    politics: dict[str | None, bool] = {None: False}

    def political(eid: str | None) -> bool:
        """Events need a political or armed actor on one side: 'a café refused' is no event."""
        if eid not in politics:
            politics[eid] = is_political(index.get(eid))
        return politics[eid]

    # a story of politics names its actors often; one that only mentions a government in passing (a
    # science or business piece, with places that are only where things are) yields only events
    # between two political actors
    mentions = sum(len(e.mentions) for e in index.entities if is_political(e, towns=False))
    political_story = (len(text) < _TOO_SHORT_TO_JUDGE or mentions >= _POLITICAL_DENSITY * len(text) / 1000) and (
        not discarded(text)  # a sports or show story by the Phoenix discards ('Champions League', 'goalkeeper')
    )

    # the only words that can head a trigger: verbs, nouns, and the word after a hyphen ('build-up')
    kinds = doc.to_array(POS).tolist()
    orths = doc.to_array(ORTH).tolist()
    hyphen = doc.vocab.strings.add("-")
    can_trigger = [k in (VERB, NOUN) or (i > 0 and orths[i - 1] == hyphen) for i, k in enumerate(kinds)]
    for sent in sentences(doc):
        dates = [e for e in sent.ents if e.label_ == "DATE" and is_date(e.text)]
        paragraph = text.rfind("\n\n", 0, sent.start_char)
        if scene is not None and scene[0] != paragraph:
            scene = None
        for tok in (doc[i] for i in range(sent.start, sent.end) if can_trigger[i]):
            trig = lexicon.match(tok)
            if trig is None or index.at(tok.idx, tok.idx + len(tok.text)):
                continue  # a word inside a name ('Popular Mobilisation Forces') is no event
            if _subsumed(tok, trig, lexicon):
                continue
            if trig.type == "SUPPORT" and tok.pos_ == "NOUN" and _material(tok):
                trig = replace(trig, type="AID", mode=None)  # 'military and financial support' is aid given
            elif trig.type == "ASSAULT" and tok.pos_ == "VERB" and _confiscates(tok):
                trig = replace(trig, type="COERCE", mode="seize")  # 'seized weapons': property taken, no assault
            elif trig.type == "SUPPORT" and tok.pos_ == "VERB" and _backs_a_deal(tok):
                trig = replace(trig, type="AGREE", mode=None)  # 'backed a ceasefire': agreeing to it
            lemma = tok.lemma_.lower()
            patient = tok.pos_ == "NOUN" and lemma in lexicon.patient_nouns
            particle = trig.phrase.split()[-1] if trig.pos == "verb" and " " in trig.phrase else None
            r = roles(tok, trig.type, actors, agent=lemma in lexicon.agent_nouns, patient=patient, particle=particle)
            if tok.pos_ == "VERB" and not r.sources:
                _actor_from_means(tok, trig, r, actors, lexicon)
            pairs = [(s, t) for s, t in _pairs(r, actors, trig, tok) if (political(s) and political(t)) or (
                political_story and (political(s) or political(t)))]  # fmt: skip
            if trig.type == "OTHER" and tok.pos_ == "NOUN" and not _held(tok, lexicon):
                continue  # 'most voters dread another election': nobody holds one
            if trig.type == "AGREE" and trig.weak and tok.pos_ == "NOUN" and _of_a_topic(tok):
                continue  # 'its understanding of technology', 'the promise of reform': no deal between anyone
            if trig.phrase in lexicon.objects and not any(
                c.dep_ in ("dobj", "pobj", "prep", "nsubjpass")
                and (c.lemma_.lower() in lexicon.objects[trig.phrase] or _someone(c, actors))
                for c in tok.subtree
                if c.i > tok.i or c.dep_ == "nsubjpass"
            ):
                continue  # 'won the first round' is an election's, 'won the Nobel Prize' is not; 'released the
                # detainees' or 'released Ahmed' frees someone, 'released her tax returns' does not
            if trig.converted and not all(s and t for s, t in pairs):
                continue  # a verb taken from the CAMEO dictionary counts only between two named sides
            if not pairs or (
                trig.weak
                and not all(s and t for s, t in pairs)
                # a meeting needs two sides, and so does a request: 'sought power' asks no one
                and not (trig.type not in ("CONSULT", "REQUEST") and _acts_on_something(tok, pairs))
                and not (patient and _patient_named(tok) and all(t for _, t in pairs))
            ):
                continue
            start, end = _evidence(doc, sent, tok, r)
            status, attribution, future = status_of(tok, attributions)
            date, date_text = _when(tok, sent, dates, published, future)
            if _after(date, published) and not future and not _FORWARD.search(date_text or ""):
                date, date_text = None, None  # a date after publication needs a clause or words looking ahead
            own = [d for d in dates if not _elsewhere(d, tok, sent.root)]  # dates of this clause, not another's
            if date is None and not own and scene is not None and _narrated(tok):
                # 'On January 5th fighters stormed the base. They killed three Americans.'
                date, date_text = resolve(scene[1].text, published), scene[1].text
                if date and _follows_on(sent):
                    date = date[:7]  # 'As expected, the troops emptied the squares': later that month, not that day
            if date is None and not own and wire is not None and status in ("asserted", "reported") and _news(tok):
                # 'CAIRO: ... Sisi urged international support': a wire report tells the news of its day
                date, date_text = wire[0], text[slice(*wire[1])]
            if (date is None and not own and published and paragraph < 0 and status in ("asserted", "reported")
                    and _present_perfect(tok)):  # fmt: skip
                # 'The US Embassy has denied a story ...' opening an article: this month's news
                date = published[:7]
            if status == "asserted" and _after(date, published):
                status = "planned"  # 'Israel is holding an election on March 2nd', told in February: scheduled
            where = _location(tok, actors)
            for n, (source, target) in enumerate(pairs):
                etype = "ACCUSE" if _verbal_attack(trig, tok, index.get(source), index.get(target)) else trig.type
                location = where or _target_place(actors, target, trig)
                if location not in geos:
                    geos[location] = _geo(index, location, countries)
                if tok.pos_ == "NOUN":
                    nominal.add(f"v{len(events) + 1}")
                events.append(
                    Event(
                        id=f"v{len(events) + 1}",
                        type=etype,
                        mode=trig.mode,
                        trigger=TextSpan.of(text, tok.idx, tok.idx + len(tok.text)),
                        evidence=TextSpan.of(text, start, end),
                        source=source,
                        target=target,
                        location=location,
                        geo=geos[location],
                        date=date,
                        date_text=date_text,
                        status=status,
                        attribution=attribution,
                        confidence=_confidence(trig, tok, source, target, n),
                    )
                )
        # 'since October' opens a period; 'Abiy, who won the prize in 2019,' dates only its relative clause
        settings = [d for d in dates if not _opens_period(d) and not _in_relative_clause(d)]
        if settings:
            scene = (paragraph, settings[-1])  # 'since October' opens a period; it dates nothing after it
    return _one_per_happening(events, nominal)


def _one_per_happening(events: list[Event], nominal: set[str]) -> list[Event]:
    """'Israel killed Haniyeh ... the killing of Mr Haniyeh ... his assassination': one event,
    told three times. A later event named by a noun, of the same type, status and target, whose actor is
    the same or unnamed, is the first one again; what it adds (an actor, a date, a place) goes to the
    first. A verb tells a happening of its own ('attacked Tripoli in April ... attacked it again')."""
    kept: list[Event] = []
    for v in events:
        same = None if v.id not in nominal else next(
            (k for k in kept if k.type == v.type and k.status == v.status and v.target and k.target == v.target
             and (not v.source or not k.source or k.source == v.source)),
            None,
        )  # fmt: skip
        if same is None:
            kept.append(v)
            continue
        same.source = same.source or v.source
        same.date, same.date_text = (same.date, same.date_text) if same.date else (v.date, v.date_text)
        if same.location is None and v.location is not None:
            same.location, same.geo = v.location, v.geo
    for i, v in enumerate(kept, start=1):
        v.id = f"v{i}"
    return kept


def _after(date: str | None, published: str | None) -> bool:
    """Is the date later than publication, at the date's precision?"""
    return bool(date and published and date > published[: len(date)])


def _in_relative_clause(date: Span) -> bool:
    return any(t.dep_ in ("relcl", "acl") for t in date.root.ancestors)


def _follows_on(sent: Span) -> bool:
    """Does the sentence open by telling what came after the scene ('Then', 'Later', 'As expected',
    'In response')? It happened after the day named, so only the month is known."""
    words = [t.lower_ for t in sent[:3] if not t.is_punct]
    return bool(words) and (words[0] in _LATER or " ".join(words[:2]) in _LATER)


def _opens_period(date: Span) -> bool:
    """'since October', 'since the strikes started in October': the start of a period, not the time of what
    the next sentences tell."""
    doc = date.doc
    if date.start > 0 and doc[date.start - 1].lower_ in _PERIOD_STARTS:
        return True
    for t in [date.root, *date.root.ancestors]:
        if t.dep_ == "ROOT":
            break
        if any(c.dep_ in ("mark", "prep") and c.lower_ in _PERIOD_STARTS for c in t.children):
            return True
    return False


def _actor_from_means(tok: Token, trig: Trigger, r: Roles, actors: Referents, lexicon: TriggerLexicon) -> None:
    """'X was killed in an American drone strike on Y': the strike's actor did the killing, and its
    target was hit too."""
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "by"):
            continue
        noun = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
        means = lexicon.match(noun) if noun is not None else None
        if means is None or means.type != trig.type:
            continue
        found = roles(noun, means.type, actors)
        sources = [s for s in found.sources if s not in r.targets]  # not the one killed, borrowed back
        if sources:
            r.sources.extend(sources)
            if not r.targets:  # 'was killed in a strike on Y' is one happening, told of its victim
                r.targets.extend(t for t in found.targets if t not in r.sources)
            r.right = max(r.right, found.right)
            return


def _held(noun: Token, lexicon: TriggerLexicon) -> bool:
    """'the army oversaw an election', 'Israel's election', 'elections were held': someone holds it."""
    if any(c.dep_ == "poss" for c in noun.children):
        return True
    return noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in lexicon.light_verbs


def _patient_named(noun: Token) -> bool:
    """'his trial', 'the fall of the base': a possessor or an 'of' phrase names who it happens to."""
    return any(c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)


def _acts_on_something(tok: Token, pairs: list[tuple[str | None, str | None]]) -> bool:
    """A weak verb ('send', 'launch', 'clear') still counts with a known actor doing it to a named
    object ('Japan will send a destroyer', 'the police emptied the square'), or with someone unnamed
    doing it to a known one ('opposition factions captured Saraqeb')."""
    if tok.pos_ != "VERB":
        return False
    if all(t for _, t in pairs) and any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in tok.children):
        return True
    if not all(s for s, _ in pairs):
        return False
    return any(c.dep_ in ("dobj", "obj") and c.pos_ in ("NOUN", "PROPN") for c in tok.children)


def _narrated(tok: Token) -> bool:
    """Is the trigger's clause told in the simple past, like the sentence before it?"""
    # the first finite verb above it: 'ordered them to withdraw, blaming ...', 'were engaged in an assault'
    for t in [tok, *tok.ancestors]:
        finite = [t] + [c for c in t.children if c.dep_ in ("aux", "auxpass")] if t.pos_ in ("VERB", "AUX") else [t]
        if any(x.lower_ == "had" and x.dep_ == "aux" for x in finite):
            return False  # the past perfect looks further back than the scene it is told in
        tags = [x.tag_ for x in finite if x.tag_ in ("VBD", "VBZ", "VBP", "MD")]
        if tags:
            return tags[0] == "VBD"
    return False


def _news(tok: Token) -> bool:
    """Is the trigger's clause told as the news: in the simple past or the present perfect ('urged',
    'has backed'), not looking further back ('had captured', unless in reported speech) nor ahead?"""
    for t in [tok, *tok.ancestors]:
        if t.pos_ not in ("VERB", "AUX"):
            continue
        aux = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
        if any(x.tag_ == "MD" for x in aux):
            return False
        if any(x.lower_ == "had" for x in aux):
            # 'he claimed that the Afghans had captured a tank': reported speech shifts the past back
            return t.dep_ == "ccomp" and t.head.tag_ == "VBD"
        if any(x.lower_ in ("has", "have") for x in aux):
            return True
        tags = [x.tag_ for x in [t, *aux] if x.tag_ in ("VBD", "VBZ", "VBP")]
        if tags:
            return tags[0] == "VBD"
    return False


def _present_perfect(tok: Token) -> bool:
    """Is the trigger's clause in the present perfect ('has denied', 'have agreed')?"""
    for t in [tok, *tok.ancestors]:
        if t.pos_ in ("VERB", "AUX"):
            aux = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
            return any(x.lower_ in ("has", "have") for x in aux) and not any(x.tag_ == "MD" for x in aux)
    return False


def _describes_someone(noun: Token) -> bool:
    """An agent noun in an apposition or a relative clause describing a person: 'X, a supporter of Y',
    'X, who had long been an ally of Y'."""
    if noun.dep_ == "appos":
        return True
    return noun.dep_ == "attr" and noun.head.dep_ in ("relcl", "appos")


_MATERIAL = {"military", "financial", "economic", "material", "logistical", "logistic", "humanitarian", "arms",
             "weapons", "medical", "food", "air", "technical"}  # fmt: skip


_DEALS = {"ceasefire", "truce", "deal", "agreement", "accord", "plan", "proposal", "initiative", "resolution",
          "roadmap", "settlement", "treaty", "compromise", "declaration", "armistice", "pact"}  # fmt: skip


def _backs_a_deal(verb: Token) -> bool:
    """'Haftar backed a ceasefire', 'the council endorsed the plan': supporting a proposal is agreeing to it
    (PLOVER AGREE); supporting someone stays SUPPORT."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        obj = subj if subj is not None and any(c.dep_ == "agent" for c in verb.children) else None
    return obj is not None and obj.lemma_.lower() in _DEALS


def _of_a_topic(noun: Token) -> bool:
    preps = {c.lower_ for c in noun.children if c.dep_ == "prep"}
    return "of" in preps and not preps & {"with", "between", "among", "on"}


def _someone(tok: Token, actors: Referents) -> bool:
    """Does the word name a person (or people): 'released Ahmed Mansour', 'freed the journalists'?"""
    ent = actors.index.get(actors.index.at(tok.idx, tok.idx + len(tok.text)))  # the word itself, not its owner
    return ent is not None and ent.type in ("PERSON", "NORP")


_TAKING = {"seize", "capture", "confiscate"}
# what is confiscated, not fought for: CAMEO's 'confiscate property', coded COERCE in PLOVER
_PROPERTY = {"weapon", "arm", "ammunition", "munition", "asset", "property", "fund", "money", "cash", "good", "cargo",
             "shipment", "document", "passport", "equipment", "drug", "tanker", "ship", "vessel", "boat", "aircraft",
             "computer", "phone", "laptop", "camera", "explosive", "rifle", "gun", "contraband"}  # fmt: skip
_HOLDINGS = {"cache", "stockpile", "haul", "consignment", "quantity", "number"}  # 'a cache of arms'


def _confiscates(verb: Token) -> bool:
    """'seized US-made weapons', 'captured a cache of arms', 'seized Iraq's foreign assets'."""
    if verb.lemma_.lower() not in _TAKING:
        return False
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is not None and obj.lemma_.lower() in _HOLDINGS:
        held = [g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                if g.dep_ == "pobj"]  # fmt: skip
        obj = held[0] if held else obj
    return obj is not None and obj.lemma_.lower() in _PROPERTY


def _material(noun: Token) -> bool:
    """'military, financial and media support': a modifier saying the support is material."""
    mods = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i]
    mods += [c for m in mods for c in m.conjuncts]
    return any(m.lemma_.lower() in _MATERIAL for m in mods)


_WORDS_OR_BLOWS = {"attack", "assail", "hit", "blast", "slam", "strike", "target", "lash", "savage", "rip"}


def _verbal_attack(trig: Trigger, tok: Token, source: Entity | None, target: Entity | None) -> bool:
    """'Trump attacked Clinton', 'his attacks on the moderators': a civilian person attacking a person, a
    people or no one named attacks with words (PLOVER ACCUSE); a commander attacking a town does not."""
    if trig.type != "ASSAULT" or tok.lemma_.lower() not in _WORDS_OR_BLOWS:
        return False
    if source is None or source.type != "PERSON" or (target is not None and target.type not in ("PERSON", "NORP")):
        return False
    actor = default_kb().actors.get(source.kb_id) if source.kb_id else None
    if actor is not None and actor.commands:
        return False  # who commands an armed group attacks with it
    military = lexicon().military_titles
    roles = [*source.roles, *(actor.roles if actor else ())]
    return not any(w in military for role in roles for w in role.lower().split())


def _subsumed(tok: Token, trig: Trigger, lexicon: TriggerLexicon) -> bool:
    """Is this trigger part of a larger event rather than one of its own?

    'seeking to develop' (intent), 'launched an attack' (the attack is the event), 'demanded
    support' / 'ask Sarraj to withdraw' (the request is the event), and a trigger governed closely
    by another of the same type."""
    lemma = tok.lemma_.lower()
    if lemma in lexicon.agent_nouns and _describes_someone(tok):
        return True  # 'Saleh, who was a supporter of Haftar': who someone is, not something done
    if tok.pos_ == "VERB":
        if lemma in lexicon.before_infinitive and any(
            c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in tok.children
        ):
            return True
        if (lemma in lexicon.light_verbs or lemma in RECEIVING) and any(
            c.dep_ == "dobj" and c.pos_ == "NOUN" and lexicon.match(c) for c in tok.children
        ):
            return True
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if head.i == tok.i or head.pos_ != "VERB" or head.lemma_.lower() in lexicon.light_verbs:
        return False
    if tok.dep_ == "dobj" and head.lemma_.lower() in RECEIVING:
        return False  # 'received support from X': the support is the event, not a visit received
    if tok.dep_ == "conj" and tok.pos_ == "VERB":
        return False  # 'visited Tripoli and met the chief of staff': two things done
    governing = lexicon.match(head)
    if governing is None:
        return False
    if governing.type == trig.type:
        return True
    if governing.type == "OTHER":
        return False  # 'won the war': the war is an event of its own
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
        return True  # 'lifted the blockade' is a concession, 'sought support' a request
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj":
        own = any(c.dep_ in ("poss", "compound", "amod") and c.i < tok.i for c in tok.children if c.pos_ != "ADJ")
        return not own
    return tok.dep_ == "xcomp" and governing.type == "REQUEST"


def _pairs(r: Roles, actors: Referents, trig: Trigger, tok: Token | None = None) -> list[tuple[str | None, str | None]]:
    sources = [
        s
        for s in r.sources
        if actors.type_of(s) in ACTOR_TYPES and (trig.type in _SPEECH_TYPES or not actors.index.is_outlet(s))
    ] or [None]
    if sources == [None] and trig.type not in _VICTIM_TYPES:
        return []  # a meeting or a request with nobody doing it is no event worth recording
    targets = [t for t in r.targets if t not in sources] or [None]  # 'Russia withdrew its troops'
    if (trig.type in _SYMMETRIC or (tok is not None and _reciprocal(tok))) and targets == [None] and len(sources) > 1:
        # 'Hamas and Fatah signed an agreement': each with the other
        return [(s, t) for s in sources for t in sources if s != t][:_MAX_PER_TRIGGER]
    out: list[tuple[str | None, str | None]] = []
    for s in sources:
        for t in targets:
            if s or t:
                out.append((s, t))
    return out[:_MAX_PER_TRIGGER]


def _reciprocal(tok: Token) -> bool:
    """'Hamas and Fatah accused each other', 'blamed one another': each side does it to the other."""
    for c in tok.children:
        if c.dep_ not in ("dobj", "prep", "dative"):
            continue
        words = [t.lower_ for t in c.subtree]
        if (words[1:3] if c.dep_ == "prep" else words[:2]) in (["each", "other"], ["one", "another"]):
            return True  # 'blamed each other', 'fought with one another'
    return False


def _evidence(doc: Doc, sent: Span, tok: Token, r: Roles) -> tuple[int, int]:
    left = max(sent.start, min(r.left if r.left >= 0 else tok.i, tok.i))
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        # 'Hezbollah fired rockets at Israel': the clause that tells it, not the noun alone
        subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        start = subj.left_edge.i if subj is not None and tok.i - subj.left_edge.i <= 12 else tok.head.i
        left = max(sent.start, min(left, start))
    right = min(sent.end - 1, max(r.right, tok.i))
    if tok.pos_ == "NOUN":
        right = max(right, min(tok.right_edge.i, tok.i + 10, sent.end - 1))
    left = max(left, tok.i - _MAX_EVIDENCE_TOKENS // 2)
    right = min(right, tok.i + _MAX_EVIDENCE_TOKENS // 2)
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _when(
    tok: Token, sent: Span, dates: list[Span], published: str | None, future: bool
) -> tuple[str | None, str | None]:
    """(ISO date, the expression it comes from) for the event triggered by ``tok``.

    'two years after starting his offensive, he spoke ... last Friday' dates the offensive two years
    before last Friday; so does 'clashes erupted on Tuesday, a day after the army retook X' the retaking."""
    for level in [tok, *tok.ancestors]:
        if level.dep_ == "prep" and level.lower_ in ("after", "before"):
            marker = level
        elif level.pos_ in ("VERB", "AUX"):
            marker = next((c for c in level.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
            if marker is None:
                continue
        else:
            continue
        duration = next(
            (e for e in sent.ents if e.label_ == "DATE" and e.end <= marker.i and e.end >= marker.i - 1
             and not is_date(e.text)),
            None,
        )  # fmt: skip
        if duration is None:
            break
        outside = [d for d in dates if not (level.left_edge.i <= d.start <= level.right_edge.i)]
        anchor_span = _date_for(level.head, outside)
        anchor = resolve(anchor_span.text, published) if anchor_span is not None else published
        sign = -1 if marker.lower_ == "after" else 1
        shifted = shift(anchor, duration.text, sign) if anchor else None
        if shifted:
            return shifted, f"{duration.text} {marker.text}"
        break
    span = _date_for(tok, dates) or _fronted(sent, dates)
    if span is None:
        return None, None
    date = resolve(span.text, published, future)
    return (date, span.text) if date else (None, None)


def _fronted(sent: Span, dates: list[Span]) -> Span | None:
    """'On March 3rd the minister ordered ..., blaming ...': a date opening the sentence dates all of it,
    also where the parse did not hang it on the clause."""
    return next((d for d in dates if d.start - sent.start <= 3), None)


def _date_for(tok: Token, dates: list[Span]) -> Span | None:
    """The date expression closest in the parse: inside the trigger's phrase, else inside the
    smallest clause above it that has one."""
    if not dates:
        return None
    for level in [tok, *tok.ancestors]:
        inside = [
            d
            for d in dates
            if level.left_edge.i <= d.start and d.end - 1 <= level.right_edge.i and not _elsewhere(d, tok, level)
        ]
        if inside:
            return min(inside, key=lambda d: min(abs(d.start - tok.i), abs(d.end - 1 - tok.i)))
    return None


def _elsewhere(date: Span, tok: Token, level: Token) -> bool:
    """Does the date belong to a relative clause the trigger is not in ('talks to revive the process that
    stalled last December': December dates the stalling)?"""
    for t in [date.root, *date.root.ancestors]:
        if t.i == level.i:
            return False
        if t.dep_ in ("relcl", "acl") and not (t.left_edge.i <= tok.i <= t.right_edge.i):
            return True
        if (
            t.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ in _CONTRASTS for c in t.children)
            and not (t.left_edge.i <= tok.i <= t.right_edge.i)
        ):
            return True  # '..., while the US imposed sanctions last week': last week is the sanctions'
        if t.dep_ in ("advcl", "acl", "prep") and t.lemma_.lower() in _ONSETS and t.i != tok.i and t.i > tok.i:
            return True  # 'backed a ceasefire starting Monday': Monday is when the ceasefire begins
    return False


_ONSETS = {"start", "starting", "begin", "beginning", "commence", "effective", "end", "ending", "expire", "until"}


def _location(tok: Token, actors: Referents) -> str | None:
    """The place named by a locative phrase on the trigger or on the verb governing it."""
    heads = [tok]
    verb = next((t for t in governing_chain(tok)[1:] if t.pos_ == "VERB"), None)
    if verb is not None:
        heads.append(verb)
    if tok.pos_ == "VERB":  # 'shelled a camp near El Fasher'
        heads.extend(c for c in tok.children if c.dep_ == "dobj")
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in _LOCATIVE:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                eid = actors.of(pobj)
                if eid and actors.type_of(eid) in PLACE_TYPES:
                    return eid
    return None


def _target_place(actors: Referents, target: str | None, trig: Trigger) -> str | None:
    """An attack on a city, a crackdown in a region: the place acted upon is where it happens."""
    if trig.type not in ("ASSAULT", "COERCE", "MOBILIZE", "PROTEST") or target is None:
        return None
    kind = actors.type_of(target)
    if kind in ("LOC", "FAC") or kind == "GPE" and _is_city(actors, target):
        return target
    return None


def _is_city(actors: Referents, eid: str) -> bool:
    ent = actors.index.get(eid)
    return ent is not None and country_code(ent.name) is None


def _geo(index: EntityIndex, location: str | None, countries: dict[str, tuple[str, int]]) -> Geo | None:
    ent = index.get(location)
    if ent is None:
        return None
    # the other places and actors of the article say which Tripoli is meant
    counts: dict[str, int] = {}
    for eid, (code, n) in countries.items():
        if eid != location:
            counts[code] = counts.get(code, 0) + n
    place = gazetteer().lookup(ent.name, sorted(counts, key=lambda c: -counts[c]))
    if place is None:
        return None
    name = ent.name if country_code(ent.name) else place.name
    return Geo(name, place.country, place.lat, place.lon)


def _article_countries(index: EntityIndex) -> dict[str, tuple[str, int]]:
    """Per entity, the country it ties the article to and how often it is mentioned: countries
    and their people by name, cities by the gazetteer, known actors by the knowledge base."""
    kb = default_kb()
    out: dict[str, tuple[str, int]] = {}
    for e in index.entities:
        code = None
        if e.type in ("GPE", "NORP"):
            code = country_code(e.name)
        if code is None and e.kb_id and e.kb_id in kb.actors:
            code = kb.actors[e.kb_id].country
        if code is None and e.type in PLACE_TYPES:
            place = gazetteer().lookup(e.name)
            code = place.country if place is not None else None
        if code:
            out[e.id] = (code, len(e.mentions))
    return out


def _confidence(trig: Trigger, tok: Token, source: str | None, target: str | None, n: int) -> float:
    score = 0.45 + (0.2 if source else 0.0) + (0.15 if target else 0.0) + (0.1 if tok.pos_ == "VERB" else 0.0)
    score -= (0.15 if trig.weak else 0.0) + 0.1 * min(n, 3)
    return round(min(0.95, max(0.05, score)), 2)
