from __future__ import annotations

from spacy.tokens import Doc

from khabar.entities import EntityIndex
from khabar.record import Attribution, Event


def extract_events(
    doc: Doc, index: EntityIndex, attributions: list[Attribution], published: str | None = None
) -> list[Event]:
    return []
