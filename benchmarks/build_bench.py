"""Build benchmark (``nox -s bench -- --count N``): the whole site from N synthetic letters.

    python benchmarks/build_bench.py --count N [--count M ...] [--work DIR] [--jobs J]

For each N: writes N letters (benchmarks/make_corpus.py), then builds the site from them as
``nox -s build`` does (``python -m generator site``) with an empty corpus store (a cold build),
and again after adding 1% more letters (an incremental build: only the new letters are parsed;
the pages of untouched cases must be byte-identical). Prints per stage: seconds and cost per
letter; for the build: wall time, the largest process's peak RSS (the generator, a worker or
MkDocs), pages, site bytes, bytes per case page, the largest page, and the size of the search
index a first query fetches.

Figures are measurements of this machine at the time, not targets checked by tests; the
Performance page of the site records them with the command that produced them.
"""

from __future__ import annotations

import argparse
import gzip
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make  # noqa: E402

# "  read letters: 2,044 in 5.3 s (387/s); ..." - a stage's closing line (generator/progress.py).
_STAGE = re.compile(r"^  (?P<stage>[a-z ]+): (?P<n>[\d,]+) in (?P<s>[\d.]+) s", re.M)
_MKDOCS = re.compile(r"Documentation built in (?P<s>[\d.]+) seconds")


def _site(source: Path, out: Path, store: Path, jobs: int | None) -> tuple[float, str]:
    command = [
        sys.executable, "-m", "generator", "site", "--source", str(source), "--out", str(out),
        "--store", str(store), "--allow-synthetic",
    ]  # fmt: skip
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, done.stderr


def _stages(log: str, count: int) -> list[str]:
    lines = []
    for m in _STAGE.finditer(log):
        seconds = float(m.group("s"))
        lines.append(
            f"    {m.group('stage')}: {seconds:.1f} s ({1e3 * seconds / count:.2f} ms/letter)"
        )
    shards = [float(m.group("s")) for m in _MKDOCS.finditer(log)]
    if shards:  # one line per MkDocs process; the shards run at once, so the longest counts
        seconds = max(shards)
        each = ", ".join(f"{x:.1f}" for x in shards)
        lines.append(
            f"    mkdocs build ({len(shards)} shard{'s' if len(shards) > 1 else ''}: {each} s): "
            f"{seconds:.1f} s ({1e3 * seconds / count:.2f} ms/letter)"
        )
    return lines


def _site_figures(site: Path) -> list[str]:
    pages = sorted(site.rglob("*.html"))
    sizes = {p: p.stat().st_size for p in pages}
    cases = [s for p, s in sizes.items() if p.parent.parent.name == "cases"]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    largest = max(sizes, key=lambda p: sizes[p])
    lines = [
        f"    site: {len(pages)} HTML pages, {total / 1e6:.1f} MB in all; case pages "
        f"{sum(cases) / max(len(cases), 1) / 1e3:.1f} KB each on average",
        f"    largest page: {largest.relative_to(site)} ({sizes[largest] / 1e3:.0f} KB)",
    ]
    index = site / "search" / "search_index.json"
    if index.is_file():
        raw = index.read_bytes()
        lines.append(
            f"    first search (Material's index, fetched whole): {len(raw) / 1e6:.1f} MB, "
            f"{len(gzip.compress(raw, 6)) / 1e6:.1f} MB gzipped"
        )
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        size = sum(p.stat().st_size for p in pagefind.rglob("*") if p.is_file())
        lines.append(f"    pagefind index: {size / 1e6:.1f} MB on disk (fetched in chunks)")
    return lines


def _case_pages(site: Path, skip: set[str]) -> dict[str, bytes]:
    return {
        p.parent.name: p.read_bytes()
        for p in (site / "cases").glob("*/index.html")
        if p.parent.name not in skip and p.parent.name != "by-month"
    }


def bench(count: int, work: Path, jobs: int | None) -> None:
    letters, out = work / f"letters-{count}", work / f"site-{count}"
    store = work / f"store-{count}.sqlite"
    shutil.rmtree(letters, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    store.unlink(missing_ok=True)
    made = make(count, letters)
    print(f"{count} letters: written in {made:.1f} s")
    seconds, log = _site(letters, out, store, jobs)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"  cold build: {seconds:.1f} s ({1e3 * seconds / count:.2f} ms/letter); largest "
        f"process peak RSS so far {peak:.0f} MB"
    )
    print("\n".join(_stages(log, count)))
    print("\n".join(_site_figures(out / "site")))
    before = _case_pages(out / "site", set())
    extra = max(count // 100, 1)
    grown = work / f"letters-{count}-more"
    shutil.rmtree(grown, ignore_errors=True)
    make(count + extra, grown)  # the same letters (same seed) and `extra` more after them
    again, log = _site(grown, out, store, jobs)
    after = _case_pages(out / "site", set())
    changed = [k for k in before if before[k] != after.get(k)]
    print(
        f"  incremental (+{extra} letters): {again:.1f} s, {100 * again / seconds:.0f}% of the "
        f"cold build; {len(changed)} of {len(before)} earlier case pages changed"
    )
    print("\n".join(_stages(log, count + extra)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, action="append", default=None)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for count in args.count or [1000]:
        bench(count, args.work, args.jobs)


if __name__ == "__main__":
    main()
