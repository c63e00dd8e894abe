"""Test PDFs made here from letter texts with fpdf2 (a test dependency): several pages with page
furniture, the published two-column header block, AES encryption with an empty user password
(as every published PDF is), a user password, image-only pages, metadata naming people.

Each text line becomes one line of the PDF (no rewrapping), so the PDF's text has the letter's
own line breaks and the record read from it can be compared with the record of the text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import AccessPermission, EncryptionMethod

# Helvetica at 9 pt fits the seeds' longest line (103 characters) inside A4's margins.
FONT_SIZE = 9
LINE_HEIGHT = 4.5

# Running header and footer of the multi-page test PDFs: the furniture the cleaner drops.
RUNNING_HEADER = "Independent Medical Review - Final Determination Letter"
FOOTER = "Page {page} of {{nb}}"

# The published header block, as its two columns sit on the page (x positions in mm).
HEADER_ROWS = (
    (("Case Number:", 10), ("{case}", 45)),
    (("Date Assigned:", 10), ("11/09/2016", 45), ("Date of Injury:", 110), ("10/13/2016", 150)),
    (("Decision Date:", 10), ("12/09/2016", 45), ("UR Denial Date:", 110), ("11/03/2016", 150)),
    (("Priority:", 10), ("Standard", 45), ("Application", 110), ("11/03/2016", 150)),
    (("Received:", 110),),
)
# The same block as poppler's ``pdftotext -layout`` prints it.
HEADER_TEXT = (
    "Case Number:          {case}\n"
    "Date Assigned:        11/09/2016                      Date of Injury:      10/13/2016\n"
    "Decision Date:        12/09/2016                      UR Denial Date:      11/03/2016\n"
    "Priority:             Standard                        Application          11/03/2016\n"
    "                                                      Received:\n\n"
)


@dataclass
class Options:
    """What goes into a test PDF besides the letter's lines."""

    furniture: bool = False
    case: str | None = None  # draws the two-column header block with this case number
    metadata: dict[str, str] = field(default_factory=dict)  # title, author, subject, ...
    xmp: str | None = None
    aes_owner_only: bool = False  # AES-128, owner password, empty user password
    user_password: str | None = None


class _Letter(FPDF):
    furniture = False

    def header(self) -> None:
        if self.furniture:
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, RUNNING_HEADER, new_x="LMARGIN", new_y="NEXT", align="C")
            self.ln(3)
            self.set_font("Helvetica", size=FONT_SIZE)

    def footer(self) -> None:
        if self.furniture:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, FOOTER.format(page=self.page_no()), align="C")
            self.set_font("Helvetica", size=FONT_SIZE)


def letter_pdf(text: str, options: Options | None = None) -> bytes:
    """A PDF of ``text``, one PDF line per text line, with what ``options`` asks for."""
    options = options or Options()
    pdf = _Letter(format="A4")
    pdf.furniture = options.furniture
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(10, 12, 10)
    if options.furniture:
        pdf.alias_nb_pages()
    setters = {
        "title": pdf.set_title,
        "author": pdf.set_author,
        "subject": pdf.set_subject,
        "keywords": pdf.set_keywords,
        "creator": pdf.set_creator,
        "producer": pdf.set_producer,
    }
    for key, value in options.metadata.items():
        setters[key](value)
    if options.xmp is not None:
        pdf.set_xmp_metadata(options.xmp)
    pdf.add_page()
    pdf.set_font("Helvetica", size=FONT_SIZE)
    if options.case is not None:
        for row in HEADER_ROWS:
            for words, x in row:
                pdf.set_x(x)
                pdf.cell(0 if x > 100 else 60, LINE_HEIGHT, words.format(case=options.case))
            pdf.ln(LINE_HEIGHT)
        pdf.ln(LINE_HEIGHT)
    for line in text.split("\n"):
        line = line.rstrip()
        if pdf.get_string_width(line) > pdf.epw:
            raise ValueError(f"line too wide for a test PDF: {line!r}")
        pdf.cell(0, LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
    if options.user_password is not None:
        pdf.set_encryption(owner_password="owner", user_password=options.user_password)
    elif options.aes_owner_only:
        # As the state publishes them: printing allowed, copying not, no password to open.
        pdf.set_encryption(
            owner_password="owner",
            encryption_method=EncryptionMethod.AES_128,
            permissions=AccessPermission.PRINT_LOW_RES | AccessPermission.PRINT_HIGH_RES,
        )
    return bytes(pdf.output())


def image_only_pdf(pages: int = 2) -> bytes:
    """A "scanned" letter: each page one image (grey bars standing for lines), no text."""
    from PIL import Image, ImageDraw

    pdf = FPDF(format="A4")
    for _ in range(pages):
        image = Image.new("L", (850, 1100), 255)
        draw = ImageDraw.Draw(image)
        for y in range(80, 1000, 28):
            draw.rectangle((70, y, 780, y + 12), fill=60)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf.add_page()
        pdf.image(buffer, x=0, y=0, w=210)
    return bytes(pdf.output())


def blank_pdf() -> bytes:
    """A PDF whose one page holds nothing at all."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    return bytes(pdf.output())
