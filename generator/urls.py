"""Page paths and links: every URL on the site is derived here, from ids and slugs.

URLs are permanent (trainers link to them): a case is ``cases/<case-slug>/`` where the slug is
the case number for published letters ("cases/CM16-0213037/") and the file stem otherwise; a
drug is ``drugs/<slug>/``; a guideline section ``guidelines/<document-slug>/<section-slug>/``
(the document as a whole: ``guidelines/<document-slug>/``); a treatment kind
``treatments/<kind>/``; a reviewer specialty ``specialties/<slug>/``; an item on its case page
``#item-<index>``. Changing a slug needs an entry in ``lexicons/redirects.yaml``.

Pages are written as ``<dir>/<name>.md`` and served with directory URLs (``use_directory_urls``),
so the link from one page to another is a relative directory URL computed here.
"""

from __future__ import annotations

from generator.slugs import slugify

__all__ = ["slugify"]  # re-exported: page modules name pages by it


def page_path(url: str) -> str:
    """Markdown file for a directory URL: "drugs/baclofen/" -> "drugs/baclofen.md";
    "drugs/" -> "drugs/index.md"; "" -> "index.md"."""
    if not url:
        return "index.md"
    stem = url.rstrip("/")
    return f"{stem}/index.md" if url in _SECTION_INDEXES else f"{stem}.md"


# Index pages of each part of the site (served at the folder's URL).
_SECTION_INDEXES = {
    "cases/", "drugs/", "guidelines/", "treatments/", "specialties/", "quality/", "reasons/",
    "trends/",
}  # fmt: skip


def chart_path(kind: str, name: str) -> str:
    """Where a chart is written: "charts/drugs/baclofen.svg"."""
    return f"charts/{kind}/{name}.svg"


def case_url(slug: str) -> str:
    return f"cases/{slug}/"


def drug_url(slug: str) -> str:
    return f"drugs/{slug}/"


def section_url(document_slug: str, section_slug: str | None) -> str:
    if section_slug is None:
        return f"guidelines/{document_slug}/"
    return f"guidelines/{document_slug}/{section_slug}/"


def kind_url(kind: str) -> str:
    return f"treatments/{kind}/"


def specialty_url(name: str) -> str:
    return f"specialties/{slugify(name)}/"


def reason_url(key: str) -> str:
    """A reason of the taxonomy: "reasons/no-functional-improvement/"."""
    return f"reasons/{key}/"


def class_url(key: str) -> str:
    """A drug class is a heading on the drugs index: "drugs/#class-muscle-relaxant"."""
    return f"drugs/#class-{slugify(key)}"


def relative(from_url: str, to_url: str) -> str:
    """Link from the page served at ``from_url`` to ``to_url`` (both site-relative directory
    URLs, "" for the home page); keeps a "#fragment".

    The link climbs to the site root and descends ("../../drugs/baclofen/" from
    "cases/CM1/"), never a shortcut ("../baclofen/" from "drugs/tramadol/"): MkDocs leaves links
    in raw HTML as written, while Zensical reads them relative to the page's source file (one
    folder higher than its URL) and rewrites those it can resolve. A root-anchored link means
    the same page under both readings.
    """
    target, _, fragment = to_url.partition("#")
    if fragment and target == from_url:
        return f"#{fragment}"
    rel = "../" * from_url.count("/") + target
    rel = rel or "./"
    return f"{rel}#{fragment}" if fragment else rel


def asset(from_url: str, path: str) -> str:
    """Link from a page to a file in the site ("charts/drugs/baclofen.svg"), root-anchored like
    ``relative``."""
    return "../" * from_url.count("/") + path
