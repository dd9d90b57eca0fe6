"""Attributions: who said what, how the text marks it, and who relayed it."""

from khabar.attributions.stage import extract_attributions

__all__ = ["extract_attributions"]
