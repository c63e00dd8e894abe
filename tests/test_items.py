"""Item blocks: decision lines in every form the letters use."""

from __future__ import annotations

import pytest

from tests.conftest import parse
from tests.letters import item, letter

CASES = [
    # (head lines as printed, expected item, expected decision)
    ("Baclofen 10mg, #90: Upheld", "Baclofen 10mg, #90", "upheld"),  # same line
    ("Baclofen 10mg, #90:  Upheld", "Baclofen 10mg, #90", "upheld"),  # two spaces (seed 001)
    ("BACLOFEN 20MG #90.: Upheld", "BACLOFEN 20MG #90.", "upheld"),  # capitals, trailing period
    (
        "MILD PROCEDURE (MINIMALLY INVASIVE LUMBAR DECOMPRESSION) L4-5.:\nUpheld",
        "MILD PROCEDURE (MINIMALLY INVASIVE LUMBAR DECOMPRESSION) L4-5.",
        "upheld",
    ),  # wrapped decision
    (
        "Additional physical therapy two times four visits (8) for the lumbar and bilateral knees:\nUpheld",
        "Additional physical therapy two times four visits (8) for the lumbar and bilateral knees",
        "upheld",
    ),  # decision alone on next line
    (
        "Right shoulder arthroscopy with subacromial decompression, acromioplasty, Mumford, rotator\n"
        "cuff repair: Overturned",
        "Right shoulder arthroscopy with subacromial decompression, acromioplasty, Mumford, rotator "
        "cuff repair",
        "overturned",
    ),  # item wrapped over two lines
    (
        "Associated surgical service: Cold therapy unit: Upheld",
        "Associated surgical service: Cold therapy unit",
        "upheld",
    ),  # colon inside the item
    ("Pre-op labs: CBC: Overturned", "Pre-op labs: CBC", "overturned"),  # colons inside
    (
        "DOS: 11/11/2016: Retrospective urine drug screen: Upheld",
        "Retrospective urine drug screen",
        "upheld",
    ),  # date of service first, with its colon (a field, not part of the name)
    (
        "Oxycodone HCL ER 20mg #60 day supply: 30: Overturned",
        "Oxycodone HCL ER 20mg #60 day supply: 30",
        "overturned",
    ),  # last colon wins
    ("Naproxen 550mg #60: OVERTURNED", "Naproxen 550mg #60", "overturned"),  # capital decision
    ("Voltaren gel 1%: Upheld.", "Voltaren gel 1%", "upheld"),  # period after decision
]


@pytest.mark.parametrize(("head", "expected_item", "expected_decision"), CASES)
def test_decision_line(head: str, expected_item: str, expected_decision: str) -> None:
    record = parse(letter(item(head)))
    assert [(i["item"], i["decision"]) for i in record["issues"]] == [
        (expected_item, expected_decision)
    ]
    assert record["issues"][0]["warnings"] == []


def test_items_follow_a_rationale_without_blank_lines() -> None:
    text = letter(item("Baclofen 10mg #90: Upheld") + item("Ultram 50mg, #90:  Overturned"))
    record = parse(text)
    assert [(i["index"], i["item"], i["decision"]) for i in record["issues"]] == [
        (1, "Baclofen 10mg #90", "upheld"),
        (2, "Ultram 50mg, #90", "overturned"),
    ]


@pytest.mark.parametrize(
    "word", ["Overturned in part", "Partially certified", "Modified", "Pending further review"]
)
def test_unclassified_decision_is_unknown_with_warning(word: str) -> None:
    record = parse(letter(item(f"Norco 10/325mg #60: {word}")))
    issue = record["issues"][0]
    assert issue["decision"] == "unknown"
    assert issue["item"] == "Norco 10/325mg #60"
    assert issue["decision_text"] == word
    assert any(word in w for w in issue["warnings"])


def test_missing_decision_word_is_unknown_with_warning() -> None:
    issue = parse(letter(item("Norco 10/325mg #60")))["issues"][0]
    assert issue["decision"] == "unknown"
    assert issue["warnings"] == ["no decision word after the item"]


PARTIALS = [
    # passive form, remainder with colon directly
    (
        "Baclofen 100mg #30 was the original request. Baclofen 100mg #27 was authorized by the\n"
        "Claims Administrator. The remaining IMR eligible portion of the original request,\n"
        "Baclofen 100mg #3: Upheld",
        "Baclofen 100mg #3",
        {
            "original_request": "Baclofen 100mg #30",
            "authorized": "Baclofen 100mg #27",
            "remainder": "Baclofen 100mg #3",
        },
    ),
    # remainder ending "is:", line ending with a sentence end inside the block
    (
        "Cyclobenzaprine 7.5mg #90 was the original request.\nCyclobenzaprine 7.5mg #63 was\n"
        "authorized by the Claims Administrator. The remaining IMR eligible portion of the\n"
        "original request, Cyclobenzaprine 7.5mg #27 is: Upheld",
        "Cyclobenzaprine 7.5mg #27",
        {
            "original_request": "Cyclobenzaprine 7.5mg #90",
            "authorized": "Cyclobenzaprine 7.5mg #63",
            "remainder": "Cyclobenzaprine 7.5mg #27",
        },
    ),
    # active form: "The Claims Administrator authorized ..., leaving the original request IMR
    # eligible. The original request, X is: Overturned"
    (
        "Acupuncture treatments (unspecified quantity) was the original request. The Claims\n"
        "Administrator authorized Acupuncture treatments, 6 sessions, leaving the original request\n"
        "IMR eligible. The original request, Acupuncture treatments (unspecified quantity) is:\n"
        "Overturned",
        "Acupuncture treatments (unspecified quantity)",
        {
            "original_request": "Acupuncture treatments (unspecified quantity)",
            "authorized": "Acupuncture treatments, 6 sessions",
            "remainder": "Acupuncture treatments (unspecified quantity)",
        },
    ),
]


@pytest.mark.parametrize(("head", "expected_item", "parts"), PARTIALS)
def test_partial_approval(head: str, expected_item: str, parts: dict[str, str]) -> None:
    # The rationale before it mentions an original request too: it must stay in its own item.
    before = item(
        "MRI of the lumbar spine: Upheld",
        "X was the original request. Y was authorized. The request is not necessary.",
    )
    record = parse(letter(before + item(head)))
    assert len(record["issues"]) == 2
    issue = record["issues"][1]
    assert issue["item"] == expected_item
    assert issue["partial"] == parts
    assert record["issues"][0]["item"] == "MRI of the lumbar spine"


def test_guideline_paragraphs_and_rationale_are_kept() -> None:
    issue = parse(letter())["issues"][0]
    assert issue["guideline_text"]["maximus"] == (
        "Decision based on MTUS Chronic Pain Medical Treatment 2016, "
        "Section(s): Muscle relaxants (for pain)."
    )
    assert issue["rationale"].startswith("Muscle relaxants are recommended")
    assert issue["rationale"].endswith("is not medically necessary.")


def test_spans_point_at_the_source_words() -> None:
    record = parse(letter())
    issue = record["issues"][0]
    text = record["text"]
    assert text[issue["item_span"][0] : issue["item_span"][1]] == "Baclofen 10mg #90"
    start, end = issue["rationale_span"]
    assert " ".join(text[start:end].split()) == issue["rationale"]
    for citation in issue["citations"]["maximus"]:
        s, e = citation["span"]
        assert " ".join(text[s:e].split()) == citation["text"]


def test_documents_reviewed_layout() -> None:
    documents = (
        "DOCUMENTS REVIEWED\n1. Progress report dated 10/19/2016\n2. Request for authorization\n"
    )
    record = parse(letter(documents=documents, issues_heading="IMR DECISION(S) AND RATIONALE(S)"))
    assert [i["item"] for i in record["issues"]] == ["Baclofen 10mg #90"]
    assert "Progress report" not in record["summary"]


def test_missing_paragraphs_are_warnings() -> None:
    issue = parse(letter("Baclofen 10mg #90: Upheld\nDecision rationale: Not necessary.\n"))[
        "issues"
    ][0]
    assert issue["decision"] == "upheld"
    assert "no 'Claims Administrator guideline:' paragraph" in issue["warnings"]
    assert "no 'MAXIMUS guideline:' paragraph" in issue["warnings"]


DATED_ITEMS = [
    # (head lines as printed, expected item, date of service, request date)
    (
        "Lidoderm patch, 12 hours on 12 hours off to affected area, #1 box with 1 refill, DOS:\n"
        "11/11/2016: Upheld",
        "Lidoderm patch, 12 hours on 12 hours off to affected area, #1 box with 1 refill",
        "2016-11-11",
        None,
    ),  # the name wraps after "DOS:", the date and decision on the next line
    (
        "Retrospective Cyclobenzaprine 5mg tab #30 DOS: 11/14/16: Upheld",
        "Retrospective Cyclobenzaprine 5mg tab #30",
        "2016-11-14",
        None,
    ),  # "DOS:" without a comma, two-digit year (real letter CM16-0247802)
    (
        "Terocin patches #30 (DOS: 9/14/2016): Upheld",
        "Terocin patches #30",
        "2016-09-14",
        None,
    ),  # in parentheses
    (
        "Retrospective request for Norco 10/325mg #60, date of service: 10/20/2016: Upheld",
        "Retrospective request for Norco 10/325mg #60",
        "2016-10-20",
        None,
    ),  # spelled out
    (
        "Urine drug screen, Request date: 10/19/16: Overturned",
        "Urine drug screen",
        None,
        "2016-10-19",
    ),  # a request date
    (
        "Toradol injection (retro DOS 10/1/16): Upheld",
        "Toradol injection",
        "2016-10-01",
        None,
    ),  # "retro DOS" without a colon
    (
        "Pre-op labs: CBC, DOS: 12/01/2016:\nUpheld",
        "Pre-op labs: CBC",
        "2016-12-01",
        None,
    ),  # colon in the name, date of service, decision alone on the next line
    (
        "Norco 10/325mg #60: Upheld",
        "Norco 10/325mg #60",
        None,
        None,
    ),  # a strength with slashes is no date
]


@pytest.mark.parametrize(("head", "expected_item", "dos", "requested"), DATED_ITEMS)
def test_date_fields_leave_the_name(
    head: str, expected_item: str, dos: str | None, requested: str | None
) -> None:
    record = parse(letter(item(head)))
    [issue] = record["issues"]
    assert issue["item"] == expected_item
    assert (issue["date_of_service"], issue["request_date"]) == (dos, requested)
    assert issue["warnings"] == []


def test_item_after_a_rationale_wraps_after_a_colon() -> None:
    """The item is everything between the previous block's end and its decision, even when
    its name ends a line with a colon."""
    text = letter(
        item("Baclofen 10mg #90: Upheld")
        + item("Lidoderm patch, 12 hours on 12 hours off, #1 box, DOS:\n11/11/2016: Upheld")
    )
    items = [(i["item"], i["date_of_service"]) for i in parse(text)["issues"]]
    assert items == [
        ("Baclofen 10mg #90", None),
        ("Lidoderm patch, 12 hours on 12 hours off, #1 box", "2016-11-11"),
    ]


PUBLISHED_PARTIALS = [
    # Every partial-approval phrasing in the 146 published letters, and the fixture's others:
    # (head lines as printed, original request, authorized, remainder = the item)
    (
        "Baclofen 100mg #30 was the original request. Baclofen 100mg #27 was authorized by the Claims\n"
        "Administrator. The remaining IMR eligible portion of the original request, Baclofen 100mg #3:\nUpheld",
        "Baclofen 100mg #30",
        "Baclofen 100mg #27",
        "Baclofen 100mg #3",
    ),  # passive authorization, remaining portion without "is", decision alone (CM16-0233904)
    (
        "Cyclobenzaprine 7.5mg #90 was the original request. Cyclobenzaprine 7.5mg #63 was authorized\n"
        "by the Claims Administrator. The remaining IMR eligible portion of the original request,\n"
        "Cyclobenzaprine 7.5mg #27 is: Upheld",
        "Cyclobenzaprine 7.5mg #90",
        "Cyclobenzaprine 7.5mg #63",
        "Cyclobenzaprine 7.5mg #27",
    ),  # the same with "is" (CM16-0234464)
    (
        "Acupuncture treatments (unspecified quantity) was the original request. The Claims\n"
        "Administrator authorized Acupuncture treatments, 6 sessions, leaving the original request IMR\n"
        "eligible. The original request, Acupuncture treatments (unspecified quantity) is: Upheld",
        "Acupuncture treatments (unspecified quantity)",
        "Acupuncture treatments, 6 sessions",
        "Acupuncture treatments (unspecified quantity)",
    ),  # active authorization, the whole request restated (CM16-0249536)
    (
        "Purchase of a bedside 3 in 1 commode was the original request. The Claims Administrator\n"
        "authorized a bedside 3 in 1 commode for 1 month, leaving the original request IMR eligible.\n"
        "The original request, purchase of a bedside 3 in 1 commode is: Upheld",
        "Purchase of a bedside 3 in 1 commode",
        "a bedside 3 in 1 commode for 1 month",
        "purchase of a bedside 3 in 1 commode",
    ),  # restated in lower case (CM16-0249724)
    (
        "Ibuprofen 600mg #90 with 2 refill was the original request. Ibuprofen 600mg #90 was authorized\n"
        "by the Claims Administrator. The remaining IMR eligible portion of the original request, Two\n"
        "refills of Ibuprofen 600mg #90 is: Upheld",
        "Ibuprofen 600mg #90 with 2 refill",
        "Ibuprofen 600mg #90",
        "Two refills of Ibuprofen 600mg #90",
    ),  # the remainder reworded (CM17-0002181)
    (
        "Eight physical therapy sessions for the lumbar spine, left shoulder, left wrist and left knee was\n"
        "the original request. Six physical therapy sessions for the lumbar spine, left shoulder and left\n"
        "knee was authorized by the Claims Administrator. The remaining IMR eligible portion of the\n"
        "original request, two physical therapy sessions for the lumbar spine, left shoulder and left knee\n"
        "and eight physical therapy sessions for the left wrist is: Upheld",
        "Eight physical therapy sessions for the lumbar spine, left shoulder, left wrist and left knee",
        "Six physical therapy sessions for the lumbar spine, left shoulder and left knee",
        "two physical therapy sessions for the lumbar spine, left shoulder and left knee and eight "
        "physical therapy sessions for the left wrist",
    ),  # a remainder of two parts over five lines (CM17-0002198)
    (
        "Retrospective Cyclobenzaprine 7.5mg #60, per 12/07/2016 order was the original request.\n"
        "Retrospective Cyclobenzaprine 7.5mg #42, per 12/07/2016 order was authorized by the Claims\n"
        "Administrator. The remaining IMR eligible portion of the original request, Retrospective\n"
        "Cyclobenzaprine 7.5mg #18, per 12/07/2016 order is: Upheld",
        "Retrospective Cyclobenzaprine 7.5mg #60, per 12/07/2016 order",
        "Retrospective Cyclobenzaprine 7.5mg #42, per 12/07/2016 order",
        "Retrospective Cyclobenzaprine 7.5mg #18, per 12/07/2016 order",
    ),  # an order date inside each part, no date field (CM17-0009995)
    (
        "EMG/NCS of the right upper extremity was the original request. NCS of the right upper\n"
        "extremity was authorized by the Claims Administrator. The remaining IMR eligible portion of\n"
        "the original request, EMG of the right upper extremity is: Upheld",
        "EMG/NCS of the right upper extremity",
        "NCS of the right upper extremity",
        "EMG of the right upper extremity",
    ),  # one test of two authorized (CM17-0020384)
    (
        "Trezix capsule 320.5/30/16mg was the original request. The Claims Administrator authorized a\n"
        "one month supply of Trezix capsule 320.5/30/16mg, leaving the original request IMR eligible.\n"
        "The original request, one month supply of Trezix capsule 30.5/30/16mg is: Upheld",
        "Trezix capsule 320.5/30/16mg",
        "a one month supply of Trezix capsule 320.5/30/16mg",
        "one month supply of Trezix capsule 30.5/30/16mg",
    ),  # the two mentions of the original request differ (the letter's typo): kept as written
    (
        "Norco 10/325mg #120 were the original request. Norco 10/325mg #60 were certified by\n"
        "utilization review. The remaining IMR eligible portion of the original request, Norco\n"
        "10/325mg #60 is: Upheld",
        "Norco 10/325mg #120",
        "Norco 10/325mg #60",
        "Norco 10/325mg #60",
    ),  # "were", "certified by utilization review"
]


@pytest.mark.parametrize(("head", "original", "authorized", "remainder"), PUBLISHED_PARTIALS)
def test_every_partial_phrasing(head: str, original: str, authorized: str, remainder: str) -> None:
    [issue] = parse(letter(item(head)))["issues"]
    assert issue["partial"] == {
        "original_request": original,
        "authorized": authorized,
        "remainder": remainder,
    }
    assert issue["item"] == remainder
    assert (issue["date_of_service"], issue["warnings"]) == (None, [])


def test_a_differing_restatement_is_noted() -> None:
    [issue] = parse(letter(item(PUBLISHED_PARTIALS[8][0])))["issues"]
    assert [d["code"] for d in issue["diagnostics"]] == ["partial-request-differs"]
    [same] = parse(letter(item(PUBLISHED_PARTIALS[2][0])))["issues"]
    assert same["diagnostics"] == []
