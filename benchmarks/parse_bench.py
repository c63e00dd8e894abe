"""Parse throughput benchmark (``nox -s bench``); a measurement, not a test.

1. Synthetic: the seed letters in source_texts/ replicated in memory with varied layouts (the
   property tests' transformations: CRLF, form feeds, blank lines or none, hyphenation,
   typography, indentation, three encodings) to N letters (default 5,000); decode + clean +
   parse each on one core; report letters/s and the cost per letter.
2. Treatment resolution alone, per item string.
3. Real: every letter in ../shared/real_letters/txt (when present): letters, items,
   upheld/overturned/unknown counts, failures, warnings, and the parse time per letter.
4. PDF: every published PDF in ../shared/real_letters/pdf (when present): the text extraction
   alone (generator/pdf.py: PDFium, AES decryption included) in pages/s and letters/s of CPU
   time on one core, and the milliseconds it adds to a letter (issue 11's target: at most 20);
   then read+parse of the PDFs against read+parse of poppler's text of them.

Usage: python benchmarks/parse_bench.py [--letters N] [--real DIR] [--pdf DIR]
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.parse import parse_text  # noqa: E402
from generator.pdf import extract_pages  # noqa: E402
from generator.pipeline import Tally, parse_paths  # noqa: E402
from generator.read import decode  # noqa: E402
from tests.layouts import ENCODINGS, ORDER, encode, transform  # noqa: E402


def _pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def synthetic(count: int) -> list[bytes]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "source_texts").glob("*.txt"))]
    combos = [set(c) for r in range(len(ORDER) + 1) for c in itertools.combinations(ORDER, r)]
    letters = []
    for i in range(count):
        text = transform(seeds[i % len(seeds)], combos[i % len(combos)], seed=i)
        letters.append(encode(text, ENCODINGS[i % len(ENCODINGS)]))
    return letters


def bench_synthetic(count: int) -> None:
    letters = synthetic(count)
    total_bytes = sum(len(b) for b in letters)
    items = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for i, raw in enumerate(letters):
        text, _ = decode(raw)
        items += len(parse_text(text, id=str(i), source=f"{i}.txt", sha256="").issues)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # CPU seconds of this process are the headline: unlike wall time they do not grow when other
    # work shares the machine (CI's two cores). Wall time is printed beside them.
    print(
        f"synthetic: {count} letters ({total_bytes / 1e6:.1f} MB, {items} items): "
        f"{count / cpu:,.0f} letters/s of CPU time ({1e3 * cpu / count:.3f} ms per letter, "
        f"{1e6 * cpu / items:.0f} us per item); wall {wall:.2f} s ({count / wall:,.0f} letters/s)"
    )


def bench_real(folder: Path) -> None:
    if not folder.is_dir():
        print(f"real letters: {folder} not present, skipped")
        return
    tally = Tally()
    start = time.perf_counter()
    for outcome in parse_paths([folder]):
        tally.add(outcome)
    elapsed = time.perf_counter() - start
    decisions = Counter(tally.decisions)
    print(
        f"real: {tally.letters} letters, {tally.parsed} parsed, {tally.failed} failed, "
        f"{tally.items} items (upheld {decisions['upheld']}, overturned "
        f"{decisions['overturned']}, unknown {decisions['unknown']}), {tally.warnings} "
        f"warnings; read+parse {1e3 * elapsed / max(tally.letters, 1):.2f} ms per letter "
        f"({tally.letters / elapsed:,.0f} letters/s)"
    )


# Issue 11: reading a PDF adds at most this much to a letter, on one core.
PDF_TARGET_MS = 20.0


def bench_pdf(folder: Path, texts: Path, repeat: int = 3) -> None:
    if not folder.is_dir():
        print(f"pdf: {folder} not present, skipped")
        return
    datas = [p.read_bytes() for p in sorted(folder.glob("*.pdf"))]
    pages = sum(len(extract_pages(data)) for data in datas)  # also warms PDFium up
    best = float("inf")
    for _ in range(repeat):
        cpu = time.process_time()
        for data in datas:
            extract_pages(data)
        best = min(best, time.process_time() - cpu)
    per_letter = 1e3 * best / len(datas)
    verdict = "met" if per_letter <= PDF_TARGET_MS else "MISSED"
    print(
        f"pdf extraction: {len(datas)} letters, {pages} pages "
        f"({sum(map(len, datas)) / 1e6:.1f} MB): {pages / best:,.0f} pages/s, "
        f"{len(datas) / best:,.0f} letters/s of CPU time on one core; {per_letter:.2f} ms added "
        f"per letter (target <= {PDF_TARGET_MS:.0f} ms: {verdict}; best of {repeat})"
    )
    timings = []
    for path in (folder, texts):
        tally = Tally()
        cpu = time.process_time()
        for outcome in parse_paths([path]):
            tally.add(outcome)
        timings.append((tally, time.process_time() - cpu))
    (pdf_tally, pdf_cpu), (text_tally, text_cpu) = timings
    print(
        f"pdf read+parse: {pdf_tally.parsed}/{pdf_tally.letters} parsed, "
        f"{1e3 * pdf_cpu / max(pdf_tally.letters, 1):.2f} ms per letter; the same letters as "
        f"text: {1e3 * text_cpu / max(text_tally.letters, 1):.2f} ms per letter"
    )


def bench_resolve(count: int = 10_000) -> None:
    """Treatment resolution alone: every row of tests/data/item_strings.yaml, repeated to
    ``count`` items (this was a timed assertion in the tests; timings belong here)."""
    import yaml

    from generator.treatments import load_lexicon, resolve_treatment

    rows = yaml.safe_load((ROOT / "tests/data/item_strings.yaml").read_text(encoding="utf-8"))
    texts = [row["text"] for row in rows]
    items = (texts * (count // len(texts) + 1))[:count]
    lexicon = load_lexicon()
    cpu = time.process_time()
    for text in items:
        resolve_treatment(text, lexicon)
    cpu = time.process_time() - cpu
    print(
        f"resolve: {count} item strings ({len(texts)} distinct): {1e6 * cpu / count:.0f} us per "
        f"item of CPU time ({count / cpu:,.0f} items/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=5000)
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared/real_letters/txt")
    parser.add_argument("--pdf", type=Path, default=ROOT.parent / "shared/real_letters/pdf")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {_pin_to_one_core()}")
    bench_synthetic(args.letters)
    bench_resolve()
    bench_real(args.real)
    bench_pdf(args.pdf, args.real)


if __name__ == "__main__":
    main()
