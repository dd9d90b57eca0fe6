from __future__ import annotations

from spacy.tokens import Doc

from khabar.entities import EntityIndex
from khabar.record import Attribution


def extract_attributions(doc: Doc, index: EntityIndex) -> list[Attribution]:
    return []
