"""Shared test helpers: where the seeds, fixtures and real letters are, and how to parse them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "source_texts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = ROOT.parent / "shared"
REAL_LETTERS = SHARED / "real_letters" / "txt"
# The same letters as the state publishes them (poppler's text of each is in REAL_LETTERS).
REAL_PDFS = SHARED / "real_letters" / "pdf"

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def seed_text(seed_id: str) -> str:
    return (SEEDS / f"{seed_id}.txt").read_text(encoding="utf-8")


def parse(text: str, letter_id: str = "letter") -> dict[str, Any]:
    """Parse text and return the JSON-ready record."""
    return parse_text(text, id=letter_id, source=f"{letter_id}.txt", sha256="0" * 64).to_dict()


def real_letters() -> list[Path]:
    if not REAL_LETTERS.is_dir():
        pytest.skip("../shared/real_letters/txt is not present")
    return sorted(REAL_LETTERS.glob("*.txt"))
