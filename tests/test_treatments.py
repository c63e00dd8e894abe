"""generator.treatments: item text -> TreatmentFacts.

Table-driven over tests/data/item_strings.yaml (one test per row), plus unit cases for the
field parsers (strength, quantity, refills, frequency, sessions), warnings and speed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.treatments import (
    Lexicon,
    TreatmentFacts,
    load_lexicon,
    mentioned_drugs,
    resolve_treatment,
)

ROWS_FILE = Path(__file__).parent / "data" / "item_strings.yaml"
ROWS: list[dict[str, Any]] = yaml.safe_load(ROWS_FILE.read_text(encoding="utf-8"))
ALWAYS = ("kind", "generics", "drug_class", "category", "subcategory")
OPTIONAL = (
    "slug", "brand", "name", "strength", "form", "quantity", "refills", "frequency",
    "sessions", "body_part", "side", "relation",
)  # fmt: skip
SCHEMA_KINDS = {"drug", "procedure", "imaging", "therapy", "dme", "lab", "consult", "other"}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def _row_id(index: int, row: dict[str, Any]) -> str:
    return f"{index:03d}-" + re.sub(r"[^a-z0-9]+", "-", row["text"].lower()).strip("-")[:50]


def _mismatches(row: dict[str, Any], facts: TreatmentFacts) -> list[str]:
    wrong = []
    for key in ALWAYS + tuple(k for k in OPTIONAL if k in row):
        got = getattr(facts, key)
        want = tuple(row[key]) if key == "generics" else row[key]
        if got != want:
            wrong.append(f"{key}: expected {want!r}, got {got!r}")
    return wrong


def test_the_table_is_big_and_well_formed() -> None:
    assert len(ROWS) >= 220
    texts = [row["text"] for row in ROWS]
    assert len(set(texts)) == len(texts), "duplicate item strings"
    for row in ROWS:
        assert set(row) <= {"text", "note", *ALWAYS, *OPTIONAL}, row["text"]
        assert all(key in row for key in ALWAYS) and row.get("note"), row["text"]


@pytest.mark.parametrize("row", ROWS, ids=[_row_id(i, r) for i, r in enumerate(ROWS)])
def test_item_string(row: dict[str, Any], lexicon: Lexicon) -> None:
    facts = resolve_treatment(row["text"], lexicon)
    assert _mismatches(row, facts) == [], row["note"]


def test_no_wrong_resolutions_in_the_table(lexicon: Lexicon) -> None:
    wrong = {
        row["text"]: problems
        for row in ROWS
        if (problems := _mismatches(row, resolve_treatment(row["text"], lexicon)))
    }
    assert wrong == {}


# ---------------------------------------------------------------- field parsers
@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("Ultram 50mg #90", "50mg"),  # plain mg
        ("BACLOFEN 20MG #90.", "20mg"),  # capitals
        ("tramadol ER 150 mg", "150mg"),  # space before the unit
        ("Norco 10/325mg #120", "10/325mg"),  # two-part dose
        ("Norco 7.5-325mg #112", "7.5/325mg"),  # hyphenated two-part dose
        ("Voltaren gel 1% #1", "1%"),  # percent
        ("Capsaicin .025% cream", "0.025%"),  # leading zero added
        ("Retrospective Lidopro 4%-27.5%-0.0325% 121gm #1", "4%/27.5%/0.0325%"),  # three percents
        ("Fanatrex 25mg/ml oral suspension 420ml", "25mg/ml"),  # concentration
        ("Synapryn (10mg/1ml oral suspension) 500ml", "10mg/ml"),  # per 1 ml
        ("Duragesic 25mcg/hr patch #10", "25mcg/hr"),  # patch rate
        ("Diclofenac sodium 3% 300mg/g #1", "3%"),  # percent wins over mg/g
        ("Ketoprofen 20% in cream base 240g", "20%"),  # grams are the tube, not the dose
        ("Cyclobenzaprine 7.5mg #27 is", "7.5mg"),  # decimal
        ("Tylenol #3 #60", None),  # the 3 belongs to the brand
        ("Fioricet #120", None),  # no strength
    ],
)
def test_strength(text: str, strength: str | None, lexicon: Lexicon) -> None:
    assert resolve_treatment(text, lexicon).strength == strength


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("Ultram 50mg #90", 90),
        ("Baclofen 10mg # 30", 30),  # space after the sign
        ("BACLOFEN 20MG #90.", 90),  # trailing period
        ("Lidocaine 5% patch #1", 1),
        ("NCV bilateral lower extremities QTY: 2", 2),
        ("Omeprazole 20mg QTY 30", 30),
        ("Terocin lotion x 2 bottles", 2),
        ("Tylenol #3 #60", 60),  # brand number is not the count
        ("Deprizine (unknown quantity)", None),
        ("Lidocaine ointment 5% 106.32gm", None),  # a weight is not a count
        ("MRI without dye to lumbar spine times 1", 1),
        ("1 knee scooter", 1),
    ],
)
def test_quantity(text: str, quantity: int | None, lexicon: Lexicon) -> None:
    assert resolve_treatment(text, lexicon).quantity == quantity


@pytest.mark.parametrize(
    ("text", "refills", "quantity"),
    [
        ("Prilosec 20mg #30 with 2 refills", 2, 30),
        ("Pantoprazole 40mg, one by mouth, twice a day #60 with one refill", 1, 60),
        ("Two refills of Ibuprofen 600mg #90", 2, 90),
        ("Naproxen 550mg x2 refills", 2, None),  # the refill count is not the quantity
        ("Naproxen 550mg #60, refills: 3", 3, 60),
        ("Naproxen 550mg #60 no refills", 0, 60),
        ("Naproxen 550mg #60", None, 60),
    ],
)
def test_refills(text: str, refills: int | None, quantity: int | None, lexicon: Lexicon) -> None:
    facts = resolve_treatment(text, lexicon)
    assert (facts.refills, facts.quantity) == (refills, quantity)


@pytest.mark.parametrize(
    ("text", "frequency", "sessions"),
    [
        ("Physical therapy 2x6 for the lumbar spine", "2x/week x 6 weeks", 12),
        ("Physical therapy 2 x 4", "2x/week x 4 weeks", 8),
        ("Physical therapy 2 times a week for 6 weeks", "2x/week x 6 weeks", 12),
        ("Physical therapy two times a week for three weeks", "2x/week x 3 weeks", 6),
        ("Physical therapy 2-3 times a week for 6 weeks", "2-3x/week x 6 weeks", None),
        ("Acupuncture 1 to 2 times per week for 4 weeks", "1-2x/week x 4 weeks", None),
        ("Physical therapy three times weekly", "3x/week", None),
        ("Physical therapy twice a week for 4 weeks", "2x/week x 4 weeks", 8),
        ("Acupuncture once a week for 6 weeks", "1x/week x 6 weeks", 6),
        ("Physical therapy 3 times a week over two weeks", "3x/week x 2 weeks", 6),
        ("Physical therapy right knee 3 times a week for 1 week", "3x/week x 1 week", 3),
        ("Spinal manipulation 1 times 8", "1x/week x 8 weeks", 8),
        ("Home health care daily for 4 weeks", "daily x 4 weeks", None),
        ("Acupuncture 12 sessions", None, 12),
        ("Eight (8) physical therapy sessions", None, 8),
        (
            "Four sessions of physical therapy two times a week times 2 weeks",
            "2x/week x 2 weeks",
            4,
        ),
        ("Additional physical therapy two times four visits (8)", "2x/week x 4 weeks", 8),
        ("Physical Therapy sessions, 12", None, 12),
        ("Acupuncture therapy sessions lumbar spine #6", None, 6),
        ("Chiropractic spinal manipulation times 6", None, 6),
        ("Occupational therapy for six sessions", None, 6),
    ],
)
def test_frequency_and_sessions(
    text: str, frequency: str | None, sessions: int | None, lexicon: Lexicon
) -> None:
    facts = resolve_treatment(text, lexicon)
    assert (facts.frequency, facts.sessions) == (frequency, sessions)


def test_drugs_have_no_frequency_or_body_part(lexicon: Lexicon) -> None:
    facts = resolve_treatment(
        "Norco 5/325mg one tablet twice daily for 2 weeks, left knee", lexicon
    )
    assert (facts.kind, facts.frequency, facts.sessions, facts.body_part) == (
        "drug",
        None,
        None,
        None,
    )


# ------------------------------------------------------------ warnings, names
def test_unresolved_item_keeps_its_words_and_warns(lexicon: Lexicon) -> None:
    facts = resolve_treatment("Foo bar widget", lexicon)
    assert (facts.kind, facts.category, facts.name, facts.generics) == (
        "other",
        None,
        "Foo bar widget",
        (),
    )
    assert [(d.severity, d.code, d.text) for d in facts.diagnostics] == [
        (
            "warning",
            "item-unresolved",
            "unresolved: no drug or treatment kind matched 'Foo bar widget'",
        )
    ]


def test_fuzzy_matching_only_suggests(lexicon: Lexicon) -> None:
    facts = resolve_treatment("Gabapenton 600mg #90", lexicon)
    assert facts.kind == "other" and facts.generics == ()
    assert "did you mean 'gabapentin'?" in facts.diagnostics[0].text


def test_class_only_item_is_a_note(lexicon: Lexicon) -> None:
    facts = resolve_treatment("Consider LAO (long acting opioid)", lexicon)
    assert [(d.severity, d.code, d.text) for d in facts.diagnostics] == [
        ("note", "class-only-request", "no specific drug named; resolved to the class Opioid")
    ]


def test_several_unrelated_drugs_warn(lexicon: Lexicon) -> None:
    facts = resolve_treatment("Norco and Soma", lexicon)
    assert facts.slug is None and facts.drug_class is None
    assert [(d.severity, d.code, d.text) for d in facts.diagnostics] == [
        (
            "warning",
            "several-drugs",
            "several drugs in one item: hydrocodone, acetaminophen, carisoprodol",
        )
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ultram ER 100mg #60", "Ultram ER"),
        ("Oxycodone HCL ER 20mg #60 day supply: 30", "Oxycodone HCL ER"),
        ("Post-op Colace 100mg #60, 1 tablet by mouth as needed", "Colace"),
        ("Flurbiprofen 10%/Dextromethorphan 5%/Lidocaine 5%, 120grams #1", "Flurbiprofen/Dextromethorphan/Lidocaine"),
        ("The remaining IMR eligible portion of the original request, Physical therapy 6 sessions is", "Physical therapy"),
        ("Associated surgical service: Cold compression therapy 30 day rental", "Cold compression therapy 30 day rental"),
        ("Retrospective CT scan of the cervical spine (DOS 11/18/16)", "CT scan of the cervical spine"),
    ],
)  # fmt: skip
def test_name(text: str, name: str, lexicon: Lexicon) -> None:
    assert resolve_treatment(text, lexicon).name == name


# -------------------------------------------------------------- mentioned_drugs
def test_mentioned_drugs_in_a_rationale(lexicon: Lexicon) -> None:
    rationale = (
        "The current medications are baclofen, Flector patch, nabumetone, Skelaxin, and Voltaren "
        "gel. Per the CA MTUS, muscle relaxants for pain, such as baclofen, are recommended with "
        "caution. Norco and tramadol were discontinued; a compound cream was not discussed."
    )
    assert mentioned_drugs(rationale, lexicon) == {
        "baclofen", "diclofenac-topical", "nabumetone", "metaxalone",
        "hydrocodone-acetaminophen", "tramadol",
    }  # fmt: skip


def test_mentioned_drugs_reads_whole_words_only(lexicon: Lexicon) -> None:
    assert mentioned_drugs("Somatic complaints; a sonatas recital; normal ROM.", lexicon) == set()


# ------------------------------------------------------------ robustness, speed
_LEXICON = load_lexicon()  # hypothesis tests cannot take function-scoped fixtures


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_resolves_without_raising(text: str) -> None:
    facts = resolve_treatment(text, _LEXICON)
    assert facts.kind in SCHEMA_KINDS
    assert facts.quantity is None or facts.quantity >= 0
