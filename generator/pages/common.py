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
    shown = list(rows[:MAX_CHART_ROWS])
    bars = [Bar(label, o.upheld, o.overturned, o.unknown) for label, o in shown]
    path = chart_path(kind, name)
    svg = outcome_chart(bars, title)
    height = round(chart_height(len(bars)) * 100)
    caption = title if len(rows) <= MAX_CHART_ROWS else f"{title} (top {MAX_CHART_ROWS})"
    made = Chart(path, svg, _alt(title, shown), caption, height)
    view = {"src": asset(here, path), "alt": made.alt, "caption": caption, "height": height}
    return made, view
