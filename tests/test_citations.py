"""The citation grammar on the guideline paragraphs letters print."""

from __future__ import annotations

from typing import Any

import pytest

from generator.citations import parse_guideline, parse_pages


def _brief(text: str) -> list[tuple[Any, ...]]:
    return [
        (c.guideline, c.document, c.edition, c.section, [list(p) for p in c.pages])
        for c in parse_guideline(text)
    ]


CASES = [
    # seed 000: document, edition, Section(s)
    (
        "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Topical Analgesics.",
        [("MTUS", "Chronic Pain Medical Treatment", "2009", "Topical Analgesics", [])],
    ),
    # seed 001: section name then pages, no edition
    (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Muscle relaxants Page(s): 63-64.",
        [("MTUS", "Chronic Pain Treatment Guidelines", None, "Muscle relaxants", [[63, 64]])],
    ),
    # seed 001: several page ranges
    (
        "Decision based on MTUS Chronic Pain Treatment Guidelines CRITERIA FOR USE OF OPIOIDS "
        "Page(s): 76-78, 88-89.",
        [
            (
                "MTUS",
                "Chronic Pain Treatment Guidelines",
                None,
                "CRITERIA FOR USE OF OPIOIDS",
                [[76, 78], [88, 89]],
            )
        ],
    ),
    # seed 002: pages said twice, kept once
    (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Topical Analgesics, page(s) "
        "111-112 Page(s): 111-112.",
        [("MTUS", "Chronic Pain Treatment Guidelines", None, "Topical Analgesics", [[111, 112]])],
    ),
    # seed 003: document label only, mislabelled
    ("Decision based on MTUS ACOEM Page(s): 63-66.", [("MTUS", "ACOEM", None, None, [[63, 66]])]),
    # seed 003: two documents joined by a bare comma
    (
        "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints,Postsurgical Treatment "
        "Guidelines.",
        [
            ("MTUS", "ACOEM Chapter 12 Low Back Complaints", None, None, []),
            ("MTUS", "Postsurgical Treatment Guidelines", None, None, []),
        ],
    ),
    # seed 004: "Section 2" and one page
    (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Section 2 Page(s): 24.",
        [("MTUS", "Chronic Pain Treatment Guidelines", None, "Section 2", [[24, 24]])],
    ),
    # seed 000: MTUS plus ODG in one paragraph
    (
        "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Topical Analgesics. "
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain (Chronic), "
        "Voltaren Gel (diclofenac).",
        [
            ("MTUS", "Chronic Pain Medical Treatment", "2009", "Topical Analgesics", []),
            ("ODG", "Pain (Chronic)", None, "Voltaren Gel (diclofenac)", []),
        ],
    ),
    # published: two MTUS documents joined by ", and"
    (
        "Decision based on MTUS General Approaches 2004, Section(s): Initial Approaches to "
        "Treatment, and Neck and Upper Back Complaints 2004, Section(s): Summary.",
        [
            ("MTUS", "General Approaches", "2004", "Initial Approaches to Treatment", []),
            ("MTUS", "Neck and Upper Back Complaints", "2004", "Summary", []),
        ],
    ),
    # published: the comma inside "Forearm, Wrist, and Hand" does not split a document
    (
        "Decision based on MTUS Elbow Complaints 2007, Section(s): Initial Care, and Forearm, "
        "Wrist, and Hand Complaints 2004, Section(s): Special Studies.",
        [
            ("MTUS", "Elbow Complaints", "2007", "Initial Care", []),
            ("MTUS", "Forearm, Wrist, and Hand Complaints", "2004", "Special Studies", []),
        ],
    ),
    # published: section titles with commas stay one section list
    (
        "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): TENS, chronic pain "
        "(transcutaneous electrical nerve stimulation).",
        [
            (
                "MTUS",
                "Chronic Pain Medical Treatment",
                "2016",
                "TENS, chronic pain (transcutaneous electrical nerve stimulation)",
                [],
            )
        ],
    ),
    # published: ", and" inside a section list is not a second document
    (
        "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Cyclobenzaprine "
        "(Flexeril), and Muscle relaxants (for pain).",
        [
            (
                "MTUS",
                "Chronic Pain Medical Treatment",
                "2016",
                "Cyclobenzaprine (Flexeril), Muscle relaxants (for pain)",
                [],
            )
        ],
    ),
    # published: "Guidelines" after the edition
    (
        "Decision based on MTUS Chronic Pain Medical Treatment 2016 Guidelines, Section(s): "
        "Antidepressants for chronic pain.",
        [
            (
                "MTUS",
                "Chronic Pain Medical Treatment",
                "2016",
                "Antidepressants for chronic pain",
                [],
            )
        ],
    ),
    # published: numbered section of the 2016 opioid guideline
    (
        "Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain "
        "and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment.",
        [
            (
                "MTUS",
                "Opioid Treatment",
                "2016",
                "3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic "
                "Opioid Treatment",
                [],
            )
        ],
    ),
    # published: document only
    (
        "Decision based on MTUS Low Back Complaints 2004.",
        [("MTUS", "Low Back Complaints", "2004", None, [])],
    ),
    # published: outside-MTUS preamble, then ODG chapter and topic
    (
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
        "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low "
        "Back Chapter, Preoperative lab testing.",
        [("ODG", "Low Back Chapter", None, "Preoperative lab testing", [])],
    ),
    # published: ODG plus another source joined by "and Other Medical Treatment Guidelines"
    (
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Hips and Pelvis "
        "(Acute and Chronic), MRI (magnetic resonance imaging) and Other Medical Treatment "
        "Guidelines ACOEM Hip and Groin Disorders, Diagnostic Testing, MRI.",
        [
            (
                "ODG",
                "Hips and Pelvis (Acute and Chronic)",
                None,
                "MRI (magnetic resonance imaging)",
                [],
            ),
            ("ACOEM", "Hip and Groin Disorders", None, "Diagnostic Testing, MRI", []),
        ],
    ),
    # published: ODG with its edition and format before the topic
    (
        "Decision based on Non-MTUS Citation Official Disability Guidelines, 2016, Web Version, "
        "Criteria for skilled nursing facility.",
        [("ODG", "Criteria for skilled nursing facility", "2016", None, [])],
    ),
    # published: free text with a web address
    (
        "Decision based on Non-MTUS Citation Sildenafil: Drug information, accessed from "
        "UpToDate.com on 12/17/2016.",
        [("other", None, None, None, [])],
    ),
    # published: no evidence cited
    (
        "The Claims Administrator did not cite any medical evidence for its decision.",
        [("none", None, None, None, [])],
    ),
    # ACOEM outside MTUS with a page
    (
        "Decision based on MTUS Shoulder Complaints 2004, Section(s): Summary. Decision based on "
        "Non-MTUS Citation ACOEM Occupational Medicine Practice Guidelines, 3rd ed., Shoulder "
        "Disorders, pg. 64.",
        [
            ("MTUS", "Shoulder Complaints", "2004", "Summary", []),
            (
                "ACOEM",
                "Occupational Medicine Practice Guidelines",
                None,
                "3rd ed., Shoulder Disorders",
                [[64, 64]],
            ),
        ],
    ),
    # wrapped mid-phrase: "Page(s): " then "111-113" on the next line
    (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Page(s):\n111-113.",
        [("MTUS", "Chronic Pain Treatment Guidelines", None, None, [[111, 113]])],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_citation(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert _brief(text) == expected


def test_every_citation_keeps_its_words() -> None:
    text = "Decision based on Non-MTUS Citation http://www.nhlbi.nih.gov/health/ekg, accessed 2017."
    (citation,) = parse_guideline(text)
    assert citation.guideline == "other"
    assert "nhlbi.nih.gov" in citation.text
    assert text[citation.span[0] : citation.span[1]] == citation.text


def test_empty_paragraph() -> None:
    assert parse_guideline("   ") == []


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ("Page(s): 63-66", ((63, 66),)),
        ("Page(s): 76-78, 88-89", ((76, 78), (88, 89))),
        ("pages 111-113 of 127", ((111, 113),)),
        ("page 24", ((24, 24),)),
        ("pg. 64", ((64, 64),)),
        ("p 301", ((301, 301),)),
        ("Page(s): 66-63", ((63, 66),)),
        ("no pages here", ()),
    ],
)
def test_parse_pages(text: str, pages: tuple[tuple[int, int], ...]) -> None:
    assert parse_pages(text) == pages
