"""The site build in parallel: MkDocs is one process, so a large site is built as shards, each
a ``mkdocs build --strict`` of the same docs folder and configuration with ``exclude_docs``
leaving out the case pages of the other shards, then merged.

- Shard 0 builds every page but the other shards' case pages; shard k > 0 builds only its own
  case pages. A case page does not depend on which others are built (its sidebar holds no case
  pages: ``not_in_nav``), so its HTML is byte for byte what one whole build writes.
- Link checking stays strict in every shard: a link to a page no shard has is a warning and
  fails the build; a link to a page another shard builds is reported by MkDocs as "excluded"
  (INFO), and that page is in the merged site.
- The merge moves each shard's case folders into shard 0's site and joins the sitemaps. The
  search index is made afterwards over the merged site (Pagefind, ``publish.index_search``).

Case pages are assigned to shards in slug order, in contiguous runs sized so every shard has
about as many pages to build.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator.errors import GeneratorError

# Below this many case pages one MkDocs process is as fast as several (each has a fixed start).
SHARD_FROM = 1000

_URL_BLOCK = re.compile(r"<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>")


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml for its exclude_docs; MkDocs' own tags are read as plain strings."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _base_excludes(config: Path) -> str:
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}
    parent = data.get("INHERIT")
    if not data.get("exclude_docs") and parent:
        return _base_excludes((config.parent / parent).resolve())
    return str(data.get("exclude_docs") or "")


def plan(docs: Path, shards: int) -> list[list[str]]:
    """The case page files (``cases/<slug>.md``) each shard builds; shard 0 also builds every
    other page."""
    cases = sorted(p.name for p in (docs / "cases").glob("*.md") if p.name != "index.md")
    others = sum(1 for _ in docs.rglob("*.md")) - len(cases)
    share = (len(cases) + others) / shards
    first = max(0, min(len(cases), round(share - others)))
    rest = cases[first:]
    per = -(-len(rest) // max(shards - 1, 1))
    return [cases[:first]] + [rest[i * per : (i + 1) * per] for i in range(shards - 1)]


def _config(base: Path, docs: Path, excludes: list[str], path: Path, theme: Path | None) -> Path:
    lines = [f"INHERIT: {base.resolve()}", f"docs_dir: {docs.resolve()}"]
    if theme is not None:  # relative paths would be read against this file's folder
        lines += ["theme:", f"  custom_dir: {theme}"]
    lines += ["exclude_docs: |"]
    lines += [f"  {line}" for line in [*_base_excludes(base).splitlines(), *excludes] if line]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_sharded(
    config: Path,
    docs: Path,
    site: Path,
    shards: int,
    env: dict[str, str],
    theme: Path | None = None,
) -> int:
    """Build the site into ``site`` (a fresh folder) in ``shards`` MkDocs processes; return the
    exit status (0 when every shard built). ``theme`` is the theme's custom_dir, absolute."""
    assignment = plan(docs, shards)
    work = site.with_name(site.name + ".shards")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        runs = []
        for k, own in enumerate(assignment):
            if k == 0:
                excludes = [f"/cases/{name}" for part in assignment[1:] for name in part]
            else:
                excludes = ["/*", "!/cases/", "/cases/*", *[f"!/cases/{name}" for name in own]]
            shard_config = _config(config, docs, excludes, work / f"shard-{k}.yml", theme)
            out = site if k == 0 else work / f"site-{k}"
            command = [sys.executable, "-m", "mkdocs", "build", "--strict",
                       "-f", str(shard_config), "-d", str(out)]  # fmt: skip
            runs.append((out, subprocess.Popen(command, env=env)))
        codes = [process.wait() for _out, process in runs]
        if any(codes):
            return next(c for c in codes if c)
        for k, (out, _process) in enumerate(runs[1:], start=1):
            _merge(site, out, [name.removesuffix(".md") for name in assignment[k]])
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _merge(site: Path, shard: Path, slugs: list[str]) -> None:
    for slug in slugs:
        target = site / "cases" / slug
        if target.exists():
            raise GeneratorError(f"shards overlap at cases/{slug}/")
        os.replace(shard / "cases" / slug, target)
    sitemap, more = site / "sitemap.xml", shard / "sitemap.xml"
    if sitemap.is_file() and more.is_file():
        text = sitemap.read_text(encoding="utf-8")
        blocks = _URL_BLOCK.findall(text) + _URL_BLOCK.findall(more.read_text(encoding="utf-8"))
        blocks = sorted(set(blocks), key=lambda b: m.group(1) if (m := _LOC.search(b)) else b)
        head, _, _ = text.partition("<url>")
        body = head + "\n".join(f"    {b}" for b in blocks) + "\n</urlset>"
        sitemap.write_text(body, encoding="utf-8")
        with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=0) as packed:
            packed.write(body.encode("utf-8"))
