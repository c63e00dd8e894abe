"""The header block of published letters, read by label.

pdftotext -layout prints it in two columns; other extractors print all labels first and the
values after. Each label takes the first value of its type between it and the next label; labels
left without one are paired in order with the values left over; when several labels stand
with no value after them, the block is "labels first" and all are paired in order by type.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import patterns as P
from generator.dates import find_dates

# Header label (lower-cased, spaces folded) -> record field, and the value type it takes.
_FIELDS = {
    "case number": ("case_number", "case"),
    "date assigned": ("date_assigned", "date"),
    "date of injury": ("injury_date", "date"),
    "decision date": ("decision_date", "date"),
    "ur denial date": ("ur_date", "date"),
    "priority": ("priority", "priority"),
    "application received": ("application_received", "date"),
}


@dataclass(frozen=True)
class _Token:
    start: int
    kind: str
    value: str


@dataclass(frozen=True)
class Header:
    case_number: str | None = None
    date_assigned: str | None = None
    injury_date: str | None = None
    decision_date: str | None = None
    ur_date: str | None = None
    priority: str | None = None
    application_received: str | None = None


def _tokens(text: str) -> list[_Token]:
    tokens = [_Token(s, "date", iso) for s, _e, iso in find_dates(text)]
    tokens += [_Token(m.start(), "case", m.group("value")) for m in P.CASE_NUMBER.finditer(text)]
    tokens += [
        _Token(m.start(), "priority", m.group("value").capitalize())
        for m in P.PRIORITY_VALUE.finditer(text)
    ]
    return sorted(tokens, key=lambda t: t.start)


def parse_header(block: str) -> Header:
    """Read the header fields from the text before the letter's first heading."""
    block = P.SPLIT_APPLICATION_LABEL.sub(r"Application Received: \g<value>", block)
    labels = list(P.HEADER_LABEL.finditer(block))
    if not labels:
        return Header()
    tokens = _tokens(block)
    bounds = [m.start() for m in labels[1:]] + [len(block)]
    regions = [(label.end(), end) for label, end in zip(labels, bounds, strict=True)]
    fields = [_FIELDS[" ".join(label.group("label").lower().split())] for label in labels]
    empty = sum(1 for s, e in regions if not any(s <= t.start < e for t in tokens))
    used: set[int] = set()
    values: dict[str, str] = {}
    if empty < 2:
        # Each label followed by its value (one line or two columns).
        for (field, kind), (start, end) in zip(fields, regions, strict=True):
            for i, token in enumerate(tokens):
                if i not in used and token.kind == kind and start <= token.start < end:
                    values.setdefault(field, token.value)
                    used.add(i)
                    break
    # Labels first, values after (or labels left without a value): pair in order by type.
    first_label = labels[0].start()
    for field, kind in fields:
        if field in values:
            continue
        for i, token in enumerate(tokens):
            if i not in used and token.kind == kind and token.start > first_label:
                values[field] = token.value
                used.add(i)
                break
    return Header(**values)
