"""Names in guideline citations: the normalized form names are compared in
(:func:`normalize_name`), finding known names in a citation, and masking the ones read.

A citation is searched as a "hay": its normalized words padded with spaces, so that a name
matches on word boundaries only; a name once read is masked so that no word counts twice.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator import patterns as P
from generator.guidelines.model import Document, GuidelineLexicon

_MASK = "|"


@lru_cache(maxsize=1 << 16)  # letters repeat their citations' words: a few thousand distinct
def normalize_name(text: str) -> str:
    """The form names are compared in: case, punctuation, '&'/'and', trademark signs and a
    plural 's' do not matter; "Low BackChapter" (a lost space) reads as "low back chapter"."""
    text = unicodedata.normalize("NFKC", text)
    text = P.NAME_LOST_SPACE.sub(" ", text)
    text = text.lower().replace("&", " and ")
    text = P.NAME_APOSTROPHE_S.sub("", text)  # "MRI's", "TCA's"
    words = P.NAME_NON_WORD.sub(" ", text).split()
    return " ".join(_singular(w) for w in words if w != "s")


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):  # "studies", "therapies"
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@dataclass(frozen=True)
class NameHit:
    """A name found in a hay: its span and what it names (a document, section or guideline)."""

    start: int
    end: int
    item: Any


def find_names(hay: str, names: Iterable[tuple[str, Any]]) -> list[NameHit]:
    """Every place a name occurs in ``hay`` (a normalized text padded with spaces), on word
    boundaries."""
    found: list[NameHit] = []
    for name, item in names:
        needle = f" {name} "
        at = hay.find(needle)
        while at >= 0:
            found.append(NameHit(at, at + len(needle) - 1, item))
            at = hay.find(needle, at + 1)
    return found


def first_hit(hits: list[NameHit]) -> NameHit | None:
    """The earliest hit; at one start, the longest (so "opioids ongoing management" beats
    "opioids")."""
    return min(hits, key=lambda h: (h.start, h.start - h.end), default=None)


def _overlap(a: NameHit, b: NameHit) -> bool:
    return a.start < b.end and b.start < a.end


def other_items(hits: list[NameHit], chosen: NameHit) -> list[Any]:
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


def mask_names(hay: str, hits: Iterable[NameHit]) -> str:
    """``hay`` with the hits replaced by a mark, longest first, so that no name is read twice."""
    kept: list[NameHit] = []
    for hit in sorted(hits, key=lambda h: h.start - h.end):
        if not any(_overlap(hit, k) for k in kept):
            kept.append(hit)
    for hit in sorted(kept, key=lambda h: -h.start):  # right to left: offsets stay valid
        hay = hay[: hit.start] + f" {_MASK} " + hay[hit.end :]
    return hay


def clean_citation(text: str) -> str:
    """Citation words without preamble, filler and page phrases."""
    text = P.PREAMBLE.sub(" ", P.ANY_SPACE.sub(" ", text))
    return P.PAGES.sub(" ", P.CITATION_FILLER.sub(" ", text))


# Vocabularies made, by lexicon (its id, checked against the lexicon kept beside the value, so
# a new lexicon at a reused address is never served another's) and documents.
_VOCABULARIES: dict[tuple[int, tuple[str, ...]], tuple[GuidelineLexicon, Vocabulary]] = {}


@dataclass(frozen=True)
class Vocabulary:
    """The section names (normalized) and heading numbers of some documents."""

    names: frozenset[str]
    numbers: frozenset[str]

    @classmethod
    def of(cls, docs: Iterable[Document], lex: GuidelineLexicon) -> Vocabulary:
        """The vocabulary of ``docs``, made once per set of documents and lexicon."""
        docs = list(docs)
        key = tuple(d.slug for d in docs)
        known = _VOCABULARIES.get((id(lex), key))
        if known is not None and known[0] is lex:
            return known[1]
        names = frozenset(name for d in docs for name, _ in lex.section_names(d))
        numbers = frozenset(normalize_name(s.number) for d in docs for s in d.sections if s.number)
        made = cls(names, numbers)
        _VOCABULARIES[(id(lex), key)] = (lex, made)
        return made

    def knows(self, text: str) -> bool:
        """Whether ``text`` is a section name, or starts with a known heading number."""
        if normalize_name(clean_citation(text)) in self.names:
            return True
        head = P.NUMBERED_HEADING.match(text)
        return head is not None and normalize_name(head.group(0)) in self.numbers
