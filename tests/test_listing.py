"""Bounded pages: a summary page lists its newest rows; the full list is split by year (a busy
year by month) into numbered pages of at most LIST_PAGE_ROWS rows, every row on exactly one, read
from the store as a stream."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from generator.aggregate import ItemList, ProblemList
from generator.build import build
from generator.lists import UNDATED, Lists
from generator.pages import listing
from generator.pages.common import item_table
from generator.pages.indexes import _bounded_problems
from generator.pages.listing import (
    LIST_PAGE_ROWS,
    QUALITY_PAGE_ROWS,
    QUALITY_ROWS,
    RECENT_ROWS,
    list_pages,
    period_label,
    plan,
)
from generator.store import Store
from tests.test_store import _copies


def _store(tmp: Path, dates: list[str | None], notes: int = 0) -> Store:
    """A store whose corpus is one item per letter, each on the drug page "x", with the
    decision dates given; and ``notes`` notes on the first letter."""
    store = Store(tmp / "s.sqlite")
    for n, date in enumerate(dates):
        sha = f"{n:064d}"
        store.db.execute(
            "INSERT INTO records VALUES (?, '{}', NULL, NULL, 'current', 0, ?, ?, 1, 1, 0, 0, ?, "
            "'[]')",
            (sha, f"CM{n:06d}", date, f"Item {n}"),
        )
        store.db.execute(
            "INSERT INTO items VALUES (?, 1, ?, 'upheld', 'drug', NULL, NULL, 'x', NULL, '', "
            "'x', NULL, NULL, 0, 1)",
            (sha, f"Item {n}"),
        )
        store.db.execute("INSERT INTO item_drugs VALUES (?, 1, 'x')", (sha,))
        store.db.execute(
            "INSERT INTO letters VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
            (n, f"l{n}", f"l{n}.txt", sha, f"CM{n:06d}", date, f"CM{n:06d}"),
        )
    for k in range(notes):
        store.db.execute("INSERT INTO problems VALUES (?, 1, ?, 'note', ?)",
                         (f"{0:064d}", k, f"note {k}"))  # fmt: skip
    store.commit()
    return store


DATES: list[str | None] = (
    ["2016-12-09"] * (LIST_PAGE_ROWS + 10)  # a busy month: two pages
    + ["2017-01-03"] * 5
    + [None] * 3
)


def test_months_and_numbered_pages(tmp_path: Path) -> None:
    store = _store(tmp_path, DATES)
    lists = Lists(store.db)
    items = ItemList("drug", ("x",), len(DATES))
    table, spec = item_table(lists, items, "drugs/x/", "Every item", "drugs/x/items/", "Items: x")
    assert spec is not None
    assert len(table.rows) == RECENT_ROWS and table.total == len(DATES)
    assert table.rows[0].date == "2017-01-03"  # newest first
    # A quiet year is one page; a busy one (over LIST_PAGE_ROWS) is listed by month, its year
    # page listing the months, and a busy month goes on to numbered pages.
    assert [(p.label, p.count) for p in table.periods] == [
        ("2017", 5),
        ("December 2016", LIST_PAGE_ROWS + 10),
        ("No decision date", 3),
    ]
    pages = [listed.make() for listed in list_pages(lists, spec)]
    assert [p.url for p in pages] == [
        "drugs/x/items/2017/",
        "drugs/x/items/2016-12/",
        "drugs/x/items/2016-12/2/",
        "drugs/x/items/undated/",
        "drugs/x/items/2016/",
    ]
    year = pages[-1].context
    assert [(m.label, m.url) for m in year.months] == [  # type: ignore[attr-defined]
        ("December 2016", "../../../../drugs/x/items/2016-12/")
    ]
    assert [(link.label, link.url) for link in table.periods[1].pages] == [
        ("1", "../../drugs/x/items/2016-12/"),
        ("2", "../../drugs/x/items/2016-12/2/"),
    ]
    tables = [p.context.table for p in pages[:-1]]  # type: ignore[attr-defined]
    listed = [row.item for t in tables for row in t.rows]
    assert sorted(listed) == sorted(f"Item {n}" for n in range(len(DATES)))  # every row once
    assert max(len(t.rows) for t in tables) <= LIST_PAGE_ROWS
    assert {p.url for p in pages} == {p.url for p in plan(lists, spec).pages} | {
        "drugs/x/items/2016/"
    }


def test_a_short_list_is_not_split(tmp_path: Path) -> None:
    lists = Lists(_store(tmp_path, [None]).db)
    table, spec = item_table(
        lists, ItemList("drug", ("x",), 1), "drugs/x/", "Every item", "drugs/x/items/", "x"
    )
    assert spec is None and table.periods == () and len(table.rows) == 1


def test_period_label() -> None:
    assert (period_label("2016-02"), period_label("2016")) == ("February 2016", "2016")


def test_every_item_is_two_clicks_from_its_drug_page(tmp_path: Path) -> None:
    source = _copies(tmp_path / "letters", 60)
    docs = tmp_path / "docs"
    build(source, docs, out=io.StringIO(), store=tmp_path / "s.sqlite", jobs=1)
    drug = (docs / "drugs" / "baclofen.md").read_text(encoding="utf-8")
    month_links = re.findall(r'<li><a href="([^"]+)">No decision date</a>', drug)
    assert month_links == ["../../drugs/baclofen/items/undated/"]
    listed = (docs / "drugs" / "baclofen" / "items" / "undated.md").read_text(encoding="utf-8")
    cases = set(re.findall(r'href="\.\./\.\./\.\./\.\./cases/(copy-\d+)/#item-\d+"', listed))
    with_baclofen = {
        p.stem for p in source.glob("*.txt") if "baclofen" in p.read_text(encoding="utf-8").lower()
    }
    assert len(cases) > RECENT_ROWS
    assert cases <= with_baclofen
    # The cases index lists the newest 50 and links every case's period page.
    index = (docs / "cases" / "index.md").read_text(encoding="utf-8")
    assert index.count("<tr><td><a href") == 50
    every = (docs / "cases" / "by-date" / "undated.md").read_text(encoding="utf-8")
    assert every.count("<tr><td><a href") == 60


def test_the_data_quality_page_stays_small(tmp_path: Path) -> None:
    """Its lists show their first QUALITY_ROWS rows; every row is on a numbered page."""
    lists = Lists(_store(tmp_path, ["2020-01-01"], notes=2500).db)
    view, spec = _bounded_problems(ProblemList("notes", 2500), "Notes", "quality/", lists)
    assert spec is not None
    assert len(view.rows) == QUALITY_ROWS and view.total == 2500
    pages = [listed.make() for listed in list_pages(lists, spec)]
    assert [p.url for p in pages] == ["quality/notes/1/", "quality/notes/2/", "quality/notes/3/"]
    assert [link.url for link in view.pages] == ["../quality/notes/1/", "../quality/notes/2/",
                                                 "../quality/notes/3/"]  # fmt: skip
    listed = [row.text for p in pages for row in p.context.rows]  # type: ignore[attr-defined]
    assert listed == [f"note {k}" for k in range(2500)]
    assert max(len(p.context.rows) for p in pages) <= QUALITY_PAGE_ROWS  # type: ignore[attr-defined]


def test_pages_read_by_period_are_the_pages_read_as_one_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incremental build reads only the pages of the periods it touched, a query for each
    (``Lists.period_rows``): the second page of a busy month, a quiet year and the undated
    rows come out as they do from the whole list read in order."""
    store = _store(tmp_path, DATES)
    lists = Lists(store.db)
    items = ItemList("drug", ("x",), len(DATES))
    _table, spec = item_table(lists, items, "drugs/x/", "Every item", "drugs/x/items/", "Items")
    assert spec is not None
    streamed = {p.url: p.made_of for p in list_pages(lists, spec)}
    assert len(streamed) == 5  # 2017, December 2016 (two pages), undated, the 2016 year page
    # Every page wanted reads the list as one stream; made to read each by its period:
    monkeypatch.setattr(listing, "PERIOD_QUERIES", len(streamed))
    by_period = {p.url: p.made_of for p in list_pages(lists, spec, lambda page: True)}
    assert by_period == streamed
    skipped = list(list_pages(lists, spec, lambda page: page.number == 2))
    assert [p.url for p in skipped] == list(streamed)
    assert [p.made_of is not None for p in skipped] == [False, False, True, False, True]
    # The rows of some periods read beforehand for every list in one pass
    # (``Lists.read_item_periods``) and given: those pages come from them, not from the store.
    periods = frozenset({"2016-12", UNDATED})
    found = lists.read_item_periods({spec.source.item_list: periods, ("drug", "y"): periods})
    assert list(found) == [spec.source.item_list]
    assert len(found[spec.source.item_list]) == LIST_PAGE_ROWS + 10 + 3
    given = Lists(store.db)
    given.plans[spec] = plan(lists, spec)
    given.give(spec.source, periods, found[spec.source.item_list])
    store.db.execute("DELETE FROM items WHERE substr(sha256, 60) != '00512'")  # one of 2017 left
    from_given = {p.url: p.made_of for p in list_pages(given, spec, lambda p: p.period in periods)
                  if p.made_of is not None}  # fmt: skip
    assert list(from_given) == ["drugs/x/items/2016-12/", "drugs/x/items/2016-12/2/",
                                "drugs/x/items/undated/", "drugs/x/items/2016/"]  # fmt: skip
    assert from_given == {url: streamed[url] for url in from_given}
    # A period not given is read from the store (what is left of it: one item).
    (only,) = [p.made_of for p in list_pages(given, spec, lambda p: p.period == "2017")
               if p.made_of is not None and p.url.endswith("/2017/")]  # fmt: skip
    assert len(only[1]) == 1  # type: ignore[index]


def test_a_short_data_quality_list_is_read_as_one_stream_in_an_incremental_build(
    tmp_path: Path,
) -> None:
    """The Data quality lists have no periods to read by: however few of its pages an
    incremental build wants, such a list is read whole (at 1,000 letters a list of two pages
    once went to a period query, which is no SQL for it)."""
    store = _store(tmp_path, [None], notes=1500)
    lists = Lists(store.db)
    _view, spec = _bounded_problems(ProblemList("notes", 1500), "Notes", "quality/", lists)
    assert spec is not None
    pages = list(list_pages(lists, spec, lambda page: False))
    assert [p.url for p in pages] == ["quality/notes/1/", "quality/notes/2/"]
    assert all(p.make is not None for p in pages)
