"""Countries that act through an adjective: 'Israeli strikes', 'Russian aircraft bombed ...', 'a Saudi
official'. The adjective is a mention of the country, which becomes an entity of the article even
where the article never names it, so that events and claims can point to it."""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.tokens import Doc

from khabar.entities.lexicon import lexicon
from khabar.entities.mentions import Mention
from khabar.entities.names import fold, name_tokens
from khabar.entities.places import country_code, country_name
from khabar.entities.resolve import Cluster
from khabar.parse.nlp import text_of, tokens_with


def country_adjectives(doc: Doc, clusters: list[Cluster]) -> None:
    lex = lexicon()
    text = text_of(doc)
    taken = [(m.start, m.end) for c in clusters if not c.collective for m in c.mentions if not m.description]
    countries = _one_per_country(clusters)
    for tok in tokens_with(doc, LOWER, lex.demonym_adj):  # 'Libyan', 'American': the country's adjectives only
        modifier = tok
        while modifier.dep_ == "conj" and modifier.head.i != modifier.i:
            modifier = modifier.head  # 'American and British warplanes'
        noun = modifier.head
        if modifier.dep_ not in ("amod", "compound", "nmod") or noun.pos_ != "NOUN":
            continue
        while noun.dep_ in ("compound", "amod", "nmod") and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
            noun = noun.head  # 'a Libyan military official': an official
        code = lex.demonym_adj.get(fold(tok.text))
        words = {noun.lower_, noun.lemma_.lower()}
        acting = bool(words & lex.acting_nouns)
        if code is None or not acting and not words & lex.representing_nouns:
            continue
        start, end = tok.idx, tok.idx + len(tok.text)
        if any(a < end and start < b for a, b in taken):
            continue  # inside a name ('the Libyan National Army')
        cluster = countries.get(code)
        if cluster is None and not acting:
            continue  # 'a Saudi official' in an article that never names Saudi Arabia
        if cluster is None:
            name = country_name(code)
            if not name:
                continue
            cluster = countries[code] = Cluster(forced_type="GPE")
            clusters.append(cluster)
            cluster.mentions.append(
                Mention(start, end, text[start:end], "GPE", name, name_tokens(name), tok.i, country=code)
            )
        else:
            cluster.mentions.append(
                Mention(start, end, text[start:end], "GPE", "", [], tok.i, country=code, description=True)
            )
        taken.append((start, end))


def _one_per_country(clusters: list[Cluster]) -> dict[str, Cluster]:
    """The article's entity for each country, merging any two that name the same country ('America'
    and, apart, 'Americans')."""
    countries: dict[str, Cluster] = {}
    for c in list(clusters):
        if c.type not in ("GPE", "NORP") or c.collective or not c.names:
            continue
        code = c.country or country_code(c.rep.name)
        if not code:
            continue
        kept = countries.get(code)
        if kept is None:
            countries[code] = c
        elif c.type == "GPE" and kept.type == "GPE" and not (c.kb and kept.kb and c.kb.id != kept.kb.id):
            kept.mentions.extend(c.mentions)
            clusters.remove(c)
        elif c.type == "GPE":
            countries[code] = c  # the country itself before a people named apart ('Kurds')
    return countries
