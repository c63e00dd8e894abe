"""Aggregation as queries over the store: every count equals the count made in Python from the
records themselves, and the Data quality lists name the right case for every problem."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from pathlib import Path

import pytest

from generator.aggregate import ROLES, ItemList, aggregate
from generator.breakdowns import breakdowns
from generator.build import build
from generator.catalog import drug_slugs_of
from generator.lists import Lists, item_source, problem_rows, problem_source
from generator.slugs import slugify
from generator.store import Store
from tests.conftest import FIXTURES, REAL_LETTERS, SEEDS
from tests.letters import item, letter

HEADER = "Case Number: CM16-0900009\n"


def _built(tmp: Path, letters: list[Path]) -> Store:
    source = tmp / "letters"
    source.mkdir(parents=True)
    for path in letters:
        shutil.copy(path, source)
    build(source, tmp / "docs", out=io.StringIO(), store=tmp / "s.sqlite", jobs=1)
    return Store(tmp / "s.sqlite")


def test_every_count_equals_the_records_own(tmp_path: Path) -> None:
    """Per drug, section (each side), kind and specialty: the outcomes SQL counts are the ones
    counted from the records (each item once per group, however often it cites a section)."""
    letters = [*SEEDS.glob("*.txt"), FIXTURES / "hostile" / "hostile_letter.txt"]
    if REAL_LETTERS.is_dir():
        letters += sorted(REAL_LETTERS.glob("*.txt"))[:60]
    store = _built(tmp_path, letters)
    from generator.normalize import Normalizer

    catalog = Normalizer.load().catalog()
    corpus = aggregate(store.db, catalog, store.failures())
    drugs: Counter[tuple[str, str]] = Counter()
    sections: Counter[tuple[str, str, str]] = Counter()
    kinds: Counter[tuple[str, str]] = Counter()
    specialties: Counter[tuple[str, str]] = Counter()
    for stored in store.records():
        record = stored.record
        for issue in record.issues:
            for slug in drug_slugs_of(issue, catalog):
                drugs[(slug, issue.decision)] += 1
            kinds[(issue.treatment.kind or "other", issue.decision)] += 1
            for slug in {slugify(s) for s in record.reviewer.specialties}:
                specialties[(slug, issue.decision)] += 1
            for role in ROLES:
                cited = {
                    (c.document_slug, c.slug or "")
                    for c in issue.citations[role]
                    if c.document_slug and (c.document_slug, c.slug) in catalog.sections
                }
                for document, section in cited:
                    sections[(f"{document}/{section}", role, issue.decision)] += 1
    assert corpus.outcomes.total == sum(kinds.values()) > 0
    for slug, summary in corpus.drugs.items():
        assert summary.outcomes.upheld == drugs[(slug, "upheld")], slug
        assert (
            summary.outcomes.total
            == summary.items.count
            == sum(n for (s, _), n in drugs.items() if s == slug)
        )
    for kind, group in corpus.kinds.items():
        assert group.outcomes.total == sum(n for (k, _), n in kinds.items() if k == kind)
    for slug, group in corpus.specialties.items():
        assert group.outcomes.overturned == specialties[(slug, "overturned")], slug
    for (document, section), summary in corpus.sections.items():
        name = f"{document}/{section or ''}"
        assert summary.outcomes.total == sum(
            n for (k, r, _), n in sections.items() if k == name and r == "maximus"
        ), name
        for role in ROLES:
            assert summary.items[role].count == sum(
                n for (k, r, _), n in sections.items() if k == name and r == role
            ), (name, role)


def test_breakdowns_equal_the_records_own(tmp_path: Path) -> None:
    """Reasons per drug, kind and specialty, the items with no reason, outcomes by year and the
    reasons' own summaries: the SQL breakdowns (over numbered TEMP tables) equal the counts made
    from the records, and leave no TEMP table or open transaction behind."""
    letters = [*SEEDS.glob("*.txt")]
    if REAL_LETTERS.is_dir():
        letters += sorted(REAL_LETTERS.glob("*.txt"))[:60]
    store = _built(tmp_path, letters)
    catalog = _catalog()
    found = breakdowns(
        store.db, {slug: d.generic for slug, d in catalog.drugs.items()}, catalog.kind_labels
    )
    reasons: Counter[tuple[str, str, str]] = Counter()  # (group kind, key, reason)
    unassigned: Counter[tuple[str, str, str]] = Counter()  # (group kind, key, decision)
    years: Counter[tuple[str, str]] = Counter()  # (year, decision), the whole corpus
    by_reason: Counter[tuple[str, str]] = Counter()  # (reason, drug)
    for stored in store.records():
        record = stored.record
        year = (record.decision_date or "")[:4] or "undated"
        specialties = {slugify(s) for s in record.reviewer.specialties}
        for issue in record.issues:
            groups = [("kind", issue.treatment.kind or "other")]
            groups += [("drug", slug) for slug in drug_slugs_of(issue, catalog)]
            groups += [("specialty", slug) for slug in specialties]
            years[(year, issue.decision)] += 1
            for group in groups:
                if not issue.reasons:
                    unassigned[(*group, issue.decision)] += 1
                for reason in issue.reasons:
                    reasons[(*group, reason.key)] += 1
            for reason in issue.reasons:
                for slug in drug_slugs_of(issue, catalog):
                    by_reason[(reason.key, slug)] += 1
    assert reasons and unassigned
    for (kind, key, reason), n in reasons.items():
        assert dict(found.reasons_of(kind, key)).get(reason) == n, (kind, key, reason)
    for (kind, key, decision), n in unassigned.items():
        assert getattr(found.unassigned[(kind, key)], decision) == n, (kind, key, decision)
    assert {(y, d): getattr(o, d) for y, o in found.years_of("all", "") for d in
            ("upheld", "overturned") if getattr(o, d)} == +years  # fmt: skip
    for (reason, slug), n in by_reason.items():
        drugs = {c.key: c.outcomes.total for c in found.reason_summaries[reason].by_drug}
        assert drugs[slug] == n, (reason, slug)
    assert not store.db.execute("SELECT name FROM sqlite_temp_master").fetchall()
    assert not store.db.in_transaction


def test_every_item_list_read_in_one_pass_is_its_own_query(tmp_path: Path) -> None:
    """``Lists.read_item_lists`` (one pass over the items for the summary pages) gives each
    item list the first rows and the rows per month its own query gives: drugs, kinds,
    specialties, reasons and sections (each side, an item once however often it cites one)."""
    letters = [*SEEDS.glob("*.txt"), FIXTURES / "hostile" / "hostile_letter.txt"]
    if REAL_LETTERS.is_dir():
        letters += sorted(REAL_LETTERS.glob("*.txt"))[:60]
    store = _built(tmp_path, letters)
    db = store.db
    names = [("drug", r[0]) for r in db.execute("SELECT DISTINCT drug_slug FROM item_drugs")]
    names += [("kind", r[0]) for r in db.execute("SELECT DISTINCT kind FROM items")]
    names += [("specialty", r[0]) for r in db.execute("SELECT DISTINCT slug FROM specialties")]
    names += [("reason", r[0]) for r in db.execute("SELECT DISTINCT reason FROM item_reasons")]
    names += [("section", *r) for r in db.execute(
        "SELECT DISTINCT document_slug, section_slug, role FROM citations WHERE listed"
    )]  # fmt: skip
    names.append(("drug", "no-such-drug"))
    assert len({n[0] for n in names}) == 5 and len(names) > 40
    queried, passed = Lists(db), Lists(db)
    passed.read_item_lists(4)
    longer = 0
    for by, *key in names:
        source = item_source(ItemList(by, tuple(key), 0))
        assert passed.newest(source, 4) == queried.newest(source, 4), (by, key)
        assert passed.newest(source, 2) == queried.newest(source, 2), (by, key)
        for length in (4, 7):
            assert passed.periods(source, length) == queried.periods(source, length), (by, key)
        longer += queried.count(source) > 4
    assert longer > 10  # the first rows are a cut of longer lists
    # More rows than were read: asked of the store.
    source = item_source(ItemList("kind", ("drug",), 0))
    assert len(passed.newest(source, 9)) == 9 == len(queried.newest(source, 9))


def test_every_problem_names_its_case(tmp_path: Path) -> None:
    """A multi-item letter whose first item counts a drug under a section and whose later item
    has a note: every Data quality row of it names its case and item."""
    text = letter(
        item("Baclofen 10mg #90: Upheld")
        + item("Consider LAO (long acting opioid): Upheld")
        + item("Foo bar widget: Upheld"),
        header=HEADER,
    )
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    store = _built(tmp_path / "b", [path])
    lists = Lists(store.db)
    corpus = aggregate(store.db, _catalog(), store.failures())
    rows = [
        row
        for key in ("notes", "warnings")
        for row in problem_rows(lists.newest(problem_source(corpus.problems[key]), 100))
    ]
    assert {r.index for r in rows} >= {2, 3}
    assert {(r.case_slug, r.case_label) for r in rows} == {("CM16-0900009", "CM16-0900009")}


def _catalog():  # type: ignore[no-untyped-def]
    from generator.normalize import Normalizer

    return Normalizer.load().catalog()


@pytest.mark.parametrize("key", ["unresolved", "warnings", "notes"])
def test_problem_counts_equal_their_lists(tmp_path: Path, key: str) -> None:
    letters = [*SEEDS.glob("*.txt"), FIXTURES / "hostile" / "hostile_letter.txt"]
    store = _built(tmp_path, letters)
    corpus = aggregate(store.db, _catalog(), store.failures())
    problems = corpus.problems[key]
    assert Lists(store.db).count(problem_source(problems)) == problems.count
