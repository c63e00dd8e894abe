"""Reading and parsing many letters, one failure at a time: the stage the CLI and the site build
share. A letter that cannot be parsed is reported with its reason and counted; the others go on.
"""

from __future__ import annotations

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
from generator.read import LetterFile, find_letters, read_letter
from generator.store import Cached, RecordRows, Store, record_rows


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

    def set_aside(self, cached: Cached) -> None:
        """Count a parsed letter as failed after all (a duplicate of another)."""
        self.parsed -= 1
        self.failed += 1
        self.items -= cached.items
        self.warnings -= len(cached.warnings)
        for decision, count in cached.decisions.items():
            self.decisions[decision] = self.decisions.get(decision, 0) - count

    def add(self, outcome: Outcome) -> None:
        if outcome.record is None:
            self.letters += 1
            self.failed += 1
            return
        decisions: dict[str, int] = {}
        for issue in outcome.record.issues:
            decisions[issue.decision] = decisions.get(issue.decision, 0) + 1
        self.add_parsed(len(outcome.record.issues), decisions, len(outcome.warnings))

    def add_parsed(self, items: int, decisions: dict[str, int], warnings: int) -> None:
        """Count a letter that became a record: its items, decisions and warnings."""
        self.letters += 1
        self.parsed += 1
        self.items += items
        self.warnings += warnings
        for decision, count in decisions.items():
            if count:
                self.decisions[decision] = self.decisions.get(decision, 0) + count


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


def _parse_to_rows(file: LetterFile) -> tuple[RecordRows | None, str | None, str]:
    """Worker: (the record as the store's rows, failure reason, traceback) for one file."""
    global _WORKER
    if _WORKER is None:
        normalizer = Normalizer.load()
        _WORKER = (normalizer, normalizer.catalog())
    normalizer, catalog = _WORKER
    outcome = parse_file(file, normalizer)
    if outcome.record is not None:
        synthetic = outcome.record.text.startswith(SYNTHETIC_MARK)
        return record_rows(outcome.record, catalog, outcome.warnings, synthetic), None, ""
    assert outcome.failure is not None
    return None, outcome.failure.reason, outcome.failure.detail


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
    results: Iterator[tuple[RecordRows | None, str | None, str]]
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
                failure = Failure(file, cached.failure) if cached.failure is not None else None
                yield Stored(file, sha, cached, failure, fresh=False)
                continue
            rows, reason, detail = next(results)
            if sha is None:  # unreadable: the worker said why
                yield Stored(file, "", None, Failure(file, reason or "cannot read"), True)
                continue
            if detail:  # an internal error is not remembered: it is a bug to fix
                yield Stored(file, sha, None, Failure(file, reason or "", detail), True)
                continue
            store.remember(sha, rows, reason)
            remembered = store.cached(sha)
            assert remembered is not None
            known[sha] = remembered  # a second copy in this corpus reads it from here
            failure = Failure(file, reason) if reason is not None else None
            yield Stored(file, sha, remembered, failure, fresh=True)
    finally:
        if pool is not None:
            pool.terminate()
