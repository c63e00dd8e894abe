"""Reviewer credentials and patient facts, in the forms letters use."""

from __future__ import annotations

import pytest

from generator.parse.people import parse_patient, parse_reviewer, summary_ur_date

REVIEWERS = [
    # block form, two states (seed 000)
    (
        "The Expert Reviewer has the following credentials:\nState(s) of Licensure: California, "
        "South Carolina\nCertification(s)/Specialty: Preventive Medicine, Occupational Medicine, "
        "Family Practice",
        ["California", "South Carolina"],
        ["Preventive Medicine", "Occupational Medicine", "Family Practice"],
        [],
    ),
    # block form, no space after commas, specialty wrapped onto the next line (published)
    (
        "State(s) of Licensure: Texas,New York,California\nCertification(s)/Specialty: Preventive "
        "Medicine, Occupational Medicine, Public Health &\nGeneral Preventive Medicine",
        ["Texas", "New York", "California"],
        [
            "Preventive Medicine",
            "Occupational Medicine",
            "Public Health & General Preventive Medicine",
        ],
        [],
    ),
    # sentence form with subspecialty (seed 002)
    (
        "The expert reviewer is Board Certified in Anesthesia, has a subspecialty in Acupuncture & "
        "Pain Medicine and is licensed to practice in California. He/she has been in active",
        ["California"],
        ["Anesthesia"],
        ["Acupuncture & Pain Medicine"],
    ),
    # sentence form, typo kept, no comma, two states joined by "and" (seed 003)
    (
        "The expert\nreviewer is Board Certified in Orhtopedic Surgery has a subspecialty in "
        "Fellowship trained in\nSpine Surgery and is licensed to practice in California and Texas. "
        "He/she has",
        ["California", "Texas"],
        ["Orhtopedic Surgery"],
        ["Fellowship trained in Spine Surgery"],
    ),
    # sentence form without subspecialty, three states
    (
        "The expert reviewer is Board Certified in Internal Medicine and is licensed to practice in "
        "California, Nevada and Oregon.",
        ["California", "Nevada", "Oregon"],
        ["Internal Medicine"],
        [],
    ),
]


@pytest.mark.parametrize(("text", "states", "specialties", "subs"), REVIEWERS)
def test_reviewer(text: str, states: list[str], specialties: list[str], subs: list[str]) -> None:
    reviewer, found = parse_reviewer(text)
    assert list(reviewer.licensure) == states
    assert list(reviewer.specialties) == specialties
    assert list(reviewer.subspecialties) == subs
    assert found == []
    assert reviewer.raw


def test_reviewer_missing_and_unknown_state() -> None:
    [missing] = parse_reviewer("nothing here")[1]
    assert (missing.severity, missing.code) == ("warning", "credentials-missing")
    reviewer, found = parse_reviewer(
        "State(s) of Licensure: California, Atlantis\nCertification(s)/Specialty: Family Practice"
    )
    assert reviewer.licensure == ("California", "Atlantis")
    assert [(d.severity, d.code, d.text) for d in found] == [
        ("warning", "licensure-unknown", "licensure 'Atlantis' is not a US state name")
    ]


RUN_ON_CREDENTIALS = [
    # (credentials whose line breaks were lost, specialties expected)
    (
        "State(s) of Licensure: California Certification(s)/Specialty: Occupational Medicine, "
        "Family Practice DOCUMENTS REVIEWED Application of Independent Medical Review dated "
        "11/11/2016",
        ["Occupational Medicine", "Family Practice"],
    ),  # runs into the older layout's DOCUMENTS REVIEWED heading
    (
        "State(s) of Licensure: California Certification(s)/Specialty: Orthopedic Surgery "
        "CLINICAL CASE SUMMARY The expert reviewer developed the following clinical case summary",
        ["Orthopedic Surgery"],
    ),  # runs into the summary heading
    (
        "State(s) of Licensure: Texas, California Certification(s)/Specialty: Anesthesiology, "
        "Pain Medicine The expert reviewer developed the following clinical case summary based on",
        ["Anesthesiology", "Pain Medicine"],
    ),  # runs into the summary's boilerplate with no heading between
    (
        "State(s) of Licensure: California Certification(s)/Specialty: Internal Medicine "
        "Application of Independent Medical Review dated 11/11/2016",
        ["Internal Medicine"],
    ),  # runs into the documents list with its date
    (
        "State(s) of Licensure: California Certification(s)/Specialty: Neurology 12/01/2016",
        ["Neurology"],
    ),  # a stray date
]


@pytest.mark.parametrize(("text", "specialties"), RUN_ON_CREDENTIALS)
def test_specialties_stop_at_a_heading(text: str, specialties: list[str]) -> None:
    reviewer, found = parse_reviewer(text)
    assert list(reviewer.specialties) == specialties
    assert found == []
    for name in reviewer.specialties:
        assert not any(ch.isdigit() for ch in name) and not any(
            w.isupper() and len(w) > 3 for w in name.split()
        )


PATIENTS = [
    # (summary opening, age, sex, injury date)
    (
        "The injured worker is a 51 year old female, who sustained an industrial injury on 11-22-2012.",
        51,
        "female",
        "2012-11-22",
    ),
    (
        "The 35 year old female injured worker with date of injury 2/14/12 with related low back",
        35,
        "female",
        "2012-02-14",
    ),
    (
        "The injured worker is a 50-year-old male who reported an injury on 03/25/2010.",
        50,
        "male",
        "2010-03-25",
    ),
    (
        "The applicant is a 34-year-old male who has filed a claim for chronic low back pain (LBP) reportedly associated with an industrial injury of October 10, 2015.",
        34,
        "male",
        "2015-10-10",
    ),
    (
        "This case involves a now 52-year-old female with a history of an occupational claim from 10/23/2016.",
        52,
        "female",
        "2016-10-23",
    ),
    (
        "This case involves a now 33-year-old male with a history of an occupational claim from 10/14/ 2016.",
        33,
        "male",
        "2016-10-14",
    ),
    (
        "The injured worker is a(n) 57 year old male, who sustained an industrial injury on 10-22-16.",
        57,
        "male",
        "2016-10-22",
    ),
    (
        "The injured worker is a 65 year old male with an industrial injury date of 10-16-2016.",
        65,
        "male",
        "2016-10-16",
    ),
    (
        "The injured worker is a 25-year-old female, with a reported date of injury of 10-25-2016.",
        25,
        "female",
        "2016-10-25",
    ),
    (
        "The injured worker is a 46 year old male who sustained an industrial injury October 10, 2016.",
        46,
        "male",
        "2016-10-10",
    ),
    (
        "The injured worker is a 61 year old female who sustained a work related injury on November 11, 2016, incurring",
        61,
        "female",
        "2016-11-11",
    ),
    ("This is a 78 year old male with a date of injury on 10-20-2016.", 78, "male", "2016-10-20"),
]


@pytest.mark.parametrize(("summary", "age", "sex", "injury"), PATIENTS)
def test_patient(summary: str, age: int, sex: str, injury: str) -> None:
    patient, found = parse_patient(summary)
    assert (patient.age, patient.sex, patient.injury_date) == (age, sex, injury)
    assert found == []


def test_patient_without_age_is_a_note_not_a_guess() -> None:
    patient, found = parse_patient(
        "The injured worker is a female who sustained an industrial injury on 10-25-2016. The "
        "medical records list a 45 year old MRI."
    )
    assert patient.age is None
    assert patient.sex == "female"
    assert ("note", "age-not-stated") in [(d.severity, d.code) for d in found]


UR_CASES = [
    ("The original Utilization Review (11-4-2015) had non-certified a request", "2015-11-04"),
    ("She was treated with therapy. The date of UR decision was 5/5/14.", "2014-05-05"),
    ("On 11-3-16, utilization review determined MRI was not medically necessary.", "2016-11-03"),
    (
        "In a utilization review report dated November 30, 2016, the claims administrator",
        "2016-11-30",
    ),
    ("The progress report dated 10-28-2015 noted pain. Your request was sent.", None),
]


@pytest.mark.parametrize(("summary", "expected"), UR_CASES)
def test_summary_ur_date(summary: str, expected: str | None) -> None:
    assert summary_ur_date(summary) == expected
