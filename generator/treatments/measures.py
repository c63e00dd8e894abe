"""The measures of one disputed item: strength, dosage form, quantity and refills, frequency
and sessions, body part and side. Each reads item text (names already masked where it matters)
and returns the normalized value, or None when the item does not say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from generator import patterns as P

TOPICAL_FORMS = frozenset({"gel", "cream", "ointment", "lotion", "patch"})
SYSTEMIC_FORMS = frozenset(
    {"tablet", "capsule", "suspension", "injection", "film", "liquid", "powder", "spray"}
)
_SPINE_REGIONS = ("lumbar spine", "cervical spine", "thoracic spine")


def number(word: str) -> int | None:
    """A count as written: "12" -> 12, "Eight" -> 8, "twice" -> 2; None for other words."""
    word = word.lower()
    return int(word) if word.isdigit() else P.NUMBER_WORDS.get(word)


def first_int(patterns: Iterable[re.Pattern[str]], text: str) -> int | None:
    """The count (group "n") of the first of ``patterns`` that matches ``text``."""
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return number(match.group("n"))
    return None


def cut(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each span replaced by one space."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _decimal(value: str) -> str:
    return "0" + value if value.startswith(".") else value


def strength(masked: str) -> str | None:
    """The dose, normalized: "1%" and "4%/27.5%/0.0325%" (percentages, all of them),
    "10/325mg" (a combination), "25mg/ml" and "10mg/ml" from "10mg/1ml" (a concentration),
    "50mg", "0.5mcg", "1000units" (a plain dose)."""
    percents = [_decimal(m.group("a")) + "%" for m in P.STRENGTH_PERCENT.finditer(masked)]
    if percents:
        return "/".join(percents)
    if m := P.STRENGTH_COMBO.search(masked):
        return f"{_decimal(m.group('a'))}/{_decimal(m.group('b'))}{m.group('u').lower()}"
    if m := P.STRENGTH_CONC.search(masked):
        per = m.group("b") if m.group("b") not in (None, "1") else ""
        return f"{_decimal(m.group('a'))}{m.group('u').lower()}/{per}{m.group('v').lower()}"
    if m := P.STRENGTH_PLAIN.search(masked):
        return _decimal(m.group("a")) + m.group("u").lower()
    return None


def first_form(text: str) -> str | None:
    """The dosage form mentioned first: "Norco 5/325mg oral tablet" -> "tablet",
    "Salonpas pad #60" -> "patch"."""
    found = [(m.start(), form) for pattern, form in P.FORMS if (m := pattern.search(text))]
    return min(found)[1] if found else None


def strip_refills(text: str) -> str:
    """``text`` without its refill phrase, so "x2 refills" is not read as a quantity."""
    return P.REFILLS.sub(" ", text)


def refills(text: str) -> int | None:
    """Refills: "with 2 refills", "Two refills of", "x2 refills", "refills: 2" -> 2;
    "no refills" -> 0."""
    match = P.REFILLS.search(text)
    if not match:
        return None
    word = match.group("k") or match.group("n") or match.group("m")
    return 0 if word.lower() == "no" else number(word)


def frequency(text: str) -> tuple[str | None, int | None, int | None, list[tuple[int, int]]]:
    """Normalized frequency, times per week, weeks, and the spans that said so.

    "2 times a week for 6 weeks" and "2x6" -> "2x/week x 6 weeks"; "1 to 2 times per week for
    4 weeks" -> "1-2x/week x 4 weeks" (no single count per week); "three times weekly" ->
    "3x/week"; "Spinal manipulation 1 times 8" -> "1x/week x 8 weeks"; "daily for two weeks" ->
    "daily x 2 weeks".
    """
    if m := P.FREQ_PER_WEEK.search(text):
        parts = P.RANGE_SEPARATOR.sub("-", m.group("n").lower()).split("-")
        n = "-".join(str(number(p)) for p in parts)
        weeks = number(m.group("w")) if m.group("w") else None
        per_week = int(n) if n.isdigit() else None
        return _freq_text(n, weeks), per_week, weeks, [m.span()]
    for pattern in (P.FREQ_NXM, P.FREQ_N_TIMES_M):
        if m := pattern.search(text):
            count, weeks = number(m.group("n")), number(m.group("m"))
            return _freq_text(str(count), weeks), count, weeks, [m.span()]
    if m := P.FREQ_DAILY.search(text):
        weeks = number(m.group("w")) if m.group("w") else None
        return (
            "daily" + (f" x {weeks} week{'s' * (weeks != 1)}" if weeks else ""),
            7,
            weeks,
            [m.span()],
        )
    return None, None, None, []


def _freq_text(per_week: str, weeks: int | None) -> str:
    return f"{per_week}x/week" + (f" x {weeks} week{'s' * (weeks != 1)}" if weeks else "")


def sessions(text: str) -> int | None:
    """Sessions the item names: "Eight (8) physical therapy sessions" -> 8, "two times four
    visits (8)" -> 8, "two ... sessions ... and eight ... sessions" -> 10, "Physical Therapy
    sessions, 12" -> 12."""
    if m := P.SESSIONS_PAREN.search(text):
        return int(m.group("n"))
    counts = [number(m.group("p") or m.group("n")) for m in P.SESSIONS_COUNT.finditer(text)]
    if counts and all(c is not None for c in counts):
        return sum(
            c for c in counts if c is not None
        )  # "two ... sessions ... and eight ... sessions"
    return first_int((P.SESSIONS_AFTER,), text)


def body_part(text: str) -> str | None:
    """The body part mentioned first: "MRI of the left knee" -> "knee", "Facet joint
    injections L4-5" -> "lumbar spine"; "Spine surgery evaluation for the lumbar" -> "lumbar
    spine" (a spinal region named later makes "spine" or "back" precise)."""
    parts = [P.BODY_PART_NAMES[int(str(m.lastgroup)[1:])] for m in P.BODY_PART.finditer(text)]
    if not parts:
        return None
    if parts[0] in ("spine", "back"):  # "Spine surgery evaluation for the lumbar" -> lumbar spine
        return next((part for part in parts if part in _SPINE_REGIONS), parts[0])
    return parts[0]


def side(text: str) -> str | None:
    """The side: "bilateral" ("bilateral knees", "both", "B/L", "BUE"), "left" or "right"
    ("Lt", "RUE"), or None when the item names neither side, or both ("left and right")."""
    if P.SIDE_BILATERAL.search(text):
        return "bilateral"
    left, right = bool(P.SIDE_LEFT.search(text)), bool(P.SIDE_RIGHT.search(text))
    return "left" if left and not right else "right" if right and not left else None
