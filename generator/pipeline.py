"""Reading and parsing many letters, one failure at a time: the stage the CLI and the site build
share. A letter that cannot be parsed is reported with its reason and counted; the others go on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalog import Catalog
from generator.errors import LetterError
from generator.model import Determination
from generator.normalize import Normalizer
from generator.parse import parse_letter
from generator.read import LetterFile, file_type, find_letters, read_letter
from generator.store import Cached, RecordRows, Store, record_rows

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

    def add(self, outcome: Outcome) -> None:
        if outcome.record is None:
            assert outcome.failure is not None
            self.add_failure(outcome.failure)
            return
        decisions: dict[str, int] = {}
        for issue in outcome.record.issues:
            decisions[issue.decision] = decisions.get(issue.decision, 0) + 1
        self.add_parsed(
            outcome.file.source, outcome.record.layout, len(outcome.record.issues), decisions,
            len(outcome.warnings),
        )  # fmt: skip

    def add_failure(self, failure: Failure) -> None:
        """Count a letter that did not become a record."""
        self.letters += 1
        self.failed += 1
        _count(self.by_type, failure.file.file_type, failure.kind)
        _count(self.by_layout, failure.layout or NO_LAYOUT, failure.kind)

    def add_parsed(
        self, source: str, layout: str, items: int, decisions: dict[str, int], warnings: int
    ) -> None:
        """Count a letter that became a record: its items, decisions and warnings."""
        self.letters += 1
        self.parsed += 1
        _count(self.by_type, file_type(source), "parsed")
        _count(self.by_layout, layout, "parsed")
        self._add_items(items, decisions, warnings, 1)

    def _add_items(self, items: int, decisions: dict[str, int], warnings: int, sign: int) -> None:
        self.items += sign * items
        self.warnings += sign * warnings
        for decision, count in decisions.items():
            if count:
                self.decisions[decision] = self.decisions.get(decision, 0) + sign * count

    def set_aside(self, cached: Cached, source: str, kind: str = "duplicate") -> None:
        """Count a parsed letter as failed after all (a duplicate of another)."""
        self.parsed -= 1
        self.failed += 1
        self._add_items(cached.items, cached.decisions, len(cached.warnings), -1)
        for groups, group in ((self.by_type, file_type(source)), (self.by_layout, cached.layout)):
            _count(groups, group or NO_LAYOUT, "parsed", -1)
            _count(groups, group or NO_LAYOUT, kind)

    def same_letter(self, cached: Cached) -> None:
        """Count a parsed letter's items, warnings and decisions once only: it is another file
        of a letter already counted."""
        self.twice += 1
        self._add_items(cached.items, cached.decisions, len(cached.warnings), -1)

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

# The first line of every benchmark letter (benchmarks/make_corpus.py). The build refuses such
# letters unless told they are a benchmark, so none reaches a published site.
SYNTHETIC_MARK = "SYNTHETIC BENCHMARK LETTER - NOT A REAL DETERMINATION"

_WORKER: tuple[Normalizer, Catalog] | None = None


@dataclass(frozen=True)
class Stored:
    """One letter after ingestion: what the store knows of it (``cached``: from an earlier
    build or just parsed), or why it could not be read. ``fresh`` tells whether it was parsed
    this time; ``detail`` is an internal error's traceback (never remembered)."""

    file: LetterFile
    sha256: str
    cached: Cached | None
    failure: Failure | None
    fresh: bool


# What a worker returns for a file: the record as the store's rows, or its failure.
_Parsed = tuple[RecordRows | None, Failure | None]


def _parse_to_rows(file: LetterFile) -> _Parsed:
    """Worker: one file's record as the store's rows, or why it failed."""
    global _WORKER
    if _WORKER is None:
        normalizer = Normalizer.load()
        _WORKER = (normalizer, normalizer.catalog())
    normalizer, catalog = _WORKER
    outcome = parse_file(file, normalizer)
    if outcome.record is not None:
        synthetic = outcome.record.text.startswith(SYNTHETIC_MARK)
        return record_rows(outcome.record, catalog, outcome.warnings, synthetic), None
    assert outcome.failure is not None
    return None, outcome.failure


def _sha256(file: LetterFile) -> str | None:
    try:
        return hashlib.sha256(file.path.read_bytes()).hexdigest()
    except OSError:
        return None


def ingest(files: list[LetterFile], store: Store, jobs: int) -> Iterator[Stored]:
    """Every file, in file order, with what the store knows of it: from the store when these
    bytes were parsed by this parser before, else parsed (and normalized) in ``jobs`` worker
    processes and remembered. The main process only hashes files and writes rows: records
    reach it as the store's rows, never as objects. Yields one letter at a time."""
    hashes = [_sha256(f) for f in files]
    known: dict[str, Cached] = {}
    misses: list[LetterFile] = []
    queued: set[str] = set()
    for file, sha in zip(files, hashes, strict=True):
        if sha is not None and (sha in queued or sha in known):
            continue  # the same bytes twice in one corpus: parsed once
        found = store.cached(sha) if sha is not None else None
        if found is not None and sha is not None:
            known[sha] = found
        else:
            misses.append(file)
            if sha is not None:
                queued.add(sha)
    results: Iterator[_Parsed]
    pool = None
    if jobs > 1 and len(misses) >= PARALLEL_FROM:
        context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
        pool = context.Pool(jobs)
        results = pool.imap(_parse_to_rows, misses, chunksize=16)
    else:
        results = map(_parse_to_rows, misses)
    try:
        for file, sha in zip(files, hashes, strict=True):
            if sha is not None and sha in known:
                cached = known[sha]
                failure = None
                if cached.failure is not None:
                    kind = cached.failure_kind or "unreadable"
                    failure = Failure(file, cached.failure, kind=kind, layout=cached.layout)
                yield Stored(file, sha, cached, failure, fresh=False)
                continue
            rows, failure = next(results)
            if failure is not None:  # the worker's file: this one, under its own name
                failure = dataclasses.replace(failure, file=file)
            if sha is None or (failure is not None and failure.detail):
                # Unreadable (the worker said why), or an internal error: not remembered, it is
                # a bug to fix.
                yield Stored(file, sha or "", None, failure, True)
                continue
            store.remember(sha, rows, failure)
            remembered = store.cached(sha)
            assert remembered is not None
            known[sha] = remembered  # a second copy in this corpus reads it from here
            yield Stored(file, sha, remembered, failure, fresh=True)
    finally:
        if pool is not None:
            pool.terminate()
