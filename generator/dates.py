"""Dates as the letters write them -> ISO 8601 (YYYY-MM-DD)."""

from __future__ import annotations

import datetime as dt
import re

from generator import patterns as P

_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

# Two-digit years: IMR began in 2013 and injuries reach back decades; "2/14/12" is 2012 and
# "5/15/93" is 1993. Years up to this pivot are read as 20xx.
_TWO_DIGIT_PIVOT = 50


def _iso(year: int, month: int, day: int) -> str | None:
    if year < 100:
        year += 2000 if year <= _TWO_DIGIT_PIVOT else 1900
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_from_match(match: re.Match[str]) -> str | None:
    """ISO date for a match of ``NUMERIC_DATE`` or ``WORDY_DATE``; None if impossible (2/30)."""
    groups = match.groupdict()
    if groups.get("month"):
        month = _MONTH_NUMBER[groups["month"].lower().rstrip(".")]
        return _iso(int(groups["y"]), month, int(groups["d"]))
    return _iso(int(groups["y"]), int(groups["m"]), int(groups["d"]))


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every valid date in ``text`` as ``(start, end, iso)``, in order of position.

    Handles 11-22-2012, 02/14/2012, 2/14/12, 10/14/ 2016 and February 14, 2012.
    """
    found: list[tuple[int, int, str]] = []
    for pattern in (P.NUMERIC_DATE, P.WORDY_DATE):
        for match in pattern.finditer(text):
            iso = date_from_match(match)
            if iso:
                found.append((match.start(), match.end(), iso))
    found.sort()
    return found


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO, or None."""
    dates = find_dates(text)
    return dates[0][2] if dates else None
