"""The corpus store: records go in and come out whole, a letter parsed before is not parsed
again, and parsing on several cores gives the same pages as on one."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from generator import background
from generator.build import build
from generator.errors import GeneratorError
from generator.model import record_from_dict
from generator.normalize import Normalizer
from generator.pipeline import PARALLEL_FROM, ingest, parse_paths
from generator.read import find_letters
from generator.store import Store, parser_version
from tests.conftest import ROOT, SEEDS, real_letters


def test_records_round_trip_through_json() -> None:
    normalizer = Normalizer.load()
    paths = [SEEDS, *real_letters()[:40]]
    for outcome in parse_paths(paths, normalizer):
        assert outcome.record is not None
        data = json.loads(json.dumps(outcome.record.to_dict()))
        assert record_from_dict(data) == outcome.record


def test_parser_version_is_stable() -> None:
    assert parser_version() == parser_version() and len(parser_version()) == 16


# The package's top-level modules that decide what a letter becomes (every other one is on the
# page side, store._PAGE_SIDE). A new module must be put on one side: one left off both would
# make every build parse every letter again whenever it changes (rendering.py did, for a day).
PARSE_SIDE = {
    "__init__.py", "catalog.py", "citations.py", "clean.py", "dates.py", "errors.py",
    "header_block.py", "model.py", "normalize.py", "pdf.py", "pipeline.py", "privacy.py",
    "read.py", "reasons.py", "store.py", "yamlio.py",
}  # fmt: skip


def test_every_module_is_on_the_parse_side_or_the_page_side() -> None:
    from generator.store import _PAGE_SIDE

    modules = {p.name for p in (ROOT / "generator").glob("*.py")}
    assert modules - _PAGE_SIDE == PARSE_SIDE
    assert modules >= _PAGE_SIDE  # no name of a module gone


def _copies(folder: Path, count: int) -> Path:
    """``count`` distinct files from the seeds: trailing blank lines make the bytes differ,
    the cleaned text (and so the record, but for its name) the same."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for n in range(count):
        text = seeds[n % len(seeds)].read_text(encoding="utf-8") + "\n" * (n // len(seeds) + 1)
        (folder / f"copy-{n:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def _generated(docs: Path) -> dict[str, bytes]:
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for root in (
            "cases",
            "drugs",
            "guidelines",
            "treatments",
            "specialties",
            "quality",
            "charts",
            "data",
            "_snippets",
        )
        for p in sorted((docs / root).rglob("*"))
        if p.is_file()
    }


def test_a_second_build_parses_nothing_and_writes_the_same_pages(tmp_path: Path) -> None:
    source = _copies(tmp_path / "letters", 12)
    store = tmp_path / "corpus.sqlite"
    first_out, second_out = io.StringIO(), io.StringIO()
    build(source, tmp_path / "one", out=first_out, store=store, jobs=1)
    build(source, tmp_path / "two", out=second_out, store=store, jobs=1)
    assert "12 parsed, 0 unchanged" in first_out.getvalue()
    assert "0 parsed, 12 unchanged" in second_out.getvalue()
    assert " 0 drawn, " in second_out.getvalue() and " 0 drawn, " not in first_out.getvalue()
    assert _generated(tmp_path / "one") == _generated(tmp_path / "two")
    # One changed letter is parsed again, and only it.
    changed = source / "copy-003.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n\n\n\n", encoding="utf-8")
    third_out = io.StringIO()
    build(source, tmp_path / "three", out=third_out, store=store, jobs=1)
    assert "1 parsed, 11 unchanged" in third_out.getvalue()
    before, after = _generated(tmp_path / "one"), _generated(tmp_path / "three")
    changed = [k for k in before if before[k] != after[k]]
    # Its sha256: on its page, in its JSON and in the downloads' letters rows.
    pages = [k for k in changed if not k.startswith("data/")]
    assert pages == ["cases/copy-003.json", "cases/copy-003.md"]
    assert "data/letters.jsonl" in changed


def test_worker_processes_give_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing, rendering and the side process (earlier decisions like each item, open data:
    ``background``) on two cores give the same files as everything in one process."""
    monkeypatch.setattr(background, "PARALLEL_FROM", 2)
    source = _copies(tmp_path / "letters", PARALLEL_FROM + 6)
    one = build(source, tmp_path / "serial", out=io.StringIO(), store=tmp_path / "a.sqlite", jobs=1)
    log = io.StringIO()
    two = build(source, tmp_path / "parallel", out=log, store=tmp_path / "b.sqlite", jobs=2)
    assert one.tally == two.tally and one.tally.parsed == PARALLEL_FROM + 6
    generated = _generated(tmp_path / "parallel")
    assert _generated(tmp_path / "serial") == generated
    assert "data/imr.sqlite" in generated and "open data: " in log.getvalue()


def test_a_failure_in_the_side_process_stops_the_build_and_leaves_docs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error while the side process writes the open data is the build's error (its
    traceback named), and docs/ stays as it was."""
    monkeypatch.setattr(background, "PARALLEL_FROM", 2)
    source = _copies(tmp_path / "letters", 4)
    docs = tmp_path / "docs"
    build(source, docs, out=io.StringIO(), store=tmp_path / "s.sqlite", jobs=2)
    before = _generated(docs)
    (source / "copy-000.txt").write_text(
        (source / "copy-000.txt").read_text(encoding="utf-8") + "\nchanged\n", encoding="utf-8"
    )

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(background, "write_data", broken)
    with pytest.raises(GeneratorError, match="disk full"):
        build(source, docs, out=io.StringIO(), store=tmp_path / "s.sqlite", jobs=2)
    assert _generated(docs) == before


def test_the_store_keeps_items_and_citations_for_queries(tmp_path: Path) -> None:
    source = tmp_path / "letters"
    shutil.copytree(SEEDS, source)
    with Store(tmp_path / "corpus.sqlite") as store:
        store.clear_corpus()
        files = find_letters([source])
        for position, stored in enumerate(ingest(files, store, jobs=1)):
            file = stored.file
            store.add_letter(position, file.id, file.source, stored.sha256, stored.cached, None)
        store.commit()
        db = store.db
        items = db.execute(
            "SELECT COUNT(*), SUM(decision = 'upheld') FROM letters l JOIN items i "
            "ON i.sha256 = l.sha256"
        ).fetchone()
        assert items == (14, 14)
        baclofen = db.execute("SELECT COUNT(*) FROM item_drugs WHERE drug_slug = 'baclofen'")
        assert baclofen.fetchone()[0] >= 2
        cited = db.execute(
            "SELECT COUNT(*) FROM citations WHERE role = 'maximus' AND section_slug != '' "
            "AND listed"
        ).fetchone()
        assert cited[0] >= 10
        # Each letter's record comes back whole, under its file's name.
        records = {s.record.id: s.record for s in store.records()}
        assert sorted(records) == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_the_similar_table_is_written_while_another_process_writes_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The side processes write the store at once (the similar table, the open-data pieces).
    Another connection committing while the table's rows are being read must not fail its
    writes (it did: "database is locked", when the rows were read through the connection that
    wrote them)."""
    import sqlite3

    from generator import similar
    from generator.store import connect

    source = tmp_path / "letters"
    shutil.copytree(SEEDS, source)
    path = tmp_path / "corpus.sqlite"
    with Store(path) as store:
        store.clear_corpus()
        for position, stored in enumerate(ingest(find_letters([source]), store, jobs=1)):
            file = stored.file
            store.add_letter(position, file.id, file.source, stored.sha256, stored.cached, None)
        store.db.execute("UPDATE letters SET slug = id")  # the case pages' names (build.py)
        store.commit()
    groups = similar._groups

    def meanwhile(db: sqlite3.Connection):  # type: ignore[no-untyped-def]
        for n, group in enumerate(groups(db)):
            if n == 0:  # another process stores something (and commits) mid-read
                with sqlite3.connect(path) as other:
                    other.execute("CREATE TABLE IF NOT EXISTS elsewhere (x)")
                    other.execute("INSERT INTO elsewhere VALUES (1)")
            yield group

    monkeypatch.setattr(similar, "_groups", meanwhile)
    found, _seconds, lists = background.similar_table(path)
    assert found > 0 and lists
    db = connect(path, readonly=True)
    assert db.execute("SELECT count(*) FROM similar").fetchone()[0] == found
    db.close()


def test_a_new_parser_version_starts_the_letters_afresh(tmp_path: Path) -> None:
    source = _copies(tmp_path / "letters", 3)
    path = tmp_path / "corpus.sqlite"
    build(source, tmp_path / "one", out=io.StringIO(), store=path, jobs=1)
    with Store(path) as store:
        store.db.execute("UPDATE meta SET value = 'another' WHERE key = 'parser'")
    with Store(path) as store:
        assert store.db.execute("SELECT COUNT(*) FROM records").fetchone() == (0,)
        assert store.db.execute("SELECT COUNT(*) FROM items").fetchone() == (0,)
    out = io.StringIO()
    build(source, tmp_path / "two", out=out, store=path, jobs=1)
    assert "3 parsed, 0 unchanged" in out.getvalue()


def test_a_store_of_another_schema_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "corpus.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with Store(path) as store:
        assert store.letters() == []
