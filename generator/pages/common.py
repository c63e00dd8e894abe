"""Pieces every page view uses: item and count rows, charts, search data, the items table with
its full list (``listing.py``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.aggregate import Count, ItemList, Outcomes
from generator.catalog import Catalog
from generator.charts import Bar, chart_height
from generator.lists import Lists, item_rows, item_source
from generator.pages.listing import RECENT_ROWS, ListSpec, plan
from generator.pages.tables import ItemsTable, item_row_views, items_caption
from generator.urls import asset, chart_path, reason_url, relative

# Charts show this many rows at most; the table beside them lists every row.
MAX_CHART_ROWS = 12


@dataclass(frozen=True)
class Chart:
    """An SVG file to draw and write, and how a page shows it. Drawing is the build's step
    (``rendering.Charts``: in the worker processes, and only where the data changed)."""

    path: str
    bars: tuple[Bar, ...]
    title: str
    alt: str
    caption: str
    height: int


@dataclass(frozen=True)
class ChartView:
    """A chart as a page shows it."""

    src: str
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


def plural(count: int, word: str) -> str:
    """ "1 item", "2 items"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def page_label(pages: tuple[tuple[int, int], ...]) -> str:
    """Page ranges for a reader: "p. 24", "pp. 63–66", "pp. 76–78, 88–89"."""
    parts = [str(a) if a == b else f"{a}\u2013{b}" for a, b in pages]
    return ("p. " if len(parts) == 1 and "\u2013" not in parts[0] else "pp. ") + ", ".join(parts)


@dataclass(frozen=True)
class CountRow:
    label: str
    url: str | None
    outcomes: Outcomes


@dataclass(frozen=True)
class ReasonRow:
    """A reason a group's items were decided for: how many items give it, and what share of
    the group's items of that decision."""

    label: str
    url: str
    decision: str
    count: int
    share: str


@dataclass(frozen=True)
class ReasonsView:
    rows: tuple[ReasonRow, ...]
    unassigned: str  # how many items no rule gave a reason for, in words


@dataclass(frozen=True)
class YearRow:
    label: str
    outcomes: Outcomes


def reasons_view(
    reasons: tuple[tuple[str, int], ...], outcomes: Outcomes, unassigned: Outcomes,
    catalog: Catalog, here: str,
) -> ReasonsView:  # fmt: skip
    """The reasons table of a group: each reason its items gave, with the share of the
    group's items of the decision it explains."""
    rows = []
    for key, count in reasons:
        info = catalog.reasons.get(key)
        if info is None:
            continue
        of = outcomes.upheld if info.decision == "upheld" else outcomes.overturned
        share = f"{round(100 * count / of)}%" if of else "-"
        rows.append(ReasonRow(info.label, relative(here, reason_url(key)), info.decision, count,
                              share))  # fmt: skip
    none = unassigned.total
    said = (
        f"No reason was recognized in the rationale of {plural(none, 'item')} "
        f"({unassigned.upheld} upheld, {unassigned.overturned} overturned)."
        if none
        else "Every item's rationale gave at least one recognized reason."
    )
    return ReasonsView(tuple(rows), said)


def year_rows(years: tuple[tuple[str, Outcomes], ...]) -> tuple[YearRow, ...]:
    return tuple(YearRow("No decision date" if y == "undated" else y, o) for y, o in years)


def years_chart(
    kind: str, name: str, title: str, years: tuple[tuple[str, Outcomes], ...], here: str
) -> tuple[Chart | None, ChartView | None]:
    """A chart of outcomes by year of decision (the latest ``MAX_CHART_ROWS`` dated years,
    oldest first; the table beside it lists every year)."""
    dated = [(y, o) for y, o in years if y != "undated"]
    cut = "latest years" if len(dated) > MAX_CHART_ROWS else None
    return chart(kind, name, title, dated[-MAX_CHART_ROWS:], here, caption_more=cut)


def item_table(
    lists: Lists, items: ItemList, here: str, what: str, base: str, title: str
) -> tuple[ItemsTable, ListSpec | None]:
    """An items table for the page at ``here``: newest decision first (then by case and item
    number), at most ``listing.RECENT_ROWS`` rows; when the list is longer, the links to its
    full list by period under ``base`` (``listing.plan``), titled after ``title``, and the
    list's spec for rendering those pages (``listing.render_list``)."""
    source = item_source(items)
    rows = item_rows(lists.newest(source, RECENT_ROWS))
    dated = any(r.decision_date for r in rows)
    if items.count <= RECENT_ROWS:
        return ItemsTable(item_row_views(rows, here), dated, items_caption(what, dated),
                          items.count), None  # fmt: skip
    spec = ListSpec("items", source, here, base, title, "item", what, items.count)
    table = ItemsTable(
        item_row_views(rows, here), dated,
        items_caption(what, dated, RECENT_ROWS, items.count), items.count,
        plan(lists, spec).periods,
    )  # fmt: skip
    return table, spec


def count_rows(counts: Iterable[Count], urls: dict[str, str], here: str) -> tuple[CountRow, ...]:
    """Rows for a counts table, most items first, then by label."""
    ordered = sorted(counts, key=lambda c: (-c.outcomes.total, c.label.lower()))
    return tuple(
        CountRow(c.label, relative(here, urls[c.key]) if c.key in urls else None, c.outcomes)
        for c in ordered
    )


def _alt(title: str, rows: Sequence[tuple[str, Outcomes]]) -> str:
    parts = [
        f"{label}: {o.upheld} upheld, {o.overturned} overturned"
        + (f", {o.unknown} unknown" if o.unknown else "")
        for label, o in rows
    ]
    return f"Bar chart, {title}. " + "; ".join(parts) + "."


def chart(
    kind: str, name: str, title: str, rows: Sequence[tuple[str, Outcomes]], here: str,
    caption_more: str | None = None,
) -> tuple[Chart | None, ChartView | None]:  # fmt: skip
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
    if caption_more is not None:
        caption = f"{title} ({caption_more})"
    made = Chart(path, tuple(bars), title, _alt(title, shown), caption, height)
    return made, ChartView(asset(here, path), made.alt, caption, height)
