"""The build command: bad letters are named and counted, the site is built from the others;
generation is staged, so a failure leaves the previous docs/ as it was."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import build as build_module
from generator.overlay import discard
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
    assert result.stderr.count(": error: ") == 7
    assert "built: 9 letters (2 parsed, 7 failed)" in result.stderr
    assert "  layout current: 4 read, 2 parsed, 2 rejected (2 truncated)" in result.stderr
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


def _generated(docs: Path) -> dict[str, tuple[int, str]]:
    return {
        p.relative_to(docs).as_posix(): (p.stat().st_ino, p.read_text(encoding="utf-8"))
        for p in sorted(docs.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("written", [1, 3], ids=["few written: in place", "most: whole"])
def test_a_commit_keeps_what_was_kept_and_drops_what_was_not(tmp_path: Path, written: int) -> None:
    """Files kept stay the same files; files neither written nor kept go, and so does a folder
    they leave empty; the hand-written pages stay. Either way of committing gives the same."""
    docs = tmp_path / "docs"
    first = Writer(docs)
    for name in ("a", "b", "c", "d"):
        first.text(f"cases/{name}.md", f"{name} 1")
    first.text("drugs/gone/index.md", "a drug no letter names now")
    first.commit()
    (docs / "index.md").write_text("hand-written", encoding="utf-8")
    before = _generated(docs)
    second = Writer(docs)
    names = ["a", "b", "c"][:written]
    for name in names:
        second.text(f"cases/{name}.md", f"{name} 2")
    kept = [n for n in ("a", "b", "c") if n not in names]
    for name in kept:
        second.keep(f"cases/{name}.md")
    second.commit()
    after = _generated(docs)
    assert sorted(after) == sorted(
        ["index.md", *(f"cases/{n}.md" for n in ("a", "b", "c"))]
    )  # fmt: skip
    assert all(after[f"cases/{n}.md"] == before[f"cases/{n}.md"] for n in kept)
    assert all(after[f"cases/{n}.md"][1] == f"{n} 2" for n in names)
    assert after["index.md"] == before["index.md"]
    assert not (docs / "drugs" / "gone").exists()
    assert not list(tmp_path.glob(".generated-*"))


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
    number (here their first decisions differ) both get pages (the second with "-2") instead of
    stopping the build. The same letter in two files (same case number and decisions, other
    words): tests/test_pdf.py."""
    source = tmp_path / "letters"
    (source / "again").mkdir(parents=True)
    text = (SEEDS / "000_5d516a6f8a2f4e6d.txt").read_text(encoding="utf-8")
    header = "Case Number: CM99-0000001 Date Assigned: 11/04/2015\n"
    (source / "a.txt").write_text(header + text, encoding="utf-8")
    (source / "again" / "a.txt").write_text(header + text, encoding="utf-8")
    (source / "b.txt").write_text(header + text.replace("Upheld", "Overturned", 1))
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


def test_a_section_only_the_claims_administrator_cited_has_no_chart(tmp_path: Path) -> None:
    """Nothing was decided under it: no empty chart (its axis read -0.050 ... 0.050), and the
    page says in words what it holds."""
    from tests.letters import letter

    source, docs = tmp_path / "letters", _docs(tmp_path)
    source.mkdir()
    block = (
        "Norco 10/325mg #60: Upheld\n"
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment\n"
        "2009, Section(s): Drug testing.\n"
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009,\n"
        "Section(s): Opioids, criteria for use.\n"
        "Decision rationale: There is no documented functional improvement. The request is not\n"
        "medically necessary.\n"
    )
    (source / "CM16-0900006.txt").write_text(letter(block), encoding="utf-8")
    result = _cli("build", "--source", str(source), "--docs", str(docs))
    assert result.returncode == 0, result.stderr
    page = (docs / "guidelines" / "mtus-chronic-pain" / "drug-testing.md").read_text("utf-8")
    assert "Cited by the Claims Administrator for 1 item, and by MAXIMUS for none." in page
    assert "<figure" not in page and "Decisions where MAXIMUS cited" not in page
    charts = docs / "charts" / "guidelines" / "mtus-chronic-pain"
    assert not (charts / "drug-testing.svg").exists()
    assert (charts / "opioids-criteria-for-use.svg").is_file()
    decided = (docs / "guidelines" / "mtus-chronic-pain" / "opioids-criteria-for-use.md").read_text(
        "utf-8"
    )
    assert "<figure" in decided and "by MAXIMUS for 1 item" in decided


def test_an_unwritable_docs_folder_is_one_line_and_exit_1(tmp_path: Path) -> None:
    """An OSError (here: --docs under a regular file; root ignores read-only modes) names the
    path, with no traceback."""
    source = _letters(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = _cli("build", "--source", str(source), "--docs", str(blocker / "docs"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    [line] = [x for x in result.stderr.splitlines() if x.startswith("python -m generator: error")]
    assert str(blocker) in line and "Not a directory" in line


def test_debug_shows_an_internal_errors_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator import cli, pipeline

    def broken(raw: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "parse_letter", broken)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    assert cli.main(["parse", str(seed)]) == 1
    quiet = capsys.readouterr().err
    assert "internal error while parsing (RuntimeError: boom)" in quiet
    assert "--debug shows the traceback" in quiet and "Traceback" not in quiet
    assert cli.main(["parse", "--debug", str(seed)]) == 1
    loud = capsys.readouterr().err
    assert "Traceback (most recent call last)" in loud and "RuntimeError: boom" in loud


def test_a_discarded_folder_is_removed_without_waiting(tmp_path: Path) -> None:
    """An old site or docs folder goes in a detached process (the build does not wait for its
    thousands of files); a folder already gone is no error."""
    folder = tmp_path / ".previous-x"
    (folder / "cases" / "a").mkdir(parents=True)
    (folder / "cases" / "a" / "index.html").write_text("old", encoding="utf-8")
    discard(folder)
    deadline = time.monotonic() + 60
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not folder.exists()
    discard(tmp_path / "never-there")
