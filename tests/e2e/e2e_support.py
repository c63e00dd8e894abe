"""Shared state and helpers for the browser tests (tests/e2e).

The suite runs only against a site that is already built: ``--site DIR`` (an option registered in
tests/e2e/conftest.py) or the environment variable ``IMR_E2E_SITE``. Without either, every module
here skips at collection, so ``pytest tests`` needs neither Playwright nor a browser.

``configure`` is called by conftest.py's ``pytest_configure``; the test modules call
``site_or_skip`` at import time and ``playwright_api`` after it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

# pytest is imported where it is used: benchmarks/first_search.py shares this module's search
# measurement and runs where only the e2e extra (Playwright) is installed (`nox -s bench`).
if TYPE_CHECKING:
    import pytest

SITE_ENV = "IMR_E2E_SITE"
SCREENSHOTS_ENV = "IMR_E2E_SCREENSHOTS"
CHROMIUM_ENV = "IMR_E2E_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# What a root user needs to run Debian's Chromium headless without it reaching the network on
# its own (component updates, sync, field trials).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

SKIP_REASON = (
    "browser tests need a built site: pass --site DIR to `pytest tests/e2e` "
    f"or set {SITE_ENV}=DIR (see tests/e2e/README.md)"
)


@dataclass
class Settings:
    site: Path | None = None
    screenshots: Path | None = None
    chromium: str = DEFAULT_CHROMIUM


SETTINGS = Settings()


def configure(config: pytest.Config) -> None:
    """Read --site/--screenshots/--chromium (or their environment variables) once per session."""
    raw_site = config.getoption("e2e_site", default=None) or os.environ.get(SITE_ENV) or None
    raw_shots = (
        config.getoption("e2e_screenshots", default=None) or os.environ.get(SCREENSHOTS_ENV) or None
    )
    SETTINGS.chromium = (
        config.getoption("e2e_chromium", default=None)
        or os.environ.get(CHROMIUM_ENV)
        or DEFAULT_CHROMIUM
    )
    if raw_site is None:
        SETTINGS.site = None
        return
    import pytest

    site = Path(raw_site).expanduser().resolve()
    if not (site / "index.html").is_file():
        # Asked for explicitly, so a wrong folder is an error, not a silent skip.
        raise pytest.UsageError(f"--site/{SITE_ENV}: {site} has no index.html (build it first)")
    SETTINGS.site = site
    SETTINGS.screenshots = (
        Path(raw_shots).expanduser().resolve() if raw_shots else site.parent / "e2e-screenshots"
    )


def site_or_skip() -> Path:
    """The built site's folder, or skip the calling module (at collection) when none was given."""
    if SETTINGS.site is None:
        import pytest

        pytest.skip(SKIP_REASON, allow_module_level=True)
    return SETTINGS.site


def playwright_api() -> ModuleType:
    """``playwright.sync_api``; imported only once a site was given, and then required."""
    import pytest

    try:
        import playwright.sync_api as api
    except ImportError as error:  # pragma: no cover - environment problem
        raise pytest.UsageError(
            "the browser tests need the 'playwright' package: pip install playwright "
            "(no browser download: Debian's /usr/bin/chromium is used)"
        ) from error
    return api


# -- the session's record of everything that went wrong in a browser --------------------------


@dataclass(frozen=True)
class Problem:
    test: str
    kind: str
    page: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.detail}\n      on {self.page or '?'}  (during {self.test})"


@dataclass
class ProblemLog:
    """Console errors, uncaught exceptions, failed requests, HTTP errors, foreign hosts."""

    problems: list[Problem] = field(default_factory=list)
    pages_visited: set[str] = field(default_factory=set)

    def add(self, test: str, kind: str, page: str, detail: str) -> None:
        problem = Problem(test, kind, page, detail)
        if problem not in self.problems:
            self.problems.append(problem)

    def report(self) -> str:
        return "\n".join(f"  {p}" for p in self.problems)


# -- small helpers used by the scenarios ---------------------------------------------------------


def safe_name(text: str) -> str:
    """A file name from a test id: ``test_x[Soma-carisoprodol]`` -> ``test_x-Soma-carisoprodol``."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:150]


def case_ids(site: Path) -> list[str]:
    """Every case page's id, as the built site has them (``cases/<id>/index.html``)."""
    return sorted(p.parent.name for p in (site / "cases").glob("*/index.html"))


def seed_case_id(site: Path) -> str:
    """A case built from an ordinary letter (not one of the hostile fixtures)."""
    ordinary = [c for c in case_ids(site) if not c.startswith("hostile")]
    if not ordinary:
        import pytest

        pytest.fail(f"{site}/cases has no case page other than the hostile fixtures")
    return ordinary[0]


# -- search: what the first query costs ----------------------------------------------------------

SEARCH_BOX = "input.md-search__input"
RESULT_ITEMS = ".md-search-result__item"


@dataclass(frozen=True)
class Fetched:
    url: str
    body_bytes: int  # the response body as the page received it, decoded
    transfer_bytes: int  # on the wire: headers plus the (possibly compressed) body


@dataclass(frozen=True)
class FirstSearch:
    """Everything the browser fetched from opening the search box until the first query's
    results showed (the search UI's own script and style come with every page and are
    counted separately, in ``page_assets``)."""

    query: str
    fetched: tuple[Fetched, ...]
    page_assets: tuple[Fetched, ...]

    @property
    def body_bytes(self) -> int:
        return sum(f.body_bytes for f in self.fetched)

    @property
    def transfer_bytes(self) -> int:
        return sum(f.transfer_bytes for f in self.fetched)

    def report(self) -> str:
        assets = sum(f.transfer_bytes for f in self.page_assets)
        lines = [
            f"first search for {self.query!r}: {self.transfer_bytes:,} bytes transferred "
            f"({self.body_bytes:,} bytes of bodies) in {len(self.fetched)} requests; "
            f"search UI loaded with the page: {assets:,} bytes",
        ]
        lines += [f"  {f.transfer_bytes:>9,}  {f.body_bytes:>9,}  {f.url}" for f in self.fetched]
        return "\n".join(lines)


def _fetched(request: Any) -> Fetched:
    sizes = request.sizes()
    body = max(int(sizes.get("responseBodySize", 0)), 0)
    headers = max(int(sizes.get("responseHeadersSize", 0)), 0)
    response = request.response()
    decoded = len(response.body()) if response is not None else 0
    # Chromium reports no body size for a worker's own script (Pagefind's search worker):
    # count it as sent uncompressed, the most it can have cost.
    return Fetched(request.url, decoded, headers + (body or decoded))


# The search UI's own files, loaded with every page (not by the search).
_PAGE_ASSETS = """() => performance.getEntriesByType('resource')
  .filter(e => /assets\\/javascripts\\/search\\.js/.test(e.name))
  .map(e => [e.name, e.decodedBodySize, e.transferSize])"""


def first_search_bytes(
    page: Any, site_url: str, query: str, timeout: float = 20_000
) -> FirstSearch:
    """What the first search costs, in Chromium: open ``site_url`` in ``page`` (a Playwright
    page in a fresh context, so nothing is cached), wait until it is idle, then record every
    request from the first keystroke ("/" opens the search; nothing was fetched for it before)
    until the results of ``query`` show. Transfer sizes are Chromium's: headers plus the body
    as sent (compressed if the server compresses). Needs only a page and the served site's
    address, so a benchmark can call it as the tests do."""
    page.goto(site_url, wait_until="networkidle")
    assets = tuple(Fetched(n, int(b), int(s)) for n, b, s in page.evaluate(_PAGE_ASSETS))
    finished: list[Any] = []

    def record(request: Any) -> None:
        finished.append(request)

    page.on("requestfinished", record)
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.locator(RESULT_ITEMS).first.wait_for(timeout=timeout)
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", record)
    return FirstSearch(query, tuple(_fetched(r) for r in finished), assets)
