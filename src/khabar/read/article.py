"""What a reader yields: an article to extract, or an error naming where the input went wrong."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


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
        self.text = normalise_newlines(self.text)
        if not self.id:
            self.id = text_id(self.text)


@dataclass
class InputError:
    """One input that could not be read; ``str()`` is the one-line message shown to the user."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
