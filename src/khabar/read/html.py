"""Main text and metadata of a saved web page, through trafilatura."""

from __future__ import annotations

from khabar.read.article import Article, InputError


def read_html(html: str, origin: str) -> Article | InputError:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        return InputError(origin, "no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    date = getattr(meta, "date", None) if meta else None
    return Article(
        text=_paragraphs(text),
        title=getattr(meta, "title", None) if meta else None,
        outlet=(getattr(meta, "sitename", None) if meta else None) or None,
        url=getattr(meta, "url", None) if meta else None,
        published=str(date)[:10] if date else None,
        origin=origin,
    )


def _paragraphs(text: str) -> str:
    """trafilatura puts one paragraph per line; articles here separate paragraphs by a blank line."""
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n\n".join(ln for ln in lines if ln)
