"""Updating a folder in place from an overlay of what changed (generator/overlay.py)."""

from __future__ import annotations

from pathlib import Path

from generator.overlay import update_in_place


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _write(folder: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")


def test_an_update_moves_the_overlay_in_and_removes_what_is_gone(tmp_path: Path) -> None:
    target, overlay = tmp_path / "site", tmp_path / "overlay"
    _write(target, {
        "index.html": "home 1",
        "cases/a/index.html": "a 1",
        "cases/b/index.html": "b 1",  # the letter removed
        "cases/c/index.html": "c 1",  # kept: not in the overlay, not gone
        "pagefind/cases/2019/fragment/x.pf": "old bundle",
        "pagefind/cases/2019/stale.pf": "old bundle's other file",
        "pagefind/cases/2015/one.pf": "a bundle no more",
    })  # fmt: skip
    _write(overlay, {
        "index.html": "home 2",
        "cases/a/index.html": "a 2",
        "cases/d/index.html": "d 1",  # a new letter: its folder made
        "pagefind/cases/2019/fragment/y.pf": "new bundle",
    })  # fmt: skip
    update_in_place(
        overlay, target, gone=["cases/b/index.html"],
        folders=["pagefind/cases/2019", "pagefind/cases/2015"],
    )  # fmt: skip
    assert _tree(target) == {
        "index.html": "home 2",
        "cases/a/index.html": "a 2",
        "cases/c/index.html": "c 1",
        "cases/d/index.html": "d 1",
        "pagefind/cases/2019/fragment/y.pf": "new bundle",
    }
    # The removed letter's folder went with its page; the overlay is gone.
    assert not (target / "cases" / "b").exists()
    assert not overlay.exists()
    assert (target / "pagefind" / "cases").is_dir()


def test_a_file_is_moved_in_never_written_through_its_links(tmp_path: Path) -> None:
    """The site's static files are hard links to the docs' files: replacing one in the site
    leaves the docs' file as it was."""
    target, overlay, docs = tmp_path / "site", tmp_path / "overlay", tmp_path / "docs"
    _write(docs, {"x.json": "docs' bytes"})
    target.mkdir()
    (target / "x.json").hardlink_to(docs / "x.json")
    _write(overlay, {"x.json": "new bytes"})
    update_in_place(overlay, target)
    assert (target / "x.json").read_text(encoding="utf-8") == "new bytes"
    assert (docs / "x.json").read_text(encoding="utf-8") == "docs' bytes"


def test_a_gone_file_already_missing_is_no_error(tmp_path: Path) -> None:
    target, overlay = tmp_path / "site", tmp_path / "overlay"
    _write(target, {"keep/a.html": "a"})
    overlay.mkdir()
    update_in_place(overlay, target, gone=["never/there.html", "keep/b.html"])
    assert _tree(target) == {"keep/a.html": "a"}
