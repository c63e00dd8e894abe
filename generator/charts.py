"""Deterministic SVG charts (matplotlib, Agg backend).

Every chart is a horizontal bar chart of decisions (Upheld / Overturned / Unknown) per row, so a
reader compares outcomes the same way on every page. Same inputs give byte-identical SVG:
fixed figure size and layout (no tight_layout), ``svg.hashsalt`` fixed, no date or creator
metadata, text kept as text (``svg.fonttype: none``, so no glyph paths that vary with the
installed fonts). Colours are the Okabe-Ito palette, distinguishable with colour-blindness, and
each series also has its own hatch so the chart survives greyscale printing.

Charts are 480 px wide and scale down with the page (``width: 100%`` in CSS), so they stay
readable at phone width; the same numbers are always printed in a table beside each chart.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

# matplotlib is imported where a chart is drawn (``_pyplot``): a build whose charts are all
# drawn before (the store keeps them) does not pay the second it takes to import.

# Okabe & Ito (2008) colour-blind-safe palette.
SERIES = (
    ("upheld", "Upheld", "#E69F00", ""),
    ("overturned", "Overturned", "#0072B2", "//"),
    ("unknown", "Unknown", "#999999", "\\\\"),
)

_STYLE: dict[str, Any] = {
    "svg.hashsalt": "imr-explorer",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 13,
    "hatch.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

# 480 px wide: on a 390 px phone screen the chart shrinks by a fifth, so 13 pt text stays
# legible; rows are tall enough for a finger.
_WIDTH_IN = 4.8
_ROW_IN = 0.5  # room for a label wrapped onto two lines
_BASE_IN = 1.0
_LEFT_IN = 2.2
_MAX_LABEL = 18
# The bars' thickness (in rows) and the room left around them: matplotlib's default axes margins,
# as ``barh`` with autoscaling drew them. The limits are set, not found by autoscaling: each
# bar added one by one made matplotlib widen its data limits bar by bar, a sixth of a chart's
# time.
_BAR = 0.7
_MARGIN = 0.05


@dataclass(frozen=True)
class Bar:
    """One row of an outcome chart."""

    label: str
    upheld: int
    overturned: int
    unknown: int = 0


def _short(label: str) -> str:
    """At most two lines of ``_MAX_LABEL`` characters, the second cut with an ellipsis."""
    lines = textwrap.wrap(label, _MAX_LABEL, break_long_words=True) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: _MAX_LABEL - 1] + "\u2026"]
    return "\n".join(lines)


def chart_height(rows: int) -> float:
    """Figure height in inches for a chart of ``rows`` bars (pages size the <img> with it)."""
    return _BASE_IN + _ROW_IN * max(rows, 1)


@cache
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


@cache
def _canvas() -> tuple[Any, Any]:
    """The figure and axes every chart of this process is drawn on. Making a figure, its axes
    and their ticks anew was about a third of a chart's time; each chart sets the size, the
    bars and the ticks it draws, and the legend when it names other series than the last
    chart's, so it comes out byte for byte as on a new figure (``tests/test_charts.py`` draws
    charts in different orders and compares)."""
    from matplotlib.ticker import MaxNLocator

    plt = _pyplot()
    with plt.rc_context(_STYLE):
        fig = plt.figure(figsize=(_WIDTH_IN, chart_height(1)), dpi=100)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        # What every chart has the same, set once (the label alone was a tenth of a chart).
        ax.set_xlabel("items decided")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    return fig, ax


def ready() -> None:
    """Import matplotlib and make the figure, ahead of the first chart."""
    _canvas()


# The legend of the last chart of this process, by the series it names: the next chart with
# the same series keeps it (anchored to the axes, it follows their new size).
_LEGENDS: dict[tuple[str, ...], Any] = {}


def outcome_chart(bars: Sequence[Bar], title: str) -> bytes:
    """A stacked horizontal bar chart of decisions per row, as SVG bytes.

    Rows are drawn top to bottom in the order given (callers sort them).
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch, Rectangle

    plt = _pyplot()
    fig, ax = _canvas()
    with plt.rc_context(_STYLE):
        height = chart_height(len(bars))
        fig.set_size_inches(_WIDTH_IN, height)
        # Fixed margins in inches, converted to figure fractions: no tight_layout.
        left, right = _LEFT_IN / _WIDTH_IN, 1 - 0.2 / _WIDTH_IN
        bottom, top = 0.6 / height, 1 - 0.4 / height
        ax.set_position((left, bottom, right - left, top - bottom))
        # The last chart's bars off (its legend is replaced).
        for drawn in list(ax.collections):
            drawn.remove()
        positions = list(range(len(bars)))[::-1]
        offsets = [0] * len(bars)
        handles = []
        for key, name, colour, hatch in SERIES:
            values = [getattr(bar, key) for bar in bars]
            if key == "unknown" and not any(values):
                continue
            # One collection a series, its bars drawn in one style (as barh drew them), and the
            # same style for its key in the legend.
            rects = [
                Rectangle((offset, position - _BAR / 2), value, _BAR)
                for offset, position, value in zip(offsets, positions, values, strict=True)
            ]
            series = PatchCollection(rects, facecolor=colour, hatch=hatch or None,
                                     edgecolor="white", linewidth=0.8)  # fmt: skip
            ax.add_collection(series, autolim=False)
            handles.append(Patch(facecolor=colour, hatch=hatch or None, edgecolor="white",
                                 linewidth=0.8, label=name))  # fmt: skip
            offsets = [o + v for o, v in zip(offsets, values, strict=True)]
        longest = max(offsets, default=0) or 1
        ax.set_xlim(0, longest * (1 + _MARGIN))  # the bars start at 0, as barh's did
        span = len(bars) - 1 + _BAR
        ax.set_ylim(-_BAR / 2 - _MARGIN * span, len(bars) - 1 + _BAR / 2 + _MARGIN * span)
        ax.set_yticks(positions, [_short(bar.label) for bar in bars], fontsize=12, linespacing=1.0)
        # The title is the figure's caption on the page; the legend sits above the bars.
        names = tuple(str(handle.get_label()) for handle in handles)
        if names not in _LEGENDS or ax.get_legend() is not _LEGENDS[names]:
            _LEGENDS.clear()
            _LEGENDS[names] = ax.legend(
                handles=handles, loc="lower right", frameon=False, bbox_to_anchor=(1.0, 1.0),
                fontsize=11, ncols=3,
            )  # fmt: skip
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Title": title})
    return buffer.getvalue().encode("utf-8")


@cache
def _drawing_version() -> str:
    """What else decides a chart's bytes besides its data: this module and matplotlib."""
    here = Path(__file__).read_bytes()
    return hashlib.sha256(here + version("matplotlib").encode()).hexdigest()[:16]


def chart_digest(bars: Sequence[Bar], title: str) -> str:
    """A chart's identity: its data, title and the drawing code. Same digest, same SVG."""
    data = json.dumps([title, [dataclasses.astuple(b) for b in bars], _drawing_version()])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
