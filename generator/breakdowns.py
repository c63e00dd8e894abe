"""Breakdowns: the items of every group (the whole corpus, a drug, a guideline section as
MAXIMUS cited it, a treatment kind, a reviewer specialty, a reason) counted by why they were
decided (their reasons, ``reasons.py``) and by when (year, and month for the whole corpus), and
the outcomes by guideline edition cited. Group-bys over the corpus store, like ``aggregate.py``;
counts only, bounded by the lexicons and the years, never by the letters.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from generator.aggregate import Count, ItemList, Outcomes, numbered, outcomes_by

UNDATED = "undated"

# Every group's items, as (group key, item, decision, decision date) rows over the items on the
# site numbered (``aggregate.numbered``). A section's items count once however often they cite it
# (MAXIMUS' citations: the decision's basis).
_GROUPS = {
    "all": "SELECT '' AS k, i.item, i.decision, i.decision_date FROM n_items i",
    "drug": "SELECT d.drug_slug AS k, i.item, i.decision, i.decision_date FROM n_drugs d "
    "JOIN n_items i ON i.item = d.item",
    "section": "SELECT c.document_slug || '/' || c.section_slug AS k, i.item, i.decision, "
    "i.decision_date FROM n_cited c JOIN n_items i ON i.item = c.item WHERE c.role = 'maximus'",
    "kind": "SELECT i.kind AS k, i.item, i.decision, i.decision_date FROM n_items i",
    "specialty": "SELECT s.slug AS k, i.item, i.decision, i.decision_date FROM n_specialties s "
    "JOIN n_items i ON i.item = s.item",
    "reason": "SELECT r.reason AS k, i.item, i.decision, i.decision_date FROM n_reasons r "
    "JOIN n_items i ON i.item = r.item",
}

Group = tuple[str, str]  # (kind of group, its key): ("drug", "baclofen"), ("all", "")


@dataclass(frozen=True)
class ReasonSummary:
    """A reason: its items, and which treatment kinds and drugs they were."""

    key: str
    items: ItemList
    by_kind: tuple[Count, ...]
    by_drug: tuple[Count, ...]


@dataclass(frozen=True)
class Breakdowns:
    # Reasons a group's items were decided for: (reason key, items), most items first.
    reasons: dict[Group, tuple[tuple[str, int], ...]]
    # Items of a group with no reason found, by decision.
    unassigned: dict[Group, Outcomes]
    # Outcomes by year of decision ("2016", ..., "undated" last), oldest first.
    years: dict[Group, tuple[tuple[str, Outcomes], ...]]
    # The whole corpus by month ("2016-07"), oldest first.
    months: tuple[tuple[str, Outcomes], ...]
    # Outcomes of the items MAXIMUS decided citing each guideline edition ("MTUS 2009"), by
    # year: (edition, year, outcomes).
    editions: tuple[tuple[str, str, Outcomes], ...]
    reason_summaries: dict[str, ReasonSummary]

    def years_of(self, kind: str, key: str) -> tuple[tuple[str, Outcomes], ...]:
        return self.years.get((kind, key), ())

    def reasons_of(self, kind: str, key: str) -> tuple[tuple[str, int], ...]:
        return self.reasons.get((kind, key), ())


def _year_order(year: str) -> tuple[int, str]:
    return (1, year) if year == UNDATED else (0, year)


def breakdowns(db: sqlite3.Connection, drug_labels: dict[str, str], kind_labels: dict[str, str]
               ) -> Breakdowns:  # fmt: skip
    """Every group's breakdowns; ``drug_labels`` and ``kind_labels`` name a reason's drugs and
    kinds."""
    with numbered(db):
        return _breakdowns(db, drug_labels, kind_labels)


def _breakdowns(db: sqlite3.Connection, drug_labels: dict[str, str], kind_labels: dict[str, str]
                ) -> Breakdowns:  # fmt: skip
    reasons: dict[Group, list[tuple[str, int]]] = {}
    unassigned: dict[Group, Outcomes] = {}
    years: dict[Group, list[tuple[str, Outcomes]]] = {}
    year = f"coalesce(substr(g.decision_date, 1, 4), '{UNDATED}')"
    for kind, query in _GROUPS.items():
        by_year = outcomes_by(
            db.execute(
                f"SELECT g.k, {year}, g.decision, count(*) FROM ({query}) g GROUP BY 1, 2, 3"
            )
        )
        for (key, when), outcomes in by_year.items():
            years.setdefault((kind, key), []).append((when, outcomes))
        if kind == "reason":
            continue
        rows = db.execute(
            f"SELECT g.k, r.reason, count(*) FROM ({query}) g JOIN n_reasons r ON "
            "r.item = g.item GROUP BY 1, 2"
        )
        for key, reason, count in rows:
            reasons.setdefault((kind, key), []).append((reason, count))
        none = outcomes_by(db.execute(
            f"SELECT g.k, g.decision, count(*) FROM ({query}) g WHERE NOT EXISTS (SELECT 1 FROM "
            "n_reasons r WHERE r.item = g.item) GROUP BY 1, 2"
        ))  # fmt: skip
        for (key,), outcomes in none.items():
            unassigned[(kind, key)] = outcomes
    month = f"coalesce(substr(g.decision_date, 1, 7), '{UNDATED}')"
    everything = _GROUPS["all"]
    months = outcomes_by(
        db.execute(f"SELECT {month}, g.decision, count(*) FROM ({everything}) g GROUP BY 1, 2")
    )
    return Breakdowns(
        reasons={g: tuple(sorted(r, key=lambda kv: (-kv[1], kv[0]))) for g, r in reasons.items()},
        unassigned=unassigned,
        years={g: tuple(sorted(y, key=lambda kv: _year_order(kv[0]))) for g, y in years.items()},
        months=tuple(
            sorted(((m, o) for (m,), o in months.items()), key=lambda kv: _year_order(kv[0]))
        ),
        editions=_editions(db),
        reason_summaries=_reason_summaries(db, drug_labels, kind_labels),
    )


def _editions(db: sqlite3.Connection) -> tuple[tuple[str, str, Outcomes], ...]:
    """Outcomes by the guideline edition MAXIMUS cited ("MTUS 2009"; "ODG, no edition named"),
    by year; an item citing two editions counts under each."""
    rows = db.execute(
        "SELECT CASE WHEN c.edition IS NULL THEN c.guideline || ', no edition named' "
        "ELSE c.guideline || ' ' || c.edition END, "
        f"coalesce(substr(i.decision_date, 1, 4), '{UNDATED}'), i.decision, count(*) FROM "
        "(SELECT DISTINCT n.item, c.guideline, c.edition FROM n_items n JOIN citations c ON "
        "c.sha256 = n.sha256 AND c.idx = n.idx WHERE c.role = 'maximus' AND c.guideline IN "
        "('MTUS', 'ODG', 'ACOEM')) c JOIN n_items i ON i.item = c.item GROUP BY 1, 2, 3"
    )
    found = outcomes_by(rows)
    return tuple(
        (edition, when, outcomes)
        for (edition, when), outcomes in sorted(
            found.items(), key=lambda kv: (kv[0][0], _year_order(kv[0][1]))
        )
    )


def _reason_summaries(
    db: sqlite3.Connection, drug_labels: dict[str, str], kind_labels: dict[str, str]
) -> dict[str, ReasonSummary]:
    query = _GROUPS["reason"]
    totals = dict(db.execute(f"SELECT g.k, count(*) FROM ({query}) g GROUP BY 1").fetchall())
    kinds = _reason_counts(
        db,
        f"SELECT g.k, i.kind, g.decision, count(*) FROM ({query}) g "
        "JOIN n_items i ON i.item = g.item GROUP BY 1, 2, 3",
        kind_labels,
    )
    drugs = _reason_counts(
        db,
        f"SELECT g.k, d.drug_slug, g.decision, count(*) FROM ({query}) g "
        "JOIN n_drugs d ON d.item = g.item GROUP BY 1, 2, 3",
        drug_labels,
    )
    return {
        key: ReasonSummary(
            key,
            ItemList("reason", (key,), total),
            _merged(kinds.get(key, [])),
            _merged(drugs.get(key, [])),
        )
        for key, total in sorted(totals.items())
    }


def _reason_counts(
    db: sqlite3.Connection, query: str, labels: dict[str, str]
) -> dict[str, list[Count]]:
    """Rows of (reason, key, decision, count) as each reason's counts, named by ``labels``."""
    found: dict[str, list[Count]] = {}
    for reason, key, decision, count in db.execute(query):
        label = labels.get(key, key)
        found.setdefault(reason, []).append(Count(key, label, Outcomes.of({decision: count})))
    return found


def _merged(counts: list[Count]) -> tuple[Count, ...]:
    """Counts of one key (split by decision in the query) joined; most items first."""
    joined: dict[str, Count] = {}
    for c in counts:
        if c.key in joined:
            o = joined[c.key].outcomes
            summed = Outcomes(o.upheld + c.outcomes.upheld, o.overturned + c.outcomes.overturned,
                              o.unknown + c.outcomes.unknown)  # fmt: skip
            joined[c.key] = Count(c.key, c.label, summed)
        else:
            joined[c.key] = c
    return tuple(sorted(joined.values(), key=lambda c: (-c.outcomes.total, c.label)))
