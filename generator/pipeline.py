"""Reading and parsing many letters, one failure at a time: the stage the CLI and the site build
share. A letter that cannot be parsed is reported with its reason and counted; the others go on.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import LetterError
from generator.model import Determination
from generator.normalize import Normalizer
from generator.parse import parse_letter
from generator.read import LetterFile, file_type, find_letters, read_letter
from generator.store import Store

# The layout group of a letter rejected before its layout was recognized (an unreadable file,
# a PDF with a password, a text in no known layout).
NO_LAYOUT = "none recognized"


@dataclass(frozen=True)
class Failure:
    """A letter that did not become a record."""

    file: LetterFile
    reason: str
    # The traceback of an internal error (a bug in the generator), shown with --debug only.
    detail: str = ""
    # The class of reason, counted in the summaries (errors.LetterError.kind, "internal error",
    # "duplicate", ...), and the letter's layout when it was recognized before it failed.
    kind: str = "unreadable"
    layout: str | None = None


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


def _count(groups: dict[str, dict[str, int]], group: str, outcome: str, by: int = 1) -> None:
    counts = groups.setdefault(group, {})
    counts[outcome] = counts.get(outcome, 0) + by


@dataclass
class Tally:
    """Counts for the closing summary: letters, items, warnings, decisions, and the letters of
    each file type and each layout by outcome ("parsed", or the kind of reason they failed)."""

    letters: int = 0
    parsed: int = 0
    failed: int = 0
    items: int = 0
    warnings: int = 0
    decisions: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    by_layout: dict[str, dict[str, int]] = field(default_factory=dict)
    # Parsed letters that are another file of a letter already counted (its PDF and its text):
    # one case page, their items counted once.
    twice: int = 0

    def same_letter(self, record: Determination) -> None:
        """Count a parsed letter's items, warnings and decisions once only: it is another file
        of a letter already counted."""
        self.twice += 1
        self.items -= len(record.issues)
        self.warnings -= len(record_warnings(record))
        for issue in record.issues:
            self.decisions[issue.decision] -= 1

    def set_aside(self, record: Determination, source: str, kind: str = "duplicate") -> None:
        """Count a parsed letter as failed after all (a duplicate of another)."""
        self.parsed -= 1
        self.failed += 1
        self.items -= len(record.issues)
        self.warnings -= len(record_warnings(record))
        for issue in record.issues:
            self.decisions[issue.decision] -= 1
        for groups, group in ((self.by_type, file_type(source)), (self.by_layout, record.layout)):
            _count(groups, group, "parsed", -1)
            _count(groups, group, kind)

    def add(self, outcome: Outcome) -> None:
        self.letters += 1
        kind, layout = "parsed", NO_LAYOUT
        if outcome.record is not None:
            layout = outcome.record.layout
        elif outcome.failure is not None:
            kind, layout = outcome.failure.kind, outcome.failure.layout or NO_LAYOUT
        _count(self.by_type, outcome.file.file_type, kind)
        _count(self.by_layout, layout, kind)
        if outcome.record is None:
            self.failed += 1
            return
        self.parsed += 1
        self.items += len(outcome.record.issues)
        self.warnings += len(outcome.warnings)
        for issue in outcome.record.issues:
            self.decisions[issue.decision] = self.decisions.get(issue.decision, 0) + 1

    def groups(self) -> list[Group]:
        """The counts per file type, then per layout, in sorted order."""
        return [
            Group(dimension, name, dict(sorted(counts.items())))
            for dimension, groups in (("file type", self.by_type), ("layout", self.by_layout))
            for name, counts in sorted(groups.items())
        ]

    def breakdown(self) -> list[str]:
        """One line a file type and a layout: "pdf: 12 read, 10 parsed, 2 rejected (1 corrupt
        PDF, 1 user password)"."""
        return [f"  {g.label}: {g.summary()}" for g in self.groups()]


@dataclass(frozen=True)
class Group:
    """The letters of one file type or one layout: how many were read, how many parsed, and
    how many were rejected for each kind of reason."""

    dimension: str  # "file type" or "layout"
    name: str
    counts: dict[str, int]

    @property
    def label(self) -> str:
        return self.name if self.dimension == "file type" else f"layout {self.name}"

    @property
    def read(self) -> int:
        return sum(self.counts.values())

    @property
    def parsed(self) -> int:
        return self.counts.get("parsed", 0)

    @property
    def rejected(self) -> dict[str, int]:
        return {kind: n for kind, n in self.counts.items() if kind != "parsed" and n}

    def reasons(self) -> str:
        """ "1 corrupt PDF, 1 user password" """
        return ", ".join(f"{n} {kind}" for kind, n in self.rejected.items())

    def summary(self) -> str:
        text = f"{self.read} read, {self.parsed} parsed"
        if self.rejected:
            text += f", {sum(self.rejected.values())} rejected ({self.reasons()})"
        return text


def parse_file(file: LetterFile, normalizer: Normalizer | None = None) -> Outcome:
    """Read, parse and (given a normalizer) normalize one letter; a ``LetterError`` or an
    unreadable file becomes a failure."""
    try:
        record = parse_letter(read_letter(file))
        if normalizer is not None:
            normalizer.normalize(record)
        return Outcome(file, record=record)
    except LetterError as err:
        return Outcome(file, failure=Failure(file, str(err), kind=err.kind, layout=err.layout))
    except OSError as err:
        return Outcome(file, failure=Failure(file, f"cannot read: {err.strerror or err}"))
    except Exception as err:
        reason = (
            f"internal error while parsing ({type(err).__name__}: {err}); please report it "
            "(--debug shows the traceback)"
        )
        failure = Failure(file, reason, traceback.format_exc(), kind="internal error")
        return Outcome(file, failure=failure)


def parse_paths(paths: list[Path], normalizer: Normalizer | None = None) -> Iterator[Outcome]:
    """Parse (and normalize) every letter under ``paths`` in order (``read.find_letters``)."""
    for file in find_letters(paths):
        yield parse_file(file, normalizer)


# -- into the corpus store, on every core ---------------------------------------------------------

# Below this many letters to parse, worker processes cost more than they save.
PARALLEL_FROM = 64

_WORKER_NORMALIZER: Normalizer | None = None


@dataclass(frozen=True)
class Stored:
    """One letter after ingestion: its record's JSON (from the cache or just parsed) or why it
    failed. ``fresh`` tells whether it was parsed this time."""

    file: LetterFile
    sha256: str
    record_json: str | None
    failure: Failure | None
    fresh: bool


# What a worker returns for a file: (record JSON, failure reason, traceback, failure kind,
# failure layout).
_Parsed = tuple[str | None, str | None, str, str | None, str | None]


def _parse_to_json(file: LetterFile) -> _Parsed:
    """Worker: one file's record as JSON, or why it failed."""
    global _WORKER_NORMALIZER
    if _WORKER_NORMALIZER is None:
        _WORKER_NORMALIZER = Normalizer.load()
    outcome = parse_file(file, _WORKER_NORMALIZER)
    if outcome.record is not None:
        return json.dumps(outcome.record.to_dict(), ensure_ascii=False), None, "", None, None
    failure = outcome.failure
    assert failure is not None
    return None, failure.reason, failure.detail, failure.kind, failure.layout


def _sha256(file: LetterFile) -> str | None:
    try:
        return hashlib.sha256(file.path.read_bytes()).hexdigest()
    except OSError:
        return None


def ingest(files: list[LetterFile], store: Store, jobs: int) -> Iterator[Stored]:
    """Every file's record, in file order: from the store's cache when these bytes were parsed
    by this parser before, else parsed (and normalized) in ``jobs`` worker processes and
    remembered. Yields one letter at a time; nothing is held but the file list."""
    hashes = [_sha256(f) for f in files]
    hits: dict[str, tuple[str | None, str | None, str | None, str | None]] = {}
    misses: list[LetterFile] = []
    queued: set[str] = set()
    for file, sha in zip(files, hashes, strict=True):
        if sha is not None and sha in queued:
            continue  # the same bytes twice in one corpus: parsed once
        found = store.cached(sha) if sha is not None else None
        if found is not None and sha is not None:
            hits[sha] = found
        else:
            misses.append(file)
            if sha is not None:
                queued.add(sha)
    results: Iterator[_Parsed]
    pool = None
    if jobs > 1 and len(misses) >= PARALLEL_FROM:
        context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
        pool = context.Pool(jobs)
        results = pool.imap(_parse_to_json, misses, chunksize=16)
    else:
        results = map(_parse_to_json, misses)
    try:
        for file, sha in zip(files, hashes, strict=True):
            if sha is not None and sha in hits:
                record_json, reason, kind, layout = hits[sha]
                failure = None
                if reason is not None:
                    failure = Failure(file, reason, kind=kind or "unreadable", layout=layout)
                yield Stored(file, sha, record_json, failure, fresh=False)
                continue
            record_json, reason, detail, kind, layout = next(results)
            if sha is None:  # unreadable: the worker said why
                yield Stored(file, "", None, Failure(file, reason or "cannot read"), True)
                continue
            if not detail:  # an internal error is not remembered: it is a bug to fix
                store.remember(sha, record_json, reason, kind, layout)
            # A second copy in this corpus reads it from here.
            hits[sha] = (record_json, reason, kind, layout)
            failure = None
            if reason is not None:
                failure = Failure(file, reason, detail, kind or "unreadable", layout)
            yield Stored(file, sha, record_json, failure, fresh=True)
    finally:
        if pool is not None:
            pool.terminate()
