"""Letter layouts: each is detected and named; the two older ones parse into the same record as
the seed they were rearranged from; a letter in no known layout is rejected whole.

No published letter in the older layouts is in hand: their fixtures (tests/fixtures/layouts/)
are seed letters rearranged under the layouts' headings, and say so on their first line.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.errors import NotADetermination, TruncatedLetter, UnknownLayout
from generator.parse import LAYOUTS
from generator.parse.sections import detect_layout
from generator.pipeline import parse_paths
from tests.conftest import FIXTURES, parse, seed_text
from tests.letters import letter

LAYOUT_FIXTURES = FIXTURES / "layouts"

# Record fields a layout's fixture shares with its seed's record: every field but these.
_DIFFERS = {"id", "source", "sha256", "text", "layout", "documents_reviewed"}
# Keys of character positions, which differ with the text.
_SPANS = {"span", "item_span", "rationale_span"}


def _without_spans(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_spans(v) for k, v in value.items() if k not in _SPANS}
    if isinstance(value, list):
        return [_without_spans(v) for v in value]
    return value


def _shared(record: dict[str, Any]) -> dict[str, Any]:
    return _without_spans({k: v for k, v in record.items() if k not in _DIFFERS})


FIXTURE_CASES = [
    # (fixture, seed it was written from, layout, documents reviewed, roles the layout lacks)
    (
        "maximus_letterhead_from_seed_000",
        "000_5d516a6f8a2f4e6d",
        "maximus-letterhead",
        [
            "Utilization Review determination dated 11-4-2015",
            "Progress report dated 10-28-2015",
            "Progress note dated 12-9-2015",
        ],
        (),
    ),  # letterhead, DOCUMENTS REVIEWED after the credentials, IMR DECISION(S) AND RATIONALE(S)
    (
        "mpr_2013_from_seed_001",
        "001_a5bd9920a7114176",
        "mpr-2013",
        ["Progress notes dated 12/1/2014", "Progress notes dated 12/24/2014"],
        ("claims_administrator",),
    ),  # 2013: numbered items under ISSUE AT DISPUTE:, a guideline and a rationale section each
]


@pytest.mark.parametrize(
    ("fixture", "seed_id", "layout", "documents", "lacks"),
    FIXTURE_CASES,
    ids=[case[0] for case in FIXTURE_CASES],
)
def test_older_layout_gives_the_seeds_record(
    fixture: str, seed_id: str, layout: str, documents: list[str], lacks: tuple[str, ...]
) -> None:
    text = (LAYOUT_FIXTURES / f"{fixture}.txt").read_text(encoding="utf-8")
    assert text.startswith("FIXTURE, NOT A PUBLISHED LETTER: seed letter")  # it says so
    record = parse(text, fixture)
    seed = parse(seed_text(seed_id), seed_id)
    assert record["layout"] == layout and seed["layout"] == "current"
    assert record["documents_reviewed"] == documents
    assert seed["documents_reviewed"] is None
    assert record["warnings"] == [] and all(not i["warnings"] for i in record["issues"])
    # What the layout lacks is null (text) or empty (citations); everything else is the seed's.
    for role in lacks:
        for issue, seed_issue in zip(record["issues"], seed["issues"], strict=True):
            assert issue["guideline_text"][role] is None
            assert issue["citations"][role] == []
            seed_issue["guideline_text"][role] = None
            seed_issue["citations"][role] = []
    assert _shared(record) == _shared(seed)
    # Spans still point at the words they came from.
    for issue in record["issues"]:
        start, end = issue["rationale_span"]
        assert " ".join(record["text"][start:end].split()) == issue["rationale"]
        start, end = issue["item_span"]
        assert record["text"][start:end].startswith(issue["item"])


DETECTED = [
    # (text, layout or the error it raises)
    (letter(), "current"),  # the published headings
    (
        letter(issues_heading="IMR DECISION(S) AND RATIONALE(S)"),
        "maximus-letterhead",
    ),  # the older decisions heading, no letterhead
    (
        "MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\nHOW THE IMR FINAL DETERMINATION WAS MADE\nx",
        TruncatedLetter,
    ),  # letterhead, stops before the decisions
    (
        "MEDICAL PROFESSIONAL REVIEW\nISSUE AT DISPUTE:\nBaclofen: Upheld\nCASE SUMMARY:\nx",
        TruncatedLetter,
    ),  # 2013 title and items, no rationale
    (
        "ISSUE AT DISPUTE:\nBaclofen: Upheld\nRATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\nNo.",
        "mpr-2013",
    ),  # 2013 without its title
    (
        "HOW THE IMR FINAL DETERMINATION WAS MADE\nMAXIMUS sent the file.",
        TruncatedLetter,
    ),  # current, stops early
    (
        "Independent Medical Review\nDECISION: the request is denied.",
        UnknownLayout,
    ),  # IMR words, no known heading
    ("MEETING MINUTES\nItem 1: Approved", NotADetermination),  # not a letter at all
]


@pytest.mark.parametrize(("text", "expected"), DETECTED)
def test_layout_detection(text: str, expected: str | type[Exception]) -> None:
    if isinstance(expected, str):
        assert detect_layout(text) == expected
        assert parse(text)["layout"] == expected
    else:
        with pytest.raises(expected):
            parse(text)


def test_every_layout_is_named_and_described() -> None:
    assert set(LAYOUTS) == {"current", "maximus-letterhead", "mpr-2013"}
    assert all(layout.label and layout.headings for layout in LAYOUTS.values())


def test_a_letter_in_no_known_layout_is_rejected_whole_with_its_opening_words() -> None:
    (outcome,) = parse_paths([FIXTURES / "bad" / "unknown_layout.txt"])
    assert outcome.record is None and outcome.failure is not None
    assert outcome.failure.reason.startswith(
        'in no known layout: it opens with "NOTICE OF INDEPENDENT MEDICAL REVIEW DETERMINATION '
        'MAXIMUS Federal Services, Inc. has determined ..."'
    )


def test_a_truncated_letter_keeps_its_layout() -> None:
    (outcome,) = parse_paths([FIXTURES / "bad" / "truncated_before_decisions.txt"])
    assert outcome.failure is not None and outcome.failure.layout == "current"


def test_items_and_sections_that_do_not_match_are_a_warning() -> None:
    """The 2013 layout's second rationale section missing: a warning for the letter, and the
    item without one says so."""
    text = (LAYOUT_FIXTURES / "mpr_2013_from_seed_001.txt").read_text(encoding="utf-8")
    heading = "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:"
    qualifications = "MEDICAL REVIEWER QUALIFICATIONS:"
    cut = text[: text.rindex(heading)] + text[text.index(qualifications) :]
    record = parse(cut)
    assert record["warnings"] == [
        "2 items at dispute but 2 guideline and 1 rationale sections; each section was given to "
        "the item in its place"
    ]
    assert record["issues"][1]["warnings"] == [
        "no 'Decision rationale:' paragraph (letter truncated?)"
    ]
