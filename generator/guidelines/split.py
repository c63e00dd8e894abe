"""Several sections in one citation string: :func:`split_sections` cuts a section list at the
commas that separate known section titles (titles themselves contain commas: "NSAIDs, GI
symptoms & cardiovascular risk"), so that a caller can resolve each."""

from __future__ import annotations

import itertools

from generator import patterns as P
from generator.guidelines.model import GuidelineLexicon
from generator.guidelines.names import Vocabulary


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
    vocabulary = Vocabulary.of([lex.document(document)] if document else lex.documents, lex)
    pieces = _pieces(P.CITATION_FILLER.sub(" ", P.PAGES.sub(" ", text)))
    pieces = [p.rstrip(" .") for p in pieces if p.strip(" .")]

    def is_known(i: int, j: int) -> bool:
        # A numbered heading never swallows the next numbered one.
        inner_number = any(P.NUMBERED_HEADING.match(p) for p in pieces[i + 1 : j])
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
