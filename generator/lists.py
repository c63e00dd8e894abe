"""Rows for the pages' tables, queried from the corpus store when a page is rendered: the items
of an ``aggregate.ItemList``, the cases, the Data quality lists. Nothing here is held for the
whole corpus: a page asks for its newest rows (``newest``), a full list is read once, newest
first, as a stream (``rows``) and cut into pages by period (``pages/listing.py``), which first
asks how many rows each period has (``periods``).

The item lists are many (380 at 10,000 letters), so the summary pages' newest rows and month
counts of all of them come from one pass over the items (``read_item_lists``), and an
incremental build reads the changed periods' rows of all of them in one pass too
(``read_item_periods``), handed to the workers that render the lists (``give``).

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
    # An item list's name (its ``ItemList``'s ``by`` and ``key``): its first rows and its rows
    # per month can come from ``Lists.read_item_lists``, one pass for every item list.
    item_list: tuple[str, ...] = ()


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
    return Source(_ITEM_COLUMNS, where, items.key, order, item_list=(items.by, *items.key))


# Every item on the site in the item lists' order, with what puts it in each list (the
# conditions of ``item_source``, one column each): its drugs, its letter's reviewer
# specialties, its reasons, and the listed sections it cites as "document, section, role"
# (NULL, so left out, where a citation has no document). Lists are joined by unit separators.
# ``within`` narrows the letters (``Lists.read_item_periods``).
_EVERY_ITEM = f"""SELECT {_ITEM_COLUMNS}, i.kind,
  (SELECT group_concat(d.drug_slug, char(31)) FROM item_drugs d
   WHERE d.sha256 = i.sha256 AND d.idx = i.idx),
  (SELECT group_concat(s.slug, char(31)) FROM specialties s WHERE s.sha256 = i.sha256),
  (SELECT group_concat(r.reason, char(31)) FROM item_reasons r
   WHERE r.sha256 = i.sha256 AND r.idx = i.idx),
  (SELECT group_concat(c.document_slug || char(31) || c.section_slug || char(31) || c.role,
                       char(30)) FROM citations c
   WHERE c.sha256 = i.sha256 AND c.idx = i.idx AND c.listed)
FROM items i JOIN letters l ON l.sha256 = i.sha256 WHERE l.failure IS NULL {{within}}
ORDER BY {_NEWEST}, i.idx"""


def _item_lists(row: tuple[object, ...]) -> list[tuple[str, ...]]:
    """The item lists a row of ``_EVERY_ITEM`` is in, a list as often as its query has the
    item (a section once, however often the item cites it)."""
    kind, drugs, specialties, reasons, sections = row[6:]
    found: list[tuple[str, ...]] = [("kind", str(kind))]
    for by, joined in (("drug", drugs), ("specialty", specialties), ("reason", reasons)):
        if joined is not None:
            found.extend((by, key) for key in str(joined).split("\x1f"))
    if sections is not None:
        cited = dict.fromkeys(str(sections).split("\x1e"))
        found.extend(("section", *key.split("\x1f")) for key in cited)
    return found


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


def periods_of(date: object) -> tuple[str, ...]:
    """The periods of a full list a letter decided on ``date`` (an ISO date, or None) is in:
    its year and month, or ``UNDATED`` (``pages/listing.py``)."""
    return (str(date)[:4], str(date)[:7]) if date else (UNDATED,)


class Lists:
    """Queries for rows, over a connection to the store."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        # Each full list's plan (pages/listing.py), made once per connection.
        self.plans: dict[Any, Any] = {}
        # After ``read_item_lists``: each item list's first rows and its rows per month.
        self._first: dict[tuple[str, ...], list[tuple[object, ...]]] | None = None
        self._first_limit = 0
        self._months: dict[tuple[str, ...], dict[str, int]] = {}
        # Lists' rows of some periods, given (``give``).
        self._given: dict[Source, tuple[frozenset[str], list[tuple[object, ...]]]] = {}

    def read_item_lists(self, limit: int) -> None:
        """Read every item list's first ``limit`` rows and its rows per month in one pass over
        the items, newest first: an item list's ``newest`` (up to ``limit`` rows) and
        ``periods`` then ask the store nothing. (A query each, for the 380 lists of 10,000
        letters, read the items 760 times: 1.9 s of the summary pages, and the pass 0.55 s.)
        What is kept is bounded by the number of lists, not of items."""
        first: dict[tuple[str, ...], list[tuple[object, ...]]] = {}
        months: dict[tuple[str, ...], dict[str, int]] = {}
        for row in self.db.execute(_EVERY_ITEM.format(within="")):
            shown = row[:6]
            month = periods_of(row[5])[-1]
            for name in _item_lists(row):
                rows = first.setdefault(name, [])
                if len(rows) < limit:
                    rows.append(shown)
                counts = months.setdefault(name, {})
                counts[month] = counts.get(month, 0) + 1
        self._first, self._first_limit = first, limit
        self._months = {name: dict(sorted(counts.items())) for name, counts in months.items()}

    def read_item_periods(
        self, wanted: dict[tuple[str, ...], frozenset[str]]
    ) -> dict[tuple[str, ...], list[tuple[object, ...]]]:
        """The rows of each item list named in ``wanted`` decided in its periods there (years,
        months, ``UNDATED``), in the list's order, read in one pass over the items of those
        periods: an incremental build's new month for every list at once (a query for each list
        read every list whole: 1.4 s of the workers' time at 10,000 letters, the pass 5 ms).
        What is kept is what the lists' pages of those periods show."""
        found: dict[tuple[str, ...], list[tuple[object, ...]]] = {}
        periods = sorted(set().union(*wanted.values()))
        if not periods:
            return found
        ranges = ["l.decision_date IS NULL" if p == UNDATED else
                  "(l.decision_date >= ? AND l.decision_date < ?)" for p in periods]  # fmt: skip
        # A date is in a period when it starts with it: below the period then a character
        # above any a date has.
        bounds = [b for p in periods if p != UNDATED for b in (p, p + "\x7f")]
        query = _EVERY_ITEM.format(within=f"AND ({' OR '.join(ranges)})")
        for row in self.db.execute(query, bounds):
            keys = periods_of(row[5])
            shown = row[:6]
            for name in _item_lists(row):
                mine = wanted.get(name)
                if mine is not None and not mine.isdisjoint(keys):
                    found.setdefault(name, []).append(shown)
        return found

    def give(self, source: Source, periods: frozenset[str], rows: list[tuple[object, ...]]) -> None:
        """Rows of an item list read beforehand, every row it has in ``periods``
        (``read_item_periods``): ``period_rows`` of those periods reads them, not the store."""
        self._given[source] = (periods, rows)

    def periods(self, source: Source, length: int) -> dict[str, int]:
        """Rows per period: per year (``length`` 4) or per month (7); letters without a
        decision date under ``UNDATED``."""
        if source.item_list and self._first is not None and length <= 7:
            periods: dict[str, int] = {}
            for month, count in self._months.get(source.item_list, {}).items():
                key = month if month == UNDATED else month[:length]
                periods[key] = periods.get(key, 0) + count
            return periods
        query = (
            f"SELECT coalesce(substr(l.decision_date, 1, {length}), '{UNDATED}'), count(*) "
            f"{source.where} GROUP BY 1"
        )
        return dict(self.db.execute(query, source.params).fetchall())

    def newest(self, source: Source, limit: int) -> list[tuple[object, ...]]:
        """The first ``limit`` rows."""
        if source.item_list and self._first is not None and limit <= self._first_limit:
            return self._first.get(source.item_list, [])[:limit]
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
        given = self._given.get(source)
        if given is not None and period in given[0]:
            # The item lists' decision date is the sixth column (_ITEM_COLUMNS).
            dated = [r for r in given[1] if period in periods_of(r[5])]
            return dated[offset : offset + limit]
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
