"""Rows as tables show them: items, cases and Data quality rows, each linked from the page that
lists it (``here``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.lists import CaseRow, ItemRow, ProblemRow
from generator.urls import case_url, relative

# What the two decisions mean, said wherever a table lists them: readers new to IMR take
# "upheld" for the treatment.
DECISION_KEY = "Upheld: the denial stands. Overturned: found medically necessary."

ROLE_LABELS = {"maximus": "MAXIMUS", "claims_administrator": "Claims Administrator"}


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str


@dataclass(frozen=True)
class PeriodLink:
    """A period of a full list (a year, a month, "No decision date"), its rows and its
    page(s)."""

    label: str
    count: int
    url: str
    pages: tuple[PageLink, ...] = ()


@dataclass(frozen=True)
class ItemRowView:
    case_label: str
    case_url: str
    item_url: str
    item: str
    date: str
    decision: str


@dataclass(frozen=True)
class ItemsTable:
    """An items table: its rows, whether they are dated, its caption, how many items the whole
    list has and the links to its pages by period (none when the table shows them all)."""

    rows: tuple[ItemRowView, ...]
    dated: bool
    caption: str
    total: int
    periods: tuple[PeriodLink, ...] = ()


@dataclass(frozen=True)
class CaseRowView:
    url: str
    label: str
    date: str
    item_count: int
    upheld: int
    overturned: int
    specialty: str
    first: str


@dataclass(frozen=True)
class CasesTable:
    cases: tuple[CaseRowView, ...]
    dated: bool


@dataclass(frozen=True)
class ProblemRowView:
    url: str
    case: str
    index: int | str  # "" for the letter as a whole
    role: str  # who cited it (unresolved citations)
    text: str


def item_row_views(rows: Sequence[ItemRow], here: str) -> tuple[ItemRowView, ...]:
    """Table rows for items (in the order given), linked from the page at ``here``."""
    return tuple(
        ItemRowView(
            case_label=r.case_label,
            case_url=relative(here, case_url(r.case_slug)),
            item_url=relative(here, case_url(r.case_slug) + f"#item-{r.index}"),
            item=r.item,
            date=r.decision_date or "",
            decision=r.decision,
        )
        for r in rows
    )


def items_caption(what: str, dated: bool, shown: int | None = None, total: int = 0) -> str:
    order = "newest decision first" if dated else "in case order"
    if shown is None:
        return f"{what}, {order}. {DECISION_KEY}"
    return f"{what}: the {shown} most recent of {total}, {order}. {DECISION_KEY}"


def case_row_views(rows: Sequence[CaseRow], here: str) -> tuple[CaseRowView, ...]:
    return tuple(
        CaseRowView(
            url=relative(here, case_url(c.slug)),
            label=c.label,
            date=c.decision_date or "",
            item_count=c.item_count,
            upheld=c.upheld,
            overturned=c.overturned,
            specialty=c.specialties,
            first=c.first_item,
        )
        for c in rows
    )


def problem_row_views(
    rows: Sequence[ProblemRow], here: str, role_in_text: bool = False
) -> tuple[ProblemRowView, ...]:
    """Data quality rows; ``role_in_text`` names the citing side before the citation's words
    (the numbered pages have no column for it)."""
    views = []
    for p in rows:
        role = ROLE_LABELS.get(p.what, p.what)
        text = f"{role}: {p.text}" if role_in_text and p.what in ROLE_LABELS else p.text
        target = case_url(p.case_slug) + (f"#item-{p.index}" if p.index else "")
        views.append(ProblemRowView(relative(here, target), p.case_label, p.index or "", role,
                                    text))  # fmt: skip
    return tuple(views)
