"""Every record validates against the shared contract (record.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.normalize import Normalizer
from generator.pipeline import parse_paths
from tests.conftest import FIXTURES, REAL_LETTERS, REAL_PDFS, ROOT, SEEDS, SHARED

VENDORED = ROOT / "docs" / "reference" / "record.schema.json"
CONTRACT = SHARED / "contract" / "record.schema.json"


def _schema() -> dict[str, Any]:
    return json.loads(VENDORED.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_vendored_schema_matches_the_shared_contract() -> None:
    if not CONTRACT.is_file():
        pytest.skip("../shared/contract is not present")
    assert json.loads(CONTRACT.read_text()) == _schema()


@pytest.mark.parametrize(
    "folder",
    [SEEDS, REAL_LETTERS, REAL_PDFS, FIXTURES / "layouts"],
    ids=["seeds", "real_letters", "real_pdfs", "older_layouts"],
)
def test_records_validate(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not present")
    validator = jsonschema.Draft202012Validator(_schema())
    count = 0
    for outcome in parse_paths([folder], Normalizer.load()):
        assert outcome.record is not None, outcome.failure
        record = json.loads(json.dumps(outcome.record.to_dict()))
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{outcome.file.id}: {errors[0].message} at {list(errors[0].path)}"
        count += 1
    assert count > 0
