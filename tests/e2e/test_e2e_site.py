"""Checks of the built site's files, without a browser: every internal link and anchor resolves,
nothing is fetched from or linked to another host, no template internals leak into the text,
and the home page's figures agree with the pages built.

Skipped, like the browser tests, unless a built site is given (``--site DIR`` / IMR_E2E_SITE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import e2e_support

SITE = e2e_support.site_or_skip()

ORIGIN = "http://site.invalid/"  # stands for wherever the site is served
# Files that may name other hosts: MkDocs' 404 page and the sitemap (site_url).
EXTERNAL_ALLOWED = {"404.html", "sitemap.xml"}
# Attributes that make the browser fetch or navigate to a URL.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "base": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "form": ("action",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    refs: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, tag, attr, url
    base: str | None = None
    article_text: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.article_depth = 0
        self.skip_depth = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for key in ("id", "name"):
            if values.get(key):
                self.page.ids.add(values[key])
        for attr in URL_ATTRIBUTES.get(tag, ()):
            if attr not in values:
                continue
            if tag == "base":
                self.page.base = values[attr]
            urls = (
                [part.strip().split()[0] for part in values[attr].split(",") if part.strip()]
                if attr == "srcset"
                else [values[attr]]
            )
            for url in urls:
                self.page.refs.append((self.getpos()[0], tag, attr, url))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = re.search(r"url\s*=\s*(\S+)", values.get("content", ""), re.I)
            if match:
                self.page.refs.append((self.getpos()[0], tag, "content", match.group(1)))
        if tag == "article":
            self.article_depth += 1
        if tag in ("script", "style", "template"):
            self.skip_depth += 1
        if tag in ("td", "th") and self.article_depth:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.article_depth = max(0, self.article_depth - 1)
        if tag in ("script", "style", "template"):
            self.skip_depth = max(0, self.skip_depth - 1)
        if tag in ("td", "th") and self.cell is not None:
            self.page.cells.append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.article_depth and not self.skip_depth:
            self.page.article_text.append(data)
            if self.cell is not None:
                self.cell.append(data)


@cache
def parse(path: Path) -> ParsedPage:
    page = ParsedPage()
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return page


def html_files() -> list[Path]:
    return sorted(SITE.rglob("*.html"))


def page_url(path: Path) -> str:
    return urljoin(ORIGIN, path.relative_to(SITE).as_posix())


def target_file(url_path: str) -> Path:
    """The file the server sends for a URL path (directory URLs serve their index.html)."""
    relative = unquote(url_path).lstrip("/")
    candidate = SITE / relative
    if relative == "" or relative.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate


def test_every_internal_link_and_anchor_resolves() -> None:
    problems: list[str] = []
    external: dict[str, list[str]] = {}
    checked = 0
    for html in html_files():
        name = html.relative_to(SITE).as_posix()
        parsed = parse(html)
        base = urljoin(page_url(html), parsed.base) if parsed.base else page_url(html)
        for line, tag, attr, raw in parsed.refs:
            where = f"{name}:{line} <{tag} {attr}={raw!r}>"
            url = raw.strip()
            scheme = urlsplit(url).scheme.lower()
            if scheme in ("mailto", "tel"):
                continue
            if scheme == "javascript":
                problems.append(f"{where}: javascript: URL")
                continue
            if scheme == "data":
                continue
            resolved = urljoin(base, url)
            parts = urlsplit(resolved)
            if f"{parts.scheme}://{parts.netloc}/" != ORIGIN:
                if name not in EXTERNAL_ALLOWED:
                    external.setdefault(resolved, []).append(f"{name}:{line}")
                continue
            checked += 1
            target = target_file(parts.path)
            try:
                target.resolve().relative_to(SITE)
            except ValueError:
                problems.append(f"{where}: leaves the site folder")
                continue
            if not target.is_file():
                problems.append(f"{where}: no such file {target.relative_to(SITE)}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                problems.append(f"{where}: no id/name {fragment!r} in {target.relative_to(SITE)}")
    assert checked > 0, "no internal links found: is this a built site?"
    for url, places in external.items():
        problems.append(
            f"{len(places)} page(s) link to another host, {url} (e.g. {', '.join(places[:3])})"
        )
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems)


# Text that only appears when a template prints a Python or Jinja object instead of a value.
LEAKS = re.compile(
    r"<built-in method|<bound method|<function |object at 0x[0-9a-f]+|"
    r"\bjinja2\.|Traceback \(most recent call last\)|\bUndefined\b"
)
# A table cell holding a missing value's Python/JS spelling instead of words or nothing.
LEAKED_CELLS = {"None", "nan", "NaN", "null", "undefined", "[]", "{}"}


def test_no_template_internals_in_page_text() -> None:
    problems: list[str] = []
    for html in html_files():
        name = html.relative_to(SITE).as_posix()
        parsed = parse(html)
        text = " ".join("".join(parsed.article_text).split())
        for match in LEAKS.finditer(text):
            start = max(0, match.start() - 40)
            problems.append(f"{name}: ...{text[start : match.end() + 20]}...")
        # Unrendered template syntax; a hostile letter's own braces are shown on purpose.
        if not name.startswith("cases/hostile") and re.search(r"\{\{|\{%", text):
            problems.append(f"{name}: unrendered template syntax")
        problems += [f"{name}: a table cell reads {c!r}" for c in parsed.cells if c in LEAKED_CELLS]
    unique = list(dict.fromkeys(problems))
    assert not unique, f"{len(unique)} leak(s) into page text:\n" + "\n".join(unique[:40])


def _figure(label: str) -> int:
    text = " ".join("".join(parse(SITE / "index.html").article_text).split())
    match = re.search(rf"{re.escape(label)}\s*(\d[\d,]*)", text)
    assert match, f"the home page has no {label!r} figure"
    return int(match.group(1).replace(",", ""))


def test_home_figures_match_the_pages_built() -> None:
    """The home page's 'Letters' and 'Items decided' count the case pages and their items."""
    cases = e2e_support.case_ids(SITE)
    items = sum(
        1
        for case in cases
        for anchor in parse(SITE / "cases" / case / "index.html").ids
        if re.fullmatch(r"item-\d+", anchor)
    )
    figures = {"Letters": _figure("Letters"), "Items decided": _figure("Items decided")}
    built = {"Letters": len(cases), "Items decided": items}
    assert figures == built, (
        f"home page says {figures}, the site has {built} (case pages / #item-N anchors)"
    )
