"""Precision and recall of the reasons rules (generator/reasons.py) against the hand labels.

The labels (tests/data/reason_labels.yaml) give every decided item of the 146 published letters
the reasons a person read in its rationale. This parses and normalizes those letters, assigns
reasons with the rules, and counts per reason and overall (micro-averaged over (item, reason)
pairs): a true positive is a labelled reason the rules gave, a false positive a reason they gave
that the label lacks, a false negative a labelled reason they missed.

Two parts are reported apart: the development letters (what the rules were written and tuned
against) and the held-out letters (case number ending in 0, 1, 2 or 3), plus both together.
How clean the held-out part is: every rationale, held-out ones included, was read once to label
it, before any rule existed. The first draft of the patterns was written from that reading and
cited some held-out letters; every pattern alternative that only held-out letters motivated was
then removed, and the rules were tuned on the development letters' errors alone (``--errors``;
the held-out errors were not looked at). tests/test_reasons.py checks that the patterns cite no
held-out letter. Held-out recall is the honest figure for letters the rules have not seen.

Usage:
  python benchmarks/reasons_eval.py [--real DIR] [--labels FILE]
  python benchmarks/reasons_eval.py --errors          # the development set's misses, to tune
  python benchmarks/reasons_eval.py --errors --held-out   # the held-out set's (after tuning)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.normalize import Normalizer  # noqa: E402
from generator.pipeline import parse_paths  # noqa: E402
from generator.reasons import ReasonRules, assign_reasons, load_reasons  # noqa: E402

LABELS = ROOT / "tests" / "data" / "reason_labels.yaml"
REAL = ROOT.parent / "shared" / "real_letters" / "txt"
HELD_OUT_DIGITS = "0123"
SPLITS = ("development", "held-out", "all")


def held_out(letter: str) -> bool:
    """The held-out letters: case number ending in 0, 1, 2 or 3 (46 of 146 letters)."""
    return letter[-1] in HELD_OUT_DIGITS


@dataclass(frozen=True)
class Row:
    """One labelled item and what the rules gave it."""

    letter: str
    index: int
    decision: str
    kind: str | None
    labelled: frozenset[str]
    assigned: frozenset[str]
    rationale: str
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Counts:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, row: Row) -> None:
        for key in row.labelled & row.assigned:
            self.tp[key] += 1
        for key in row.assigned - row.labelled:
            self.fp[key] += 1
        for key in row.labelled - row.assigned:
            self.fn[key] += 1

    def precision(self, key: str | None = None) -> float:
        tp, fp = self._sum(self.tp, key), self._sum(self.fp, key)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, key: str | None = None) -> float:
        tp, fn = self._sum(self.tp, key), self._sum(self.fn, key)
        return tp / (tp + fn) if tp + fn else 1.0

    @staticmethod
    def _sum(counter: Counter[str], key: str | None) -> int:
        return sum(counter.values()) if key is None else counter[key]


def load_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["labels"])


def evaluate(
    real: Path = REAL, labels: Path = LABELS, rules: ReasonRules | None = None
) -> list[Row]:
    """Every labelled item with the reasons the rules assign it (from the letters' cleaned
    text and normalized treatment kind)."""
    rules = rules or load_reasons()
    wanted = {(r["letter"], r["item"]): r for r in load_labels(labels)}
    rows: list[Row] = []
    for outcome in parse_paths([real], Normalizer.load()):
        record = outcome.record
        if record is None:
            continue
        for issue in record.issues:
            label = wanted.pop((record.id, issue.index), None)
            if label is None:
                continue
            start, end = issue.rationale_span
            text = record.text[start:end]
            found = assign_reasons(text, issue.decision, issue.treatment.kind, rules)
            rows.append(
                Row(
                    letter=record.id,
                    index=issue.index,
                    decision=issue.decision,
                    kind=issue.treatment.kind,
                    labelled=frozenset(label["reasons"]),
                    assigned=frozenset(r.key for r in found),
                    rationale=issue.rationale,
                    evidence={r.key: [_context(text, e.span) for e in r.evidence] for r in found},
                )
            )
    if wanted:
        missing = ", ".join(f"{k[0]} #{k[1]}" for k in sorted(wanted))
        raise SystemExit(f"labelled items not found in {real}: {missing}")
    return rows


def _context(text: str, span: tuple[int, int]) -> str:
    """The matched words in brackets with some words either side, on one line."""
    a, b = span
    return " ".join(f"...{text[max(0, a - 70) : a]}[{text[a:b]}]{text[b : b + 30]}...".split())


def counts(rows: list[Row], split: str) -> Counts:
    out = Counts()
    for row in rows:
        if split == "all" or (split == "held-out") == held_out(row.letter):
            out.add(row)
    return out


def report(rows: list[Row], rules: ReasonRules) -> str:
    by_split = {split: counts(rows, split) for split in SPLITS}
    n = {s: sum(1 for r in rows if s == "all" or (s == "held-out") == held_out(r.letter))
         for s in SPLITS}  # fmt: skip
    lines = [
        f"{len(rows)} labelled items: development {n['development']}, held-out {n['held-out']}",
        "",
        f"{'reason':30} {'dec':4} {'labels':>6}  "
        + "  ".join(f"{s[:5]:>5} P / R    " for s in SPLITS),
    ]
    for reason in rules.reasons:
        key = reason.key
        total = by_split["all"]
        labelled = total.tp[key] + total.fn[key]
        cells = "  ".join(
            f"{by_split[s].precision(key):5.2f} / {by_split[s].recall(key):4.2f}" for s in SPLITS
        )
        lines.append(f"{key:30} {reason.decision[:3]:4} {labelled:6}  {cells}")
    cells = "  ".join(
        f"{by_split[s].precision():5.2f} / {by_split[s].recall():4.2f}" for s in SPLITS
    )
    lines.append(f"{'overall (micro)':30} {'':4} {'':6}  {cells}")
    unassigned = {s: sum(1 for r in rows if not r.assigned and (
        s == "all" or (s == "held-out") == held_out(r.letter))) for s in SPLITS}  # fmt: skip
    lines.append("unassigned items: " + ", ".join(f"{s} {unassigned[s]}/{n[s]}" for s in SPLITS))
    return "\n".join(lines)


def errors(rows: list[Row], held: bool) -> str:
    out: list[str] = []
    for row in rows:
        if held_out(row.letter) != held or row.labelled == row.assigned:
            continue
        out.append(f"== {row.letter} #{row.index} {row.decision} {row.kind}")
        for key in sorted(row.assigned - row.labelled):
            out += [f"  FP {key}: {context}" for context in row.evidence[key]]
        for key in sorted(row.labelled - row.assigned):
            out.append(f"  FN {key}")
        out.append(f"  {row.rationale[-700:]}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=REAL, help="the published letters' text")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--errors", action="store_true", help="print each item the rules miss")
    parser.add_argument("--held-out", action="store_true", help="with --errors: held-out items")
    args = parser.parse_args(argv)
    if not args.real.is_dir():
        print(f"{args.real} not present", file=sys.stderr)
        return 2
    rules = load_reasons()
    rows = evaluate(args.real, args.labels, rules)
    if args.errors:
        print(errors(rows, args.held_out))
    print(report(rows, rules))
    return 0


if __name__ == "__main__":
    sys.exit(main())
