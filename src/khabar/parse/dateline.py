"""A wire report's dateline: 'BAGHDAD, June 14 (Xinhua) --', 'ADEN, Yemen (AA) –', 'ISLAMABAD' on a line of its
own. The place, the region, the date and the agency as groups of one match of the article's opening."""

from __future__ import annotations

import re

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][a-z]+(?: [A-Z][a-z]+)?))?"
    rf"(?:,\s*(?P<date>(?i:{MONTHS}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+\d{{1,2}}))?"
    r"(?:\s*\((?P<agency>[A-Za-z][\w.\- ]{0,20})\))?"
    r"\s*(?::|--|—|–|-\s|\n)"
)


def match(text: str) -> re.Match[str] | None:
    """The dateline at the start of ``text``, if it opens with one."""
    return DATELINE.match(text[:200])
