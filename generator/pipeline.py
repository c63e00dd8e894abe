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
from generator.read import LetterFile, find_letters, read_letter
from generator.store import Store


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


def _parse_to_json(file: LetterFile) -> tuple[str | None, str | None, str]:
    """Worker: (record JSON, failure reason, traceback) for one file."""
    global _WORKER_NORMALIZER
    if _WORKER_NORMALIZER is None:
        _WORKER_NORMALIZER = Normalizer.load()
    outcome = parse_file(file, _WORKER_NORMALIZER)
    if outcome.record is not None:
        return json.dumps(outcome.record.to_dict(), ensure_ascii=False), None, ""
    assert outcome.failure is not None
    return None, outcome.failure.reason, outcome.failure.detail


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
    hits: dict[str, tuple[str | None, str | None]] = {}
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
    results: Iterator[tuple[str | None, str | None, str]]
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
                record_json, reason = hits[sha]
                failure = Failure(file, reason) if reason is not None else None
                yield Stored(file, sha, record_json, failure, fresh=False)
                continue
            record_json, reason, detail = next(results)
            if sha is None:  # unreadable: the worker said why
                yield Stored(file, "", None, Failure(file, reason or "cannot read"), True)
                continue
            if not detail:  # an internal error is not remembered: it is a bug to fix
                store.remember(sha, record_json, reason)
            hits[sha] = (record_json, reason)  # a second copy in this corpus reads it from here
            failure = Failure(file, reason, detail) if reason is not None else None
            yield Stored(file, sha, record_json, failure, fresh=True)
    finally:
        if pool is not None:
            pool.terminate()
