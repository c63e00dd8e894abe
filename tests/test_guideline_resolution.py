"""Citation -> guideline section: the table in tests/data/citation_strings.yaml (0 wrong), the
multi-section splitter, page warnings, agreement between names and pages in the seeds, and a
measurement over the published letters (skipped when ../shared/real_letters is absent)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.citations import parse_guideline
from generator.guidelines import (
    METHODS,
    CitationQuery,
    GuidelineLexicon,
    Resolution,
    load_guidelines,
    page_warnings,
    resolve_citation,
    split_sections,
)

HERE = Path(__file__).resolve().parent
ROWS = yaml.safe_load((HERE / "data" / "citation_strings.yaml").read_text(encoding="utf-8"))["rows"]
SEEDS = HERE.parent / "source_texts"
REAL_LETTERS = HERE.parents[1] / "shared" / "real_letters" / "txt"


@pytest.fixture(scope="module")
def lex() -> GuidelineLexicon:
    return load_guidelines()


def _query(fields: dict[str, Any]) -> CitationQuery:
    return CitationQuery(
        guideline=fields["guideline"],
        document=fields["document"],
        edition=fields["edition"],
        section=fields["section"],
        pages=tuple((a, b) for a, b in fields["pages"]),
        text=fields["text"],
        context=fields.get("context", ""),
    )


def test_table_is_large_and_varied() -> None:
    assert len(ROWS) >= 120
    methods = Counter(row["expect"]["method"] for row in ROWS)
    assert set(methods) == set(METHODS), methods
    kinds = Counter(row["variant"].split(",")[0].split(":")[0] for row in ROWS)
    assert kinds["synthetic"] >= 50 and kinds["real letter"] >= 150, kinds


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}-{row['variant']}" for i, row in enumerate(ROWS)])
def test_citation_strings(lex: GuidelineLexicon, row: dict[str, Any]) -> None:
    result = resolve_citation(_query(row["query"]), lex)
    expect = row["expect"]
    got = (result.document_slug, result.section_slug, result.method)
    assert got == (expect["document"], expect["section"], expect["method"]), result.remarks
    if expect.get("warning"):
        assert any(expect["warning"] in w for w in result.remarks), result.remarks
    if result.section_slug is not None:
        doc = lex.document(result.document_slug or "")
        assert doc.section(result.section_slug).title == result.section
    if result.method == "none":
        assert result.document_slug is None and result.section_slug is None


def test_resolution_fields(lex: GuidelineLexicon) -> None:
    query = CitationQuery(
        "MTUS", "Chronic Pain Medical Treatment", "2009", "Muscle relaxants (for pain)", (),
        "MTUS Chronic Pain Medical Treatment 2009, Section(s): Muscle relaxants (for pain).",
    )  # fmt: skip
    assert resolve_citation(query, lex) == Resolution(
        document_slug="mtus-chronic-pain",
        document="Chronic Pain Medical Treatment Guidelines",
        guideline="MTUS",
        edition="2009",
        section="Muscle relaxants (for pain)",
        section_slug="muscle-relaxants-for-pain",
        method="name",
        remarks=(),
    )


def test_mislabel_warning_names_the_label_and_the_target(lex: GuidelineLexicon) -> None:
    query = CitationQuery("MTUS", "ACOEM", None, None, ((63, 66),), "MTUS ACOEM Page(s): 63-66.")
    result = resolve_citation(query, lex)
    assert result.section_slug == "muscle-relaxants-for-pain"
    (warning,) = result.remarks
    assert "63-66" in warning and "ACOEM" in warning
    assert "Chronic Pain Medical Treatment Guidelines / Muscle relaxants (for pain)" in warning


def test_no_evidence_is_silent(lex: GuidelineLexicon) -> None:
    text = "The Claims Administrator did not cite any medical evidence for its decision."
    result = resolve_citation(CitationQuery("none", None, None, None, (), text), lex)
    assert result == Resolution(None, None, None, None, None, None, "none")


@pytest.mark.parametrize(
    ("text", "document", "pieces"),
    [
        # Titles that contain commas stay whole.
        (
            "NSAIDs, GI symptoms & cardiovascular risk, Proton Pump Inhibitors (PPIs)",
            None,
            ["NSAIDs, GI symptoms & cardiovascular risk", "Proton Pump Inhibitors (PPIs)"],
        ),
        (
            "TENS, chronic pain (transcutaneous electrical nerve stimulation)",
            None,
            ["TENS, chronic pain (transcutaneous electrical nerve stimulation)"],
        ),
        (
            "NSAIDs (non-steroidal anti-inflammatory drugs), NSAIDs, GI symptoms & cardiovascular"
            " risk, NSAIDs, hypertension and renal function, NSAIDs, specific drug list & adverse"
            " effects",
            "mtus-chronic-pain",
            [
                "NSAIDs (non-steroidal anti-inflammatory drugs)",
                "NSAIDs, GI symptoms & cardiovascular risk",
                "NSAIDs, hypertension and renal function",
                "NSAIDs, specific drug list & adverse effects",
            ],
        ),
        # Commas inside brackets never split.
        (
            "Naproxen (Naprosyn, EC-Naprosyn, Anaprox, Anaprox DS [otc], Naprelan), NSAIDs (non-"
            "steroidal anti-inflammatory drugs)",
            "mtus-chronic-pain",
            [
                "Naproxen (Naprosyn, EC-Naprosyn, Anaprox, Anaprox DS [otc], Naprelan)",
                "NSAIDs (non-steroidal anti-inflammatory drugs)",
            ],
        ),
        (
            "Capsaicin, topical (chili pepper/cayenne pepper), Ultrasound, therapeutic, Work "
            "conditioning, work hardening",
            None,
            [
                "Capsaicin, topical (chili pepper/cayenne pepper)",
                "Ultrasound, therapeutic",
                "Work conditioning, work hardening",
            ],
        ),
        # Plain lists, with the "Section(s):" label and a final period.
        (
            "Section(s): Initial Care, Activity Modification, Special Studies, Summary.",
            "acoem-shoulder-complaints",
            ["Initial Care", "Activity Modification", "Special Studies", "Summary"],
        ),
        ("Knee, Forearm, Wrist, & Hand", "mtus-postsurgical", ["Knee", "Forearm, Wrist, & Hand"]),
        # An unknown piece stays on its own.
        (
            "Diagnositc Criteria, Special Studies",
            "acoem-low-back-complaints",
            ["Diagnositc Criteria", "Special Studies"],
        ),
        # Numbered headings run to the next number, commas and all.
        (
            "3.3.1.1 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of "
            "Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for Drug "
            "Misuse/Abuse, 3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: "
            "Maintenance of Chronic Opioid Treatment",
            "mtus-opioid-treatment",
            [
                "3.3.1.1 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk "
                "of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for "
                "Drug Misuse/Abuse",
                "3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of "
                "Chronic Opioid Treatment",
            ],
        ),
    ],
)
def test_split_sections(
    lex: GuidelineLexicon, text: str, document: str | None, pieces: list[str]
) -> None:
    assert split_sections(text, lex, document) == pieces


def test_split_pieces_resolve_one_by_one(lex: GuidelineLexicon) -> None:
    """How a caller cites each section of a list: split, then resolve each piece."""
    text = "MTUS Chronic Pain Medical Treatment 2016, Section(s): {}."
    listing = "Cyclobenzaprine (Flexeril), Muscle relaxants (for pain)"
    slugs = []
    for piece in split_sections(listing, lex, "mtus-chronic-pain"):
        query = CitationQuery("MTUS", None, "2016", piece, (), text.format(piece))
        slugs.append(resolve_citation(query, lex).section_slug)
    assert slugs == ["cyclobenzaprine", "muscle-relaxants-for-pain"]


def test_page_warnings(lex: GuidelineLexicon) -> None:
    cpmtg = lex.document("mtus-chronic-pain")
    assert page_warnings(cpmtg, ((63, 66),)) == ()
    assert page_warnings(cpmtg, ((140, 140),)) == (
        "pages 140 outside Chronic Pain Medical Treatment Guidelines (127 pages)",
    )
    assert page_warnings(cpmtg, ((66, 63),)) == ("pages 66-63 are reversed",)
    low_back = lex.document("acoem-low-back-complaints")
    assert page_warnings(low_back, ((63, 66),)) == (
        "pages 63-66 outside Low Back Complaints (pp. 286-326)",
    )
    assert page_warnings(lex.document("odg-pain"), ((5, 900),)) == ()  # ODG has no pages


# --- the seeds: where one party names a section and the other cites pages, they must agree ---

_PARAGRAPH = re.compile(
    r"(Claims Administrator|MAXIMUS) guideline:(.*?)(?=MAXIMUS guideline:|Decision rationale:)"
)


def _seed_pairs() -> list[tuple[str, str, str]]:
    """(seed, claims administrator paragraph, MAXIMUS paragraph) for every item of the seeds."""
    pairs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        paragraphs = [(m.group(1), m.group(2)) for m in _PARAGRAPH.finditer(text)]
        for (who_a, a), (who_b, b) in itertools.pairwise(paragraphs):
            if who_a == "Claims Administrator" and who_b == "MAXIMUS":
                pairs.append((path.stem[:3], a, b))
    return pairs


def test_seed_names_and_pages_agree(lex: GuidelineLexicon) -> None:
    """The (section name, pages) tally the reference asks for, over the seeds: when the claims
    administrator names a Chronic Pain section and MAXIMUS cites pages for the same item, the page
    table sends those pages to the same section (or to one of its entries)."""
    checked = 0
    for seed, ca_text, max_text in _seed_pairs():
        ca = [c for c in parse_guideline(ca_text) if c.guideline == "MTUS"]
        mx = [c for c in parse_guideline(max_text) if c.guideline == "MTUS" and c.pages]
        if not ca or not mx:
            continue
        named = resolve_citation(CitationQuery(**_fields(ca[0])), lex)
        paged = resolve_citation(CitationQuery(**_fields(mx[0])), lex)
        if named.document_slug != "mtus-chronic-pain" or named.section_slug is None:
            continue
        doc = lex.document("mtus-chronic-pain")
        family = {named.section_slug, *(s.slug for s in doc.children(named.section_slug))}
        assert paged.section_slug in family, (seed, ca[0].text, mx[0].text, paged)
        checked += 1
    assert checked >= 8  # seeds 001, 003 and 004


def _fields(citation: Any) -> dict[str, Any]:
    return {
        "guideline": citation.guideline,
        "document": citation.document,
        "edition": citation.edition,
        "section": citation.section,
        "pages": citation.pages,
        "text": citation.text,
    }


# --- measurement over the published letters ---------------------------------------------------

_LABEL = re.compile(r"(Claims Administrator guideline:|MAXIMUS guideline:|Decision rationale:)")
_FIRST_SENTENCE = re.compile(r"\s*(.*?[.?!])(?=\s+[A-Z]|\s*$)")


def _letter_citations(path: Path) -> list[tuple[str, CitationQuery]]:
    """(party, query) for every citation in a letter, with the rationale's first sentence."""
    text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8", errors="replace"))
    parts = _LABEL.split(text)
    blocks = list(zip(parts[1::2], parts[2::2], strict=True))
    found = []
    for i, (label, body) in enumerate(blocks):
        if label.startswith("Decision"):
            continue
        rationale = next((b for lab, b in blocks[i + 1 :] if lab.startswith("Decision")), "")
        sentence = _FIRST_SENTENCE.match(rationale)
        context = sentence.group(1) if sentence else ""
        party = "maximus" if label.startswith("MAXIMUS") else "claims_administrator"
        for citation in parse_guideline(body):
            found.append((party, CitationQuery(**_fields(citation), context=context)))
    return found


def _tally(lex: GuidelineLexicon) -> dict[str, Counter[str]]:
    if not REAL_LETTERS.is_dir():
        pytest.skip("../shared/real_letters/txt is not present")
    tally: dict[str, Counter[str]] = {"maximus": Counter(), "claims_administrator": Counter()}
    for path in sorted(REAL_LETTERS.glob("*.txt")):
        for party, query in _letter_citations(path):
            result = resolve_citation(query, lex)
            if query.guideline == "none":
                outcome = "no evidence cited"
            elif result.section_slug:
                outcome = "section"
            elif result.document_slug:
                outcome = "document only"
            else:
                outcome = "unresolved"
            tally[party][outcome] += 1
    return tally


def test_real_letters_resolution_rate(lex: GuidelineLexicon) -> None:
    """Reached with today's parser over the 146 letters: MAXIMUS 380 citations, 355 to a section
    (93.4%), 18 to a document only (4.7%), 7 unresolved (free text, web addresses, an ODG topic
    without its chapter), plus 14 "did not cite any medical evidence"; claims administrator 382
    citations, 247 to a section (64.7%), 117 to a document only (30.6%: "MTUS Low Back Complaints
    2004.", "ODG, Low Back"), 18 unresolved, plus 56 without evidence. The floors sit one point
    below, so a parser or lexicon change that costs resolutions fails here."""
    tally = _tally(lex)
    for party, floors in {
        "maximus": (0.92, 0.97),
        "claims_administrator": (0.63, 0.94),
    }.items():
        counts = tally[party]
        cited = counts["section"] + counts["document only"] + counts["unresolved"]
        assert cited > 300, counts
        section_rate = counts["section"] / cited
        named_rate = (counts["section"] + counts["document only"]) / cited
        assert section_rate >= floors[0], (party, dict(counts))
        assert named_rate >= floors[1], (party, dict(counts))
