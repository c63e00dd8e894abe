"""The benchmark corpus: distinct letters that parse cleanly, marked synthetic, the same bytes
for the same seed; and the build refuses them unless told they are a benchmark."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from generator.build import SYNTHETIC_MARK, build
from generator.pipeline import parse_paths
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_corpus import make


def test_synthetic_letters_parse_are_distinct_and_reproducible(tmp_path: Path) -> None:
    make(60, tmp_path / "a", seed=7)
    make(60, tmp_path / "b", seed=7)
    files = sorted((tmp_path / "a").rglob("*.txt"))
    assert len(files) == 60
    assert [f.read_bytes() for f in files] == [
        (tmp_path / "b" / f.relative_to(tmp_path / "a")).read_bytes() for f in files
    ]
    records = [o.record for o in parse_paths([tmp_path / "a"])]
    assert all(r is not None and not r.warnings for r in records)
    assert len({r.case_number for r in records if r}) == 60
    assert all(r and r.text.startswith(SYNTHETIC_MARK) for r in records)
    assert all(r and r.case_number and r.case_number.startswith("CM9") for r in records)


def test_the_build_refuses_synthetic_letters_unless_allowed(tmp_path: Path) -> None:
    make(3, tmp_path / "letters")
    refused = build(tmp_path / "letters", tmp_path / "docs", out=io.StringIO(),
                    store=tmp_path / "s.sqlite", jobs=1)  # fmt: skip
    assert (refused.tally.parsed, refused.tally.failed) == (0, 3)
    assert any("synthetic benchmark letter" in p for p in refused.problems)
    allowed = build(tmp_path / "letters", tmp_path / "docs2", out=io.StringIO(),
                    store=tmp_path / "s.sqlite", jobs=1, allow_synthetic=True)  # fmt: skip
    assert (allowed.tally.parsed, allowed.tally.failed) == (3, 0)


def test_more_letters_keep_the_first_ones_and_newer_ones_come_after(tmp_path: Path) -> None:
    make(20, tmp_path / "a")
    make(25, tmp_path / "b", newer_from=20)
    first = sorted((tmp_path / "a").rglob("*.txt"))
    assert [f.read_bytes() for f in first] == [
        (tmp_path / "b" / f.relative_to(tmp_path / "a")).read_bytes() for f in first
    ]
    dates = {o.file.id: o.record.decision_date for o in parse_paths([tmp_path / "b"]) if o.record}
    newer = [d for name, d in dates.items() if int(name.rsplit("-", 1)[1]) >= 20]
    older = [d for name, d in dates.items() if int(name.rsplit("-", 1)[1]) < 20]
    assert len(newer) == 5 and min(d or "" for d in newer) > max(d or "" for d in older)
