"""The site's search index: Pagefind bundles, made after the site is built.

Pagefind indexes a page's every word, and both its indexer's memory and a browser's first
search grow with the pages in one bundle (about 300 KB of indexer memory a case page; the
bundle's metadata, fetched whole by a first search, about 6 bytes a page). So the index is cut
in bundles of bounded size:

- the **main bundle**, ``pagefind/``: every indexed page but the case pages (home, the about
  pages, the indexes, each drug, guideline section and document, treatment kind and reviewer
  specialty). Bounded by the lexicons, not by the letters. Its loader, worker and WebAssembly
  serve every bundle.
- **case bundles**, ``pagefind/cases/<period>/``: the case pages of one period of decision
  (quiet years together up to ``JOINED_CASES``, ``2014-2017``; a year; a year of more than
  that by half year, ``2019-h1``; a busy year by month; a busy month in numbered parts,
  ``2019-03-2``; ``undated``), at most ``BUNDLE_CASES`` each.
  A past period's bundle stops changing once its letters are in.
- ``pagefind/cases.json``: the case bundles, newest first, with their case counts, their cases
  per year of decision and the bytes a browser fetches to open each.

The search box (``docs/assets/javascripts/search.js``) searches the main bundle and the newest
case bundles first (``FIRST_CASES`` cases or more), and merges older ones when the reader asks
for them or picks a year: a first search fetches a bounded amount whatever the corpus holds.

Pages reach the index as ``for_index`` has them: written so (trademark signs dropped) to a
scratch folder while the site's pages are stamped, the site's own files unchanged.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import GeneratorError
from generator.reuse import digest, link, names_under

if TYPE_CHECKING:
    from generator.stamping import Earlier, Indexed

# Pagefind's output folder inside the site (its default); the search box loads it from there.
SEARCH_BUNDLE = "pagefind"
CASE_BUNDLES = "cases"
MANIFEST = "cases.json"

# Case pages a bundle holds at most: Pagefind needs about 300 KB a case page to index, so two
# bundles indexed at once stay under 1 GB; a bundle's metadata stays near 10 KB.
BUNDLE_CASES = 1500
# The cases a first search covers (the newest bundles until there are this many), and how many
# more each "Search older cases too" adds: told to search.js through the manifest. About
# 260 KB for a first search at 10,000 letters; each merged bundle adds its metadata and an
# index chunk a word (some 30 KB).
FIRST_CASES = 1000
MORE_CASES = 5000
# Quiet years are joined into bundles of at most this many cases: a first search opens two or
# three of them, not one a year (1,000 letters over twelve years: 541 KB in 56 requests as
# twelve bundles, 241 KB as one), and a changed letter re-indexes a few hundred pages, not
# every case (one bundle of 1,000 took 5 s of a 10 s incremental build).
JOINED_CASES = 500
UNDATED = "undated"

# What a case bundle keeps of Pagefind's output: the index itself. The loader, worker,
# WebAssembly and UI files are the main bundle's, shared.
_BUNDLE_KEEPS = re.compile(r"^(pagefind-entry\.json|pagefind\..*\.pf_meta|index|fragment|filter)$")

# Trademark signs, as characters or entities. Pagefind keeps a sign as part of the word it
# follows, so "Voltaren®" (a guideline section's title) would be a different, rarer word than
# "Voltaren" and outrank the drug page on the reader's "Voltaren".
_TRADEMARKS = re.compile(r"[\u00ae\u2122]|&(?:reg|trade|#174|#8482|#x[aA][eE]|#x2122);")


# What every trademark sign the pattern removes contains: pages without any of these (most)
# are returned as they are without running the pattern over their every "&".
_TRADEMARK_HINTS = ("\u00ae", "\u2122", "&reg;", "&trade;", "&#174;", "&#8482;", "&#x")


def for_index(html: str) -> str:
    """A page's HTML as the search index reads it: trademark signs dropped."""
    if not any(hint in html for hint in _TRADEMARK_HINTS):
        return html
    return _TRADEMARKS.sub("", html)


def is_case_page(url: str) -> bool:
    """ "cases/CM16-0247802/" is; "cases/", "cases/by-date/2016/" are not."""
    parts = url.split("/")
    return len(parts) == 3 and parts[0] == "cases" and parts[1] != "by-date"


@dataclass(frozen=True)
class Bundle:
    """A case bundle: its name (the period, "2014-2017", "2019", "2019-h2", "2019-03",
    "2019-03-2", "undated"), the years its cases were decided in, and its pages' URLs."""

    key: str
    years: tuple[str, ...]
    urls: tuple[str, ...]


def _month(date: str) -> str:
    """ "2019-03"."""
    return date[:7]


def _half(date: str) -> str:
    """ "2019-h1" (January to June) or "2019-h2"."""
    return f"{date[:4]}-h{1 if date[5:7] <= '06' else 2}"


def plan_bundles(cases: Iterable[tuple[str, str | None]]) -> list[Bundle]:
    """Case bundles for (URL, decision date) pairs, newest first, undated last.

    Quiet years are joined, oldest first, while together they hold at most ``JOINED_CASES``
    ("2014-2017"), so a small collection is one or two bundles and a first search opens few; a
    year is a bundle of its own ("2019") when the next would not fit; a year of more than
    ``JOINED_CASES`` is split in half years ("2019-h1", "2019-h2": a letter changed in it
    re-indexes half as many pages), one of more than ``BUNDLE_CASES`` by month, and a month of
    more than that in parts of ``BUNDLE_CASES`` in URL order ("2019-03-2"). Joining from the
    oldest year keeps the bundles of past years as they were while the newest grows.
    """
    by_year: dict[str, list[tuple[str, str]]] = {}
    for url, date in cases:
        by_year.setdefault(date[:4] if date else UNDATED, []).append((url, date or ""))
    periods: list[tuple[str, tuple[str, ...], list[tuple[str, str]]]] = []  # oldest first
    joined: list[str] = []  # quiet years waiting to be closed as one period

    def close() -> None:
        if joined:
            key = joined[0] if len(joined) == 1 else f"{joined[0]}-{joined[-1]}"
            periods.append((key, tuple(joined), [m for year in joined for m in by_year[year]]))
            joined.clear()

    for year in sorted(y for y in by_year if y != UNDATED):
        members = by_year[year]
        if len(members) > JOINED_CASES:
            close()
            # A busy year by month; a year too big to join any other, by half year.
            part = _month if len(members) > BUNDLE_CASES else _half
            parts: dict[str, list[tuple[str, str]]] = {}
            for url, date in members:
                parts.setdefault(part(date), []).append((url, date))
            periods += [(key, (year,), parts[key]) for key in sorted(parts)]
            continue
        if sum(len(by_year[y]) for y in joined) + len(members) > JOINED_CASES:
            close()
        joined.append(year)
    close()
    periods.reverse()
    if UNDATED in by_year:
        periods.append((UNDATED, (), by_year[UNDATED]))
    bundles = []
    for key, years, members in periods:
        urls = [url for url, _ in sorted(members)]
        for n, start in enumerate(range(0, len(urls), BUNDLE_CASES), start=1):
            name = key if n == 1 else f"{key}-{n}"
            bundles.append(Bundle(name, years, tuple(urls[start : start + BUNDLE_CASES])))
    return bundles


def _pagefind(pages: Path, output: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(output),
        "--exclude-selectors", ".headerlink", "--silent",
    ]  # fmt: skip
    return subprocess.run(command, check=False, capture_output=True, text=True)


def _index_copies(site: Path, pages: Path, indexed: Iterable[Indexed]) -> None:
    """Make the index copies of pages kept from the earlier build (from its ``site``)."""
    for page in indexed:
        if not page.copied:
            target = pages / page.url / "index.html"
            if not target.is_file():
                html = (site / page.url / "index.html").read_text(encoding="utf-8")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(for_index(html), encoding="utf-8", newline="\n")


def _members(pages: Path, urls: Iterable[str], target: Path) -> None:
    """A folder holding the index copies of ``urls`` (hard links: no bytes copied)."""
    for url in urls:
        link(pages / url / "index.html", target / url / "index.html")


@dataclass(frozen=True)
class Searched:
    """What ``index_search`` did: the pages indexed; for an update of the earlier site
    (``overlay.py``), the bundle folders to replace whole (those indexed anew, and those of
    the earlier build no bundle has now), the main bundle's files gone, and the files of the
    bundles kept in the earlier site (``kept_files``)."""

    pages: int
    folders: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # the kept bundles' keys ("" the main bundle's)

    def kept_files(self, site: Path) -> list[str]:
        """The files of the kept bundles in ``site``, by their paths there."""
        found = []
        for key in self.kept:
            if key:
                where = f"{SEARCH_BUNDLE}/{CASE_BUNDLES}/{key}"
                found += [f"{where}/{rel}" for rel in names_under(site / where)]
            else:
                found += [f"{SEARCH_BUNDLE}/{rel}" for rel in _main_files(site / SEARCH_BUNDLE)]
        return found


def index_search(
    site: Path,
    pages: Path,
    indexed: list[Indexed],
    jobs: int,
    scratch: Path,
    earlier: Earlier | None = None,
    digests: dict[str, str] | None = None,
) -> Searched:
    """Index the pages ``indexed`` (their index copies under ``pages``) into ``site/pagefind/``:
    the main bundle, the case bundles and their manifest, ``jobs`` Pagefind processes at once.
    A bundle made of the same pages as one of the ``earlier`` build (whose site ``site`` is an
    overlay of) is kept there, not indexed again; each bundle's digest goes into
    ``digests``."""
    by_url = {page.url: page for page in indexed}
    cases = [(p.url, p.date) for p in indexed if is_case_page(p.url)]
    bundles = [Bundle("", (), tuple(p.url for p in indexed if not is_case_page(p.url)))]
    bundles += plan_bundles(cases)
    output = site / SEARCH_BUNDLE
    todo: list[tuple[Path, Path]] = []
    version = _pagefind_version()
    where_now: dict[str, Path] = {}  # each bundle's folder: in the overlay, or the earlier site
    kept_keys: list[str] = []
    names = set()
    for bundle in bundles:
        where = f"{CASE_BUNDLES}/{bundle.key}/" if bundle.key else ""
        name = f"{SEARCH_BUNDLE}/{where}"
        names.add(name)
        made = digest(version, bundle.key, [(u, by_url[u].digest) for u in bundle.urls])
        if digests is not None:
            digests[name] = made
        before = earlier.site / SEARCH_BUNDLE / where if earlier else None
        kept = earlier is not None and earlier.digests.get(name) == made
        if kept and before is not None and (before / "pagefind-entry.json").is_file():
            where_now[bundle.key] = before
            kept_keys.append(bundle.key)
            continue
        where_now[bundle.key] = output / where
        _index_copies(earlier.site if earlier else site, pages, (by_url[u] for u in bundle.urls))
        folder = scratch / "bundles" / (bundle.key or "main")
        _members(pages, bundle.urls, folder)
        todo.append((folder, output / where))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        done = list(pool.map(lambda job: _pagefind(*job), todo))
    for (folder, _out), result in zip(todo, done, strict=True):
        if result.returncode != 0:
            why = (result.stderr or result.stdout).strip().splitlines()[-1:] or [
                f"exit {result.returncode}"
            ]
            raise GeneratorError(f"pagefind failed on {folder.name} ({why[0]}); site unchanged")
    for _folder, out in todo:
        if out != output:  # a case bundle keeps its index only
            for entry in out.iterdir():
                if not _BUNDLE_KEEPS.match(entry.name):
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    manifest = {
        "bundles": [
            {"key": b.key, "cases": len(b.urls), "years": _year_counts(b, by_url),
             "bytes": _opening_bytes(where_now[b.key])}
            for b in bundles[1:]
        ],
        "cases": len(cases),
        "first": FIRST_CASES,
        "more": MORE_CASES,
    }  # fmt: skip
    output.mkdir(parents=True, exist_ok=True)
    (output / MANIFEST).write_text(
        json.dumps(manifest, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"  search bundles: {len(todo)} indexed, {len(bundles) - len(todo)} kept",
          file=sys.stderr)  # fmt: skip
    if earlier is None or not earlier.updating:
        return Searched(len(indexed))
    # The case bundles indexed anew replace their earlier folders whole (Pagefind names its
    # files by their content), and a bundle of the earlier build none has now goes.
    folders = [out.relative_to(site).as_posix() for _folder, out in todo if out != output]
    folders += [
        name.rstrip("/")
        for name in earlier.digests
        if name.startswith(f"{SEARCH_BUNDLE}/{CASE_BUNDLES}/") and name not in names
    ]
    gone: list[str] = []
    if any(out == output for _folder, out in todo):  # the main bundle's earlier files
        fresh = _main_files(output)
        gone = [
            f"{SEARCH_BUNDLE}/{rel}"
            for rel in sorted(_main_files(earlier.site / SEARCH_BUNDLE) - fresh)
        ]
    return Searched(len(indexed), tuple(folders), tuple(gone), tuple(kept_keys))


def _main_files(folder: Path) -> set[str]:
    """The main bundle's files in a ``pagefind/`` folder: not the case bundles' nor their
    manifest."""
    found: set[str] = set()
    for base, dirs, files in os.walk(folder):
        rel = os.path.relpath(base, folder).replace(os.sep, "/")
        if rel == ".":
            dirs[:] = [d for d in dirs if d != CASE_BUNDLES]
            found.update(f for f in files if f != MANIFEST)
        else:
            found.update(f"{rel}/{f}" for f in files)
    return found


def _year_counts(bundle: Bundle, by_url: dict[str, Indexed]) -> dict[str, int]:
    """A bundle's cases per year of decision (a bundle of quiet years holds several): the
    search box's year filter shows these counts and merges the bundles holding the year."""
    counts = dict.fromkeys(bundle.years, 0)
    for url in bundle.urls:
        date = by_url[url].date
        if date and date[:4] in counts:
            counts[date[:4]] += 1
    return counts


def _opening_bytes(bundle: Path) -> int:
    """What a browser loads to merge a bundle before searching it: its entry and metadata."""
    files = [bundle / "pagefind-entry.json", *bundle.glob("pagefind.*.pf_meta")]
    return sum(p.stat().st_size for p in files if p.is_file())


def _pagefind_version() -> str:
    """Pagefind's version (a bundle from another version is indexed again)."""
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
