"""Build benchmark (``nox -s bench -- --count N``): the whole site from N synthetic letters.

    python benchmarks/build_bench.py --count N [--count M ...] [--work DIR] [--jobs J]
        [--no-search-bytes] [--no-incremental] [--repeat R]

For each N: writes N letters (benchmarks/make_corpus.py), then builds the site from them as
``nox -s build`` does (``python -m generator site``) with an empty corpus store (a cold build),
then three incremental builds on it:

- **+1% new letters**: N/100 more letters decided in the month after all the others (the way a
  collection grows: a new month's determinations);
- **one letter changed**: one earlier letter's decision changed;
- **+1% letters over all years**: N/100 more letters with dates anywhere in the twelve years
  (the worst case for the bundles and lists a past period keeps).

Each incremental build must leave every untouched case page byte for byte as it was; the
benchmark counts the earlier case pages that changed, and exits non-zero after its report when
one changed that should not have or a first search failed.

With ``--repeat R`` each build is run R times, each incremental one on a copy of the same site
and store (hard links kept), and the median run is reported beside every run's time: this
machine's speed drifts by a third over minutes, more than one incremental step changes a build.

Prints, per build: wall time and cost per letter; the CPU time of all its processes; each
stage's closing line (generator/progress.py) and the search index's; peak memory, both the
largest single process (the generator, a worker, MkDocs, Pagefind) and all the build's
processes together (sampled from /proc every 0.25 s); pages, site bytes, bytes per case page,
the largest page; and what a first search fetches (``benchmarks/first_search.py``, Playwright
and Debian's Chromium, when both are installed).

Figures are measurements of this machine at the time, not targets checked by tests; the
Performance page of the site records them with the command that produced them.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make  # noqa: E402

# "  read letters: 2,044 in 5.3 s (387/s); ..." - a stage's closing line (generator/progress.py).
_STAGE = re.compile(r"^  (?P<stage>[a-z ]+): (?P<n>[\d,]+) in (?P<s>[\d.]+) s(?P<rest>.*)$", re.M)
_SEARCH = re.compile(r"^  search (?:bundles|index): .*$", re.M)
_MKDOCS = re.compile(r"Documentation built in (?P<s>[\d.]+) seconds")
_REMOVED = re.compile(r"^  \(replaced folders removed .*$", re.M)
_SIMILAR = re.compile(rb'<div class="similar".*?</div>\n?', re.S)


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process under it (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


@dataclass
class Run:
    seconds: float
    log: str
    cpu: float  # user + system seconds of the build's processes (those that were waited for)
    peak_total_mb: float  # every process of the build at once, sampled
    peak_single_mb: float  # the largest single process


def _leftovers(out: Path) -> bool:
    return any(out.glob(".previous-*")) or any(out.glob(".search-*"))


# What went wrong in a measurement (a first search that failed, an untouched page that changed):
# printed where it happens, and the benchmark exits non-zero at the end (CI runs it).
PROBLEMS: list[str] = []


def _site(source: Path, out: Path, store: Path, jobs: int | None) -> Run:
    command = [
        sys.executable, "-m", "generator", "site", "--source", str(source), "--out", str(out),
        "--store", str(store), "--allow-synthetic",
    ]  # fmt: skip
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
    )
    peaks = {"total": 0, "single": 0}

    def sample() -> None:
        while process.poll() is None:
            sizes = [_rss_kb(p) for p in _descendants(process.pid)]
            peaks["total"] = max(peaks["total"], sum(sizes))
            peaks["single"] = max(peaks["single"], max(sizes, default=0))
            time.sleep(0.25)  # /proc read four times a second: a few % of a core

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    log, _ = process.communicate()
    seconds = time.perf_counter() - started
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{log[-3000:]}")
    # The folders the build replaced are removed by a detached process (overlay.discard) after
    # it returns; the next build waits for that, so each is measured on a quiet disk.
    waited = time.perf_counter()
    while _leftovers(out) and time.perf_counter() - waited < 600:
        time.sleep(0.2)
    log += f"  (replaced folders removed {time.perf_counter() - waited:.1f} s after the build)\n"
    return Run(seconds, log, cpu, peaks["total"] / 1024, peaks["single"] / 1024)


def _stages(run: Run, count: int) -> list[str]:
    lines = []
    for m in _STAGE.finditer(run.log):
        seconds = float(m.group("s"))
        rest = m.group("rest").split("; ", 1)
        note = f"; {rest[1]}" if len(rest) > 1 else ""
        lines.append(
            f"    {m.group('stage')}: {seconds:.1f} s ({1e3 * seconds / count:.2f} ms/letter){note}"
        )
    lines += [f"    {m.group(0).strip()}" for m in _SEARCH.finditer(run.log)]
    lines += [f"    mkdocs build: {m.group('s')} s" for m in _MKDOCS.finditer(run.log)]
    lines += [f"    {m.group(0).strip()}" for m in _REMOVED.finditer(run.log)]
    lines.append(
        f"    peak memory: {run.peak_single_mb:.0f} MB the largest process, "
        f"{run.peak_total_mb:.0f} MB all the build's processes at once"
    )
    return lines


def _site_figures(site: Path) -> list[str]:
    pages = sorted(site.rglob("*.html"))
    sizes = {p: p.stat().st_size for p in pages}
    cases = [s for p, s in sizes.items() if p.parent.parent.name == "cases"]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    largest = max(sizes, key=lambda p: sizes[p])
    search = site / "pagefind"
    index = sum(p.stat().st_size for p in search.rglob("*") if p.is_file())
    bundles = len(list((search / "cases").iterdir())) if (search / "cases").is_dir() else 0
    return [
        f"    site: {len(pages)} HTML pages, {total / 1e6:.1f} MB in all; case pages "
        f"{sum(cases) / max(len(cases), 1) / 1e3:.1f} KB each on average",
        f"    largest page: {largest.relative_to(site)} ({sizes[largest] / 1e3:.0f} KB)",
        f"    search index: {index / 1e6:.1f} MB on disk, the main bundle and {bundles} case "
        "bundles (a first search fetches the main one and the newest)",
    ]


def _first_search(site: Path) -> list[str]:
    """What a first search fetches (benchmarks/first_search.py), when a browser is there."""
    chromium = Path("/usr/bin/chromium")
    try:
        import playwright  # noqa: F401
    except ImportError:
        return ["    first search: not measured (no Playwright: pip install -e .[e2e])"]
    if not chromium.is_file():
        return ["    first search: not measured (no Chromium: apt-get install chromium)"]
    command = [sys.executable, str(ROOT / "benchmarks" / "first_search.py"), "--site", str(site)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    found = re.findall(r"^first search for .*$", done.stdout, re.M)
    if not found:
        PROBLEMS.append(f"first search on {site} failed")
    return [f"    {line}" for line in found] or [f"    first search: failed: {done.stderr[-300:]}"]


def _case_pages(site: Path) -> dict[str, bytes]:
    return {
        p.parent.name: p.read_bytes()
        for p in (site / "cases").glob("*/index.html")
        if p.parent.name != "by-date"
    }


def _change_one(letters: Path, number: int) -> str:
    """Change the ``number``-th letter (the worker's age, a year more); its case's name."""
    path = sorted(letters.rglob("*.txt"))[number]
    text = path.read_text(encoding="utf-8")
    changed = re.sub(
        r"\b(\d+) year old", lambda m: f"{int(m.group(1)) + 1} year old", text, count=1
    )
    assert changed != text, path
    path.write_text(changed, encoding="utf-8")
    case = re.search(r"Case Number:\s+(\S+)", text)
    return case.group(1) if case else path.stem


def _copy_tree(source: Path, target: Path) -> None:
    """``source`` copied to ``target``, files linked to each other in it linked in the copy
    (the site's files are hard links of docs/ ones, and a build relies on it)."""
    copied: dict[tuple[int, int], str] = {}
    for folder, _dirs, files in os.walk(source):
        into = target / os.path.relpath(folder, source)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            key = (info.st_dev, info.st_ino)
            if info.st_nlink > 1 and key in copied:
                os.link(copied[key], into / name)
            else:
                shutil.copy2(path, into / name, follow_symlinks=False)
                copied[key] = str(into / name)


def _median(runs: list[Run]) -> tuple[Run, str]:
    """The median run (the lower of the two middle ones), and every run's time."""
    ordered = sorted(runs, key=lambda r: r.seconds)
    middle = ordered[(len(ordered) - 1) // 2]
    if len(runs) == 1:
        return middle, ""
    times = ", ".join(f"{r.seconds:.1f}" for r in runs)
    return middle, f" (median of {len(runs)} runs: {times} s)"


def _incremental(
    label: str, letters: Path, out: Path, store: Path, jobs: int | None, cold: Run, count: int,
    expected: set[str], repeat: int,
) -> None:  # fmt: skip
    saved = out.parent / f"{out.name}-saved"
    shutil.rmtree(saved, ignore_errors=True)
    if repeat > 1:  # the same starting point for every run
        _copy_tree(out, saved / "out")
        shutil.copy2(store, saved / "store")
    runs, changes = [], []
    for n in range(repeat):
        if n:
            shutil.rmtree(out)
            _copy_tree(saved / "out", out)
            shutil.copy2(saved / "store", store)
        before = _case_pages(out / "site")
        runs.append(_site(letters, out, store, jobs))
        after = _case_pages(out / "site")
        changes.append((before, after))
    shutil.rmtree(saved, ignore_errors=True)
    run, every = _median(runs)
    before, after = changes[runs.index(run)]
    changed = sorted(k for k in before if k in after and before[k] != after[k])
    # A page may change only in its "earlier decisions like this" lists (similar.py): the new
    # letters are earlier than some old ones when their dates are anywhere in the years.
    listed = [k for k in changed if _SIMILAR.sub(b"", before[k]) == _SIMILAR.sub(b"", after[k])]
    unexpected = [k for k in changed if k not in expected and k not in listed]
    if unexpected:
        PROBLEMS.append(f"{label}: {len(unexpected)} case pages changed that should not have")
    print(
        f"  {label}: {run.seconds:.1f} s{every}, {100 * run.seconds / cold.seconds:.1f}% of the "
        f"cold build; CPU {run.cpu:.1f} s, {100 * run.cpu / cold.cpu:.1f}% of the cold build's; "
        f"{len(changed)} of {len(before)} earlier case pages changed"
        + (f" ({len(listed)} only in their lists of earlier decisions)" if listed else "")
        + (f" (UNEXPECTED: {unexpected[:5]})" if unexpected else "")
    )
    print("\n".join(_stages(run, count)))


def bench(
    count: int, work: Path, jobs: int | None, search_bytes: bool, incremental: bool, repeat: int
) -> None:
    letters, out = work / f"letters-{count}", work / f"site-{count}"
    store = work / f"store-{count}.sqlite"
    shutil.rmtree(letters, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    store.unlink(missing_ok=True)
    made = make(count, letters)
    print(f"{count} letters: written in {made:.1f} s")
    runs = []
    for n in range(repeat):
        if n:
            shutil.rmtree(out)
            store.unlink()
        runs.append(_site(letters, out, store, jobs))
    run, every = _median(runs)
    print(f"  cold build: {run.seconds:.1f} s{every} ({1e3 * run.seconds / count:.2f} ms/letter)"
          f"; CPU {run.cpu:.1f} s")  # fmt: skip
    print("\n".join(_stages(run, count)))
    print("\n".join(_site_figures(out / "site")))
    if search_bytes:
        print("\n".join(_first_search(out / "site")))
    if not incremental:
        return
    extra = max(count // 100, 1)
    make(count + extra, letters, newer_from=count)  # the same letters and a new month's
    _incremental(f"incremental, +{extra} new letters", letters, out, store, jobs, run,
                 count + extra, set(), repeat)  # fmt: skip
    changed = _change_one(letters, count // 2)
    _incremental("incremental, one letter changed", letters, out, store, jobs, run,
                 count + extra, {changed}, repeat)  # fmt: skip
    spread = work / f"letters-{count}-spread"
    shutil.rmtree(spread, ignore_errors=True)
    # The letters as they are, and as many again decided anywhere in the twelve years.
    make(count + 2 * extra, spread, newer_from=count, newer_until=count + extra)
    shutil.rmtree(letters)
    shutil.move(spread, letters)
    _change_one(letters, count // 2)  # the same change again
    _incremental(f"incremental, +{extra} letters over all years", letters, out, store, jobs,
                 run, count + 2 * extra, {changed}, repeat)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, action="append", default=None)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--no-search-bytes", action="store_true", help="skip the browser")
    parser.add_argument("--no-incremental", action="store_true", help="the cold build only")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build; the median")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for count in args.count or [1000]:
        bench(count, args.work, args.jobs, not args.no_search_bytes, not args.no_incremental,
              max(args.repeat, 1))  # fmt: skip
    if PROBLEMS:
        raise SystemExit("benchmark problems:\n" + "\n".join(f"  {p}" for p in PROBLEMS))


if __name__ == "__main__":
    main()
