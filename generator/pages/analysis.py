"""Why and when: the reasons pages (``reasons/``, a page per reason ``reasons/<key>/``) and the
trends page (``trends/``): outcomes by year and month, by reviewer specialty and by guideline
edition cited."""

from __future__ import annotations

from dataclasses import dataclass

from generator.aggregate import Corpus, Outcomes
from generator.breakdowns import Breakdowns, ReasonSummary
from generator.catalog import Catalog, ReasonInfo
from generator.lists import Lists
from generator.markup import front_matter
from generator.pages.common import (
    ChartView,
    CountRow,
    YearRow,
    count_rows,
    item_table,
    plural,
    year_rows,
    years_chart,
)
from generator.pages.entities import Made
from generator.pages.tables import ItemsTable
from generator.render import Page
from generator.urls import drug_url, kind_url, reason_url, relative, specialty_url

# Drugs a reason's page lists by name (the most items first); specialties the trends page
# breaks down by year.
TOP_DRUGS = 20
TOP_SPECIALTIES = 10


@dataclass(frozen=True)
class ReasonEntry:
    key: str
    label: str
    url: str
    description: str
    count: int
    share: str  # of the items of the decision it explains


@dataclass(frozen=True)
class ReasonGroup:
    decision: str
    heading: str
    anchor: str
    reasons: tuple[ReasonEntry, ...]


@dataclass(frozen=True)
class ReasonsIndexContext:
    front_matter: str
    intro: str
    groups: tuple[ReasonGroup, ...]
    unassigned: str


@dataclass(frozen=True)
class ReasonContext:
    front_matter: str
    title: str
    decision: str
    description: str
    lede: str
    index_url: str
    method_url: str
    by_kind: tuple[CountRow, ...]
    by_drug: tuple[CountRow, ...]
    drugs_shown: str
    outcome_chart: ChartView | None
    years: tuple[YearRow, ...]
    items: ItemsTable


def _share(count: int, of: int) -> str:
    return f"{round(100 * count / of)}%" if of else "-"


def _entry(info: ReasonInfo, count: int, outcomes: Outcomes, here: str) -> ReasonEntry:
    of = outcomes.upheld if info.decision == "upheld" else outcomes.overturned
    return ReasonEntry(info.key, info.label, relative(here, reason_url(info.key)),
                       info.description, count, _share(count, of))  # fmt: skip


def reasons_index(corpus: Corpus, catalog: Catalog, found: Breakdowns) -> Made:
    """Every reason of the taxonomy with how many items give it."""
    here = "reasons/"
    counts = dict(found.reasons_of("all", ""))
    groups = []
    for decision, heading in (("upheld", "Why denials were upheld"),
                              ("overturned", "Why treatments were found necessary")):  # fmt: skip
        entries = tuple(
            _entry(info, counts.get(key, 0), corpus.outcomes, here)
            for key, info in catalog.reasons.items()
            if info.decision == decision
        )
        groups.append(ReasonGroup(decision, heading, decision, entries))
    none = found.unassigned.get(("all", ""), Outcomes())
    intro = (
        "Why each disputed item was upheld or overturned, as its rationale says: a small "
        "taxonomy of reasons, each found by named rules in the reviewer's words (the method "
        "page says how, and how often the rules agree with reasons labelled by hand). The words "
        "that gave a reason are marked on the case page. An item may give several reasons, or "
        "none the rules recognize."
    )
    unassigned = (
        f"{plural(none.total, 'item')} ({none.upheld} upheld, {none.overturned} overturned) "
        "gave no reason the rules recognize; they are counted nowhere above."
    )
    meta = {
        "title": "Why items are upheld or overturned",
        "description": "The reasons IMR rationales give, with counts",
        "search": {"boost": 2},
    }
    context = ReasonsIndexContext(front_matter(meta), intro, tuple(groups), unassigned)
    return Made(Page(here, "reasons_index.md.j2", context), None)


def reason_page(
    summary: ReasonSummary, catalog: Catalog, lists: Lists, found: Breakdowns, corpus: Corpus
) -> Made:
    """A reason: its items by treatment kind, drug and year, its newest items and the full
    list by period."""
    info = catalog.reasons[summary.key]
    here = reason_url(info.key)
    of = corpus.outcomes.upheld if info.decision == "upheld" else corpus.outcomes.overturned
    lede = (
        f"{plural(summary.items.count, 'item')}, {_share(summary.items.count, of)} of all "
        f"{info.decision} items, gave this reason."
    )
    years = found.years_of("reason", info.key)
    made, view = years_chart("reasons", info.key, "Items giving this reason by year", years,
                             here)  # fmt: skip
    kinds = count_rows(summary.by_kind, {c.key: kind_url(c.key) for c in summary.by_kind}, here)
    top = summary.by_drug[:TOP_DRUGS]
    drugs = count_rows(top, {c.key: drug_url(c.key) for c in top}, here)
    shown = (
        f"The {TOP_DRUGS} drugs with the most such items, of {len(summary.by_drug)}."
        if len(summary.by_drug) > TOP_DRUGS
        else ""
    )
    items, full = item_table(
        lists, summary.items, here, f"Items giving “{info.label}”", f"{here}items/",
        f"Items giving “{info.label}”",
    )  # fmt: skip
    meta = {"title": info.label, "description": f"IMR items {info.decision}: {info.label}",
            "search": {"boost": 2}}  # fmt: skip
    context = ReasonContext(
        front_matter(meta), info.label, info.decision, info.description, lede,
        relative(here, "reasons/"), relative(here, "method/#reasons"), kinds, drugs, shown,
        view, year_rows(years), items,
    )  # fmt: skip
    return Made(Page(here, "reason.md.j2", context), made, (full,) if full else ())


@dataclass(frozen=True)
class EditionRow:
    edition: str
    year: str
    outcomes: Outcomes


@dataclass(frozen=True)
class SpecialtyYears:
    label: str
    url: str
    years: tuple[YearRow, ...]


@dataclass(frozen=True)
class TrendsContext:
    front_matter: str
    intro: str
    outcome_chart: ChartView | None
    years: tuple[YearRow, ...]
    months: tuple[YearRow, ...]
    editions: tuple[EditionRow, ...]
    specialties: tuple[SpecialtyYears, ...]
    specialties_shown: str


def _month_label(key: str) -> str:
    if key == "undated":
        return "No decision date"
    import datetime as dt

    year, month = key.split("-")
    return dt.date(int(year), int(month), 1).strftime("%B %Y")


def trends_page(corpus: Corpus, found: Breakdowns) -> Made:
    """Outcomes over time: by year and month, by reviewer specialty, by edition cited."""
    here = "trends/"
    years = found.years_of("all", "")
    made, view = years_chart("index", "trends", "All decisions by year", years, here)
    ranked = sorted(corpus.specialties.values(), key=lambda g: (-g.outcomes.total, g.label))
    specialties = tuple(
        SpecialtyYears(
            g.label,
            relative(here, specialty_url(g.key)),
            year_rows(found.years_of("specialty", g.key)),
        )
        for g in ranked[:TOP_SPECIALTIES]
    )
    shown = (
        f"The {TOP_SPECIALTIES} specialties with the most items, of {len(ranked)}; every "
        "specialty's page has its own table."
        if len(ranked) > TOP_SPECIALTIES
        else ""
    )
    intro = (
        "How decisions moved over time, by the date each letter was decided: the whole "
        "collection by year and by month, the reviewers' specialties, and the guideline edition "
        "MAXIMUS cited. Each drug, guideline section, treatment kind and reason has its own "
        "table by year on its page."
    )
    meta = {"title": "Outcomes over time", "description": "IMR decisions by year and month",
            "search": {"boost": 2}}  # fmt: skip
    context = TrendsContext(
        front_matter(meta), intro, view, year_rows(years),
        tuple(YearRow(_month_label(m), o) for m, o in found.months),
        tuple(EditionRow(e, "No decision date" if y == "undated" else y, o)
              for e, y, o in found.editions),
        specialties, shown,
    )  # fmt: skip
    return Made(Page(here, "trends.md.j2", context), made)
