"""The generated site: determinism, front matter, every link and anchor, escaping, golden pages.

One build of the seeds plus the hostile fixture letter (module-scoped), and a second build to
compare bytes. Golden pages: ``UPDATE_GOLDENS=1 nox -s tests -- tests/test_site.py`` rewrites
``tests/golden/pages/``; check the diff by eye before committing.
"""

from __future__ import annotations

import html
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mkdocs.utils.meta import get_data

from generator.build import build
from generator.normalize import Normalizer
from generator.pipeline import parse_paths
from generator.write import GENERATED
from tests.conftest import FIXTURES, GOLDEN, ROOT, SEEDS

HOSTILE = FIXTURES / "hostile" / "hostile_letter.txt"
PAGE_GOLDENS = GOLDEN / "pages"
# One page of each type, by path in docs/.
GOLDEN_PAGES = {
    "case": "cases/001_a5bd9920a7114176.md",
    "drug": "drugs/baclofen.md",
    "section": "guidelines/mtus-chronic-pain/muscle-relaxants-for-pain.md",
    "document": "guidelines/mtus-chronic-pain.md",
    "kind": "treatments/drug.md",
    "specialty": "specialties/family-practice.md",
    "drugs_index": "drugs/index.md",
    "cases_index": "cases/index.md",
    "quality": "quality/index.md",
}


def _source(tmp: Path) -> Path:
    source = tmp / "letters"
    source.mkdir()
    for letter in SEEDS.glob("*.txt"):
        shutil.copy(letter, source)
    shutil.copy(HOSTILE, source)
    return source


def _docs(tmp: Path) -> Path:
    docs = tmp / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns(*GENERATED))
    return docs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("site")
    source, docs = _source(tmp), _docs(tmp)
    build(source, docs, out=io.StringIO())
    return docs


def _generated(docs: Path) -> Iterator[Path]:
    for root in GENERATED:
        folder = docs / root
        if folder.exists():
            yield from sorted(p for p in folder.rglob("*") if p.is_file())


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = _docs(tmp_path)
    build(_source(tmp_path), again, out=io.StringIO())
    first = {p.relative_to(site).as_posix(): p.read_bytes() for p in _generated(site)}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in _generated(again)}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    assert any(k.endswith(".svg") for k in first)


def test_front_matter_holds_the_records_key_fields_and_the_json_the_record(site: Path) -> None:
    """Front matter read back with MkDocs' own parser holds the record's key fields; the JSON
    beside the page equals the record the CLI prints."""
    records = {o.record.id: o.record for o in parse_paths([SEEDS], Normalizer.load()) if o.record}
    for letter_id, record in records.items():
        _body, meta = get_data((site / "cases" / f"{letter_id}.md").read_text(encoding="utf-8"))
        record.slug = letter_id  # the build names the page; parsing leaves it empty
        saved = json.loads((site / "cases" / f"{letter_id}.json").read_text(encoding="utf-8"))
        assert saved == record.to_dict()
        assert meta["record"]["json"] == f"{letter_id}.json"
        assert (meta["record"]["sha256"], meta["record"]["case_number"]) == (
            record.sha256,
            record.case_number,
        )
        assert [(i["index"], i["item"], i["decision"]) for i in meta["record"]["items"]] == [
            (i.index, i.item, i.decision) for i in record.issues
        ]
        assert meta["search"] == {"boost": 0.5}


# --- links and anchors -----------------------------------------------------------------------

_HREF = re.compile(r"""\b(?:href|src)="([^"]*)\"""")
_HTML_ID = re.compile(r"""\bid="([^"]+)\"""")
_ATTR_ID = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$", re.M)


def _url_of(docs: Path, md: Path) -> str:
    rel = md.relative_to(docs).as_posix()
    if rel == "index.md":
        return ""
    if rel.endswith("/index.md"):
        return rel[: -len("index.md")]
    return rel[: -len(".md")] + "/"


def _targets(docs: Path) -> tuple[dict[str, Path], dict[str, set[str]]]:
    """Every page by URL, and the anchors each defines (explicit ids only)."""
    pages: dict[str, Path] = {}
    anchors: dict[str, set[str]] = {}
    for md in docs.rglob("*.md"):
        if md.relative_to(docs).parts[0] == "_snippets":
            continue
        url = _url_of(docs, md)
        text = md.read_text(encoding="utf-8")
        if url == "":  # the home page includes the figures snippet
            text += (docs / "_snippets" / "home.md").read_text(encoding="utf-8")
        pages[url] = md
        anchors[url] = set(_HTML_ID.findall(text)) | set(_ATTR_ID.findall(text))
    return pages, anchors


def _links(text: str) -> Iterator[tuple[str, str]]:
    """Every link in a page as (kind, target): Markdown links and images (markdown-it-py's
    tokens; MkDocs resolves them from the source file) and HTML href/src (from the page URL)."""
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        children = token.children or []
        for child in [token, *children]:
            if child.type == "link_open":
                yield "md", str(child.attrs["href"])
            elif child.type == "image":
                yield "md", str(child.attrs["src"])
            elif child.type in ("html_block", "html_inline"):
                yield from (("html", html.unescape(h)) for h in _HREF.findall(child.content))


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    pages, anchors = _targets(site)
    broken = []
    checked = 0
    for url, md in sorted(pages.items()):
        text = md.read_text(encoding="utf-8")
        if url == "":
            text += (site / "_snippets" / "home.md").read_text(encoding="utf-8")
        _body, _meta = get_data(text)
        for kind, link in _links(_body):
            checked += 1
            if link.startswith(("http://", "https://", "mailto:")):
                broken.append((url, link, "external link in generated page"))
                continue
            target, _, fragment = link.partition("#")
            if target.endswith(".md"):  # a Markdown link between source files
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(
                    md.relative_to(site).as_posix()), target))  # fmt: skip
                page = _url_of(site, site / resolved)
            elif target and not target.endswith("/"):  # an asset: chart, schema file
                base = posixpath.dirname(md.relative_to(site).as_posix()) if kind == "md" else url
                resolved = posixpath.normpath(posixpath.join(base, target))
                if not (site / resolved).is_file():
                    broken.append((url, link, "no such file"))
                continue
            else:
                page = posixpath.normpath(posixpath.join(url, target or ".")) + "/"
                page = "" if page in ("./", "/") else page.lstrip("/")
            if page not in pages:
                broken.append((url, link, "no such page"))
            elif fragment and fragment not in anchors[page]:
                broken.append((url, link, f"no anchor #{fragment}"))
    assert broken == []
    assert checked > 200


# --- letter text is data ---------------------------------------------------------------------


def test_hostile_letter_stays_literal(site: Path) -> None:
    text = (site / "cases" / "hostile_letter.md").read_text(encoding="utf-8")
    body, meta = get_data(text)
    # The front matter survived and holds the hostile words as data.
    assert "<script>alert('item')</script>" in meta["record"]["items"][0]["item"]
    saved = json.loads((site / "cases" / "hostile_letter.json").read_text(encoding="utf-8"))
    assert "<script>alert('item')</script>" in saved["issues"][0]["item"]
    # The theme prints title and description into <head> unescaped: they are escaped here.
    assert meta["title"].startswith("Case hostile_letter: Voltaren &lt;b&gt;gel&lt;/b&gt;")
    assert "<" not in meta["title"] and "<" not in meta["description"]
    for raw in ("<script", "<img src=x", "<iframe"):
        assert raw not in body, raw
    assert "&lt;script&gt;alert(&#x27;summary&#x27;)&lt;/script&gt;" in body
    # In a Markdown heading the item's syntax is escaped character by character.
    assert "\\[x\\]\\(http://evil\\.example\\) \\{: \\.evil \\}" in body
    # Outside the full text's <pre> block no line of the letter starts a heading or a fence.
    before_text = body[: body.index('<details class="letter')]
    assert not re.search(r"^#+ Not a heading", before_text, re.M)
    assert not re.search(r"^---$", before_text, re.M)


def test_hostile_letter_renders_inert_html(site: Path, tmp_path: Path) -> None:
    """Build the site with MkDocs and check the case page's article: no script, iframe, event
    handler or javascript: link came from the letter."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {site}\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = (out / "cases" / "hostile_letter" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    assert "<script" not in article
    assert "<iframe" not in article
    assert "onerror=" not in article.replace("onerror=&quot;", "")
    assert 'href="javascript:' not in article
    assert "&lt;script&gt;alert(&#x27;item&#x27;)&lt;/script&gt;" in article
    assert "{{ 7*7 }}" in article and "{% if true %}" in article  # shown, never evaluated
    assert "[click me](javascript:alert(&#x27;link&#x27;))" in article
    assert not re.search(r"<h[1-6][^>]*>[^<]*Not a heading", article)
    assert "<pre" in article and "# Not a heading" in article
    # Self-contained: nothing is loaded from another host, on any page.
    for html_file in out.rglob("*.html"):
        loads = re.findall(r"""<(?:script|img|link|iframe)\b[^>]*\b(?:src|href)="(https?:)?//""",
                           html_file.read_text(encoding="utf-8"))  # fmt: skip
        assert loads == [], html_file


# --- golden pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(GOLDEN_PAGES))
def test_golden_page(site: Path, kind: str) -> None:
    actual = (site / GOLDEN_PAGES[kind]).read_text(encoding="utf-8")
    golden = PAGE_GOLDENS / f"{kind}.md"
    if os.environ.get("UPDATE_GOLDENS"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden for {kind}: run with UPDATE_GOLDENS=1"
    assert actual == golden.read_text(encoding="utf-8")
