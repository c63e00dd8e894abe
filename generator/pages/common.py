"""Pieces every page view uses: item rows, count rows, charts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.aggregate import Count, ItemRef, Outcomes
from generator.charts import Bar, chart_height, outcome_chart
from generator.urls import asset, case_url, chart_path, relative

# Charts show this many rows at most; the table beside them lists every row.
MAX_CHART_ROWS = 12


@dataclass(frozen=True)
class Chart:
    """An SVG file to write and how a page shows it."""

    path: str
    svg: bytes
    alt: str
    caption: str
    height: int


# The search box's filters (Pagefind's ``data-pagefind-filter``), in the order its panel shows
# them; overrides/partials/search.html gives each its label. "page" says what kind of page a
# result is, so a reader can keep to cases, drugs or guideline sections.
SEARCH_FILTERS = (
    "page", "decision", "drug_class", "treatment", "category", "guideline", "specialty", "year",
)  # fmt: skip


@dataclass(frozen=True)
class SearchView:
    """What a page gives the search index besides its text: the title its result shows, the
    names it is the answer for (a drug's generic and brand names: the search ranks a match
    there far above one in the text, so "Lioresal" finds the baclofen page before the cases
    that requested Lioresal), and its values for the search filters as (filter, value) pairs
    (a case with several items carries several values of one filter). See ``search_view``."""

    title: str
    filters: tuple[tuple[str, str], ...]
    names: str = ""


def search_view(
    title: str, values: Iterable[tuple[str, str | None]], names: Iterable[str] = ()
) -> SearchView:
    """A page's search data: empty values and repeats dropped, in ``SEARCH_FILTERS`` order
    then by value (pages stay byte-identical from run to run)."""
    pairs = {(key, value) for key, value in values if value}
    unknown = {key for key, _ in pairs} - set(SEARCH_FILTERS)
    if unknown:
        raise ValueError(f"not a search filter: {sorted(unknown)}; see SEARCH_FILTERS")
    order = {key: n for n, key in enumerate(SEARCH_FILTERS)}
    ordered = tuple(sorted(pairs, key=lambda kv: (order[kv[0]], kv[1])))
    return SearchView(title, ordered, ", ".join(dict.fromkeys(n for n in names if n)))


def guideline_filter(guideline: str, document_title: str) -> str:
    """A guideline document as the search filter names it: "Pain (Chronic) (ODG)"."""
    return document_title if guideline in document_title else f"{document_title} ({guideline})"


# What the two decisions mean, said wherever a table lists them: readers new to IMR take
# "upheld" for the treatment.
DECISION_KEY = "Upheld: the denial stands. Overturned: found medically necessary."


def plural(count: int, word: str) -> str:
    """ "1 item", "2 items"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def page_label(pages: tuple[tuple[int, int], ...]) -> str:
    """Page ranges for a reader: "p. 24", "pp. 63–66", "pp. 76–78, 88–89"."""
    parts = [str(a) if a == b else f"{a}\u2013{b}" for a, b in pages]
    return ("p. " if len(parts) == 1 and "\u2013" not in parts[0] else "pp. ") + ", ".join(parts)


def item_table(refs: Iterable[ItemRef], here: str, what: str) -> dict[str, Any]:
    """An items table: rows newest decision first (then by case and item number), whether any
    row has a date (letters without the header block have none), and its caption."""
    rows = item_rows(refs, here)
    dated = any(row["date"] for row in rows)
    order = "newest decision first" if dated else "in case order"
    return {"rows": rows, "dated": dated, "caption": f"{what}, {order}. {DECISION_KEY}"}


def item_rows(refs: Iterable[ItemRef], here: str) -> list[dict[str, Any]]:
    """Table rows for items, newest decision first, then by case and item number."""
    ordered = sorted(refs, key=lambda r: (r.decision_date or "", r.case_id, r.index))
    ordered.sort(key=lambda r: r.decision_date or "", reverse=True)
    return [
        {
            "case_label": r.case_label,
            "case_url": relative(here, case_url(r.case_id)),
            "item_url": relative(here, case_url(r.case_id) + f"#item-{r.index}"),
            "item": r.item,
            "date": r.decision_date or "",
            "decision": r.decision,
        }
        for r in ordered
    ]


def count_rows(counts: Iterable[Count], urls: dict[str, str], here: str) -> list[dict[str, Any]]:
    """Rows for a counts table, most items first, then by label."""
    ordered = sorted(counts, key=lambda c: (-c.outcomes.total, c.label.lower()))
    return [
        {
            "label": c.label,
            "url": relative(here, urls[c.key]) if c.key in urls else None,
            "outcomes": c.outcomes,
        }
        for c in ordered
    ]


def _alt(title: str, rows: Sequence[tuple[str, Outcomes]]) -> str:
    parts = [
        f"{label}: {o.upheld} upheld, {o.overturned} overturned"
        + (f", {o.unknown} unknown" if o.unknown else "")
        for label, o in rows
    ]
    return f"Bar chart, {title}. " + "; ".join(parts) + "."


def chart(
    kind: str, name: str, title: str, rows: Sequence[tuple[str, Outcomes]], here: str
) -> tuple[Chart, dict[str, Any]]:
    """Draw an outcome chart; return the file and the page's view of it."""
    # A row nothing was decided under (a section only the Claims Administrator cited) would be
    # an empty bar: left to the table.
    rows = [(label, o) for label, o in rows if o.total]
    shown = list(rows[:MAX_CHART_ROWS])
    bars = [Bar(label, o.upheld, o.overturned, o.unknown) for label, o in shown]
    path = chart_path(kind, name)
    svg = outcome_chart(bars, title)
    height = round(chart_height(len(bars)) * 100)
    caption = title if len(rows) <= MAX_CHART_ROWS else f"{title} (top {MAX_CHART_ROWS})"
    made = Chart(path, svg, _alt(title, shown), caption, height)
    view = {"src": asset(here, path), "alt": made.alt, "caption": caption, "height": height}
    return made, view
