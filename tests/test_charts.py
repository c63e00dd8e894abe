"""Charts: every chart of a process is drawn on one reused figure (``charts._canvas``), and
comes out byte for byte as if drawn on a figure of its own, whatever was drawn before it."""

from __future__ import annotations

import pytest

from generator import charts
from generator.charts import Bar, outcome_chart

_JOBS = [
    ((Bar("Baclofen", 40, 3),), "one row"),
    (
        tuple(Bar(f"Physical therapy for the lumbar spine {n}", 3 * n, n % 4) for n in range(12)),
        "twelve rows, long labels",
    ),
    ((Bar("MRI", 0, 0, 2), Bar("Norco", 2900, 310, 7)), "with unknown decisions, large counts"),
    ((Bar("Ultram", 1, 0), Bar("Soma", 0, 1), Bar("Lyrica", 5, 5)), "three rows"),
]


def _fresh(bars: tuple[Bar, ...], title: str) -> bytes:
    """The chart on a figure of its own."""
    charts._canvas.cache_clear()
    return outcome_chart(bars, title)


def test_a_chart_is_the_same_whatever_was_drawn_before_it() -> None:
    alone = [_fresh(*job) for job in _JOBS]
    assert len(set(alone)) == len(_JOBS)
    charts._canvas.cache_clear()
    assert [outcome_chart(*job) for job in _JOBS] == alone
    assert [outcome_chart(*job) for job in reversed(_JOBS)] == alone[::-1]


@pytest.mark.parametrize("job", _JOBS, ids=[title for _bars, title in _JOBS])
def test_a_chart_has_its_own_rows_legend_and_nothing_else(job: tuple[tuple[Bar, ...], str]) -> None:
    bars, title = job
    outcome_chart(*_JOBS[1])  # twelve rows drawn first
    svg = outcome_chart(bars, title).decode("utf-8")
    for bar in bars:
        assert charts._short(bar.label).split("\n")[0] in svg
    assert "Physical therapy" not in svg or "Physical therapy" in bars[0].label
    assert svg.count(">Upheld<") == 1 and svg.count(">Overturned<") == 1
    assert (">Unknown<" in svg) == any(bar.unknown for bar in bars)
