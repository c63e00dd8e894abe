"""Bad letters are rejected with a clear reason; the others still parse; no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import parse_paths
from tests.conftest import FIXTURES, SEEDS

BAD = FIXTURES / "bad"

REASONS = {
    "binary.txt": "binary file",
    "empty.txt": "empty file",
    "no_decided_items.txt": "no decided items",
    "not_a_determination.txt": "not an IMR final determination",
    "truncated_before_decisions.txt": "truncated",
    "unknown_layout.txt": 'in no known layout: it opens with "NOTICE OF INDEPENDENT MEDICAL',
    "whitespace_only.txt": "empty file",
}


@pytest.mark.parametrize("name", sorted(REASONS))
def test_rejected_with_reason(name: str) -> None:
    (outcome,) = parse_paths([BAD / name])
    assert outcome.record is None
    assert outcome.failure is not None
    assert outcome.failure.reason.startswith(REASONS[name])


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    shutil.copytree(BAD, folder / "bad")
    shutil.copy(SEEDS / "000_5d516a6f8a2f4e6d.txt", folder / "a_good.txt")
    shutil.copy(SEEDS / "004_fe65d462dc32a52a.txt", folder / "z_good.txt")
    return folder


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, check=False
    )


def test_cli_reports_every_bad_letter_and_parses_the_rest(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    result = _cli("parse", "--json", str(folder))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # both good letters, in sorted order
    assert '"id": "a_good"' in lines[0] and '"id": "z_good"' in lines[1]
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == len(REASONS)
    for name, reason in REASONS.items():
        assert any(name in line and reason in line for line in errors), name
    assert "9 letters: 2 parsed, 7 failed" in result.stderr
    # Per file type and per layout, before the closing line.
    assert result.stderr.splitlines()[-4:-1] == [
        "  txt: 9 read, 2 parsed, 7 rejected (1 binary, 2 empty, 1 no known layout, "
        "1 not a determination, 2 truncated)",
        "  layout current: 4 read, 2 parsed, 2 rejected (2 truncated)",
        "  layout none recognized: 5 read, 0 parsed, 5 rejected (1 binary, 2 empty, "
        "1 no known layout, 1 not a determination)",
    ]
    assert result.stderr.splitlines()[-1].startswith("9 letters: 2 parsed, 7 failed")


def test_cli_exit_codes(tmp_path: Path) -> None:
    assert _cli("parse", str(SEEDS)).returncode == 0
    assert _cli("parse", str(tmp_path / "missing")).returncode == 2
    assert _cli("parse").returncode == 2
    assert _cli("frobnicate").returncode == 2


def test_strict_fails_on_warnings_after_reporting_all(tmp_path: Path) -> None:
    text = (SEEDS / "000_5d516a6f8a2f4e6d.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text.replace("MAXIMUS guideline:", "MAXIMUS said:", 1))
    (tmp_path / "b.txt").write_text(text.replace("Upheld", "Pending", 1), encoding="utf-8")
    # A fact the letter leaves out is a note on the record, not a doubt: strict passes it.
    (tmp_path / "c.txt").write_text(text.replace("51 year old female", "female"))
    assert _cli("parse", str(tmp_path)).returncode == 0
    strict = _cli("parse", "--strict", str(tmp_path))
    assert strict.returncode == 1
    warned = [line for line in strict.stderr.splitlines() if ": warning: " in line]
    assert len(warned) == 2
    assert "a.txt" in warned[0] and "no 'MAXIMUS guideline:' paragraph" in warned[0]
    assert "b.txt" in warned[1] and "'Pending' is neither Upheld nor Overturned" in warned[1]
    assert "Traceback" not in strict.stderr
    assert _cli("parse", "--strict", str(tmp_path / "c.txt")).returncode == 0


def test_human_summary(tmp_path: Path) -> None:
    result = _cli("parse", str(SEEDS / "001_a5bd9920a7114176.txt"))
    assert result.stdout.strip() == (
        "001_a5bd9920a7114176: 2 item(s): 1. Baclofen 10mg, #90 -> upheld, "
        "2. Ultram 50mg, #90 -> upheld"
    )
