"""Writing: one writer owns the generated part of docs/ and swaps it in only when complete.

Generated pages and charts go to a staging folder beside docs/; when every file is written,
each generated subfolder replaces its predecessor by rename. A failure before that leaves
docs/ exactly as it was. Hand-written pages (docs/index.md, method.md, linking.md, data.md,
reference/, assets/) are never touched: only ``GENERATED`` roots are replaced. A path written
twice is a programmer error (two pages claiming one URL) and stops the build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.errors import GeneratorError
from generator.reuse import link

#: The subfolders of docs/ the generator owns, replaced whole on every build.
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

    def _target(self, relative: str) -> Path:
        root = relative.split("/", 1)[0]
        if root not in GENERATED:
            raise GeneratorError(f"{relative}: outside the generated folders {GENERATED}")
        if relative in self.written:
            raise DuplicatePath(f"{relative} written twice")
        self.written.add(relative)
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
        """Keep the file the previous build wrote at ``relative`` (in docs/, until this build
        commits): linked into the staging folder, not written again."""
        target = self._target(relative)
        try:
            os.link(self.docs / relative, target)
        except OSError:  # another file system, or no hard links
            link(self.docs / relative, target)

    def commit(self) -> None:
        """Replace each generated folder of docs/ with the staged one."""
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


# The removal a detached process runs: the folder named by its one argument, whatever is left.
# At the lowest priority (nice 19, where there is such a thing): it runs while the build goes
# on (stamping, indexing) and must not take the cores from it.
_REMOVE = (
    "import os, shutil, sys; getattr(os, 'nice', lambda n: 0)(19); "
    "shutil.rmtree(sys.argv[1], ignore_errors=True)"
)
# The removers started by this process (held so that none is reported as a lost child).
_REMOVERS: list[subprocess.Popen[bytes]] = []


def discard(folder: Path) -> None:
    """Remove ``folder`` in a detached process and return at once. For a folder already out of
    the way under a fresh temporary name (the generated folders or the site a build replaced,
    scratch copies): nothing reads it any more, and removing tens of thousands of files and
    folders one by one takes seconds (at 10,000 letters about 4 s, a sixth of an incremental
    build) that the build need not wait for. Without a process to start, removed here."""
    if not folder.exists():
        return
    _REMOVERS[:] = [p for p in _REMOVERS if p.poll() is None]
    quiet = subprocess.DEVNULL
    try:
        remover = subprocess.Popen(
            [sys.executable, "-c", _REMOVE, str(folder)],
            stdin=quiet, stdout=quiet, stderr=quiet, start_new_session=True,
        )  # fmt: skip
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        _REMOVERS.append(remover)
