"""Each clean-up step on the text that motivated it."""

from __future__ import annotations

import pytest

from generator.clean import CLEANERS, clean

STEPS = dict(CLEANERS)

CASES = [
    # (step, input, expected)
    (
        "page_furniture",
        "Header X\na\nPage 1 of 2\fHeader X\nb\nPage 2 of 2",
        "a\fb",
    ),  # running header and page footer on every page
    ("page_furniture", "a\n- 1 -\fb\n- 2 -\fc\n- 3 -", "a\fb\fc"),  # bare page numbers
    (
        "page_furniture",
        "IMR CM16-0213037\r\na\r\n\fIMR CM16-0213037\r\nb\r\n",
        "a\r\n\fb\r\n",
    ),  # CRLF lines (PDFium), trailing blank line
    (
        "page_furniture",
        "Header X\na\nPage 1 of 1",
        "Header X\na\nPage 1 of 1",
    ),  # one page: nothing to compare
    (
        "page_furniture",
        "a\nnot medically\nnecessary.\fb\nnot medically\nnecessary.",
        "a\nnot medically\nnecessary.\fb\nnot medically\nnecessary.",
    ),  # running text that ends both pages alike
    (
        "page_furniture",
        "Header\na\fb\nHeader",
        "Header\na\fb\nHeader",
    ),  # at the top of one page, the bottom of the other
    (
        "pdf_hyphens",
        "the x\uffferays and follow\ufffeup",
        "the x-\nrays and follow-\nup",
    ),  # PDFium's line-end hyphen mark
    (
        "characters",
        "e\ufb00ective o\ufb03ce \ufb01le \ufb02at ba\ufb04e \ufb06",
        "effective office file flat baffle st",
    ),  # ligatures
    ("line_breaks", "a\r\nb\rc\fd\x0be", "a\nb\nc\nd\ne"),  # CRLF, CR, form feed, vertical tab
    ("characters", "\u201cSoma\u201d \u2018x\u2019", "\"Soma\" 'x'"),  # curly quotes
    ("characters", "63\u201366 and 5\u201410", "63-66 and 5-10"),  # en and em dashes
    ("characters", "Baclofen\u00a010mg", "Baclofen 10mg"),  # non-breaking space
    ("characters", "\ufeffHOW", "HOW"),  # stray BOM inside the text
    ("characters", "gastro\u00adintestinal", "gastrointestinal"),  # soft hyphen
    ("tidy_lines", "  a  b \n\n \n c\t\td ", "a b\nc d"),  # indentation, blank lines, tabs
    ("hyphenation", "Page(s): 63-\n66", "Page(s): 63-66"),  # wrapped page range keeps hyphen
    ("hyphenation", "medi-\ncation for the pain", "medication for the pain"),  # typeset split
    ("hyphenation", "follow-\nup and a follow-up", "follow-up and a follow-up"),  # known compound
    (
        "hyphenation",
        "industrial-\nwork; industrial and work",
        "industrial-work; industrial and work",
    ),
    ("hyphenation", "the non-\ncertified request", "the non-certified request"),  # "non-" prefix
    ("hyphenation", "medi-\ncation, medication", "medication, medication"),  # joined form known
]


@pytest.mark.parametrize(("step", "text", "expected"), CASES)
def test_step(step: str, text: str, expected: str) -> None:
    assert STEPS[step](text) == expected


def test_clean_is_idempotent_on_a_letter() -> None:
    text = "HOW THE IMR\r\n\r\nMAXIMUS \u201csent\u201d the file.\f\nPage(s): 63-\n66.\n"
    once = clean(text)
    assert clean(once) == once
    assert once == 'HOW THE IMR\nMAXIMUS "sent" the file.\nPage(s): 63-66.'


CANONICAL_HEADER = (
    "Case Number: CM16-0213037\nDate Assigned: 11/09/2016\nDate of Injury: 10/13/2016\n"
    "Decision Date: 12/09/2016\nUR Denial Date: 11/03/2016\nPriority: Standard\n"
    "Application Received: 11/03/2016\nHOW THE IMR FINAL DETERMINATION WAS MADE"
)

HEADER_BLOCKS = [
    # (extractor's header block, as tidy_lines leaves it)
    "Case Number: CM16-0213037\nDate Assigned: 11/09/2016 Date of Injury: 10/13/2016\n"
    "Decision Date: 12/09/2016 UR Denial Date: 11/03/2016\nPriority: Standard Application "
    "11/03/2016\nReceived:",  # pdftotext -layout: two columns, "Application Received:" wrapped around its value
    "Case Number: CM16-0213037\nDate Assigned: 11/09/2016 Date of Injury: 10/13/2016\n"
    "Decision Date: 12/09/2016 UR Denial Date: 11/03/2016\nPriority: Standard Application\n"
    "Received:\n11/03/2016",  # PDFium: row by row, the wrapped label before its value
    "Case Number:\nDate Assigned:\nDecision Date:\nPriority:\nCM16-0213037\n11/09/2016\n"
    "12/09/2016\nStandard\n10/13/2016\nDate of Injury:\nUR Denial Date: 11/03/2016\n11/03/2016\n"
    "Application\nReceived:",  # pdfminer.six: one column's labels, then its values, a value before its label
    "Case Number: CM16-0213037\nDate Assigned: 11/09/2016\nDate of Injury: 10/13/2016\n"
    "Decision Date: 12/09/2016\nUR Denial Date: 11/03/2016\nPriority: Standard\n"
    "Application Received: 11/03/2016",  # already canonical
    "Case Number: CM16-0213037\nDate Assigned: 11/09/ 2016 Date of Injury: 10/13/2016\n"
    "Decision Date: 12/09/2016 UR Denial Date: 11/03/2016\nPriority: Standard Application "
    "11/03/2016\nReceived:",  # pdftotext's space inside a date
]


@pytest.mark.parametrize(
    "block", HEADER_BLOCKS, ids=["pdftotext", "pdfium", "pdfminer", "canonical", "spaced-date"]
)
def test_header_block_in_any_order_cleans_to_one_text(block: str) -> None:
    text = block + "\nHOW THE IMR FINAL DETERMINATION WAS MADE"
    assert STEPS["header_block"](text) == CANONICAL_HEADER
    assert clean(text) == CANONICAL_HEADER


def test_header_block_keeps_other_lines_and_what_it_cannot_pair() -> None:
    letterhead = "MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\n"
    text = letterhead + "Case Number: CM13-0000101 Date of Injury: 11/22/2012\nCASE SUMMARY:\nx"
    assert STEPS["header_block"](text) == (
        letterhead + "Case Number: CM13-0000101\nDate of Injury: 11/22/2012\nCASE SUMMARY:\nx"
    )
    # A label without a value, or a date no label takes: left as written.
    for block in (
        "Case Number: CM13-0000101\nDecision Date:",
        "Case Number: CM13-0000101 1/2/2013",
    ):
        text = block + "\nCLINICAL CASE SUMMARY"
        assert STEPS["header_block"](text) == text
