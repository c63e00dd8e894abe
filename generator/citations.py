"""Guideline citation grammar: one "... guideline:" paragraph -> structured citations.

Forms handled (all seen in real letters):

- "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Topical Analgesics."
- "Decision based on MTUS Chronic Pain Treatment Guidelines Muscle relaxants Page(s): 63-64."
- "Decision based on MTUS Chronic Pain Treatment Guidelines CRITERIA FOR USE OF OPIOIDS
  Page(s): 76-78, 88-89."  (several page ranges)
- "Decision based on MTUS ACOEM Page(s): 63-66."  (document label only)
- "Decision based on MTUS General Approaches 2004, Section(s): Initial Approaches to Treatment,
  and Neck and Upper Back Complaints 2004, Section(s): Summary."  (two documents joined)
- "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints,Postsurgical Treatment
  Guidelines."  (two documents, comma-joined)
- "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain (Chronic),
  Voltaren Gel (diclofenac)."
- "... (ODG) Hips and Pelvis (Acute and Chronic), MRI and Other Medical Treatment Guidelines
  ACOEM Hip and Groin Disorders, Diagnostic Testing, MRI."  (ODG plus another source)
- "Decision based on Non-MTUS Citation Sildenafil: Drug information, accessed from UpToDate.com
  on 12/17/2016."  (free text, web addresses)
- "The Claims Administrator did not cite any medical evidence for its decision."

Nothing is dropped: a part that fits no form is kept as guideline "other" with its words.
"""

from __future__ import annotations

import re

from generator import patterns as P
from generator.clean import squash
from generator.model import Citation

# A comma followed by another MTUS document name that ends the citation or is followed by its
# edition year: "Low Back Complaints,Postsurgical Treatment Guidelines." Section lists also
# contain commas ("TENS, chronic pain (transcutaneous ...)"), which this must not split.
_DOCUMENT_AFTER_COMMA = re.compile(
    r",\s*(?=" + P.MTUS_DOCUMENT.pattern[1:] + r"(?:\s*(?:19|20)\d{2}\b|\s*\.?\s*$))",
    re.I,
)
_PUNCT = " .,;:-"


def _strip(text: str) -> str:
    return squash(text).strip(_PUNCT)


def parse_pages(text: str) -> tuple[tuple[int, int], ...]:
    """Every page range named in ``text``, in order, without repeats.

    "Page(s): 76-78, 88-89" -> ((76, 78), (88, 89)); "page 24" -> ((24, 24),).
    """
    ranges: list[tuple[int, int]] = []
    for match in P.PAGES.finditer(text):
        for part in P.PAGE_RANGE.finditer(match.group("ranges")):
            start = int(part.group("start"))
            end = int(part.group("end") or start)
            pair = (start, end) if start <= end else (end, start)
            if pair not in ranges:
                ranges.append(pair)
    return tuple(ranges)


def _without_pages(text: str) -> str:
    return P.PAGES.sub(" ", text)


def _mtus_part(text: str, span: tuple[int, int]) -> Citation:
    """One MTUS document citation: document, edition, section, pages."""
    pages = parse_pages(text)
    rest = text
    document = edition = None
    doc = P.MTUS_DOCUMENT.match(rest)
    if doc:
        document = squash(doc.group("document"))
        rest = rest[doc.end() :]
        ed = P.EDITION.match(rest)
        if ed:
            edition = ed.group("edition")
            rest = rest[ed.end() :]
        word = P.TRAILING_GUIDELINES_WORD.match(rest)
        if word:
            rest = rest[word.end() :]
    label = P.SECTIONS_LABEL.search(rest)
    if label:
        rest = rest[label.end() :]
    section = _strip(_without_pages(rest)) or None
    return Citation("MTUS", document, edition, section, pages, _strip(text), span)


def _other_part(text: str, span: tuple[int, int]) -> Citation:
    """A non-MTUS source: ODG (chapter, topic), ACOEM outside MTUS, or free text."""
    pages = parse_pages(text)
    odg = P.ODG_PREFIX.match(text)
    if odg:
        rest = _strip(_without_pages(text[odg.end() :]))
        # "Official Disability Guidelines, 2016, Web Version, Criteria for ...": edition first.
        edition = P.ODG_EDITION.match(rest)
        if edition:
            rest = _strip(rest[edition.end() :])
        document, _, section = rest.partition(",")
        return Citation(
            "ODG", _strip(document) or None, edition.group("edition") if edition else None,
            _strip(section) or None, pages, _strip(text), span,
        )  # fmt: skip
    if text.lstrip().upper().startswith("ACOEM"):
        rest = _strip(re.sub(r"^\s*ACOEM\b[:\s]*", "", _without_pages(text)))
        document, _, section = rest.partition(",")
        return Citation(
            "ACOEM", _strip(document) or None, None, _strip(section) or None, pages,
            _strip(text), span,
        )  # fmt: skip
    return Citation("other", None, None, None, pages, _strip(text), span)


def _split(text: str, start: int, pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    """Split ``text`` at ``pattern``; each piece with its offset relative to ``start``."""
    pieces: list[tuple[str, int]] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append((text[last : match.start()], start + last))
        last = match.end()
    pieces.append((text[last:], start + last))
    return [(piece, offset) for piece, offset in pieces if piece.strip(_PUNCT)]


def _span(piece: str, offset: int) -> tuple[int, int]:
    lead = len(piece) - len(piece.lstrip())
    return (offset + lead, offset + len(piece.rstrip(" ." + "\n")))


def parse_guideline(text: str, offset: int = 0) -> list[Citation]:
    """All citations in one guideline paragraph (the words after "... guideline:").

    ``offset`` is where ``text`` starts in the cleaned letter, so spans point into it.
    """
    flat = text.replace("\n", " ")  # same length: offsets stay valid
    if not flat.strip():
        return []
    if P.NO_EVIDENCE.search(flat):
        return [Citation("none", None, None, None, (), _strip(flat), _span(flat, offset))]
    starts = [(m.start(), m.end()) for m in P.DECISION_BASED_ON.finditer(flat)]
    if not starts:
        body = P.PREAMBLE.sub(lambda m: " " * len(m.group(0)), flat)
        if not body.strip(_PUNCT):
            return []
        named = P.GUIDELINE_NAMED.search(body)
        if named is None:
            return [_other_part(body, _span(body, offset))]
        # A guideline named after another lead-in: read from its name on.
        starts = [(named.start(), named.start())]
        flat = body
    citations: list[Citation] = []
    for i, (_start, text_start) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(flat)
        citations += _segment(flat[text_start:end], offset + text_start)
    return _merge_and_splits(citations)


def _segment(segment: str, seg_offset: int) -> list[Citation]:
    """The citations in the words after one "Decision based on" (or a guideline's name)."""
    non_mtus = P.NON_MTUS.match(segment)
    mtus = P.MTUS_PREFIX.match(segment)
    found: list[Citation] = []
    if non_mtus:
        rest = segment[non_mtus.end() :]
        for piece, at in _split(rest, seg_offset + non_mtus.end(), P.OTHER_GUIDELINES_JOIN):
            found.append(_other_part(piece, _span(piece, at)))
    elif mtus:
        rest = segment[mtus.end() :]
        base = seg_offset + mtus.end()
        for piece, at in _split(rest, base, P.AND_JOIN):
            for sub, sub_at in _split(piece, at, _DOCUMENT_AFTER_COMMA):
                found.append(_mtus_part(sub, _span(sub, sub_at)))
    else:
        found.append(_other_part(segment, _span(segment, seg_offset)))
    return found


def _merge_and_splits(citations: list[Citation]) -> list[Citation]:
    """Undo ", and" splits that cut a section list rather than join two documents.

    "Section(s): Cyclobenzaprine (Flexeril), and Muscle relaxants" has no document after "and":
    that piece belongs to the previous citation's sections.
    """
    merged: list[Citation] = []
    for citation in citations:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and citation.guideline == "MTUS"
            and previous.guideline == "MTUS"
            and citation.document is None
            and citation.span[0] - previous.span[1] <= 8
        ):
            section = ", ".join(s for s in (previous.section, citation.section) if s)
            merged[-1] = Citation(
                "MTUS", previous.document, previous.edition, section or None,
                tuple(dict.fromkeys(previous.pages + citation.pages)),
                f"{previous.text}, and {citation.text}", (previous.span[0], citation.span[1]),
            )  # fmt: skip
        else:
            merged.append(citation)
    return merged
