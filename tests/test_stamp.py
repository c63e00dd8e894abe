"""Stamped pages equal MkDocs' own: the converter against Python-Markdown with mkdocs.yml's
extensions (every generated page, hostile headings), and a whole site built both ways, byte for
byte; the subset's refusals; the link check."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from generator.build import build
from generator.errors import GeneratorError
from generator.markup import md_line
from generator.publish import prepare
from generator.stamp import NotStampable, check_links, convert, read_page
from generator.stamping import build_stamped, check_addressed, stamped_pages
from tests.conftest import FIXTURES, ROOT, SEEDS

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
LETTERS = [
    *SEEDS.glob("*.txt"),
    FIXTURES / "hostile" / "hostile_letter.txt",
    *(ROOT / "tests" / "e2e" / "fixtures").glob("*.txt"),
]


def _python_markdown() -> markdown.Markdown:
    """Python-Markdown as MkDocs sets it up from mkdocs.yml."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    )


def _site_docs(tmp: Path, site_url: str | None = None) -> tuple[Path, Path]:
    """Docs generated from the seeds and the hostile letters, and a configuration for them."""
    source = tmp / "letters"
    source.mkdir()
    for letter in LETTERS:
        shutil.copy(letter, source)
    layout = prepare(ROOT, tmp / "out")
    build(source, layout.docs, out=io.StringIO(), store=tmp / "s.sqlite", jobs=1)
    if site_url:
        with open(layout.config, "a", encoding="utf-8") as config:
            config.write(f"site_url: {site_url}\n")
    return layout.docs, layout.config


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site_docs(tmp_path_factory.mktemp("stamp"))[0]


def test_every_stamped_page_converts_as_python_markdown_does(docs: Path) -> None:
    md = _python_markdown()
    pages = stamped_pages(docs)
    assert len(pages) >= 40 and any(p.startswith("cases/") for p in pages)
    for path in pages:
        text = (docs / path).read_text(encoding="utf-8")
        body = text[text.find("\n---\n", 3) + 5 :]
        assert convert(body, path).html == md.reset().convert(body), path
        assert read_page(text, path).body.headings[0].level == 1


@settings(max_examples=1000, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(str.strip))
def test_an_escaped_heading_converts_as_python_markdown_does(text: str) -> None:
    """Whatever a letter names an item, its heading comes out as MkDocs would write it."""
    body = f"# {md_line(text)}\n\n## {md_line(text)} {{ #item-1 }}\n"
    converted = convert(body)
    assert converted.html == _MD.reset().convert(body)
    toc = _MD.toc_tokens  # type: ignore[attr-defined]
    assert [h.toc_title for h in converted.headings] == [toc[0]["name"]] + [
        c["name"] for c in toc[0]["children"]
    ]


_MD = _python_markdown()


# A body outside the stampable subset, refused with its line.
REFUSED = [
    ("# T\n\nA paragraph of Markdown.\n", "line 3"),  # plain text
    ("# T\n\n- a list item\n", "line 3"),  # a Markdown list
    ("# T\n\n<span>inline tag first</span>\n", "line 3"),  # Python-Markdown starts a paragraph
    ("# T\ntext right under the heading\n", "line 2"),  # joined to the heading's block
]


@pytest.mark.parametrize(("body", "where"), REFUSED)
def test_a_body_outside_the_subset_is_refused(body: str, where: str) -> None:
    with pytest.raises(NotStampable, match=where):
        convert(body, "p.md")


# Front matter or structure the shells cannot stand for.
REFUSED_PAGES = [
    "---\ntitle: T\ndescription: D\nhide: [toc]\n---\n# T\n",  # the theme reads "hide"
    "---\ntitle: T\n---\n# T\n",  # no description: the theme would print the site's
    "---\ntitle: T\ndescription: D\n---\n## Not a title\n",  # no level-1 heading first
    "---\ntitle: T\ndescription: D\n---\n# T\n\n### Deeper\n",  # only level-2 below it
    "# T\n",  # no front matter
]


@pytest.mark.parametrize("text", REFUSED_PAGES)
def test_a_page_the_shells_cannot_stand_for_is_refused(text: str) -> None:
    with pytest.raises(NotStampable):
        read_page(text, "p.md")


KNOWN = frozenset({"", "drugs/baclofen/", "cases/X/", "charts/a.svg", "cases/X.json"})
# (page, link, problem expected)
LINKS = [
    ("cases/X/", "../../drugs/baclofen/", False),  # root-anchored link to a page
    ("cases/X/", "../../drugs/baclofen/#items", False),  # another page's anchor: not checked
    ("cases/X/", "../../charts/a.svg", False),  # a file
    ("cases/X/", "../../cases/X.json", False),  # the record beside the page
    ("cases/X/", "../..", False),  # the home page
    ("cases/X/", "#here", False),  # an anchor the page has
    ("cases/X/", "#gone", True),  # an anchor it lacks
    ("cases/X/", "../../drugs/tramadol/", True),  # no such page
    ("cases/X/", "../../../../drugs/baclofen/", True),  # above the site's root
    ("cases/X/", "https://example.org/", True),  # another host
    ("cases/X/", "//example.org/x", True),  # another host, scheme-relative
]


@pytest.mark.parametrize(("url", "link", "problem"), LINKS)
def test_links_of_a_stamped_page_are_checked(url: str, link: str, problem: bool) -> None:
    page = f'<h2 id="here">H</h2><p><a href="{link}">x</a></p>'
    assert bool(check_links(page, url, KNOWN)) is problem


def test_words_that_read_like_a_link_are_not_one() -> None:
    """A letter's words, escaped, may read 'href="..."' (quotes are not escaped in element
    text): they are no link to check."""
    page = '<h2 id="here">1. x href="http://evil.example" id="gone"</h2><p>src="../nowhere/"</p>'
    assert check_links(page, "cases/X/", KNOWN) == []


_URL = re.compile(r"<url>.*?</url>", re.S)


def _mkdocs(config: Path, site: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config),
               "-d", str(site)]  # fmt: skip
    subprocess.run(command, env=ENV, check=True, capture_output=True)


def _html(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


@pytest.mark.parametrize("site_url", [None, "https://imr.example.org/explorer/"])
def test_a_stamped_site_equals_the_site_mkdocs_builds_whole(
    tmp_path: Path, site_url: str | None
) -> None:
    """Every page of the stamped site is byte for byte the page MkDocs writes when it builds
    every page itself; with site_url set (canonical links, a sitemap) too."""
    docs, config = _site_docs(tmp_path, site_url)
    whole, stamped = tmp_path / "whole", tmp_path / "stamped"
    _mkdocs(config, whole)
    assert build_stamped(config, docs, stamped, 2, ENV, ROOT / "overrides").returncode == 0
    one, two = _html(whole), _html(stamped)
    assert sorted(one) == sorted(two)
    assert [k for k in one if one[k] != two[k]] == []
    assert len([k for k in two if k.startswith("cases/")]) > len(LETTERS)
    assert not (docs / "_stamp").exists() and not (stamped / "_stamp").exists()
    entries = [
        _URL.findall((s / "sitemap.xml").read_text(encoding="utf-8")) for s in (whole, stamped)
    ]
    assert sorted(entries[0]) == sorted(entries[1])
    assert len(entries[1]) == (len(one) - 1 if site_url else 0)  # every page but 404.html


def test_a_broken_link_on_a_stamped_page_fails_the_build(tmp_path: Path) -> None:
    docs, config = _site_docs(tmp_path)
    case = next(p for p in (docs / "cases").glob("*.md") if p.name != "index.md")
    case.write_text(case.read_text(encoding="utf-8") + '\n<p><a href="../gone/">x</a></p>\n')
    with pytest.raises(GeneratorError, match=r"broken link.*\n.*gone"):
        build_stamped(config, docs, tmp_path / "site", 1, ENV, ROOT / "overrides")


def test_a_page_outside_the_subset_fails_the_build(tmp_path: Path) -> None:
    docs, config = _site_docs(tmp_path)
    case = next(p for p in (docs / "drugs").glob("*.md") if p.name != "index.md")
    case.write_text(case.read_text(encoding="utf-8") + "\nA stray paragraph.\n")
    with pytest.raises(NotStampable, match="stray paragraph"):
        build_stamped(config, docs, tmp_path / "site", 1, ENV, ROOT / "overrides")


def test_links_mkdocs_leaves_as_they_are_are_checked_against_the_site() -> None:
    """A Markdown link to a page's address ("../guidelines/odg-pain/") in a page MkDocs builds
    is left as it is (an INFO line); it is checked against the finished site instead."""
    known = frozenset({"", "guidelines/", "guidelines/odg-pain/", "data/", "charts/a.svg"})
    links = [
        ("guidelines/index.md", "../guidelines/odg-pain/"),
        ("guidelines/index.md", "odg-pain/#pain"),
        ("index.md", "charts/a.svg"),
        ("data.md", "../guidelines/"),
    ]
    assert check_addressed(links, known) == []
    broken = [("guidelines/index.md", "../guidelines/odg-knee/"), ("index.md", "../../up/")]
    assert check_addressed(broken, known) == [
        "guidelines/: link to ../guidelines/odg-knee/: no such page or file",
        ": link to ../../up/: no such page or file",
    ]
