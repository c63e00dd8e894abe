"""The guideline lexicon: reading ``lexicons/guidelines.yaml`` and validating it into a
:class:`GuidelineLexicon` with its normalized-name indexes.

Validation stops at the first fault and names the file and the entry: unknown keys, bad slugs,
duplicate slugs or names, page ranges out of order or outside the document, parents that do
not exist, examples that name an unknown section.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from generator import patterns as P
from generator.errors import GeneratorError
from generator.guidelines.model import (
    CONFIDENCE,
    GUIDELINES,
    Document,
    Example,
    GuidelineLexicon,
    Pages,
    Section,
)
from generator.guidelines.names import normalize_name

# The C loader is several times faster; PyYAML built without libyaml lacks it.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The package data file (pyproject: lexicons/*.yaml under generator).
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "lexicons" / "guidelines.yaml"


class LexiconError(GeneratorError):
    """The guideline lexicon file is malformed; ``str(err)`` names the file and the entry."""


def load_guidelines(path: Path | None = None) -> GuidelineLexicon:
    """Read and validate the lexicon (``lexicons/guidelines.yaml`` by default).

    Raises ``LexiconError`` naming the file and the entry for any schema or integrity fault:
    unknown keys, bad slugs, duplicate slugs or aliases, page ranges out of order or outside the
    document, parents that do not exist, examples that name an unknown section.
    """
    path = path or DEFAULT_PATH
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as err:
        raise LexiconError(f"{path}: cannot read: {err}") from err
    try:
        return _build(raw)
    except LexiconError as err:
        raise LexiconError(f"{path}: {err}") from None


def _req(entry: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in entry:
        raise LexiconError(f"{where}: missing '{key}'")
    value = entry[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise LexiconError(f"{where}: '{key}' must be {getattr(kind, '__name__', kind)}")
    return value


def _opt(entry: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    return _req(entry, key, kind, where) if entry.get(key) is not None else None


def _strings(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = entry.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LexiconError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(values)


def _pages(entry: Mapping[str, Any], key: str, where: str) -> Pages:
    values = entry.get(key) or []
    ranges: list[tuple[int, int]] = []
    for value in values if isinstance(values, list) else [values]:
        ok = isinstance(value, list) and len(value) == 2
        if not ok or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            raise LexiconError(f"{where}: '{key}' must be a list of [start, end] pairs")
        if not 1 <= value[0] <= value[1]:
            raise LexiconError(f"{where}: '{key}' range {value} is not ordered")
        ranges.append((value[0], value[1]))
    return tuple(ranges)


_DOC_KEYS = {
    "slug", "guideline", "publisher", "title", "chapter", "regulation", "editions",
    "paginated_edition", "total_pages", "page_span", "sections_name_document", "aliases",
    "source", "note", "sections", "examples",
}  # fmt: skip
_SECTION_KEYS = {
    "slug", "title", "number", "pages", "cited_pages", "parent", "editions", "aliases",
    "keywords", "confidence", "source", "note",
}  # fmt: skip


def _section(entry: Any, where: str) -> Section:
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: a section must be a mapping")
    slug = _req(entry, "slug", str, where)
    where = f"{where} '{slug}'"
    unknown = set(entry) - _SECTION_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
    confidence = _req(entry, "confidence", str, where)
    if confidence not in CONFIDENCE:
        raise LexiconError(f"{where}: confidence '{confidence}' is not one of {CONFIDENCE}")
    number = _opt(entry, "number", (str, int), where)
    return Section(
        slug=slug,
        title=_req(entry, "title", str, where),
        pages=_pages(entry, "pages", where),
        cited_pages=_pages(entry, "cited_pages", where),
        aliases=_strings(entry, "aliases", where),
        keywords=_strings(entry, "keywords", where),
        number=None if number is None else str(number),
        parent=_opt(entry, "parent", str, where),
        editions=_strings(entry, "editions", where),
        confidence=confidence,
        source=_req(entry, "source", str, where),
        note=_opt(entry, "note", str, where),
    )


def _document(entry: Any, where: str) -> Document:
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: a document must be a mapping")
    slug = _req(entry, "slug", str, where)
    where = f"document '{slug}'"
    unknown = set(entry) - _DOC_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
    guideline = _req(entry, "guideline", str, where)
    if guideline not in GUIDELINES:
        raise LexiconError(f"{where}: guideline '{guideline}' is not one of {GUIDELINES}")
    # page_span is one [start, end] pair; _pages reads lists of pairs.
    span = _pages(
        {"page_span": [entry["page_span"]]} if "page_span" in entry else {}, "page_span", where
    )
    sections = tuple(_section(s, f"{where} section") for s in _req(entry, "sections", list, where))
    examples = []
    for ex in entry.get("examples") or []:
        if not isinstance(ex, dict) or set(ex) - {"text", "pages", "section"}:
            raise LexiconError(f"{where}: an example needs text, optional pages and section")
        section = _opt(ex, "section", str, where)
        examples.append(Example(_req(ex, "text", str, where), _pages(ex, "pages", where), section))
    return Document(
        slug=slug,
        guideline=guideline,
        publisher=_req(entry, "publisher", str, where),
        title=_req(entry, "title", str, where),
        editions=tuple(str(e) for e in entry.get("editions") or []),
        paginated_edition=_opt(entry, "paginated_edition", str, where),
        total_pages=_opt(entry, "total_pages", int, where),
        page_span=span[0] if span else None,
        sections_name_document=_req(entry, "sections_name_document", bool, where),
        aliases=_strings(entry, "aliases", where),
        source=_req(entry, "source", str, where),
        sections=sections,
        examples=tuple(examples),
        chapter=_opt(entry, "chapter", int, where),
        regulation=_opt(entry, "regulation", str, where),
        note=_opt(entry, "note", str, where),
    )


def _check_document(doc: Document, section_slugs: set[str]) -> None:
    where = f"document '{doc.slug}'"
    span = doc.span()
    seen: dict[str, str] = {}
    local: set[str] = set()
    for section in doc.sections:
        w = f"{where} section '{section.slug}'"
        if not P.SLUG.match(section.slug):
            raise LexiconError(f"{w}: slug is not url-safe (lower-case words joined by '-')")
        if section.slug in section_slugs:
            raise LexiconError(f"{w}: slug is used twice")
        section_slugs.add(section.slug)
        if section.parent is not None and section.parent not in local:
            raise LexiconError(f"{w}: parent '{section.parent}' is not an earlier section")
        local.add(section.slug)
        for a, b in section.pages + section.cited_pages:
            if span and not (span[0] <= a <= b <= span[1]):
                raise LexiconError(f"{w}: pages {a}-{b} fall outside the document ({span})")
        for name in (*section.names(), *section.keywords):
            key = normalize_name(name)
            if not key:
                raise LexiconError(f"{w}: name '{name}' is empty once normalized")
            if seen.setdefault(key, section.slug) != section.slug:
                raise LexiconError(f"{w}: '{name}' also names section '{seen[key]}'")
    for example in doc.examples:
        if example.section is not None and example.section not in local:
            raise LexiconError(f"{where}: example names unknown section '{example.section}'")


def _build(raw: Any) -> GuidelineLexicon:
    if not isinstance(raw, dict) or set(raw) != {"version", "guidelines", "documents"}:
        raise LexiconError("top level must have exactly: version, guidelines, documents")
    labels: dict[str, tuple[str, ...]] = {}
    for entry in _req(raw, "guidelines", list, "guidelines"):
        name = _req(entry, "name", str, "guidelines")
        if name not in GUIDELINES:
            raise LexiconError(f"guidelines: '{name}' is not one of {GUIDELINES}")
        labels[name] = _strings(entry, "aliases", f"guidelines '{name}'")
    documents = tuple(
        _document(d, f"documents[{i}]") for i, d in enumerate(_req(raw, "documents", list, "top"))
    )
    doc_slugs: set[str] = set()
    section_slugs: set[str] = set()
    # Document names are unique among the documents one citation can mean: ODG chapters are
    # never candidates together with MTUS or ACOEM documents, so "Eye" may name one of each.
    doc_alias: dict[tuple[bool, str], str] = {}
    for doc in documents:
        if not P.SLUG.match(doc.slug) or doc.slug in doc_slugs:
            raise LexiconError(f"document '{doc.slug}': slug is not url-safe or is used twice")
        doc_slugs.add(doc.slug)
        for name in (doc.title, *doc.aliases):
            key = (doc.guideline == "ODG", normalize_name(name))
            if doc_alias.setdefault(key, doc.slug) != doc.slug:
                raise LexiconError(f"document '{doc.slug}': '{name}' also names '{doc_alias[key]}'")
        _check_document(doc, section_slugs)
    doc_names = {
        d.slug: tuple({normalize_name(n) for n in (d.title, *d.aliases)}) for d in documents
    }
    section_names = {
        d.slug: tuple((normalize_name(n), s) for s in d.sections for n in s.names())
        for d in documents
    }
    return GuidelineLexicon(labels, documents, doc_names, section_names)
