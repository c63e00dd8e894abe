"""How a published row is written (``opendata``): a CSV cell, a JSON Lines line, a SQLite
table, the JSON Schema of the rows, and the Data page's column lists; all from the column
definitions of ``tables``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from generator.opendata.tables import INTEGER, TABLES, TEXT, Column, Table

_JSON_TYPES = {TEXT: "string", INTEGER: "integer"}
# The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
# Injection"): "=", "+", "-", "@", and a tab or a carriage return (which some skip before one).
# A text beginning with an apostrophe gets one more too, so that taking off one leading
# apostrophe always gives the value back.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


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


def json_line(table: Table, row: Sequence[Any]) -> str:
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
