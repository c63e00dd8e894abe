"""Fixtures of the browser tests: the site served over HTTP, Debian's Chromium driven by
Playwright, and the session-wide log of console errors and failed or foreign requests.

Options (registered here, so give them with ``pytest tests/e2e ...``; with ``pytest tests`` use
the environment variables instead):

``--site DIR``         the built site (``IMR_E2E_SITE``); without it every e2e test is skipped
``--screenshots DIR``  where screenshots go (``IMR_E2E_SCREENSHOTS``), default ``DIR/../e2e-screenshots``
``--chromium PATH``    the browser (``IMR_E2E_CHROMIUM``), default ``/usr/bin/chromium``
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import e2e_support
import pytest
from e2e_support import SETTINGS, ProblemLog, safe_name

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

PAGES_KEY = pytest.StashKey[list["Page"]]()
DIALOGS_KEY = pytest.StashKey[list[str]]()
SERVER_START_TIMEOUT = 20.0


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("e2e", "IMR Explorer browser tests (tests/e2e)")
    group.addoption(
        "--site",
        dest="e2e_site",
        metavar="DIR",
        default=None,
        help=f"a built site folder to test in a browser (or env {e2e_support.SITE_ENV}); "
        "without it the e2e tests are skipped",
    )
    group.addoption(
        "--screenshots",
        dest="e2e_screenshots",
        metavar="DIR",
        default=None,
        help="where screenshots are written (default: the site folder's sibling e2e-screenshots/)",
    )
    group.addoption(
        "--chromium",
        dest="e2e_chromium",
        metavar="PATH",
        default=None,
        help=f"Chromium executable (default {e2e_support.DEFAULT_CHROMIUM})",
    )


def pytest_configure(config: pytest.Config) -> None:
    e2e_support.configure(config)
    if SETTINGS.site is not None and SETTINGS.screenshots is not None:
        # Failure pictures from an earlier run would be mistaken for this run's.
        shutil.rmtree(SETTINGS.screenshots / "failures", ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """On a failing test, save a full-page screenshot of each page it had open, and name the
    files in the report (section "screenshot")."""
    report = yield
    if report.when == "call" and report.failed and SETTINGS.screenshots is not None:
        pages = [p for p in item.stash.get(PAGES_KEY, []) if not p.is_closed()]
        folder = SETTINGS.screenshots / "failures"
        for number, page in enumerate(pages):
            suffix = f"-{number}" if number else ""
            path = folder / f"{safe_name(item.name)}{suffix}.png"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(path), full_page=True, timeout=10_000)
                note = f"{path}  (page {page.url})"
            except Exception as error:  # the report matters more than the picture
                note = f"could not take a screenshot of {page.url}: {error}"
            report.sections.append(("screenshot", note))
    return report


# -- the site, served ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site() -> Path:
    return e2e_support.site_or_skip()


@pytest.fixture(scope="session")
def screenshot_dir(site: Path) -> Path:
    folder = SETTINGS.screenshots
    assert folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(site: Path, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``python -m http.server`` on a free port; return once it answers with this site."""
    expected = (site / "index.html").read_bytes()
    last_error = ""
    for _attempt in range(3):  # another process may take the port between probe and bind
        port = _free_port()
        command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
        command += ["--directory", str(site)]
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.05)  # poll interval while the port is not open yet
        if process.poll() is None:
            url = f"http://127.0.0.1:{port}/"
            # Make sure the answer is this site and not some other server on that port.
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.read() == expected:
                    return process, url
            last_error = f"{url} did not serve {site}/index.html"
        else:
            last_error = f"http.server exited with {process.returncode}; see {log_path}"
        process.terminate()
        process.wait(timeout=10)
    raise RuntimeError(f"could not serve {site}: {last_error}")


@pytest.fixture(scope="session")
def site_url(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``http://127.0.0.1:<port>/`` serving the built site (``python -m http.server``)."""
    log_path = tmp_path_factory.mktemp("e2e-server") / "http.server.log"
    process, url = _serve(site, log_path)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def e2e_browser(site: Path) -> Iterator[Browser]:
    api = e2e_support.playwright_api()
    executable = Path(SETTINGS.chromium)
    if not executable.exists():
        raise pytest.UsageError(f"no Chromium at {executable} (--chromium PATH)")
    with api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=e2e_support.CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def problem_log() -> ProblemLog:
    """Everything that went wrong in any page of the session (checked by the last scenario)."""
    return ProblemLog()


def _watch(
    context: BrowserContext, log: ProblemLog, test: str, origin: str, dialogs: list[str]
) -> None:
    """Record console errors, uncaught exceptions, dialogs (alert/confirm/prompt: script ran),
    failed requests, HTTP errors and requests to anything but the served site; requests to other
    hosts are also blocked, dialogs dismissed."""

    def local(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == origin

    def on_console(message: Any) -> None:
        if message.type == "error":
            where = message.location or {}
            page = message.page.url if message.page else ""
            detail = f"{message.text} ({where.get('url', '')}:{where.get('lineNumber', '')})"
            log.add(test, "console error", page, detail)

    def on_weberror(error: Any) -> None:
        log.add(test, "uncaught exception", error.page.url if error.page else "", str(error.error))

    def on_dialog(dialog: Any) -> None:
        seen = f"{dialog.type}: {dialog.message}"
        dialogs.append(seen)
        log.add(test, "dialog opened (script ran)", dialog.page.url if dialog.page else "", seen)
        dialog.dismiss()

    def on_request(request: Any) -> None:
        if not local(request.url):
            log.add(test, "request to another host", request.frame.url, request.url)
        elif request.is_navigation_request():
            log.pages_visited.add(request.url)

    def on_request_failed(request: Any) -> None:
        failure = request.failure or ""
        if local(request.url) and "ERR_ABORTED" in failure:
            # Leaving a page cancels its unfinished requests (lazy images, search index);
            # a missing file is a 404 response, reported below, not an abort.
            return
        log.add(test, "request failed", request.frame.url, f"{request.url}: {failure}")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            log.add(test, f"HTTP {response.status}", response.frame.url, response.url)

    context.on("console", on_console)
    context.on("dialog", on_dialog)
    context.on("weberror", on_weberror)
    context.on("request", on_request)
    context.on("requestfailed", on_request_failed)
    context.on("response", on_response)
    # A pattern (not a Python callable) so that only foreign requests are intercepted.
    foreign = re.compile(rf"^(?!{re.escape(origin)}/)[a-z][a-z0-9+.-]*://", re.IGNORECASE)
    context.route(foreign, lambda route: route.abort("blockedbyclient"))


@pytest.fixture
def new_page(
    request: pytest.FixtureRequest,
    e2e_browser: Browser,
    site_url: str,
    problem_log: ProblemLog,
) -> Iterator[Callable[..., Page]]:
    """``new_page(width=1280, height=900, phone=False)``: a page in a fresh browser context
    (no shared storage), watched for errors, screenshotted if the test fails."""
    contexts: list[BrowserContext] = []
    origin = site_url.rstrip("/")
    pages = request.node.stash.setdefault(PAGES_KEY, [])
    dialogs = request.node.stash.setdefault(DIALOGS_KEY, [])

    def make(width: int = 1280, height: int = 900, phone: bool = False) -> Page:
        context = e2e_browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=2 if phone else 1,
            is_mobile=phone,
            has_touch=phone,
            color_scheme="light",
            reduced_motion="reduce",
            service_workers="block",
            locale="en-US",
        )
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(20_000)
        _watch(context, problem_log, request.node.nodeid, origin, dialogs)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def dialogs(request: pytest.FixtureRequest) -> list[str]:
    """Every alert/confirm/prompt the test's pages opened (they are dismissed)."""
    seen: list[str] = request.node.stash.setdefault(DIALOGS_KEY, [])
    return seen


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A desktop-size page (1280x900)."""
    return new_page()
