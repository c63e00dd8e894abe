"""Each letter's share of the data files, kept between builds so that adding a hundred letters
to a large collection does not format every row again.

A letter's rows (in every table) and its lines of ``items.csv``, ``items.jsonl`` and
``letters.jsonl`` depend only on its record, its name on the site (slug), its file (id and
source) and the code that writes them. That is the piece's key (``piece_key``). Pieces live in
the corpus store's ``open_pieces`` table, as compressed JSON: the rows of each table, then the
text of each row file. A build reads the pieces of the letters it has seen and makes only the
others'; pieces no letter of the build has are dropped at the end.

The row files are the pieces' texts joined, and a kept piece's rows are its JSON read back,
which gives the values it was made with (texts, integers and nulls): a build that kept every
piece and one that made them all write the same bytes (``tests/test_opendata.py`` compares
them).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from generator.reuse import digest

# zlib level 1: a piece is text compressing about 5:1 at this level, in a fraction of the time
# the higher levels take (the store stays small; the build does not wait for it).
_LEVEL = 1

# New pieces stored at a time (about 3 KB each, compressed).
_FLUSH = 1000

# One letter's piece, decoded: each table's rows (as JSON lists), each row file's text.
Piece = tuple[list[list[Sequence[Any]]], list[str]]


def piece_key(code: str, sha256: str, slug: str, letter_id: str, source: str) -> str:
    """What a letter's piece is made from: the writing code's version (``code``), the letter's
    content and its names."""
    return digest(code, sha256, slug, letter_id, source)


def encode(rows: list[list[Sequence[Any]]], texts: list[str]) -> bytes:
    """A piece as the store keeps it."""
    data = json.dumps([rows, texts], ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(data.encode("utf-8"), _LEVEL)


def decode(blob: bytes) -> Piece:
    rows, texts = json.loads(zlib.decompress(blob).decode("utf-8"))
    return rows, texts


class Pieces:
    """The kept pieces (``db``: a writable connection to the corpus store; None keeps
    nothing). New pieces are stored ``_FLUSH`` at a time, so memory does not grow with the
    letters."""

    def __init__(self, db: sqlite3.Connection | None) -> None:
        self.db = db
        self.made = 0  # the pieces made by this build
        self._new: list[tuple[str, bytes]] = []
        if db is not None:
            db.execute(
                "CREATE TABLE IF NOT EXISTS open_pieces (key TEXT PRIMARY KEY, piece BLOB NOT NULL)"
            )
            db.commit()

    def get(self, keys: list[str]) -> dict[str, bytes]:
        """The kept pieces among ``keys``."""
        if self.db is None or not keys:
            return {}
        marks = ",".join("?" * len(keys))
        query = f"SELECT key, piece FROM open_pieces WHERE key IN ({marks})"
        return dict(self.db.execute(query, keys).fetchall())

    def add(self, key: str, blob: bytes) -> None:
        self.made += 1
        if self.db is not None:
            self._new.append((key, blob))
            if len(self._new) >= _FLUSH:
                self._store()

    def _store(self) -> None:
        assert self.db is not None
        with self.db:  # a short transaction: the main process writes the store too
            self.db.executemany("INSERT OR REPLACE INTO open_pieces VALUES (?, ?)", self._new)
        self._new = []

    def save(self, used: Iterable[str]) -> None:
        """Store the last new pieces and drop those no letter of this build used."""
        if self.db is None:
            return
        self._store()
        used = set(used)
        stale = [(k,) for (k,) in self.db.execute("SELECT key FROM open_pieces") if k not in used]
        with self.db:
            self.db.executemany("DELETE FROM open_pieces WHERE key = ?", stale)
