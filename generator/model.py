"""The record types: what one IMR final determination becomes. Nothing else lives here.

The JSON form of ``Determination`` (``to_dict``) is the contract other tools read; it is
documented field by field in ``docs/reference/record.md`` and its minimum is
``shared/contract/record.schema.json``. Every extracted value keeps the character span it came
from in the cleaned text (``Determination.text``), so a page can show the source words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Decision = Literal["upheld", "overturned", "unknown"]
Span = tuple[int, int]


@dataclass(frozen=True)
class Citation:
    """One guideline a decision was based on, as the letter names it.

    ``guideline`` is the family as written ("MTUS", "ODG", "ACOEM", "other", or "none" for
    "did not cite any medical evidence"); ``document``/``edition``/``section``/``pages`` are the
    letter's words, split by the citation grammar. Normalization fills ``section_title``,
    ``slug``, ``document_slug`` and ``resolution`` from the guideline lexicon.
    """

    guideline: str
    document: str | None
    edition: str | None
    section: str | None
    pages: tuple[tuple[int, int], ...]
    text: str
    span: Span
    # Filled by normalization (issue "normalize"); None when unresolved.
    section_title: str | None = None
    slug: str | None = None
    document_slug: str | None = None
    document_title: str | None = None
    resolution: str | None = None


@dataclass(frozen=True)
class PartialApproval:
    """An item the claims administrator partly authorized before IMR.

    "Baclofen 100mg #30 was the original request. Baclofen 100mg #27 was authorized by the Claims
    Administrator. The remaining IMR eligible portion of the original request, Baclofen 100mg #3"
    """

    original_request: str
    authorized: str | None
    remainder: str | None


@dataclass
class Treatment:
    """What was requested, at text level; normalization adds kind, generics and classes."""

    name: str
    strength: str | None = None
    form: str | None = None
    quantity: int | None = None
    refills: int | None = None
    kind: str | None = None
    category: str | None = None
    subcategory: str | None = None
    generics: list[str] = field(default_factory=list)
    drug_class: str | None = None
    slug: str | None = None
    brand: str | None = None
    frequency: str | None = None
    sessions: int | None = None
    body_part: str | None = None
    side: str | None = None


@dataclass
class Issue:
    """One disputed item and its decision (the letters call them "issues")."""

    index: int
    item: str
    decision: Decision
    decision_text: str
    treatment: Treatment
    citations: dict[str, list[Citation]]
    guideline_text: dict[str, str]
    rationale: str
    warnings: list[str]
    span: Span
    item_span: Span
    rationale_span: Span
    partial: PartialApproval | None = None
    # Observations a reader should see that are not doubts about the parse: a rationale that
    # discusses a different drug than its item, a request naming only a drug class.
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reviewer:
    """The expert reviewer's credentials, as the letter states them."""

    licensure: tuple[str, ...]
    specialties: tuple[str, ...]
    subspecialties: tuple[str, ...]
    raw: str


@dataclass(frozen=True)
class Patient:
    """What the summary says of the injured worker (never a name: letters are redacted)."""

    age: int | None
    sex: Literal["female", "male"] | None
    injury_date: str | None


@dataclass
class Determination:
    """One IMR final determination letter, parsed."""

    id: str
    source: str
    sha256: str
    case_number: str | None
    date_assigned: str | None
    decision_date: str | None
    priority: str | None
    application_received: str | None
    ur_date: str | None
    reviewer: Reviewer
    patient: Patient
    summary: str
    issues: list[Issue]
    warnings: list[str]
    text: str
    # What the letter itself leaves out or contradicts (no age stated, header and summary give
    # different injury dates): shown on pages, never a parse doubt, so --strict ignores them.
    notes: list[str] = field(default_factory=list)
    # The case page's name (cases/<slug>/): the case number, else the file stem; the build
    # adds "-2", "-3" when different letters share a case number.
    slug: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready record: tuples become lists, key order is the field order."""
        return _listify(asdict(self))  # type: ignore[no-any-return]


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_listify(v) for v in value]
    return value
