"""The failure classes unseen published letters showed: one fixture letter per class under
tests/fixtures/longtail/, several wordings each, every item checked.

The fixtures are written for these tests in the published layout (the item wordings follow
real letters; the cases are made up).
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.model import Determination
from generator.normalize import Normalizer
from generator.pipeline import parse_file
from generator.read import LetterFile
from tests.conftest import FIXTURES

LONGTAIL = FIXTURES / "longtail"


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer.load()


def _record(name: str, normalizer: Normalizer) -> Determination:
    outcome = parse_file(LetterFile(LONGTAIL / f"{name}.txt", LONGTAIL), normalizer)
    assert outcome.failure is None, outcome.failure
    assert outcome.record is not None
    assert outcome.warnings == [], outcome.warnings
    return outcome.record


def test_every_fixture_is_tested() -> None:
    names = {p.stem for p in LONGTAIL.glob("*.txt")}
    assert names == set(EXPECTED) | {"credentials_run_into_heading"}


def _facts(record: Determination, keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
    rows = []
    for issue in record.issues:
        values: dict[str, Any] = {
            "item": issue.item,
            "decision": issue.decision,
            "dos": issue.date_of_service,
            "requested": issue.request_date,
            "kind": issue.treatment.kind,
            "category": issue.treatment.category,
            "generics": tuple(issue.treatment.generics),
            "relation": issue.treatment.relation,
            "maximus": tuple(
                f"{c.guideline}:{c.document_slug}/{c.slug}" for c in issue.citations["maximus"]
            ),
            "partial": (
                (issue.partial.original_request, issue.partial.authorized, issue.partial.remainder)
                if issue.partial
                else None
            ),
            "notes": tuple(d.code for d in issue.diagnostics if d.severity == "note"),
        }
        rows.append(tuple(values[k] for k in keys))
    return rows


EXPECTED: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]] = {
    # 1. An item name that contains a colon and wraps, the decision after the last colon; its
    #    date of service (or request date) is a field, not its name.
    "item_name_with_colon_and_date_of_service": (
        ("item", "decision", "dos", "requested", "generics"),
        [
            (
                "Lidoderm patch, 12 hours on 12 hours off to affected area, #1 box with 1 refill",
                "upheld",
                "2016-11-11",
                None,
                ("lidocaine",),
            ),  # "DOS:" ends the line
            (
                "Retrospective request for Norco 10/325mg #60",
                "upheld",
                "2016-10-20",
                None,
                ("hydrocodone", "acetaminophen"),
            ),  # "date of service:"
            ("Urine drug screen", "overturned", None, "2016-10-19", ()),  # "Request date:"
            (
                "Pre-op labs: CBC",
                "upheld",
                "2016-12-01",
                None,
                (),
            ),  # colon in the name, decision alone
            (
                "Terocin patches #30",
                "upheld",
                "2016-09-14",
                None,
                ("capsaicin", "lidocaine", "menthol", "methyl salicylate"),
            ),  # "(DOS: ...)"
        ],
    ),
    # 2. Partial approvals read by their sentences, each part as written; a note when the letter
    #    restates the whole request differently (its own typo).
    "partial_approval_restated_differently": (
        ("item", "partial", "kind", "notes"),
        [
            (
                "one month supply of Prilosec (omeprazole) delayed release capsule 30.5/30/16mg",
                (
                    "Prilosec (omeprazole) delayed release capsule 320.5/30/16mg",
                    "a one month supply of Prilosec (omeprazole) delayed release capsule 20mg",
                    "one month supply of Prilosec (omeprazole) delayed release capsule 30.5/30/16mg",
                ),
                "drug",
                ("partial-request-differs",),
            ),  # active "authorized ..., leaving the original request IMR eligible", restated with a typo
            (
                "Acupuncture 6 sessions for the lumbar spine",
                (
                    "Acupuncture 12 sessions for the lumbar spine",
                    "Acupuncture 6 sessions for the lumbar spine",
                    "Acupuncture 6 sessions for the lumbar spine",
                ),
                "therapy",
                (),
            ),  # passive "was authorized by the Claims Administrator", remaining portion
            (
                "purchase of a TENS unit",
                (
                    "Purchase of a TENS unit",
                    "a 30 day rental of a TENS unit",
                    "purchase of a TENS unit",
                ),
                "dme",
                (),
            ),  # restated whole, same words in another case: no note
            (
                "Norco 10/325mg #60",
                ("Norco 10/325mg #120", "Norco 10/325mg #60", "Norco 10/325mg #60"),
                "drug",
                (),
            ),  # "were ... certified by utilization review"
            (
                "Physical therapy twice weekly for six weeks",
                (
                    "Physical therapy 2 times a week for 6 weeks (12 sessions)",
                    None,
                    "Physical therapy twice weekly for six weeks",
                ),
                "therapy",
                ("partial-request-differs",),
            ),  # no authorization sentence, restated in other words
        ],
    ),
    # 3. A guideline named by its name after another lead-in resolves like "Decision based on".
    "guideline_named_with_another_lead_in": (
        ("item", "maximus"),
        [
            (
                "Zolpidem 10mg #30",
                ("ODG:odg-pain/odg-pain-zolpidem",),
            ),  # "based his/her decision on the Non-MTUS ..."
            (
                "Norco 10/325mg #60",
                ("MTUS:mtus-chronic-pain/opioids-criteria-for-use",),
            ),  # same lead-in, MTUS
            (
                "MRI of the right knee",
                ("ODG:odg-knee-and-leg/odg-knee-and-leg-mri",),
            ),  # "The Expert Reviewer based ..."
            (
                "Lumbar epidural steroid injection L4-5",
                ("MTUS:mtus-chronic-pain/epidural-steroid-injections-esis",),
            ),  # "The reviewer relied on"
            (
                "Ambien 10mg #30",
                (
                    "ODG:odg-mental-illness-and-stress/odg-mental-illness-and-stress-insomnia-treatment",
                ),
            ),  # "Non-MTUS" with no lead-in
        ],
    ),
    # 5. Every item gets a kind and the state's request category; "Associated surgical
    #    service:" is kept as the item's relation.
    "items_of_every_kind": (
        ("item", "kind", "category", "relation", "generics"),
        [
            ("Neuroplasty, lumbar spine", "procedure", "Surgery", None, ()),
            (
                "Home aide 6 hours per day, 5 times a week for 6 weeks",
                "other",
                "Home Health",
                None,
                (),
            ),
            ("Sit-stand workstation", "dme", "DMEPOS", None, ()),
            (
                "Associated surgical service: Ultrasling",
                "dme",
                "DMEPOS",
                "associated surgical service",
                (),
            ),
            (
                "Associated surgical service: Hip pad",
                "dme",
                "DMEPOS",
                "associated surgical service",
                (),
            ),
            (
                "Associated surgical service: UA",
                "lab",
                "Diagnostic Testing",
                "associated surgical service",
                (),
            ),
            (
                "Trezix capsule 320.5/30/16mg #60",
                "drug",
                "Pharmaceuticals",
                None,
                ("acetaminophen", "caffeine", "dihydrocodeine"),
            ),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_longtail_fixture(name: str, normalizer: Normalizer) -> None:
    keys, rows = EXPECTED[name]
    assert _facts(_record(name, normalizer), keys) == rows


def test_credentials_that_run_into_the_next_heading(normalizer: Normalizer) -> None:
    """4. Line breaks lost: the specialty stops at DOCUMENTS REVIEWED, never holds a heading
    word or a date."""
    record = _record("credentials_run_into_heading", normalizer)
    assert record.reviewer.licensure == ("California", "Texas")
    assert record.reviewer.specialties == ("Occupational Medicine", "Family Practice")
    assert "DOCUMENTS" not in record.reviewer.raw and "2016" not in record.reviewer.raw
