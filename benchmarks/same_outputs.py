"""Record, then compare, what the reasons rules and the privacy scan give: a check that a change
meant only to make them faster changes no output.

    python benchmarks/same_outputs.py record FILE [DIR ...]
    python benchmarks/same_outputs.py compare FILE [DIR ...]

Every letter under the folders (default: ../shared/real_letters/txt, source_texts/ and
tests/fixtures/) is parsed and normalized. For every item, ``reasons.assign_reasons`` runs on its
rationale for the item's own decision and kind and, to try every rule on every rationale, for
both decisions with each treatment kind that limits a rule and with none; the record's reasons
(what ``normalize`` stored) are kept too. ``privacy.scan`` runs on each letter's cleaned text,
and on the same text upper- and lower-cased (the patterns are case-insensitive but for street
addresses). ``record`` writes it all as JSON (evidence words and spans: the file holds words of
the letters, so keep it outside the repository, e.g. under /tmp); ``compare`` computes it again
and lists every difference (exit status 1 when there is one).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import privacy  # noqa: E402
from generator.model import ItemReason  # noqa: E402
from generator.normalize import Normalizer  # noqa: E402
from generator.pipeline import parse_paths  # noqa: E402
from generator.reasons import assign_reasons  # noqa: E402

DEFAULT_FOLDERS = [
    ROOT.parent / "shared" / "real_letters" / "txt",
    ROOT / "source_texts",
    ROOT / "tests" / "fixtures",
]
DECISIONS = ("upheld", "overturned")
KINDS = (None, "drug", "imaging", "lab", "therapy")


def _reasons(reasons: list[ItemReason]) -> list[Any]:
    return [[r.key, [[e.rule, list(e.span), e.words] for e in r.evidence]] for r in reasons]


def outputs(folders: list[Path]) -> dict[str, Any]:
    """Letter id (its path) -> its items' reasons and its privacy findings."""
    normalizer = Normalizer.load()
    out: dict[str, Any] = {}
    for outcome in parse_paths(folders, normalizer):
        key = str(outcome.file.path)
        record = outcome.record
        if record is None:
            out[key] = None
            continue
        items = []
        for issue in record.issues:
            start, end = issue.rationale_span
            rationale = record.text[start:end]
            runs = {"record": _reasons(issue.reasons)}
            kinds = dict.fromkeys((issue.treatment.kind, *KINDS))
            for decision in (*DECISIONS, issue.decision):
                for kind in kinds:
                    got = assign_reasons(rationale, decision, kind, normalizer.reasons, start)
                    runs[f"{decision}/{kind}"] = _reasons(got)
            items.append(runs)
        scans = {
            name: [[d.severity, d.code, d.text, list(d.span or ())] for d in privacy.scan(text)]
            for name, text in (
                ("text", record.text),
                ("upper", record.text.upper()),
                ("lower", record.text.lower()),
            )
        }
        out[key] = {"items": items, "privacy": scans}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("folders", type=Path, nargs="*")
    args = parser.parse_args()
    got = outputs(args.folders or [f for f in DEFAULT_FOLDERS if f.is_dir()])
    letters = len(got)
    items = sum(len(v["items"]) for v in got.values() if v)
    runs = sum(len(i) for v in got.values() if v for i in v["items"])
    found = sum(len(s) for v in got.values() if v for s in v["privacy"].values())
    summary = f"{letters} letters, {items} items, {runs} reason runs, {found} privacy findings"
    if args.action == "record":
        args.file.write_text(json.dumps(got, indent=0, sort_keys=True), encoding="utf-8")
        print(f"recorded {summary} in {args.file}")
        return
    want = json.loads(args.file.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(got))
    differ = sorted(
        k for k in set(want) | set(got) if want.get(k, "absent") != got.get(k, "absent")
    )
    for key in differ[:20]:
        print(f"differs: {key}")
    print(f"compared {summary}: {len(differ)} letters differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
