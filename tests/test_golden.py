"""Golden records: the full normalized record of each seed letter, compared whole.

Regenerate with ``UPDATE_GOLDENS=1 nox -s tests -- tests/test_golden.py``, then check every
changed field by hand against the letter in source_texts/ before committing (the README says
how). The cleaned ``text`` is left out of the file to keep it reviewable; spans are kept and
``test_spans_match_the_golden_words`` checks them against the text.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from generator.normalize import Normalizer
from generator.pipeline import parse_paths
from tests.conftest import GOLDEN, SEED_IDS, SEEDS

RECORDS = GOLDEN / "records"


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    return {
        o.record.id: o.record.to_dict()
        for o in parse_paths([SEEDS], Normalizer.load())
        if o.record is not None
    }


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_golden_record(records: dict[str, dict[str, Any]], seed_id: str) -> None:
    record = dict(records[seed_id])
    record.pop("text")
    golden = RECORDS / f"{seed_id}.json"
    rendered = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDENS"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert golden.is_file(), f"no golden for {seed_id}: run with UPDATE_GOLDENS=1"
    assert json.loads(golden.read_text(encoding="utf-8")) == json.loads(rendered)


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_spans_match_the_golden_words(records: dict[str, dict[str, Any]], seed_id: str) -> None:
    record = records[seed_id]
    text = record["text"]
    for issue in record["issues"]:
        start, end = issue["item_span"]
        assert " ".join(text[start:end].split()).rstrip(":").strip().endswith(issue["item"])
        start, end = issue["rationale_span"]
        assert " ".join(text[start:end].split()) == issue["rationale"]
        for role in ("claims_administrator", "maximus"):
            for citation in issue["citations"][role]:
                start, end = citation["span"]
                assert " ".join(text[start:end].split()) == citation["text"]
