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
    """A letter cannot become a record. ``str(err)`` is the reason shown to the user."""


class EmptyLetter(LetterError):
    """The file has no text."""


class BinaryLetter(LetterError):
    """The file is not text (NUL bytes, control characters, an undecodable encoding)."""


class NotADetermination(LetterError):
    """The text is not an IMR final determination."""


class TruncatedLetter(LetterError):
    """The letter stops before its decisions."""
