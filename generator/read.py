"""Reading: finding letter files in a stable order and turning their bytes into text.

A letter is a text file (``*.txt``: decoded here) or a PDF as the state publishes it (``*.pdf``:
its pages' text, ``generator/pdf.py``), in any mix; suffixes in any case.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BinaryLetter, EmptyLetter, UsageError
from generator.pdf import looks_like_pdf, pdf_text

#: Letter files by suffix (lower-cased) -> the file type counted in summaries.
LETTER_SUFFIXES = {".txt": "txt", ".pdf": "pdf"}

# Control characters that never occur in extracted letter text (tab, newline, CR, form feed and
# vertical tab do). More than a trace of them means the file is binary.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.001


@dataclass(frozen=True)
class LetterFile:
    """One letter on disk: where it is and the name it is known by."""

    path: Path
    root: Path

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def file_type(self) -> str:
        """``pdf`` or ``txt``, from the file's suffix (``LETTER_SUFFIXES``)."""
        return file_type(self.path.name)

    @property
    def source(self) -> str:
        """Path relative to the input root, with forward slashes on every platform."""
        return self.path.relative_to(self.root).as_posix()


@dataclass(frozen=True)
class RawLetter:
    """A letter's bytes, decoded."""

    file: LetterFile
    sha256: str
    text: str
    # The text encoding of a text file ("utf-8", "cp1252", ...); "pdf" for a PDF's text layer.
    encoding: str


def file_type(name: str) -> str:
    """The file type of a letter file's name: ``pdf`` for ``*.pdf`` (any case), else ``txt``."""
    return LETTER_SUFFIXES.get(Path(name).suffix.lower(), "txt")


def find_letters(paths: list[Path]) -> list[LetterFile]:
    """Every letter named by ``paths``: files as given, directories searched recursively.

    Within a directory, letters come in sorted order of their relative path so that output is
    the same on every machine. A path that does not exist is a usage error.
    """
    found: list[LetterFile] = []
    for path in paths:
        if path.is_file():
            found.append(LetterFile(path=path, root=path.parent))
        elif path.is_dir():
            files = [
                p for p in path.rglob("*") if p.suffix.lower() in LETTER_SUFFIXES and p.is_file()
            ]
            files.sort(key=lambda p: p.relative_to(path).as_posix())
            found.extend(LetterFile(path=p, root=path) for p in files)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return found


def decode(raw: bytes) -> tuple[str, str]:
    """Decode a letter's bytes; return ``(text, encoding)``.

    Handles UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark, and
    Windows-1252 (what Word on Windows saves as "plain text"); bytes 1252 leaves undefined fall
    back to Latin-1. Raises ``EmptyLetter`` or ``BinaryLetter`` with the reason.
    """
    if not raw.strip():
        raise EmptyLetter("empty file: no text to read")
    if raw.startswith(codecs.BOM_UTF8):
        text, encoding = raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = raw.decode("utf-16", errors="replace"), "utf-16"
    elif b"\x00" in raw:
        raise BinaryLetter("binary file: contains NUL bytes, not a text letter")
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = raw.decode("latin-1"), "latin-1"
    controls = len(_CONTROL.findall(text))
    if controls > max(1, len(text) * _MAX_CONTROL_SHARE):
        raise BinaryLetter(f"binary file: {controls} control characters in {len(text)}")
    if not text.strip():
        raise EmptyLetter("empty file: no text to read")
    return text, encoding


def read_letter(file: LetterFile) -> RawLetter:
    """Read one letter file: a PDF's text layer (``pdf.pdf_text``) or a text file decoded
    (``decode``). Raises a ``LetterError`` naming what is wrong with the file."""
    raw = file.path.read_bytes()
    if file.file_type == "pdf":
        text, encoding = pdf_text(raw), "pdf"
    elif looks_like_pdf(raw):
        raise BinaryLetter("binary file: a PDF named .txt; name it .pdf to read it")
    else:
        text, encoding = decode(raw)
    return RawLetter(
        file=file, sha256=hashlib.sha256(raw).hexdigest(), text=text, encoding=encoding
    )
