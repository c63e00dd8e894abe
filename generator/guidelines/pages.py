"""Page numbers in citations: ranges a document cannot have (:func:`page_warnings`) and the
section a set of cited pages points to (``by_pages``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.guidelines.model import Document, Pages, Section, page_numbers


def format_pages(pages: Pages) -> str:
    """Page ranges as a letter writes them: "63-66, 88"."""
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in pages)


def page_warnings(document: Document, pages: Pages) -> tuple[str, ...]:
    """Warnings for page ranges a document cannot have: reversed, or outside its pages.

    "pages 140 outside Chronic Pain Medical Treatment Guidelines (127 pages)".
    """
    warnings: list[str] = []
    span = document.span()
    for a, b in pages:
        if a > b:
            warnings.append(f"pages {a}-{b} are reversed")
            a, b = b, a
        if span and not (span[0] <= a and b <= span[1]):
            where = (
                f"{document.total_pages} pages"
                if document.page_span is None
                else (f"pp. {span[0]}-{span[1]}")
            )
            warnings.append(f"pages {format_pages(((a, b),))} outside {document.title} ({where})")
    return tuple(warnings)


@dataclass(frozen=True)
class PageMatch:
    """The outcome of ``by_pages``: the section (None on a tie or no overlap), whether its
    pages equal the cited ones, the overlap score, and the tied sections."""

    section: Section | None
    exact: bool
    score: float
    tied: tuple[Section, ...] = ()


def by_pages(sections: Iterable[Section], cited: frozenset[int]) -> PageMatch:
    """The section whose pages best match the cited pages: an exact match to its own range,
    one of its ranges or its cited ranges first; then the best overlap (Jaccard), narrower
    first. Equal best candidates are a tie, not a guess."""

    def exact(s: Section) -> bool:
        groups = [s.pages, s.cited_pages, *((r,) for r in s.pages + s.cited_pages)]
        return any(g and page_numbers(g) == cited for g in groups)

    scored = []
    for s in sections:
        pages = s.page_set()
        if pages & cited:
            scored.append(((exact(s), len(pages & cited) / len(pages | cited), -len(pages)), s))
    if not scored:
        return PageMatch(None, False, 0.0)
    scored.sort(key=lambda pair: pair[0], reverse=True)
    best_key, best = scored[0]
    tied = tuple(s for key, s in scored if key == best_key)
    if len(tied) > 1:
        return PageMatch(None, best_key[0], best_key[1], tied)
    return PageMatch(best, best_key[0], best_key[1])
