"""Events: PLOVER-coded who did what to whom, when, where, and how sure the text is."""

from khabar.events.stage import extract_events

__all__ = ["extract_events"]
