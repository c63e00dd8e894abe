"""Aggregation: group-bys over the whole corpus, as SQL over the corpus store, after every letter
is stored.

Input: the store (its ``letters`` joined to what each letter says) and the ``Catalog``. Output:
a ``Corpus`` of counts only, bounded by the lexicons (drugs, sections, kinds, specialties), not
by the letters: an item list is an ``ItemList`` (what the items share, and how many), whose rows
``lists.py`` queries when a page is rendered. Data only: no page addresses, no markup. Every
collection is sorted, so two runs over the same letters give the same pages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.catalog import Catalog, DrugInfo, SectionInfo, SectionKey

if TYPE_CHECKING:
    from generator.pipeline import Group

ROLES = ("maximus", "claims_administrator")

# The items on the site, numbered: TEMP tables the group-bys here and in ``breakdowns.py`` join
# on an integer instead of a letter's sha256 text and an item's index.
#
# The store keeps what each letter says by its sha256 (``store.py``); the letters on the site are
# the ``letters`` rows without a failure. Every group-by joined those to ``items`` and then to
# ``item_drugs``, ``citations``, ``item_reasons`` or ``specialties`` on (sha256, idx): two lookups
# in text-keyed indexes per row and per query, about 2 s of 3.5 s at 10,000 letters and most of
# a minute at 100,000. Here those joins are made once, into TEMP tables (in memory:
# ``temp_store=MEMORY``) keyed by ``item``, the item's number on the site:
#
# - ``n_items``: one row per item of each letter on the site (a letter on the site twice, as two
#   files with the same bytes, has its items twice, as the site counts them), with the letter's
#   ``position`` and decision date and the item's columns the counts group by;
# - ``n_drugs`` (item, drug_slug), ``n_reasons`` (item, reason), ``n_specialties`` (item, slug:
#   the reviewer's specialties, for each of the letter's items);
# - ``n_cited`` (item, role, document_slug, section_slug): the guideline sections each item cites
#   that have a page (``listed``), once per item and role however often it cites them.
#
# ``numbered(db)`` makes them and drops them on leaving; nested, the outer one's are used. (Here,
# on the page side of ``store.parser_version``: a change to them re-parses no letter.)
NUMBERED_TABLES = ("n_items", "n_drugs", "n_reasons", "n_specialties", "n_cited")

_MAKE = """
CREATE TEMP TABLE n_items (
  item INTEGER PRIMARY KEY, position INTEGER NOT NULL, sha256 TEXT NOT NULL,
  idx INTEGER NOT NULL, decision TEXT NOT NULL, kind TEXT NOT NULL, category TEXT,
  subcategory TEXT, drug_class TEXT, requested TEXT NOT NULL, strength TEXT, quantity INTEGER,
  decision_date TEXT
);
INSERT INTO n_items (position, sha256, idx, decision, kind, category, subcategory, drug_class,
                     requested, strength, quantity, decision_date)
  SELECT l.position, i.sha256, i.idx, i.decision, i.kind, i.category, i.subcategory,
         i.drug_class, i.requested, i.strength, i.quantity, l.decision_date
  FROM letters l JOIN items i ON i.sha256 = l.sha256 WHERE l.failure IS NULL
  ORDER BY l.position, i.idx;
CREATE INDEX temp.n_items_key ON n_items (sha256, idx);
CREATE TEMP TABLE n_drugs AS
  SELECT n.item, d.drug_slug FROM n_items n
  JOIN item_drugs d ON d.sha256 = n.sha256 AND d.idx = n.idx;
CREATE INDEX temp.n_drugs_item ON n_drugs (item);
CREATE TEMP TABLE n_reasons AS
  SELECT n.item, r.reason FROM n_items n
  JOIN item_reasons r ON r.sha256 = n.sha256 AND r.idx = n.idx;
CREATE INDEX temp.n_reasons_item ON n_reasons (item);
CREATE TEMP TABLE n_specialties AS
  SELECT n.item, s.slug FROM n_items n JOIN specialties s ON s.sha256 = n.sha256;
CREATE TEMP TABLE n_cited AS
  SELECT DISTINCT n.item, c.role, c.document_slug, c.section_slug FROM n_items n
  JOIN citations c ON c.sha256 = n.sha256 AND c.idx = n.idx WHERE c.listed;
CREATE INDEX temp.n_cited_item ON n_cited (item, role)
"""


@contextmanager
def numbered(db: sqlite3.Connection) -> Iterator[None]:
    """The TEMP tables for the group-bys on ``db``, for the ``with`` block.

    Filling them opens a transaction; it is closed again at once (only TEMP rows are in it),
    so the connection does not go on reading an old snapshot of the store while the side
    process writes it."""
    if db.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'n_items'").fetchone():
        yield  # an enclosing numbered() made them
        return
    was_open = db.in_transaction
    try:
        for statement in _MAKE.split(";"):
            db.execute(statement)
        if not was_open:
            db.commit()
        yield
    finally:
        for table in NUMBERED_TABLES:
            db.execute(f"DROP TABLE IF EXISTS temp.{table}")


# The items of the letters on the site: every count below starts here ("WHERE 1" so that a
# query can add its own conditions with AND).
_ITEMS = "FROM n_items i WHERE 1"


@dataclass(frozen=True)
class Outcomes:
    upheld: int = 0
    overturned: int = 0
    unknown: int = 0

    @classmethod
    def of(cls, counts: dict[str, int]) -> Outcomes:
        return cls(counts.get("upheld", 0), counts.get("overturned", 0), counts.get("unknown", 0))

    @property
    def total(self) -> int:
        return self.upheld + self.overturned + self.unknown

    @property
    def overturned_share(self) -> str:
        """Share overturned as a whole percent, "-" when nothing was decided."""
        return f"{round(100 * self.overturned / self.total)}%" if self.total else "-"


@dataclass(frozen=True)
class Count:
    """A key with its label and the outcomes of the items behind it."""

    key: str
    label: str
    outcomes: Outcomes


@dataclass(frozen=True)
class ItemList:
    """The decided items that share something: a drug ("drug", slug), a guideline section as
    cited by one side ("section", document, section or "", role), a treatment kind ("kind",
    kind), a reviewer specialty ("specialty", slug). ``lists.py`` turns it into a query."""

    by: str
    key: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class DrugSummary:
    info: DrugInfo
    outcomes: Outcomes
    names_seen: tuple[tuple[str, int], ...]  # as requested, most often first
    strengths: tuple[tuple[str, int], ...]
    quantities: tuple[tuple[str, int], ...]
    sections: tuple[tuple[SectionKey, Outcomes], ...]  # MAXIMUS' citations of its items
    items: ItemList


@dataclass(frozen=True)
class SectionSummary:
    info: SectionInfo
    outcomes: Outcomes  # of the items MAXIMUS decided under it
    treatments: tuple[Count, ...]  # those items by drug ("<slug>") or kind ("kind:<kind>")
    items: dict[str, ItemList]  # by role


@dataclass(frozen=True)
class GroupSummary:
    """Items grouped by a label: a treatment kind, a reviewer specialty."""

    key: str
    label: str
    outcomes: Outcomes
    letters: int
    breakdown: tuple[Count, ...]
    items: ItemList


@dataclass(frozen=True)
class ProblemList:
    """A Data quality list: "unresolved" citations, "warnings", "notes"; ``lists.py``."""

    key: str
    count: int


@dataclass(frozen=True)
class Corpus:
    cases: int
    outcomes: Outcomes
    drugs: dict[str, DrugSummary]
    sections: dict[SectionKey, SectionSummary]
    kinds: dict[str, GroupSummary]
    specialties: dict[str, GroupSummary]
    problems: dict[str, ProblemList]
    failures: list[tuple[str, str]]
    # Drug items by class ("opioid": 717) and letters by year of decision ("undated" too).
    drug_classes: dict[str, int] = field(default_factory=dict)
    letters_by_year: dict[str, int] = field(default_factory=dict)
    # The letters read per file type and per layout, parsed and rejected by reason (the build's
    # tally, pipeline.Tally.groups); empty when the corpus was not built from files.
    intake: tuple[Group, ...] = ()


def outcomes_by(rows: Iterable[tuple[Any, ...]]) -> dict[tuple[Any, ...], Outcomes]:
    """Rows of (key..., decision, count) -> Outcomes by the key's tuple."""
    counts: dict[tuple[Any, ...], dict[str, int]] = {}
    for *key, decision, count in rows:
        counts.setdefault(tuple(key), {})[decision] = count
    return {k: Outcomes.of(v) for k, v in counts.items()}


def _ranked(pairs: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(pairs, key=lambda kv: (-kv[1], kv[0])))


def aggregate(db: sqlite3.Connection, catalog: Catalog, failures: list[tuple[str, str]]) -> Corpus:
    """Group every item on the site by drug, guideline section, treatment kind and reviewer
    specialty; count the Data quality lists."""
    with numbered(db):
        return _aggregate(db, catalog, failures)


def _aggregate(db: sqlite3.Connection, catalog: Catalog, failures: list[tuple[str, str]]) -> Corpus:
    overall = outcomes_by(db.execute(f"SELECT i.decision, count(*) {_ITEMS} GROUP BY 1"))
    cases = db.execute("SELECT count(*) FROM letters WHERE failure IS NULL").fetchone()[0]
    return Corpus(
        cases=cases,
        outcomes=overall.get((), Outcomes()),
        drugs=_drugs(db, catalog),
        sections=_sections(db, catalog),
        kinds=_kinds(db, catalog),
        specialties=_specialties(db, catalog),
        problems=_problems(db),
        failures=sorted(failures),
        drug_classes=dict(db.execute(
            f"SELECT i.drug_class, count(*) {_ITEMS} AND i.kind = 'drug' AND i.drug_class IS NOT "
            "NULL GROUP BY 1 ORDER BY 1"
        ).fetchall()),
        letters_by_year=dict(db.execute(
            "SELECT coalesce(substr(decision_date, 1, 4), 'undated'), count(*) FROM letters "
            "WHERE failure IS NULL GROUP BY 1 ORDER BY 1"
        ).fetchall()),
    )  # fmt: skip


def _drugs(db: sqlite3.Connection, catalog: Catalog) -> dict[str, DrugSummary]:
    join = "FROM n_drugs d JOIN n_items i ON i.item = d.item WHERE 1"
    outcomes = outcomes_by(
        db.execute(f"SELECT d.drug_slug, i.decision, count(*) {join} GROUP BY 1, 2")
    )

    def counted(column: str) -> dict[str, list[tuple[str, int]]]:
        found: dict[str, list[tuple[str, int]]] = {}
        query = (
            f"SELECT d.drug_slug, {column}, count(*) {join} AND {column} IS NOT NULL GROUP BY 1, 2"
        )
        for slug, value, count in db.execute(query):
            found.setdefault(slug, []).append((str(value), count))
        return found

    names, strengths, quantities = (counted(c) for c in ("i.requested", "i.strength", "i.quantity"))
    sections: dict[str, list[tuple[SectionKey, Outcomes]]] = {}
    by_section = outcomes_by(
        db.execute(
            "SELECT d.drug_slug, c.document_slug, c.section_slug, i.decision, count(*) FROM "
            "n_drugs d JOIN n_items i ON i.item = d.item JOIN n_cited c ON c.item = d.item "
            "AND c.role = 'maximus' GROUP BY 1, 2, 3, 4"
        )
    )
    for (slug, document, section), o in sorted(by_section.items()):
        sections.setdefault(slug, []).append(((document, section or None), o))
    return {
        slug: DrugSummary(
            info=catalog.drugs[slug],
            outcomes=o,
            names_seen=_ranked(names.get(slug, [])),
            strengths=_ranked(strengths.get(slug, [])),
            quantities=_ranked(quantities.get(slug, [])),
            sections=tuple(sections.get(slug, [])),
            items=ItemList("drug", (slug,), o.total),
        )
        for (slug,), o in sorted(outcomes.items())
        if slug in catalog.drugs
    }


def _sections(db: sqlite3.Connection, catalog: Catalog) -> dict[SectionKey, SectionSummary]:
    # Each item counts once under a section and role, however often it cites it.
    cited = "FROM n_cited c JOIN n_items i ON i.item = c.item WHERE 1"
    counts = db.execute(
        f"SELECT c.document_slug, c.section_slug, c.role, count(*) {cited} GROUP BY 1, 2, 3"
    )
    by_role: dict[SectionKey, dict[str, int]] = {}
    for document, section, role, count in counts:
        by_role.setdefault((document, section or None), {})[role] = count
    outcomes = {
        (document, section or None): o
        for (document, section), o in outcomes_by(
            db.execute(
                f"SELECT c.document_slug, c.section_slug, i.decision, count(*) {cited} "
                "AND c.role = 'maximus' GROUP BY 1, 2, 3"
            )
        ).items()
    }
    treatments: dict[SectionKey, dict[str, dict[str, int]]] = {}
    rows = db.execute(
        "SELECT c.document_slug, c.section_slug, coalesce((SELECT min(d.drug_slug) FROM "
        "n_drugs d WHERE d.item = i.item), 'kind:' || i.kind), "
        f"i.decision, count(*) {cited} AND c.role = 'maximus' GROUP BY 1, 2, 3, 4"
    )
    for document, section, treat, decision, count in rows:
        key = (document, section or None)
        treatments.setdefault(key, {}).setdefault(treat, {})[decision] = count
    result: dict[SectionKey, SectionSummary] = {}
    for key in sorted(by_role, key=lambda k: (k[0], k[1] or "")):
        counts_by_treatment = [
            Count(t, _treatment_label(t, catalog), Outcomes.of(c))
            for t, c in treatments.get(key, {}).items()
        ]
        counts_by_treatment.sort(key=lambda c: (-c.outcomes.total, c.label))
        result[key] = SectionSummary(
            info=catalog.sections[key],
            outcomes=outcomes.get(key, Outcomes()),
            treatments=tuple(counts_by_treatment),
            items={
                role: ItemList("section", (key[0], key[1] or "", role), by_role[key].get(role, 0))
                for role in ROLES
            },
        )
    return result


def _treatment_label(key: str, catalog: Catalog) -> str:
    if key.startswith("kind:"):
        return catalog.kind_label(key.removeprefix("kind:"))
    return catalog.drugs[key].generic


def _groups(
    db: sqlite3.Connection, join: str, column: str, breakdown: str
) -> dict[str, tuple[Outcomes, int, list[tuple[str, Outcomes]]]]:
    """Outcomes, letters and a breakdown per value of ``column`` over ``join``."""
    outcomes = outcomes_by(
        db.execute(f"SELECT {column}, i.decision, count(*) {join} GROUP BY 1, 2")
    )
    letters = dict(db.execute(f"SELECT {column}, count(DISTINCT i.position) {join} GROUP BY 1"))
    parts = outcomes_by(
        db.execute(f"SELECT {column}, {breakdown}, i.decision, count(*) {join} GROUP BY 1, 2, 3")
    )
    split: dict[str, list[tuple[str, Outcomes]]] = {}
    for (value, part), o in parts.items():
        split.setdefault(value, []).append((part, o))
    return {key: (o, letters[key], split.get(key, [])) for (key,), o in sorted(outcomes.items())}


def _kinds(db: sqlite3.Connection, catalog: Catalog) -> dict[str, GroupSummary]:
    found = _groups(db, _ITEMS, "i.kind", "coalesce(i.subcategory, i.category, 'Unclassified')")
    return {
        kind: GroupSummary(
            kind,
            catalog.kind_label(kind),
            o,
            letters,
            tuple(Count(p, p, po) for p, po in parts),
            ItemList("kind", (kind,), o.total),
        )
        for kind, (o, letters, parts) in found.items()
    }


def _specialties(db: sqlite3.Connection, catalog: Catalog) -> dict[str, GroupSummary]:
    join = "FROM n_specialties s JOIN n_items i ON i.item = s.item WHERE 1"
    found = _groups(db, join, "s.slug", "i.kind")
    # A specialty is named as the letters spell it: the first spelling, by file order.
    names = {
        slug: name
        for slug, name, _first in db.execute(
            "SELECT s.slug, s.name, min(l.slug) FROM letters l JOIN specialties s ON "
            "s.sha256 = l.sha256 WHERE l.failure IS NULL GROUP BY s.slug"
        ).fetchall()  # SQLite: a bare column is taken from the row min() picked
    }
    return {
        slug: GroupSummary(
            slug,
            names[slug],
            o,
            letters,
            tuple(Count(k, catalog.kind_label(k), ko) for k, ko in parts),
            ItemList("specialty", (slug,), o.total),
        )
        for slug, (o, letters, parts) in found.items()
    }


def _problems(db: sqlite3.Connection) -> dict[str, ProblemList]:
    unresolved = db.execute(
        "SELECT count(*) FROM letters l JOIN citations c ON c.sha256 = l.sha256 "
        "WHERE l.failure IS NULL AND NOT c.listed AND c.guideline != 'none'"
    ).fetchone()[0]
    severities = dict(
        db.execute(
            "SELECT p.severity, count(*) FROM letters l JOIN problems p ON p.sha256 = l.sha256 "
            "WHERE l.failure IS NULL GROUP BY 1"
        )
    )
    added = db.execute(
        "SELECT count(*) FROM letters l JOIN letter_notes n ON n.position = l.position "
        "WHERE l.failure IS NULL"
    ).fetchone()[0]
    return {
        "unresolved": ProblemList("unresolved", unresolved),
        "warnings": ProblemList("warnings", severities.get("warning", 0)),
        "notes": ProblemList("notes", severities.get("note", 0) + added),
    }
