"""Redirects keep changed addresses working."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from generator.build import BuildReport, build
from generator.cli import _site_exit
from generator.errors import GeneratorError
from generator.redirects import load_redirects, redirect_page
from tests.conftest import SEEDS


def test_shipped_redirects_load() -> None:
    assert isinstance(load_redirects(), dict)


def test_redirect_page_points_to_the_new_address() -> None:
    path, page = redirect_page("drugs/tramadol-hcl/", "drugs/tramadol/")
    assert path == "drugs/tramadol-hcl/index.html"
    assert 'content="0; url=../tramadol/"' in page
    assert '<a href="../tramadol/">' in page


def test_bad_address_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "redirects.yaml"
    bad.write_text("redirects:\n  /drugs/x: drugs/y/\n", encoding="utf-8")
    with pytest.raises(GeneratorError, match="not a site-relative address"):
        load_redirects(bad)


def _seed_build(tmp_path: Path, redirects: dict[str, str]) -> tuple[BuildReport, str, Path]:
    source = tmp_path / "letters"
    source.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, source)
    docs = tmp_path / "docs"
    docs.mkdir()
    out = io.StringIO()
    report = build(source, docs, out=out, redirects=redirects)
    return report, out.getvalue(), docs


def test_redirect_targets_are_checked_against_the_pages_built(tmp_path: Path) -> None:
    report, printed, docs = _seed_build(
        tmp_path,
        {
            "drugs/lioresal/": "drugs/baclofen/",  # a page the build writes
            "drugs/gone/": "drugs/no-such-drug/",  # no page there
            "drugs/tramadol/": "drugs/baclofen/",  # the old address is still a page
        },
    )
    assert (docs / "drugs" / "lioresal" / "index.html").is_file()
    assert not (docs / "drugs" / "gone").exists()
    assert "redirect drugs/gone/ -> drugs/no-such-drug/: error: no page at" in printed
    assert (
        "redirect drugs/tramadol/ -> drugs/baclofen/: error: drugs/tramadol/ is still a page"
        in printed
    )
    assert report.redirect_problems == 2 and report.warnings == 2
    assert "2 broken redirects" in report.summary()
    # --strict fails on them (the letters themselves have no warnings).
    assert report.tally.warnings == 0 and report.tally.failed == 0
    assert _site_exit(report, strict=True) == 1
    assert _site_exit(report, strict=False) == 0


def test_every_shipped_redirect_points_to_a_page_the_build_writes(tmp_path: Path) -> None:
    """Built from all the site's letters, as `nox -s build` does."""
    source = tmp_path / "letters"
    shutil.copytree(SEEDS, source)
    docs = tmp_path / "docs"
    docs.mkdir()
    report = build(source, docs, out=io.StringIO(), redirects=load_redirects())
    assert report.redirect_problems == 0, report.problems
    for old in load_redirects():
        assert (docs / old / "index.html").is_file()
