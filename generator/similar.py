"""Cases like this: for every decided item, the earlier decisions most like it, shown under the
item on its case page.

Like it: the same drug (or, for other treatments, the same treatment kind) decided under the
same guideline section MAXIMUS cited; the most reasons in common first (``reasons.py``), then
the most recent. Earlier: decided before it (by decision date, then case and item number), so
an item's list is its precedents, and a new month's letters leave every earlier page as it was.

Made in one pass over the corpus store, group by group (a treatment and a section), keeping for
each combination of reasons only its ``SHOWN`` most recent items: memory holds one group's
recent items, never the corpus. The lists go into the store's ``similar`` table (positions are
this build's), which the case pages read; each letter's digest of its lists (part of what its
case page is made from, ``rendering.kept_case_pages``) is taken in the same pass.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.lists import ItemRow

SHOWN = 5
# Rows of the similar table written per transaction when another process may write the store.
_COMMIT_ROWS = 20_000

# Every item decided under a section MAXIMUS cited, with its treatment (its first drug page,
# else its kind) and its reasons, ordered by group and then by date, case and item.
_MEMBERS = """
SELECT coalesce((SELECT min(d.drug_slug) FROM item_drugs d WHERE d.sha256 = i.sha256
                 AND d.idx = i.idx), 'kind:' || i.kind) AS treatment,
       c.document_slug || '/' || c.section_slug AS section,
       l.position, i.idx, coalesce(l.decision_date, '') AS day, l.slug, l.label, i.item,
       i.decision,
       (SELECT group_concat(r.reason, ' ') FROM item_reasons r
        WHERE r.sha256 = i.sha256 AND r.idx = i.idx) AS reasons
FROM letters l
JOIN (SELECT DISTINCT sha256, idx, document_slug, section_slug FROM citations
      WHERE role = 'maximus' AND listed) c ON c.sha256 = l.sha256
JOIN items i ON i.sha256 = c.sha256 AND i.idx = c.idx
WHERE l.failure IS NULL
ORDER BY treatment, section, day, l.slug, i.idx
"""


@dataclass(frozen=True)
class _Member:
    position: int
    idx: int
    day: str
    slug: str
    reasons: frozenset[str]
    # What a list shows of the item besides the above (for the lists' digests).
    shown: tuple[str, str, str]


def _groups(db: sqlite3.Connection) -> Iterator[list[_Member]]:
    """Each group's members, in order, one group at a time."""
    group: list[_Member] = []
    key: tuple[str, str] | None = None
    for treatment, section, position, idx, day, slug, label, item, decision, reasons in db.execute(
        _MEMBERS
    ):
        if (treatment, section) != key:
            if group:
                yield group
            group, key = [], (treatment, section)
        reasons_of = frozenset((reasons or "").split())
        group.append(_Member(position, idx, day, slug, reasons_of, (label, item, decision)))
    if group:
        yield group


def _precedents(group: list[_Member]) -> Iterator[tuple[_Member, _Member, int]]:
    """(item, earlier item, reasons in common) for the ``SHOWN`` best earlier items of each
    member of one group."""
    recent: dict[frozenset[str], deque[_Member]] = {}
    for member in group:
        candidates = [
            (len(member.reasons & reasons), other)
            for reasons, kept in recent.items()
            for other in kept
        ]
        # Most reasons in common first, then the most recent (a later day, then case, item).
        candidates.sort(key=lambda c: (c[1].day, c[1].slug, c[1].idx), reverse=True)
        candidates.sort(key=lambda c: c[0], reverse=True)
        for shared, other in candidates[:SHOWN]:
            yield member, other, shared
        recent.setdefault(member.reasons, deque(maxlen=SHOWN)).append(member)


def find_similar(db: sqlite3.Connection, read: sqlite3.Connection) -> tuple[int, dict[int, str]]:
    """Fill the store's ``similar`` table for the current corpus through ``db``, the letters
    read through ``read`` (another connection to the store); the rows written, and each
    letter's digest of its items' lists by its position.

    A digest covers every row the letter's lists are made from, as its case page shows them
    (the earlier item's case, label, number, item, decision, date and the reasons in common;
    never a position, which is this build's): the same rows, the same digest. A letter's rows
    come in the same order whenever they are the same (its items' groups in order, then each
    item's candidates), so they are hashed as they come, and memory holds a hash per letter,
    not the table. (Reading the table back joined to the letters for this took as long as
    making it.)

    Another process may write the store meanwhile (the open-data files keep their pieces
    there): reading through the connection that writes would make its first write fail (a
    connection that read a snapshot of the store cannot write once another one has written
    since), hence the second connection; and the rows are committed ``_COMMIT_ROWS`` at a
    time, so the other writer is not kept waiting for the whole table."""
    db.execute("DROP TABLE IF EXISTS similar")
    db.execute(
        "CREATE TABLE similar (position INTEGER NOT NULL, idx INTEGER NOT NULL, "
        "other_position INTEGER NOT NULL, other_idx INTEGER NOT NULL, shared INTEGER NOT NULL, "
        "day TEXT NOT NULL, slug TEXT NOT NULL)"
    )
    db.commit()
    rows = pending = 0
    lists: dict[int, Any] = {}
    for group in _groups(read):
        batch = []
        for m, o, shared in _precedents(group):
            batch.append((m.position, m.idx, o.position, o.idx, shared, o.day, o.slug))
            if m.position not in lists:
                lists[m.position] = hashlib.sha256()
            shown = (m.idx, o.slug, o.idx, shared, o.day, *o.shown)
            lists[m.position].update(repr(shown).encode("utf-8"))
        db.executemany("INSERT INTO similar VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
        rows += len(batch)
        pending += len(batch)
        if pending >= _COMMIT_ROWS:
            db.commit()
            pending = 0
    db.execute("CREATE INDEX similar_item ON similar(position, idx)")
    db.commit()
    return rows, {position: found.hexdigest() for position, found in lists.items()}


@dataclass(frozen=True)
class Similar(ItemRow):
    """An earlier item like this one, as its case page lists it: a list's row of it and the
    reasons the two have in common."""

    shared: int


_LISTED = (
    "SELECT s.position, s.idx, l.slug, l.label, i.idx, i.item, i.decision, l.decision_date, "
    "max(s.shared) AS shared, s.day FROM similar s "
    "JOIN letters l ON l.position = s.other_position "
    "JOIN items i ON i.sha256 = l.sha256 AND i.idx = s.other_idx "
    "{where} GROUP BY s.position, s.idx, s.other_position, s.other_idx "
    "ORDER BY s.position, s.idx, shared DESC, s.day DESC, s.slug DESC, i.idx DESC"
)


def _lists(
    rows: Iterator[tuple[object, ...]],
) -> Iterator[tuple[int, dict[int, tuple[Similar, ...]]]]:
    """(position, its items' lists) from ``_LISTED`` rows, a letter at a time."""
    current: int | None = None
    found: dict[int, list[Similar]] = {}
    for position, idx, *values in rows:
        if position != current:
            if current is not None:
                yield current, {i: tuple(s) for i, s in found.items()}
            current, found = int(str(position)), {}
        listed = found.setdefault(int(str(idx)), [])
        if len(listed) < SHOWN:
            listed.append(Similar(*values[:7]))  # type: ignore[arg-type]
    if current is not None:
        yield current, {i: tuple(s) for i, s in found.items()}


def similar_items(db: sqlite3.Connection, position: int) -> dict[int, tuple[Similar, ...]]:
    """A letter's items' lists, by item number: an earlier item found under several sections
    once (its most reasons in common), best first."""
    rows = db.execute(_LISTED.format(where="WHERE s.position = ?"), (position,))
    return next((lists for _p, lists in _lists(rows)), {})
