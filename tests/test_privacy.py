"""The privacy scan (generator/privacy.py): each pattern on identifiers and on the look-alikes
the letters hold, one planted fixture letter per kind, the published letters and seeds (nothing
found), and ``--strict`` naming the letter and the place."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import privacy
from generator.model import Determination
from generator.normalize import Normalizer
from generator.pipeline import parse_paths
from tests.conftest import FIXTURES, REAL_LETTERS, ROOT, SEEDS, seed_text

PLANTED = FIXTURES / "privacy"

KINDS = {kind.key: kind for kind in privacy.KINDS}

# (kind, text, the words its pattern must find: none where it must find nothing)
PATTERN_CASES = [
    (
        "ssn",
        "Her social security number is 078-05-1120 according to the claim form.",
        "078-05-1120",
    ),  # dashed
    ("ssn", "The number 078 05 1120 was on the form.", "078 05 1120"),  # spaced
    ("ssn", "SSN: 078051120", "SSN: 078051120"),  # nine digits after a label
    (
        "ssn",
        "The injured worker sustained an industrial injury on 10-13-2016.",
        None,
    ),  # a date: two digits first (CM16-0213037)
    ("ssn", "Case Number: CM16-0213037", None),  # the published IMR case number
    ("ssn", "078-05-11203", None),  # a longer run of digits is no SSN
    (
        "phone",
        "The treating physician can be reached at (916) 555-0143 for questions.",
        "(916) 555-0143",
    ),  # parenthesized area code
    ("phone", "Call 916-555-0143.", "916-555-0143"),  # dashed
    ("phone", "Call 916.555.0143 today.", "916.555.0143"),  # dotted
    ("phone", "Call 1-800-555-0199.", "1-800-555-0199"),  # long distance, toll free
    (
        "phone",
        "pursuant to sections 9789.10-9789.111; and a reduction in the dependency",
        None,
    ),  # regulation sections (CM16-0242419 #1)
    ("phone", "Norco 7.5-325mg #112", None),  # a dose (CM17-0015790 #2)
    ("phone", "1-2 tabs orally every 4-6 hrs as needed", None),  # directions (CM17-0010420 #6)
    ("phone", "MTUS Chronic Pain Treatment Guidelines Page(s): 63-66, 88-89", None),  # page ranges
    ("phone", "Case Number: CM16-0213037 Date Assigned: 11/09/2016", None),  # header numbers
    (
        "email",
        "The records were sent by jdoe.claims@example.com on request.",
        "jdoe.claims@example.com",
    ),  # an address
    (
        "email",
        "Per http://www.drugs.com/famotidine.html, famotidine is an H2 blocker.",
        None,
    ),  # a cited source (CM17-0009995 #2)
    (
        "street-address",
        "She lives at 1234 Oak Grove Avenue with her family.",
        "1234 Oak Grove Avenue",
    ),  # house number, name, type
    (
        "street-address",
        "Mail to 55 N. Elm St. please.",
        "55 N. Elm St.",
    ),  # direction, abbreviated type
    ("street-address", "Send it to P.O. Box 1234 today.", "P.O. Box 1234"),  # post office box
    (
        "street-address",
        "The clinic is in Sacramento, CA 95814 near the river.",
        "Sacramento, CA 95814",
    ),  # city and ZIP code
    (
        "street-address",
        "An initial trial of 6 visits over 2 weeks is recommended.",
        None,
    ),  # counts, lower case (CM16-0231706 #1)
    (
        "street-address",
        "the MTUS Guideline in ACOEM Chapter 12, Table 12-8, page 309 notes",
        None,
    ),  # a guideline's table (CM16-0219557 #1)
    ("street-address", "The patient was seen by 2 Dr. Smith on call.", None),  # "Dr" is a doctor
    (
        "claim-number",
        "The insurer's file is Claim Number: 05A-2016-44812 for this injury.",
        "Claim Number: 05A-2016-44812",
    ),  # labelled claim number
    (
        "claim-number",
        "Policy No. ABC1234567 covers the employer.",
        "Policy No. ABC1234567",
    ),  # policy number
    ("claim-number", "Member ID 98765432", "Member ID 98765432"),  # member id
    ("claim-number", "before the appeals board in ADJ10234567.", "ADJ10234567"),  # EAMS case number
    ("claim-number", "Case Number: CM16-0213037", None),  # the published IMR case number
    (
        "claim-number",
        "affiliation with the employer, employee, providers or the claims administrator.",
        None,
    ),  # boilerplate
    ("claim-number", "The claim number is pending.", None),  # a label with no number
    (
        "date-of-birth",
        "The intake form gives DOB: 04/12/1961 for the injured worker.",
        "DOB: 04/12/1961",
    ),  # DOB and a date
    (
        "date-of-birth",
        "Date of Birth: April 12, 1961",
        "Date of Birth: April 12, 1961",
    ),  # spelled out
    ("date-of-birth", "Date of Injury: 10/13/2016", None),  # the header's date of injury
    (
        "date-of-birth",
        "It can be caused by aging, prenatal or birth-related problems.",
        None,
    ),  # (CM17-0002551 #1)
    (
        "medical-record-number",
        "The hospital notes are filed under MRN: 00482913 at the clinic.",
        "MRN: 00482913",
    ),  # MRN
    (
        "medical-record-number",
        "Medical Record Number 4455667",
        "Medical Record Number 4455667",
    ),  # spelled out
    ("medical-record-number", "The medical record contains 46 pages.", None),  # (CM17-0010728 #1)
]


@pytest.mark.parametrize(("kind", "text", "words"), PATTERN_CASES)
def test_pattern(kind: str, text: str, words: str | None) -> None:
    found = [text[f.start : f.end] for f in privacy.find(text, (KINDS[kind],))]
    assert found == ([words] if words else [])


def test_every_kind_has_a_positive_and_a_negative_row() -> None:
    assert {k for k, _, w in PATTERN_CASES if w} == set(KINDS)
    assert {k for k, _, w in PATTERN_CASES if not w} == set(KINDS)


def test_the_first_listed_kind_keeps_overlapping_words() -> None:
    text = "DOB: 04/12/1961 and SSN: 078051120"
    assert [(f.kind.key, text[f.start : f.end]) for f in privacy.find(text)] == [
        ("date-of-birth", "DOB: 04/12/1961"),
        ("ssn", "SSN: 078051120"),
    ]


def test_message_names_kind_and_place_not_the_words() -> None:
    text = "line one\nShe lives at 1234 Oak Grove Avenue with her family."
    (found,) = privacy.scan(text)
    assert found.severity == "warning" and found.code == "privacy-street-address"
    assert found.span == (22, 43)
    assert "street or postal address at line 2 (characters 22-43)" in found.text
    assert "Oak Grove" not in found.text


# -- the fixture letters: seed 000 with one identifier planted (tests/fixtures/privacy/README.md)

FIXTURE_WORDS = {
    "ssn": "078-05-1120",
    "phone": "(916) 555-0143",
    "email": "jdoe.claims@example.com",
    "street-address": "1234 Oak Grove Avenue",
    "claim-number": "Claim Number: 05A-2016-44812",
    "date-of-birth": "DOB: 04/12/1961",
    "medical-record-number": "MRN: 00482913",
}


def _records(folder: Path) -> dict[str, Determination]:
    out = {}
    for outcome in parse_paths([folder], Normalizer.load()):
        assert outcome.record is not None, outcome.failure
        out[outcome.file.id] = outcome.record
    return out


def test_one_fixture_per_kind() -> None:
    assert sorted(p.stem for p in PLANTED.glob("*.txt")) == sorted(KINDS) == sorted(FIXTURE_WORDS)


@pytest.mark.parametrize("kind", sorted(FIXTURE_WORDS))
def test_fixture_is_found_with_its_kind_and_span(kind: str) -> None:
    record = _records(PLANTED)[kind]
    found = [d for d in record.diagnostics if d.code.startswith("privacy-")]
    assert [(d.code, d.severity) for d in found] == [(f"privacy-{kind}", "warning")]
    (finding,) = found
    assert finding.span is not None
    assert record.text[finding.span[0] : finding.span[1]] == FIXTURE_WORDS[kind]
    # Nothing else changes: the seed's own findings, and a letter that still parses whole.
    seed = _records(SEEDS)["000_5d516a6f8a2f4e6d"]
    assert [d for d in record.diagnostics if d is not finding] == seed.diagnostics
    assert [i.decision for i in record.issues] == [i.decision for i in seed.issues]


def test_fixtures_are_the_seed_plus_one_sentence() -> None:
    seed = seed_text("000_5d516a6f8a2f4e6d")
    for path in PLANTED.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) == len(seed.splitlines()) + 2, path.name
        assert FIXTURE_WORDS[path.stem] in text


# -- the published letters and the seeds are redacted: nothing is found ------------------------


@pytest.mark.parametrize("folder", [SEEDS, REAL_LETTERS], ids=["seeds", "real_letters"])
def test_published_letters_pass(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not present")
    records = _records(folder)
    assert records
    found = {
        letter_id: [d.text for d in record.diagnostics if d.code.startswith("privacy-")]
        for letter_id, record in records.items()
    }
    assert {k: v for k, v in found.items() if v} == {}


# -- the cues only save time: the same findings as every pattern on the whole text ------------


def _every_pattern(text: str) -> list[privacy.Finding]:
    """The reference: every kind's pattern run on the whole text, as before kinds had cues."""
    taken: list[privacy.Finding] = []
    for kind in privacy.KINDS:
        for match in kind.pattern.finditer(text):
            start, end = match.span()
            if any(start < f.end and f.start < end for f in taken):
                continue
            taken.append(privacy.Finding(kind, start, end))
    return sorted(taken, key=lambda f: (f.start, f.end))


def _cued(text: str) -> set[str]:
    """The kinds whose cues the text's shape shows (all when it has no shape)."""
    seen = privacy.shape(text)
    return {
        kind.key
        for kind in privacy.KINDS
        if seen is None or any(cue.search(seen) for cue in kind.cues)
    }


def test_shape() -> None:
    assert privacy.shape("DOB:\t04/12/1961,\nSt. 90\u00b0") == b"dob: 00/00/0000, st. 00?"
    for text in (
        "caf\u00e9",
        "\u0661\u0662\u0663",
        "a\u00a0b",
        "\u017fsn",
    ):  # a letter, digits, a space
        assert privacy.shape(text) is None


# Identifiers written many ways: each kind's forms, in any case, with any whitespace between
# words, alone and planted in the published letters' text (tests/test_privacy.py's own cases and
# fixture words among them).
_LABELS = ("claim", "policy", "member", "account", "subscriber", "group", "insured")
_FORMS = {
    "ssn": ["{d3}-{d2}-{d4}", "{d3} {d2} {d4}", "SSN: {d9}", "SS# {d9}", "Social Security No. {d9}",
            "social security number #{d9}", "{d3}-{d2} {d4}"],
    "phone": ["({a}) {d3}-{d4}", "{a}-{d3}-{d4}", "{a}.{d3}.{d4}", "1-800-{d3}-{d4}",
              "+1 {a} {d3} {d4}", "({a}){d3}-{d4}"],
    "email": ["j.doe{d2}@example.com", "claims_{d3}@mail.example.org", "a@b.co"],
    "street-address": ["{d4} Oak Grove Avenue", "{d2} N. Elm St.", "{d3} Capitol Mall",
                       "P.O. Box {d4}", "PO Box {d3}", "Sacramento, CA 9{d4}",
                       "West Sacramento, California 9{d4}-{d4}", "{d2} Main Street"],
    "claim-number": [f"{label} {suffix}: {{id}}" for label in _LABELS
                     for suffix in ("Number", "No.", "#", "ID")]
                    + ["ADJ{d7}", "claim#{id}", "Policy No {id}"],
    "date-of-birth": ["DOB: {d2}/{d2}/19{d2}", "D.O.B. {d2}-{d2}-{d2}", "Date of Birth: April 12, 1961",
                      "birthdate {d2}/{d2}/{d4}", "born on {d2}-{d2}-{d2}", "birth date: May 3, 1970"],
    "medical-record-number": ["MRN: {d8}", "Medical Record Number {d7}", "medical record no. {d6}",
                              "Chart # A-{d5}", "chart number {d6}", "Patient ID: {d7}"],
}  # fmt: skip
# What a written identifier may be changed by: its case, its spaces, characters beside it.
_WHITESPACE = [" "] * 12 + ["\n", "\t", "  ", "\x1c", "\u00a0"]
_BESIDE = [""] * 10 + [" ", "-", "/", "x", "9", ".", "\u00b0", "\u00e9", "\u017f", "\u0663"]


def _variants(seed: int = 12) -> list[str]:
    rng = random.Random(seed)

    def digits(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    out = [text for _, text, _ in PATTERN_CASES] + list(FIXTURE_WORDS.values())
    for forms in _FORMS.values():
        for form in forms:
            for _ in range(20):
                text = form.format(
                    a=rng.choice("23456789") + digits(2), id=rng.choice(["WC-2016-", "AB", ""]) + digits(7),
                    **{f"d{n}": digits(n) for n in range(1, 10)},
                )  # fmt: skip
                text = rng.choice([str.upper, str.lower, str.title, str])(text)
                text = "".join(rng.choice(_WHITESPACE) if c == " " else c for c in text)
                out.append(rng.choice(_BESIDE) + text + rng.choice(_BESIDE))
    return out


@pytest.fixture(scope="module")
def letter_texts() -> list[str]:
    folders = [SEEDS, FIXTURES] + ([REAL_LETTERS] if REAL_LETTERS.is_dir() else [])
    return [o.record.text for o in parse_paths(folders) if o.record is not None]


def test_cues_follow_from_the_patterns() -> None:
    """Wherever a kind's pattern matches, the text's shape shows one of its cues."""
    matched = set()
    for text in _variants():
        cued = _cued(text)
        for kind in privacy.KINDS:
            if kind.pattern.search(text):
                matched.add(kind.key)
                assert kind.key in cued, (kind.key, text)
    assert matched == set(KINDS)


def test_same_findings_as_every_pattern(letter_texts: list[str]) -> None:
    """``find`` gives exactly what every pattern run on the whole text gives: on identifiers
    written many ways, alone and planted in letters, and on the letters themselves (the
    published ones, the seeds, the fixtures), as they are and in capitals or lowercase."""
    rng = random.Random(7)
    variants = _variants()
    texts = list(variants)
    for text in letter_texts:
        texts += [text, text.upper(), text.lower()]
        at = rng.randrange(len(text))
        texts.append(text[:at] + rng.choice(variants) + text[at:])
    found = 0
    for text in texts:
        got = privacy.find(text)
        assert got == _every_pattern(text), text[:200]
        found += bool(got)
    assert found > len(variants) // 4


# -- the commands: --strict fails naming the letter and the place; the others still build -----


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, check=False
    )


def test_parse_strict_names_the_letter_and_the_place(tmp_path: Path) -> None:
    shutil.copy(PLANTED / "phone.txt", tmp_path)
    shutil.copy(SEEDS / "001_a5bd9920a7114176.txt", tmp_path)
    plain = _cli("parse", str(tmp_path))
    assert plain.returncode == 0, plain.stderr
    assert "2 letters: 2 parsed, 0 failed" in plain.stderr
    strict = _cli("parse", "--strict", str(tmp_path))
    assert strict.returncode == 1
    (line,) = [ln for ln in strict.stderr.splitlines() if ": warning: " in ln]
    assert line.startswith(str(tmp_path / "phone.txt"))
    assert "telephone number at line 17 (characters 1209-1223)" in line
    assert "555-0143" not in strict.stderr


def test_build_strict_fails_on_an_identifier(tmp_path: Path) -> None:
    source = tmp_path / "letters"
    source.mkdir()
    shutil.copy(PLANTED / "ssn.txt", source)
    shutil.copy(SEEDS / "001_a5bd9920a7114176.txt", source)
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("cases", "drugs",
                    "guidelines", "treatments", "specialties", "quality", "charts", "_snippets"))  # fmt: skip
    strict = _cli("build", "--source", str(source), "--docs", str(docs), "--strict")
    assert strict.returncode == 1
    assert "ssn.txt" in strict.stderr and "social security number at line 17" in strict.stderr
    assert "078-05-1120" not in strict.stderr
    plain = _cli("build", "--source", str(source), "--docs", str(docs))
    assert plain.returncode == 0, plain.stderr
    assert (docs / "cases" / "001_a5bd9920a7114176.md").is_file()
