"""Publishing the data: the corpus as files to download and query, written after the pages.

``docs/data/`` (linked from the home page, described on the Data page, ``docs/data.md``):

- ``imr.sqlite``: the tables ``letters``, ``items``, ``citations`` and ``reasons`` with their
  keys, foreign keys and indexes, and ``columns``, which describes every column; a plain SQLite
  file (no extension, no STRICT table), so any sqlite3, pandas or Datasette opens it as it is;
- ``items.csv``: the ``items`` rows for spreadsheets (``formats.csv_cell``: a text cell a
  spreadsheet would run as a formula is written with an apostrophe in front);
- ``items.jsonl``, ``letters.jsonl``: those rows as JSON Lines;
- ``schema.json``: the JSON Schema of every table's rows;

and two snippets the hand-written pages include: ``_snippets/downloads.md``, the files with
their rows and sizes (home and Data pages), and ``_snippets/data-columns.md``, every table's
columns (Data page).

Each column is defined once, in ``tables``; ``formats`` writes rows and schemas from those
definitions. Rows are read a batch of letters at a time, in case order (then item, citation,
reason order), and written as they come: memory does not grow with the corpus. The same letters
give the same bytes: rows go into the database in that fixed order and it is written out whole
by ``VACUUM INTO`` (with one SQLite library; another version may lay pages out otherwise). A
build of the same letters by the same code keeps the earlier build's files (``reuse``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from generator.opendata.formats import (
    columns_snippet,
    create_statement,
    csv_cell,
    json_line,
    json_schema,
)
from generator.opendata.pieces import Piece, Pieces, decode, piece_key
from generator.opendata.tables import (
    COLUMNS,
    ITEMS,
    LETTERS,
    TABLES,
    Found,
    Table,
    column_rows,
)
from generator.progress import Progress
from generator.reuse import Outputs, digest
from generator.store import parser_version
from generator.write import Writer

__all__ = [
    "DOWNLOADS",
    "FILES",
    "KEPT",
    "TABLES",
    "corpus_positions",
    "csv_cell",
    "keep_data",
    "publish_data",
    "write_data",
]

FOLDER = "data"
DATABASE = f"{FOLDER}/imr.sqlite"
SCHEMA = f"{FOLDER}/schema.json"
SNIPPET = "_snippets/downloads.md"
COLUMNS_SNIPPET = "_snippets/data-columns.md"
# PRAGMA user_version of imr.sqlite: raised when a table or column changes meaning or shape.
FORMAT_VERSION = 1
# Letters read (and their records parsed) at a time: a batch's rows are all that is held.
_BATCH = 100

# The row files beside the database: (path, table, format).
FILES = (
    (f"{FOLDER}/items.csv", ITEMS, "csv"),
    (f"{FOLDER}/items.jsonl", ITEMS, "jsonl"),
    (f"{FOLDER}/letters.jsonl", LETTERS, "jsonl"),
)
#: Every file of ``FOLDER``, in the order the downloads table lists them.
DOWNLOADS = (DATABASE, *(path for path, _table, _kind in FILES), SCHEMA)


# -- reading the store --------------------------------------------------------------------------


def _records(db: sqlite3.Connection, positions: list[int]) -> dict[int, dict[str, Any]]:
    marks = ",".join("?" * len(positions))
    query = (
        "SELECT l.position, r.record FROM letters l JOIN records r ON r.sha256 = l.sha256 "
        f"WHERE l.position IN ({marks})"
    )
    return {position: json.loads(text) for position, text in db.execute(query, positions)}


def table_rows(
    db: sqlite3.Connection, table: Table, positions: list[int], records: dict[int, dict[str, Any]]
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of ``table`` for these letters (positions in ``letters``; ``records`` their
    records by position), in the table's order, each with its letter's position."""
    assert table.parts is not None
    parts = table.parts
    selected = ", ".join(f'{c.sql} AS "{c.name}"' for c in table.columns if c.sql is not None)
    marks = ",".join("?" * len(positions))
    cursor = db.cursor()
    cursor.row_factory = sqlite3.Row
    query = (
        f"SELECT l.position AS position_, {selected} {table.source} "
        f"WHERE l.position IN ({marks}) ORDER BY {table.order}"
    )
    for row in cursor.execute(query, positions):
        position = row["position_"]
        record = records[position]
        for n, part in enumerate(parts(row, record)):
            found = Found(row, record, part, n)
            yield position, tuple(c.value(found) for c in table.columns)


def corpus_positions(db: sqlite3.Connection) -> list[int]:
    """The letters on the site, in case order (their positions in ``letters``)."""
    rows = db.execute("SELECT position FROM letters WHERE failure IS NULL ORDER BY slug, position")
    return [position for (position,) in rows]


# -- writing ------------------------------------------------------------------------------------


class _Database:
    """The database being filled, in a scratch file; ``finish`` writes it out compacted."""

    def __init__(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.path = path
        # URI names: the corpus store is attached read-only (``fill``).
        self.db = sqlite3.connect(path.resolve().as_uri(), uri=True)
        # A scratch file a failed build drops whole: no journal, no waiting for the disk.
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute(f"PRAGMA user_version={FORMAT_VERSION}")
        for table in TABLES:
            self.db.execute(create_statement(table))

    def __enter__(self) -> _Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)

    def add(self, table: Table, rows: Sequence[Sequence[Any]]) -> None:
        marks = ", ".join("?" * len(table.columns))
        self.db.executemany(f"INSERT INTO {table.name} VALUES ({marks})", rows)

    def fill(self, pieces: Pieces, store: str | None, keys: list[str]) -> dict[str, int]:
        """Every table's rows from the pieces' rows tables (in ``store``, the corpus store's
        file, attached read-only; or this database's temporary tables), in case order (the
        letters' ``keys`` in that order), each letter's in its own order; the rows per table."""
        if store is not None:
            uri = f"{Path(store).resolve().as_uri()}?mode=ro"
            self.db.execute("ATTACH DATABASE ? AS kept", (uri,))
        self.db.execute("CREATE TEMP TABLE letter_order (key TEXT PRIMARY KEY, n INTEGER)")
        self.db.executemany("INSERT INTO letter_order VALUES (?, ?)",
                            [(key, n) for n, key in enumerate(keys)])  # fmt: skip
        counts = {}
        for table in pieces.tables:
            values = ", ".join(f"r.c{n}" for n in range(len(table.columns)))
            self.db.execute(
                f"INSERT INTO main.{table.name} SELECT {values} FROM {pieces.rows_table(table)} r "
                "JOIN letter_order o ON o.key = r.key ORDER BY o.n, r.seq"
            )
            (counts[table.name],) = self.db.execute(
                f"SELECT count(*) FROM main.{table.name}"
            ).fetchone()
        self.db.commit()
        if store is not None:
            self.db.execute("DETACH DATABASE kept")
        return counts

    def finish(self, target: Path) -> None:
        """The ``columns`` rows and the indexes, then the whole database written to ``target``
        as a fresh file, its pages in key order: the same rows give the same bytes."""
        self.add(COLUMNS, column_rows())
        for table in TABLES:
            for columns in table.indexes:
                name = f"{table.name}_{'_'.join(columns)}"
                self.db.execute(f"CREATE INDEX {name} ON {table.name} ({', '.join(columns)})")
        self.db.commit()
        self.db.execute("VACUUM INTO ?", (str(target),))


def _file_text(table: Table, kind: str, rows: list[Sequence[Any]]) -> str:
    """Some rows of ``table`` as lines of a CSV or JSON Lines file (``kind``)."""
    if kind == "jsonl":
        return "".join(json_line(table, row) for row in rows)
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([csv_cell(v) for v in row] for row in rows)
    return text.getvalue()


def _make_pieces(
    db: sqlite3.Connection, tables: list[Table], positions: list[int]
) -> dict[int, Piece]:
    """The pieces (``pieces.py``) of these letters, by position: each table's rows and each
    row file's lines."""
    records = _records(db, positions)
    rows: dict[int, list[list[Sequence[Any]]]] = {p: [[] for _t in tables] for p in positions}
    for n, table in enumerate(tables):
        for position, row in table_rows(db, table, positions, records):
            rows[position][n].append(row)
    made = {}
    for position, letter in rows.items():
        texts = [_file_text(table, kind, letter[tables.index(table)])
                 for _path, table, kind in FILES]  # fmt: skip
        made[position] = (letter, texts)
    return made


def publish_data(
    db: sqlite3.Connection, writer: Writer, out: TextIO, outputs: Outputs | None = None
) -> None:
    """Write the data files of the letters on the site (``db``: the corpus store) through
    ``writer``, and the snippets naming them. With ``outputs`` (the earlier build's digests),
    files made from the same letters by the same code are kept from the earlier build."""
    progress = Progress("open data", len(corpus_positions(db)), out)
    if outputs is not None and keep_data(db, writer, outputs):
        progress.step(progress.total)
        progress.done(KEPT)
        return
    progress.done(write_data(db, writer, progress))


KEPT = "the same letters as the last build: its files kept"


def keep_data(db: sqlite3.Connection, writer: Writer, outputs: Outputs) -> bool:
    """Record what the data files are made from; keep them from the earlier build (and write
    the columns snippet) when it made them from the same. False: ``write_data`` must run."""
    made = _digest(db)
    kept = (*DOWNLOADS, SNIPPET)
    for path in kept:
        outputs.record(path, made)
    if not all(outputs.reusable(path, made) for path in kept):
        return False
    for path in kept:
        writer.keep(path)
    writer.text(COLUMNS_SNIPPET, columns_snippet())
    return True


def write_data(
    db: sqlite3.Connection,
    writer: Writer,
    progress: Progress,
    keep: sqlite3.Connection | None = None,
) -> str:
    """Write every data file and both snippets; what was written, for the progress line. (A
    stage of its own: the build runs it in a process beside the page rendering.) With ``keep``
    (a writable connection to the corpus store), each letter's piece of the files is kept for
    the next build, and the pieces an earlier build kept are used (``pieces.py``)."""
    code = _code_version()
    letters = db.execute(
        "SELECT position, sha256, slug, id, source FROM letters WHERE failure IS NULL "
        "ORDER BY slug, position"
    ).fetchall()
    keys = {row[0]: piece_key(code, *row[1:]) for row in letters}
    positions = [row[0] for row in letters]
    tables = [t for t in TABLES if t.parts is not None]
    with ExitStack() as stack:
        database = stack.enter_context(_Database(writer.staging / "opendata.sqlite"))
        kept = Pieces(keep, tables, code, database.db)
        handles = []
        for path, table, kind in FILES:
            # The csv module writes its own line ends ("\r\n", RFC 4180).
            newline = "" if kind == "csv" else "\n"
            handle = stack.enter_context(
                open(writer.path(path), "w", encoding="utf-8", newline=newline)
            )
            if kind == "csv":
                csv.writer(handle, lineterminator="\r\n").writerow(table.names)
            handles.append(handle)
        for start in range(0, len(positions), _BATCH):
            batch = positions[start : start + _BATCH]
            found = kept.get([keys[p] for p in batch])
            made = _make_pieces(db, tables, [p for p in batch if keys[p] not in found])
            for position, piece in made.items():
                kept.add(keys[position], piece)
            # A kept piece's lines are those it was made with: a kept piece and a new one give
            # the same bytes.
            texts = [made[p][1] if p in made else decode(found[keys[p]]) for p in batch]
            for n, handle in enumerate(handles):
                handle.writelines(letter[n] for letter in texts)
            progress.step(len(batch))
        kept.flush()
        store = None
        if keep is not None:
            store = next(
                f for _n, name, f in keep.execute("PRAGMA database_list") if name == "main"
            )
        rows = database.fill(kept, store, [keys[p] for p in positions])
        database.finish(writer.path(DATABASE))
    kept.save(keys.values())
    writer.text(SCHEMA, json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    sizes = {path: (writer.staging / path).stat().st_size for path in DOWNLOADS}
    writer.text(SNIPPET, downloads_snippet(rows, sizes))
    writer.text(COLUMNS_SNIPPET, columns_snippet())
    new = kept.made
    return (f"{rows['items']:,} items, {_size(sum(sizes.values()))} in {FOLDER}/; "
            f"{new:,} letters' rows made, {len(positions) - new:,} kept")  # fmt: skip


@cache
def _code_version() -> str:
    """This package's code, the data format's and the parser's version (the records, the
    lexicons)."""
    code = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        code.update(path.read_bytes())
    return digest(FORMAT_VERSION, parser_version(), code.hexdigest())


def _digest(db: sqlite3.Connection) -> str:
    """What the files are made from: the code (``_code_version``) and the letters on the site,
    in order, by name and content."""
    letters = hashlib.sha256()
    query = "SELECT slug, id, source, sha256 FROM letters WHERE failure IS NULL ORDER BY slug"
    for row in db.execute(query):
        letters.update("\0".join(row).encode() + b"\n")
    return digest(_code_version(), letters.hexdigest())


# -- the snippet --------------------------------------------------------------------------------


def _size(size: int) -> str:
    """A file size for people: "912 bytes", "14.2 KB", "3.1 MB" (powers of 1,000)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size} bytes"


# What each of DOWNLOADS is, in its order.
_WHAT = (
    "SQLite database: the tables letters, items, citations, reasons and columns",
    "One row per decided item, for spreadsheets (UTF-8)",
    "The same rows as JSON Lines",
    "One row per letter, as JSON Lines",
    "JSON Schema of every table's rows",
)


def downloads_snippet(rows: dict[str, int], sizes: dict[str, int]) -> str:
    """The downloads as a Markdown table (file, size, rows, what), included by docs/index.md and
    docs/data.md; the links are relative to docs/, where both pages are."""
    database_rows = ", ".join(f"{n:,} {name}" for name, n in rows.items())
    counts = {DATABASE: database_rows, SCHEMA: ""}
    counts |= {path: f"{rows[table.name]:,} {table.name}" for path, table, _kind in FILES}
    lines = ["| File | Size | Rows | What |", "|---|--:|---|---|"]
    for path, what in zip(DOWNLOADS, _WHAT, strict=True):
        name = path.rsplit("/", 1)[1]
        download = "" if path == SCHEMA else "{download}"
        lines.append(f"| [{name}]({path}){download} | {_size(sizes[path])} | {counts[path]} | "
                     f"{what} |")  # fmt: skip
    return "\n".join(lines) + "\n"
