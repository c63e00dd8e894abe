"""The project's exceptions: a small named hierarchy (after mkdocs/exceptions.py).

``LetterError`` and its subclasses reject one letter with a reason a user can act on; the
pipeline catches them per letter, so one bad file never stops the others. Anything else that
escapes is a programmer error.
"""

from __future__ import annotations


class GeneratorError(Exception):
    """Base class for errors this package raises on purpose."""


class UsageError(GeneratorError):
    """The command line asked for something impossible (a path that does not exist, ...)."""


class LetterError(GeneratorError):
    """A letter cannot become a record. ``str(err)`` is the reason shown to the user; ``kind``
    names the class of reason in the counts (``parse`` and ``build`` summaries, the Data quality
    page); ``layout`` is the letter's layout when it was recognized before the letter failed."""

    kind = "unreadable"

    def __init__(self, reason: str, layout: str | None = None) -> None:
        super().__init__(reason)
        self.layout = layout


class EmptyLetter(LetterError):
    """The file has no text (an empty text file, a PDF with no text and no images)."""

    kind = "empty"


class BinaryLetter(LetterError):
    """The file is not text (NUL bytes, control characters, an undecodable encoding)."""

    kind = "binary"


class NotADetermination(LetterError):
    """The text is not an IMR final determination."""

    kind = "not a determination"


class UnknownLayout(LetterError):
    """An IMR letter in none of the layouts the parser knows (``parse.layouts``): rejected whole,
    never half-parsed."""

    kind = "no known layout"


class TruncatedLetter(LetterError):
    """The letter stops before its decisions."""

    kind = "truncated"


class NotAPdf(LetterError):
    """A file named ``*.pdf`` whose bytes are not a PDF (text, HTML, an image ...)."""

    kind = "not a PDF"


class PasswordPdf(LetterError):
    """A PDF encrypted with a user password: it cannot be opened without one."""

    kind = "user password"


class ScannedPdf(LetterError):
    """A PDF of page images with no text layer: reading it would need OCR."""

    kind = "no text layer"


class DamagedPdf(LetterError):
    """A PDF that is corrupt or truncated: PDFium cannot open it, or it ends early."""

    kind = "corrupt PDF"
