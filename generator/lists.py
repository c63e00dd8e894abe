"""Rows for the pages' tables, queried from the corpus store when a page is rendered: the items
of an ``aggregate.ItemList``, the cases, the Data quality lists. Nothing here is held for the
whole corpus: a page asks for its newest rows (``newest``), a full list is read once, newest
first, as a stream (``rows``) and cut into pages by period (``pages/listing.py``), which first
asks how many rows each period has (``periods``).

Order everywhere: newest decision first, then by case slug and item number; letters without a
decision date last (so each period's rows are contiguous in the stream).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.aggregate import ItemList, ProblemList

# Letters without a decision date are listed under this period.
UNDATED = "undated"


@dataclass(frozen=True)
class ItemRow:
    """One decided item, as a list shows it."""

    case_slug: str
    case_label: str
    index: int
    item: str
    decision: str
    decision_date: str | None


@dataclass(frozen=True)
class CaseRow:
    """One case, as the cases lists show it."""

    slug: str
    label: str
    decision_date: str | None
    item_count: int
    upheld: int
    overturned: int
    specialties: str
    first_item: str


@dataclass(frozen=True)
class ProblemRow:
    """One Data quality row: where (case, item; 0 for the letter), what and its words."""

    case_slug: str
    case_label: str
    index: int
    what: str  # "warning", "note", or the role whose citation matched nothing
    text: str


@dataclass(frozen=True)
class Source:
    """A list as a query: its rows' columns and FROM ... WHERE clause with parameters. Every
    source joins ``letters l`` (the current corpus)."""

    columns: str
    where: str
    params: tuple[str, ...]
    order: str
    dated: bool = True  # listed by period of decision (the Data quality lists are not)


_ITEM_COLUMNS = "l.slug, l.label, i.idx, i.item, i.decision, l.decision_date"
_NEWEST = "coalesce(l.decision_date, '') DESC, l.slug"


def item_source(items: ItemList) -> Source:
    """The query of an item list."""
    order = f"{_NEWEST}, i.idx"
    if items.by == "drug":
        where = (
            "FROM item_drugs d JOIN letters l ON l.sha256 = d.sha256 JOIN items i ON "
            "i.sha256 = d.sha256 AND i.idx = d.idx WHERE l.failure IS NULL AND d.drug_slug = ?"
        )
    elif items.by == "kind":
        where = (
            "FROM items i JOIN letters l ON l.sha256 = i.sha256 WHERE l.failure IS NULL AND "
            "i.kind = ?"
        )
    elif items.by == "specialty":
        where = (
            "FROM specialties s JOIN letters l ON l.sha256 = s.sha256 JOIN items i ON "
            "i.sha256 = s.sha256 WHERE l.failure IS NULL AND s.slug = ?"
        )
    elif items.by == "section":
        # Each item once, however often it cites the section.
        where = (
            "FROM (SELECT DISTINCT sha256, idx FROM citations WHERE document_slug = ? AND "
            "section_slug = ? AND role = ? AND listed) c JOIN letters l ON l.sha256 = c.sha256 "
            "JOIN items i ON i.sha256 = c.sha256 AND i.idx = c.idx WHERE l.failure IS NULL"
        )
    elif items.by == "reason":
        where = (
            "FROM item_reasons r JOIN letters l ON l.sha256 = r.sha256 JOIN items i ON "
            "i.sha256 = r.sha256 AND i.idx = r.idx WHERE l.failure IS NULL AND r.reason = ?"
        )
    else:
        raise ValueError(f"no such item list: {items.by}")
    return Source(_ITEM_COLUMNS, where, items.key, order)


CASES = Source(
    "l.slug, l.label, l.decision_date, r.item_count, r.upheld, r.overturned, "
    "coalesce((SELECT group_concat(s.name, ', ') FROM specialties s WHERE s.sha256 = l.sha256), "
    "''), coalesce(r.first_item, '')",
    "FROM letters l JOIN records r ON r.sha256 = l.sha256 WHERE l.failure IS NULL",
    (),
    _NEWEST,
)


def problem_source(problems: ProblemList) -> Source:
    """The query of a Data quality list, in case order (then item, then as the letter has
    them)."""
    if problems.key == "unresolved":
        return Source(
            "l.slug, l.label, c.idx, c.role, c.text",
            "FROM citations c JOIN letters l ON l.sha256 = c.sha256 WHERE l.failure IS NULL "
            "AND NOT c.listed AND c.guideline != 'none'",
            (),
            "l.slug, c.idx, c.role = 'claims_administrator', c.n",
            dated=False,
        )
    severity = {"warnings": "warning", "notes": "note"}[problems.key]
    where = (
        "FROM (SELECT l.slug, l.label, p.idx, p.severity AS what, p.text, 0 AS added, p.n "
        "FROM problems p JOIN letters l ON l.sha256 = p.sha256 WHERE l.failure IS NULL AND "
        "p.severity = ?"
    )
    params: tuple[str, ...] = (severity,)
    if severity == "note":  # the notes the build adds come after the letter's own
        where += (
            " UNION ALL SELECT l.slug, l.label, 0, 'note', n.text, 1, n.n FROM letter_notes n "
            "JOIN letters l ON l.position = n.position WHERE l.failure IS NULL"
        )
    return Source("slug, label, idx, what, text", where + ")", params, "slug, idx, added, n",
                  dated=False)  # fmt: skip


class Lists:
    """Queries for rows, over a connection to the store."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        # Each full list's plan (pages/listing.py), made once per connection.
        self.plans: dict[Any, Any] = {}

    def periods(self, source: Source, length: int) -> dict[str, int]:
        """Rows per period: per year (``length`` 4) or per month (7); letters without a
        decision date under ``UNDATED``."""
        query = (
            f"SELECT coalesce(substr(l.decision_date, 1, {length}), '{UNDATED}'), count(*) "
            f"{source.where} GROUP BY 1"
        )
        return dict(self.db.execute(query, source.params).fetchall())

    def newest(self, source: Source, limit: int) -> list[tuple[object, ...]]:
        """The first ``limit`` rows."""
        query = f"SELECT {source.columns} {source.where} ORDER BY {source.order} LIMIT ?"
        return self.db.execute(query, (*source.params, limit)).fetchall()

    def count(self, source: Source) -> int:
        return int(self.db.execute(f"SELECT count(*) {source.where}", source.params).fetchone()[0])

    def rows(self, source: Source, offset: int = 0) -> Iterator[tuple[object, ...]]:
        """Every row, in order, as a stream."""
        query = f"SELECT {source.columns} {source.where} ORDER BY {source.order} LIMIT -1 OFFSET ?"
        yield from self.db.execute(query, (*source.params, offset))

    def period_rows(
        self, source: Source, period: str, offset: int, limit: int
    ) -> list[tuple[object, ...]]:
        """Rows of one period of decision (a year "2019", a month "2019-03", or ``UNDATED``),
        in the list's order, from the ``offset``-th of the period on: the list's rows of that
        period, without sorting the rest of the list."""
        if period == UNDATED:
            within, params = "l.decision_date IS NULL", source.params
        else:
            within = f"substr(l.decision_date, 1, {len(period)}) = ?"
            params = (*source.params, period)
        query = (
            f"SELECT {source.columns} {source.where} AND {within} ORDER BY {source.order} "
            "LIMIT ? OFFSET ?"
        )
        return self.db.execute(query, (*params, limit, offset)).fetchall()


def item_rows(rows: list[tuple[object, ...]]) -> list[ItemRow]:
    return [ItemRow(*row) for row in rows]  # type: ignore[arg-type]


def case_rows(rows: list[tuple[object, ...]]) -> list[CaseRow]:
    return [CaseRow(*row) for row in rows]  # type: ignore[arg-type]


def problem_rows(rows: list[tuple[object, ...]]) -> list[ProblemRow]:
    return [ProblemRow(*row) for row in rows]  # type: ignore[arg-type]
