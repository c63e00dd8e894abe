"""Stamping: the generated pages that are not in the navigation (case pages, drug, section,
treatment and specialty pages, and the full lists) turned into HTML without passing each one
through MkDocs.

MkDocs spends about 8 ms a page (Python-Markdown, two HTML parses of every raw block, the
theme's templates with the whole navigation); at 100,000 letters that is hours of CPU. Yet
these pages share everything but their title, description, table of contents and article:
a page outside the navigation gets the same header, sidebar and footer as any other at its
depth. So the site build has MkDocs render one *shell* page per depth and variant
(``shell_pages``: placeholders where a page's own parts go), cuts each shell into fixed text
and slots (``Shell``), and fills the slots for every page (``stamp``): a string join, about
0.1 ms a page, in worker processes.

The pages are Markdown files like any other (docs/ is the same for MkDocs, Zensical and the
tests), written in a subset that makes this exact (``convert``): YAML front matter, ATX
headings (``## Title { #id }``) and raw HTML blocks, nothing else. For that subset the HTML is
what Python-Markdown writes with mkdocs.yml's extensions (``attr_list``, ``toc`` with
permalinks), down to the byte: ``tests/test_stamp.py`` renders every generated page both ways
and compares them, and builds a site both ways. A page outside the subset is refused with its
line (a template's bug), never half-converted.

MkDocs checks links in Markdown, never in raw HTML; a stamped page's every link and image is
checked here instead (``check_links``) against the pages and files of the built site.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import slugify, strip_tags, unique
from markdown.util import BLOCK_LEVEL_ELEMENTS, ETX, STX
from mkdocs.utils import get_relative_url

from generator import yamlio
from generator.errors import GeneratorError
from generator.markup import MD_ESCAPED


class NotStampable(GeneratorError):
    """A page uses Markdown outside the stampable subset, or front matter the theme reads."""


# -- the Markdown subset ------------------------------------------------------------------------

# "## 2. Baclofen 10mg \#90 { #item-2 }": an ATX heading, as Python-Markdown reads one
# (HashHeaderProcessor.RE: closing hashes dropped, escaped ones kept) ...
_HEADING = re.compile(r"^(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*$")
# ... and the attr_list braces that end it ("{ #item-2 }"; attr_list's HEADER_RE), of which
# the templates write only an id.
_HEADING_ATTRS = re.compile(r"[ ]+\{\:?[ ]*([^\}\n ][^\}\n]*)\}[ ]*$")
_ATTR_ID = re.compile(r"^#([A-Za-z0-9_-]+)[ ]*$")
# A backslash escape Python-Markdown undoes ("CM16\-0247802" shows "CM16-0247802").
_MD_ESCAPE = re.compile("\\\\([" + re.escape(MD_ESCAPED) + "])")
# The start of a raw HTML block: a block-level tag at the start of a line ("<table>", "<div
# class=...>"). An inline tag there ("<span>") would make Python-Markdown start a paragraph.
_BLOCK_TAG = re.compile(r"^<(/?)([a-zA-Z][a-zA-Z0-9]*)[\s>/]")
_BLOCK_LEVEL = frozenset(BLOCK_LEVEL_ELEMENTS)

# Front matter the theme never reads (data for other tools) or that stamping handles: title,
# description and search.exclude (overrides/main.html). Anything else ("hide", "template",
# "status", ...) could change the page around the article, so such a page is refused.
# Python-Markdown's tab width (MkDocs keeps the default) and its blank-line rule.
_TAB_LENGTH = 4
_SPACES_LINE = re.compile(r"(?<=\n) +\n")

_FRONT_MATTER_KEYS = frozenset({"title", "description", "search", "record", "drug", "section"})


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    html: str  # the heading's content as HTML ("Case CM16-0247802")

    @property
    def toc_title(self) -> str:
        """How the theme's table of contents names it (Python-Markdown's toc ``name``)."""
        return str(strip_tags(self.html))


@dataclass(frozen=True)
class Body:
    """A page body converted: its HTML (the article) and its headings in order."""

    html: str
    headings: tuple[Heading, ...]


def convert(body: str, where: str = "page") -> Body:
    """The HTML Python-Markdown (with ``attr_list`` and ``toc``, permalinks on) makes of a
    body written in the stampable subset: blocks separated by blank lines, each an ATX heading
    on one line or a raw HTML block starting with a block-level tag. Headings without an id get
    toc's (slug of their text, made unique against the page's explicit ids). Raises
    ``NotStampable`` naming ``where`` and the line for anything else."""
    text = _normalized(body)
    blocks: list[tuple[int, list[str]]] = []
    number = 1  # the line a block starts on
    for chunk in text.split("\n\n"):
        lines = chunk.split("\n")
        current: list[str] = []
        for offset, line in enumerate(lines):
            if line.strip():
                if not current:
                    blocks.append((number + offset, current))
                current.append(line)
            elif current:
                current = []
        number += len(lines) + 1
    # Each block: raw HTML as its text, a heading as (level, content HTML, explicit id).
    parts: list[str | tuple[int, str, str | None]] = []
    explicit: set[str] = set()
    for number, block in blocks:
        first = block[0]
        heading = _HEADING.match(first) if first.startswith("#") else None
        if heading is not None:
            if len(block) > 1:
                raise NotStampable(f"{where}, line {number + 1}: text right after a heading")
            text, anchor = heading.group("header").strip(), None
            attrs = _HEADING_ATTRS.search(text)
            if attrs is not None:
                given = _ATTR_ID.match(attrs.group(1))
                if given is None:
                    raise NotStampable(f"{where}, line {number}: attributes other than an id")
                text, anchor = text[: attrs.start()], given.group(1)
                explicit.add(anchor)
            content = _MD_ESCAPE.sub(r"\1", text)
            parts.append((len(heading.group("level")), content, anchor))
            continue
        tag = _BLOCK_TAG.match(first)
        if tag is None or tag.group(2).lower() not in _BLOCK_LEVEL:
            raise NotStampable(
                f"{where}, line {number}: not a heading or a raw HTML block: {first[:60]!r}"
            )
        parts.append("\n".join(block))
    used = set(explicit)
    counters: dict[str, int] = {}
    out: list[str] = []
    headings: list[Heading] = []
    for part in parts:
        if isinstance(part, str):
            # Python-Markdown puts a blank line after a raw block.
            out.append(f"{part}\n")
            continue
        level, content, anchor = part
        if not anchor:
            name = strip_tags(content)
            anchor = unique(slugify(html.unescape(name), "-"), used, counters)
        headings.append(Heading(level, anchor, content))
        out.append(
            f'<h{level} id="{anchor}">{content}<a class="headerlink" href="#{anchor}" '
            f'title="Permanent link">&para;</a></h{level}>'
        )
    return Body("\n".join(out).strip(), tuple(headings))


def _normalized(body: str) -> str:
    """The body as Python-Markdown sees it (its NormalizeWhitespace preprocessor): no STX/ETX,
    Unix line ends, tabs expanded, lines of spaces emptied."""
    text = body
    if STX in text or ETX in text:
        text = text.replace(STX, "").replace(ETX, "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.expandtabs(_TAB_LENGTH)
    return _SPACES_LINE.sub("\n", text) if " \n" in text else text


@dataclass(frozen=True)
class Source:
    """A stampable page as read from docs/: what the shell's slots need."""

    title: str
    description: str
    indexed: bool
    body: Body
    meta: dict[str, Any]  # the whole front matter


def read_page(text: str, where: str) -> Source:
    """Split a page into front matter and body and convert the body (``convert``)."""
    if not text.startswith("---\n"):
        raise NotStampable(f"{where}: no front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise NotStampable(f"{where}: front matter not closed")
    meta = yamlio.load(text[4 : end + 1]) or {}
    unknown = set(meta) - _FRONT_MATTER_KEYS
    if unknown:
        raise NotStampable(f"{where}: front matter the theme reads: {sorted(unknown)}")
    title, description = meta.get("title"), meta.get("description")
    if not isinstance(title, str) or not isinstance(description, str):
        raise NotStampable(f"{where}: a stamped page needs a title and a description")
    search = meta.get("search") or {}
    body = convert(text[end + 5 :], where)
    if not body.headings or body.headings[0].level != 1:
        raise NotStampable(f"{where}: the body must start with its level-1 heading")
    if any(h.level != 2 for h in body.headings[1:]):
        raise NotStampable(f"{where}: only level-2 headings may follow the title")
    return Source(title, description, not search.get("exclude"), body, meta)


# -- shells ---------------------------------------------------------------------------------

# Placeholders in the shell pages: front matter values and heading texts and ids that no real
# page has (ids must be valid; texts are escaped nowhere, being plain letters and digits).
TITLE, DESCRIPTION = "zzstamptitlezz", "zzstampdescriptionzz"
H1_ID, H1_TEXT = "zzstamph1zz", "zzstamph1textzz"
TOC_ITEMS = 3  # headings in a shell with a table of contents: enough to see the repetition


def _toc_id(n: int) -> str:
    return f"zzstamptoc{n}zz"


def _toc_text(n: int) -> str:
    return f"zzstamptoctext{n}zz"


# Shell pages live under this folder of docs/ while the site is built (publish.py writes and
# removes them); mkdocs.yml keeps them out of plain builds.
SHELL_FOLDER = "_stamp"


@dataclass(frozen=True)
class Variant:
    """What a shell is for: pages at ``depth`` ("cases/X/" is 2), indexed for search or not,
    with level-2 headings (a table of contents) or none."""

    depth: int
    indexed: bool
    toc: bool

    @property
    def url(self) -> str:
        """The shell page's own directory URL, at its depth."""
        name = f"d{self.depth}-{'i' if self.indexed else 'x'}{'t' if self.toc else 'n'}"
        return f"{SHELL_FOLDER}/" + "x/" * (self.depth - 2) + f"{name}/"

    @property
    def path(self) -> str:
        return self.url.rstrip("/") + ".md"


def variant_of(url: str, source: Source) -> Variant:
    return Variant(url.count("/"), source.indexed, len(source.body.headings) > 1)


def shell_page(variant: Variant) -> str:
    """The Markdown of one shell page."""
    meta: dict[str, object] = {"title": TITLE, "description": DESCRIPTION}
    if not variant.indexed:
        meta["search"] = {"exclude": True}
    lines = ["---", yamlio.dump(meta).rstrip("\n"), "---", "", f"# {H1_TEXT} {{ #{H1_ID} }}"]
    for n in range(1, TOC_ITEMS + 1) if variant.toc else ():
        lines += ["", f"## {_toc_text(n)} {{ #{_toc_id(n)} }}"]
    return "\n".join(lines) + "\n"


def shell_variants(max_depth: int = 8) -> list[Variant]:
    """Every variant a generated page may need (depth 2 to ``max_depth``)."""
    return [
        Variant(depth, indexed, toc)
        for depth in range(2, max_depth + 1)
        for indexed in (True, False)
        for toc in (True, False)
    ]


# Where the table of contents and the article go in a shell while it is cut (NUL is in no page).
_MARK = {"toc": "\0toc\0", "content": "\0content\0"}


class ShellError(GeneratorError):
    """The theme's page does not look as stamping expects (a theme upgrade changed it)."""


# A relative link in the theme's page ("../../assets/stylesheets/main.css", "../../cases/").
_SHELL_LINK = re.compile(r"""((?:href|src)=")([^"#/:?][^":]*?)(")""")


@dataclass(frozen=True)
class Shell:
    """One MkDocs-built shell cut into fixed text and slots.

    ``parts`` alternate text and slots: "title", "description", "url" (the page's own
    address, where the theme prints it: a canonical link when site_url is set), "#h1" (the
    skip link to the page's first heading), "toc" (the table of contents' items), "content"
    (the article), or "link:<site path>" for each relative link of the theme's (navigation,
    stylesheets, scripts). MkDocs writes those relative to the page, the shortest way
    (``mkdocs.utils.get_relative_url``: "../" to cases/ from cases/X/, "../../cases/" from
    elsewhere), so they are made again for each folder of pages. ``toc_item`` is one item of
    the table of contents with "{id}" and "{title}" slots, ``toc_between`` what the theme puts
    between two items."""

    parts: tuple[str, ...]
    toc_item: str
    toc_between: str
    # Per folder of pages: the parts with every link slot filled (and text joined).
    _by_folder: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def parse(cls, page: str, variant: Variant) -> Shell:
        content_start = page.find(f'<h1 id="{H1_ID}">')
        if content_start < 0:
            raise ShellError(f"{variant.url}: the shell's heading is not in the built page")
        last = f'id="{_toc_id(TOC_ITEMS)}"' if variant.toc else f'id="{H1_ID}"'
        close = "</h2>" if variant.toc else "</h1>"
        content_end = page.find(close, page.find(last, content_start)) + len(close)
        head, tail = page[:content_start], page[content_end:]
        toc_item, toc_between = "", ""
        if variant.toc:
            head, toc_item, toc_between = _cut_toc(head, variant)
        template = head + _MARK["content"] + tail
        slots = {TITLE: "title", DESCRIPTION: "description", f"#{H1_ID}": "#h1",
                 variant.url: "url", **{m: slot for slot, m in _MARK.items()}}  # fmt: skip
        pieces = re.split("(" + "|".join(re.escape(s) for s in slots) + ")", template)
        parts: list[str] = []
        for i, piece in enumerate(pieces):
            if i % 2:
                parts += [slots[piece], ""]
                continue
            links = _SHELL_LINK.split(piece)  # text, attr, value, quote, text, ...
            for j in range(0, len(links) - 1, 4):
                text = links[j] + links[j + 1]
                target = _site_path(variant.url, links[j + 2])
                parts[-1:] = [(parts[-1] if parts else "") + text]
                parts += [f"link:{target}", links[j + 3]]
            parts[-1:] = [(parts[-1] if parts else "") + links[-1]]
        if any(marker in p for p in parts[::2] for marker in ("zzstamp", "\0")):
            raise ShellError(f"{variant.url}: a placeholder the stamper does not fill")
        return cls(tuple(parts), toc_item, toc_between)

    def _for_folder(self, url: str) -> tuple[str, ...]:
        """The parts for pages in ``url``'s folder: link slots filled, text joined."""
        folder = url.rstrip("/").rpartition("/")[0]
        known = self._by_folder.get(folder)
        if known is not None:
            return known
        joined: list[str] = [""]
        for i, part in enumerate(self.parts):
            if i % 2 == 0:
                joined[-1] += part
            elif part.startswith("link:"):
                joined[-1] += get_relative_url(part[5:], url)
            else:
                joined += [part, ""]
        self._by_folder[folder] = tuple(joined)
        return self._by_folder[folder]

    def fill(self, url: str, source: Source) -> str:
        """The page's HTML."""
        values = {
            "title": source.title,
            "description": source.description,
            "url": url,
            "#h1": f"#{source.body.headings[0].id}",
            "content": source.body.html,
            "toc": self.toc_between.join(
                self.toc_item.replace("{id}", h.id).replace("{title}", h.toc_title)
                for h in source.body.headings[1:]
            ),
        }
        parts = self._for_folder(url)
        return "".join(p if i % 2 == 0 else values[p] for i, p in enumerate(parts))


def _site_path(base: str, link: str) -> str:
    """A relative link of the page at ``base`` as a site path ("../../cases/" from "x/y/" is
    "cases/"; the site's root is ""), keeping its query."""
    path, mark, query = link.partition("?")
    resolved = posixpath.normpath(posixpath.join(base, path))
    resolved = "" if resolved == "." else resolved + ("/" if path.endswith("/") else "")
    return resolved + mark + query


def _cut_toc(head: str, variant: Variant) -> tuple[str, str, str]:
    """(head with a "toc" slot, one item, the text between items) from the shell's table of
    contents: its items are the ``<li>`` holding each placeholder id's link."""
    starts = []
    for n in range(1, TOC_ITEMS + 1):
        link = head.find(f'href="#{_toc_id(n)}"')
        start = head.rfind("<li", 0, link)
        if link < 0 or start < 0:
            raise ShellError(f"{variant.url}: no table of contents item for heading {n}")
        starts.append(start)
    first, second, third = starts
    unit = head[first:second].replace(_toc_id(1), "{id}").replace(_toc_text(1), "{title}")
    unit2 = head[second:third].replace(_toc_id(2), "{id}").replace(_toc_text(2), "{title}")
    if unit != unit2:
        raise ShellError(f"{variant.url}: table of contents items are not alike")
    item_end = head.find("</li>", head.find(f'href="#{_toc_id(TOC_ITEMS)}"')) + len("</li>")
    item = head[third:item_end].replace(_toc_id(TOC_ITEMS), "{id}")
    item = item.replace(_toc_text(TOC_ITEMS), "{title}")
    if not unit.startswith(item):
        raise ShellError(f"{variant.url}: table of contents item not followed by a separator")
    between = unit[len(item) :]
    return head[:first] + _MARK["toc"] + head[item_end:], item, between


# -- links ------------------------------------------------------------------------------------

# An href or src attribute, and an id, inside a tag: text that merely reads 'href="..."' (a
# letter's words, escaped) is preceded by the end of its element's tag, never inside one.
_LINK = re.compile(r"""<[a-zA-Z][^<>]*?\s(?:href|src)="([^"]*)\"""")
_ID = re.compile(r"""<[a-zA-Z][^<>]*?\sid="([^"]*)\"""")


def check_links(page: str, url: str, exists: Iterable[str] | frozenset[str]) -> list[str]:
    """Problems with the links of a stamped page at ``url``: a link to another host, to a
    page or file ``exists`` lacks (site-relative paths: "drugs/baclofen/", "charts/x.svg"),
    or to an anchor the page itself lacks. Links to anchors of other pages are not checked
    (MkDocs does not fail on them either)."""
    known = exists if isinstance(exists, frozenset) else frozenset(exists)
    problems = []
    ids: set[str] | None = None
    for target in _LINK.findall(page):
        target = html.unescape(target)
        if target.startswith("#"):
            if ids is None:
                ids = set(_ID.findall(page))
            if target[1:] and target[1:] not in ids:
                problems.append(f"{url}: link to {target}: no such anchor on the page")
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("//"):
            problems.append(f"{url}: link to another host: {target}")
            continue
        path = target.split("#", 1)[0].split("?", 1)[0]
        resolved = posixpath.normpath(posixpath.join(url, path))
        if resolved == ".":
            resolved = ""
        elif path.endswith("/"):
            resolved += "/"
        if resolved.startswith("../") or resolved not in known:
            problems.append(f"{url}: link to {target}: no such page or file")
    return problems
