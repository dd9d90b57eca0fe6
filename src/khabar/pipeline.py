"""read -> parse -> entities -> attributions -> events -> record, over one article or a stream of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from khabar.attributions import extract_attributions
from khabar.entities import extract_entities
from khabar.entities.stage import EntityIndex
from khabar.events import extract_events
from khabar.parse import parse
from khabar.parse.sections import SECTION_CHARS, join_records, sections
from khabar.read import Article
from khabar.record import Attribution, Doc, Entity, Event, Record


def _doc_of(article: Article) -> Doc:
    return Doc(
        id=article.id or "",
        text=article.text,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
        language=article.language or "en",
    )


def build_record(article: Article, parsed) -> Record:
    doc = _doc_of(article)
    index = extract_entities(parsed)
    attributions = extract_attributions(parsed, index)
    events = extract_events(parsed, index, attributions, published=article.published)
    return Record(doc=doc, entities=_taking_part(index, attributions, events), attributions=attributions, events=events)


def _taking_part(index: EntityIndex, attributions: list[Attribution], events: list[Event]) -> list[Entity]:
    """The entities, less the actors only described ('rebel fighters') that neither act, nor are acted
    upon, nor speak: a description in passing is no entity a reader looks for."""
    used = {v.source for v in events} | {v.target for v in events} | {v.location for v in events}
    used |= {a.source.entity for a in attributions} | {a.via for a in attributions}
    return [e for e in index.entities if e.id not in index.described or e.id in used]


def extract_many(articles: Iterable[Article], batch_size: int = 16) -> Iterator[Record]:
    """Records for a stream of articles, in order, parsed in batches by one spaCy pipeline; an article
    longer than a section is parsed section by section (``khabar.parse.sections``)."""
    batch: list[Article] = []
    for article in articles:
        if len(article.text) > SECTION_CHARS:
            yield from _extract_batch(batch, batch_size)
            batch = []
            yield _extract_long(article)
            continue
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _extract_batch(batch, batch_size)
            batch = []
    yield from _extract_batch(batch, batch_size)


def _extract_batch(batch: list[Article], batch_size: int) -> Iterator[Record]:
    for article, parsed in zip(batch, parse([a.text for a in batch], batch_size=batch_size), strict=True):
        yield build_record(article, parsed)


def _extract_long(article: Article) -> Record:
    parts = []
    for start, end in sections(article.text, SECTION_CHARS):
        piece = replace(article, text=article.text[start:end], record=None)
        parts.append((start, build_record(piece, next(parse([piece.text], batch_size=1)))))
    return join_records(Record(doc=_doc_of(article)), parts)


def extract(
    text: str,
    *,
    id: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Record:
    """Extract one article's record: ``khabar.extract(text, published="2020-06-09")``."""
    article = Article(text=text, id=id, published=published, outlet=outlet, title=title, url=url)
    return next(extract_many([article]))
