"""The published tables (``opendata``): every column defined once, with its name, type,
description and how it is read from the corpus store, either a column of the store's tables
(``sql``, an expression over the table's query) or a field of the letter's record JSON
(``read``, read one letter at a time). The SQLite tables and their ``columns`` rows, the CSV
header, the JSON Lines keys, the JSON Schema and the Data page's column lists are all made from
these definitions (``formats``), so the files cannot disagree on a column.

Every table's rows carry their provenance: the case (``case_slug``), the letter file
(``letter_id``) and the SHA-256 of its bytes, and the span (``start``, ``end``) of their words
in the record's cleaned text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, cast

from generator.errors import GeneratorError
from generator.guidelines.model import METHODS
from generator.reasons import load_reasons

ColumnType = Literal["text", "integer"]
TEXT: ColumnType = "text"
INTEGER: ColumnType = "integer"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
# Lists in one cell ("California; Texas") are joined by this.
SEPARATOR = "; "


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


def column_rows() -> list[tuple[Any, ...]]:
    """The rows of ``columns``: each column of each table, described."""
    return [
        (t.name, c.name, n, c.type, int(c.nullable), c.description)
        for t in TABLES
        for n, c in enumerate(t.columns)
    ]
