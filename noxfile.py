"""Sessions: ``nox -s tests``, ``nox -s lint``, ``nox -s build``, ``nox -s bench``.

Dependencies are declared once, in pyproject.toml; each session installs the package with the
extras it needs. ``nox -s build -- --source DIR`` passes arguments through to the generator.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_external_run = True

PYTHON = "3.11"
REAL_LETTERS = "../shared/real_letters/txt"


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Unit, golden, property and real-letter tests (pytest)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def e2e(session: nox.Session) -> None:
    """Browser tests (Playwright driving Debian's /usr/bin/chromium; no browser download) of
    the site built from source_texts/ plus the hostile fixture letters, into build/e2e/.

    ``nox -s e2e -- --site DIR`` tests an already built site instead; other arguments go to
    pytest (``-k keyboard``, ``--screenshots DIR``, ``--chromium PATH``). Screenshots of the
    home, a drug, a guideline and a case page land in build/e2e/e2e-screenshots/.
    """
    session.install("-e", ".[test,e2e]")
    args = list(session.posargs)
    if "--site" not in args:
        out = Path("build/e2e").resolve()
        source = out / "src"
        shutil.rmtree(out, ignore_errors=True)
        source.mkdir(parents=True)
        letters = [
            *Path("source_texts").glob("*.txt"),
            Path("tests/fixtures/hostile/hostile_letter.txt"),
            *Path("tests/e2e/fixtures").glob("*.txt"),
        ]
        for letter in letters:
            shutil.copy(letter, source)
        session.run("python", "-m", "generator", "site", "--source", str(source), "--out", str(out))
        args = ["--site", str(out / "site"), *args]
    # Test files named in the arguments replace the whole suite.
    paths = [] if any(a.startswith("tests/") for a in args) else ["tests/e2e"]
    session.run("pytest", *paths, "-p", "no:cacheprovider", *args)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff (lint and format check) and mypy --strict over the package."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", "generator", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "generator", "tests", "noxfile.py")
    session.run("mypy")


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Generate the pages from source_texts/ and build the site into site/.

    Arguments pass through: ``nox -s build -- --source DIR --out DIR --strict``.
    """
    session.install("-e", ".")
    session.run("python", "-m", "generator", "site", *session.posargs)


@nox.session(python=PYTHON)
def build_zensical(session: nox.Session) -> None:
    """The same docs/ built with Zensical (Material for MkDocs' successor), into build/zensical."""
    session.install("-e", ".", "zensical")
    args = session.posargs or ["--out", "build/zensical"]
    session.run("python", "-m", "generator", "site", "--builder", "zensical", *args)


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Generate the pages and preview the site at http://127.0.0.1:8000/."""
    session.install("-e", ".")
    session.run("python", "-m", "generator", "build", *session.posargs)
    session.run("mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session(python=PYTHON)
def quality(session: nox.Session) -> None:
    """Resolution rates: drug items to a generic, citations to a guideline section, over
    source_texts/, the real letters and the test tables (0 wrong resolutions)."""
    session.install("-e", ".")
    session.run("python", "benchmarks/resolution.py", *session.posargs)


@nox.session(python=PYTHON)
def pdf_candidates(session: nox.Session) -> None:
    """Which PDF text extractor to read letters with: pypdfium2 (the project's), pdfminer.six
    and pypdf on the published PDFs, each record compared field by field with poppler's, with
    speed on one core and install size (benchmarks/pdf_candidates.py)."""
    session.install("-e", ".", "pdfminer.six", "pypdf[crypto]")
    session.run("python", "benchmarks/pdf_candidates.py", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Parse throughput (letters/s, one core) over >= 5,000 layout-varied letters, the real
    letters' counts, and PDF extraction over the published PDFs (pages/s, letters/s, ms added
    per letter); the cost of a real letter by stage (parse, normalize, its reasons and privacy
    passes: CPU ms per letter, one core); then the whole site built from N synthetic letters,
    cold and incremental (``nox -s bench -- --count 1000 --count 10000``; default 1,000):
    per-stage time and cost per letter, CPU time, peak memory, pages, site bytes, largest page,
    and what a first search fetches (Playwright and Debian's Chromium, when /usr/bin/chromium is
    there). ``--repeat 3`` runs each build three times and reports the median."""
    session.install("-e", ".[e2e]")
    session.run("python", "benchmarks/parse_bench.py")
    session.run("python", "benchmarks/normalize_bench.py")
    session.run("python", "benchmarks/build_bench.py", *session.posargs)
