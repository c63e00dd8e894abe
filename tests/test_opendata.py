"""The downloads (generator/opendata/): the SQLite database, the CSV and the JSON Lines hold
the same rows, every row validates against schema.json and carries its provenance, a letter's
words stay data in the CSV, the same letters give the same bytes, and the files reach the built
site through the home page's links.

One site build (module-scoped) of the seeds, the hostile fixtures and a slice of the published
letters (read from ../shared at test time, when present).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator import opendata
from generator.build import build
from generator.opendata import FILES, TABLES, csv_cell
from generator.opendata import pieces as kept_pieces
from generator.publish import publish
from tests.conftest import FIXTURES, REAL_LETTERS, ROOT, SEEDS

# Every seventh published letter: 21 of the 146, enough layouts of items, citations and reasons.
REAL_SLICE = slice(0, None, 7)
FORMULA_LETTER = FIXTURES / "hostile" / "spreadsheet_formula_letter.txt"
DATA_FILES = tuple(path.removeprefix("data/") for path in opendata.DOWNLOADS)
ROW_TABLES = [t for t in TABLES if t.parts is not None]


def _letters(folder: Path) -> Path:
    folder.mkdir()
    letters = [
        *SEEDS.glob("*.txt"),
        *(FIXTURES / "hostile").glob("*.txt"),
        *(ROOT / "tests" / "e2e" / "fixtures").glob("*.txt"),
    ]
    if REAL_LETTERS.is_dir():
        letters += sorted(REAL_LETTERS.glob("*.txt"))[REAL_SLICE]
    for letter in letters:
        shutil.copy(letter, folder)
    return folder


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built (docs, MkDocs, stamping, search) into OUT/docs and OUT/site."""
    tmp = tmp_path_factory.mktemp("opendata")
    source = _letters(tmp / "letters")
    with contextlib.redirect_stderr(io.StringIO()):
        publish(source, ROOT, tmp / "out", store=tmp / "s.sqlite", jobs=2)
    return tmp / "out"


@pytest.fixture(scope="module")
def data(out: Path) -> Path:
    return out / "docs" / "data"


@pytest.fixture(scope="module")
def schema(data: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data / "schema.json").read_text(encoding="utf-8"))
    return loaded


def _validator(schema: dict[str, Any], table: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{table}", "$defs": schema["$defs"]})


def _db(data: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"{(data / 'imr.sqlite').as_uri()}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    return db


def _sqlite_rows(data: Path, table: str) -> list[dict[str, Any]]:
    spec = next(t for t in TABLES if t.name == table)
    with contextlib.closing(_db(data)) as db:
        query = f"SELECT * FROM {table} ORDER BY {', '.join(spec.key)}"
        return [dict(row) for row in db.execute(query)]


def _jsonl_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _csv_rows(path: Path, schema: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """The CSV read back as the Data page says: an empty cell is null in a nullable column, a
    text cell's one leading apostrophe is not part of the value; types from the schema."""
    columns = schema["$defs"][table]["properties"]
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        assert header == list(columns)
        for cells in reader:
            row: dict[str, Any] = {}
            for name, cell in zip(header, cells, strict=True):
                types = columns[name]["type"]
                types = types if isinstance(types, list) else [types]
                if cell == "" and "null" in types:
                    row[name] = None
                elif "integer" in types:
                    row[name] = int(cell)
                else:
                    row[name] = cell[1:] if cell.startswith("'") else cell
            rows.append(row)
    return rows


# -- the files agree ----------------------------------------------------------------------------


def test_csv_jsonl_and_sqlite_hold_the_same_rows(data: Path, schema: dict[str, Any]) -> None:
    """Read back, each file's rows equal the database's table, row by row, in order."""
    for path, table, kind in FILES:
        name = path.removeprefix("data/")
        published = (
            _csv_rows(data / name, schema, table.name)
            if kind == "csv"
            else _jsonl_rows(data / name)
        )
        stored = _sqlite_rows(data, table.name)
        assert len(published) == len(stored) > 0, name
        for got, want in zip(published, stored, strict=True):
            assert got == want, name
            assert list(got) == table.names  # keys in column order


def test_rows_are_every_letter_item_citation_and_reason_on_the_site(out: Path, data: Path) -> None:
    store = sqlite3.connect(out.parent / "s.sqlite")
    on_site = "JOIN letters l ON l.sha256 = t.sha256 WHERE l.failure IS NULL"
    expected = {
        "letters": store.execute("SELECT count(*) FROM letters WHERE failure IS NULL"),
        "items": store.execute(f"SELECT count(*) FROM items t {on_site}"),
        "citations": store.execute(f"SELECT count(*) FROM citations t {on_site}"),
    }
    counts = {name: cursor.fetchone()[0] for name, cursor in expected.items()}
    reasons = store.execute(f"SELECT count(*) FROM item_reasons t {on_site}").fetchone()[0]
    store.close()
    with contextlib.closing(_db(data)) as db:
        for table, count in counts.items():
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table
        first = "SELECT count(*) FROM reasons WHERE evidence_n = 0"
        assert db.execute(first).fetchone()[0] == reasons > 0
    cases = sorted(p.stem for p in (out / "site" / "cases").glob("*.json"))
    assert [r["case_slug"] for r in _sqlite_rows(data, "letters")] == cases


def test_every_row_validates_against_the_schema(data: Path, schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    for table in TABLES:
        validator = _validator(schema, table.name)
        for row in _sqlite_rows(data, table.name):
            validator.validate(row)
    for path, table, kind in FILES:
        if kind == "jsonl":
            validator = _validator(schema, table.name)
            for row in _jsonl_rows(data / path.removeprefix("data/")):
                validator.validate(row)


def test_the_schema_the_database_and_the_columns_table_name_the_same_columns(
    data: Path, schema: dict[str, Any]
) -> None:
    """One definition: the schema's properties, the tables' columns and the ``columns`` rows."""
    with contextlib.closing(_db(data)) as db:
        for table in TABLES:
            info = db.execute(f"PRAGMA table_info({table.name})").fetchall()
            assert [r["name"] for r in info] == table.names
            assert list(schema["$defs"][table.name]["properties"]) == table.names
            described = db.execute(
                "SELECT column_name, type, nullable, description FROM columns "
                "WHERE table_name = ? ORDER BY position",
                (table.name,),
            ).fetchall()
            assert [tuple(r) for r in described] == [
                (c.name, c.type, int(c.nullable), c.description) for c in table.columns
            ]
            for row, column in zip(info, table.columns, strict=True):
                assert row["type"] == column.type.upper()
                assert row["notnull"] == (not column.nullable)
            assert [r["name"] for r in info if r["pk"]] == list(table.key)


def test_the_database_is_plain_sqlite_with_its_keys(data: Path) -> None:
    """Opens as it is (rollback journal, no STRICT table, no extension), passes its integrity
    and foreign key checks, and declares the keys the Data page names."""
    with contextlib.closing(_db(data)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert db.execute("PRAGMA user_version").fetchone()[0] == opendata.FORMAT_VERSION
        sql = " ".join(
            r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
        )
        assert "STRICT" not in sql and "VIRTUAL" not in sql
        references = {
            table: sorted(
                (r["table"], r["from"]) for r in db.execute(f"PRAGMA foreign_key_list({table})")
            )
            for table in ("items", "citations", "reasons")
        }
        assert references == {
            "items": [("letters", "case_slug")],
            "citations": [("items", "case_slug"), ("items", "item_index")],
            "reasons": [("items", "case_slug"), ("items", "item_index")],
        }
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"items_decision", "items_kind", "reasons_reason"} <= indexes
        # The descriptions are in the schema SQL too, for sqlite3's .schema.
        assert "-- SHA-256 of the letter file's bytes" in sql
    assert sorted(p.name for p in data.iterdir()) == sorted(DATA_FILES)  # no -journal, -wal


# -- provenance ---------------------------------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(text.split()).lower()


def test_every_row_names_its_letter_and_its_words(out: Path, data: Path) -> None:
    """letter_id and sha256 name the source file; each span slices the row's words out of the
    record's text (cases/<slug>.json)."""
    letters = {r["case_slug"]: r for r in _sqlite_rows(data, "letters")}
    records = {
        slug: json.loads((out / "docs" / "cases" / f"{slug}.json").read_text(encoding="utf-8"))
        for slug in letters
    }
    source = out.parent / "letters"
    for slug, letter in letters.items():
        path = source / letter["source"]
        assert path.stem == letter["letter_id"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == letter["sha256"]
        assert records[slug]["sha256"] == letter["sha256"]
    for table in ("items", "citations", "reasons"):
        for row in _sqlite_rows(data, table):
            letter = letters[row["case_slug"]]
            assert (row["letter_id"], row["sha256"]) == (letter["letter_id"], letter["sha256"])
            text = records[row["case_slug"]]["text"]
            words = text[row["start"] : row["end"]]
            if table == "items":
                assert _words(row["item"]) in _words(words)
                rationale = text[row["rationale_start"] : row["rationale_end"]]
                assert _words(rationale) == _words(row["rationale"])
            elif table == "citations":
                assert _words(words) == _words(row["text"])
            else:
                assert words.replace("\n", " ") == row["words"]


# -- a letter's words stay data -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("Baclofen 10mg, #90", "Baclofen 10mg, #90"),  # an ordinary text, as it is
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),  # a formula
        ("+1", "'+1"),  # a sum
        ("-2+3", "'-2+3"),  # a negative sum
        ("@SUM(A1)", "'@SUM(A1)"),  # Lotus-style function
        ("\t=1", "'\t=1"),  # a tab before a formula
        ("\r=1", "'\r=1"),  # a carriage return before one
        ("'quoted", "''quoted"),  # an apostrophe already: one more, so taking one off is exact
        ("a=b", "a=b"),  # a sign inside the text is no formula
        ("", ""),  # an empty text
        (None, ""),  # null
        (90, "90"),  # a number, as its digits
    ],
)
def test_csv_cell_neutralizes_formulas(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


def test_a_hostile_letter_stays_data_in_the_csv(data: Path, schema: dict[str, Any]) -> None:
    """Quotes, commas, markup and formula signs in a letter's words: no cell a spreadsheet would
    run, and read back the exact words (the row count is checked against the database)."""
    raw = (data / "items.csv").read_text(encoding="utf-8")
    with (data / "items.csv").open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'=HYPERLINK(" in raw and "'@SUM(1+1)" in raw and "'+cmd|" in raw
    rows = _csv_rows(data / "items.csv", schema, "items")
    formula = {r["item"]: r for r in rows if r["case_slug"] == FORMULA_LETTER.stem}
    assert sorted(formula) == ['=HYPERLINK("http://evil.example","Baclofen, 10mg") #90',
                               '@SUM(1+1) Ultram "50mg", #90']  # fmt: skip
    assert sorted(r["rationale"][:5] for r in formula.values()) == ["+cmd|", "-2+3 "]
    hostile = [r for r in rows if r["case_slug"] == "hostile_letter"]
    assert any("<script>" in r["item"] and "[x](http://evil.example)" in r["item"] for r in hostile)
    # The cleaned text joins a letter's lines, so no published text holds a line break; the
    # CSV's own handling of them is the round trip below.


def test_a_text_with_line_breaks_quotes_and_commas_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    values = ['a "quoted", word', "two\nlines", "three\r\nlines", "=1+1", "'", "plain"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerow([csv_cell(v) for v in values])
    with path.open(encoding="utf-8", newline="") as handle:
        (cells,) = list(csv.reader(handle))
    assert [c[1:] if c.startswith("'") else c for c in cells] == values


# -- determinism and streaming ------------------------------------------------------------------


def _data_files(docs: Path) -> dict[str, bytes]:
    return {name: (docs / "data" / name).read_bytes() for name in DATA_FILES}


def test_the_same_letters_give_the_same_bytes(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build from nothing (a new store) gives the same files byte for byte, the database
    included, and so does one reading the letters two at a time (batch edges change nothing).
    A rebuild of the same letters keeps them; a changed letter makes them anew."""
    monkeypatch.setattr(opendata, "_BATCH", 2)
    monkeypatch.setattr(kept_pieces, "_FLUSH", 3)  # new pieces stored three at a time
    source, docs, store = out.parent / "letters", tmp_path / "docs", tmp_path / "s.sqlite"
    build(source, docs, out=io.StringIO(), store=store)
    assert _data_files(docs) == _data_files(out / "docs")
    log = io.StringIO()
    build(source, docs, out=log, store=store)
    assert "open data" in log.getvalue() and "its files kept" in log.getvalue()
    assert _data_files(docs) == _data_files(out / "docs")
    letter = tmp_path / "changed"
    shutil.copytree(source, letter)
    seed = letter / "000_5d516a6f8a2f4e6d.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    log = io.StringIO()
    build(letter, docs, out=log, store=store)
    assert "its files kept" not in log.getvalue()
    changed = _data_files(docs)
    assert changed["schema.json"] == _data_files(out / "docs")["schema.json"]
    assert changed["items.csv"] != _data_files(out / "docs")["items.csv"]  # the new sha256
    # Only the changed letter's rows were made; the others' were kept from the first build,
    # and the files are byte for byte those of a build that made every row (a new store).
    assert re.search(r"; 1 letters' rows made, \d+ kept", log.getvalue()), log.getvalue()
    fresh = tmp_path / "fresh"
    build(letter, fresh, out=io.StringIO(), store=tmp_path / "fresh.sqlite")
    assert changed == _data_files(fresh)
    with contextlib.closing(sqlite3.connect(store)) as db:  # the replaced piece was dropped
        (pieces,) = db.execute("SELECT count(*) FROM open_pieces").fetchone()
        (letters,) = db.execute("SELECT count(*) FROM letters WHERE failure IS NULL").fetchone()
    assert pieces == letters


def test_a_build_keeping_no_pieces_writes_the_same_files(out: Path, tmp_path: Path) -> None:
    """Without a store to keep the pieces in (``write_data`` with no ``keep``), the rows go
    through the database's own temporary tables, and the files are the same bytes."""
    from generator.opendata import write_data
    from generator.progress import Progress
    from generator.store import connect
    from generator.write import Writer

    docs = tmp_path / "docs"
    writer = Writer(docs)
    db = connect(out.parent / "s.sqlite", readonly=True)
    try:
        write_data(db, writer, Progress("open data", 0, io.StringIO()))
    finally:
        db.close()
    writer.commit()
    assert _data_files(docs) == _data_files(out / "docs")


# -- the site -----------------------------------------------------------------------------------


def test_the_files_reach_the_site_through_the_home_and_data_pages(out: Path) -> None:
    site = out / "site"
    for name in DATA_FILES:
        assert (site / "data" / name).read_bytes() == (out / "docs" / "data" / name).read_bytes()
    home = (site / "index.html").read_text(encoding="utf-8")
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    for name in DATA_FILES:
        assert f'href="data/{name}"' in home
        assert f'href="{name}"' in page
    assert '<a download href="data/items.csv">' in home
    letters = len(_jsonl_rows(out / "docs" / "data" / "letters.jsonl"))
    assert re.search(rf"{letters} letters, \d+ items, \d+ citations, \d+ reasons", home)
    # The Data page lists every column, from the definitions.
    assert all(f"<code>{name}</code>" in page for t in TABLES for name in t.names)


def _fenced(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", markdown, flags=re.M | re.S)


def test_the_data_pages_examples_run(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Data page's SQL runs on the database, and its JSON Schema check on the files."""
    page = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    (queries,) = _fenced(page, "sql")
    with contextlib.closing(_db(data)) as db:
        for query in (q for q in queries.split(";") if q.strip()):
            db.execute(query).fetchall()
    checks = [block for block in _fenced(page, "python") if "jsonschema" in block]
    assert len(checks) == 1
    monkeypatch.chdir(data)
    exec(compile(checks[0], "data.md", "exec"), {})


def test_every_column_is_defined_once_and_described_on_one_line() -> None:
    for table in TABLES:
        assert len(set(table.names)) == len(table.names), table.name
        assert set(table.key) <= set(table.names)
        for columns, other in table.references:
            assert tuple(columns) == next(t.key for t in TABLES if t.name == other)
        for column in table.columns:
            assert "\n" not in column.description and column.description.strip()
            assert (column.sql is None) != (column.read is None) or table.parts is None
    assert [t.name for t in ROW_TABLES] == ["letters", "items", "citations", "reasons"]
