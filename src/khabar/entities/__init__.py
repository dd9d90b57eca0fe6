"""Entities: find named mentions, resolve them within the article, type them by vote."""

from khabar.entities.stage import EntityIndex, extract_entities

__all__ = ["EntityIndex", "extract_entities"]
