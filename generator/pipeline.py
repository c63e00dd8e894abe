"""Reading and parsing many letters, one failure at a time: the stage the CLI and the site build
share. A letter that cannot be parsed is reported with its reason and counted; the others go on.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import LetterError
from generator.model import Determination
from generator.normalize import Normalizer
from generator.parse import parse_letter
from generator.read import LetterFile, find_letters, read_letter


@dataclass(frozen=True)
class Failure:
    """A letter that did not become a record."""

    file: LetterFile
    reason: str
    # The traceback of an internal error (a bug in the generator), shown with --debug only.
    detail: str = ""


@dataclass
class Outcome:
    """One letter's result: a record (maybe with warnings) or a failure."""

    file: LetterFile
    record: Determination | None = None
    failure: Failure | None = None

    @property
    def warnings(self) -> list[str]:
        """Every warning of the record (``record_warnings``); none for a failure."""
        return [] if self.record is None else record_warnings(self.record)


def record_warnings(record: Determination) -> list[str]:
    """Every warning of a record, letter-level first, then per item ("item 2: ...")."""
    found = list(record.warnings)
    for issue in record.issues:
        found += [f"item {issue.index}: {w}" for w in issue.warnings]
    return found


@dataclass
class Tally:
    """Counts for the closing summary line."""

    letters: int = 0
    parsed: int = 0
    failed: int = 0
    items: int = 0
    warnings: int = 0
    decisions: dict[str, int] = field(default_factory=dict)

    def set_aside(self, record: Determination) -> None:
        """Count a parsed letter as failed after all (a duplicate of another)."""
        self.parsed -= 1
        self.failed += 1
        self.items -= len(record.issues)
        self.warnings -= len(record_warnings(record))
        for issue in record.issues:
            self.decisions[issue.decision] -= 1

    def add(self, outcome: Outcome) -> None:
        self.letters += 1
        if outcome.record is None:
            self.failed += 1
            return
        self.parsed += 1
        self.items += len(outcome.record.issues)
        self.warnings += len(outcome.warnings)
        for issue in outcome.record.issues:
            self.decisions[issue.decision] = self.decisions.get(issue.decision, 0) + 1


def parse_file(file: LetterFile, normalizer: Normalizer | None = None) -> Outcome:
    """Read, parse and (given a normalizer) normalize one letter; a ``LetterError`` or an
    unreadable file becomes a failure."""
    try:
        record = parse_letter(read_letter(file))
        if normalizer is not None:
            normalizer.normalize(record)
        return Outcome(file, record=record)
    except LetterError as err:
        return Outcome(file, failure=Failure(file, str(err)))
    except OSError as err:
        return Outcome(file, failure=Failure(file, f"cannot read: {err.strerror or err}"))
    except Exception as err:
        reason = (
            f"internal error while parsing ({type(err).__name__}: {err}); please report it "
            "(--debug shows the traceback)"
        )
        return Outcome(file, failure=Failure(file, reason, traceback.format_exc()))


def parse_paths(paths: list[Path], normalizer: Normalizer | None = None) -> Iterator[Outcome]:
    """Parse (and normalize) every letter under ``paths`` in order (``read.find_letters``)."""
    for file in find_letters(paths):
        yield parse_file(file, normalizer)
