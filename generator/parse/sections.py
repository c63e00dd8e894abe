"""Locating a letter's parts: header block, credentials, case summary, decisions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import patterns as P
from generator.errors import NotADetermination, TruncatedLetter

# Words that mark a text as an IMR determination even when its headings are damaged.
_IMR_MARKERS = re.compile(
    r"MAXIMUS|Independent Medical Review|IMR FINAL DETERMINATION|Expert Reviewer", re.I
)


@dataclass(frozen=True)
class Region:
    """A slice of the cleaned text, by character offsets."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Sections:
    header: Region
    credentials: Region
    summary: Region
    issues: Region


def _skip(text: str, pattern: re.Pattern[str], start: int, end: int) -> int:
    """Offset after ``pattern`` when it opens ``text[start:end]`` (boilerplate), else ``start``."""
    match = pattern.match(text, start, end)
    if match is None:
        # Tolerate a stray line (a page break remnant) before the boilerplate sentence.
        match = pattern.search(text, start, min(end, start + 400))
    if match is None:
        return start
    return match.end() + 1 if text[match.end() : match.end() + 1] == "\n" else match.end()


def locate(text: str) -> Sections:
    """Split cleaned letter text into its parts.

    Raises ``NotADetermination`` when the text has none of an IMR letter's markers and
    ``TruncatedLetter`` when it is one but stops before its decisions section.
    """
    issues = P.ISSUES_HEADING.search(text)
    how = P.HOW_MADE_HEADING.search(text)
    summary = P.SUMMARY_HEADING.search(text)
    if issues is None:
        if how or summary or _IMR_MARKERS.search(text):
            raise TruncatedLetter(
                "truncated: no 'IMR ISSUES, DECISIONS AND RATIONALES' section; "
                "the letter stops before its decisions"
            )
        raise NotADetermination(
            "not an IMR final determination: none of its headings (HOW THE IMR FINAL "
            "DETERMINATION WAS MADE, CLINICAL CASE SUMMARY, IMR ISSUES, DECISIONS AND "
            "RATIONALES) was found"
        )
    first_heading = min(m.start() for m in (how, summary, issues) if m is not None)
    header = Region(0, first_heading)
    cred_start = how.end() if how else header.end
    cred_end = summary.start() if summary and summary.start() >= cred_start else issues.start()
    credentials = Region(cred_start, cred_end)
    if summary and summary.start() < issues.start():
        documents = P.DOCUMENTS_HEADING.search(text, summary.end(), issues.start())
        sum_end = documents.start() if documents else issues.start()
        sum_start = _skip(text, P.SUMMARY_INTRO, min(summary.end() + 1, sum_end), sum_end)
        summary_region = Region(sum_start, sum_end)
    else:
        summary_region = Region(issues.start(), issues.start())
    body_start = min(issues.end() + 1, len(text))
    issues_region = Region(_skip(text, P.ISSUES_INTRO, body_start, len(text)), len(text))
    return Sections(header, credentials, summary_region, issues_region)
