"""The guideline records: what the parser extracted from a citation (:class:`CitationQuery`),
where it resolved to (:class:`Resolution`), and the lexicon's documents and sections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

GUIDELINES = ("MTUS", "ACOEM", "ODG", "other")
# Of a section's pages and existence; see the header of lexicons/guidelines.yaml.
CONFIDENCE = (
    "verified", "corpus", "recalled_high", "recalled_medium", "recalled_low", "guess",
    "verified_existence_only",
)  # fmt: skip
METHODS = ("name", "pages", "context", "document-only", "none")

Pages = tuple[tuple[int, int], ...]


def page_numbers(ranges: Pages) -> frozenset[int]:
    """Every page in ``ranges``."""
    # A range is capped at 500 pages so that a misread "1-99999" cannot build a huge set.
    return frozenset(p for start, end in ranges for p in range(start, min(end, start + 500) + 1))


@dataclass(frozen=True)
class CitationQuery:
    """What the parser extracted from one citation (the words after one "Decision based on")."""

    guideline: str | None  # "MTUS", "ACOEM", "ODG", or None/"other"/"none"
    document: str | None  # as written: "Chronic Pain Medical Treatment", "Low Back Complaints"
    edition: str | None  # "2009", "2016", "2004", ...
    section: str | None  # as written: "Muscle relaxants (for pain)", "3.3.9 Opioids for ..."
    pages: Pages
    text: str  # the whole citation text
    context: str = ""  # the rationale's first sentence


@dataclass(frozen=True)
class Resolution:
    """Where a citation points in the lexicon, how that was decided, and what looked wrong."""

    document_slug: str | None
    document: str | None
    guideline: str | None
    edition: str | None
    section: str | None  # canonical title; None when only the document resolved
    section_slug: str | None
    method: str  # one of METHODS
    # Explanations for readers (a mislabelled document, pages outside it, several sections
    # named): the normalizer turns each into a note.
    remarks: tuple[str, ...] = ()
    # The letter itself names no chapter or document to match ("ODG" alone, a web address): the
    # citation is vague as written, not a gap in the lexicon.
    vague: bool = False


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    pages: Pages
    cited_pages: Pages
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    number: str | None
    parent: str | None
    editions: tuple[str, ...]
    confidence: str
    source: str
    note: str | None = None

    def names(self) -> tuple[str, ...]:
        """Every way a letter may name the section: title, aliases, and numbered forms."""
        names = (self.title, *self.aliases)
        if self.number is None:
            return names
        numbered = tuple(f"{self.number} {name}" for name in names)
        # A bare number names the section only when it cannot be an ordinary word ("3.3.9").
        return (*names, *numbered, *((self.number,) if "." in self.number else ()))

    def page_set(self) -> frozenset[int]:
        return page_numbers(self.pages + self.cited_pages)


@dataclass(frozen=True)
class Example:
    text: str
    pages: Pages
    section: str | None  # expected section slug; None: the document only


@dataclass(frozen=True)
class Document:
    slug: str
    guideline: str
    publisher: str
    title: str
    editions: tuple[str, ...]
    paginated_edition: str | None
    total_pages: int | None
    page_span: tuple[int, int] | None
    sections_name_document: bool
    aliases: tuple[str, ...]
    source: str
    sections: tuple[Section, ...]
    examples: tuple[Example, ...] = ()
    chapter: int | None = None
    regulation: str | None = None
    note: str | None = None

    def span(self) -> tuple[int, int] | None:
        """The page numbers the document occupies (its book pages for an ACOEM chapter)."""
        if self.page_span is not None:
            return self.page_span
        return (1, self.total_pages) if self.total_pages else None

    def section(self, slug: str) -> Section:
        for section in self.sections:
            if section.slug == slug:
                return section
        raise KeyError(slug)

    def children(self, slug: str) -> tuple[Section, ...]:
        """The sections below ``slug``, at any depth."""
        below: list[Section] = []
        parents = {slug}
        for section in self.sections:  # parents precede children in the file
            if section.parent in parents:
                below.append(section)
                parents.add(section.slug)
        return tuple(below)


@dataclass(frozen=True)
class GuidelineLexicon:
    """The documents, how letters write each guideline's name, and the normalized names of
    documents and sections (built by ``load_guidelines``)."""

    labels: Mapping[str, tuple[str, ...]]  # guideline name -> how letters write it
    documents: tuple[Document, ...]
    _doc_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _section_names: Mapping[str, tuple[tuple[str, Section], ...]] = field(
        default_factory=dict, repr=False
    )

    def document(self, slug: str) -> Document:
        for document in self.documents:
            if document.slug == slug:
                return document
        raise KeyError(slug)

    def doc_names(self, document: Document) -> tuple[str, ...]:
        return self._doc_names.get(document.slug, ())

    def section_names(self, document: Document) -> tuple[tuple[str, Section], ...]:
        """(normalized name, section) pairs of the document, titles and aliases and numbers."""
        return self._section_names.get(document.slug, ())
