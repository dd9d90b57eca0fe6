"""read -> parse -> entities -> attributions -> events -> record, over one article or a stream of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from khabar.attributions import extract_attributions
from khabar.entities import extract_entities
from khabar.events import extract_events
from khabar.parse import parse
from khabar.read import Article
from khabar.record import Doc, Record


def build_record(article: Article, parsed) -> Record:
    doc = Doc(
        id=article.id or "",
        text=article.text,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
        language=article.language or "en",
    )
    index = extract_entities(parsed)
    entities = index.entities
    attributions = extract_attributions(parsed, index)
    events = extract_events(parsed, index, attributions, published=article.published)
    return Record(doc=doc, entities=entities, attributions=attributions, events=events)


def extract_many(articles: Iterable[Article], batch_size: int = 16) -> Iterator[Record]:
    """Records for a stream of articles, parsed in batches by one spaCy pipeline."""
    pending: list[Article] = []

    def texts() -> Iterator[str]:
        for a in articles:
            pending.append(a)
            yield a.text

    for parsed in parse(texts(), batch_size=batch_size):
        yield build_record(pending.pop(0), parsed)


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
