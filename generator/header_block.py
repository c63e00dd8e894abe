"""The header block of a letter (the text before its first heading): labels paired with their
values, whatever order an extractor printed them in.

pdftotext -layout prints the published letters' block in two columns, "Application Received:"
wrapped around its value; PDFium prints it row by row with the value after "Received:"; other
extractors print all labels first and the values after, or a value before its label. Each label
takes the first value of its type between it and the next label; labels left without one are
paired in order with the values left over; when several labels stand with no value after them,
the block is "labels first" and all are paired in order by type.

``clean.canonical_header`` writes the block back one "Label: value" line per label in one
order, so every extractor's text of a letter cleans to the same text; ``parse/header.py`` reads
the fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import patterns as P
from generator.dates import date_from_match

# Header label (lower-cased, spaces folded) -> (record field, value type, the label as written
# in the canonical block). In the canonical order: pdftotext's reading order of the published
# block, row by row.
FIELDS = {
    "case number": ("case_number", "case", "Case Number"),
    "date assigned": ("date_assigned", "date", "Date Assigned"),
    "date of injury": ("injury_date", "date", "Date of Injury"),
    "decision date": ("decision_date", "date", "Decision Date"),
    "ur denial date": ("ur_date", "date", "UR Denial Date"),
    "priority": ("priority", "priority", "Priority"),
    "application received": ("application_received", "date", "Application Received"),
}
_ORDER = {key: n for n, key in enumerate(FIELDS)}


@dataclass(frozen=True)
class Token:
    """A value in the block: where it is, its type, its value for the record (ISO date,
    capitalized priority) and its words as the canonical block writes them."""

    start: int
    end: int
    kind: str
    value: str
    written: str


@dataclass(frozen=True)
class Pair:
    """A label, where it is in the block, and the value it takes (None when it has none)."""

    key: str
    start: int
    end: int
    token: Token | None

    @property
    def field(self) -> str:
        return FIELDS[self.key][0]


@dataclass(frozen=True)
class Block:
    """A header block read: the text the labels were found in (pdftotext's wrapped
    "Application <date> Received:" rewritten), its labels with their values, every value."""

    text: str
    pairs: list[Pair]
    tokens: list[Token]


def _tokens(text: str) -> list[Token]:
    tokens = []
    for pattern in (P.NUMERIC_DATE, P.WORDY_DATE):
        for match in pattern.finditer(text):
            iso = date_from_match(match)
            if iso:
                written = match.group(0)
                if pattern is P.NUMERIC_DATE:  # pdftotext's "10/14/ 2016"
                    written = "".join(written.split())
                tokens.append(
                    Token(match.start(), match.end(), "date", iso, " ".join(written.split()))
                )
    tokens += [
        Token(m.start(), m.end(), "case", m.group("value"), m.group("value"))
        for m in P.CASE_NUMBER.finditer(text)
    ]
    tokens += [
        Token(m.start(), m.end(), "priority", m.group("value").capitalize(), m.group("value"))
        for m in P.PRIORITY_VALUE.finditer(text)
    ]
    return sorted(tokens, key=lambda t: t.start)


def read_block(block: str) -> Block:
    """Pair the labels of a header block with their values (module docstring)."""
    text = P.SPLIT_APPLICATION_LABEL.sub(r"Application Received: \g<value>", block)
    labels = list(P.HEADER_LABEL.finditer(text))
    tokens = _tokens(text)
    if not labels:
        return Block(text, [], tokens)
    bounds = [m.start() for m in labels[1:]] + [len(text)]
    regions = [(label.end(), end) for label, end in zip(labels, bounds, strict=True)]
    keys = [" ".join(label.group("label").lower().split()) for label in labels]
    empty = sum(1 for s, e in regions if not any(s <= t.start < e for t in tokens))
    used: set[int] = set()
    taken: dict[int, Token] = {}  # label index -> its value
    if empty < 2:
        # Each label followed by its value (one line or two columns).
        for n, (key, (start, end)) in enumerate(zip(keys, regions, strict=True)):
            kind = FIELDS[key][1]
            for i, token in enumerate(tokens):
                if i not in used and token.kind == kind and start <= token.start < end:
                    taken[n] = token
                    used.add(i)
                    break
    # Labels first, values after (or labels left without a value): pair in order by type.
    first_label = labels[0].start()
    for n, key in enumerate(keys):
        if n in taken:
            continue
        for i, token in enumerate(tokens):
            if i not in used and token.kind == FIELDS[key][1] and token.start > first_label:
                taken[n] = token
                used.add(i)
                break
    pairs = [
        Pair(key, label.start(), label.end(), taken.get(n))
        for n, (key, label) in enumerate(zip(keys, labels, strict=True))
    ]
    return Block(text, pairs, tokens)


def canonical_block(block: str) -> str | None:
    """The block written one "Label: value" line per label in ``FIELDS`` order, after the lines
    of other words it holds (a letterhead, a title) in their order; None when it cannot be
    written so without losing or guessing something: no labels, a label twice or without a
    value, or a value no label took."""
    read = read_block(block)
    if not read.pairs:
        return None
    keys = [pair.key for pair in read.pairs]
    taken = {pair.token for pair in read.pairs if pair.token is not None}
    if (
        len(set(keys)) != len(keys)
        or len(taken) != len(read.pairs)
        or len(taken) != len(read.tokens)
    ):
        return None
    covered = bytearray(len(read.text))
    for pair in read.pairs:
        covered[pair.start : pair.end] = b"\1" * (pair.end - pair.start)
    for token in read.tokens:
        covered[token.start : token.end] = b"\1" * (token.end - token.start)
    rest = "".join(" " if covered[i] else c for i, c in enumerate(read.text))
    lines = [" ".join(line.split()) for line in rest.split("\n")]
    lines = [line for line in lines if line.strip(" :")]
    for pair in sorted(read.pairs, key=lambda p: _ORDER[p.key]):
        assert pair.token is not None
        lines.append(f"{FIELDS[pair.key][2]}: {pair.token.written}")
    return "\n".join(lines)
