"""Updating a folder in place: an incremental build writes only what changed into an overlay
folder, then moves those files into the folder it updates and removes what is gone, instead of
making a whole new copy of the folder and swapping it in.

At 10,000 letters the docs folder holds some 25,000 files and the site 37,000 in 15,000 folders.
A copy made of hard links still costs a link or a folder apiece, and removing the copy it
replaced as much again: seconds on every incremental build whatever changed, and more on a busy
disk. An update in place costs what changed: a hundred new letters move about two thousand
files.

What a build that fails leaves is the same either way: the overlay is made before anything in
the folder is touched, so a failed build leaves the folder exactly as it was. What an interrupted
update leaves (the process killed while it moves files) is a folder of files from two builds:
the caller forgets the folder's digests (``reuse.Outputs.forget``) before the update and saves
the new ones after it, so the next build finds none, keeps nothing and makes the folder anew.
A reader of the folder during the update (a web server on the site) may see some files of the
new build beside some of the earlier one for the few milliseconds the moves take.

Every file is moved in by rename (``os.replace``), never written through: a file of the folder
may be a hard link to another folder's (the site's static files are links to the docs'), and
that other file keeps its bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


def update_in_place(
    overlay: Path, target: Path, gone: Iterable[str] = (), folders: Iterable[str] = ()
) -> None:
    """Bring ``target`` to the new build's files: each folder of ``folders`` ("pagefind/cases/
    2019") replaced whole by the overlay's (or removed, when the overlay has none); then every
    file of ``overlay`` moved to its place in ``target``; then the files ``gone`` (relative
    paths, "/"-separated) removed, and the folders they leave empty. ``overlay`` is removed."""
    old = Path(tempfile.mkdtemp(prefix=".replaced-", dir=target.parent))
    try:
        for n, folder in enumerate(sorted(set(folders))):
            new, current = overlay / folder, target / folder
            if current.exists():
                os.replace(current, old / str(n))
            if new.is_dir():
                current.parent.mkdir(parents=True, exist_ok=True)
                os.replace(new, current)
        made: set[str] = set()
        for base, _dirs, files in os.walk(overlay):
            if not files:
                continue
            rel = os.path.relpath(base, overlay)
            place = target if rel == "." else target / rel
            if rel not in made:
                place.mkdir(parents=True, exist_ok=True)
                made.add(rel)
            for name in files:
                os.replace(os.path.join(base, name), place / name)
        for rel in sorted(set(gone)):
            path = target / rel
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            _prune(path.parent, target)
    finally:
        if any(old.iterdir()):
            discard(old)
        else:
            old.rmdir()
        shutil.rmtree(overlay, ignore_errors=True)  # its folders, emptied


def in_place(moves: int, kept: int) -> bool:
    """Whether to update a folder in place (``moves`` files moved in one by one) rather than
    link the ``kept`` files into the new folder and replace the old one whole. A move across
    folders costs about what a link does, but replacing whole also removes every file of the
    old folder (in the background, still disk work): in place unless most files changed."""
    return moves <= kept


def replace_whole(fresh: Path, target: Path) -> None:
    """``fresh`` (a folder complete in itself) in place of ``target``, by rename; the folder it
    replaces is removed in the background."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".previous-", dir=target.parent))
        os.replace(target, old / target.name)
        os.replace(fresh, target)
        discard(old)
    else:
        os.replace(fresh, target)


def _prune(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents below ``root`` while they are empty."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or gone already): its parents are not empty either
            return
        folder = folder.parent


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
