"""The MkDocs site build with stamped pages (see ``stamp.py`` for why and how a page is
stamped):

1. the shell pages (one per depth and variant) are written into ``docs/_stamp/``;
2. ``mkdocs build --strict`` builds the pages in the navigation (the hand-written pages and
   each part's index) and the shells, with every other generated page left out
   (``exclude_docs``); static files (charts, each case's JSON) are copied as usual, and MkDocs
   still checks every Markdown link it builds;
3. the shells are cut into fixed text and slots and removed from the site;
4. every other generated page is stamped into its shell, in ``jobs`` worker processes, and its
   links and images are checked against the site's pages and files; a broken one fails the
   build, as ``mkdocs build --strict`` fails on a broken Markdown link;
5. with ``site_url`` set, the sitemap gets the stamped pages (shaped like the shells' entries).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.background import process_context
from generator.errors import GeneratorError
from generator.progress import Progress
from generator.reuse import digest, files_under, link, link_tree, names_under
from generator.search_index import for_index
from generator.stamp import (
    SHELL_FOLDER,
    Shell,
    Variant,
    check_links,
    read_page,
    shell_page,
    shell_variants,
    variant_of,
)
from generator.write import GENERATED

# The generated folders of files, not pages, hard-linked into the site after the MkDocs build
# (_link_static): the charts, and the downloads (generator/opendata/). Hand-written pages link the
# downloads in Markdown, so MkDocs gets those too (_mirror), to check the links, but leaves
# them out of its build (exclude_docs, _config) rather than copy them.
STATIC_FOLDERS = ("charts", "data")
_DOWNLOADS = "data"
# The generated folders whose pages are stamped (all but each folder's index.md, which is in
# the navigation and built by MkDocs). _snippets/ holds includes, not pages.
STAMPED_FOLDERS = tuple(f for f in GENERATED if f not in ("_snippets", *STATIC_FOLDERS))
# Stamped pages per task given to a worker.
_CHUNK = 200
# The name under which a site's digests keep that of the shells it was stamped in (no file has
# it): a page is kept only when stamped in the same shells.
SHELLS = ".shells"
# A site's digests name every file of the site (besides the search bundles' files, named by
# their folders): a stamped page with its digest, every other file with this. The next build
# updates the site in place from them (what is in the site that this build does not make is
# removed), so a site whose digests do not say ``LISTED`` (one made by an earlier version of
# this code) is made anew.
FILE = "file"
LISTED = ".listed"
LISTED_VERSION = "1"
# Broken links shown before "... and N more".
_SHOWN_PROBLEMS = 20

_URL_BLOCK = re.compile(r"<url>.*?</url>", re.S)
# MkDocs' INFO line for a link from a page it builds (an index) to a page it leaves out (one
# stamped afterwards): one per link, thousands on a large site, and no problem. A link to a
# page that does not exist is a WARNING, still shown, and fails the strict build.
_EXCLUDED_LINK = re.compile(r"^INFO\s+-\s+Doc file '.*' contains a link to '.*' which is excluded")
# MkDocs' INFO line for a Markdown link to a page's address ("../guidelines/odg-pain/") rather
# than its file: left as it is, and checked here against the finished site instead.
_ADDRESS_LINK = re.compile(
    r"^INFO\s+-\s+Doc file '(?P<page>.*)' contains an unrecognized relative link "
    r"'(?P<link>.*)', it was left as is\.$"
)


def stamped_pages(docs: Path) -> list[str]:
    """The pages to stamp, as paths relative to docs/ ("cases/CM16-0247802.md"), sorted."""
    found = []
    for folder in STAMPED_FOLDERS:
        index = f"{folder}/index.md"  # in the navigation: MkDocs builds it
        found += [
            rel
            for rel in names_under(docs / folder, prefix=f"{folder}/")
            if rel.endswith(".md") and rel != index
        ]
    return sorted(found)


def page_url(path: str) -> str:
    """A stamped page's directory URL: "cases/CM1.md" -> "cases/CM1/"."""
    return path.removesuffix(".md") + "/"


def check_addressed(links: list[tuple[str, str]], known: frozenset[str]) -> list[str]:
    """The problems of links MkDocs left as they are (``_ADDRESS_LINK``: a page it built, by its
    Markdown file, and the link), against the finished site's pages and files."""
    return [
        problem
        for page, target in links
        for problem in check_links(f'<a href="{target}">', _built_url(page), known)
    ]


def _built_url(path: str) -> str:
    """A page MkDocs built, its URL: "guidelines/index.md" -> "guidelines/", "data.md" ->
    "data/"."""
    return "" if path == "index.md" else page_url(path.removesuffix("/index.md") + ".md")


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml for its exclude_docs; MkDocs' own tags are read as plain strings."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _base_lines(config: Path, key: str) -> list[str]:
    """The lines of a multi-line setting (exclude_docs, not_in_nav), following INHERIT."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}
    parent = data.get("INHERIT")
    if not data.get(key) and parent:
        return _base_lines((config.parent / parent).resolve(), key)
    return [line for line in str(data.get(key) or "").splitlines() if line.strip()]


def _config(base: Path, docs: Path, path: Path, theme: Path | None) -> Path:
    """A configuration inheriting ``base`` for MkDocs' own folder of pages (``_mirror``) that
    builds the shells."""
    excludes = [e for e in _base_lines(base, "exclude_docs") if e.strip("/ ") != SHELL_FOLDER]
    excludes.append(f"/{_DOWNLOADS}/")
    lines = [f"INHERIT: {base.resolve()}", f"docs_dir: {docs.resolve()}"]
    if theme is not None:  # a relative custom_dir would be read against this file's folder
        lines += ["theme:", f"  custom_dir: {theme}"]
    lines += ["exclude_docs: |", *[f"  {line}" for line in excludes]]
    not_in_nav = [*_base_lines(base, "not_in_nav"), f"/{SHELL_FOLDER}/"]
    lines += ["not_in_nav: |", *[f"  {line}" for line in not_in_nav]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Indexed:
    """A page for the search index: its URL, a case's decision date, the digest of what it was
    made from (``reuse.digest``) and whether its index copy was written (a page kept from the
    earlier build has none: the search step makes it when its bundle is indexed again)."""

    url: str
    date: str | None
    digest: str
    copied: bool


@dataclass(frozen=True)
class Built:
    """A site build: MkDocs' exit status, and the pages to index for search."""

    returncode: int
    indexed: list[Indexed]


@dataclass(frozen=True)
class Earlier:
    """What an earlier build left: its site folder and the digests of its files (``reuse``
    ``Outputs``): a stamped page's as "<digest> <i|x> <date>" (indexed or not, a case's
    decision date), a search bundle's as its digest."""

    site: Path  # the site being updated
    digests: dict[str, str]
    # What the generator made each Markdown page of docs/ from, by its path there ("cases/
    # x.md"): its own digest (``build``), which changes whenever the page's text may. A page
    # with one is matched by it, not by reading and hashing its text (15,000 pages at 10,000
    # letters); a page without one (a summary page, made afresh every build) by its text.
    made_of: dict[str, str] = field(default_factory=dict)

    @property
    def updating(self) -> bool:
        """The site is updated in place: the new folder is an overlay of what changed. (With
        no digests, it is made whole: nothing is kept from the earlier site.)"""
        return bool(self.digests)

    def page(self, rel: str) -> tuple[str, bool, str | None] | None:
        """An earlier stamped page's digest, whether it was indexed, and its date."""
        value = self.digests.get(rel)
        if value is None or value == FILE:
            return None
        made, indexed, date = [*value.split(" "), "", ""][:3]
        return made, indexed == "i", date or None


def build_stamped(
    config: Path,
    docs: Path,
    site: Path,
    jobs: int,
    env: dict[str, str],
    theme: Path | None = None,
    index: Path | None = None,
    earlier: Earlier | None = None,
    digests: dict[str, str] | None = None,
    drawing: list[str] | None = None,
) -> Built:
    """Build the site into ``site``, a fresh folder; with ``index``, write there each indexed
    page as the search index reads it (``search_index.for_index``). Each file's digest goes
    into ``digests``. Raises ``GeneratorError`` when a stamped page is refused or has a broken
    link.

    With an ``earlier`` build (the site being updated and its digests), ``site`` is an overlay
    (``overlay.py``): it gets only what differs from that site. A page whose Markdown and shell
    are those of the earlier build is kept there, not stamped again (its links are still
    checked), and so is a static file that is the docs' own (a hard link to it).

    MkDocs builds into a folder of its own, moved into ``site`` when it is done; the static
    files are linked into ``site`` while it runs. ``drawing``: the charts still being drawn,
    which the caller puts in ``site`` afterwards (a page's link to one holds)."""
    pages = stamped_pages(docs)
    depth = max((page_url(p).count("/") for p in pages), default=2)
    variants = shell_variants(max(depth, 2))
    mirror = site.with_name(site.name + ".docs")
    _mirror(docs, mirror)
    for variant in variants:
        path = mirror / variant.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(shell_page(variant), encoding="utf-8")
    stamped = {f"{page_url(p)}index.html" for p in pages}
    gone = earlier is not None and any(
        rel.endswith("index.html") and value != FILE and rel not in stamped
        for rel, value in earlier.digests.items()
    )
    work = site.with_name(site.name + ".config.yml")
    built = site.with_name(site.name + ".mkdocs")
    log = site.with_name(site.name + ".mkdocs.log")
    try:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict",
                   "-f", str(_config(config, mirror, work, theme)), "-d", str(built)]  # fmt: skip
        with open(log, "w", encoding="utf-8") as output:
            process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT,
                                       text=True)  # fmt: skip
            try:
                site.mkdir(parents=True, exist_ok=True)
                static = _link_static(docs, site, earlier)
            finally:
                returncode = process.wait()
        addressed: list[tuple[str, str]] = []  # (page, link) to check once the site is done
        for line in log.read_text(encoding="utf-8").splitlines():
            found = _ADDRESS_LINK.match(line)
            if found:
                addressed.append((found["page"], found["link"]))
            elif not _EXCLUDED_LINK.search(line):
                print(line, file=sys.stderr)
        if returncode != 0:
            return Built(returncode, [])
        shells = {
            v: Shell.parse((built / v.url / "index.html").read_text(encoding="utf-8"), v)
            for v in variants
        }
        shutil.rmtree(built / SHELL_FOLDER)
        made_by_mkdocs = sorted(names_under(built))
        _move_into(built, made_by_mkdocs, site)
    finally:
        work.unlink(missing_ok=True)
        log.unlink(missing_ok=True)
        shutil.rmtree(mirror, ignore_errors=True)
        shutil.rmtree(built, ignore_errors=True)
    # What every stamped page shares: the theme's shells.
    shared = digest(*sorted((v.url, s.parts) for v, s in shells.items()))
    # The site's files besides the pages to stamp: what MkDocs built and the static files.
    files = sorted({*made_by_mkdocs, *static, *(drawing or ())})
    job = _Job(shells, _site_paths(files, pages), docs, site, index, shared, earlier, gone)
    broken = check_addressed(addressed, job.known)
    if broken:
        raise GeneratorError("broken link(s) in pages MkDocs built:\n  " + "\n  ".join(broken))
    indexed, made = _stamp_all(pages, job, jobs)
    made.update(dict.fromkeys(files, FILE))
    made[SHELLS] = shared
    made[LISTED] = LISTED_VERSION
    if digests is not None:
        digests.update(made)
    if index is not None:  # the pages MkDocs built itself (the indexes, the about pages)
        indexed += _index_built(site, [rel for rel in files if rel.endswith("index.html")], index)
    _sitemap(site, [page_url(p) for p in pages], [v.url for v in variants])
    return Built(0, sorted(indexed, key=lambda i: i.url))


def _move_into(folder: Path, files: list[str], site: Path) -> None:
    """Move ``files`` (relative to ``folder``) into ``site``; a file already there is an error
    (two outputs, one address)."""
    made: set[Path] = set()
    for rel in files:
        target = site / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if target.exists():
            raise GeneratorError(f"{rel}: built by MkDocs and written by the generator too")
        os.replace(folder / rel, target)


def _index_built(site: Path, built: list[str], index: Path) -> list[Indexed]:
    """The index copies of the pages MkDocs built (``built``: their files in the site)."""
    found: list[Indexed] = []
    for rel in built:
        html = (site / rel).read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:  # the 404 page, redirect stubs
            continue
        copy = for_index(html)
        _write(index / rel, copy)
        found.append(Indexed(rel.removesuffix("index.html"), None, digest(copy), True))
    return found


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _mirror(docs: Path, mirror: Path) -> None:
    """What MkDocs builds, hard-linked from ``docs`` into ``mirror``: the hand-written pages
    and files, the home page's snippets, each generated folder's index page and the downloads
    (for their links; ``_config`` excludes them from the build), never the corpus's thousands
    of pages and files (MkDocs would list each, and copy each static one: seconds at 10,000
    letters)."""
    shutil.rmtree(mirror, ignore_errors=True)
    mirror.mkdir()
    for entry in docs.iterdir():
        if entry.name not in STAMPED_FOLDERS and entry.name != "charts":
            if entry.is_dir():
                link_tree(entry, mirror / entry.name)
            else:
                link(entry, mirror / entry.name)
        elif (entry / "index.md").is_file():
            link(entry / "index.md", mirror / entry.name / "index.md")


def _link_static(docs: Path, site: Path, earlier: Earlier | None) -> list[str]:
    """The generated folders' files that are not pages (each case's JSON, the charts, the
    downloads, the redirect pages) hard-linked into the site, as MkDocs would have copied
    them, but for those the ``earlier`` site has already (the same file: docs/ keeps a file
    it does not change, ``write.py``); their paths in the site."""
    linked = []
    kept = earlier.site if earlier is not None and earlier.updating else None
    for folder in (*STAMPED_FOLDERS, *STATIC_FOLDERS):
        for relative, path in files_under(docs / folder, prefix=f"{folder}/"):
            if not relative.endswith(".md"):
                if kept is None or not _same_file(path, kept / relative):
                    link(path, site / relative)
                linked.append(relative)
    return linked


def _same_file(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:  # not there
        return False


def _site_paths(files: list[str], pages: list[str]) -> frozenset[str]:
    """Every page and file a link may point to: "drugs/baclofen/", "charts/x.svg", "" (the
    site's ``files`` so far and the ``pages`` to stamp)."""
    known = {page_url(p) for p in pages}
    for rel in files:
        known.add(rel)
        if rel.endswith("/index.html"):
            known.add(rel.removesuffix("index.html"))
    known.add("")
    return frozenset(known)


@dataclass(frozen=True)
class _Job:
    """What every page of a build shares: the shells, the site's pages and files (for the link
    check), the folders, the shells' digest and the earlier build."""

    shells: dict[Variant, Shell]
    known: frozenset[str]
    docs: Path
    site: Path
    index: Path | None
    shared: str
    earlier: Earlier | None
    # A page of the earlier build is gone: a kept page's links are checked again.
    recheck: bool


# Set in each worker by its initializer.
_JOB: _Job | None = None


def _init(job: _Job) -> None:
    global _JOB
    _JOB = job


def _made(path: str, job: _Job) -> tuple[str, str | None]:
    """A page's digest in this build's shells: of what the generator made it from when the
    earlier build recorded that (``Earlier.made_of``), else of its Markdown; and the Markdown,
    when it was read for it."""
    made_of = job.earlier.made_of.get(path) if job.earlier is not None else None
    if made_of:
        return digest(job.shared, "made of", made_of), None
    text = (job.docs / path).read_text(encoding="utf-8")
    return digest(job.shared, text), text


def _unchanged(path: str, job: _Job) -> tuple[str, str, bool, str | None] | None:
    """For a page whose Markdown and shell are those of the earlier build, and whose links
    need no new check (no page of the earlier build is gone), what keeping it takes: its file
    in the site, its digest, whether it is indexed and its date. None: it must be stamped."""
    if job.earlier is None or job.recheck:
        return None
    rel = f"{page_url(path)}index.html"
    made, _text = _made(path, job)
    kept = _in_earlier(rel, made, job.earlier)
    return None if kept is None else (rel, made, *kept)


def _in_earlier(rel: str, made: str, earlier: Earlier | None) -> tuple[bool, str | None] | None:
    """Whether the earlier site has the page ``rel`` made from the same (``made``, its
    digest): then whether it was indexed and its date; else None."""
    kept = earlier.page(rel) if earlier is not None else None
    if earlier is None or kept is None or kept[0] != made:
        return None
    if not os.path.isfile(os.path.join(earlier.site, rel)):  # (a Path apiece: 15,000 pages)
        return None
    return kept[1], kept[2]


def _kept(
    pages: dict[str, tuple[str, str, bool, str | None]],
) -> tuple[list[Indexed], dict[str, str]]:
    """The ``_unchanged`` pages, kept in the earlier site: the same Markdown in the same shell,
    whose links were checked then and still hold. The indexed ones, every digest."""
    indexed, digests = [], {}
    for path, (rel, made, is_indexed, date) in pages.items():
        digests[rel] = _record(made, is_indexed, date)
        if is_indexed:
            indexed.append(Indexed(page_url(path), date, made, False))
    return indexed, digests


def _stamp_chunk(paths: list[str]) -> tuple[list[str], list[Indexed], dict[str, str]]:
    """Stamp some pages into the site (and their index copies); a page the same as the earlier
    build's but whose links must be checked again (``_Job.recheck``) is checked and kept there.
    Their problems (broken links), the indexed ones, and every page's digest. (The pages kept
    without a check are ``_unchanged``: ``_stamp_all`` counts them.)"""
    job = _JOB
    assert job is not None
    problems, indexed, digests = [], [], {}
    for path in paths:
        url = page_url(path)
        rel = f"{url}index.html"
        made, text = _made(path, job)
        reusable = _in_earlier(rel, made, job.earlier) is not None
        if text is None:
            text = (job.docs / path).read_text(encoding="utf-8")
        source = read_page(text, path)
        # The article's links (the theme's own are MkDocs' and its canonical link names the
        # site's host).
        problems += check_links(source.body.html, url, job.known)
        record = source.meta.get("record")
        date = record.get("decision_date") if isinstance(record, dict) else None
        digests[rel] = _record(made, source.indexed, date)
        if reusable:
            copied = False
        else:
            page = job.shells[variant_of(url, source)].fill(url, source)
            _write(job.site / rel, page)
            copied = job.index is not None and source.indexed
            if copied and job.index is not None:
                copy = for_index(page)
                if copy is page:  # nothing to drop (most pages): the page itself, linked
                    link(job.site / rel, job.index / rel)
                else:
                    _write(job.index / rel, copy)
        if source.indexed:
            indexed.append(Indexed(url, date, made, copied))
    return problems, indexed, digests


def _record(made: str, indexed: bool, date: str | None) -> str:
    """How a stamped page's digest is kept (``Earlier.page`` reads it)."""
    return f"{made} {'i' if indexed else 'x'} {date or ''}".rstrip()


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stamp_all(pages: list[str], job: _Job, jobs: int) -> tuple[list[Indexed], dict[str, str]]:
    """Stamp ``pages`` but those unchanged since the earlier build (kept); the indexed pages
    and every page's digest."""
    progress = Progress("stamped pages", len(pages), sys.stderr)
    problems: list[str] = []
    _init(job)
    unchanged = {path: keep for path in pages if (keep := _unchanged(path, job)) is not None}
    indexed, digests = _kept(unchanged)
    progress.step(len(unchanged))
    chunks = list(_chunks([path for path in pages if path not in unchanged], _CHUNK))

    def take(results: Iterator[tuple[list[str], list[Indexed], dict[str, str]]]) -> None:
        """Each chunk's result as it comes (the progress line follows the workers)."""
        for chunk, (found, listed, made) in zip(chunks, results, strict=True):
            problems.extend(found)
            indexed.extend(listed)
            digests.update(made)
            progress.step(len(chunk))

    if jobs > 1 and len(chunks) > 1:
        context = process_context()
        with context.Pool(jobs, _init, (job,)) as pool:
            take(pool.imap(_stamp_chunk, chunks))
    else:
        take(_stamp_chunk(chunk) for chunk in chunks)
    kept = sum(1 for i in indexed if not i.copied)
    progress.done(f"{kept} indexed pages kept from the earlier build" if kept else "")
    if problems:
        shown = problems[:_SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        tail = f"\n  ... and {more} more" if more else ""
        raise GeneratorError(
            f"{len(problems)} broken link(s) in generated pages:\n  " + "\n  ".join(shown) + tail
        )
    return indexed, digests


def _sitemap(site: Path, urls: list[str], shell_urls: list[str]) -> None:
    """Add the stamped pages to MkDocs' sitemap, each entry shaped like a shell's (MkDocs
    lists pages only when site_url is set; otherwise the sitemap is empty and stays so)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    blocks = _URL_BLOCK.findall(text)
    model = next((b for b in blocks if shell_urls[0] in b), None)
    if model is None:
        return
    kept = [b for b in blocks if not any(u in b for u in shell_urls)]
    added = [model.replace(shell_urls[0], url) for url in urls]
    head = text[: text.find("<url>")]
    body = head + "\n    ".join(kept + added) + "\n</urlset>"
    sitemap.write_text(body, encoding="utf-8")
    with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=0) as packed:
        packed.write(body.encode("utf-8"))
