"""Publishing: generated pages plus a static-site build, put in place only when both succeed.

``python -m generator site [--source DIR] [--out DIR] [--strict] [--builder mkdocs|zensical]``
(what ``nox -s build`` runs):

1. ``build`` writes the generated folders of the docs directory (``build.py``);
2. the builder (``mkdocs build --strict`` by default; ``zensical build`` for the successor
   of Material for MkDocs) makes the site into a fresh folder;
3. Pagefind indexes that folder for search (``FOLDER/pagefind/``; MkDocs builds only: Zensical
   has its own search);
4. the site is changed to the new build: a build from nothing replaces the previous site by
   rename; a build that keeps the earlier build's unchanged pages and files has made only what
   changed, and moves that into the site, removing what is gone (``overlay.py``). A failed step
   leaves the previous site.

With ``--out DIR`` everything goes under DIR instead of the repository: ``DIR/docs`` (the
hand-written pages copied, the generated ones written), ``DIR/mkdocs.yml`` (inherits the
repository's; the theme overrides stay the repository's ``overrides/``), ``DIR/site``. That is
how a second corpus (the 146 published letters) is built beside the main site without touching
it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator import overlay
from generator.build import BuildReport, build
from generator.errors import GeneratorError
from generator.overlay import discard, replace_whole, update_in_place
from generator.rendering import Charts
from generator.reuse import Outputs, link, names_under
from generator.search_index import Searched, index_search
from generator.stamping import LISTED, LISTED_VERSION, Earlier, build_stamped
from generator.store import connect
from generator.write import GENERATED

BUILDERS = ("mkdocs", "zensical")

# How mkdocs.yml names the generated snippets folder (relative to docs_dir, for MkDocs).
RELATIVE_SNIPPETS = "!relative $docs_dir/_snippets"
# Zensical keeps its own search: its copy of mkdocs.yml drops the Pagefind header (the theme
# overrides) and turns its search plugin back on.
MKDOCS_ONLY = {"  custom_dir: overrides\n": "", "plugins: []\n": "plugins:\n  - search\n"}


@dataclass(frozen=True)
class Layout:
    """Where the docs, the MkDocs configuration and the site are."""

    docs: Path
    config: Path
    site: Path
    base_config: Path  # the repository's mkdocs.yml, which ``config`` is or inherits


def prepare(root: Path, out: Path | None) -> Layout:
    """The repository's own layout, or a fresh one under ``out`` inheriting its configuration."""
    root = root.resolve()
    if out is None:
        return Layout(root / "docs", root / "mkdocs.yml", root / "site", root / "mkdocs.yml")
    # Absolute: MkDocs resolves a relative -d against the configuration's folder, not ours.
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    docs = out / "docs"
    # The hand-written pages copied afresh; the generated folders stay for the build to keep
    # what it can of them (reuse.py) and then replace.
    if docs.exists():
        for entry in docs.iterdir():
            if entry.name not in GENERATED:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.copytree(
        root / "docs", docs, ignore=lambda d, names: GENERATED if Path(d) == root / "docs" else (),
        dirs_exist_ok=True,
    )  # fmt: skip
    config = out / "mkdocs.yml"
    # INHERIT takes every setting of the main configuration; only the folders differ. MkDocs
    # reads a relative custom_dir against this file's folder, so the overrides are named whole.
    config.write_text(
        f"INHERIT: {(root / 'mkdocs.yml').resolve()}\ndocs_dir: docs\nsite_dir: site\n"
        f"theme:\n  custom_dir: {(root / 'overrides').resolve()}\n",
        encoding="utf-8",
    )
    return Layout(docs, config, out / "site", root / "mkdocs.yml")


def run_builder(
    builder: str,
    layout: Layout,
    jobs: int = 1,
    store: Path | None = None,
    charts: Charts | None = None,
) -> None:
    """Build the site into a new folder, then swap it in place of the old one. With MkDocs, the
    pages outside the navigation are stamped into MkDocs' own page shell in ``jobs`` worker
    processes (``stamping.py``) instead of each passing through MkDocs, and the site is indexed
    for search (``search_index.py``). With ``store`` (the corpus store) and a site whose files
    it lists (``stamping.LISTED``), a stamped page, static file or search bundle made from the
    same as in the site is kept there (``reuse.py``): the new folder gets only what changed,
    and updates the site in place (``overlay.py``). ``charts``: the build's charts still being
    drawn (``build(charts_later=True)``), waited for only when the site is otherwise done, and
    put in docs/ and the site then (``_put_charts``)."""
    if builder not in BUILDERS:
        raise GeneratorError(f"unknown builder {builder!r}: use one of {', '.join(BUILDERS)}")
    layout.site.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".site-", dir=layout.site.parent))
    scratch = Path(tempfile.mkdtemp(prefix=".search-", dir=layout.site.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    db = connect(store) if store is not None and builder == "mkdocs" else None
    outputs = Outputs(db, layout.site) if db is not None else None
    # The earlier build's site and digests, and what the docs' pages were made from. Without
    # them (no earlier site, a build interrupted while it updated the site, a site made by an
    # earlier version of this code) the site is made whole in the new folder; the pages'
    # digests are still those the next build compares.
    earlier = None
    if db is not None and outputs is not None:
        listed = layout.site.is_dir() and outputs.before.get(LISTED) == LISTED_VERSION
        before = outputs.before if listed else {}
        earlier = Earlier(layout.site, before, Outputs(db, layout.docs).before)
    digests: dict[str, str] = {}
    searched = Searched(0)
    try:
        if builder == "mkdocs":
            theme = (layout.base_config.parent / "overrides").resolve()
            drawing = [chart.path for chart in charts.new] if charts is not None else []
            built = build_stamped(
                layout.config, layout.docs, fresh, jobs, env, theme, scratch / "pages", earlier,
                digests, drawing,
            )  # fmt: skip
            returncode = built.returncode
        else:
            returncode = _zensical(layout, fresh, env)
        if returncode != 0 or not (fresh / "index.html").is_file():
            why = f"exit {returncode}" if returncode else f"no index.html in {fresh}"
            raise GeneratorError(f"{builder} build failed ({why}); site unchanged")
        if builder == "mkdocs":
            print("  indexing the site for search with Pagefind", file=sys.stderr)
            started = time.perf_counter()
            searched = index_search(
                fresh, scratch / "pages", built.indexed, jobs, scratch, earlier, digests
            )
            seconds = time.perf_counter() - started
            print(f"  search index: {searched.pages} pages in {seconds:.1f} s", file=sys.stderr)
        if charts is not None:
            _put_charts(charts, layout.docs, fresh)
            if db is not None:
                charts.remember(db)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if db is not None:
            db.close()
        raise
    finally:
        discard(scratch)
    if outputs is not None:
        outputs.forget()
    if earlier is not None and earlier.updating:
        _update(fresh, layout.site, earlier.digests, digests, searched)
    else:
        replace_whole(fresh, layout.site)
    if outputs is not None and db is not None:  # only now: these files are the site's
        outputs.after = digests
        outputs.save()
        db.close()


def _update(
    fresh: Path, site: Path, before: dict[str, str], after: dict[str, str], searched: Searched
) -> None:
    """Make the site what ``fresh`` (an overlay of what changed) and the earlier site's kept
    files are together. The site's digests (``before``, ``after``) name every file but the
    search bundles' (a name ending in "/" is a bundle's; one starting with "." no file's).

    Usually few files changed and they are moved into the site (``update_in_place``). When
    most did (another version of the code or templates: every page made anew), the few kept
    are linked into ``fresh`` and it replaces the site whole: moving tens of thousands of
    files one by one takes seconds more than a build from nothing."""
    made = set(names_under(fresh))
    kept = [rel for rel in after if _is_file(rel) and rel not in made]
    if overlay.in_place(len(made), len(kept)):
        gone = [rel for rel in before if _is_file(rel) and rel not in after]
        update_in_place(fresh, site, gone + list(searched.gone), searched.folders)
        return
    for rel in kept + searched.kept_files(site):
        link(site / rel, fresh / rel)
    replace_whole(fresh, site)


def _put_charts(charts: Charts, docs: Path, fresh: Path) -> None:
    """The charts drawn while the site was built (waiting for the last of them) into docs/
    and the new site folder. In docs/ each replaces the earlier build's file by rename, never
    writing through it: the site being updated shares that file (a hard link)."""
    for chart, svg in charts.wait(sys.stderr):
        target = docs / chart.path
        target.parent.mkdir(parents=True, exist_ok=True)
        written = target.with_name(target.name + ".new")
        written.write_bytes(svg)
        os.replace(written, target)
        placed = fresh / chart.path
        placed.unlink(missing_ok=True)  # the earlier file, linked while MkDocs ran
        link(target, placed)


def _is_file(name: str) -> bool:
    """Whether a name of the site's digests is a file's (not a search bundle's folder, "x/",
    nor a name no file has, ".shells")."""
    return not name.endswith("/") and not name.startswith(".")


def _zensical(layout: Layout, fresh: Path, env: dict[str, str]) -> int:
    """Build with Zensical. It has no --site-dir option and does not read MkDocs' "!relative"
    tag: it gets a copy of the configuration with that path spelled out and its own folders."""
    config = fresh.with_suffix(".yml")
    text = layout.base_config.read_text(encoding="utf-8").replace(
        RELATIVE_SNIPPETS, str((layout.docs / "_snippets").resolve())
    )
    for mkdocs_only, zensical in MKDOCS_ONLY.items():
        text = text.replace(mkdocs_only, zensical)
    # Folders relative to the configuration: Zensical 0.0.x stops on absolute ones.
    docs_dir = os.path.relpath(layout.docs, config.parent)
    site_dir = os.path.relpath(fresh, config.parent)
    config.write_text(f"{text}\ndocs_dir: {docs_dir}\nsite_dir: {site_dir}\n", encoding="utf-8")
    try:
        command = ["zensical", "build", "--strict", "--clean", "-f", str(config)]
        return subprocess.run(command, env=env, check=False).returncode
    finally:
        config.unlink(missing_ok=True)


def publish(
    source: Path,
    root: Path,
    out: Path | None,
    builder: str = "mkdocs",
    debug: bool = False,
    store: Path | None = None,
    jobs: int | None = None,
    allow_synthetic: bool = False,
) -> tuple[BuildReport, Layout]:
    """Generate the pages for ``source`` and build the site; see the module docstring."""
    layout = prepare(root, out)
    report = build(
        source, layout.docs, debug=debug, store=store, jobs=jobs, allow_synthetic=allow_synthetic,
        charts_later=builder == "mkdocs",
    )  # fmt: skip
    print(f"  building the site with {builder}", file=sys.stderr)
    store_path = store or layout.docs.parent / "build" / "corpus.sqlite"
    try:
        run_builder(builder, layout, jobs or os.cpu_count() or 1, store_path, report.later)
    finally:
        if report.later is not None:
            report.later.stop()
    print(f"  site: {layout.site}", file=sys.stderr)
    return report, layout
