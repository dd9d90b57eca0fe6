"""Date expressions resolved against the publication date, at the precision the text gives.

"last Saturday" -> 2020-06-06, "April 2019" -> 2019-04, "mid-May" -> the last May before
publication, "last year" -> 2019, "on March 17th" in a plan -> the next March 17th. Durations
("for months", "20 years") are not dates and give None."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from khabar.parse.dateline import match as match_dateline

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_ANCHOR = re.compile(
    rf"\b({_MONTHS}|{_DAYS}|yesterday|today|tomorrow|(1[89]|20)\d\d|"
    r"(last|this|next|past|previous|coming)\s+(year|month|week|weekend|spring|summer|autumn|fall)|"
    r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(days?|weeks?|months?|years?)\s+ago)\b",
    re.I,
)
_PART_OF = r"early|mid|late|(?:the )?end of|(?:the )?beginning of|(?:the )?start of|(?:the )?middle of"
_EDGE = r"(?:(?:early|late|earlier|later|mid|(?:at )?(?:the )?(?:end|beginning|start|middle) of)[\s-]+)?"
_THIS_PERIOD = re.compile(rf"^{_EDGE}(this|last|next|past|previous|coming|the)\s+(month|year|week|weekend)$")
_IN_YEAR = re.compile(rf"^{_EDGE}((?:1[89]|20)\d\d)$")
_WEEKS_AGO = re.compile(r"^(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+weeks?\s+ago$")
_SEASON = re.compile(r"^(last|this|next|past)\s+(spring|summer|autumn|fall)$")
_SEASON_MONTHS = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10}
_MONTH_ONLY = re.compile(rf"^({_PART_OF})?[\s-]*({_MONTHS})$")
_HEDGES = re.compile(r"^(since|from|until|till|by|in|on|at|during|around|about|before|after|of|as of)\s+", re.I)
_LAST_MONTH = re.compile(rf"^(last|this|next)\s+({_MONTHS})$")
_MONTH_LAST = re.compile(rf"^((?:(?:{_PART_OF})[\s-]*)?(?:{_MONTHS}))\s+last$")  # 'in mid-May last'
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")


@lru_cache(maxsize=32)
def _parser(prefer: str, base: date | None):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime.combine(base, datetime.min.time())
    return DateDataParser(languages=["en"], settings=settings)


def is_date(text: str) -> bool:
    """Does the expression name a point in time (not only a duration)?"""
    return bool(_ANCHOR.search(text))


@lru_cache(maxsize=4096)
def resolve(text: str, published: str | None, future: bool = False) -> str | None:
    """ISO date (YYYY, YYYY-MM or YYYY-MM-DD) for a date expression, or None."""
    if not is_date(text):
        return None
    base = _base(published)
    phrase = _clean(text)
    relative = _relative(phrase, base)
    if relative is not None:
        return relative or None
    prefer = "future" if future else "past"
    m = _MONTH_LAST.match(phrase)
    if m:
        phrase = m.group(1)
    m = _LAST_MONTH.match(phrase)
    if m:  # 'last February' is the most recent February before publication
        prefer = {"last": "past", "next": "future"}.get(m.group(1), "current_period")
        phrase = m.group(2)
    m = _MONTH_ONLY.match(phrase)
    if m:
        phrase = m.group(2)
    if base is not None:
        yearless = _without_year(phrase, base, prefer)
        if yearless is not None:
            return yearless
    if base is not None and phrase in _WEEKDAYS and _WEEKDAYS.index(phrase) == base.weekday():
        return base.isoformat()  # 'on Saturday' in a story published on a Saturday: that very day
    if base is None and not re.search(r"(1[89]|20)\d\d", phrase):
        return None
    try:
        data = _parser(prefer, base).get_date_data(phrase)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return f"{d.year:04d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if period == "week" and "week" in phrase:
        return None
    return d.isoformat()


_MONTH_NAMES = _MONTHS.split("|")
_MONTH_DAY = re.compile(rf"^(?:({_MONTHS})\s+(\d{{1,2}})|(\d{{1,2}})\s+(?:of\s+)?({_MONTHS}))$")


def _without_year(phrase: str, base: date, prefer: str) -> str | None:
    """'February 29', '3 March', 'December' with no year: the nearest such day (or month) on the side of
    publication the tense points to, the current one included; forward for a plan, else backward."""
    m = _MONTH_DAY.match(phrase)
    if m:
        month = _MONTH_NAMES.index(m.group(1) or m.group(4)) + 1
        day = int(m.group(2) or m.group(3))
    elif phrase in _MONTH_NAMES:
        month, day = _MONTH_NAMES.index(phrase) + 1, None
    else:
        return None
    years = range(base.year + 1, base.year - 6, -1) if prefer == "past" else range(base.year - 1, base.year + 6)
    for year in years:
        if day is None:
            key = (year, month)
            if (
                (prefer == "past" and key <= (base.year, base.month))
                or (prefer == "future" and key >= (base.year, base.month))
                or (prefer == "current_period" and year == base.year)
            ):
                return f"{year:04d}-{month:02d}"
            continue
        try:
            d = date(year, month, day)
        except ValueError:
            continue  # no such day that year ('February 29th' outside a leap year)
        if (
            (prefer == "past" and d <= base)
            or (prefer == "future" and d >= base)
            or (prefer == "current_period" and year == base.year)
        ):
            return d.isoformat()
    return None


def _relative(phrase: str, base: date | None) -> str | None:
    """Periods counted from publication, at the precision the contract can hold: 'early this month',
    'late last year', 'in early 2023' (a year), 'last week' and 'two weeks ago' (the month they fall
    in, when a single one), 'last summer' (a year). '' for such a period that cannot be placed, None
    for any other phrase."""
    m = _IN_YEAR.match(phrase)
    if m:
        return m.group(1)
    m = _THIS_PERIOD.match(phrase) or _SEASON.match(phrase) or _WEEKS_AGO.match(phrase)
    if m is None:
        return None
    if base is None:
        return ""
    if m.re is _WEEKS_AGO:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        d = base - timedelta(days=7 * n)
        return f"{d.year:04d}-{d.month:02d}"
    which, unit = m.group(1), m.group(2)
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
    if unit == "year":
        return f"{base.year + step:04d}"
    if unit == "month":
        total = base.year * 12 + base.month - 1 + step
        return f"{total // 12:04d}-{total % 12 + 1:02d}"
    if unit in _SEASON_MONTHS:
        month = _SEASON_MONTHS[unit]
        year = base.year + step if which != "last" else base.year - (1 if month >= base.month else 0)
        return f"{year:04d}"
    monday = base - timedelta(days=base.weekday()) + timedelta(days=7 * step)
    first, last = monday + timedelta(days=5 if unit == "weekend" else 0), monday + timedelta(days=6)
    if step == 0:
        last = min(last, base)  # 'this week' is told of days already past
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.year:04d}" if first.year == last.year else ""


def _clean(text: str) -> str:
    phrase = " ".join(text.lower().replace("’", "'").split())
    phrase = phrase.strip(" ,.;:")
    while True:
        stripped = _HEDGES.sub("", phrase)
        if stripped == phrase:
            break
        phrase = stripped
    if phrase.startswith("the "):
        phrase = phrase[4:]
    phrase = _ORDINAL.sub(r"\1", phrase)
    return phrase


_DURATION = re.compile(
    r"^(?:some |about |nearly |almost |more than |over )?(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve)\s+(day|week|month|year)s?$",
    re.I,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip


def shift(anchor: str, duration: str, sign: int) -> str | None:
    """The date ``duration`` ('14 months') before (sign -1) or after (+1) an ISO date, at the
    precision of the duration: days give a day, weeks and months a month, years a year."""
    m = _DURATION.match(" ".join(duration.lower().split()))
    if not m or not re.match(r"\d{4}", anchor):
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
    unit = m.group(2)
    parts = [int(x) for x in anchor.split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    if unit == "year":
        return f"{year + sign * n:04d}"
    if unit in ("day", "week"):
        from datetime import timedelta

        if len(parts) < 3:
            return None
        d = date(year, month, day) + timedelta(days=sign * n * (7 if unit == "week" else 1))
        return d.isoformat() if unit == "day" else f"{d.year:04d}-{d.month:02d}"
    if len(parts) < 2:
        return None
    total = year * 12 + (month - 1) + sign * n
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _base(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        m = re.match(r"(\d{4})(?:-(\d{2}))?", published)
        if not m:
            return None
        return date(int(m.group(1)), int(m.group(2) or 1), 1)


# 'CAIRO:', 'ISLAMABAD' on a line of its own, 'BAGHDAD, June 14 (Xinhua) --', 'ADEN, Yemen (AA) –'
def dateline(text: str, published: str | None) -> tuple[str, tuple[int, int]] | None:
    """The news day of a wire report opening with a dateline, and the dateline's character span: the
    dateline's own date ('BAGHDAD, June 14 --') resolved before publication, else the publication
    day. None for an article without one, or without a day of publication."""
    m = match_dateline(text)
    if m is None or not published or len(published) < 10:
        return None
    day = published[:10]
    if m.group("date"):
        day = resolve(m.group("date"), published) or day
    end = m.end("agency") + 1 if m.group("agency") else max(m.end(g) for g in ("place", "region", "date") if m.group(g))
    return day, (m.start("place"), end)
