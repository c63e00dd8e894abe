"""The corpus store: every letter parsed once, kept on disk, so memory stays flat however many
letters there are and an unchanged letter is never parsed again.

One SQLite file (the standard library's ``sqlite3``) with:

- ``parsed``: the cache. One row per (sha256 of the file's bytes, parser version): the
  normalized record as JSON, or the reason the letter failed. The parser version is a hash of
  the generator's code and lexicons (``parser_version``), so any change to how letters are read
  re-parses them all, and nothing else does.
- ``letters``, ``items``, ``citations``: the current corpus, rewritten by every build in file
  order (``position``), one row per letter, per decided item and per citation, keyed by
  ``position`` and the item's ``idx``. Aggregations and pages read these; the open-data
  downloads publish them.

Records go in and come out whole through ``Determination.to_dict`` / ``record_from_dict``. The
store holds no page addresses: a letter's ``slug`` is the build's decision, stored beside it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.model import Determination, record_from_dict

# Bumped when the tables change shape; a store of another schema is rebuilt from scratch.
SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE parsed (
  sha256 TEXT NOT NULL,
  parser_version TEXT NOT NULL,
  record TEXT,            -- the normalized record as JSON; NULL when the letter failed
  failure TEXT,           -- why the letter did not become a record; NULL when it did
  failure_kind TEXT,      -- the class of that reason (errors.LetterError.kind), for the counts
  failure_layout TEXT,    -- the failed letter's layout, when it was recognized
  PRIMARY KEY (sha256, parser_version)
);
CREATE TABLE letters (
  position INTEGER PRIMARY KEY,   -- file order of the current corpus
  id TEXT NOT NULL,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  case_number TEXT,
  decision_date TEXT,
  slug TEXT,                      -- the case page's name, decided by the build
  failure TEXT,                   -- NULL for a parsed letter
  build_notes TEXT                -- JSON [[code, text], ...]: notes the build adds (a shared
                                  -- case number); NULL for none
);
CREATE TABLE items (
  position INTEGER NOT NULL REFERENCES letters(position),
  idx INTEGER NOT NULL,
  item TEXT NOT NULL,
  decision TEXT NOT NULL,
  kind TEXT,
  category TEXT,
  subcategory TEXT,
  drug_slug TEXT,
  drug_class TEXT,
  generics TEXT,                  -- "/"-joined generic names
  start INTEGER NOT NULL,         -- the item block's span in the record's cleaned text
  end INTEGER NOT NULL,
  PRIMARY KEY (position, idx)
);
CREATE TABLE citations (
  position INTEGER NOT NULL REFERENCES letters(position),
  idx INTEGER NOT NULL,
  role TEXT NOT NULL,             -- maximus | claims_administrator
  n INTEGER NOT NULL,             -- order within the role
  guideline TEXT NOT NULL,
  document_slug TEXT,
  section_slug TEXT,
  text TEXT NOT NULL,
  PRIMARY KEY (position, idx, role, n)
);
CREATE TABLE charts (
  digest TEXT PRIMARY KEY,        -- charts.chart_digest: data, title, drawing code
  svg BLOB NOT NULL
);
CREATE INDEX letters_slug ON letters(slug);
CREATE INDEX items_drug ON items(drug_slug);
CREATE INDEX citations_section ON citations(document_slug, section_slug);
"""


# Modules that shape pages, not records: changing them re-renders but never re-parses.
_PAGE_SIDE = frozenset({
    "aggregate.py", "build.py", "charts.py", "cli.py", "markup.py", "progress.py",
    "publish.py", "redirects.py", "render.py", "slugs.py", "store.py", "urls.py", "write.py",
    "__main__.py",
})  # fmt: skip


@cache
def parser_version() -> str:
    """A hash of every file that decides what a letter becomes: the package's reading, parsing
    and normalizing code and its lexicons (not the page side, ``_PAGE_SIDE`` and ``pages/``).
    Sixteen hex digits."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted([*package.rglob("*.py"), *(package / "lexicons").glob("*.yaml")])
    for path in files:
        relative = path.relative_to(package).as_posix()
        if relative in _PAGE_SIDE or relative.startswith("pages/"):
            continue
        digest.update(relative.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class LetterRow:
    """A letter of the current corpus, without its record."""

    position: int
    id: str
    source: str
    sha256: str
    case_number: str | None
    slug: str | None
    failure: str | None


@dataclass(frozen=True)
class StoredRecord:
    """A record from the store, and its JSON form (``Determination.to_dict``), already built."""

    record: Determination
    data: dict[str, Any]


class Store:
    """An open corpus store. Use as a context manager; writes are committed on leaving."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError:  # not a database (damaged, or another file): start anew
            path.unlink()
            self._db = self._connect()
        if self._schema() != str(SCHEMA_VERSION):
            self._reset()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.commit()
        self._db.close()

    def _schema(self) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None

    def _reset(self) -> None:
        tables = [
            r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:
            self._db.execute(f'DROP TABLE IF EXISTS "{table}"')
        self._db.executescript(_SCHEMA)
        self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        self._db.commit()

    # -- the cache ---------------------------------------------------------------------------

    def cached(self, sha256: str) -> tuple[str | None, str | None, str | None, str | None] | None:
        """(record JSON, failure, failure kind, failure layout) parsed from these bytes by this
        parser, or None."""
        row = self._db.execute(
            "SELECT record, failure, failure_kind, failure_layout FROM parsed "
            "WHERE sha256 = ? AND parser_version = ?",
            (sha256, parser_version()),
        ).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else None

    def remember(
        self, sha256: str, record_json: str | None, failure: str | None,
        kind: str | None = None, layout: str | None = None,
    ) -> None:  # fmt: skip
        self._db.execute(
            "INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?, ?, ?)",
            (sha256, parser_version(), record_json, failure, kind, layout),
        )

    # -- charts, by the digest of what they show -------------------------------------------

    def charts(self, digests: list[str]) -> dict[str, bytes]:
        """The stored SVG of each digest drawn before."""
        found: dict[str, bytes] = {}
        for start in range(0, len(digests), 500):  # SQLite's bound-parameter limit
            part = digests[start : start + 500]
            marks = ",".join("?" * len(part))
            query = f"SELECT digest, svg FROM charts WHERE digest IN ({marks})"
            found.update(self._db.execute(query, part).fetchall())
        return found

    def remember_chart(self, digest: str, svg: bytes) -> None:
        self._db.execute("INSERT OR REPLACE INTO charts VALUES (?, ?)", (digest, svg))

    # -- the current corpus ------------------------------------------------------------------

    def clear_corpus(self) -> None:
        for table in ("citations", "items", "letters"):
            self._db.execute(f"DELETE FROM {table}")

    def add_letter(
        self, position: int, id: str, source: str, sha256: str, record: Determination | None,
        failure: str | None,
    ) -> None:  # fmt: skip
        self._db.execute(
            "INSERT INTO letters VALUES (?, ?, ?, ?, ?, ?, NULL, ?, NULL)",
            (
                position, id, source, sha256, record.case_number if record else None,
                record.decision_date if record else None, failure,
            ),
        )  # fmt: skip
        if record is None:
            return
        self._db.executemany(
            "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    position,
                    i.index,
                    i.item,
                    i.decision,
                    i.treatment.kind,
                    i.treatment.category,
                    i.treatment.subcategory,
                    i.treatment.slug,
                    i.treatment.drug_class,
                    "/".join(i.treatment.generics),
                    *i.span,
                )
                for i in record.issues
            ],
        )
        self._db.executemany(
            "INSERT INTO citations VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (position, i.index, role, n, c.guideline, c.document_slug, c.slug, c.text)
                for i in record.issues
                for role, cs in sorted(i.citations.items())
                for n, c in enumerate(cs)
            ],
        )

    def set_slug(self, position: int, slug: str, notes: list[tuple[str, str]]) -> None:
        """Record the build's name for a letter's page, and notes it adds (code, text)."""
        self._db.execute(
            "UPDATE letters SET slug = ?, build_notes = ? WHERE position = ?",
            (slug, json.dumps(notes) if notes else None, position),
        )

    def drop_letter(self, position: int, failure: str) -> None:
        """Count a stored letter as failed after all (a duplicate of another)."""
        self._db.execute("DELETE FROM citations WHERE position = ?", (position,))
        self._db.execute("DELETE FROM items WHERE position = ?", (position,))
        self._db.execute("UPDATE letters SET failure = ? WHERE position = ?", (failure, position))

    def commit(self) -> None:
        self._db.commit()

    def record(self, position: int) -> Determination:
        """One stored letter's record (as parsed, before the build named it)."""
        row = self._db.execute(
            "SELECT p.record FROM letters l JOIN parsed p ON p.sha256 = l.sha256 "
            "AND p.parser_version = ? WHERE l.position = ?",
            (parser_version(), position),
        ).fetchone()
        return record_from_dict(json.loads(row[0]))

    def letters(self) -> list[LetterRow]:
        """Every letter of the current corpus, in file order (small rows, no records)."""
        rows = self._db.execute(
            "SELECT position, id, source, sha256, case_number, slug, failure FROM letters "
            "ORDER BY position"
        )
        return [LetterRow(*row) for row in rows]

    def records(self) -> Iterator[StoredRecord]:
        """The parsed letters' records one at a time, ordered by case slug (then file order),
        each with the slug and notes the build gave it; nothing more is held in memory."""
        rows = self._db.execute(
            "SELECT l.id, l.source, l.slug, l.build_notes, p.record FROM letters l "
            "JOIN parsed p ON p.sha256 = l.sha256 AND p.parser_version = ? "
            "WHERE l.failure IS NULL ORDER BY l.slug, l.position",
            (parser_version(),),
        )
        for letter_id, source, slug, notes, record_json in rows:
            data = json.loads(record_json)
            # The cache is keyed by bytes: the same bytes under another name keep that name.
            data["id"], data["source"], data["slug"] = letter_id, source, slug
            for code, text in json.loads(notes) if notes else ():
                data["diagnostics"].append({"severity": "note", "code": code, "text": text,
                                            "span": None})  # fmt: skip
                data["notes"].append(text)
            yield StoredRecord(record_from_dict(data), data)
