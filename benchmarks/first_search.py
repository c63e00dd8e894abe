"""First-search bytes (issue 10's "first search" figure); a measurement, not a test.

Serves a built site on 127.0.0.1, opens it in Debian's Chromium (Playwright, nothing
downloaded), and counts everything the browser fetches from the first keystroke until the
results of each query show: ``tests/e2e/e2e_support.first_search_bytes``, the function the
browser test ``test_first_search_bytes`` calls. Each query runs in a fresh browser context, so
nothing is cached.

Usage: python benchmarks/first_search.py --site DIR [--query Q ...] [--chromium PATH]
(needs the e2e extra: ``pip install -e .[e2e]``).
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import e2e_support  # noqa: E402


def _serve(site: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    server = subprocess.Popen(
        [*command, "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):  # up to 10 s for the server to listen
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site folder")
    parser.add_argument("--query", action="append", help="default: baclofen, Lioresal")
    parser.add_argument("--chromium", default=e2e_support.DEFAULT_CHROMIUM)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server, url = _serve(args.site.resolve())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=args.chromium, headless=True, args=e2e_support.CHROMIUM_ARGS
            )
            for query in args.query or ["baclofen", "Lioresal"]:
                context = browser.new_context(service_workers="block")
                measured = e2e_support.first_search_bytes(context.new_page(), url, query)
                print(measured.report())
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
