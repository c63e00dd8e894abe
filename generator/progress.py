"""Progress on long builds: each stage shows its count and rate.

On a terminal the line updates in place (at most five times a second); in a log (CI, a pipe)
a stage prints its closing line only, plus a line at each quarter for stages of at least
``LOG_QUARTERS_FROM`` steps, so a CI log stays short and still shows a long build moving.
"""

from __future__ import annotations

import time
from typing import TextIO

LOG_QUARTERS_FROM = 5000
_TTY_INTERVAL = 0.2  # seconds between in-place updates on a terminal


class Progress:
    """Counts the steps of one stage and reports them to ``out``."""

    def __init__(self, what: str, total: int, out: TextIO) -> None:
        self.what, self.total, self.out = what, total, out
        self.done_steps = 0
        self.started = self._last = time.perf_counter()
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self._next_quarter = 1

    def _rate(self, elapsed: float) -> str:
        return f"{self.done_steps / elapsed:,.0f}/s" if elapsed > 0 else "-"

    def _line(self, now: float) -> str:
        rate = self._rate(now - self.started)
        return f"  {self.what}: {self.done_steps:,}/{self.total:,} ({rate})"

    def step(self, count: int = 1) -> None:
        self.done_steps += count
        now = time.perf_counter()
        if self.tty:
            if now - self._last >= _TTY_INTERVAL:
                self._last = now
                print(f"\r{self._line(now)}", end="", file=self.out, flush=True)
            return
        quarter_due = self.done_steps * 4 >= self.total * self._next_quarter
        if self.total >= LOG_QUARTERS_FROM and self._next_quarter < 4 and quarter_due:
            self._next_quarter += 1
            print(self._line(now), file=self.out)

    def done(self, extra: str = "", at: float | None = None) -> float:
        """Print the stage's closing line; return its seconds (until ``at``, a
        ``time.perf_counter`` reading, when the stage ended before it is reported)."""
        elapsed = (time.perf_counter() if at is None else at) - self.started
        tail = f"; {extra}" if extra else ""
        start = "\r" if self.tty else ""
        print(
            f"{start}  {self.what}: {self.done_steps:,} in {elapsed:.1f} s "
            f"({self._rate(elapsed)}){tail}",
            file=self.out,
        )
        return elapsed
