"""All 146 published letters parse, and agree with facts read off their text independently.

The facts are read here with deliberately simple, line-based reading of the raw
``pdftotext -layout`` text (not the parser's cleaning or grammar): the header labels, and the
lines that end in a decision word. Skipped when ../shared/real_letters is absent; the letters are
never copied into this repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.clean import drop_page_furniture
from generator.pipeline import parse_file
from generator.read import LetterFile
from tests.conftest import REAL_LETTERS, REAL_PDFS, real_letters

_DECISION_LINE = re.compile(r"^(?P<before>.*?)\s*(?P<word>Upheld|Overturned)\s*$")
# A date of service on the decision line ("... #30 DOS: 11/14/16"): an item field, not its name.
_DOS = re.compile(r",?\s*\(?\bDOS\b:?\s*(?P<date>[\d/-]+)\)?", re.I)


def _us_date(text: str, label: str) -> str | None:
    match = re.search(label + r":\s+(\d\d)/(\d\d)/(\d{4})", text)
    return f"{match.group(3)}-{match.group(1)}-{match.group(2)}" if match else None


def _facts(path: Path) -> dict[str, object]:
    raw = path.read_text(encoding="utf-8")
    decisions, tails = [], []
    lines = raw.splitlines()
    for i, line in enumerate(lines):
        match = _DECISION_LINE.match(line.strip())
        if not match:
            continue
        before = match.group("before")
        if before.endswith(":"):
            tails.append(before[:-1])
        elif not before and i > 0 and lines[i - 1].rstrip().endswith(":"):
            tails.append(lines[i - 1].strip()[:-1])
        else:
            continue
        decisions.append(match.group("word").lower())
    case = re.search(r"Case Number:\s+(CM\d\d-\d+)", raw)
    return {
        "case_number": case.group(1) if case else None,
        "injury_date": _us_date(raw, "Date of Injury"),
        "ur_date": _us_date(raw, "UR Denial Date"),
        "decisions": decisions,
        "tails": tails,
        "guideline_labels": raw.count("Claims Administrator guideline:"),
    }


def _ids() -> list[str]:
    return sorted(p.stem for p in REAL_LETTERS.glob("*.txt")) if REAL_LETTERS.is_dir() else []


@pytest.mark.parametrize("letter_id", _ids())
def test_real_letter(letter_id: str) -> None:
    path = REAL_LETTERS / f"{letter_id}.txt"
    outcome = parse_file(LetterFile(path, REAL_LETTERS))
    assert outcome.failure is None, outcome.failure
    record = outcome.record
    assert record is not None
    facts = _facts(path)
    assert record.id == letter_id
    assert record.case_number == facts["case_number"] == letter_id
    assert record.patient.injury_date == facts["injury_date"]
    assert record.ur_date == facts["ur_date"]
    assert [i.decision for i in record.issues] == facts["decisions"]
    assert len(record.issues) == facts["guideline_labels"]
    for issue, tail in zip(record.issues, facts["tails"], strict=True):
        # The item ends with the words on its decision line ("... is" closes partial remainders).
        words = " ".join(re.sub(r"\s+is$", "", tail).split())
        if _DOS.search(words) or issue.date_of_service:
            # The date of service is a field, not part of the name: the letter's words on the
            # item's lines, less that date, end with the item.
            written = " ".join(record.text[slice(*issue.item_span)].split())
            assert written.endswith(words), (written, tail)
            assert issue.date_of_service is not None, (issue.item, tail)
            rest = re.sub(r"\s+is$", "", _DOS.sub("", written)).strip(" ,")
            assert rest.endswith(issue.item), (issue.item, written)
        else:
            assert issue.item.endswith(words) or words.endswith(issue.item), (issue.item, tail)
    assert record.reviewer.licensure and record.reviewer.specialties
    assert record.patient.sex in {"female", "male"}


def test_corpus_totals() -> None:
    paths = real_letters()
    records = [parse_file(LetterFile(p, REAL_LETTERS)).record for p in paths]
    assert all(records)
    decisions = [i.decision for r in records if r for i in r.issues]
    partials = sum(1 for r in records if r for i in r.issues if i.partial)
    assert len(paths) == 146
    assert len(decisions) == 339
    assert decisions.count("overturned") + decisions.count("upheld") == 339
    assert partials >= 30  # the README counts "about forty" partial wordings in summaries + items


def _pdf_ids() -> list[str]:
    return sorted(p.stem for p in REAL_PDFS.glob("*.pdf")) if REAL_PDFS.is_dir() else []


@pytest.mark.parametrize("letter_id", _pdf_ids())
def test_published_pdf_gives_the_record_of_its_text(letter_id: str) -> None:
    """Issue 11: the record read from the published PDF (AES-encrypted, empty user password)
    equals the record read from poppler's text of it: every field, the cleaned text and its
    spans included; only the file's own name and hash differ."""
    from_pdf = parse_file(LetterFile(REAL_PDFS / f"{letter_id}.pdf", REAL_PDFS))
    from_text = parse_file(LetterFile(REAL_LETTERS / f"{letter_id}.txt", REAL_LETTERS))
    assert from_pdf.failure is None, from_pdf.failure
    assert from_pdf.record is not None and from_text.record is not None
    pdf, text = from_pdf.record.to_dict(), from_text.record.to_dict()
    assert pdf["source"] == f"{letter_id}.pdf" and pdf["layout"] == "current"
    for key in ("source", "sha256"):
        pdf.pop(key), text.pop(key)
    assert pdf == text


def test_no_published_letter_has_page_furniture() -> None:
    """The furniture cleaner drops nothing from a published letter: no line of one stands at
    the same place on every page."""
    for path in real_letters():
        text = path.read_text(encoding="utf-8")
        assert drop_page_furniture(text) == text, path.name
