"""Which PDF text extractor to read letters with (``nox -s pdf_candidates``); a measurement, not a
test. Chose the dependency of issue 11; rerun it before changing extractor.

For each candidate (pypdfium2, pdfminer.six, pypdf) and each published PDF in
../shared/real_letters/pdf, the PDF's text goes through the project's own cleaning, parsing and
normalizing, and the record is compared field by field with the record parsed from poppler's
``pdftotext -layout`` text of the same letter (../shared/real_letters/txt/<stem>.txt). Every leaf
field counts except provenance (``id``, ``source``, ``sha256``), the cleaned ``text`` itself and
character spans (``span``, ``item_span``, ``rationale_span``, a diagnostic's span), which differ
whenever line breaks do; whether the cleaned texts are identical is counted apart. Then the
extraction alone is timed on one core (pages/s, letters/s, milliseconds per letter; best of
``--repeat`` runs) and each candidate's install size is summed from its distributions' files
and those of everything they require (pypdf's with cryptography, which it needs for AES).

Usage: python benchmarks/pdf_candidates.py [--pdf DIR] [--txt DIR] [--repeat N] [--show N]
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.normalize import Normalizer  # noqa: E402
from generator.parse import parse_text  # noqa: E402
from generator.pdf import extract_pages  # noqa: E402
from generator.read import decode  # noqa: E402

REAL = ROOT.parent / "shared" / "real_letters"

# Keys that are provenance, the cleaned text, or character positions in it.
_SKIPPED = {"id", "source", "sha256", "text", "span", "item_span", "rationale_span"}


def _pdfminer(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    # pdfminer separates pages with a form feed; its default layout analysis.
    return extract_text(io.BytesIO(data), password="").split("\f")


def _pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), password="")
    return [page.extract_text() for page in reader.pages]


# Candidate -> (the distributions it needs to read the published PDFs, an extractor returning
# one text per page). pypdfium2 is the project's own reader (generator/pdf.py); pypdf needs
# cryptography (its "crypto" extra) for AES; pdfminer.six requires it already.
CANDIDATES: dict[str, tuple[tuple[str, ...], Callable[[bytes], list[str]]]] = {
    "pypdfium2": (("pypdfium2",), extract_pages),
    "pdfminer.six": (("pdfminer.six",), _pdfminer),
    "pypdf": (("pypdf", "cryptography"), _pypdf),
}


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every leaf of a record's JSON as (path, value), skipping ``_SKIPPED`` keys."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in _SKIPPED:
                yield from _leaves(inner, f"{path}.{key}" if path else key)
    elif isinstance(value, list) and value and isinstance(value[0], dict | list):
        for i, inner in enumerate(value):
            yield from _leaves(inner, f"{path}[{i}]")
    else:
        yield path, value


def _field(path: str) -> str:
    """The field a leaf belongs to, without list positions: "issues.citations.maximus.pages"."""
    return re.sub(r"\[\d+\]", "", path)


def _record(text: str, stem: str, normalizer: Normalizer) -> dict[str, Any]:
    record = parse_text(text, id=stem, source=stem, sha256="")
    normalizer.normalize(record)
    data: dict[str, Any] = record.to_dict()
    return data


def _install_size(dist_names: tuple[str, ...]) -> tuple[int, list[str]]:
    """Bytes of the distributions' files and of everything they require (no extras), and their
    names."""
    seen: dict[str, int] = {}
    todo = list(dist_names)
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = sum(f.size or 0 for f in dist.files or ())
        for requirement in dist.requires or ():
            if "extra ==" in requirement:
                continue
            todo.append(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0])
    return sum(seen.values()), sorted(seen)


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=REAL / "pdf")
    parser.add_argument("--txt", type=Path, default=REAL / "txt")
    parser.add_argument("--repeat", type=int, default=2, help="timing runs; the best counts")
    parser.add_argument("--show", type=int, default=3, help="disagreements printed per field")
    parser.add_argument("--only", action="append", choices=sorted(CANDIDATES))
    args = parser.parse_args()
    if not args.pdf.is_dir():
        print(f"{args.pdf} not present: nothing to measure")
        return
    logging.disable(logging.WARNING)  # pypdf and pdfminer log the owner password's permissions
    _pin_to_one_core()
    normalizer = Normalizer.load()
    pdfs = sorted(args.pdf.glob("*.pdf"))
    datas = {p.stem: p.read_bytes() for p in pdfs}
    expected = {
        stem: _record(decode((args.txt / f"{stem}.txt").read_bytes())[0], stem, normalizer)
        for stem in datas
    }
    rows = []
    for name, (dist, extract) in CANDIDATES.items():
        if args.only and name not in args.only:
            continue
        agree = total = equal = failed = pages = same_text = 0
        wrong: Counter[str] = Counter()
        examples: dict[str, list[str]] = {}
        for stem, data in datas.items():
            try:
                texts = extract(data)
                got = _record("\f".join(texts), stem, normalizer)
                same_text += got["text"] == expected[stem]["text"]
            except Exception as err:
                failed += 1
                examples.setdefault("(letter failed)", []).append(f"{stem}: {err}")
                total += sum(1 for _ in _leaves(expected[stem]))
                continue
            pages += len(texts)
            want_leaves, got_leaves = dict(_leaves(expected[stem])), dict(_leaves(got))
            same = True
            for path in sorted(want_leaves.keys() | got_leaves.keys()):
                total += 1
                if want_leaves.get(path, "<absent>") == got_leaves.get(path, "<absent>"):
                    agree += 1
                    continue
                same = False
                field = _field(path)
                wrong[field] += 1
                shown = examples.setdefault(field, [])
                if len(shown) < args.show:
                    want = json.dumps(want_leaves.get(path, "<absent>"))[:160]
                    have = json.dumps(got_leaves.get(path, "<absent>"))[:160]
                    shown.append(f"{stem} {path}: poppler {want} / {name} {have}")
            equal += same
        best = float("inf")
        for _ in range(args.repeat):
            start = time.process_time()
            for data in datas.values():
                extract(data)
            best = min(best, time.process_time() - start)
        size, dists = _install_size(dist)
        rows.append((name, agree, total, equal, same_text, failed, pages, best, size, dists))
        print(f"\n{name}: {agree}/{total} fields agree, {equal}/{len(datas)} letters equal")
        for field, count in wrong.most_common():
            print(f"  {count:5d} {field}")
            for line in examples.get(field, []):
                print(f"        {line}")
        for line in examples.get("(letter failed)", []):
            print(f"        failed: {line}")
    print(
        "\n| candidate | fields agreeing / total | letters fully equal | cleaned text equal "
        "| letters failed | pages/s | letters/s | ms per letter | install size |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, agree, total, equal, same_text, failed, pages, seconds, size, dists in rows:
        print(
            f"| {name} | {agree:,} / {total:,} ({100 * agree / total:.2f}%) | {equal} / "
            f"{len(datas)} | {same_text} / {len(datas)} | {failed} | {pages / seconds:,.0f} | "
            f"{len(datas) / seconds:,.0f} | {1e3 * seconds / len(datas):.1f} | "
            f"{size / 1e6:.1f} MB ({', '.join(dists)}) |"
        )
    print("\nTimes are CPU seconds of extraction alone on one core (best of the runs).")


if __name__ == "__main__":
    main()
