"""Incremental builds: a build that keeps what the earlier build made gives, file for file, the
site a build from nothing gives; what it keeps is what did not change."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from generator import overlay
from generator.publish import publish
from generator.reuse import Outputs
from tests.conftest import ROOT
from tests.test_store import _copies


def _site(source: Path, out: Path, store: Path) -> str:
    """Build with the publish step (docs, MkDocs, stamping, search); its log."""
    import contextlib
    import sys

    log = io.StringIO()
    with contextlib.redirect_stderr(log):
        publish(source, ROOT, out, store=store, jobs=2)
    sys.stderr.write(log.getvalue()[-2000:])
    return log.getvalue()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("reuse")
    source = _copies(tmp / "letters", 30)
    out, store = tmp / "out", tmp / "s.sqlite"
    _site(source, out, store)
    return source, out, store


def test_an_unchanged_rebuild_keeps_everything(built: tuple[Path, Path, Path]) -> None:
    source, out, store = built
    before = _files(out / "site")
    log = _site(source, out, store)
    assert "0 parsed, 30 unchanged" in log
    assert "0 case pages rendered, 30 kept" in log
    assert "search bundles: 0 indexed" in log
    assert _files(out / "site") == before


def test_an_incremental_build_equals_a_build_from_nothing(
    built: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Change one letter, add one, remove one: the site built on the earlier one and the site
    built from nothing are the same, file for file; only the touched case pages changed."""
    source, out, store = built
    before = _files(out / "site")
    inodes = {rel: (out / "site" / rel).stat().st_ino for rel in before}
    # Updated in place (a collection this small would be replaced whole: most of its files
    # are MkDocs' own, made anew by every build); test_a_new_theme... replaces it whole.
    monkeypatch.setattr(overlay, "in_place", lambda moves, kept: True)
    changed = source / "copy-003.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Upheld", "Overturned", 1))
    shutil.copy(source / "copy-007.txt", source / "copy-100.txt")
    with open(source / "copy-100.txt", "a", encoding="utf-8") as letter:
        letter.write("\n\n\n\n\n\n\n\n")  # other bytes, the same text: a new letter file
    (source / "copy-011.txt").unlink()
    log = _site(source, out, store)
    assert "2 parsed, 28 unchanged" in log
    fresh = tmp_path / "fresh"
    _site(source, fresh, tmp_path / "fresh.sqlite")
    again, cold = _files(out / "site"), _files(fresh / "site")

    # Pagefind writes its filter files (and the metadata naming them) in no fixed order from
    # run to run; its index chunks and fragments (content-named) and everything else compare.
    # The bundles' list says how many bytes each one's metadata is, so it may differ too: its
    # bundles and cases must not.
    def listed(site: Path) -> object:
        manifest = json.loads((site / "pagefind" / "cases.json").read_text(encoding="utf-8"))
        return [(b["key"], b["cases"], b["years"]) for b in manifest["bundles"]]

    assert listed(out / "site") == listed(fresh / "site")
    unordered = ("/filter/", "pagefind-entry.json", ".pf_meta", "pagefind/cases.json")
    again = {k: v for k, v in again.items() if not any(u in k for u in unordered)}
    cold = {k: v for k, v in cold.items() if not any(u in k for u in unordered)}
    assert sorted(again) == sorted(cold)
    assert [k for k in cold if again[k] != cold[k]] == []
    cases = [k for k in again if k.startswith("cases/copy-") and k.endswith("/index.html")]
    touched = {k for k in cases if before.get(k) != again[k]}
    # The changed and the new letter's pages; others only where their earlier decisions like
    # theirs changed (these letters are undated copies: "earlier" is by case name).
    assert {"cases/copy-003/index.html", "cases/copy-100/index.html"} <= touched
    kept = re.search(r"(\d+) case pages rendered, (\d+) kept", log)
    assert kept is not None and int(kept.group(2)) > 0
    assert "cases/copy-011/index.html" not in again
    assert not (out / "site" / "cases" / "copy-011").exists()
    # The site was updated in place: an untouched page is the same file, not a new copy.
    untouched = [k for k in cases if k in before and k not in touched]
    assert untouched and all((out / "site" / k).stat().st_ino == inodes[k] for k in untouched)
    assert all((out / "site" / k).stat().st_ino != inodes[k] for k in touched if k in inodes)


def test_a_new_month_leaves_the_earlier_periods_list_pages_as_they_were(tmp_path: Path) -> None:
    """Letters decided in a new month add rows to many full lists; every list page whose rows
    did not change is kept from the earlier build (the same file: a hard link, not rewritten),
    and only the pages of the new month (and the years and lists it touches) are made."""
    import os
    import sys

    from generator.build import build

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_corpus import make

    letters, docs, store = tmp_path / "letters", tmp_path / "docs", tmp_path / "s.sqlite"
    make(80, letters)
    build(letters, docs, out=io.StringIO(), store=store, jobs=1, allow_synthetic=True)

    def pages() -> dict[str, tuple[int, bytes]]:
        found = {}
        for path in docs.rglob("*.md"):
            if re.search(r"/(?:ca-)?items/|/by-date/", path.as_posix()):
                found[path.relative_to(docs).as_posix()] = (os.stat(path).st_ino, path.read_bytes())
        return found

    before = pages()
    make(84, letters, newer_from=80)  # the same 80 letters and four of a new month
    build(letters, docs, out=io.StringIO(), store=store, jobs=1, allow_synthetic=True)
    after = pages()
    same = [p for p in before if p in after and before[p][1] == after[p][1]]
    rewritten = [p for p in same if before[p][0] != after[p][0]]
    assert len(same) > 20 and rewritten == []
    assert len(after) > len(before)  # the new month's pages


def test_list_pages_follow_a_letter_that_moved_to_another_period_or_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages of a period no changed letter is in are kept unread; a letter whose decision
    date changed leaves its earlier period's pages as well as joining the new one's, and a
    letter removed leaves its period's: every list page is what a build from nothing makes."""
    import sys

    from generator import background
    from generator.build import build

    # Case pages here count as changed only when their letters do (not when their lists of
    # earlier decisions do, which would touch most periods of so small a collection).
    similar = background.Background.similar
    monkeypatch.setattr(background.Background, "similar", lambda self: (*similar(self)[:2], {}))

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_corpus import make

    letters, docs, store = tmp_path / "letters", tmp_path / "docs", tmp_path / "s.sqlite"
    make(80, letters)
    build(letters, docs, out=io.StringIO(), store=store, jobs=1, allow_synthetic=True)
    files = sorted(letters.rglob("*.txt"))
    moved = files[10]
    text = moved.read_text(encoding="utf-8")
    date = re.search(r"Decision Date:\s+(\d\d)/(\d\d)/(\d{4})", text)
    assert date is not None
    other = f"{date[1]}/{date[2]}/{int(date[3]) - 3}"  # three years earlier
    moved.write_text(text.replace(date[0], date[0].replace(date[0][-10:], other)), "utf-8")
    files[20].unlink()
    build(letters, docs, out=io.StringIO(), store=store, jobs=1, allow_synthetic=True)
    fresh = tmp_path / "fresh"
    build(letters, fresh, out=io.StringIO(), store=tmp_path / "f.sqlite", jobs=1,
          allow_synthetic=True)  # fmt: skip

    def lists(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*.md")
            if re.search(r"/(?:ca-)?items/|/by-date/", p.as_posix())
        }

    again, cold = lists(docs), lists(fresh)
    assert sorted(again) == sorted(cold)
    assert [p for p in cold if again[p] != cold[p]] == []


def test_a_new_theme_stamps_every_page_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page is kept only when stamped in the same shells: with another theme or MkDocs,
    every page is stamped in the new shells, each into a file of its own."""
    from generator import stamping
    from generator.stamp import Shell

    source = _copies(tmp_path / "letters", 8)
    out, store = tmp_path / "out", tmp_path / "s.sqlite"
    _site(source, out, store)
    case = out / "site" / "cases" / "copy-001" / "index.html"
    before = case.read_text(encoding="utf-8")
    unordered = ("/filter/", "pagefind-entry.json", ".pf_meta", "pagefind/cases.json")
    files = sorted(k for k in _files(out / "site") if not any(u in k for u in unordered))
    earlier = tmp_path / "earlier.html"  # the same file as the first site's page
    earlier.hardlink_to(case)
    parse = Shell.parse.__func__  # type: ignore[attr-defined]

    def themed(cls: type[Shell], page: str, variant: object) -> Shell:
        return parse(cls, page.replace("</body>", "<!-- theme 2 --></body>"), variant)

    monkeypatch.setattr(stamping.Shell, "parse", classmethod(themed))
    _site(source, out, store)
    pages = [p for p in (out / "site" / "cases").glob("copy-*/index.html")]
    assert len(pages) == 8
    assert all("<!-- theme 2 -->" in p.read_text(encoding="utf-8") for p in pages)
    # Every page new, the few files kept (the cases' JSON, the charts, the downloads) were
    # linked into the new site, which replaced the earlier one whole: none is missing.
    again = sorted(k for k in _files(out / "site") if not any(u in k for u in unordered))
    assert again == files
    assert "<!-- theme 2 -->" not in before
    # The first site's page (what the site was until the new one replaced it) was not written
    # through its link in the new site: a page is stamped into a file of its own.
    assert earlier.read_text(encoding="utf-8") == before


def test_an_update_interrupted_leaves_no_digests_and_the_next_build_makes_the_site_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site is updated in place; a build stopped while it moves the new files in leaves
    a site of two builds' files and no digests of it, so the next build keeps nothing from it
    and gives the site a build from nothing gives."""
    import os
    import sqlite3

    from generator import publish

    source = _copies(tmp_path / "letters", 8)
    out, store = tmp_path / "out", tmp_path / "s.sqlite"
    _site(source, out, store)
    changed = source / "copy-003.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Upheld", "Overturned", 1))
    (source / "copy-005.txt").unlink()
    moves = 0
    replace = os.replace

    def stopped(src: object, dst: object) -> None:
        nonlocal moves
        moves += 1
        if moves > 3:
            raise KeyboardInterrupt("stopped")
        replace(src, dst)  # type: ignore[arg-type]

    update = overlay.update_in_place

    def interrupted(*args: object, **kwargs: object) -> None:
        monkeypatch.setattr(overlay.os, "replace", stopped)
        try:
            update(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            monkeypatch.setattr(overlay.os, "replace", replace)

    monkeypatch.setattr(publish, "update_in_place", interrupted)
    monkeypatch.setattr(overlay, "in_place", lambda moves, kept: True)
    with pytest.raises(KeyboardInterrupt):
        _site(source, out, store)
    with sqlite3.connect(store) as db:  # the rows may be there, not the one saying "whole"
        assert Outputs(db, out / "site").before == {}
    monkeypatch.setattr(publish, "update_in_place", update)
    log = _site(source, out, store)
    # Nothing kept from the site: every page stamped, every bundle indexed.
    assert re.search(r"search bundles: \d+ indexed, 0 kept", log)
    assert "pages kept from the earlier build" not in log
    fresh = tmp_path / "fresh"
    _site(source, fresh, tmp_path / "fresh.sqlite")
    unordered = ("/filter/", "pagefind-entry.json", ".pf_meta", "pagefind/cases.json")
    again = {k: v for k, v in _files(out / "site").items() if not any(u in k for u in unordered)}
    cold = {k: v for k, v in _files(fresh / "site").items() if not any(u in k for u in unordered)}
    assert sorted(again) == sorted(cold)
    assert [k for k in cold if again[k] != cold[k]] == []


def test_charts_drawn_beside_the_site_build_reach_docs_the_site_and_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large collection the new charts are drawn in a process of their own while the
    site is built, and put in docs/ and the site at the end (``publish._put_charts``): every
    chart is in both, the same file; the store keeps them (the next build draws none); after
    a change, the site is the one a build from nothing gives. A drawing that fails fails the
    build and leaves the site as it was."""
    from generator import background, rendering
    from generator.errors import GeneratorError

    monkeypatch.setattr(background, "PARALLEL_FROM", 2)  # the side processes, and the charts'
    source = _copies(tmp_path / "letters", 12)
    out, store = tmp_path / "out", tmp_path / "s.sqlite"
    log = _site(source, out, store)
    assert re.search(r"charts: \d+ in [\d.]+ s \([^)]*\); [1-9]\d* drawn, 0 as drawn before; "
                     r"in a process of their own", log)  # fmt: skip
    charts = sorted(_files(out / "docs" / "charts"))
    assert charts and all(name.endswith(".svg") for name in charts)
    assert charts == sorted(_files(out / "site" / "charts"))
    assert all((out / "docs" / "charts" / n).samefile(out / "site" / "charts" / n) for n in charts)
    again = _site(source, out, store)
    assert re.search(r"charts: \d+ in [\d.]+ s \([^)]*\); 0 drawn", again)

    changed = source / "copy-003.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Upheld", "Overturned", 1))
    _site(source, out, store)
    fresh = tmp_path / "fresh"
    _site(source, fresh, tmp_path / "fresh.sqlite")
    for folder in ("docs/charts", "site/charts"):
        assert _files(out / folder) == _files(fresh / folder)

    before = _files(out / "site")

    def broken(*args: object) -> bytes:
        raise RuntimeError("no chart today")

    monkeypatch.setattr(rendering, "outcome_chart", broken)
    changed.write_text(changed.read_text(encoding="utf-8").replace("Upheld", "Overturned", 1))
    with pytest.raises(GeneratorError, match="no chart today"):
        _site(source, out, store)
    assert _files(out / "site") == before


def test_digests_count_only_when_saved_whole(tmp_path: Path) -> None:
    """``forget`` drops the digests (one row); ``save`` writes only the rows that changed,
    then the one saying they are whole; what a later build reads is what was saved."""
    import sqlite3

    db = sqlite3.connect(tmp_path / "s.sqlite")
    first = Outputs(db, tmp_path)
    assert first.before == {}
    first.after = {"a.html": "1", "b.html": "2", "c.html": "3"}
    first.save()
    second = Outputs(db, tmp_path)
    assert second.before == {"a.html": "1", "b.html": "2", "c.html": "3"}
    second.forget()
    assert Outputs(db, tmp_path).before == {}  # an update interrupted: nothing kept
    second.after = {"a.html": "1", "b.html": "9", "d.html": "4"}
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    second.save()
    db.set_trace_callback(None)
    inserted = [s for s in statements if s.startswith("INSERT")]
    assert len(inserted) == 3  # b and d changed or new, then the row saying "whole"
    assert Outputs(db, tmp_path).before == {"a.html": "1", "b.html": "9", "d.html": "4"}
    assert Outputs(db, tmp_path / "other").before == {}
