"""Keeping what an earlier build made: a generated file whose inputs have not changed since the
build that wrote it is kept where it is (no page rendered or stamped again, the file not even
touched: docs/ and the site are updated in place, ``overlay.py``) instead of made anew, so
adding a hundred letters to a large site costs about what those letters and the pages they
touch cost.

Each output file gets a digest of everything it is made from (``digest``): for a case page, the
letter's content and name and the page code's version (``page_version``); for a full list's
page, its rows; for a stamped page, its Markdown and the theme's shells; for a search bundle,
its pages. The digests of a folder's files (``Outputs``, by the folder's absolute path) are
kept in the corpus store's ``outputs`` table, and saved only once the new output is in place:
a failed build never leaves a digest naming a file it did not write. A file is reused only
when its digest matches and the file is there.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from generator.store import parser_version

_PACKAGE = Path(__file__).resolve().parent
TEMPLATES = _PACKAGE.parent / "templates"

# What shapes a page besides its data: templates and the page-side code (the parsing side is
# in parser_version, which the digest includes too: the lexicons' names are on the pages).
_PAGE_CODE = ("pages", "markup.py", "render.py", "urls.py", "catalog.py", "lists.py",
              "aggregate.py", "breakdowns.py", "slugs.py", "redirects.py", "published.py",
              "lexicons/published.yaml")  # fmt: skip


@cache
def page_version() -> str:
    """A hash of the templates, the page-side code and the parser's version."""
    h = hashlib.sha256(parser_version().encode())
    files = sorted(TEMPLATES.glob("*.j2"))
    for name in _PAGE_CODE:
        path = _PACKAGE / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def digest(*parts: object) -> str:
    """A digest of some values (their ``repr``: dataclasses, tuples, strings and numbers)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:32]


# The row of a folder's digests that says they are whole: the last thing ``Outputs.save``
# writes and the first ``Outputs.forget`` removes (no file has an empty name).
_WHOLE = ""


class Outputs:
    """The digests of the files one build wrote under ``root``, and those this build writes.

    ``reusable(path, digest)``: the file the earlier build wrote at ``path`` can stand for the
    new one. Every file this build makes or keeps is ``record``-ed; ``save`` replaces the
    earlier digests once the new files are in place.

    The digests count only with the row saying they are whole (``_WHOLE``): ``forget`` drops
    that row alone, and ``save`` writes what changed and then that row, instead of deleting
    and inserting every row (some 60,000 between docs/ and the site at 10,000 letters, half a
    second of every incremental build)."""

    def __init__(self, db: sqlite3.Connection, root: Path) -> None:
        self.db, self.root = db, str(root.resolve())
        db.execute(
            "CREATE TABLE IF NOT EXISTS outputs (root TEXT NOT NULL, path TEXT NOT NULL, "
            "digest TEXT NOT NULL, PRIMARY KEY (root, path))"
        )
        rows = db.execute(
            "SELECT path, digest FROM outputs WHERE root = ? ORDER BY path", (self.root,)
        )
        self._stored: dict[str, str] = dict(rows.fetchall())  # what the store holds now
        whole = self._stored.pop(_WHOLE, None) is not None
        self.before: dict[str, str] = dict(self._stored) if whole else {}
        self._paths = list(self.before)  # sorted: a folder's files are a run of it
        self.after: dict[str, str] = {}

    def reusable(self, path: str, digest: str) -> bool:
        return self.before.get(path) == digest and os.path.isfile(os.path.join(self.root, path))

    def record(self, path: str, digest: str) -> None:
        self.after[path] = digest

    def under(self, prefix: str) -> dict[str, str]:
        """The earlier digests of the files under a folder ("drugs/baclofen/items/")."""
        start = bisect.bisect_left(self._paths, prefix)
        end = bisect.bisect_left(self._paths, prefix + "\U0010ffff", start)
        return {p: self.before[p] for p in self._paths[start:end]}

    def forget(self) -> None:
        """Drop the earlier digests from the store, before the folder is changed in place: a
        build interrupted while it changes the folder leaves none, and the next keeps nothing
        from a folder that may hold files of two builds (``overlay.py``)."""
        self.db.execute("DELETE FROM outputs WHERE root = ? AND path = ?", (self.root, _WHOLE))
        self.db.commit()

    def save(self) -> None:
        """The new digests, written over the stored ones (only the rows that differ), and then
        the row that says they are whole."""
        gone = [(self.root, p) for p in self._stored if p not in self.after]
        changed = [(self.root, p, d) for p, d in self.after.items() if self._stored.get(p) != d]
        self.db.executemany("DELETE FROM outputs WHERE root = ? AND path = ?", gone)
        self.db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)", changed)
        self.db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?, '')", (self.root, _WHOLE))
        self.db.commit()
        self._stored = dict(self.after)


def link(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (a copy where links are not possible)."""
    try:
        os.link(source, target)
    except FileNotFoundError:  # its folder is not there yet (one check a folder, not a file)
        if not source.exists():
            raise
        target.parent.mkdir(parents=True, exist_ok=True)
        link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def files_under(root: Path, prefix: str = "") -> Iterator[tuple[str, Path]]:
    """Every file under ``root``: its path relative to ``root`` ("a/b.html", after ``prefix``)
    and its path."""
    for relative in names_under(root):
        yield prefix + relative, root / relative


def names_under(root: Path, prefix: str = "") -> Iterator[str]:
    """Every file under ``root``, by its path relative to ``root`` ("a/b.html", after
    ``prefix``); no ``Path`` made for each of tens of thousands of files. (``os.walk``: at
    10,000 letters pathlib's ``rglob`` and ``relative_to`` cost seconds.)"""
    for folder, _dirs, files in os.walk(root):
        base = os.path.relpath(folder, root).replace(os.sep, "/")
        start = prefix if base == "." else f"{prefix}{base}/"
        for name in files:
            yield start + name


def link_tree(source: Path, target: Path) -> None:
    """A folder's files linked into ``target`` (the same tree)."""
    for relative, path in files_under(source):
        link(path, target / relative)
