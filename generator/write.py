"""Writing: one writer owns the generated part of docs/ and changes it only when complete.

Generated pages and charts go to a staging folder beside docs/. When every file is written, a
build from nothing (no file kept from the earlier build) replaces each generated subfolder by
rename; an incremental build moves its new files into docs/ and removes those of the earlier
build it neither wrote nor kept (``overlay.update_in_place``), so it touches what changed, not
the 25,000 files of a 10,000-letter corpus. A failure before that leaves docs/ exactly as it
was. Hand-written pages (docs/index.md, method.md, linking.md, data.md, reference/, assets/)
are never touched: only ``GENERATED`` roots are. A path written twice is a programmer error
(two pages claiming one URL) and stops the build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator import overlay
from generator.errors import GeneratorError
from generator.overlay import discard, update_in_place
from generator.reuse import link, names_under

#: The subfolders of docs/ the generator owns, made anew on every build.
GENERATED = ("cases", "drugs", "guidelines", "treatments", "specialties", "reasons", "trends",
             "quality", "charts", "data", "_snippets")  # fmt: skip


class DuplicatePath(GeneratorError):
    """Two outputs claimed the same file."""


class Writer:
    """Collects output files under a staging folder, then swaps them into ``docs``."""

    def __init__(self, docs: Path, staging: Path | None = None) -> None:
        """A writer for ``docs`` with a new staging folder; or, given ``staging``, one writing
        into another writer's staging folder (a worker process: the owner commits)."""
        self.docs = docs
        docs.mkdir(parents=True, exist_ok=True)
        self.staging = staging or Path(tempfile.mkdtemp(prefix=".generated-", dir=docs.parent))
        self.written: set[str] = set()
        self._folders: set[Path] = set()  # made already: one mkdir a folder, not one a file

    def _claim(self, relative: str) -> None:
        root = relative.split("/", 1)[0]
        if root not in GENERATED:
            raise GeneratorError(f"{relative}: outside the generated folders {GENERATED}")
        if relative in self.written:
            raise DuplicatePath(f"{relative} written twice")
        self.written.add(relative)

    def _target(self, relative: str) -> Path:
        self._claim(relative)
        path = self.staging / relative
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        return path

    def text(self, relative: str, content: str) -> None:
        # newline="\n": the same bytes on every platform.
        with open(self._target(relative), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)

    def bytes(self, relative: str, content: bytes) -> None:
        self._target(relative).write_bytes(content)

    def path(self, relative: str) -> Path:
        """Where a stage that writes a file itself (a database, rows streamed to a file) puts
        ``relative``: its place in the staging folder, claimed like any other."""
        return self._target(relative)

    def claim(self, paths: set[str]) -> None:
        """Count as written the ``paths`` another writer (a worker process's, on the same
        staging folder) wrote; a path written twice is an error (two outputs, one address)."""
        twice = paths & self.written
        if twice:
            raise DuplicatePath(f"{sorted(twice)[0]} written twice")
        self.written |= paths

    def keep(self, relative: str) -> None:
        """Keep the file the previous build wrote at ``relative`` (in docs/): claimed like a
        written one, and left where it is by the commit."""
        self._claim(relative)

    def commit(self) -> None:
        """Bring the generated folders of docs/ to what was written and kept: updated in place
        when fewer files were written than kept; else (a build from nothing, or one after the
        page code changed) the kept files are linked into the staging folder and it replaces
        them whole, which is faster than moving most of the files one by one."""
        staged = set(names_under(self.staging))
        kept = self.written - staged
        if not overlay.in_place(len(staged), len(kept)):
            for rel in sorted(kept):
                link(self.docs / rel, self.staging / rel)
            self._replace_all()
            return
        gone = [
            rel
            for root in GENERATED
            for rel in names_under(self.docs / root, prefix=f"{root}/")
            if rel not in self.written
        ]
        update_in_place(self.staging, self.docs, gone)

    def _replace_all(self) -> None:
        old = Path(tempfile.mkdtemp(prefix=".previous-", dir=self.docs.parent))
        try:
            for root in GENERATED:
                current, staged = self.docs / root, self.staging / root
                if current.exists():
                    os.replace(current, old / root)
                if staged.exists():
                    os.replace(staged, current)
        finally:
            discard(old)
            shutil.rmtree(self.staging, ignore_errors=True)

    def abandon(self) -> None:
        """Drop everything staged; docs/ stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)
