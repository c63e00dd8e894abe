"""Date forms found in letters."""

from __future__ import annotations

import pytest

from generator.dates import find_dates, parse_date

CASES = [
    ("11-22-2012", "2012-11-22"),  # seed 000: dashes, four-digit year
    ("02/14/2012", "2012-02-14"),  # slashes, zero-padded
    ("2/14/12", "2012-02-14"),  # seed 002: two-digit year
    ("5/15/93", "1993-05-15"),  # two-digit year past the pivot
    ("February 14, 2012", "2012-02-14"),  # written month
    ("November 09, 2016", "2016-11-09"),  # written month, zero-padded day
    ("Oct. 3 2016", "2016-10-03"),  # abbreviated month, no comma
    ("10/14/ 2016", "2016-10-14"),  # pdftotext's space after the slash
    ("2/30/2016", None),  # impossible date
    ("Page(s): 63-66", None),  # a page range is not a date
    ("section 3.3.9", None),  # a section number is not a date
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_find_dates_in_order() -> None:
    found = [iso for _s, _e, iso in find_dates("on 11-4-2015 and February 1, 2016; 5/5/14")]
    assert found == ["2015-11-04", "2016-02-01", "2014-05-05"]
