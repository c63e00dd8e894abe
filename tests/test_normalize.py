"""Normalization of whole records: specialties, notes a reviewer wants, warnings for gaps."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.model import Determination
from generator.normalize import LEXICONS, Normalizer, load_specialties
from generator.parse import parse_text
from tests.conftest import parse, seed_text
from tests.letters import item, letter


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer.load()


def _normalized(text: str, normalizer: Normalizer) -> Determination:
    record = parse_text(text, id="x", source="x.txt", sha256="0" * 64)
    return normalizer.normalize(record)


def test_specialty_lexicon_is_consistent() -> None:
    data = yaml.safe_load((LEXICONS / "specialties.yaml").read_text(encoding="utf-8"))
    mapping = load_specialties()
    for canonical, variants in data["specialties"].items():
        assert mapping[canonical.lower()] == canonical
        for variant in variants or []:
            assert mapping[" ".join(variant.lower().split())] == canonical


def test_specialty_lexicon_rejects_a_name_claimed_twice(tmp_path: Path) -> None:
    bad = tmp_path / "specialties.yaml"
    bad.write_text("specialties:\n  A: [x]\n  B: [X]\n", encoding="utf-8")
    with pytest.raises(Exception, match="'X' maps to 'A' and 'B'"):
        load_specialties(bad)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Orhtopedic Surgery", "Orthopedic Surgery"),  # seed 003's typo
        ("Physical Medicine and Rehabilitation", "Physical Medicine & Rehabilitation"),
        ("Anesthesia", "Anesthesiology"),  # seed 002
        ("Sports Medicinea", "Sports Medicine"),  # typo in a published letter
    ],
)
def test_specialties_are_normalized(written: str, canonical: str, normalizer: Normalizer) -> None:
    credentials = (
        "The Expert Reviewer has the following credentials:\nState(s) of Licensure: California\n"
        f"Certification(s)/Specialty: {written}\n"
    )
    record = _normalized(letter(credentials=credentials), normalizer)
    assert record.reviewer.specialties == (canonical,)


def test_unknown_specialty_is_kept_with_a_note(normalizer: Normalizer) -> None:
    credentials = "State(s) of Licensure: California\nCertification(s)/Specialty: Astrology\n"
    record = _normalized(letter(credentials=credentials), normalizer)
    assert record.reviewer.specialties == ("Astrology",)
    assert record.notes == ["specialty 'Astrology' is not in the specialty list"]


def test_rationale_about_another_drug_is_noted(normalizer: Normalizer) -> None:
    """Seed 001: the Ultram item's rationale restates the request as baclofen."""
    record = _normalized(seed_text("001_a5bd9920a7114176"), normalizer)
    ultram, baclofen = record.issues[1], record.issues[0]
    assert ultram.notes == ["the rationale discusses baclofen, not the item's Ultram"]
    assert baclofen.notes == []


def test_class_only_request_is_a_note_not_a_warning(normalizer: Normalizer) -> None:
    record = _normalized(seed_text("003_2bfc817a51949ce5"), normalizer)
    lao = record.issues[3]
    assert lao.treatment.drug_class == "opioid" and lao.treatment.generics == []
    assert lao.warnings == []
    assert lao.notes == ["no specific drug named; resolved to the class Opioid"]


def test_unresolved_item_is_other_with_a_warning(normalizer: Normalizer) -> None:
    record = _normalized(letter(item("Frobnication of the widget: Upheld")), normalizer)
    issue = record.issues[0]
    assert issue.treatment.kind == "other"
    assert issue.item == "Frobnication of the widget"
    assert any("widget" in w for w in issue.warnings)


def test_section_list_becomes_one_citation_per_section(normalizer: Normalizer) -> None:
    head = (
        "Omeprazole 20mg #30: Upheld\n"
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment "
        "2016, Section(s): NSAIDs, GI symptoms & cardiovascular risk, Proton Pump Inhibitors "
        "(PPIs).\n"
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, "
        "Section(s): Proton Pump Inhibitors (PPIs).\n"
        "Decision rationale: Not necessary.\n"
    )
    record = _normalized(letter(head), normalizer)
    cited = [(c.document_slug, c.slug) for c in record.issues[0].citations["claims_administrator"]]
    assert cited == [
        ("mtus-chronic-pain", "nsaids-gi-symptoms-and-cardiovascular-risk"),
        ("mtus-chronic-pain", "proton-pump-inhibitors"),
    ]


def test_unmatched_maximus_citation_is_a_warning(normalizer: Normalizer) -> None:
    head = (
        "Baclofen 10mg #90: Upheld\n"
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment "
        "2016, Section(s): Muscle relaxants (for pain).\n"
        "MAXIMUS guideline: Decision based on MTUS Quantum Healing Complaints 2004, Section(s): "
        "Crystals.\n"
        "Decision rationale: Not necessary.\n"
    )
    issue = _normalized(letter(head), normalizer).issues[0]
    assert any(w.startswith("MAXIMUS citation") and "not matched" in w for w in issue.warnings)


def test_parse_json_records_are_normalized() -> None:
    record = parse(seed_text("004_fe65d462dc32a52a"))
    assert record["issues"][0]["treatment"]["kind"] is None  # parse_text alone: text level


def test_class_only_request_with_a_rationale_naming_drugs(normalizer: Normalizer) -> None:
    """Found by fuzzing: a class-only item ("NSAIDs") whose rationale names a drug raised
    KeyError on the class slug."""
    head = (
        "NSAIDs #60: Upheld\n"
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment "
        "2016, Section(s): NSAIDs.\n"
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, "
        "Section(s): NSAIDs.\n"
        "Decision rationale: Naproxen and Voltaren gel were tried before.\n"
    )
    issue = _normalized(letter(head), normalizer).issues[0]
    assert issue.treatment.drug_class == "nsaid_oral"
    assert issue.treatment.generics == []
