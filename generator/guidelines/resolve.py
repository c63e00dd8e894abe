"""Citation resolution: :func:`resolve_citation` maps one parsed citation onto a document and
section of the guideline lexicon, says how that was decided (``METHODS``), and warns about what
looked wrong. Pure: the lexicon is passed in, nothing is read or cached here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator import patterns as P
from generator.guidelines.model import (
    CitationQuery,
    Document,
    GuidelineLexicon,
    Resolution,
    Section,
    page_numbers,
)
from generator.guidelines.names import (
    NameHit,
    Vocabulary,
    clean_citation,
    find_names,
    first_hit,
    mask_names,
    normalize_name,
    other_items,
)
from generator.guidelines.pages import by_pages, format_pages, page_warnings
from generator.guidelines.split import split_sections


@dataclass
class _State:
    """What one resolution has found so far."""

    query: CitationQuery
    hay: str  # the cleaned, normalized citation text, padded with spaces, names masked as found
    families: set[str] = field(default_factory=set)  # the guidelines the citation names
    remarks: list[str] = field(default_factory=list)
    vague: bool = False  # the letter names no chapter or document (Resolution.vague)

    @property
    def cited(self) -> frozenset[int]:
        return page_numbers(tuple((min(a, b), max(a, b)) for a, b in self.query.pages))


def _read_families(state: _State, lex: GuidelineLexicon) -> None:
    """Note the guidelines the citation names ("MTUS", "ACOEM", "ODG") and mask their words."""
    guideline = state.query.guideline
    if guideline is not None and guideline in lex.labels:
        state.families.add(guideline)
    for name, aliases in lex.labels.items():
        hits = find_names(state.hay, ((normalize_name(a), name) for a in aliases))
        if hits:
            state.families.add(name)
            state.hay = mask_names(state.hay, hits)


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
        remarks=tuple(dict.fromkeys(state.remarks)),
        vague=state.vague,
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
        for w in normalize_name(clean_citation(words)).split()
    )


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
        exact = normalize_name(clean_citation(q.section))
        for name, section in names:
            if name == exact:
                return section, []
    hits = find_names(state.hay, names)
    chosen = first_hit(hits)
    if chosen is None:
        return None, []
    return chosen.item, other_items(hits, chosen)


def _pages_usable(state: _State, doc: Document) -> bool:
    q = state.query
    if not q.pages:
        return False
    if doc.paginated_edition is None or not any(s.pages or s.cited_pages for s in doc.sections):
        state.remarks.append(
            f"pages {format_pages(q.pages)} not used: no page table for {doc.title}"
        )
        return False
    if q.edition and q.edition != doc.paginated_edition:
        state.remarks.append(
            f"pages {format_pages(q.pages)} not used: the lexicon's page numbers are the "
            f"{doc.paginated_edition} edition's, the citation is to {q.edition}"
        )
        return False
    state.remarks.extend(page_warnings(doc, q.pages))
    span = doc.span()
    return span is None or (span[0] <= min(state.cited) and max(state.cited) <= span[1])


def _by_context(state: _State, sections: Iterable[Section]) -> Section | None:
    """A section named in the rationale's first sentence whose pages overlap the cited ones."""
    hay = f" {normalize_name(state.query.context)} "
    usable = [s for s in sections if s.page_set() & state.cited]
    names = ((normalize_name(n), s) for s in usable for n in (*s.names(), *s.keywords))
    found = {id(h.item): h.item for h in find_names(hay, names)}
    return next(iter(found.values())) if len(found) == 1 else None


def _resolve_pages(
    state: _State, doc: Document, sections: tuple[Section, ...], strong: bool = False
) -> tuple[Section | None, str]:
    """Section by page table (exact, then context, then unique best overlap)."""
    match = by_pages(sections, state.cited)
    if match.section is not None and match.exact:
        return match.section, "pages"
    by_context = _by_context(state, match.tied or sections) if state.query.context else None
    if by_context is not None:
        return by_context, "context"
    if match.section is not None and (not strong or match.score >= 0.5):
        return match.section, "pages"
    if match.tied:
        titles = ", ".join(f"'{s.title}'" for s in match.tied)
        state.remarks.append(f"pages {format_pages(state.query.pages)} match {titles} equally")
    elif not strong:
        state.remarks.append(
            f"pages {format_pages(state.query.pages)} match no section of {doc.title}"
        )
    return None, "document-only"


def _in_document(state: _State, doc: Document, lex: GuidelineLexicon) -> Resolution:
    """Resolve the section of a citation whose document is known."""
    q = state.query
    if q.edition and doc.editions and q.edition not in doc.editions:
        state.remarks.append(f"edition {q.edition} is not one listed for {doc.title}")
    if q.section and P.SECTION_ONLY_NUMBER.match(
        q.section
    ):  # "Elbow Complaints 2007, Section(s): 326."
        number = int(q.section.strip(" ."))
        state.remarks.append(f"section '{number}' is a number, not a name")
        state.remarks.extend(page_warnings(doc, ((number, number),)))
    section, others = _find_section(state, doc, lex)
    usable = _pages_usable(state, doc)
    if section is not None:
        if others:
            titles = "; ".join(s.title for s in others)
            state.remarks.append(
                f"also names {titles}: resolved the first (split_sections gives each)"
            )
        if q.section and doc.guideline == "MTUS":  # MTUS section names come from a pick-list
            vocabulary = Vocabulary.of([doc], lex)
            for piece in split_sections(q.section, lex, doc.slug):
                if not vocabulary.knows(piece) and _unread(state, piece):
                    state.remarks.append(
                        f"'{piece}' is not a section of {doc.title}{_suggest(piece, doc, lex)}"
                    )
        if q.edition and section.editions and q.edition not in section.editions:
            state.remarks.append(
                f"'{section.title}' is known from the {'/'.join(section.editions)} edition only"
            )
        if usable and section.page_set() and not section.page_set() & state.cited:
            state.remarks.append(
                f"pages {format_pages(q.pages)} are not in '{section.title}' "
                f"(pp. {format_pages(section.pages + section.cited_pages)})"
            )
        elif usable and doc.children(section.slug):
            # A group ("Section 2", "Opioids"): the cited pages pick the entry within it.
            refined, method = _resolve_pages(state, doc, (section, *doc.children(section.slug)))
            if refined is not None and refined is not section:
                return _result(state, doc, refined, method)
        return _result(state, doc, section, "name")
    if q.section and not P.SECTION_ONLY_NUMBER.match(q.section) and _unread(state, q.section):
        state.remarks.append(
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
            hit = first_hit(find_names(state.hay, lex.section_names(doc)))
            if hit is not None:
                found[doc.slug] = (doc, hit.item)
    if len(found) == 1:
        doc, section = next(iter(found.values()))
        state.remarks.append(f"document not named; '{section.title}' is a section of {doc.title}")
        return _in_document(state, doc, lex)
    if len(found) > 1:
        titles = "; ".join(f"{d.title} / {sec.title}" for d, sec in found.values())
        state.remarks.append(f"document not named; the section name fits {titles}")
    if q.pages:
        cited = state.cited
        paged = [
            d for d in docs
            if d.paginated_edition and (span := d.span()) and min(cited) >= span[0]
            and max(cited) <= span[1] and any(s.pages for s in d.sections)
        ]  # fmt: skip
        if len(paged) == 1:
            state.remarks.append(f"document not named; pages fall in {paged[0].title}")
            return _in_document(state, paged[0], lex)
        if not paged and "ACOEM" in families:
            return _mislabelled(state, lex)
    if "ODG" in families:
        hits = [
            (doc, hit.item) for doc in docs if doc.guideline == "ODG"
            for hit in find_names(state.hay, lex.section_names(doc))
        ]  # fmt: skip
        chapters = ", ".join(dict.fromkeys(doc.title for doc, _ in hits))
        topic = f"; the topic is listed under {chapters}" if chapters else ""
        state.remarks.append(f"ODG chapter not named{topic}")
        state.vague = True
    return _result(state, None, None, "none")


def _mislabelled(state: _State, lex: GuidelineLexicon) -> Resolution:
    """ "MTUS ACOEM Page(s): 63-66": no ACOEM chapter has these pages; when the Chronic Pain
    guideline's page table matches them well, the label is taken to be wrong."""
    pages = format_pages(state.query.pages)
    for doc in _candidates(lex, {"MTUS"}):
        span = doc.span()
        if doc.publisher == "ACOEM" or not doc.paginated_edition or not span:
            continue
        if not (span[0] <= min(state.cited) and max(state.cited) <= span[1]):
            continue
        section, method = _resolve_pages(state, doc, doc.sections, strong=True)
        if section is not None:
            state.remarks.append(
                f"pages {pages} fall outside every ACOEM chapter with known pages; resolved by "
                f"page range to {doc.title} / {section.title}: the 'ACOEM' label looks mistaken"
            )
            return _result(state, doc, section, method)
    state.remarks.append(f"pages {pages} fall in no ACOEM chapter with known pages")
    return _result(state, None, None, "none")


def resolve_citation(q: CitationQuery, lex: GuidelineLexicon) -> Resolution:
    """Resolve one citation to a document and section of ``lex``.

    Forms handled (all from real letters or the seeds):

    - named section: "MTUS Chronic Pain Medical Treatment 2009, Section(s): Topical Analgesics."
      and "MTUS Chronic Pain Treatment Guidelines muscle relaxants Page(s): 63-66." -> "name"
    - numbered section: "MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain
      ..."
    - page-only: "MTUS Chronic Pain Treatment Guidelines Section 2 Page(s): 24." ->
      Benzodiazepines by the page table ("pages"); the rationale's first sentence (``context``)
      breaks ties ("context")
    - mislabelled: "MTUS ACOEM Page(s): 63-66." -> no ACOEM chapter has those pages, so the page
      table of the Chronic Pain guideline decides (Muscle relaxants), with a warning about the
      label
    - document only: "MTUS Low Back Complaints 2004." -> "document-only", section None
    - ODG chapter and topic in any order: "... (ODG) Knee & Leg, Durable medical equipment
      (DME).", "... (ODG) MRI shoulder."
    - several sections in one string ("Special Studies, Summary"): the first is resolved and the
      others are named in a warning; ``split_sections`` splits such a string so a caller can
      resolve each
    - "did not cite any medical evidence", free text and web addresses -> "none", no guess

    Order of evidence: a section name (the section text, or a known title or alias found in the
    citation) decides first. Without a name, pages decide: an exact match to a section's own or
    cited range wins; otherwise a name in the context sentence that overlaps the cited pages;
    otherwise the best unique overlap. The context is read only for citations that give pages
    and no name: a citation that names just a document resolves to the document. Fuzzy matching
    only ever suggests, in a warning.
    """
    if q.guideline == "none" or P.NO_EVIDENCE.search(q.text):
        return Resolution(None, None, None, None, None, None, "none")
    state = _State(q, f" {normalize_name(clean_citation(q.text))} ")
    _read_families(state, lex)
    # Without a guideline named, only an ODG chapter and topic together are read ("Low Back
    # (Hyperstimulation analgesia)"): letters cite ODG that way, and nothing else is safe.
    docs = _candidates(lex, state.families) or [d for d in lex.documents if d.guideline == "ODG"]
    names = [(name, d) for d in docs for name in lex.doc_names(d)]
    hits = find_names(state.hay, names)
    if not hits and q.document:  # the parser's document words, when the text lost them
        hits = [
            NameHit(-1, -1, h.item) for h in find_names(f" {normalize_name(q.document)} ", names)
        ]
    chosen = first_hit(hits)
    if chosen is None:
        if not state.families:
            web = " (a web address)" if P.URL.search(q.text) else ""
            state.remarks.append(f"no guideline document named{web}")
            state.vague = True
            return _result(state, None, None, "none")
        return _unnamed(state, lex)
    doc: Document = chosen.item
    others = other_items(hits, chosen)
    if others:
        named = "; ".join(d.title for d in others)
        state.remarks.append(f"also names {named}: resolved {doc.title}")
    state.hay = mask_names(state.hay, [h for h in hits if h.start >= 0])
    if not state.families:
        section, _ = _find_section(state, doc, lex)
        if section is None:
            state.remarks.append("no guideline named")
            return _result(state, None, None, "none")
        state.remarks.append(f"no guideline named; read as ODG {doc.title}, {section.title}")
        state.families.add("ODG")
    return _in_document(state, doc, lex)
