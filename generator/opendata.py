"""Publishing the data: the corpus as files to download and query, written after the pages.

``docs/data/`` (linked from the home page, described on the Data page, ``docs/data.md``):

- ``imr.sqlite``: the tables ``letters``, ``items``, ``citations`` and ``reasons`` with their
  keys, foreign keys and indexes, and ``columns``, which describes every column; a plain SQLite
  file (no extension, no STRICT table), so any sqlite3, pandas or Datasette opens it as it is;
- ``items.csv``: the ``items`` rows for spreadsheets (``csv_cell``: a text cell a spreadsheet
  would run as a formula is written with an apostrophe in front);
- ``items.jsonl``, ``letters.jsonl``: those rows as JSON Lines;
- ``schema.json``: the JSON Schema of every table's rows;

and two snippets the hand-written pages include: ``_snippets/downloads.md``, the files with
their rows and sizes (home and Data pages), and ``_snippets/data-columns.md``, every table's
columns (Data page).

One place defines each column (``TABLES``): its name, type, description and how it is read from
the corpus store, either a column of the store's tables (``sql``) or a field of the letter's
record JSON (``read``). The SQLite tables and their ``columns`` rows, the CSV header, the JSON
Lines keys and the JSON Schema are all made from it, so the files cannot disagree on a column.

Rows are read a batch of letters at a time, in case order (then item, citation, reason order),
and written as they come: memory does not grow with the corpus. The same letters give the same
bytes: rows go into the database in that fixed order and it is written out whole by
``VACUUM INTO`` (with one SQLite library; another version may lay pages out otherwise).
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, TextIO, cast

from generator.errors import GeneratorError
from generator.guidelines.model import METHODS
from generator.progress import Progress
from generator.reasons import load_reasons
from generator.reuse import Outputs, digest
from generator.store import parser_version
from generator.write import Writer

FOLDER = "data"
DATABASE = f"{FOLDER}/imr.sqlite"
SCHEMA = f"{FOLDER}/schema.json"
SNIPPET = "_snippets/downloads.md"
COLUMNS_SNIPPET = "_snippets/data-columns.md"
# PRAGMA user_version of imr.sqlite: raised when a table or column changes meaning or shape.
FORMAT_VERSION = 1
# Letters read (and their records parsed) at a time: a batch's rows are all that is held.
_BATCH = 100

ColumnType = Literal["text", "integer"]
TEXT: ColumnType = "text"
INTEGER: ColumnType = "integer"
_JSON_TYPES = {TEXT: "string", INTEGER: "integer"}
_DATE = r"^\d{4}-\d{2}-\d{2}$"
# Lists in one cell ("California; Texas") are joined by this.
SEPARATOR = "; "
# The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
# Injection"): "=", "+", "-", "@", and a tab or a carriage return (which some skip before one).
# A text beginning with an apostrophe gets one more too, so that taking off one leading
# apostrophe always gives the value back.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


@dataclass(frozen=True)
class Found:
    """What one row is read from: the store's row (its ``sql`` columns by name), the letter's
    record (``Determination.to_dict``), the part of it the row is about (the record, an item, a
    citation, a reason's evidence) and that part's position among those of its store row."""

    row: sqlite3.Row
    record: dict[str, Any]
    part: dict[str, Any]
    n: int


@dataclass(frozen=True)
class Column:
    """One column of a published table, and how it is read: ``sql``, an expression over the
    table's ``source`` (the store's tables), or ``read``, from the record. An empty text of a
    ``nullable`` column is published as null, so no nullable cell holds "" (in the CSV an empty
    cell is null there, "" elsewhere)."""

    name: str
    type: ColumnType
    description: str
    sql: str | None = None
    read: Callable[[Found], Any] | None = None
    nullable: bool = False
    values: tuple[str, ...] = ()  # the only values it takes (JSON Schema "enum")
    pattern: str | None = None

    def value(self, found: Found) -> Any:
        value = found.row[self.name] if self.read is None else self.read(found)
        return None if self.nullable and value == "" else value


@dataclass(frozen=True)
class Table:
    """A published table: its columns, key and references, and its rows' query over the store:
    ``source`` (FROM ..., joining the current corpus as ``letters l``), ``order`` and ``parts``
    (the parts of the record a store row stands for: one row each)."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    source: str = ""
    order: str = ""
    parts: Callable[[sqlite3.Row, dict[str, Any]], list[dict[str, Any]]] | None = None
    references: tuple[tuple[tuple[str, ...], str], ...] = ()  # (columns, table keyed by them)
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _joined(values: list[str] | None) -> str | None:
    return SEPARATOR.join(values) if values else None


def _issue(record: dict[str, Any], index: int) -> dict[str, Any]:
    for issue in record["issues"]:
        if issue["index"] == index:
            return cast(dict[str, Any], issue)
    raise GeneratorError(f"{record['id']}: the store has an item {index} its record lacks")


def _pages(citation: dict[str, Any]) -> str | None:
    ranges = [str(a) if a == b else f"{a}-{b}" for a, b in citation["pages"]]
    return _joined(ranges)


def _sections(issue: dict[str, Any]) -> str | None:
    """The MAXIMUS citations' guideline sections, as "document/section" (or the document)."""
    keys = [
        c["document_slug"] + (f"/{c['slug']}" if c["slug"] else "")
        for c in issue["citations"].get("maximus", [])
        if c["document_slug"]
    ]
    return _joined(list(dict.fromkeys(keys)))


@cache
def _reason_labels() -> dict[str, str]:
    return {r.key: r.label for r in load_reasons().reasons}


# -- the columns --------------------------------------------------------------------------------

# Every table's rows carry where they come from: the case, the letter's file and its bytes.
_CASE = Column("case_slug", TEXT, "The case: its page is cases/<case_slug>/ on this site and its "
               "whole record cases/<case_slug>.json (the case number, else the file's name)",
               sql="l.slug")  # fmt: skip
_LETTER_ID = Column("letter_id", TEXT, "The letter file's name without its extension", sql="l.id")
_SHA256 = Column("sha256", TEXT, "SHA-256 of the letter file's bytes (hex): which file, exactly, "
                 "the row was read from", sql="l.sha256", pattern=r"^[0-9a-f]{64}$")  # fmt: skip
_ITEM = Column("item_index", INTEGER, "The item's number in its letter (1, 2, ...); on the case "
               "page it is #item-<item_index>", sql="i.idx")  # fmt: skip


def _span(what: str, sql: tuple[str, str] | None = None) -> tuple[Column, Column]:
    """The ``start`` and ``end`` columns of a span: store columns (``sql``) or, without them,
    the ``span`` field of the row's part of the record."""
    text = "in the letter's cleaned text (the record's text field)"
    starts = f"Where {what} begins {text}: a character offset from 0"
    ends = f"Where {what} ends {text}: text[start:end] is its words"
    if sql is not None:
        return (Column("start", INTEGER, starts, sql=sql[0]),
                Column("end", INTEGER, ends, sql=sql[1]))  # fmt: skip
    return (
        Column("start", INTEGER, starts, read=lambda f: f.part["span"][0]),
        Column("end", INTEGER, ends, read=lambda f: f.part["span"][1]),
    )


def _field(*path: str, record: bool = False) -> Callable[[Found], Any]:
    """A field of the row's part of the record (the letter's record itself, an item, a citation,
    a reason's evidence), or with ``record`` of the letter's record; ``path``: the keys to it."""

    def read(f: Found) -> Any:
        value: Any = f.record if record else f.part
        for step in path:
            value = value[step]
        return value

    return read


LETTERS = Table(
    "letters",
    "One row per letter on the site (a final determination)",
    (
        _CASE,
        _LETTER_ID,
        Column("source", TEXT, "The letter file's path in the folder the site was built from",
               sql="l.source"),
        _SHA256,
        Column("case_number", TEXT, 'The IMR case number ("Case Number:"), e.g. CM16-0213037',
               sql="r.case_number", nullable=True),
        Column("layout", TEXT, "The letter's layout: current, maximus-letterhead or mpr-2013",
               sql="r.layout"),
        Column("decision_date", TEXT, 'The date of the determination ("Decision Date:"), '
               "YYYY-MM-DD", sql="l.decision_date", nullable=True, pattern=_DATE),
        Column("date_assigned", TEXT, 'When the case was assigned to a reviewer ("Date '
               'Assigned:"), YYYY-MM-DD', read=_field("date_assigned"), nullable=True,
               pattern=_DATE),
        Column("application_received", TEXT, 'When the IMR application was received, '
               "YYYY-MM-DD", read=_field("application_received"), nullable=True,
               pattern=_DATE),
        Column("ur_date", TEXT, "The date of the utilization review decision disputed, "
               "YYYY-MM-DD", read=_field("ur_date"), nullable=True, pattern=_DATE),
        Column("priority", TEXT, 'The review\'s priority as written ("Standard", "Expedited")',
               read=_field("priority"), nullable=True),
        Column("injury_date", TEXT, "The date of the industrial injury, YYYY-MM-DD",
               read=_field("patient", "injury_date"), nullable=True, pattern=_DATE),
        Column("patient_age", INTEGER, "The injured worker's age as the summary states it",
               read=_field("patient", "age"), nullable=True),
        Column("patient_sex", TEXT, "female or male, as the summary states it",
               read=_field("patient", "sex"), nullable=True, values=("female", "male")),
        Column("reviewer_licensure", TEXT, "The reviewer's states of licensure, '; '-joined",
               read=lambda f: _joined(f.record["reviewer"]["licensure"]), nullable=True),
        Column("reviewer_specialties", TEXT, "The reviewer's board certifications as written, "
               "'; '-joined", read=lambda f: _joined(f.record["reviewer"]["specialties"]),
               nullable=True),
        Column("reviewer_subspecialties", TEXT, "The reviewer's subspecialties, '; '-joined",
               read=lambda f: _joined(f.record["reviewer"]["subspecialties"]), nullable=True),
        Column("items", INTEGER, "Items decided in the letter (rows of items)",
               sql="r.item_count"),
        Column("upheld", INTEGER, "Items upheld: the denial stands", sql="r.upheld"),
        Column("overturned", INTEGER, "Items overturned: found medically necessary",
               sql="r.overturned"),
        Column("unknown", INTEGER, "Items whose decision could not be read", sql="r.unknown"),
    ),
    key=("case_slug",),
    source="FROM letters l JOIN records r ON r.sha256 = l.sha256",
    order="l.slug",
    parts=lambda row, record: [record],
    indexes=(("decision_date",), ("case_number",)),
)  # fmt: skip

ITEMS = Table(
    "items",
    "One row per decided item (a treatment the letter decides)",
    (
        _CASE,
        _ITEM,
        _LETTER_ID,
        _SHA256,
        *_span("the item's block (its line, guidelines and rationale)", ("i.start", "i.end")),
        Column("case_number", TEXT, "The IMR case number, as in letters",
               read=_field("case_number", record=True), nullable=True),
        Column("decision_date", TEXT, "The letter's decision date, YYYY-MM-DD",
               sql="l.decision_date", nullable=True, pattern=_DATE),
        Column("item", TEXT, 'The item as the letter writes it ("Baclofen 10mg, #90")',
               sql="i.item"),
        Column("decision", TEXT, "upheld (the denial stands), overturned (medically necessary) "
               "or unknown (not read)", sql="i.decision",
               values=("upheld", "overturned", "unknown")),
        Column("decision_text", TEXT, 'The decision as written ("Upheld", "Overturned")',
               read=_field("decision_text")),
        Column("kind", TEXT, "The treatment's kind: drug, procedure, imaging, therapy, dme, "
               "lab, consult; other when none was found", sql="i.kind"),
        Column("category", TEXT, 'The state\'s IMR request category ("Pharmaceuticals")',
               sql="i.category", nullable=True),
        Column("subcategory", TEXT, 'Its subcategory ("Muscle Relaxant", "MRI")',
               sql="i.subcategory", nullable=True),
        Column("treatment_slug", TEXT, "The drug (its page is drugs/<treatment_slug>/) or the "
               "treatment the item was matched to", sql="i.drug_slug", nullable=True),
        Column("drug_class", TEXT, "The drug's class (opioid, muscle_relaxant, ...)",
               sql="i.drug_class", nullable=True),
        Column("generics", TEXT, "The generic names, '/'-joined for a combination",
               sql="i.generics", nullable=True),
        Column("brand", TEXT, "The brand the item names, as the drug lexicon spells it",
               read=_field("treatment", "brand"), nullable=True),
        Column("strength", TEXT, 'The strength requested ("10mg", "10/325mg")',
               sql="i.strength", nullable=True),
        Column("form", TEXT, 'The form requested ("gel", "patch")',
               read=_field("treatment", "form"), nullable=True),
        Column("quantity", INTEGER, "The quantity requested (#90 is 90)", sql="i.quantity",
               nullable=True),
        Column("refills", INTEGER, "The refills requested", read=_field("treatment", "refills"),
               nullable=True),
        Column("frequency", TEXT, 'How often, for therapy ("2x/week x 6 weeks")',
               read=_field("treatment", "frequency"), nullable=True),
        Column("sessions", INTEGER, "Sessions requested, for therapy",
               read=_field("treatment", "sessions"), nullable=True),
        Column("body_part", TEXT, 'The body part, for imaging and procedures ("lumbar spine")',
               read=_field("treatment", "body_part"), nullable=True),
        Column("side", TEXT, 'The side ("left", "right", "bilateral")',
               read=_field("treatment", "side"), nullable=True),
        Column("date_of_service", TEXT, "A date of service the item's line gives, YYYY-MM-DD",
               read=_field("date_of_service"), nullable=True, pattern=_DATE),
        Column("request_date", TEXT, "A request date the item's line gives, YYYY-MM-DD",
               read=_field("request_date"), nullable=True, pattern=_DATE),
        Column("reasons", TEXT, "Why it was upheld or overturned: the reason keys, '; '-joined "
               "(rows of reasons); null when no rule matched the rationale",
               read=lambda f: _joined([r["key"] for r in f.part["reasons"]]), nullable=True),
        Column("maximus_sections", TEXT, "The guideline sections the MAXIMUS reviewer cited, "
               "'; '-joined, each document/section (guidelines/<document>/<section>/) or the "
               "document alone; unmatched citations left out (rows of citations)",
               read=lambda f: _sections(f.part), nullable=True),
        Column("rationale_start", INTEGER, "Where the decision rationale begins in the "
               "letter's cleaned text", read=lambda f: f.part["rationale_span"][0]),
        Column("rationale_end", INTEGER, "Where it ends",
               read=lambda f: f.part["rationale_span"][1]),
        Column("rationale", TEXT, 'The reviewer\'s "Decision rationale:" paragraph',
               read=_field("rationale")),
    ),
    key=("case_slug", "item_index"),
    source="FROM items i JOIN letters l ON l.sha256 = i.sha256",
    order="l.slug, i.idx",
    parts=lambda row, record: [_issue(record, row["item_index"])],
    references=((("case_slug",), "letters"),),
    indexes=(("decision",), ("kind",), ("treatment_slug",), ("drug_class",)),
)  # fmt: skip

CITATIONS = Table(
    "citations",
    "One row per guideline citation of an item, by the Claims Administrator or by MAXIMUS",
    (
        _CASE,
        Column("item_index", INTEGER, "The item (items.item_index)", sql="c.idx"),
        Column("role", TEXT, "Who cited it: maximus (the IMR reviewer) or claims_administrator "
               "(the utilization review)", sql="c.role",
               values=("claims_administrator", "maximus")),
        Column("n", INTEGER, "The citation's order within its role (0, 1, ...)", sql="c.n"),
        _LETTER_ID,
        _SHA256,
        *_span("the citation's words"),
        Column("guideline", TEXT, "The guideline family as written: MTUS, ODG, ACOEM, other, "
               "or none (no medical evidence cited)", sql="c.guideline"),
        Column("document", TEXT, "The guideline document as the letter names it",
               read=_field("document"), nullable=True),
        Column("edition", TEXT, 'The edition the letter names ("2009", "2016")',
               sql="c.edition", nullable=True),
        Column("section", TEXT, "The section as the letter names it", read=_field("section"),
               nullable=True),
        Column("pages", TEXT, 'The pages cited, "; "-joined ("9", "60-61")',
               read=lambda f: _pages(f.part), nullable=True),
        Column("document_slug", TEXT, "The guideline document it was matched to (its page is "
               "guidelines/<document_slug>/)", sql="c.document_slug", nullable=True),
        Column("document_title", TEXT, "That document's title", read=_field("document_title"),
               nullable=True),
        Column("section_slug", TEXT, "The section it was matched to (its page is "
               "guidelines/<document_slug>/<section_slug>/); null for the document as a whole",
               sql="c.section_slug", nullable=True),
        Column("section_title", TEXT, "That section's title", read=_field("section_title"),
               nullable=True),
        Column("resolution", TEXT, "How it was matched: name, pages, context (the rationale), "
               "document-only, none", read=_field("resolution"), nullable=True, values=METHODS),
        Column("listed", INTEGER, "1 when the section has a page on this site, else 0",
               sql="c.listed"),
        Column("text", TEXT, "The citation's words in the letter", sql="c.text"),
    ),
    key=("case_slug", "item_index", "role", "n"),
    source="FROM citations c JOIN letters l ON l.sha256 = c.sha256",
    order="l.slug, c.idx, c.role, c.n",
    parts=lambda row, record: [
        _issue(record, row["item_index"])["citations"][row["role"]][row["n"]]
    ],
    references=((("case_slug", "item_index"), "items"),),
    indexes=(("document_slug", "section_slug", "role"),),
)  # fmt: skip

REASONS = Table(
    "reasons",
    "One row per passage of an item's rationale that gave a reason (the evidence): an item's "
    "reasons are the rows with evidence_n 0",
    (
        _CASE,
        Column("item_index", INTEGER, "The item (items.item_index)", sql="x.idx"),
        Column("n", INTEGER, "The reason's order among the item's reasons (0, 1, ...)",
               sql="x.n"),
        Column("evidence_n", INTEGER, "The passage's order among the reason's evidence (0, 1, "
               "...)", read=lambda f: f.n),
        _LETTER_ID,
        _SHA256,
        *_span("the passage"),
        Column("reason", TEXT, "The reason's key (generator/lexicons/reasons.yaml)",
               sql="x.reason"),
        Column("label", TEXT, "The reason, for people",
               read=lambda f: _reason_labels()[f.row["reason"]]),
        Column("rule", TEXT, "The named rule that matched (generator/reasons.py)",
               read=_field("rule")),
        Column("words", TEXT, "The words that matched: text[start:end], line breaks as spaces",
               read=_field("words")),
    ),
    key=("case_slug", "item_index", "n", "evidence_n"),
    source="FROM item_reasons x JOIN letters l ON l.sha256 = x.sha256",
    order="l.slug, x.idx, x.n",
    parts=lambda row, record: list(
        _issue(record, row["item_index"])["reasons"][row["n"]]["evidence"]
    ),
    references=((("case_slug", "item_index"), "items"),),
    indexes=(("reason",),),
)  # fmt: skip

COLUMNS = Table(
    "columns",
    "Every column of every table here, with its type and meaning",
    (
        Column("table_name", TEXT, "The table"),
        Column("column_name", TEXT, "The column"),
        Column("position", INTEGER, "The column's place in its table (0, 1, ...)"),
        Column("type", TEXT, "text or integer", values=(TEXT, INTEGER)),
        Column("nullable", INTEGER, "1 when the column may be null"),
        Column("description", TEXT, "What it holds"),
    ),
    key=("table_name", "column_name"),
)

#: The tables published, in the order they are created.
TABLES = (LETTERS, ITEMS, CITATIONS, REASONS, COLUMNS)
# The row files beside the database: (path, table, format).
FILES = (
    (f"{FOLDER}/items.csv", ITEMS, "csv"),
    (f"{FOLDER}/items.jsonl", ITEMS, "jsonl"),
    (f"{FOLDER}/letters.jsonl", LETTERS, "jsonl"),
)
#: Every file of ``FOLDER``, in the order the downloads table lists them.
DOWNLOADS = (DATABASE, *(path for path, _table, _kind in FILES), SCHEMA)


def _column_rows() -> list[tuple[Any, ...]]:
    return [
        (t.name, c.name, n, c.type, int(c.nullable), c.description)
        for t in TABLES
        for n, c in enumerate(t.columns)
    ]


# -- the formats --------------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: null is empty, a number its digits, a text as it is but with an
    apostrophe in front when it begins with a formula's sign (= + - @, a tab or a carriage
    return) or an apostrophe, so a spreadsheet shows it as text and never runs it. Taking off
    one leading apostrophe gives the value back."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    return str(value)


def json_line(table: Table, row: tuple[Any, ...]) -> str:
    """A row as one line of JSON Lines: an object, keys in column order."""
    return json.dumps(dict(zip(table.names, row, strict=True)), ensure_ascii=False,
                      separators=(",", ":")) + "\n"  # fmt: skip


def json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of every table's rows, under ``$defs``: a row of ``items``
    validates against ``{"$ref": "#/$defs/items"}``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "IMR Explorer open data",
        "description": "The rows of data/imr.sqlite (each table under $defs), of "
        "data/items.jsonl and data/letters.jsonl (items and letters) and of data/items.csv "
        "(items; an empty cell is null in a nullable column, and a text cell beginning with "
        "an apostrophe has one added in front)",
        "$defs": {t.name: _row_schema(t) for t in TABLES},
    }


def _row_schema(table: Table) -> dict[str, Any]:
    return {
        "title": f"A row of {table.name}",
        "description": table.description,
        "type": "object",
        "properties": {c.name: _column_schema(c) for c in table.columns},
        "required": table.names,
        "additionalProperties": False,
        "x-primary-key": list(table.key),
    }


def _column_schema(column: Column) -> dict[str, Any]:
    kind = _JSON_TYPES[column.type]
    schema: dict[str, Any] = {
        "type": [kind, "null"] if column.nullable else kind,
        "description": column.description,
    }
    if column.values:
        schema["enum"] = [*column.values, *([None] if column.nullable else [])]
    if column.pattern:
        schema["pattern"] = column.pattern
    if column.nullable and column.type == TEXT:
        schema["minLength"] = 1  # an empty text is null
    if column.type == INTEGER:
        schema["minimum"] = 0  # counts, offsets, numbers requested, ages
    return schema


def create_statement(table: Table) -> str:
    """The table's CREATE TABLE, each column's description as an SQL comment (sqlite3's
    ``.schema`` shows them)."""
    lines = [f"{c.name} {c.type.upper()}{'' if c.nullable else ' NOT NULL'}" for c in table.columns]
    notes = [c.description for c in table.columns]
    lines.append(f"PRIMARY KEY ({', '.join(table.key)})")
    notes.append("")
    for columns, other in table.references:
        names = ", ".join(columns)
        lines.append(f"FOREIGN KEY ({names}) REFERENCES {other} ({names})")
        notes.append("")
    body = [
        f"  {line}{',' if n < len(lines) - 1 else ''}" + (f" -- {note}" if note else "")
        for n, (line, note) in enumerate(zip(lines, notes, strict=True))
    ]
    return f"CREATE TABLE {table.name} ( -- {table.description}\n" + "\n".join(body) + "\n)"


# -- reading the store --------------------------------------------------------------------------


def _records(db: sqlite3.Connection, positions: list[int]) -> dict[int, dict[str, Any]]:
    marks = ",".join("?" * len(positions))
    query = (
        "SELECT l.position, r.record FROM letters l JOIN records r ON r.sha256 = l.sha256 "
        f"WHERE l.position IN ({marks})"
    )
    return {position: json.loads(text) for position, text in db.execute(query, positions)}


def table_rows(
    db: sqlite3.Connection, table: Table, positions: list[int], records: dict[int, dict[str, Any]]
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``table`` for these letters (positions in ``letters``; ``records`` their
    records by position), in the table's order."""
    assert table.parts is not None
    parts = table.parts
    selected = ", ".join(f'{c.sql} AS "{c.name}"' for c in table.columns if c.sql is not None)
    marks = ",".join("?" * len(positions))
    cursor = db.cursor()
    cursor.row_factory = sqlite3.Row
    query = (
        f"SELECT l.position AS position_, {selected} {table.source} "
        f"WHERE l.position IN ({marks}) ORDER BY {table.order}"
    )
    for row in cursor.execute(query, positions):
        record = records[row["position_"]]
        for n, part in enumerate(parts(row, record)):
            found = Found(row, record, part, n)
            yield tuple(c.value(found) for c in table.columns)


def corpus_positions(db: sqlite3.Connection) -> list[int]:
    """The letters on the site, in case order (their positions in ``letters``)."""
    rows = db.execute("SELECT position FROM letters WHERE failure IS NULL ORDER BY slug, position")
    return [position for (position,) in rows]


# -- writing ------------------------------------------------------------------------------------


class _Database:
    """The database being filled, in a scratch file; ``finish`` writes it out compacted."""

    def __init__(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        # A scratch file a failed build drops whole: no journal, no waiting for the disk.
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute(f"PRAGMA user_version={FORMAT_VERSION}")
        for table in TABLES:
            self.db.execute(create_statement(table))

    def __enter__(self) -> _Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)

    def add(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" * len(table.columns))
        self.db.executemany(f"INSERT INTO {table.name} VALUES ({marks})", rows)

    def finish(self, target: Path) -> None:
        """The ``columns`` rows and the indexes, then the whole database written to ``target``
        as a fresh file, its pages in key order: the same rows give the same bytes."""
        self.add(COLUMNS, _column_rows())
        for table in TABLES:
            for columns in table.indexes:
                name = f"{table.name}_{'_'.join(columns)}"
                self.db.execute(f"CREATE INDEX {name} ON {table.name} ({', '.join(columns)})")
        self.db.commit()
        self.db.execute("VACUUM INTO ?", (str(target),))


class _RowFile:
    """One of ``FILES`` being written, row by row."""

    def __init__(self, handle: TextIO, table: Table, kind: str) -> None:
        self.handle, self.table = handle, table
        self.csv = csv.writer(handle, lineterminator="\r\n") if kind == "csv" else None
        if self.csv is not None:
            self.csv.writerow(table.names)

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        if self.csv is not None:
            self.csv.writerows([csv_cell(value) for value in row] for row in rows)
        else:
            self.handle.writelines(json_line(self.table, row) for row in rows)


def publish_data(
    db: sqlite3.Connection, writer: Writer, out: TextIO, outputs: Outputs | None = None
) -> None:
    """Write the data files of the letters on the site (``db``: the corpus store) through
    ``writer``, and the snippets naming them. With ``outputs`` (the earlier build's digests),
    files made from the same letters by the same code are kept from the earlier build."""
    positions = corpus_positions(db)
    progress = Progress("open data", len(positions), out)
    made = _digest(db)
    kept = (*DOWNLOADS, SNIPPET)
    if outputs is not None:
        for path in kept:
            outputs.record(path, made)
        if all(outputs.reusable(path, made) for path in kept):
            for path in kept:
                writer.keep(path)
            writer.text(COLUMNS_SNIPPET, columns_snippet())
            progress.step(len(positions))
            progress.done("the same letters as the last build: its files kept")
            return
    tables = [t for t in TABLES if t.parts is not None]
    rows = dict.fromkeys((t.name for t in tables), 0)
    with ExitStack() as stack:
        database = stack.enter_context(_Database(writer.staging / "opendata.sqlite"))
        files = []
        for path, table, kind in FILES:
            # The csv module writes its own line ends ("\r\n", RFC 4180).
            newline = "" if kind == "csv" else "\n"
            handle = stack.enter_context(
                open(writer.path(path), "w", encoding="utf-8", newline=newline)
            )
            files.append(_RowFile(handle, table, kind))
        for start in range(0, len(positions), _BATCH):
            batch = positions[start : start + _BATCH]
            records = _records(db, batch)
            for table in tables:
                found = list(table_rows(db, table, batch, records))
                rows[table.name] += len(found)
                database.add(table, found)
                for file in files:
                    if file.table is table:
                        file.write(found)
            progress.step(len(batch))
        database.finish(writer.path(DATABASE))
    writer.text(SCHEMA, json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    sizes = {path: (writer.staging / path).stat().st_size for path in DOWNLOADS}
    writer.text(SNIPPET, downloads_snippet(rows, sizes))
    writer.text(COLUMNS_SNIPPET, columns_snippet())
    progress.done(f"{rows['items']:,} items, {_size(sum(sizes.values()))} in {FOLDER}/")


def _digest(db: sqlite3.Connection) -> str:
    """What the files are made from: this module's code and the parser's version (the records,
    the lexicons) and the letters on the site, in order, by name and content."""
    letters = hashlib.sha256()
    query = "SELECT slug, id, source, sha256 FROM letters WHERE failure IS NULL ORDER BY slug"
    for row in db.execute(query):
        letters.update("\0".join(row).encode() + b"\n")
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return digest(FORMAT_VERSION, parser_version(), code, letters.hexdigest())


# -- the snippet --------------------------------------------------------------------------------


def _size(size: int) -> str:
    """A file size for people: "912 bytes", "14.2 KB", "3.1 MB" (powers of 1,000)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size} bytes"


# What each of DOWNLOADS is, in its order.
_WHAT = (
    "SQLite database: the tables letters, items, citations, reasons and columns",
    "One row per decided item, for spreadsheets (UTF-8)",
    "The same rows as JSON Lines",
    "One row per letter, as JSON Lines",
    "JSON Schema of every table's rows",
)


def downloads_snippet(rows: dict[str, int], sizes: dict[str, int]) -> str:
    """The downloads as a Markdown table (file, size, rows, what), included by docs/index.md and
    docs/data.md; the links are relative to docs/, where both pages are."""
    database_rows = ", ".join(f"{n:,} {name}" for name, n in rows.items())
    counts = {DATABASE: database_rows, SCHEMA: ""}
    counts |= {path: f"{rows[table.name]:,} {table.name}" for path, table, _kind in FILES}
    lines = ["| File | Size | Rows | What |", "|---|--:|---|---|"]
    for path, what in zip(DOWNLOADS, _WHAT, strict=True):
        name = path.rsplit("/", 1)[1]
        download = "" if path == SCHEMA else "{download}"
        lines.append(f"| [{name}]({path}){download} | {_size(sizes[path])} | {counts[path]} | "
                     f"{what} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def _markdown(text: str) -> str:
    """A description as Markdown text: its "<", "&", "|", "*" and "_" shown as they are."""
    text = html.escape(text, quote=False)
    for sign in ("|", "*", "_"):
        text = text.replace(sign, "\\" + sign)
    return text


def columns_snippet() -> str:
    """Every table's columns (name, type, description) as Markdown, for the Data page."""
    lines = []
    for table in TABLES:
        lines += [f"### `{table.name}`", "", f"{_markdown(table.description)}.", ""]
        lines += ["| column | type | description |", "|---|---|---|"]
        for c in table.columns:
            kind = f"{c.type} or null" if c.nullable else c.type
            key = " (key)" if c.name in table.key else ""
            lines.append(f"| `{c.name}`{key} | {kind} | {_markdown(c.description)} |")
        lines.append("")
    return "\n".join(lines)
