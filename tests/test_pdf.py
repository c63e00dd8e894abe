"""PDF letters: a PDF gives the record its text gives; bad PDFs are named with a reason and the
others still parse; PDF metadata never reaches a record.

Every PDF here is made by the test from the seed texts (tests/pdfs.py, fpdf2); the published
PDFs are compared with poppler's text of them in tests/test_real_letters.py.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.errors import DamagedPdf, EmptyLetter, NotAPdf, PasswordPdf, ScannedPdf
from generator.pdf import extract_pages
from generator.pipeline import parse_file, parse_paths
from generator.read import LetterFile, find_letters
from tests.conftest import FIXTURES, SEED_IDS, SEEDS, parse, seed_text
from tests.layouts import hyphenate
from tests.pdfs import HEADER_TEXT, Options, blank_pdf, image_only_pdf, letter_pdf

SEED = "001_a5bd9920a7114176"
CASE = "CM16-0213037"


def _record_of_pdf(data: bytes, tmp_path: Path, name: str = "letter.pdf") -> dict[str, Any]:
    path = tmp_path / name
    path.write_bytes(data)
    outcome = parse_file(LetterFile(path, tmp_path))
    assert outcome.failure is None, outcome.failure
    assert outcome.record is not None
    return outcome.record.to_dict()


def _without_provenance(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in {"id", "source", "sha256"}}


def _hyphenated(text: str) -> str:
    return hyphenate(text, random.Random(3))


VARIANTS: list[tuple[str, Callable[[str], str], Options, str]] = [
    # (variant, text transformation, PDF options, header text the same letter has as text)
    ("plain", str, Options(), ""),  # one line of the PDF per line of the text
    (
        "furniture",
        str,
        Options(furniture=True),
        "",
    ),  # running header and "Page n of N" on every page
    (
        "published",
        str,
        Options(case=CASE, aes_owner_only=True),
        HEADER_TEXT,
    ),  # two-column header block, AES with an empty user password
    (
        "hyphenated",
        _hyphenated,
        Options(furniture=True),
        "",
    ),  # words broken at line ends (PDFium marks them U+FFFE)
]


@pytest.mark.parametrize("seed_id", SEED_IDS)
@pytest.mark.parametrize(
    ("variant", "transform", "options", "header"), VARIANTS, ids=[v[0] for v in VARIANTS]
)
def test_pdf_gives_the_record_of_its_text(
    tmp_path: Path,
    seed_id: str,
    variant: str,
    transform: Callable[[str], str],
    options: Options,
    header: str,
) -> None:
    text = transform(seed_text(seed_id))
    from_pdf = _record_of_pdf(letter_pdf(text, options), tmp_path)
    from_text = parse(header.format(case=CASE) + text, seed_id)
    # The whole record, cleaned text and character spans included: one canonical text.
    assert _without_provenance(from_pdf) == _without_provenance(from_text)
    assert from_pdf["source"] == "letter.pdf"


def test_several_pages_lose_their_furniture() -> None:
    data = letter_pdf(seed_text(SEED), Options(furniture=True, case=CASE))
    pages = extract_pages(data)
    assert len(pages) >= 3
    assert all("Page " in page and "Final Determination Letter" in page for page in pages)
    record = parse("\f".join(pages))
    assert "Final Determination Letter" not in record["text"]
    assert "Page 2 of" not in record["text"]
    assert record["case_number"] == CASE


METADATA = {
    "title": "Determination prepared by Jane Q. Preparer",
    "author": "Jane Q. Preparer",
    "subject": "Reviewed by Dr. Hidden Name",
    "keywords": "preparer-keyword-xyzzy",
    "creator": "Preparer Workstation 7",
    "producer": "Producer Secret 9.1",
}
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    'syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'
    "Xmp Hidden Person</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
)


@pytest.mark.parametrize("aes", [False, True], ids=["plain", "aes-encrypted"])
def test_pdf_metadata_never_reaches_the_record(tmp_path: Path, aes: bool) -> None:
    data = letter_pdf(seed_text(SEED), Options(metadata=METADATA, xmp=XMP, aes_owner_only=aes))
    if not aes:  # the names are in the file, for any reader of its metadata to find
        assert b"Jane Q. Preparer" in data and b"Xmp Hidden Person" in data
    (tmp_path / "letter.pdf").write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "parse", "--json", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["issues"]
    dumped = json.dumps(record)
    for value in [*METADATA.values(), "Xmp Hidden Person", "Jane", "Preparer", "Hidden"]:
        assert value not in dumped, value
    assert "Jane" not in result.stderr


# -- bad PDFs ------------------------------------------------------------------------------------


def _text_letter() -> bytes:
    return (SEEDS / f"{SEED}.txt").read_bytes()


def _minutes_pdf() -> bytes:
    return letter_pdf((FIXTURES / "bad" / "not_a_determination.txt").read_text(encoding="utf-8"))


def _truncated() -> bytes:
    data = letter_pdf(seed_text(SEED))
    return data[: len(data) // 2]


def _corrupt() -> bytes:
    noise = random.Random(1).randbytes(4000)
    return b"%PDF-1.7\n" + noise + b"\n%%EOF\n"


BAD_PDFS: list[tuple[str, Callable[[], bytes], type[Exception], str]] = [
    # (file name, how it is made, error, the reason starts with)
    (
        "user_password.pdf",
        lambda: letter_pdf(seed_text(SEED), Options(user_password="reader")),
        PasswordPdf,
        "encrypted with a user password: the file cannot be opened without one",
    ),  # a password to open it
    (
        "scanned.pdf",
        image_only_pdf,
        ScannedPdf,
        "scanned PDF with no text layer; OCR is not supported",
    ),  # page images, no text layer
    (
        "truncated.pdf",
        _truncated,
        DamagedPdf,
        "corrupt or truncated PDF: the file ends before its end-of-file marker",
    ),  # an interrupted download
    (
        "corrupt.pdf",
        _corrupt,
        DamagedPdf,
        "corrupt or truncated PDF: PDFium cannot open it",
    ),  # a PDF header, then noise
    (
        "text.pdf",
        _text_letter,
        NotAPdf,
        "not a PDF despite its name: it is plain text; name it .txt",
    ),  # a text letter named .pdf
    (
        "page.pdf",
        lambda: b"<!DOCTYPE html><html><body>Not found</body></html>",
        NotAPdf,
        "not a PDF despite its name: it is HTML",
    ),  # a web page saved as .pdf
    (
        "image.pdf",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(200),
        NotAPdf,
        "not a PDF despite its name: its bytes do not start with %PDF-",
    ),  # an image named .pdf
    (
        "minutes.pdf",
        _minutes_pdf,
        Exception,
        'not an IMR final determination: it opens with "MEETING MINUTES',
    ),  # a PDF that is no determination
    ("blank.pdf", blank_pdf, EmptyLetter, "empty PDF: no text on any page"),  # one empty page
    ("empty.pdf", lambda: b"", EmptyLetter, "empty file"),  # zero bytes
]


@pytest.mark.parametrize(
    ("name", "make", "error", "reason"), BAD_PDFS, ids=[row[0] for row in BAD_PDFS]
)
def test_bad_pdf_is_named_with_its_reason(
    tmp_path: Path, name: str, make: Callable[[], bytes], error: type[Exception], reason: str
) -> None:
    data = make()
    if error is not Exception:  # the extractor itself says why
        with pytest.raises(error):
            extract_pages(data)
    (tmp_path / name).write_bytes(data)
    (outcome,) = parse_paths([tmp_path / name])
    assert outcome.record is None
    assert outcome.failure is not None
    assert outcome.failure.reason.startswith(reason), outcome.failure.reason
    assert not outcome.failure.detail  # a named reason, not an internal error


def test_a_pdf_named_txt_is_named(tmp_path: Path) -> None:
    (tmp_path / "letter.txt").write_bytes(letter_pdf(seed_text(SEED)))
    (outcome,) = parse_paths([tmp_path / "letter.txt"])
    assert outcome.failure is not None
    assert outcome.failure.reason == "binary file: a PDF named .txt; name it .pdf to read it"


def _mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    (folder / "bad").mkdir(parents=True)
    for name, make, _error, _reason in BAD_PDFS:
        (folder / "bad" / name).write_bytes(make())
    (folder / "a.pdf").write_bytes(letter_pdf(seed_text(SEED), Options(aes_owner_only=True)))
    (folder / "b.txt").write_bytes((SEEDS / "000_5d516a6f8a2f4e6d.txt").read_bytes())
    (folder / "C.PDF").write_bytes(letter_pdf(seed_text("004_fe65d462dc32a52a")))
    return folder


def test_pdfs_and_texts_in_any_mix_are_found_in_order(tmp_path: Path) -> None:
    folder = _mixed(tmp_path)
    found = [f.source for f in find_letters([folder])]
    assert found[:3] == ["C.PDF", "a.pdf", "b.txt"]
    assert len(found) == 3 + len(BAD_PDFS)
    assert {f.file_type for f in find_letters([folder])} == {"pdf", "txt"}


def test_cli_names_every_bad_pdf_and_parses_the_rest(tmp_path: Path) -> None:
    folder = _mixed(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "parse", "--json", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["C", "a", "b"]
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == len(BAD_PDFS)
    for name, _make, _error, reason in BAD_PDFS:
        assert any(f"{name}: error: {reason}" in line for line in errors), name
    assert f"{3 + len(BAD_PDFS)} letters: 3 parsed, {len(BAD_PDFS)} failed" in result.stderr


def test_build_from_pdfs_and_texts(tmp_path: Path) -> None:
    """A folder of PDFs and texts: one case page for a letter there as its PDF and as its text
    (with a note), bad PDFs named and counted, counts per file type and layout on the Data
    quality page, and no PDF metadata on any page."""
    from generator import build as build_module
    from tests.test_build import _docs

    source = tmp_path / "letters"
    source.mkdir()
    text = seed_text(SEED)
    published = Options(case=CASE, aes_owner_only=True, metadata=METADATA, xmp=XMP)
    (source / f"{CASE}.pdf").write_bytes(letter_pdf(text, published))
    (source / f"{CASE}.txt").write_text(HEADER_TEXT.format(case=CASE) + text, encoding="utf-8")
    (source / "other.pdf").write_bytes(letter_pdf(seed_text("004_fe65d462dc32a52a")))
    (source / "locked.pdf").write_bytes(letter_pdf(text, Options(user_password="reader")))
    (source / "scanned.pdf").write_bytes(image_only_pdf())
    docs = _docs(tmp_path)
    out = io.StringIO()
    report = build_module.build(source, docs, out=out)
    tally = report.tally
    assert (tally.letters, tally.parsed, tally.failed, tally.twice) == (5, 3, 2, 1)
    summary = report.summary()
    assert "  pdf: 4 read, 2 parsed, 2 rejected (1 no text layer, 1 user password)" in summary
    assert "  txt: 1 read, 1 parsed" in summary
    assert "  layout current: 3 read, 3 parsed" in summary
    assert summary.endswith("warnings") and "1 the same letter as another, one page" in summary
    cases = sorted(p.name for p in (docs / "cases").glob("*.md") if p.name != "index.md")
    assert cases == [f"{CASE}.md", "other.md"]
    page = (docs / "cases" / f"{CASE}.md").read_text(encoding="utf-8")
    assert f"the same letter is also in {CASE}.txt" in page
    quality = (docs / "quality" / "index.md").read_text(encoding="utf-8")
    assert (
        '<tr><th scope="row">PDF files</th><td>4</td><td>2</td><td>2</td><td>1 no text layer, 1 user password</td></tr>'
        in quality
    )
    assert "locked.pdf" in quality and "encrypted with a user password" in quality
    assert "scanned PDF with no text layer; OCR is not supported" in quality
    generated = [p for p in docs.rglob("*") if p.is_file() and p.suffix in {".md", ".json"}]
    for path in generated:
        words = path.read_text(encoding="utf-8")
        for value in [*METADATA.values(), "Xmp Hidden Person"]:
            assert value not in words, (path, value)
