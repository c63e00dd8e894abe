"""The treatment records: lexicon entries (drug classes, drugs, treatment kinds) and the facts
resolved from one disputed item. Records only; the indexed lexicon is in ``lexicon.py``."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Diagnostic


@dataclass(frozen=True)
class TreatmentFacts:
    """What one disputed item asks for. ``frequency`` is normalized as "2x/week x 6 weeks",
    "1-2x/week x 4 weeks", "3x/week" or "daily x 4 weeks"; ``brand`` is spelled as in the
    lexicon."""

    name: str
    kind: str
    category: str | None
    subcategory: str | None
    generics: tuple[str, ...] = ()
    drug_class: str | None = None
    slug: str | None = None
    brand: str | None = None
    strength: str | None = None
    form: str | None = None
    quantity: int | None = None
    refills: int | None = None
    frequency: str | None = None
    sessions: int | None = None
    body_part: str | None = None
    side: str | None = None
    # How the item relates to another request: "associated surgical service" (an item
    # requested with a surgery). None when the letter says nothing of it.
    relation: str | None = None
    # Findings about the request: a class-only request (a note), no match (a warning).
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class DrugClass:
    key: str
    label: str
    subcategory: str
    unspecified_slug: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Drug:
    generic: str
    slug: str
    drug_class: str
    brands: tuple[str, ...]
    variants: tuple[str, ...]
    ingredients: tuple[str, ...]
    combination: bool
    examples: tuple[str, ...]
    route: str = "systemic"
    combination_strength: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TreatmentKind:
    key: str
    kind: str
    category: str
    subcategory: str
    slug: str
    label: str
    keywords: tuple[str, ...]
    examples: tuple[str, ...]
    weak: bool = False
    beats_drug_with_body_part: bool = False
    with_sessions: str | None = None
    region_from_body_part: bool = False
