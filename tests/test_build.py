"""The build command: bad letters are named and counted, the site is built from the others;
generation is staged, so a failure leaves the previous docs/ as it was."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build as build_module
from generator.write import DuplicatePath, Writer
from tests.conftest import FIXTURES, ROOT, SEEDS


def _letters(tmp: Path) -> Path:
    source = tmp / "letters"
    shutil.copytree(FIXTURES / "bad", source / "bad")
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, source)
    return source


def _docs(tmp: Path) -> Path:
    docs = tmp / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("cases", "drugs",
                    "guidelines", "treatments", "specialties", "quality", "charts", "_snippets"))  # fmt: skip
    return docs


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, check=False
    )


def test_bad_letters_are_named_and_the_site_is_built(tmp_path: Path) -> None:
    source, docs = _letters(tmp_path), _docs(tmp_path)
    result = _cli("build", "--source", str(source), "--docs", str(docs))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count(": error: ") == 6
    assert "built: 8 letters (2 parsed, 6 failed)" in result.stderr
    assert (docs / "cases" / "000_5d516a6f8a2f4e6d.md").is_file()
    quality = (docs / "quality" / "index.md").read_text(encoding="utf-8")
    assert "bad/binary.txt" in quality and "binary file" in quality
    assert (docs / "index.md").read_text(encoding="utf-8").startswith("---\ntitle: IMR Explorer")
    strict = _cli("build", "--source", str(source), "--docs", str(docs), "--strict")
    assert strict.returncode == 1


def test_failed_generation_leaves_docs_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, docs = _letters(tmp_path), _docs(tmp_path)
    build_module.build(source, docs, out=sys.stderr)
    before = {p: p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full while writing a chart")

    # Fails after every page was staged, while charts are written.
    monkeypatch.setattr(Writer, "bytes", broken)
    with pytest.raises(RuntimeError):
        build_module.build(SEEDS, docs, out=sys.stderr)
    after = {p: p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".generated-*"))


def test_writer_refuses_a_path_twice_and_outside_generated_folders(tmp_path: Path) -> None:
    writer = Writer(tmp_path / "docs")
    writer.text("drugs/x.md", "a")
    with pytest.raises(DuplicatePath):
        writer.text("drugs/x.md", "b")
    with pytest.raises(Exception, match="outside the generated folders"):
        writer.text("index.md", "hand-written home")
    writer.abandon()


def test_failed_site_build_leaves_the_previous_site(tmp_path: Path) -> None:
    from generator.errors import GeneratorError
    from generator.publish import Layout, run_builder

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    docs = _docs(tmp_path)
    config = tmp_path / "mkdocs.yml"
    # A page linking to a missing page: mkdocs build --strict fails.
    (docs / "broken.md").write_text("[missing](nowhere.md)\n", encoding="utf-8")
    config.write_text(f"site_name: t\ndocs_dir: {docs}\nstrict: true\n", encoding="utf-8")
    with pytest.raises(GeneratorError, match="mkdocs build failed"):
        run_builder("mkdocs", Layout(docs, config, site, config))
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []


def test_one_page_per_case(tmp_path: Path) -> None:
    """The same letter twice is set aside as a duplicate; two different letters with one case
    number both get pages (the second with "-2") instead of stopping the build."""
    source = tmp_path / "letters"
    (source / "again").mkdir(parents=True)
    text = (SEEDS / "000_5d516a6f8a2f4e6d.txt").read_text(encoding="utf-8")
    header = "Case Number: CM99-0000001 Date Assigned: 11/04/2015\n"
    (source / "a.txt").write_text(header + text, encoding="utf-8")
    (source / "again" / "a.txt").write_text(header + text, encoding="utf-8")
    (source / "b.txt").write_text(header + text.replace("51 year old", "52 year old"))
    docs = _docs(tmp_path)
    report = build_module.build(source, docs, out=sys.stderr)
    assert (report.tally.parsed, report.tally.failed) == (2, 1)
    assert (docs / "cases" / "CM99-0000001.md").is_file()
    assert (docs / "cases" / "CM99-0000001-2.md").is_file()
    quality = (docs / "quality" / "index.md").read_text(encoding="utf-8")
    assert "again/a.txt" in quality and "duplicate of a.txt" in quality


def test_a_letter_named_index_does_not_replace_the_cases_index(tmp_path: Path) -> None:
    source = tmp_path / "letters"
    source.mkdir()
    shutil.copy(SEEDS / "000_5d516a6f8a2f4e6d.txt", source / "index.txt")
    docs = _docs(tmp_path)
    build_module.build(source, docs, out=sys.stderr)
    assert (docs / "cases" / "letter-index.md").is_file()
    assert (docs / "cases" / "index.md").read_text(encoding="utf-8").count("letter-index/") == 1
