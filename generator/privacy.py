"""The privacy scan: text in a letter that looks like a personal identifier.

The published letters are redacted before the state publishes them; a letter from elsewhere may
not be. ``scan`` reads a letter's cleaned text with the patterns of ``patterns/privacy.py`` and
makes each finding a *warning* (so ``parse --strict`` and ``build --strict`` fail, naming the
letter) with a stable code naming the kind (``privacy-ssn``, ``privacy-phone``, ...) and the span
of the words. The message says the kind and where (line and characters) but never repeats the
identifier, since warnings are printed and shown on the Data quality page.

What the published letters do hold and the scan must let pass (checked by
tests/test_privacy.py over the 146 letters and the seeds): the IMR case number the state
publishes ("CM16-0213037"), dates of injury, review and decision, guideline page ranges,
regulation sections, ICD codes, doses, counts and the web addresses of cited sources. No
address, telephone number or e-mail address of MAXIMUS Federal Services or of the Division of
Workers' Compensation appears in them, so none is exempted; a layout that prints one would be
reported, and that boilerplate would be exempted here by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import patterns as P
from generator.model import Diagnostic, warning


@dataclass(frozen=True)
class Kind:
    """One kind of identifier: its code suffix, the words for people (with their article), and
    its pattern."""

    key: str
    label: str
    pattern: re.Pattern[str]

    @property
    def code(self) -> str:
        return f"privacy-{self.key}"


# Most specific first: where two kinds claim the same words ("DOB: 04/12/1961" is no phone
# number, "SSN: 123456789" no claim number), the first listed keeps them.
KINDS: tuple[Kind, ...] = (
    Kind("date-of-birth", "a date of birth", P.DATE_OF_BIRTH),
    Kind("ssn", "a social security number", P.SSN),
    Kind("medical-record-number", "a medical record number", P.MEDICAL_RECORD_NUMBER),
    Kind("claim-number", "a claim, policy or member number", P.CLAIM_NUMBER),
    Kind("email", "an e-mail address", P.EMAIL),
    Kind("phone", "a telephone number", P.PHONE),
    Kind("street-address", "a street or postal address", P.STREET_ADDRESS),
)


@dataclass(frozen=True)
class Finding:
    """Words that look like an identifier: which kind, and where in the text."""

    kind: Kind
    start: int
    end: int


def find(text: str, kinds: tuple[Kind, ...] = KINDS) -> list[Finding]:
    """Every identifier-like passage of ``text``, in text order; where kinds overlap, the one
    listed first in ``kinds`` keeps the words."""
    taken: list[Finding] = []
    for kind in kinds:
        for match in kind.pattern.finditer(text):
            start, end = match.span()
            if any(start < f.end and f.start < end for f in taken):
                continue
            taken.append(Finding(kind, start, end))
    return sorted(taken, key=lambda f: (f.start, f.end))


def scan(text: str, kinds: tuple[Kind, ...] = KINDS) -> list[Diagnostic]:
    """A warning per identifier-like passage of a letter's cleaned text (``Determination.text``),
    with the passage's span; none for a redacted letter."""
    found: list[Diagnostic] = []
    for f in find(text, kinds):
        line = text.count("\n", 0, f.start) + 1
        message = (
            f"text that looks like {f.kind.label} at line {line} (characters "
            f"{f.start}-{f.end}); remove or redact it before publishing"
        )
        found.append(warning(f.kind.code, message, (f.start, f.end)))
    return found
