"""The site's search (Pagefind): what the generated pages give the index, what the theme's
search box knows, and the publish step's indexing. The browser side is in tests/e2e."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build import build
from generator.pages.common import SEARCH_FILTERS, search_view
from generator.search_index import (
    BUNDLE_CASES,
    FIRST_CASES,
    JOINED_CASES,
    MANIFEST,
    MORE_CASES,
    SEARCH_BUNDLE,
    for_index,
    index_search,
    is_case_page,
    plan_bundles,
)
from generator.stamping import Indexed
from generator.write import GENERATED
from tests.conftest import FIXTURES, ROOT, SEEDS

PARTIAL = ROOT / "overrides" / "partials" / "search.html"
SEARCH_DATA = re.compile(r'<div class="search-data" hidden data-pagefind-ignore>(.*?)</div>')


def test_search_box_offers_every_filter_the_pages_carry() -> None:
    keys = re.findall(r'\("([a-z_]+)", "[^"]+"\)', PARTIAL.read_text(encoding="utf-8"))
    assert tuple(keys) == SEARCH_FILTERS


def test_search_box_is_not_materials() -> None:
    """Material's bundle starts its own search (and fetches search/search_index.json, which is
    not built) for a data-md-component="search" element or a form named "search"."""
    text = re.sub(r"\{#.*?#\}", "", PARTIAL.read_text(encoding="utf-8"), flags=re.S)
    assert 'data-md-component="search"' not in text
    assert 'name="search"' not in text


def test_material_search_plugin_is_off() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["plugins"] == []  # an absent key would mean MkDocs' default: ["search"]
    assert config["theme"]["custom_dir"] == "overrides"
    assert not [f for f in config["theme"]["features"] if f.startswith("search.")]
    assert "assets/javascripts/search.js" in config["extra_javascript"]


@pytest.mark.parametrize(
    ("values", "names", "expected_filters", "expected_names"),
    [
        # empty values and repeats dropped, filters in SEARCH_FILTERS order, then by value
        (
            [("year", "2016"), ("decision", "Upheld"), ("decision", "Overturned"),
             ("decision", "Upheld"), ("category", None), ("page", "Case")],
            (),
            (("page", "Case"), ("decision", "Overturned"), ("decision", "Upheld"),
             ("year", "2016")),
            "",
        ),
        # a drug's names: generic first, repeats dropped
        ([("page", "Drug")], ("baclofen", "Lioresal", "Lioresal", ""),
         (("page", "Drug"),), "baclofen, Lioresal"),
    ],
)  # fmt: skip
def test_search_view(
    values: list[tuple[str, str | None]],
    names: tuple[str, ...],
    expected_filters: tuple[tuple[str, str], ...],
    expected_names: str,
) -> None:
    view = search_view("T", values, names)
    assert view.filters == expected_filters
    assert view.names == expected_names


def test_search_view_rejects_an_unknown_filter() -> None:
    with pytest.raises(ValueError, match="not a search filter"):
        search_view("T", [("colour", "red")])


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<h1>Voltaren® Gel</h1>", "<h1>Voltaren Gel</h1>"),  # the character
        ("<h1>Voltaren&reg; Gel</h1>", "<h1>Voltaren Gel</h1>"),  # named entity
        ("Botox&#174;; Myobloc&#xAE;", "Botox; Myobloc"),  # numeric entities
        ("Brand™ and Brand&trade;", "Brand and Brand"),  # trade mark sign
        ("&amp;reg; stays text", "&amp;reg; stays text"),  # an escaped "&reg;" is not a sign
    ],
)
def test_for_index_drops_trademark_signs(html: str, expected: str) -> None:
    assert for_index(html) == expected


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("search")
    source = tmp / "letters"
    source.mkdir()
    for letter in [*SEEDS.glob("*.txt"), FIXTURES / "hostile" / "hostile_letter.txt"]:
        shutil.copy(letter, source)
    docs = tmp / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns(*GENERATED))
    build(source, docs, out=io.StringIO())
    return docs


def _search_data(page: Path) -> str:
    found = SEARCH_DATA.findall(page.read_text(encoding="utf-8"))
    assert len(found) == 1, page
    return str(found[0])


def test_case_page_carries_its_filters(docs: Path) -> None:
    data = _search_data(docs / "cases" / "001_a5bd9920a7114176.md")
    assert '<span data-pagefind-filter="page">Case</span>' in data
    assert '<span data-pagefind-filter="decision">Upheld</span>' in data
    assert '<span data-pagefind-filter="drug_class">Muscle relaxant</span>' in data
    assert '<span data-pagefind-filter="treatment">Drugs</span>' in data
    assert '<span data-pagefind-filter="category">Pharmaceuticals</span>' in data
    assert '<span data-pagefind-filter="guideline">' in data
    assert '<span data-pagefind-filter="specialty">' in data


def test_drug_and_section_pages_carry_names_and_filters(docs: Path) -> None:
    drug = _search_data(docs / "drugs" / "baclofen.md")
    assert '<span data-pagefind-meta="names">baclofen, Lioresal' in drug
    assert '<span data-pagefind-filter="page">Drug</span>' in drug
    section = _search_data(
        docs / "guidelines" / "mtus-chronic-pain" / "muscle-relaxants-for-pain.md"
    )
    assert '<span data-pagefind-filter="page">Guideline section</span>' in section
    assert (
        '<span data-pagefind-filter="guideline">Chronic Pain Medical Treatment Guidelines (MTUS)</span>'
        in section
    )


def test_hostile_letter_search_data_is_text(docs: Path) -> None:
    """The letter's words reach the result title and filter values escaped: no element or
    attribute of theirs, however they are quoted."""
    data = _search_data(docs / "cases" / "hostile_letter.md")
    assert "&lt;script&gt;" in data
    tags = re.findall(r"<(/?)([a-z]+)", data)
    assert {name for _, name in tags} == {"span"}, tags
    assert len(re.findall(r"<span ", data)) == len(re.findall(r"</span>", data))
    attributes = re.findall(r"<span ([^>]*)>", data)
    assert all(re.fullmatch(r'data-pagefind-(meta|filter)="[a-z_]+"', a) for a in attributes), (
        attributes
    )


def _page(root: Path, url: str, title: str) -> None:
    path = root / url / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<html lang="en"><body><nav>Menu</nav><article data-pagefind-body><h1>{title}</h1>'
        "</article></body></html>",
        encoding="utf-8",
    )


def test_index_search_makes_a_main_bundle_and_case_bundles(tmp_path: Path) -> None:
    pages, site = tmp_path / "pages", tmp_path / "site"
    _page(pages, "", "Home")
    _page(pages, "drugs/baclofen/", "Baclofen (Lioresal)")
    _page(pages, "cases/CM1/", "Case CM1")
    _page(pages, "cases/CM2/", "Case CM2")
    site.mkdir()
    indexed = [
        Indexed(url, date, url, True)
        for url, date in [("", None), ("drugs/baclofen/", None), ("cases/CM1/", "2016-05-01"),
                          ("cases/CM2/", None)]
    ]  # fmt: skip
    assert index_search(site, pages, indexed, 2, tmp_path / "scratch").pages == 4
    bundle = site / SEARCH_BUNDLE
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.*.pagefind"))
    manifest = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
    assert manifest == {
        "bundles": [
            {
                "key": "2016",
                "cases": 1,
                "years": {"2016": 1},
                "bytes": manifest["bundles"][0]["bytes"],
            },
            {"key": "undated", "cases": 1, "years": {}, "bytes": manifest["bundles"][1]["bytes"]},
        ],
        "cases": 2,
        "first": FIRST_CASES,
        "more": MORE_CASES,
    }
    assert all(b["bytes"] > 0 for b in manifest["bundles"])
    # A case bundle keeps its index; the loader, worker and WebAssembly are the main bundle's.
    kept = sorted(p.name for p in (bundle / "cases" / "2016").iterdir())
    assert "pagefind-entry.json" in kept and "fragment" in kept and "index" in kept
    assert not [k for k in kept if k.endswith(".js") or k.startswith("wasm")]
    main = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(lang["page_count"] for lang in main["languages"].values()) == 2
    assert not Path("pagefind").exists()  # nothing written to the working directory


def test_an_update_keeps_the_same_bundles_and_replaces_or_drops_the_others(
    tmp_path: Path,
) -> None:
    """With an earlier site, a bundle made of the same pages is kept there (nothing of it in
    the overlay); the main bundle indexed anew leaves none of its earlier files, and a bundle
    no period has now is removed: the site updated in place is what indexing it whole gives."""
    from generator.overlay import update_in_place
    from generator.stamping import Earlier

    pages, site = tmp_path / "pages", tmp_path / "site"
    for url in ("", "cases/CM1/", "cases/CM2/"):
        _page(pages, url, f"Page {url}")
    site.mkdir()
    first = [Indexed("", None, "h", True), Indexed("cases/CM1/", "2016-05-01", "1", True),
             Indexed("cases/CM2/", None, "2", True)]  # fmt: skip
    digests: dict[str, str] = {}
    index_search(site, pages, first, 1, tmp_path / "s1", None, digests)
    assert sorted(p.name for p in (site / SEARCH_BUNDLE / "cases").iterdir()) == [
        "2016", "undated"
    ]  # fmt: skip
    # The home page changes and CM2 goes: the 2016 bundle is the same, "undated" goes.
    shutil.rmtree(pages / "cases" / "CM2")
    _page(pages, "", "Home page rewritten")
    second = [Indexed("", None, "h2", True), first[1]]
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    searched = index_search(
        overlay, pages, second, 1, tmp_path / "s2", Earlier(site, digests), {}
    )  # fmt: skip
    assert not (overlay / SEARCH_BUNDLE / "cases").exists()  # 2016 kept in the site
    assert searched.folders == ("pagefind/cases/undated",)
    assert searched.gone  # the home page's earlier fragment, the earlier metadata
    update_in_place(overlay, site, searched.gone, searched.folders)
    whole = tmp_path / "whole"
    whole.mkdir()
    index_search(whole, pages, second, 1, tmp_path / "s3")

    def names(folder: Path) -> list[str]:
        return sorted(
            p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "/filter/" not in p.as_posix()
        )  # fmt: skip

    assert names(site / SEARCH_BUNDLE) == names(whole / SEARCH_BUNDLE)
    manifest = json.loads((site / SEARCH_BUNDLE / MANIFEST).read_text(encoding="utf-8"))
    assert [b["key"] for b in manifest["bundles"]] == ["2016"]
    assert manifest["bundles"][0]["bytes"] > 0  # the kept bundle's, measured in the site


def test_case_pages_are_told_from_the_others() -> None:
    assert is_case_page("cases/CM16-0247802/")
    assert not any(map(is_case_page, ["cases/", "cases/by-date/2016/", "drugs/x/", ""]))


def test_bundles_are_periods_of_bounded_size() -> None:
    """A quiet year is one bundle; a busy one is split by month; a busy month in parts. Newest
    first, undated last, every case in exactly one."""
    cases = [(f"cases/a{n:05d}/", "2017-03-01") for n in range(BUNDLE_CASES + 2)]
    cases += [(f"cases/b{n:05d}/", "2017-01-09") for n in range(3)]
    cases += [(f"cases/c{n:05d}/", "2016-12-31") for n in range(5)]
    cases += [("cases/d/", None)]
    bundles = plan_bundles(cases)
    assert [(b.key, len(b.urls), b.years) for b in bundles] == [
        ("2017-03", BUNDLE_CASES, ("2017",)),
        ("2017-03-2", 2, ("2017",)),
        ("2017-01", 3, ("2017",)),
        ("2016", 5, ("2016",)),
        ("undated", 1, ()),
    ]
    assert sorted(u for b in bundles for u in b.urls) == sorted(u for u, _ in cases)


def test_quiet_years_share_a_bundle_from_the_oldest() -> None:
    """A small collection is one bundle, not one a year (a first search would open them all);
    years are joined oldest first, so a past year's bundle does not move as the newest grows."""
    small = [(f"cases/s{y}{n}/", f"{y}-06-01") for y in range(2014, 2026) for n in range(80)]
    assert JOINED_CASES == 500
    assert [(b.key, len(b.urls), b.years) for b in plan_bundles(small)] == [
        ("2020-2025", 480, tuple(str(y) for y in range(2020, 2026))),
        ("2014-2019", 480, tuple(str(y) for y in range(2014, 2020))),
    ]
    half = JOINED_CASES // 2
    cases = [(f"cases/a{n:05d}/", "2015-02-01") for n in range(half)]
    cases += [(f"cases/b{n:05d}/", "2016-02-01") for n in range(half)]
    cases += [(f"cases/c{n:05d}/", "2017-02-01") for n in range(2)]  # would not fit: its own
    cases += [(f"cases/d{n:05d}/", "2018-02-01") for n in range(BUNDLE_CASES + 1)]  # by month
    cases += [(f"cases/e{n:05d}/", "2019-02-01") for n in range(3)]
    cases += [("cases/u1/", None), ("cases/u0/", None)]
    bundles = plan_bundles(cases)
    assert [(b.key, len(b.urls), b.years) for b in bundles] == [
        ("2019", 3, ("2019",)),
        ("2018-02", BUNDLE_CASES, ("2018",)),
        ("2018-02-2", 1, ("2018",)),
        ("2017", 2, ("2017",)),
        ("2015-2016", 2 * half, ("2015", "2016")),
        ("undated", 2, ()),
    ]
    assert bundles[-1].urls == ("cases/u0/", "cases/u1/")
    assert sorted(u for b in bundles for u in b.urls) == sorted(u for u, _ in cases)
    # More letters in the newest year leave the older bundles as they were.
    grown = plan_bundles(cases + [(f"cases/f{n:05d}/", "2019-05-01") for n in range(40)])
    assert grown[1:] == bundles[1:] and len(grown[0].urls) == 43


def test_a_year_too_big_to_join_is_split_in_half_years() -> None:
    """A year of more than JOINED_CASES (but not of more than BUNDLE_CASES) is two bundles, so
    a letter changed in it re-indexes half of it; a half with no case has no bundle."""
    cases = [(f"cases/a{n:05d}/", f"2019-{1 + n % 12:02d}-15") for n in range(JOINED_CASES + 1)]
    cases += [(f"cases/b{n:05d}/", "2018-08-01") for n in range(JOINED_CASES + 1)]
    bundles = plan_bundles(cases)
    assert [(b.key, len(b.urls), b.years) for b in bundles] == [
        ("2019-h2", 249, ("2019",)),
        ("2019-h1", 252, ("2019",)),
        ("2018-h2", JOINED_CASES + 1, ("2018",)),
    ]
