"""The corpus store: every letter parsed once, kept on disk, so memory stays flat however many
letters there are and an unchanged letter is never parsed again.

One SQLite file (the standard library's ``sqlite3``) in two parts:

- **What letters say**, keyed by the sha256 of a letter's bytes and valid for one parser
  version (``parser_version``: a hash of the reading, parsing and normalizing code and the
  lexicons; a store made by another version starts these tables afresh):
  ``records`` (the normalized record as JSON, or why the letter failed, with the few figures a
  build reports), and the record as rows for queries: ``specialties``, ``items``,
  ``item_drugs`` (the drug pages an item belongs on), ``citations``, ``problems`` (warnings
  and notes). Filled once per content, in the worker that parsed it (``record_rows``).
- **The current corpus**: ``letters``, one row per file of this build in file order
  (``position``), naming its content by sha256, its case page (``slug``, the build's decision)
  and any note the build adds (``letter_notes``). Rewritten by every build; aggregation and the
  pages join it to the first part (``aggregate.py``, ``lists.py``).

``charts`` keeps drawn SVGs by the digest of what they show. The store holds no page addresses
but the slug the build chose.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from generator.catalog import Catalog, drug_slugs_of
from generator.model import Determination, record_from_dict
from generator.slugs import slugify

# Bumped when the tables change shape; a store of another schema is rebuilt from scratch.
SCHEMA_VERSION = 5

_CONTENT = """
CREATE TABLE records (
  sha256 TEXT PRIMARY KEY,
  record TEXT,              -- the normalized record as JSON; NULL when the letter failed
  failure TEXT,             -- why the letter did not become a record; NULL when it did
  failure_kind TEXT,        -- the class of that reason (errors.LetterError.kind), for the counts
  layout TEXT,              -- the letter's layout, when it was recognized (parse.layouts)
  synthetic INTEGER NOT NULL, -- a benchmark letter (pipeline.SYNTHETIC_MARK)
  case_number TEXT,
  decision_date TEXT,
  item_count INTEGER NOT NULL,
  upheld INTEGER NOT NULL,
  overturned INTEGER NOT NULL,
  unknown INTEGER NOT NULL,
  first_item TEXT,
  warnings TEXT NOT NULL     -- JSON list of the record's warnings, letter's then items'
);
CREATE TABLE specialties (   -- the reviewer's, one row per distinct slug
  sha256 TEXT NOT NULL, n INTEGER NOT NULL, slug TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (sha256, n)
);
CREATE TABLE items (
  sha256 TEXT NOT NULL,
  idx INTEGER NOT NULL,
  item TEXT NOT NULL,
  decision TEXT NOT NULL,
  kind TEXT NOT NULL,        -- "other" when no kind was found
  category TEXT,
  subcategory TEXT,
  drug_slug TEXT,
  drug_class TEXT,
  generics TEXT NOT NULL,    -- "/"-joined generic names
  requested TEXT NOT NULL,   -- the brand, else the name, as the letter requested it
  strength TEXT,
  quantity INTEGER,
  start INTEGER NOT NULL,    -- the item block's span in the record's cleaned text
  end INTEGER NOT NULL,
  PRIMARY KEY (sha256, idx)
);
CREATE TABLE item_drugs (
  sha256 TEXT NOT NULL, idx INTEGER NOT NULL, drug_slug TEXT NOT NULL,
  PRIMARY KEY (sha256, idx, drug_slug)
);
CREATE TABLE citations (
  sha256 TEXT NOT NULL,
  idx INTEGER NOT NULL,
  role TEXT NOT NULL,        -- maximus | claims_administrator
  n INTEGER NOT NULL,        -- order within the role
  guideline TEXT NOT NULL,
  document_slug TEXT,
  section_slug TEXT NOT NULL, -- "" for the document as a whole
  edition TEXT,              -- the edition the letter names ("2009", "2016"), if any
  text TEXT NOT NULL,
  listed INTEGER NOT NULL,   -- 1 when the section has a page (it is in the lexicon)
  PRIMARY KEY (sha256, idx, role, n)
);
CREATE TABLE item_reasons (  -- why an item was decided so (reasons.py), in the lexicon's order
  sha256 TEXT NOT NULL, idx INTEGER NOT NULL, n INTEGER NOT NULL, reason TEXT NOT NULL,
  PRIMARY KEY (sha256, idx, n)
);
CREATE TABLE problems (
  sha256 TEXT NOT NULL,
  idx INTEGER NOT NULL,      -- the item; 0 for the letter
  n INTEGER NOT NULL,
  severity TEXT NOT NULL,    -- warning | note
  text TEXT NOT NULL,
  PRIMARY KEY (sha256, idx, n)
);
CREATE INDEX item_drugs_drug ON item_drugs(drug_slug);
CREATE INDEX items_kind ON items(kind);
CREATE INDEX citations_section ON citations(document_slug, section_slug, role);
CREATE INDEX specialties_slug ON specialties(slug);
CREATE INDEX item_reasons_reason ON item_reasons(reason);
"""

_CORPUS = """
CREATE TABLE letters (
  position INTEGER PRIMARY KEY,   -- file order of the current corpus
  id TEXT NOT NULL,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  label TEXT NOT NULL,            -- how pages name the case: its number, else the file's id
  decision_date TEXT,
  slug TEXT,                      -- the case page's name, decided by the build
  failure TEXT                    -- NULL for a letter on the site
);
CREATE TABLE letter_notes (       -- notes the build adds (a case number another letter shares)
  position INTEGER NOT NULL, n INTEGER NOT NULL, code TEXT NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (position, n)
);
CREATE INDEX letters_sha ON letters(sha256);
CREATE INDEX letters_order ON letters(decision_date, slug);
CREATE TABLE charts (
  digest TEXT PRIMARY KEY,        -- charts.chart_digest: data, title, drawing code
  svg BLOB NOT NULL
);
"""

_CONTENT_TABLES = (
    "records", "specialties", "items", "item_drugs", "citations", "item_reasons", "problems",
)  # fmt: skip

# Modules that shape pages, not records: changing them re-renders but never re-parses. (This
# module is not one of them: ``record_rows`` decides what the store keeps of a letter.)
_PAGE_SIDE = frozenset({
    "aggregate.py", "background.py", "breakdowns.py", "build.py", "charts.py", "cli.py",
    "lists.py", "markup.py", "overlay.py", "progress.py", "publish.py", "published.py",
    "redirects.py", "render.py", "rendering.py", "reuse.py", "search_index.py", "similar.py",
    "slugs.py", "stamp.py", "stamping.py", "urls.py", "write.py", "__main__.py",
})  # fmt: skip


@cache
def parser_version() -> str:
    """A hash of every file that decides what a letter becomes: the package's reading, parsing
    and normalizing code and its lexicons (not the page side: ``_PAGE_SIDE``, ``pages/`` and
    ``opendata/``).
    Sixteen hex digits."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted([*package.rglob("*.py"), *(package / "lexicons").glob("*.yaml")])
    for path in files:
        relative = path.relative_to(package).as_posix()
        if relative in _PAGE_SIDE or relative.startswith(("pages/", "opendata/")):
            continue
        digest.update(relative.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class RecordRows:
    """One parsed letter as the store keeps it: the record's JSON, the figures a build reports,
    and its rows for queries. Made where the letter was parsed (a worker process)."""

    record_json: str
    summary: tuple[Any, ...]  # records' columns from layout on
    specialties: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    item_drugs: list[tuple[Any, ...]] = field(default_factory=list)
    citations: list[tuple[Any, ...]] = field(default_factory=list)
    reasons: list[tuple[Any, ...]] = field(default_factory=list)
    problems: list[tuple[Any, ...]] = field(default_factory=list)


def record_rows(
    record: Determination, catalog: Catalog, warnings: list[str], synthetic: bool
) -> RecordRows:
    """A record as rows (without its sha256, which the store adds)."""
    decisions = [i.decision for i in record.issues]
    summary = (
        record.layout,
        int(synthetic), record.case_number, record.decision_date, len(decisions),
        decisions.count("upheld"), decisions.count("overturned"), decisions.count("unknown"),
        record.issues[0].item if record.issues else None, json.dumps(warnings),
    )  # fmt: skip
    rows = RecordRows(json.dumps(record.to_dict(), ensure_ascii=False), summary)
    seen: set[str] = set()
    for name in record.reviewer.specialties:
        slug = slugify(name)  # two spellings with one slug are one specialty
        if slug not in seen:
            seen.add(slug)
            rows.specialties.append((len(rows.specialties), slug, name))
    for issue in record.issues:
        t = issue.treatment
        rows.items.append((
            issue.index, issue.item, issue.decision, t.kind or "other", t.category,
            t.subcategory, t.slug, t.drug_class, "/".join(t.generics), t.brand or t.name,
            t.strength, t.quantity, *issue.span,
        ))  # fmt: skip
        rows.item_drugs.extend((issue.index, slug) for slug in drug_slugs_of(issue, catalog))
        for role, citations in sorted(issue.citations.items()):
            for n, c in enumerate(citations):
                key = (c.document_slug or "", c.slug)
                listed = c.document_slug is not None and key in catalog.sections
                rows.citations.append((issue.index, role, n, c.guideline, c.document_slug,
                                       c.slug or "", c.edition, c.text, int(listed)))  # fmt: skip
        rows.reasons.extend((issue.index, n, r.key) for n, r in enumerate(issue.reasons))
    for index, diagnostics in [(0, record.diagnostics), *((i.index, i.diagnostics)
                                                          for i in record.issues)]:  # fmt: skip
        for n, d in enumerate(diagnostics):
            rows.problems.append((index, n, d.severity, d.text))
    return rows


class Failed(Protocol):
    """What the store keeps of a failure (``pipeline.Failure``)."""

    @property
    def reason(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def layout(self) -> str | None: ...


@dataclass(frozen=True)
class Cached:
    """What the store knows of a letter's content: its failure, or the figures a build
    reports (the record itself stays in the store until a page needs it)."""

    failure: str | None
    failure_kind: str | None
    layout: str | None
    synthetic: bool
    case_number: str | None
    decision_date: str | None
    items: int
    decisions: dict[str, int]
    warnings: list[str]


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


_WAIT_FOR_WRITER = 60.0


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection to the store's file (read-only for worker processes)."""
    if readonly:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        # Up to a minute's wait for another writer: the build's processes write the store at
        # the same time (the similar table, the open-data pieces, the charts).
        db = sqlite3.connect(path, timeout=_WAIT_FOR_WRITER)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA temp_store=MEMORY")
    return db


class Store:
    """An open corpus store. Use as a context manager; writes are committed on leaving."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.db = connect(path)
            schema = self._meta("schema")
        except sqlite3.DatabaseError:  # not a database (damaged, or another file): start anew
            path.unlink()
            self.db = connect(path)
            schema = None
        if schema != str(SCHEMA_VERSION):
            self._reset()
        if self._meta("parser") != parser_version():
            for table in _CONTENT_TABLES:
                self.db.execute(f"DELETE FROM {table}")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('parser', ?)", (parser_version(),))
            self.db.commit()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def _meta(self, key: str) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # no meta table: an empty file
            return None
        return row[0] if row else None

    def _reset(self) -> None:
        tables = [
            r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:
            self.db.execute(f'DROP TABLE IF EXISTS "{table}"')
        self.db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);" + _CONTENT + _CORPUS
        )
        self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        self.db.commit()

    def commit(self) -> None:
        self.db.commit()

    # -- what letters say -------------------------------------------------------------------

    def cached(self, sha256: str) -> Cached | None:
        """What these bytes became when this parser read them before, or None."""
        row = self.db.execute(
            "SELECT failure, failure_kind, layout, synthetic, case_number, decision_date, "
            "item_count, upheld, overturned, unknown, warnings FROM records WHERE sha256 = ?",
            (sha256,),
        ).fetchone()
        if row is None:
            return None
        failure, kind, layout, synthetic, case_number, date, items, *counts, warns = row
        decisions = dict(zip(("upheld", "overturned", "unknown"), counts, strict=True))
        return Cached(failure, kind, layout, bool(synthetic), case_number, date, items, decisions,
                      json.loads(warns))  # fmt: skip

    def remember(self, sha256: str, rows: RecordRows | None, failure: Failed | None) -> None:
        """Keep what a letter's content became: its rows, or why it failed."""
        if rows is None:
            assert failure is not None
            self.db.execute(
                "INSERT OR REPLACE INTO records VALUES (?, NULL, ?, ?, ?, 0, NULL, NULL, 0, 0, 0, "
                "0, NULL, '[]')",
                (sha256, failure.reason, failure.kind, failure.layout),
            )
            return
        for table in _CONTENT_TABLES[1:]:
            self.db.execute(f"DELETE FROM {table} WHERE sha256 = ?", (sha256,))
        self.db.execute(
            "INSERT OR REPLACE INTO records VALUES "
            "(?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sha256, rows.record_json, *rows.summary),
        )
        for table, values in (
            ("specialties", rows.specialties), ("items", rows.items),
            ("item_drugs", rows.item_drugs), ("citations", rows.citations),
            ("item_reasons", rows.reasons), ("problems", rows.problems),
        ):  # fmt: skip
            if values:
                marks = ", ".join("?" * (len(values[0]) + 1))
                self.db.executemany(
                    f"INSERT INTO {table} VALUES ({marks})", [(sha256, *v) for v in values]
                )

    # -- charts, by the digest of what they show -------------------------------------------

    def charts(self, digests: list[str]) -> dict[str, bytes]:
        """The stored SVG of each digest drawn before."""
        found: dict[str, bytes] = {}
        for start in range(0, len(digests), 500):  # SQLite's bound-parameter limit
            part = digests[start : start + 500]
            marks = ",".join("?" * len(part))
            query = f"SELECT digest, svg FROM charts WHERE digest IN ({marks})"
            found.update(self.db.execute(query, part).fetchall())
        return found

    def remember_chart(self, digest: str, svg: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO charts VALUES (?, ?)", (digest, svg))

    # -- the current corpus ------------------------------------------------------------------

    def clear_corpus(self) -> None:
        self.db.execute("DELETE FROM letter_notes")
        self.db.execute("DELETE FROM letters")

    def add_letter(
        self, position: int, id: str, source: str, sha256: str, cached: Cached | None,
        failure: str | None,
    ) -> None:  # fmt: skip
        """A file of this build: its content (``cached``) or why it is not on the site."""
        label = (cached.case_number if cached else None) or id
        date = cached.decision_date if cached and failure is None else None
        self.db.execute(
            "INSERT INTO letters VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
            (position, id, source, sha256, label, date, failure),
        )

    def set_slug(self, position: int, slug: str, notes: Sequence[tuple[str, str]]) -> None:
        """Record the build's name for a letter's page, and notes it adds (code, text)."""
        self.db.execute("UPDATE letters SET slug = ? WHERE position = ?", (slug, position))
        self.db.executemany(
            "INSERT INTO letter_notes VALUES (?, ?, ?, ?)",
            [(position, n, code, text) for n, (code, text) in enumerate(notes)],
        )

    def drop_letter(self, position: int, failure: str) -> None:
        """Count a stored letter as failed after all (a duplicate of another)."""
        self.db.execute("UPDATE letters SET failure = ? WHERE position = ?", (failure, position))

    def letters(self) -> list[LetterRow]:
        """Every letter of the current corpus, in file order (small rows, no records)."""
        rows = self.db.execute(
            "SELECT l.position, l.id, l.source, l.sha256, r.case_number, l.slug, l.failure "
            "FROM letters l LEFT JOIN records r ON r.sha256 = l.sha256 ORDER BY l.position"
        )
        return [LetterRow(*row) for row in rows]

    def failures(self) -> list[tuple[str, str]]:
        """(source, reason) of every letter not on the site, by source."""
        rows = self.db.execute(
            "SELECT source, failure FROM letters WHERE failure IS NOT NULL ORDER BY source"
        )
        return [(source, failure) for source, failure in rows]

    def case_positions(self) -> list[int]:
        """The positions of the letters on the site, by case slug."""
        rows = self.db.execute(
            "SELECT position FROM letters WHERE failure IS NULL ORDER BY slug, position"
        )
        return [row[0] for row in rows]

    def record(self, position: int) -> Determination:
        """One stored letter's record (as parsed, before the build named it)."""
        return read_records(self.db, [position])[0].record

    def records(self) -> Iterator[StoredRecord]:
        """Every record on the site, one at a time, by case slug; nothing more is held."""
        positions = self.case_positions()
        for start in range(0, len(positions), 200):
            yield from read_records(self.db, positions[start : start + 200])


def read_records(db: sqlite3.Connection, positions: Iterable[int]) -> list[StoredRecord]:
    """The records of these letters (in the order given), each with its file's id and source
    and the slug and notes the build gave it."""
    wanted = list(positions)
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    rows = db.execute(
        "SELECT l.position, l.id, l.source, l.slug, r.record FROM letters l "
        f"JOIN records r ON r.sha256 = l.sha256 WHERE l.position IN ({marks})",
        wanted,
    ).fetchall()
    notes: dict[int, list[tuple[str, str]]] = {}
    for position, code, text in db.execute(
        f"SELECT position, code, text FROM letter_notes WHERE position IN ({marks}) "
        "ORDER BY position, n",
        wanted,
    ):
        notes.setdefault(position, []).append((code, text))
    by_position = {}
    for position, letter_id, source, slug, record_json in rows:
        data = json.loads(record_json)
        # The cache is keyed by bytes: the same bytes under another name keep that name.
        data["id"], data["source"], data["slug"] = letter_id, source, slug or ""
        for code, text in notes.get(position, ()):
            data["diagnostics"].append({"severity": "note", "code": code, "text": text,
                                        "span": None})  # fmt: skip
            data["notes"].append(text)
        by_position[position] = StoredRecord(record_from_dict(data), data)
    return [by_position[p] for p in wanted]
