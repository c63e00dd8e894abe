"""What reading a letter costs, stage by stage (``nox -s bench``); a measurement, not a test.

Over the published letters (../shared/real_letters/txt), decoded once into memory: CPU
milliseconds per letter, on one core, best of N runs (default 3), of

- parse: ``parse_text`` (clean, locate, read the record);
- normalize: ``Normalizer.normalize`` as a whole (treatments, citations, reasons, privacy), on
  freshly parsed records with a fresh normalizer each run (its caches start empty);
- reasons: ``reasons.assign_reasons`` alone, for every item of every letter, as normalize calls
  it;
- privacy: ``privacy.scan`` alone, on every letter's cleaned text.

The target: reasons and privacy together at most 1.5 ms a letter, so that 10,000
letters build in 90 s and 100,000 in 15 minutes on two cores.

Usage: python benchmarks/normalize_bench.py [--real DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parse_bench import _pin_to_one_core  # noqa: E402

from generator import privacy  # noqa: E402
from generator.model import Determination  # noqa: E402
from generator.normalize import Normalizer  # noqa: E402
from generator.parse import parse_text  # noqa: E402
from generator.read import decode  # noqa: E402
from generator.reasons import assign_reasons  # noqa: E402

# Reasons and privacy together, per letter, on one core (milliseconds of CPU time).
TARGET_MS = 1.5


def _best(
    repeat: int, run: Callable[[], object], prepare: Callable[[], None] | None = None
) -> float:
    """The least CPU time of ``repeat`` calls of ``run`` (``prepare`` before each, untimed)."""
    best = float("inf")
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        cpu = time.process_time()
        run()
        best = min(best, time.process_time() - cpu)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared/real_letters/txt")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.real.is_dir():
        print(f"normalize: {args.real} not present, skipped")
        return
    print(f"python {sys.version.split()[0]}, {_pin_to_one_core()}")
    texts = {p.stem: decode(p.read_bytes())[0] for p in sorted(args.real.glob("*.txt"))}

    def parse() -> list[Determination]:
        return [parse_text(t, id=k, source=f"{k}.txt", sha256="") for k, t in texts.items()]

    normalizer = Normalizer.load()
    records = [normalizer.normalize(r) for r in parse()]
    calls = [
        (r.text[i.rationale_span[0] : i.rationale_span[1]], i.decision, i.treatment.kind,
         i.rationale_span[0])
        for r in records
        for i in r.issues
    ]  # fmt: skip
    cleaned = [r.text for r in records]
    rules = normalizer.reasons

    fresh: list[Determination] = []
    state: dict[str, Normalizer] = {}

    def prepare_normalize() -> None:
        fresh[:] = parse()
        state["normalizer"] = Normalizer.load()

    def normalize() -> None:
        for record in fresh:
            state["normalizer"].normalize(record)

    def reasons() -> None:
        for rationale, decision, kind, offset in calls:
            assign_reasons(rationale, decision, kind, rules, offset)

    def scan() -> None:
        for text in cleaned:
            privacy.scan(text)

    n = len(texts)
    ms = {
        "parse": 1e3 * _best(args.repeat, parse) / n,
        "normalize": 1e3 * _best(args.repeat, normalize, prepare_normalize) / n,
        "reasons": 1e3 * _best(args.repeat, reasons) / n,
        "privacy": 1e3 * _best(args.repeat, scan) / n,
    }
    both = ms["reasons"] + ms["privacy"]
    verdict = "met" if both <= TARGET_MS else "MISSED"
    print(
        f"normalize: {n} real letters, {len(calls)} items; CPU ms per letter on one core, best "
        f"of {args.repeat}: "
        + ", ".join(f"{stage} {value:.3f}" for stage, value in ms.items())
        + f"; reasons + privacy {both:.3f} (target <= {TARGET_MS}: {verdict})"
    )


if __name__ == "__main__":
    main()
