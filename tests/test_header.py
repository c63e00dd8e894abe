"""The published header block, read by label whatever its layout."""

from __future__ import annotations

import pytest

from generator.parse.header import Header, parse_header

EXPECTED = Header(
    case_number="CM15-0214305",
    date_assigned="2015-11-04",
    injury_date="2012-11-22",
    decision_date="2015-12-14",
    ur_date="2015-11-04",
    priority="Standard",
    application_received="2015-11-09",
)

LAYOUTS = [
    # one line, as the issue quotes it
    "Case Number: CM15-0214305  Date Assigned: 11/04/2015  Date of Injury: 11/22/2012  "
    "Decision Date: 12/14/2015  UR Denial Date: 11/04/2015  Priority: Standard  "
    "Application Received: 11/09/2015",
    # pdftotext -layout: two columns, "Application Received:" wrapped around its value
    "Case Number:          CM15-0214305\n"
    "Date Assigned:        11/04/2015                      Date of Injury:      11/22/2012\n"
    "Decision Date:        12/14/2015                      UR Denial Date:      11/04/2015\n"
    "Priority:             Standard                        Application          11/09/2015\n"
    "                                                      Received:\n",
    # one label a line
    "Case Number: CM15-0214305\nDate Assigned: 11/04/2015\nDate of Injury: 11/22/2012\n"
    "Decision Date: 12/14/2015\nUR Denial Date: 11/04/2015\nPriority: Standard\n"
    "Application Received: 11/09/2015\n",
    # labels first, values after (other PDF-to-text tools)
    "Case Number:\nDate Assigned:\nDecision Date:\nPriority:\nDate of Injury:\nUR Denial Date:\n"
    "Application Received:\nCM15-0214305\n11/04/2015\n12/14/2015\nStandard\n11/22/2012\n"
    "11/04/2015\n11/09/2015\n",
    # two-digit years and odd spacing
    "Case Number:CM15-0214305 Date Assigned:11/4/15 Date of Injury: 11/22/12 Decision Date: "
    "12/14/15 UR Denial Date: 11/4/15 Priority: standard Application Received: 11/9/15",
]


@pytest.mark.parametrize(
    "block", LAYOUTS, ids=["one-line", "two-column", "stacked", "labels-first", "short-years"]
)
def test_header_layouts(block: str) -> None:
    assert parse_header(block) == EXPECTED


def test_no_header() -> None:
    assert parse_header("") == Header()


def test_missing_value_stays_none() -> None:
    header = parse_header("Case Number: CM16-0213037\nPriority: Standard\n")
    assert header.case_number == "CM16-0213037"
    assert header.decision_date is None
