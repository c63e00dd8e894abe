"""Pieces every page view uses: item rows, count rows, charts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.aggregate import Count, ItemRef, Outcomes
from generator.charts import Bar, chart_height
from generator.pages.listing import RECENT_ROWS, split
from generator.render import Page
from generator.urls import asset, case_url, chart_path, relative

# Charts show this many rows at most; the table beside them lists every row.
MAX_CHART_ROWS = 12


@dataclass(frozen=True)
class Chart:
    """An SVG file to draw and write, and how a page shows it. Drawing is the build's step
    (``charts.draw_all``: in parallel, and only where the data changed)."""

    path: str
    bars: tuple[Bar, ...]
    title: str
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


def item_table(
    refs: Iterable[ItemRef], here: str, what: str, base: str, title: str
) -> tuple[dict[str, Any], list[Page]]:
    """An items table for the page at ``here``: newest decision first (then by case and item
    number), at most ``listing.RECENT_ROWS`` rows; the full list split by month into pages
    under ``base`` (``listing.split``), titled after ``title``. Returns the table's view and
    those pages."""
    ordered = _newest_first(refs)
    dated = any(r.decision_date for r in ordered)
    order = "newest decision first" if dated else "in case order"
    view: dict[str, Any] = {
        "rows": item_rows(ordered[:RECENT_ROWS], here, ordered=True),
        "dated": dated,
        "caption": f"{what}, {order}. {DECISION_KEY}",
        "total": len(ordered),
        "periods": [],
    }
    if len(ordered) <= RECENT_ROWS:
        return view, []
    view["caption"] = (
        f"{what}: the {RECENT_ROWS} most recent of {len(ordered)}, {order}. {DECISION_KEY}"
    )

    def table(chunk: Sequence[ItemRef], url: str) -> dict[str, Any]:
        rows = item_rows(chunk, url, ordered=True)
        return {"rows": rows, "dated": dated, "caption": f"{what}, {order}. {DECISION_KEY}",
                "total": len(chunk), "periods": []}  # fmt: skip

    listing = split(
        ordered, lambda r: r.decision_date, here, base, title, "item", table, "item_list.md.j2"
    )
    view["periods"] = listing.periods
    return view, listing.pages


def _newest_first(refs: Iterable[ItemRef]) -> list[ItemRef]:
    ordered = sorted(refs, key=lambda r: (r.decision_date or "", r.case_id, r.index))
    ordered.sort(key=lambda r: r.decision_date or "", reverse=True)
    return ordered


def item_rows(refs: Iterable[ItemRef], here: str, ordered: bool = False) -> list[dict[str, Any]]:
    """Table rows for items, newest decision first, then by case and item number (as given
    when ``ordered``)."""
    rows = list(refs) if ordered else _newest_first(refs)
    return [
        {
            "case_label": r.case_label,
            "case_url": relative(here, case_url(r.case_id)),
            "item_url": relative(here, case_url(r.case_id) + f"#item-{r.index}"),
            "item": r.item,
            "date": r.decision_date or "",
            "decision": r.decision,
        }
        for r in rows
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
) -> tuple[Chart | None, dict[str, Any] | None]:
    """Draw an outcome chart; return the file and the page's view of it, or (None, None) when
    nothing was decided under any row: an empty chart has no scale to draw (its axis would read
    -0.05 to 0.05), so the page says in words what it holds instead."""
    # A row nothing was decided under (a section only the Claims Administrator cited) would be
    # an empty bar: left to the table.
    rows = [(label, o) for label, o in rows if o.total]
    if not rows:
        return None, None
    shown = list(rows[:MAX_CHART_ROWS])
    bars = [Bar(label, o.upheld, o.overturned, o.unknown) for label, o in shown]
    path = chart_path(kind, name)
    height = round(chart_height(len(bars)) * 100)
    caption = title if len(rows) <= MAX_CHART_ROWS else f"{title} (top {MAX_CHART_ROWS})"
    made = Chart(path, tuple(bars), title, _alt(title, shown), caption, height)
    view = {"src": asset(here, path), "alt": made.alt, "caption": caption, "height": height}
    return made, view
