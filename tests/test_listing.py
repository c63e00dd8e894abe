"""Bounded pages: a summary page lists its newest rows; the full list is split by month of
decision into numbered pages of at most LIST_PAGE_ROWS rows, every row on exactly one."""

from __future__ import annotations

import io
import re
from pathlib import Path

from generator.aggregate import ItemRef
from generator.build import build
from generator.pages.common import item_table
from generator.pages.listing import LIST_PAGE_ROWS, RECENT_ROWS, period_label
from tests.test_store import _copies


def _ref(n: int, date: str | None) -> ItemRef:
    return ItemRef(f"CM{n:06d}", f"CM{n:06d}", 1, f"Item {n}", "upheld", date, "drug", ())


def test_months_and_numbered_pages() -> None:
    refs = (
        [_ref(n, "2016-12-09") for n in range(LIST_PAGE_ROWS + 10)]  # two pages
        + [_ref(10_000 + n, "2017-01-03") for n in range(5)]
        + [_ref(20_000 + n, None) for n in range(3)]
    )
    view, pages = item_table(refs, "drugs/x/", "Every item", "drugs/x/items/", "Items: x")
    assert len(view["rows"]) == RECENT_ROWS and view["total"] == len(refs)
    assert view["rows"][0]["date"] == "2017-01-03"  # newest first
    # A quiet year is one page; a busy one (over LIST_PAGE_ROWS) is listed by month, its year
    # page listing the months, and a busy month goes on to numbered pages.
    assert [(p["label"], p["count"]) for p in view["periods"]] == [
        ("2017", 5),
        ("December 2016", LIST_PAGE_ROWS + 10),
        ("No decision date", 3),
    ]
    assert [p.url for p in pages] == [
        "drugs/x/items/2017/",
        "drugs/x/items/2016-12/",
        "drugs/x/items/2016-12/2/",
        "drugs/x/items/2016/",
        "drugs/x/items/undated/",
    ]
    year = next(p for p in pages if p.url == "drugs/x/items/2016/")
    assert [(m["label"], m["url"]) for m in year.context["months"]] == [
        ("December 2016", "../../../../drugs/x/items/2016-12/")
    ]
    assert view["periods"][1]["pages"] == [
        {"label": "1", "url": "../../drugs/x/items/2016-12/"},
        {"label": "2", "url": "../../drugs/x/items/2016-12/2/"},
    ]
    listed = [
        row["item"] for p in pages if "table" in p.context for row in p.context["table"]["rows"]
    ]
    assert sorted(listed) == sorted(r.item for r in refs)  # every row once
    assert (
        max(len(p.context["table"]["rows"]) for p in pages if "table" in p.context)
        <= LIST_PAGE_ROWS
    )


def test_a_short_list_is_not_split() -> None:
    view, pages = item_table([_ref(1, None)], "drugs/x/", "Every item", "drugs/x/items/", "x")
    assert pages == [] and view["periods"] == [] and len(view["rows"]) == 1


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
    # The cases index lists the newest 50 and links every case's month page.
    index = (docs / "cases" / "index.md").read_text(encoding="utf-8")
    assert index.count("<tr><td><a href") == 50
    every = (docs / "cases" / "by-date" / "undated.md").read_text(encoding="utf-8")
    assert every.count("<tr><td><a href") == 60


def test_the_data_quality_page_stays_small(tmp_path: Path) -> None:
    """Its lists show their first QUALITY_ROWS rows; every row is on a numbered page."""
    from generator.aggregate import Corpus, Outcomes, Problem
    from generator.pages.indexes import QUALITY_PAGE_ROWS, QUALITY_ROWS, quality_page

    notes = [Problem(f"CM{n:05d}", f"CM{n:05d}", 1, "note", f"note {n}") for n in range(2500)]
    corpus = Corpus([], Outcomes(), {}, {}, {}, {}, {}, [], [], notes, [])
    page = quality_page(corpus)
    assert len(page.context["notes"]["rows"]) == QUALITY_ROWS
    assert page.context["notes"]["total"] == 2500
    assert [c.url for c in page.children] == [
        "quality/notes/1/",
        "quality/notes/2/",
        "quality/notes/3/",
    ]
    listed = [row["text"] for c in page.children for row in c.context["rows"]]
    assert listed == [p.text for p in notes]
    assert max(len(c.context["rows"]) for c in page.children) <= QUALITY_PAGE_ROWS
