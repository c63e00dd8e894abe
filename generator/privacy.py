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

Speed: each kind's pattern runs only on a letter whose *shape* (the text as ASCII bytes,
lowercased, digits as "0", whitespace as spaces) shows one of the kind's cues
(``patterns.<PATTERN>_CUES``, found at the speed of a substring search): a redacted letter costs
a few substring searches, not seven case-insensitive patterns tried at every character. A
letter with a letter, digit or space outside ASCII has no shape and runs every pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import patterns as P
from generator.model import Diagnostic, warning


@dataclass(frozen=True)
class Kind:
    """One kind of identifier: its code suffix, the words for people (with their article), its
    pattern, and the cues one of which the text's shape (``shape``) shows wherever the pattern
    matches."""

    key: str
    label: str
    pattern: re.Pattern[str]
    cues: tuple[re.Pattern[bytes], ...]

    @property
    def code(self) -> str:
        return f"privacy-{self.key}"


# Most specific first: where two kinds claim the same words ("DOB: 04/12/1961" is no phone
# number, "SSN: 123456789" no claim number), the first listed keeps them.
KINDS: tuple[Kind, ...] = (
    Kind("date-of-birth", "a date of birth", P.DATE_OF_BIRTH, P.DATE_OF_BIRTH_CUES),
    Kind("ssn", "a social security number", P.SSN, P.SSN_CUES),
    Kind("medical-record-number", "a medical record number", P.MEDICAL_RECORD_NUMBER,
         P.MEDICAL_RECORD_NUMBER_CUES),
    Kind("claim-number", "a claim, policy or member number", P.CLAIM_NUMBER,
         P.CLAIM_NUMBER_CUES),
    Kind("email", "an e-mail address", P.EMAIL, P.EMAIL_CUES),
    Kind("phone", "a telephone number", P.PHONE, P.PHONE_CUES),
    Kind("street-address", "a street or postal address", P.STREET_ADDRESS,
         P.STREET_ADDRESS_CUES),
)  # fmt: skip

# The shape's mapping: capitals to lowercase, digits to "0", whitespace (what ``\s`` matches in
# ASCII) to a space.
_WHITESPACE = bytes(c for c in range(128) if chr(c).isspace())
_SHAPE = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + _WHITESPACE,
    b"abcdefghijklmnopqrstuvwxyz0000000000" + b" " * len(_WHITESPACE),
)


@dataclass(frozen=True)
class Finding:
    """Words that look like an identifier: which kind, and where in the text."""

    kind: Kind
    start: int
    end: int


def shape(text: str) -> bytes | None:
    """``text`` as the cues read it: ASCII bytes, lowercased, each digit a "0", each whitespace
    character a space; characters outside ASCII become "?" when none of them is a letter, a
    digit or a space (those could be part of a match the shape would not show: ``None``)."""
    if text.isascii():
        raw = text.encode("ascii")
    elif any(c.isalnum() or c.isspace() for c in set(P.NOT_ASCII.findall(text))):
        return None
    else:
        raw = text.encode("ascii", "replace")
    return raw.translate(_SHAPE)


def find(text: str, kinds: tuple[Kind, ...] = KINDS) -> list[Finding]:
    """Every identifier-like passage of ``text``, in text order; where kinds overlap, the one
    listed first in ``kinds`` keeps the words. A kind whose cues the text's shape lacks cannot
    match and is skipped."""
    seen = shape(text)
    taken: list[Finding] = []
    for kind in kinds:
        if seen is not None and not any(cue.search(seen) for cue in kind.cues):
            continue
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
