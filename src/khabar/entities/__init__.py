"""Entities: find named mentions, resolve them within the article, type them by vote.

The stage (which needs spaCy) is imported on first use, so that the name keys and the knowledge
base serve the store and the CLI without loading the parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from khabar.entities.stage import EntityIndex, extract_entities

__all__ = ["EntityIndex", "extract_entities"]


def __getattr__(name: str):
    if name in __all__:
        from khabar.entities import stage

        return getattr(stage, name)
    raise AttributeError(f"module 'khabar.entities' has no attribute {name!r}")
