"""Each letter's share of the data files, kept between builds so that adding a hundred letters
to a large collection does not format every row again.

A letter's rows (in every table) and its lines of ``items.csv``, ``items.jsonl`` and
``letters.jsonl`` depend only on its record, its name on the site (slug), its file (id and
source) and the code that writes them. That is the piece's key (``piece_key``). The corpus
store keeps, under that key, the lines (``open_pieces``: compressed JSON) and the rows (one
table a published table, ``open_rows_<table>_<code>``, the row's number in the letter beside
its values). A build makes only the pieces it has not got; pieces no letter of the build has
are dropped at the end.

The row files are the pieces' lines joined. The database's tables are filled in SQL from the
rows tables, in case order (``_Database.fill``): no row is read back into Python (decoding them
and binding them again was most of an incremental build's open-data time). A build that made
every piece and one that kept them fill the tables from the same rows in the same order, and
write the same bytes (``tests/test_opendata.py`` compares them). Without a store (a build
keeping nothing), the rows tables are temporary tables of the database being filled, and the
same SQL fills it.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from generator.opendata.tables import Table
from generator.reuse import digest

# zlib level 1: a piece is text compressing about 5:1 at this level, in a fraction of the time
# the higher levels take (the store stays small; the build does not wait for it).
_LEVEL = 1

# New pieces stored at a time (about 3 KB each, compressed).
_FLUSH = 1000

# One letter's piece: each table's rows, each row file's text.
Piece = tuple[list[list[Sequence[Any]]], list[str]]


def piece_key(code: str, sha256: str, slug: str, letter_id: str, source: str) -> str:
    """What a letter's piece is made from: the writing code's version (``code``), the letter's
    content and its names."""
    return digest(code, sha256, slug, letter_id, source)


def encode(texts: list[str]) -> bytes:
    """A piece's lines as the store keeps them."""
    data = json.dumps(texts, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(data.encode("utf-8"), _LEVEL)


def decode(blob: bytes) -> list[str]:
    texts: list[str] = json.loads(zlib.decompress(blob).decode("utf-8"))
    return texts


class Pieces:
    """The kept pieces (``db``: a writable connection to the corpus store; None keeps
    nothing, and ``rows_db`` holds the rows in temporary tables). New pieces are stored
    ``_FLUSH`` at a time, so memory does not grow with the letters."""

    def __init__(
        self, db: sqlite3.Connection | None, tables: list[Table], code: str,
        rows_db: sqlite3.Connection,
    ) -> None:  # fmt: skip
        self.db, self.tables = db, tables
        self.made = 0  # the pieces made by this build
        self._new: list[tuple[str, bytes, list[list[Sequence[Any]]]]] = []
        # Where the rows go: the store's tables of this code, or the database's own.
        self.schema = "kept" if db is not None else "temp"
        self._rows_db = db if db is not None else rows_db
        self._names = {t.name: f"open_rows_{t.name}_{code[:12]}" for t in tables}
        if db is not None:
            db.execute(
                "CREATE TABLE IF NOT EXISTS open_pieces (key TEXT PRIMARY KEY, piece BLOB NOT NULL)"
            )
        self._prefix = "" if db is not None else "temp."
        for table in tables:
            values = ", ".join(f"c{n}" for n in range(len(table.columns)))
            self._rows_db.execute(
                f"CREATE TABLE IF NOT EXISTS {self._prefix}{self._names[table.name]} "
                f"(key TEXT NOT NULL, seq INTEGER NOT NULL, {values}, PRIMARY KEY (key, seq))"
            )
        self._rows_db.commit()

    def rows_table(self, table: Table) -> str:
        """The rows table of ``table``, as the database being filled names it."""
        return f"{self.schema}.{self._names[table.name]}"

    def get(self, keys: list[str]) -> dict[str, bytes]:
        """The kept pieces' lines among ``keys``."""
        if self.db is None or not keys:
            return {}
        marks = ",".join("?" * len(keys))
        query = f"SELECT key, piece FROM open_pieces WHERE key IN ({marks})"
        return dict(self.db.execute(query, keys).fetchall())

    def add(self, key: str, piece: Piece) -> None:
        self.made += 1
        rows, texts = piece
        self._new.append((key, encode(texts) if self.db is not None else b"", rows))
        if len(self._new) >= _FLUSH:
            self.flush()

    def flush(self) -> None:
        """Store the new pieces (a short transaction: the main process writes the store too)."""
        with self._rows_db:
            for n, table in enumerate(self.tables):
                marks = ", ".join("?" * (len(table.columns) + 2))
                name = f"{self._prefix}{self._names[table.name]}"
                self._rows_db.executemany(
                    f"INSERT OR REPLACE INTO {name} VALUES ({marks})",
                    [(key, seq, *row) for key, _blob, rows in self._new
                     for seq, row in enumerate(rows[n])],
                )  # fmt: skip
            if self.db is not None:
                self.db.executemany(
                    "INSERT OR REPLACE INTO open_pieces VALUES (?, ?)",
                    [(key, blob) for key, blob, _rows in self._new],
                )
        self._new = []

    def save(self, used: Iterable[str]) -> None:
        """Drop the pieces no letter of this build used, and the rows tables of other code."""
        if self.db is None:
            return
        used = set(used)
        stale = [(k,) for (k,) in self.db.execute("SELECT key FROM open_pieces") if k not in used]
        mine = set(self._names.values())
        others = [
            name
            for (name,) in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'open_rows_%'"
            )
            if name not in mine
        ]
        with self.db:
            self.db.executemany("DELETE FROM open_pieces WHERE key = ?", stale)
            for name in self._names.values():
                self.db.executemany(f"DELETE FROM {name} WHERE key = ?", stale)
            for name in others:
                self.db.execute(f"DROP TABLE {name}")
