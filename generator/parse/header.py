"""The header block's fields, read by label (``header_block.read_block``: any order, one line,
two columns, labels first and values after)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.header_block import read_block


@dataclass(frozen=True)
class Header:
    case_number: str | None = None
    date_assigned: str | None = None
    injury_date: str | None = None
    decision_date: str | None = None
    ur_date: str | None = None
    priority: str | None = None
    application_received: str | None = None


def parse_header(block: str) -> Header:
    """Read the header fields from the text before the letter's first heading; a label given
    twice keeps its first value."""
    values: dict[str, str] = {}
    for pair in read_block(block).pairs:
        if pair.token is not None:
            values.setdefault(pair.field, pair.token.value)
    return Header(**values)
