"""The site built in shards equals the site built whole: the same files, case pages byte for
byte, one search index and sitemap holding every page; a broken link still fails a shard."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from generator.build import build
from generator.publish import prepare
from generator.shards import build_sharded, plan
from tests.conftest import ROOT
from tests.test_store import _copies

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_sharded_site_equals_the_whole_site(tmp_path: Path) -> None:
    source = _copies(tmp_path / "letters", 24)
    layout = prepare(ROOT, tmp_path / "out")
    build(source, layout.docs, out=io.StringIO(), store=tmp_path / "s.sqlite", jobs=1)
    whole = tmp_path / "whole"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(layout.config),
               "-d", str(whole)]  # fmt: skip
    assert subprocess.run(command, env=ENV, check=False, capture_output=True).returncode == 0
    sharded = tmp_path / "sharded"
    theme = ROOT / "overrides"
    assert build_sharded(layout.config, layout.docs, sharded, 3, ENV, theme) == 0
    one, three = _files(whole), _files(sharded)
    assert sorted(one) == sorted(three)
    cases = [k for k in one if k.startswith("cases/copy-") and k.endswith("index.html")]
    assert len(cases) == 24
    assert [k for k in cases if one[k] != three[k]] == []
    assert three["sitemap.xml"].count(b"<url>") == one["sitemap.xml"].count(b"<url>")


def test_plan_shares_the_pages_out(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "cases").mkdir(parents=True)
    for n in range(100):
        (docs / "cases" / f"c{n:03d}.md").write_text("x", encoding="utf-8")
    for n in range(40):
        (docs / f"p{n}.md").write_text("x", encoding="utf-8")
    shards = plan(docs, 2)
    assert sorted(name for part in shards for name in part) == sorted(
        p.name for p in (docs / "cases").glob("*.md")
    )
    assert len(shards[0]) + 40 == len(shards[1])  # 70 pages each


def test_a_broken_link_fails_its_shard(tmp_path: Path) -> None:
    source = _copies(tmp_path / "letters", 6)
    layout = prepare(ROOT, tmp_path / "out")
    build(source, layout.docs, out=io.StringIO(), store=tmp_path / "s.sqlite", jobs=1)
    case = layout.docs / "cases" / "copy-005.md"
    case.write_text(case.read_text(encoding="utf-8") + "\n[gone](../nowhere.md)\n", "utf-8")
    site = tmp_path / "site"
    assert build_sharded(layout.config, layout.docs, site, 2, ENV, ROOT / "overrides") != 0
