"""Reading PDF letters: the text layer of every page, through PDFium (pypdfium2).

The state publishes each determination as a PDF, AES-encrypted with an owner password and an
empty user password (printing allowed, copying not); PDFium opens such files with no password
and no extra package. Only the pages' text is read: never the document's metadata (Author,
Producer, Title ... name the people who prepared the published letters), its XMP packet,
bookmarks, annotations or attachments.

Pages are joined with a form feed, as poppler's ``pdftotext`` separates them; the cleaners
(``clean.CLEANERS``) then make the same canonical text from this as from poppler's output: page
furniture repeated on every page is dropped, PDFium's mark for a hyphen at a line end is made a
line-end hyphen again, and the header block is read by label in whatever order it comes.

Why pypdfium2 and not pypdf or pdfminer.six: ``benchmarks/pdf_candidates.py`` (README).
"""

from __future__ import annotations

from typing import Any

from generator.errors import DamagedPdf, EmptyLetter, NotAPdf, PasswordPdf, ScannedPdf

#: Every PDF starts with this marker; readers accept it within the first kilobyte (junk before it).
PDF_MAGIC = b"%PDF-"
_MAGIC_WINDOW = 1024
#: A PDF ends with this marker, at most some padding after it. A file cut short (an interrupted
#: download) lacks it; PDFium would still open many such files and read part of their text.
PDF_EOF = b"%%EOF"
_EOF_WINDOW = 1024

#: Between pages in the extracted text, as pdftotext writes it.
PAGE_BREAK = "\f"

# PDFium's document-loading error codes (fpdfview.h FPDF_ERR_*); the raw module names them, but
# importing it costs ~70 ms, paid only when a PDF is read.
_ERR_PASSWORD = 4
_ERR_SECURITY = 5


def looks_like_pdf(raw: bytes) -> bool:
    """True when the bytes carry the PDF marker where readers look for it."""
    return PDF_MAGIC in raw[:_MAGIC_WINDOW]


# Share of a file's first kilobyte that must be printable characters for it to be called text.
_TEXT_SHARE = 0.95


def _looks_like_text(sample: bytes) -> bool:
    """Mostly printable characters as UTF-8 (Windows-1252 letters lose a few to U+FFFD), or a
    UTF-16 byte-order mark."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    text = sample.decode("utf-8", errors="replace")
    printable = sum(1 for c in text if (c.isprintable() and c != "\ufffd") or c in "\t\r\n\f")
    return printable >= _TEXT_SHARE * len(text)


def _not_a_pdf(raw: bytes) -> NotAPdf:
    sample = raw[:_MAGIC_WINDOW]
    if sample.lstrip().lower().startswith((b"<!doctype html", b"<html", b"<?xml")):
        what = "it is HTML or XML (a web page saved under a .pdf name?)"
    elif _looks_like_text(sample):
        what = "it is plain text; name it .txt to read it as a text letter"
    else:
        what = "its bytes do not start with %PDF-"
    return NotAPdf(f"not a PDF despite its name: {what}")


def extract_pages(raw: bytes) -> list[str]:
    """The text of each page of a PDF, in page order.

    Handles unencrypted PDFs and PDFs encrypted (RC4 or AES) with an owner password and an empty
    user password. Raises, with the reason a user can act on:

    - ``EmptyLetter``: an empty file, or a PDF with no text and no images;
    - ``NotAPdf``: the bytes are not a PDF (text, HTML, anything else under a .pdf name);
    - ``DamagedPdf``: cut short (no end-of-file marker) or corrupt (PDFium cannot open it);
    - ``PasswordPdf``: encrypted with a user password;
    - ``ScannedPdf``: pages of images with no text layer (OCR is not supported).
    """
    if not raw.strip():
        raise EmptyLetter("empty file: no text to read")
    if not looks_like_pdf(raw):
        raise _not_a_pdf(raw)
    if PDF_EOF not in raw[-_EOF_WINDOW:]:
        raise DamagedPdf(
            "corrupt or truncated PDF: the file ends before its end-of-file marker (%%EOF); "
            "download it again"
        )
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as err:
        if err.err_code == _ERR_PASSWORD:
            raise PasswordPdf(
                "encrypted with a user password: the file cannot be opened without one"
            ) from None
        if err.err_code == _ERR_SECURITY:
            raise PasswordPdf(
                "encrypted with a security handler PDFium does not support: the file cannot "
                "be opened"
            ) from None
        raise DamagedPdf(f"corrupt or truncated PDF: PDFium cannot open it ({err})") from None
    try:
        pages, images = _page_texts(document, pdfium)
    except pdfium.PdfiumError as err:
        raise DamagedPdf(f"corrupt PDF: PDFium cannot read its pages ({err})") from None
    finally:
        document.close()
    if not any(text.strip() for text in pages):
        if images:
            raise ScannedPdf("scanned PDF with no text layer; OCR is not supported")
        raise EmptyLetter("empty PDF: no text on any page")
    return pages


def _page_texts(document: Any, pdfium: Any) -> tuple[list[str], int]:
    """Each page's text, and how many of the pages without text hold an image."""
    pages: list[str] = []
    images = 0
    for index in range(len(document)):
        page = document[index]
        try:
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
            if not text.strip():
                image = pdfium.raw.FPDF_PAGEOBJ_IMAGE
                images += any(True for _ in page.get_objects(filter=[image]))
        finally:
            page.close()
        pages.append(text)
    return pages, images


def pdf_text(raw: bytes) -> str:
    """A PDF's text: its pages' text joined by form feeds (``extract_pages``)."""
    return PAGE_BREAK.join(extract_pages(raw))
