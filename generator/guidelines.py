"""Guideline lexicon and citation resolution: a letter's citation -> a canonical document/section.

The lexicon (``lexicons/guidelines.yaml``) lists the documents IMR letters cite (the MTUS
Chronic Pain, Opioid, Acupuncture and Postsurgical guidelines, the ACOEM chapters adopted into
MTUS, later ACOEM guidelines, ODG chapters), their sections, how letters name them and, where
known, their pages. ``load_guidelines`` reads and validates it; ``resolve_citation`` maps one
parsed citation onto it. Pure functions: the lexicon is passed in, nothing is read or cached here.

Forms ``resolve_citation`` handles (all from real letters or the seeds):

- named section: "MTUS Chronic Pain Medical Treatment 2009, Section(s): Topical Analgesics."
  and "MTUS Chronic Pain Treatment Guidelines muscle relaxants Page(s): 63-66." -> "name"
- numbered section: "MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain ..."
- page-only: "MTUS Chronic Pain Treatment Guidelines Section 2 Page(s): 24." -> Benzodiazepines by
  the page table ("pages"); the rationale's first sentence (``context``) breaks ties ("context")
- mislabelled: "MTUS ACOEM Page(s): 63-66." -> no ACOEM chapter has those pages, so the page
  table of the Chronic Pain guideline decides (Muscle relaxants), with a warning about the label
- document only: "MTUS Low Back Complaints 2004." -> "document-only", section None
- ODG chapter and topic in any order: "... (ODG) Knee & Leg, Durable medical equipment (DME).",
  "... (ODG) MRI shoulder."
- several sections in one string ("Special Studies, Summary"): the first is resolved and the
  others are named in a warning; ``split_sections`` splits such a string at the commas that
  separate known titles (titles themselves contain commas: "NSAIDs, GI symptoms & cardiovascular
  risk") so a caller can resolve each
- "did not cite any medical evidence", free text and web addresses -> "none", no guess

Order of evidence: a section name (the section text, or a known title or alias found in the
citation) decides first. Without a name, pages decide: an exact match to a section's own or cited
range wins; otherwise a name in the context sentence that overlaps the cited pages; otherwise the
best unique overlap. The context is read only for citations that give pages and no name: a
citation that names just a document resolves to the document. Fuzzy matching only ever suggests,
in a warning.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import patterns as P
from generator.errors import GeneratorError

# The C loader is several times faster; PyYAML built without libyaml lacks it.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULT_PATH = Path(__file__).resolve().parent / "lexicons" / "guidelines.yaml"
GUIDELINES = ("MTUS", "ACOEM", "ODG", "other")
# Of a section's pages and existence; see the header of lexicons/guidelines.yaml.
CONFIDENCE = (
    "verified", "corpus", "recalled_high", "recalled_medium", "recalled_low", "guess",
    "verified_existence_only",
)  # fmt: skip
METHODS = ("name", "pages", "context", "document-only", "none")

Pages = tuple[tuple[int, int], ...]

# Patterns of the citation grammar (no evidence, preambles, page phrases, web addresses) come
# from generator.patterns, as the parser reads them; these are the resolver's own.
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# "Decision based on", "Non-MTUS Citation", "Section(s):" carry no name.
_FILLER = re.compile(
    r"Decision based on|Non-\s?MTUS(?:\s+Citation)?|\bSections?\s*\(s\)\s*:?", re.I
)
# A section string that is only a number: "Elbow Complaints 2007, Section(s): 326."
_ONLY_NUMBER = re.compile(r"^\s*\d+\s*\.?\s*$")
# A numbered heading at the start of a piece: "3.3.9 Opioids for ...", "2. Opioids for ...".
_NUMBERED = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s")
_MASK = "|"


class LexiconError(GeneratorError):
    """The guideline lexicon file is malformed; ``str(err)`` names the file and the entry."""


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
    warnings: tuple[str, ...] = ()


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
        return _page_set(self.pages + self.cited_pages)


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


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


def normalize_name(text: str) -> str:
    """The form names are compared in: case, punctuation, '&'/'and', trademark signs and a
    plural 's' do not matter; "Low BackChapter" (a lost space) reads as "low back chapter"."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", text)
    text = text.lower().replace("&", " and ")
    text = re.sub(r"['’]s\b", "", text)  # "MRI's", "TCA's"
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(_singular(w) for w in words if w != "s")


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):  # "studies", "therapies"
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _page_set(ranges: Pages) -> frozenset[int]:
    # A range is capped at 500 pages so that a misread "1-99999" cannot build a huge set.
    return frozenset(p for start, end in ranges for p in range(start, min(end, start + 500) + 1))


def _format_pages(pages: Pages) -> str:
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in pages)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    item: Any


def _hits(hay: str, names: Iterable[tuple[str, Any]]) -> list[_Hit]:
    """Every place a name occurs in ``hay`` (a normalized text padded with spaces), on word
    boundaries."""
    found: list[_Hit] = []
    for name, item in names:
        needle = f" {name} "
        at = hay.find(needle)
        while at >= 0:
            found.append(_Hit(at, at + len(needle) - 1, item))
            at = hay.find(needle, at + 1)
    return found


def _first(hits: list[_Hit]) -> _Hit | None:
    """The earliest hit; at one start, the longest (so "opioids ongoing management" beats
    "opioids")."""
    return min(hits, key=lambda h: (h.start, h.start - h.end), default=None)


def _overlap(a: _Hit, b: _Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _others(hits: list[_Hit], chosen: _Hit) -> list[Any]:
    """Items named by hits that do not overlap ``chosen``, in order, without repeats. A hit
    inside a longer one is part of that name ("Opioids for Chronic Pain ..." inside "3.3.9
    Opioids for Chronic Pain ...: Maintenance ..."), not a name of its own."""
    items: list[Any] = []
    for hit in sorted(hits, key=lambda h: (h.start, h.start - h.end)):
        inside = any(o.start <= hit.start and hit.end <= o.end and o != hit for o in hits)
        if inside or _overlap(hit, chosen) or hit.item is chosen.item or hit.item in items:
            continue
        items.append(hit.item)
    return items


def _mask(hay: str, hits: Iterable[_Hit]) -> str:
    """``hay`` with the hits replaced by a mark, longest first, so that no name is read twice."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: h.start - h.end):
        if not any(_overlap(hit, k) for k in kept):
            kept.append(hit)
    for hit in sorted(kept, key=lambda h: -h.start):  # right to left: offsets stay valid
        hay = hay[: hit.start] + f" {_MASK} " + hay[hit.end :]
    return hay


def _clean(text: str) -> str:
    """Citation words without preamble, filler and page phrases."""
    text = P.PREAMBLE.sub(" ", P.ANY_SPACE.sub(" ", text))
    return P.PAGES.sub(" ", _FILLER.sub(" ", text))


# ---------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------


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
        if not _SLUG.match(section.slug):
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
        if not _SLUG.match(doc.slug) or doc.slug in doc_slugs:
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


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


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
            warnings.append(f"pages {_format_pages(((a, b),))} outside {document.title} ({where})")
    return tuple(warnings)


@dataclass(frozen=True)
class _PageMatch:
    section: Section | None
    exact: bool
    score: float
    tied: tuple[Section, ...] = ()


def _by_pages(sections: Iterable[Section], cited: frozenset[int]) -> _PageMatch:
    """The section whose pages best match the cited pages: an exact match to its own range,
    one of its ranges or its cited ranges first; then the best overlap (Jaccard), narrower
    first. Equal best candidates are a tie, not a guess."""

    def exact(s: Section) -> bool:
        groups = [s.pages, s.cited_pages, *((r,) for r in s.pages + s.cited_pages)]
        return any(g and _page_set(g) == cited for g in groups)

    scored = []
    for s in sections:
        pages = s.page_set()
        if pages & cited:
            scored.append(((exact(s), len(pages & cited) / len(pages | cited), -len(pages)), s))
    if not scored:
        return _PageMatch(None, False, 0.0)
    scored.sort(key=lambda pair: pair[0], reverse=True)
    best_key, best = scored[0]
    tied = tuple(s for key, s in scored if key == best_key)
    if len(tied) > 1:
        return _PageMatch(None, best_key[0], best_key[1], tied)
    return _PageMatch(best, best_key[0], best_key[1])


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------


@dataclass
class _State:
    """What one resolution has found so far."""

    query: CitationQuery
    hay: str  # the cleaned, normalized citation text, padded with spaces, names masked as found
    families: set[str] = field(default_factory=set)  # the guidelines the citation names
    warnings: list[str] = field(default_factory=list)

    @property
    def cited(self) -> frozenset[int]:
        return _page_set(tuple((min(a, b), max(a, b)) for a, b in self.query.pages))


def _read_families(state: _State, lex: GuidelineLexicon) -> None:
    """Note the guidelines the citation names ("MTUS", "ACOEM", "ODG") and mask their words."""
    guideline = state.query.guideline
    if guideline is not None and guideline in lex.labels:
        state.families.add(guideline)
    for name, aliases in lex.labels.items():
        hits = _hits(state.hay, ((normalize_name(a), name) for a in aliases))
        if hits:
            state.families.add(name)
            state.hay = _mask(state.hay, hits)


def _candidates(lex: GuidelineLexicon, families: set[str]) -> list[Document]:
    """Documents a citation labelled with ``families`` can mean. "MTUS ACOEM" means the ACOEM
    chapters adopted into MTUS; "MTUS" alone any MTUS document; "ACOEM" alone any ACOEM one."""
    docs = lex.documents
    if {"MTUS", "ACOEM"} <= families:
        return [d for d in docs if d.guideline == "MTUS" and d.publisher == "ACOEM"]
    chosen: list[Document] = []
    for d in docs:
        if (
            ("MTUS" in families and d.guideline == "MTUS")
            or ("ACOEM" in families and d.publisher == "ACOEM")
            or ("ODG" in families and d.guideline == "ODG")
        ):
            chosen.append(d)
    return chosen


def _result(
    state: _State, doc: Document | None, section: Section | None, method: str
) -> Resolution:
    edition = state.query.edition
    if doc is not None and edition is None and len(doc.editions) == 1:
        edition = doc.editions[0]
    if doc is not None:
        guideline: str | None = doc.guideline
    else:  # a guideline named without a document: report it when it is just one
        guideline = next(iter(state.families)) if len(state.families) == 1 else None
    return Resolution(
        document_slug=doc.slug if doc else None,
        document=doc.title if doc else None,
        guideline=guideline,
        edition=edition,
        section=section.title if section else None,
        section_slug=section.slug if section else None,
        method=method,
        warnings=tuple(dict.fromkeys(state.warnings)),
    )


# Words that carry no section name: editions, chapter labels, update notes.
_NOISE = frozenset(
    ("3rd", "2nd", "ed", "edition", "chapter", "updated", "online", "version", "web", "guideline",
     "section", "acute", "chronic", "and", "the", "of")
)  # fmt: skip


def _unread(state: _State, words: str) -> bool:
    """Whether ``words`` (part of the citation) hold a name the resolution did not account for:
    a word still unmasked in the citation that is no edition, date or chapter label."""
    return any(
        f" {w} " in state.hay and not w.isdigit() and w not in _NOISE
        for w in normalize_name(_clean(words)).split()
    )


@dataclass(frozen=True)
class _Vocabulary:
    """The section names (normalized) and heading numbers of some documents."""

    names: frozenset[str]
    numbers: frozenset[str]

    @classmethod
    def of(cls, docs: Iterable[Document], lex: GuidelineLexicon) -> _Vocabulary:
        docs = list(docs)
        names = frozenset(name for d in docs for name, _ in lex.section_names(d))
        numbers = frozenset(normalize_name(s.number) for d in docs for s in d.sections if s.number)
        return cls(names, numbers)

    def knows(self, text: str) -> bool:
        """Whether ``text`` is a section name, or starts with a known heading number."""
        if normalize_name(_clean(text)) in self.names:
            return True
        head = _NUMBERED.match(text)
        return head is not None and normalize_name(head.group(0)) in self.numbers


def _suggest(name: str, doc: Document, lex: GuidelineLexicon) -> str:
    names = dict(lex.section_names(doc))
    close = difflib.get_close_matches(normalize_name(name), list(names), n=1, cutoff=0.75)
    return f"; closest: '{names[close[0]].title}'" if close else ""


def _find_section(
    state: _State, doc: Document, lex: GuidelineLexicon
) -> tuple[Section | None, list[Section]]:
    """The section the citation names in ``doc`` (and any other sections it also names)."""
    q = state.query
    names = lex.section_names(doc)
    if q.section:
        exact = normalize_name(_clean(q.section))
        for name, section in names:
            if name == exact:
                return section, []
    hits = _hits(state.hay, names)
    chosen = _first(hits)
    if chosen is None:
        return None, []
    return chosen.item, _others(hits, chosen)


def _pages_usable(state: _State, doc: Document) -> bool:
    q = state.query
    if not q.pages:
        return False
    if doc.paginated_edition is None or not any(s.pages or s.cited_pages for s in doc.sections):
        state.warnings.append(
            f"pages {_format_pages(q.pages)} not used: no page table for {doc.title}"
        )
        return False
    if q.edition and q.edition != doc.paginated_edition:
        state.warnings.append(
            f"pages {_format_pages(q.pages)} not used: the lexicon's page numbers are the "
            f"{doc.paginated_edition} edition's, the citation is to {q.edition}"
        )
        return False
    state.warnings.extend(page_warnings(doc, q.pages))
    span = doc.span()
    return span is None or (span[0] <= min(state.cited) and max(state.cited) <= span[1])


def _by_context(state: _State, sections: Iterable[Section]) -> Section | None:
    """A section named in the rationale's first sentence whose pages overlap the cited ones."""
    hay = f" {normalize_name(state.query.context)} "
    usable = [s for s in sections if s.page_set() & state.cited]
    names = ((normalize_name(n), s) for s in usable for n in (*s.names(), *s.keywords))
    found = {id(h.item): h.item for h in _hits(hay, names)}
    return next(iter(found.values())) if len(found) == 1 else None


def _resolve_pages(
    state: _State, doc: Document, sections: tuple[Section, ...], strong: bool = False
) -> tuple[Section | None, str]:
    """Section by page table (exact, then context, then unique best overlap)."""
    match = _by_pages(sections, state.cited)
    if match.section is not None and match.exact:
        return match.section, "pages"
    by_context = _by_context(state, match.tied or sections) if state.query.context else None
    if by_context is not None:
        return by_context, "context"
    if match.section is not None and (not strong or match.score >= 0.5):
        return match.section, "pages"
    if match.tied:
        titles = ", ".join(f"'{s.title}'" for s in match.tied)
        state.warnings.append(f"pages {_format_pages(state.query.pages)} match {titles} equally")
    elif not strong:
        state.warnings.append(
            f"pages {_format_pages(state.query.pages)} match no section of {doc.title}"
        )
    return None, "document-only"


def _in_document(state: _State, doc: Document, lex: GuidelineLexicon) -> Resolution:
    """Resolve the section of a citation whose document is known."""
    q = state.query
    if q.edition and doc.editions and q.edition not in doc.editions:
        state.warnings.append(f"edition {q.edition} is not one listed for {doc.title}")
    if q.section and _ONLY_NUMBER.match(q.section):  # "Elbow Complaints 2007, Section(s): 326."
        number = int(q.section.strip(" ."))
        state.warnings.append(f"section '{number}' is a number, not a name")
        state.warnings.extend(page_warnings(doc, ((number, number),)))
    section, others = _find_section(state, doc, lex)
    usable = _pages_usable(state, doc)
    if section is not None:
        if others:
            titles = "; ".join(s.title for s in others)
            state.warnings.append(
                f"also names {titles}: resolved the first (split_sections gives each)"
            )
        if q.section and doc.guideline == "MTUS":  # MTUS section names come from a pick-list
            vocabulary = _Vocabulary.of([doc], lex)
            for piece in split_sections(q.section, lex, doc.slug):
                if not vocabulary.knows(piece) and _unread(state, piece):
                    state.warnings.append(
                        f"'{piece}' is not a section of {doc.title}{_suggest(piece, doc, lex)}"
                    )
        if q.edition and section.editions and q.edition not in section.editions:
            state.warnings.append(
                f"'{section.title}' is known from the {'/'.join(section.editions)} edition only"
            )
        if usable and section.page_set() and not section.page_set() & state.cited:
            state.warnings.append(
                f"pages {_format_pages(q.pages)} are not in '{section.title}' "
                f"(pp. {_format_pages(section.pages + section.cited_pages)})"
            )
        elif usable and doc.children(section.slug):
            # A group ("Section 2", "Opioids"): the cited pages pick the entry within it.
            refined, method = _resolve_pages(state, doc, (section, *doc.children(section.slug)))
            if refined is not None and refined is not section:
                return _result(state, doc, refined, method)
        return _result(state, doc, section, "name")
    if q.section and not _ONLY_NUMBER.match(q.section) and _unread(state, q.section):
        state.warnings.append(
            f"section '{q.section.strip()}' not found in {doc.title}{_suggest(q.section, doc, lex)}"
        )
    if usable:
        found, method = _resolve_pages(state, doc, doc.sections)
        if found is not None:
            return _result(state, doc, found, method)
    return _result(state, doc, None, "document-only")


def _unnamed(state: _State, lex: GuidelineLexicon) -> Resolution:
    """A citation that names a guideline but no document: "MTUS ACOEM Page(s): 63-66.",
    "ACOEM Guidelines, Chapter 7, Independent Medical Examinations ...", "ODG PRP"."""
    q, families = state.query, state.families
    docs = _candidates(lex, families)
    # A section title that identifies its document ("Independent Medical Examinations ...").
    found: dict[str, tuple[Document, Section]] = {}
    for doc in docs:
        if doc.sections_name_document:
            hit = _first(_hits(state.hay, lex.section_names(doc)))
            if hit is not None:
                found[doc.slug] = (doc, hit.item)
    if len(found) == 1:
        doc, section = next(iter(found.values()))
        state.warnings.append(f"document not named; '{section.title}' is a section of {doc.title}")
        return _in_document(state, doc, lex)
    if len(found) > 1:
        titles = "; ".join(f"{d.title} / {sec.title}" for d, sec in found.values())
        state.warnings.append(f"document not named; the section name fits {titles}")
    if q.pages:
        cited = state.cited
        paged = [
            d for d in docs
            if d.paginated_edition and (span := d.span()) and min(cited) >= span[0]
            and max(cited) <= span[1] and any(s.pages for s in d.sections)
        ]  # fmt: skip
        if len(paged) == 1:
            state.warnings.append(f"document not named; pages fall in {paged[0].title}")
            return _in_document(state, paged[0], lex)
        if not paged and "ACOEM" in families:
            return _mislabelled(state, lex)
    if "ODG" in families:
        hits = [
            (doc, hit.item) for doc in docs if doc.guideline == "ODG"
            for hit in _hits(state.hay, lex.section_names(doc))
        ]  # fmt: skip
        chapters = ", ".join(dict.fromkeys(doc.title for doc, _ in hits))
        topic = f"; the topic is listed under {chapters}" if chapters else ""
        state.warnings.append(f"ODG chapter not named{topic}")
    return _result(state, None, None, "none")


def _mislabelled(state: _State, lex: GuidelineLexicon) -> Resolution:
    """ "MTUS ACOEM Page(s): 63-66": no ACOEM chapter has these pages; when the Chronic Pain
    guideline's page table matches them well, the label is taken to be wrong."""
    pages = _format_pages(state.query.pages)
    for doc in _candidates(lex, {"MTUS"}):
        span = doc.span()
        if doc.publisher == "ACOEM" or not doc.paginated_edition or not span:
            continue
        if not (span[0] <= min(state.cited) and max(state.cited) <= span[1]):
            continue
        section, method = _resolve_pages(state, doc, doc.sections, strong=True)
        if section is not None:
            state.warnings.append(
                f"pages {pages} fall outside every ACOEM chapter with known pages; resolved by "
                f"page range to {doc.title} / {section.title}: the 'ACOEM' label looks mistaken"
            )
            return _result(state, doc, section, method)
    state.warnings.append(f"pages {pages} fall in no ACOEM chapter with known pages")
    return _result(state, None, None, "none")


def resolve_citation(q: CitationQuery, lex: GuidelineLexicon) -> Resolution:
    """Resolve one citation to a document and section of ``lex`` (see the module docstring)."""
    if q.guideline == "none" or P.NO_EVIDENCE.search(q.text):
        return Resolution(None, None, None, None, None, None, "none")
    state = _State(q, f" {normalize_name(_clean(q.text))} ")
    _read_families(state, lex)
    # Without a guideline named, only an ODG chapter and topic together are read ("Low Back
    # (Hyperstimulation analgesia)"): letters cite ODG that way, and nothing else is safe.
    docs = _candidates(lex, state.families) or [d for d in lex.documents if d.guideline == "ODG"]
    names = [(name, d) for d in docs for name in lex.doc_names(d)]
    hits = _hits(state.hay, names)
    if not hits and q.document:  # the parser's document words, when the text lost them
        hits = [_Hit(-1, -1, h.item) for h in _hits(f" {normalize_name(q.document)} ", names)]
    chosen = _first(hits)
    if chosen is None:
        if not state.families:
            web = " (a web address)" if P.URL.search(q.text) else ""
            state.warnings.append(f"no guideline document named{web}")
            return _result(state, None, None, "none")
        return _unnamed(state, lex)
    doc: Document = chosen.item
    others = _others(hits, chosen)
    if others:
        named = "; ".join(d.title for d in others)
        state.warnings.append(f"also names {named}: resolved {doc.title}")
    state.hay = _mask(state.hay, [h for h in hits if h.start >= 0])
    if not state.families:
        section, _ = _find_section(state, doc, lex)
        if section is None:
            state.warnings.append("no guideline named")
            return _result(state, None, None, "none")
        state.warnings.append(f"no guideline named; read as ODG {doc.title}, {section.title}")
        state.families.add("ODG")
    return _in_document(state, doc, lex)


# ---------------------------------------------------------------------------------------------
# Several sections in one string
# ---------------------------------------------------------------------------------------------


def _pieces(text: str) -> list[str]:
    """``text`` cut at the commas outside brackets."""
    pieces: list[str] = []
    depth = start = 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth <= 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def split_sections(text: str, lex: GuidelineLexicon, document: str | None = None) -> list[str]:
    """Split a section list at the commas that separate known section names.

    "NSAIDs, GI symptoms & cardiovascular risk, Proton Pump Inhibitors (PPIs)" ->
    ["NSAIDs, GI symptoms & cardiovascular risk", "Proton Pump Inhibitors (PPIs)"];
    "Initial Care, Activity Modification, Special Studies, Summary" -> four names;
    "TENS, chronic pain (transcutaneous electrical nerve stimulation)" -> itself.
    Names are those of ``document`` (a slug) or of any document. Of the ways to group the
    comma-separated pieces, the one with fewest unknown pieces and then fewest groups wins; a
    numbered heading ("3.3.1.1 ...") starts a group that runs to the next numbered one.
    """
    vocabulary = _Vocabulary.of([lex.document(document)] if document else lex.documents, lex)
    pieces = _pieces(_FILLER.sub(" ", P.PAGES.sub(" ", text)))
    pieces = [p.rstrip(" .") for p in pieces if p.strip(" .")]

    def is_known(i: int, j: int) -> bool:
        # A numbered heading never swallows the next numbered one.
        inner_number = any(_NUMBERED.match(p) for p in pieces[i + 1 : j])
        return not inner_number and vocabulary.knows(", ".join(pieces[i:j]))

    n = len(pieces)
    best: list[tuple[tuple[int, int], list[int]] | None] = [None] * (n + 1)
    best[0] = ((0, 0), [])
    for j in range(1, n + 1):
        for i in range(j):
            prior = best[i]
            if prior is None:
                continue
            if is_known(i, j):
                cost = (prior[0][0], prior[0][1] + 1)
            elif j - i == 1:
                cost = (prior[0][0] + 1, prior[0][1] + 1)
            else:
                continue
            current = best[j]
            if current is None or cost < current[0]:
                best[j] = (cost, [*prior[1], i])
    final = best[n]
    if final is None:
        return pieces
    bounds = [*final[1], n]
    return [", ".join(pieces[a:b]) for a, b in itertools.pairwise(bounds)]
