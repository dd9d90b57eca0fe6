"""What a reader yields: an article to extract, or an error naming where the input went wrong."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

# C0 control characters (NUL included) and DEL, but not tab and the newlines: they carry no text, and
# PostgreSQL refuses NUL where SQLite keeps it, so they are removed on reading, wherever they occur
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
META_FIELDS = ("published", "outlet", "title", "url")


@dataclass
class Article:
    text: str
    id: str | None = None
    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    language: str = "en"
    origin: str = "<text>"
    record: dict[str, Any] | None = field(default=None, repr=False)  # an extraction made earlier, if read from one

    def __post_init__(self) -> None:
        self.text = normalise_newlines(strip_controls(self.text))
        for name in ("id", *META_FIELDS):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, strip_controls(value))
        if not self.id:
            self.id = text_id(self.text)

    def unicode_problem(self) -> str | None:
        """Why the article cannot be stored as Unicode text (a lone surrogate from JSON), or None."""
        for name in ("text", "id", *META_FIELDS):
            value = getattr(self, name)
            found = _SURROGATE.search(value) if isinstance(value, str) else None
            if found:
                where = f"character {found.start():,} of the text" if name == "text" else f"the field {name!r}"
                return f"not valid Unicode: a lone surrogate (U+{ord(found.group()):04X}) at {where}"
        return None


@dataclass
class InputError:
    """One input that could not be read; ``str()`` is the one-line message shown to the user."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def strip_controls(text: str) -> str:
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
