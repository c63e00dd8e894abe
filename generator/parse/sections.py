"""A letter's layout, and where its parts are: header block, credentials, case summary,
documents reviewed, decisions.

Three layouts are known (``LAYOUTS``), told apart by their headings:

- ``current``: every published letter in hand (2016-2017) and the seeds. HOW THE IMR FINAL
  DETERMINATION WAS MADE (with the credentials), CLINICAL CASE SUMMARY, IMR ISSUES, DECISIONS
  AND RATIONALES.
- ``maximus-letterhead``: opens with "MAXIMUS FEDERAL SERVICES, INC." / "Independent Medical
  Review"; HOW THE IMR FINAL DETERMINATION WAS MADE, DOCUMENTS REVIEWED, CLINICAL CASE SUMMARY,
  IMR DECISION(S) AND RATIONALE(S).
- ``mpr-2013``: the 2013 MEDICAL PROFESSIONAL REVIEW letter. ISSUE AT DISPUTE: (the items and
  their decisions), CASE SUMMARY:, DOCUMENTS REVIEWED FOR DETERMINATION:, then for each item
  MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY: and RATIONALE FOR
  WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:, and last MEDICAL
  REVIEWER QUALIFICATIONS:.

No published sample of the two older layouts is in hand: their fixtures
(``tests/fixtures/layouts/``) are seed letters rearranged under their headings. A text in none
of them is rejected whole with its opening words quoted, never half-parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator import patterns as P
from generator.errors import NotADetermination, TruncatedLetter, UnknownLayout


@dataclass(frozen=True)
class Layout:
    """A letter layout: its key (the record's ``layout``), a label for people, its headings."""

    key: str
    label: str
    headings: str


LAYOUTS = {
    layout.key: layout
    for layout in (
        Layout(
            "current",
            "current (every published letter in hand, 2016-2017)",
            "HOW THE IMR FINAL DETERMINATION WAS MADE, CLINICAL CASE SUMMARY, IMR ISSUES, "
            "DECISIONS AND RATIONALES",
        ),
        Layout(
            "maximus-letterhead",
            "MAXIMUS letterhead, with documents reviewed",
            "MAXIMUS FEDERAL SERVICES, INC. / Independent Medical Review, HOW THE IMR FINAL "
            "DETERMINATION WAS MADE, DOCUMENTS REVIEWED, CLINICAL CASE SUMMARY, IMR DECISION(S) "
            "AND RATIONALE(S)",
        ),
        Layout(
            "mpr-2013",
            "2013 Medical Professional Review",
            "MEDICAL PROFESSIONAL REVIEW, ISSUE AT DISPUTE:, CASE SUMMARY:, DOCUMENTS REVIEWED "
            "FOR DETERMINATION:, MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL "
            "REVIEWER AND WHY:, RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT "
            "MEDICALLY NECESSARY:, MEDICAL REVIEWER QUALIFICATIONS:",
        ),
    )
}

# How much of a letter's opening a rejection quotes.
_OPENING_WORDS = 12
# The letterhead is looked for in the letter's opening only.
_LETTERHEAD_WINDOW = 400


@dataclass(frozen=True)
class Region:
    """A slice of the cleaned text, by character offsets."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Sections:
    """Where a letter's parts are. ``issues`` is the decisions section (``current``,
    ``maximus-letterhead``) or the list of items under ISSUE AT DISPUTE: (``mpr-2013``), whose
    guideline and rationale sections are ``guidelines`` and ``rationales``, one per item in
    order. ``documents`` is None when the letter has no documents-reviewed list."""

    layout: str
    header: Region
    credentials: Region
    summary: Region
    issues: Region
    documents: Region | None = None
    guidelines: tuple[Region, ...] = field(default=())
    rationales: tuple[Region, ...] = field(default=())


def _skip(text: str, pattern: re.Pattern[str], start: int, end: int) -> int:
    """Offset after ``pattern`` when it opens ``text[start:end]`` (boilerplate), else ``start``."""
    match = pattern.match(text, start, end)
    if match is None:
        # Tolerate a stray line (a page break remnant) before the boilerplate sentence.
        match = pattern.search(text, start, min(end, start + 400))
    if match is None:
        return start
    return match.end() + 1 if text[match.end() : match.end() + 1] == "\n" else match.end()


def opening(text: str) -> str:
    """The letter's first words, quoted in a rejection."""
    words = text.split()
    quoted = " ".join(words[:_OPENING_WORDS])
    return f'"{quoted}{" ..." if len(words) > _OPENING_WORDS else ""}"'


def detect_layout(text: str) -> str | None:
    """The layout whose headings the cleaned text has (``LAYOUTS``), or None.

    The decisions heading decides (IMR ISSUES, DECISIONS AND RATIONALES; IMR DECISION(S) AND
    RATIONALE(S); ISSUE AT DISPUTE: with the 2013 rationale or guideline heading); a letter that
    stops before its decisions is told by its other headings.
    """
    mpr_parts = (P.MPR_RATIONALE_HEADING, P.MPR_GUIDELINE_HEADING, P.MPR_TITLE)
    if P.MPR_ISSUES_HEADING.search(text) and any(p.search(text) for p in mpr_parts):
        return "mpr-2013"
    issues = P.ISSUES_HEADING.search(text)
    if issues is not None:
        return "current" if issues.group("current") else "maximus-letterhead"
    if P.LETTERHEAD.search(text, 0, _LETTERHEAD_WINDOW):
        return "maximus-letterhead"
    if P.MPR_TITLE.search(text) or P.MPR_ISSUES_HEADING.search(text):
        return "mpr-2013"
    if P.HOW_MADE_HEADING.search(text) or P.SUMMARY_HEADING.search(text):
        return "current"
    return None


def locate(text: str) -> Sections:
    """The letter's layout and parts.

    Raises ``NotADetermination`` for a text with none of an IMR letter's markers,
    ``UnknownLayout`` for an IMR letter in no known layout (both quoting its opening words),
    and ``TruncatedLetter`` for a letter that stops before its decisions.
    """
    layout = detect_layout(text)
    if layout is None:
        if P.IMR_MARKERS.search(text):
            raise UnknownLayout(
                f"in no known layout: it opens with {opening(text)} and has none of the "
                "headings of the layouts read (current, maximus-letterhead, mpr-2013)"
            )
        raise NotADetermination(
            f"not an IMR final determination: it opens with {opening(text)} and has none of "
            "an IMR letter's headings or words (HOW THE IMR FINAL DETERMINATION WAS MADE, "
            "CLINICAL CASE SUMMARY, IMR ISSUES, DECISIONS AND RATIONALES, MAXIMUS)"
        )
    if layout == "mpr-2013":
        return _locate_mpr(text)
    return _locate_imr(text, layout)


def _next(starts: list[int], after: int, default: int) -> int:
    return min((s for s in starts if s > after), default=default)


def _locate_imr(text: str, layout: str) -> Sections:
    """The ``current`` and ``maximus-letterhead`` layouts: each part runs from its heading to
    the next heading."""
    issues = P.ISSUES_HEADING.search(text)
    if issues is None:
        heading = "IMR ISSUES, DECISIONS AND RATIONALES"
        if layout == "maximus-letterhead":
            heading = "IMR DECISION(S) AND RATIONALE(S)"
        raise TruncatedLetter(
            f"truncated: no '{heading}' section; the letter stops before its decisions", layout
        )
    how = P.HOW_MADE_HEADING.search(text, 0, issues.start())
    summary = P.SUMMARY_HEADING.search(text, 0, issues.start())
    documents = P.DOCUMENTS_HEADING.search(text, 0, issues.start())
    found = [m for m in (how, summary, documents, issues) if m is not None]
    starts = [m.start() for m in found]
    header = Region(0, min(starts))
    credentials = Region(header.end, header.end)
    if how is not None:
        credentials = Region(how.end(), _next(starts, how.start(), issues.start()))
    summary_region = Region(issues.start(), issues.start())
    if summary is not None:
        end = _next(starts, summary.start(), issues.start())
        summary_region = Region(_skip(text, P.SUMMARY_INTRO, min(summary.end() + 1, end), end), end)
    documents_region = None
    if documents is not None:
        documents_region = Region(documents.end(), _next(starts, documents.start(), issues.start()))
    body_start = min(issues.end() + 1, len(text))
    issues_region = Region(_skip(text, P.ISSUES_INTRO, body_start, len(text)), len(text))
    return Sections(layout, header, credentials, summary_region, issues_region, documents_region)


def _locate_mpr(text: str) -> Sections:
    """The 2013 layout: the items under ISSUE AT DISPUTE:, then one guideline and one
    rationale section per item, in the items' order."""
    listing = P.MPR_ISSUES_HEADING.search(text)
    if listing is None:
        raise TruncatedLetter(
            "truncated: no 'ISSUE AT DISPUTE:' section; the letter stops before its items",
            "mpr-2013",
        )
    single = [
        P.MPR_SUMMARY_HEADING.search(text),
        P.MPR_DOCUMENTS_HEADING.search(text),
        P.MPR_QUALIFICATIONS_HEADING.search(text),
    ]
    guidelines = list(P.MPR_GUIDELINE_HEADING.finditer(text))
    rationales = list(P.MPR_RATIONALE_HEADING.finditer(text))
    if not rationales:
        raise TruncatedLetter(
            "truncated: no 'RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT "
            "MEDICALLY NECESSARY:' section; the letter stops before its rationale",
            "mpr-2013",
        )
    found = [m for m in (listing, *single, *guidelines, *rationales) if m is not None]
    starts = sorted(m.start() for m in found)

    def region(match: re.Match[str] | None) -> Region | None:
        if match is None:
            return None
        return Region(match.end(), _next(starts, match.start(), len(text)))

    summary, documents, qualifications = (region(m) for m in single)
    end = len(text)
    issues = region(listing)
    assert issues is not None
    return Sections(
        "mpr-2013",
        header=Region(0, starts[0]),
        credentials=qualifications or Region(end, end),
        summary=summary or Region(end, end),
        issues=issues,
        documents=documents,
        guidelines=tuple(r for r in map(region, guidelines) if r is not None),
        rationales=tuple(r for r in map(region, rationales) if r is not None),
    )
