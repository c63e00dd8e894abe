"""Each clean-up step on the text that motivated it."""

from __future__ import annotations

import pytest

from generator.clean import CLEANERS, clean

STEPS = dict(CLEANERS)

CASES = [
    # (step, input, expected)
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
