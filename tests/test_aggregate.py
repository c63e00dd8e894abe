"""Aggregation: the Data quality lists name the right case for every problem."""

from __future__ import annotations

from generator.aggregate import aggregate
from generator.normalize import Normalizer
from generator.parse import parse_text
from tests.letters import item, letter

HEADER = "Case Number: CM16-0900009\n"


def test_every_problem_names_its_case_after_a_drug_section_count() -> None:
    """A multi-item letter whose first item counts a drug under a section and whose later item
    has a note: the later note still names the case number (the loop once reused ``label`` for
    the section key and named "mtus-chronic-pain/..." instead)."""
    text = letter(
        item("Baclofen 10mg #90: Upheld")
        + item("Consider LAO (long acting opioid): Upheld")
        + item("Foo bar widget: Upheld"),
        header=HEADER,
    )
    normalizer = Normalizer.load()
    record = normalizer.normalize(parse_text(text, id="x", source="x.txt", sha256="0" * 64))
    record.slug = "CM16-0900009"
    corpus = aggregate([record], normalizer.catalog())
    assert record.issues[0].treatment.slug == "baclofen"  # counted under its section first
    problems = corpus.notes + corpus.warnings
    assert {p.index for p in problems} >= {2, 3}
    assert {(p.case_id, p.case_label) for p in problems} == {("CM16-0900009", "CM16-0900009")}
