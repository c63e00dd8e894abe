"""The reviewer's credentials and the patient facts stated in the case summary."""

from __future__ import annotations

import re

from generator import patterns as P
from generator.clean import squash
from generator.dates import date_from_match, find_dates
from generator.model import Diagnostic, Patient, Reviewer, note, warning

US_STATES = frozenset(
    [
        "Alabama",
        "Alaska",
        "Arizona",
        "Arkansas",
        "California",
        "Colorado",
        "Connecticut",
        "Delaware",
        "Florida",
        "Georgia",
        "Hawaii",
        "Idaho",
        "Illinois",
        "Indiana",
        "Iowa",
        "Kansas",
        "Kentucky",
        "Louisiana",
        "Maine",
        "Maryland",
        "Massachusetts",
        "Michigan",
        "Minnesota",
        "Mississippi",
        "Missouri",
        "Montana",
        "Nebraska",
        "Nevada",
        "Ohio",
        "Oklahoma",
        "Oregon",
        "Pennsylvania",
        "Tennessee",
        "Texas",
        "Utah",
        "Vermont",
        "Virginia",
        "Washington",
        "Wisconsin",
        "Wyoming",
    ]
) | {
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "West Virginia",
    "District of Columbia",
    "Puerto Rico",
}
_STATE_BY_LOWER = {s.lower(): s for s in US_STATES}

# Only the opening of the summary describes the patient; later sentences mention other people
# ("her husband", "a 10 year old MRI") and other dates.
_PATIENT_WINDOW = 400
_SEX = {"female": "female", "woman": "female", "lady": "female",
        "male": "male", "man": "male", "gentleman": "male"}  # fmt: skip


def _split_list(value: str, separator: re.Pattern[str]) -> list[str]:
    return [part.strip(" .;") for part in separator.split(value) if part.strip(" .;")]


def _stop_at_heading(value: str) -> str:
    """A credentials value up to the next heading, boilerplate sentence or date that ran into it
    when the letter's line breaks were lost."""
    stop = P.CREDENTIALS_STOP.search(value)
    return value[: stop.start()].strip(" ,;.") if stop else value


def parse_reviewer(region: str) -> tuple[Reviewer, list[Diagnostic]]:
    """Credentials in block form ("State(s) of Licensure: ..." / "Certification(s)/Specialty:
    ...") or sentence form ("The expert reviewer is Board Certified in Anesthesia, has a
    subspecialty in ... and is licensed to practice in California and Texas.").

    A value that runs into the next heading ("... Family Practice DOCUMENTS REVIEWED ...")
    stops there."""
    found: list[Diagnostic] = []
    flat = squash(region)
    states_text, specialties, subspecialties, raw = "", [], [], ""
    block = P.LICENSURE_LINE.search(flat)
    spec = P.SPECIALTY_LINE.search(flat)
    if block or spec:
        states_text = _stop_at_heading(block.group("value")) if block else ""
        spec_text = _stop_at_heading(spec.group("value")) if spec else ""
        specialties = _split_list(spec_text, re.compile(r"\s*,\s*"))
        start = min(m.start() for m in (block, spec) if m is not None)
        end = spec.start("value") + len(spec_text) if spec else len(flat)
        if block and not spec:
            end = block.start("value") + len(states_text)
        raw = flat[start:end].strip()
    else:
        sentence = P.CREDENTIAL_SENTENCE.search(flat)
        if sentence:
            states_text = sentence.group("states")
            specialties = _split_list(sentence.group("specialty"), re.compile(r"\s*,\s*"))
            if sentence.group("sub"):
                subspecialties = _split_list(sentence.group("sub"), re.compile(r"\s*,\s*"))
            raw = sentence.group(0).strip()
    if not raw:
        found.append(warning("credentials-missing", "reviewer credentials not found"))
    licensure: list[str] = []
    for name in _split_list(states_text, P.LIST_SEPARATOR):
        state = _STATE_BY_LOWER.get(" ".join(name.split()).lower())
        if state is None:
            found.append(warning("licensure-unknown", f"licensure {name!r} is not a US state name"))
            licensure.append(name)
        elif state not in licensure:
            licensure.append(state)
    if raw and not specialties:
        found.append(warning("specialty-missing", "reviewer specialty not found"))
    return Reviewer(tuple(licensure), tuple(specialties), tuple(subspecialties), raw), found


def parse_patient(summary: str) -> tuple[Patient, list[Diagnostic]]:
    """Age, sex and date of injury from the summary's opening ("The injured worker is a 51 year
    old female, who sustained an industrial injury on 11-22-2012.").

    Returns notes (what the summary does not state), not warnings: a letter may say "The
    injured worker is a female who ..." with no age."""
    found: list[Diagnostic] = []
    opening = _patient_sentence(summary[:_PATIENT_WINDOW])
    age_match = P.AGE.search(opening)
    age = int(age_match.group("age")) if age_match else None
    if age is not None and not 14 <= age <= 100:
        found.append(
            note("age-implausible", f"age {age} is implausible for an injured worker; not kept")
        )
        age = None
    sex_match = P.SEX.search(opening)
    sex = _SEX[sex_match.group("sex").lower()] if sex_match else None
    injury = summary_injury_date(summary)
    if age is None and age_match is None:
        found.append(note("age-not-stated", "patient age not stated in the summary"))
    if sex is None:
        found.append(note("sex-not-stated", "patient sex not stated in the summary"))
    return Patient(age=age, sex=sex, injury_date=injury), found  # type: ignore[arg-type]


def _patient_sentence(opening: str) -> str:
    """The first sentence that describes the worker ("The injured worker is a 51 year old
    female, ..."), skipping remarks such as "Though the medical records were typed, it was
    blurry." Age and sex are read from this sentence only."""
    for sentence in P.SENTENCE_SPLIT.split(opening):
        if P.SEX.search(sentence) or P.WORKER_CUE.search(sentence):
            return sentence
    return ""


def summary_injury_date(summary: str) -> str | None:
    """The date that follows the first injury cue ("industrial injury on", "claim from")."""
    for cue in P.INJURY_CUE.finditer(summary):
        for pattern in (P.NUMERIC_DATE, P.WORDY_DATE):
            match = pattern.match(summary, cue.end())
            if match and (iso := date_from_match(match)):
                return iso
    return None


def summary_ur_date(summary: str) -> str | None:
    """The date nearest a mention of utilization review in the same sentence.

    "The original Utilization Review (11-4-2015) had non-certified", "The date of UR decision
    was 5/5/14.", "On 11-3-16, utilization review determined".
    """
    for cue in P.UR_CUE.finditer(summary):
        left = max(summary.rfind(". ", 0, cue.start()) + 1, 0)
        right = summary.find(". ", cue.end())
        right = len(summary) if right < 0 else right
        sentence = summary[left:right]
        dates = find_dates(sentence)
        if dates:
            where = cue.start() - left
            nearest = min(dates, key=lambda d: min(abs(d[0] - where), abs(d[1] - where)))
            return nearest[2]
    return None
