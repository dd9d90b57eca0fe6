"""Turn paths on disk into articles, one error per bad file or line, never a crash."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from khabar.read.article import Article, InputError, normalise_newlines
from khabar.read.html import read_html

SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
MAX_CHARS = 300_000  # a long feature is ~50k characters; more is almost always a wrong file
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
META_FIELDS = ("published", "outlet", "title", "url")


def read_paths(
    paths: Iterable[str | Path], defaults: dict[str, Any] | None = None, max_chars: int = MAX_CHARS
) -> Iterator[Article | InputError]:
    """Articles from files and folders; ``defaults`` fills metadata a file does not give."""
    defaults = {k: v for k, v in (defaults or {}).items() if v is not None}
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield InputError(str(path), "no such file or folder")
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                yield InputError(str(path), f"folder holds no {', '.join(SUFFIXES)} files")
            for f in files:
                yield from _read_file(f, defaults, max_chars)
        else:
            yield from _read_file(path, defaults, max_chars)


def _read_file(path: Path, defaults: dict[str, Any], max_chars: int) -> Iterator[Article | InputError]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, str(path), defaults, max_chars)


def read_bytes(
    data: bytes, origin: str, defaults: dict[str, Any] | None = None, max_chars: int = MAX_CHARS
) -> Iterator[Article | InputError]:
    """Articles from the bytes of one file (an upload, say) named ``origin``; its suffix says how to read it
    (.jsonl, .html/.htm, anything else as plain text)."""
    defaults = {k: v for k, v in (defaults or {}).items() if v is not None}
    path = Path(origin)
    problem = _binary_problem(data)
    if problem:
        yield InputError(origin, problem)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield InputError(origin, f"not UTF-8 text (bad byte at offset {exc.start}); convert it to UTF-8")
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(text, origin, defaults, max_chars)
        return
    if suffix in (".html", ".htm"):
        found = read_html(text, origin)
        if isinstance(found, InputError):
            yield found
            return
        article = found
        for key, value in defaults.items():
            if getattr(article, key, None) in (None, ""):
                setattr(article, key, value)
        article.id = article.id or path.stem
    else:
        article = Article(
            text=text, id=defaults.get("id") or path.stem, origin=origin, **{k: defaults.get(k) for k in META_FIELDS}
        )
    yield _checked(article, max_chars)


def _read_jsonl(text: str, origin: str, defaults: dict[str, Any], max_chars: int) -> Iterator[Article | InputError]:
    seen_any = False
    for lineno, line in enumerate(normalise_newlines(text).split("\n"), start=1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{origin}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield InputError(where, "expected a JSON object per line")
            continue
        record = None
        if str(obj.get("schema", "")).startswith("khabar.record/") and isinstance(obj.get("doc"), dict):
            record, obj = obj, obj["doc"]  # a record produced earlier: extract reads its article again
        if not isinstance(obj.get("text"), str):
            yield InputError(where, "missing the required string field 'text'")
            continue
        meta = {k: obj.get(k) if obj.get(k) is not None else defaults.get(k) for k in META_FIELDS}
        for k, v in meta.items():
            if v is not None and not isinstance(v, str):
                meta[k] = str(v)
        article = Article(
            text=obj["text"],
            id=str(obj["id"]) if obj.get("id") else None,
            language=str(obj.get("language") or "en"),
            origin=where,
            record=record,
            **meta,
        )
        yield _checked(article, max_chars)
    if not seen_any:
        yield InputError(origin, "empty file")


def _binary_problem(data: bytes) -> str | None:
    if not data.strip():
        return "empty file"
    if b"\x00" in data[:8192]:
        return "binary file, not text (found NUL bytes)"
    return None


def _checked(article: Article, max_chars: int) -> Article | InputError:
    if not article.text.strip():
        return InputError(article.origin, "empty article text")
    if len(article.text) > max_chars:
        return InputError(
            article.origin,
            f"article is {len(article.text):,} characters, over the limit of {max_chars:,} (raise it with --max-chars)",
        )
    if article.published:
        article.published = article.published[:10]
        if not _DATE.match(article.published):
            return InputError(article.origin, f"published date {article.published!r} is not YYYY-MM-DD")
    return article
