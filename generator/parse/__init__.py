"""Parsing: cleaned letter text -> ``Determination``.

``parse_letter`` is the one public entry. It raises ``LetterError`` (with a reason a user can
act on) for a file that cannot become a record, and otherwise returns a record whose
``warnings`` (letter-level) and ``issues[].warnings`` name everything doubtful.
"""

from __future__ import annotations

from generator import patterns as P
from generator.clean import clean, squash
from generator.errors import LetterError, TruncatedLetter
from generator.model import Determination, Diagnostic, Issue, note, warning
from generator.parse.header import parse_header
from generator.parse.items import parse_items, parse_listed_items
from generator.parse.people import parse_patient, parse_reviewer, summary_ur_date
from generator.parse.sections import LAYOUTS, Region, Sections, locate
from generator.read import RawLetter

__all__ = ["LAYOUTS", "parse_letter", "parse_text"]


def parse_letter(raw: RawLetter) -> Determination:
    """Parse one decoded letter file."""
    return parse_text(raw.text, id=raw.file.id, source=raw.file.source, sha256=raw.sha256)


def _documents(text: str, region: Region | None) -> list[str] | None:
    """The documents-reviewed list, one entry a document: numbered or bulleted entries (a line
    that starts with no number continues the entry above), else one a line."""
    if region is None:
        return None
    lines = [line.strip() for line in region.of(text).split("\n") if line.strip()]
    if not any(P.LIST_ENUMERATOR.match(line) for line in lines):
        return lines
    entries: list[str] = []
    for line in lines:
        number = P.LIST_ENUMERATOR.match(line)
        if number is not None or not entries:
            entries.append(line[number.end() :] if number else line)
        else:
            entries[-1] = f"{entries[-1]} {line}"
    return entries


def _issues(text: str, sections: Sections) -> tuple[list[Issue], list[Diagnostic]]:
    if sections.layout == "mpr-2013":
        return parse_listed_items(
            text,
            (sections.issues.start, sections.issues.end),
            [(r.start, r.end) for r in sections.guidelines],
            [(r.start, r.end) for r in sections.rationales],
        )
    return parse_items(text, sections.issues.start, sections.issues.end), []


def parse_text(text: str, *, id: str, source: str, sha256: str) -> Determination:
    """Parse decoded letter text: a letter in any layout of ``LAYOUTS``, extracted by any tool
    the cleaners handle (pdftotext, PDFium, text pasted from a word processor)."""
    cleaned = clean(text)
    sections = locate(cleaned)
    try:
        return _record(cleaned, sections, id=id, source=source, sha256=sha256)
    except LetterError as err:
        err.layout = err.layout or sections.layout
        raise


def _record(
    cleaned: str, sections: Sections, *, id: str, source: str, sha256: str
) -> Determination:
    issues, found = _issues(cleaned, sections)
    if not issues:
        raise TruncatedLetter(
            "no decided items: the decisions section holds no '<item>: Upheld/Overturned' line"
        )
    header = parse_header(sections.header.of(cleaned))
    reviewer, reviewer_findings = parse_reviewer(sections.credentials.of(cleaned))
    found += reviewer_findings
    summary = squash(sections.summary.of(cleaned))
    if not summary:
        found.append(warning("summary-missing", "no clinical case summary"))
    patient, patient_findings = parse_patient(summary)
    found += patient_findings
    stated_ur = summary_ur_date(summary)
    if header.injury_date:
        if patient.injury_date and patient.injury_date != header.injury_date:
            found.append(
                note(
                    "injury-date-differs",
                    f"date of injury: header says {header.injury_date}, "
                    f"summary says {patient.injury_date}",
                )
            )
        patient = type(patient)(patient.age, patient.sex, header.injury_date)
    elif patient.injury_date is None:
        found.append(note("injury-date-not-stated", "date of injury not stated"))
    ur_date = header.ur_date or stated_ur
    return Determination(
        id=id,
        source=source,
        sha256=sha256,
        layout=sections.layout,
        case_number=header.case_number,
        date_assigned=header.date_assigned,
        decision_date=header.decision_date,
        priority=header.priority,
        application_received=header.application_received,
        ur_date=ur_date,
        reviewer=reviewer,
        patient=patient,
        summary=summary,
        documents_reviewed=_documents(cleaned, sections.documents),
        issues=issues,
        diagnostics=found,
        text=cleaned,
    )
