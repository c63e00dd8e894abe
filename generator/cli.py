"""Command line: arguments and exit codes only; the work is in the pipeline modules.

Exit codes for ``parse``: 0 every letter parsed (and, with --strict, no warnings); 1 a letter
failed (or, with --strict, any warning); 2 usage error. ``build`` writes the site from the
letters that parsed and exits 0 unless --strict and a letter failed or warned. No traceback
reaches the user: an unexpected error is reported in one line naming the letter, and counted as
a failure.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import GeneratorError, UsageError
from generator.pipeline import Outcome, Tally, parse_paths

if TYPE_CHECKING:
    from generator.build import BuildReport

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _arguments() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m generator",
        description="Read California IMR final determination letters.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    parse = commands.add_parser(
        "parse",
        help="parse letters and print records",
        description="Parse IMR letters (files, or directories searched for *.txt and *.pdf) and "
        "print one record per letter. Problems go to stderr, one line per letter, then the "
        "counts per file type and per layout.",
    )
    parse.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parse.add_argument("--json", action="store_true", help="print JSON Lines, one record a line")
    parse.add_argument("--strict", action="store_true", help="exit 1 when any letter has warnings")
    _debug_argument(parse)
    build = commands.add_parser(
        "build",
        help="generate the site's pages into docs/",
        description="Parse and normalize every letter under --source and write the generated "
        "pages and charts into --docs (hand-written pages there are left alone). Then run "
        "'mkdocs build --strict' to make the site.",
    )
    _corpus_arguments(build)
    build.add_argument("--docs", type=Path, default=Path("docs"), metavar="DIR")
    site = commands.add_parser(
        "site",
        help="generate the pages and build the site (what 'nox -s build' runs)",
        description="Generate the pages for --source, then build the static site with MkDocs "
        "(or Zensical) into site/, or with --out DIR into DIR/docs and DIR/site. The previous "
        "site stays in place unless every step succeeds.",
    )
    _corpus_arguments(site)
    site.add_argument("--out", type=Path, default=None, metavar="DIR")
    site.add_argument("--builder", choices=("mkdocs", "zensical"), default="mkdocs")
    return parser


def _corpus_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("source_texts"), metavar="DIR")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a letter fails or warns")
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="FILE",
        help="the corpus store (SQLite; default build/corpus.sqlite beside the docs folder): "
        "letters parsed before are read from it, not parsed again",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (default: every core)"
    )
    parser.add_argument(
        "--allow-synthetic",
        action="store_true",
        help="build synthetic benchmark letters (benchmarks/make_corpus.py); never for a real site",
    )
    _debug_argument(parser)


def _debug_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        help="show the traceback of an internal error (for a bug report)",
    )


def _summary_line(outcome: Outcome) -> str:
    record = outcome.record
    assert record is not None
    decisions = ", ".join(f"{i.index}. {i.item} -> {i.decision}" for i in record.issues)
    name = record.case_number or record.id
    return f"{name}: {len(record.issues)} item(s): {decisions}"


def _report(outcome: Outcome, err: object, debug: bool = False) -> None:
    if outcome.failure is not None:
        print(f"{outcome.file.path}: error: {outcome.failure.reason}", file=err)  # type: ignore[call-overload]
        if debug and outcome.failure.detail:
            print(outcome.failure.detail.rstrip(), file=err)  # type: ignore[call-overload]
    elif outcome.warnings:
        joined = "; ".join(outcome.warnings)
        print(f"{outcome.file.path}: warning: {joined}", file=err)  # type: ignore[call-overload]


def run_parse(paths: list[Path], as_json: bool, strict: bool, debug: bool = False) -> int:
    from generator.normalize import Normalizer

    tally = Tally()
    normalizer = Normalizer.load()
    for outcome in parse_paths(paths, normalizer):
        tally.add(outcome)
        _report(outcome, sys.stderr, debug)
        if outcome.record is None:
            continue
        if as_json:
            sys.stdout.write(json.dumps(outcome.record.to_dict(), ensure_ascii=False) + "\n")
        else:
            print(_summary_line(outcome))
    for line in tally.breakdown():  # per file type and per layout, then the closing line
        print(line, file=sys.stderr)
    print(
        f"{tally.letters} letters: {tally.parsed} parsed, {tally.failed} failed, "
        f"{tally.items} items, {tally.warnings} warnings",
        file=sys.stderr,
    )
    if tally.failed or (strict and tally.warnings):
        return EXIT_FAILED
    return EXIT_OK


def _site_exit(report: BuildReport, strict: bool) -> int:
    print(report.summary(), file=sys.stderr)
    # A letter that failed is named above and on the data-quality page; the site is still
    # built from the others. --strict makes failures and warnings fail the build.
    if strict and (report.tally.failed or report.warnings):
        return EXIT_FAILED
    return EXIT_OK


def run_build(
    source: Path,
    docs: Path,
    strict: bool,
    debug: bool = False,
    store: Path | None = None,
    jobs: int | None = None,
    allow_synthetic: bool = False,
) -> int:
    from generator.build import build  # the site's dependencies load only for these commands

    if not source.is_dir():
        raise UsageError(f"{source}: not a directory of letters")
    report = build(
        source, docs, debug=debug, store=store, jobs=jobs, allow_synthetic=allow_synthetic
    )
    return _site_exit(report, strict)


def run_site(
    source: Path,
    out: Path | None,
    strict: bool,
    builder: str,
    debug: bool = False,
    store: Path | None = None,
    jobs: int | None = None,
    allow_synthetic: bool = False,
) -> int:
    from generator.publish import publish

    if not source.is_dir():
        raise UsageError(f"{source}: not a directory of letters")
    report, _layout = publish(
        source, Path.cwd(), out, builder, debug=debug, store=store, jobs=jobs,
        allow_synthetic=allow_synthetic,
    )  # fmt: skip
    return _site_exit(report, strict)


def _os_error(err: OSError) -> str:
    """One line naming the path and what the system said: "docs/cases: Permission denied"."""
    where = err.filename if err.filename is not None else ""
    if err.filename2 is not None:
        where = f"{where} -> {err.filename2}"
    what = err.strerror or str(err)
    return f"{where}: {what}" if where else what


def main(argv: list[str] | None = None) -> int:
    args = _arguments().parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    try:
        if args.command == "parse":
            return run_parse(args.paths, args.json, args.strict, debug)
        if args.command == "build":
            return run_build(
                args.source, args.docs, args.strict, debug, args.store, args.jobs,
                args.allow_synthetic,
            )  # fmt: skip
        if args.command == "site":
            return run_site(
                args.source, args.out, args.strict, args.builder, debug, args.store, args.jobs,
                args.allow_synthetic,
            )  # fmt: skip
    except UsageError as err:
        print(f"python -m generator: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except GeneratorError as err:  # a lexicon or configuration problem: say which, no traceback
        print(f"python -m generator: error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as err:  # a read-only --docs, a full disk: the path and the reason
        if debug:
            traceback.print_exc()
        print(f"python -m generator: error: {_os_error(err)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug: one line, the traceback with --debug
        if debug:
            traceback.print_exc()
        print(
            f"python -m generator: internal error ({type(err).__name__}: {err}); please report it "
            "(--debug shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_USAGE
