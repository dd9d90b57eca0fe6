"""Turn paths on disk into articles, one error per bad file or line, never a crash."""

from __future__ import annotations

import codecs
import errno
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from khabar.read.article import META_FIELDS, Article, InputError, normalise_newlines, strip_controls
from khabar.read.html import read_html

SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
MAX_CHARS = 300_000  # a long feature is ~50k characters; more is almost always a wrong file
MAX_HTML_BYTES = 5_000_000  # a saved page larger than this is not one article; parsing it costs seconds and GBs
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# longest first: UTF-32's little-endian mark starts with UTF-16's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)


def read_paths(
    paths: Iterable[str | Path], defaults: dict[str, Any] | None = None, max_chars: int = MAX_CHARS
) -> Iterator[Article | InputError]:
    """Articles from files and folders; ``defaults`` fills metadata a file does not give."""
    defaults = {k: v for k, v in (defaults or {}).items() if v is not None}
    for raw in paths:
        path = Path(raw)
        problem = _stat_problem(path)
        if problem:
            yield InputError(str(path), problem)
        elif path.is_dir():
            found = False
            for f in _walk(path):
                found = True
                if isinstance(f, InputError):
                    yield f
                else:
                    yield from _read_file(f, defaults, max_chars)
            if not found:
                yield InputError(str(path), f"folder holds no {', '.join(SUFFIXES)} files")
        else:
            yield from _read_file(path, defaults, max_chars)


def _stat_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read at all, or None."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link points back to itself"
        if path.is_symlink():
            return "broken symbolic link: what it points to does not exist"
        if exc.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot read: {exc.strerror or exc}"
    return None


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """The article files under ``folder`` in name order, following links to folders once; a link loop or a
    broken link to an article file is an error naming it, never skipped in silence."""
    seen: set[tuple[int, int]] = set()

    def visit(d: Path) -> Iterator[Path | InputError]:
        st = d.stat()
        if (st.st_dev, st.st_ino) in seen:
            yield InputError(str(d), "symbolic link loop: this folder is already being read")
            return
        seen.add((st.st_dev, st.st_ino))
        try:
            children = sorted(d.iterdir())
        except OSError as exc:
            yield InputError(str(d), f"cannot read the folder: {exc.strerror or exc}")
            return
        for child in children:
            problem = _stat_problem(child)
            if problem:
                if child.is_symlink() and ("loop" in problem or child.suffix.lower() in SUFFIXES):
                    yield InputError(str(child), problem)
                continue
            if child.is_dir():
                yield from visit(child)
            elif child.is_file() and child.suffix.lower() in SUFFIXES:
                yield child

    yield from visit(folder)


def _read_file(path: Path, defaults: dict[str, Any], max_chars: int) -> Iterator[Article | InputError]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, str(path), defaults, max_chars)


def read_bytes(
    data: bytes,
    origin: str,
    defaults: dict[str, Any] | None = None,
    max_chars: int = MAX_CHARS,
    max_html_bytes: int | None = None,
) -> Iterator[Article | InputError]:
    """Articles from the bytes of one file (an upload, say) named ``origin``; its suffix says how to read it
    (.jsonl, .html/.htm, anything else as plain text). Text is UTF-8, or UTF-16/32 with a byte-order mark."""
    defaults = {k: v for k, v in (defaults or {}).items() if v is not None}
    path = Path(origin)
    suffix = path.suffix.lower()
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    problem = _binary_problem(data, encoding)
    if problem:
        yield InputError(origin, problem)
        return
    max_html_bytes = max_html_bytes or max(MAX_HTML_BYTES, 16 * max_chars)  # markup around the text
    if suffix in (".html", ".htm") and len(data) > max_html_bytes:
        yield InputError(origin, f"HTML page of {len(data):,} bytes, over the limit of {max_html_bytes:,} bytes")
        return
    if suffix not in (".jsonl", ".html", ".htm") and len(data) > 4 * max_chars + 4:  # UTF-8: at most 4 bytes a char
        yield InputError(origin, _too_long(f"over {len(data) // 4:,}", max_chars))
        return
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = encoding.removesuffix("-sig").upper()
        yield InputError(origin, f"not {name} text (bad byte at offset {exc.start}); convert it to UTF-8")
        return
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
            if isinstance(obj.get("text"), str) and strip_controls(obj["text"]) != obj["text"]:
                record = None  # its offsets count characters that reading removes: extract it anew
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


def _binary_problem(data: bytes, encoding: str) -> str | None:
    if not data.strip():
        return "empty file"
    if encoding in ("utf-8", "utf-8-sig") and b"\x00" in data[:8192]:  # UTF-16/32 text is full of NULs
        return "binary file, not text (found NUL bytes; UTF-16 or UTF-32 text needs a byte-order mark)"
    return None


def _too_long(size: str, max_chars: int) -> str:
    return f"article is {size} characters, over the limit of {max_chars:,} (raise it with --max-chars)"


def _checked(article: Article, max_chars: int) -> Article | InputError:
    if not article.text.strip():
        return InputError(article.origin, "empty article text")
    if len(article.text) > max_chars:
        return InputError(article.origin, _too_long(f"{len(article.text):,}", max_chars))
    problem = article.unicode_problem()
    if problem:
        return InputError(article.origin, problem)
    if article.published:
        article.published = article.published[:10]
        problem = date_problem(article.published)
        if problem:
            return InputError(article.origin, problem)
    return article


def date_problem(value: str) -> str | None:
    """Why ``value`` is no publication date (YYYY-MM-DD, a real day), or None."""
    if not _DATE.match(value):
        return f"published date {value!r} is not YYYY-MM-DD"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"published date {value!r} is not a real day"
    return None
