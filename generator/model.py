"""The record types: what one IMR final determination becomes. Nothing else lives here.

The JSON form of ``Determination`` (``to_dict``) is the contract other tools read; it is
documented field by field in ``docs/reference/record.md`` and its minimum is
``shared/contract/record.schema.json``. Every extracted value keeps the character span it came
from in the cleaned text (``Determination.text``), so a page can show the source words.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, Literal

Decision = Literal["upheld", "overturned", "unknown"]
Span = tuple[int, int]
# "warning": a doubt about what was read, which ``--strict`` fails on; "note": what a reader
# should see that is no doubt about the reading (the letter leaves a fact out or contradicts
# itself, a citation is mislabelled).
Severity = Literal["warning", "note"]


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a record or an item. ``severity`` decides what ``--strict`` does and
    ``code`` names the kind of finding (stable, for filtering and tests); ``text`` is for people
    and may be reworded freely. ``span`` points into the cleaned text when the finding has a
    place."""

    severity: Severity
    code: str
    text: str
    span: Span | None = None


def warning(code: str, text: str, span: Span | None = None) -> Diagnostic:
    return Diagnostic("warning", code, text, span)


def note(code: str, text: str, span: Span | None = None) -> Diagnostic:
    return Diagnostic("note", code, text, span)


class _Diagnosed:
    """``warnings`` and ``notes`` as texts, derived from ``diagnostics``."""

    diagnostics: list[Diagnostic]

    @property
    def warnings(self) -> list[str]:
        return [d.text for d in self.diagnostics if d.severity == "warning"]

    @property
    def notes(self) -> list[str]:
        return [d.text for d in self.diagnostics if d.severity == "note"]


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


@dataclass(frozen=True)
class ReasonEvidence:
    """Words of the rationale that gave a reason: the rule that matched them (its name in
    ``reasons.RULES``), where they are in the cleaned text, and the words themselves."""

    rule: str
    span: Span
    words: str


@dataclass(frozen=True)
class ItemReason:
    """One reason the item was upheld or overturned (a key of ``lexicons/reasons.yaml``), with
    every passage of the rationale that gives it, in text order."""

    key: str
    evidence: tuple[ReasonEvidence, ...]


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
    # "associated surgical service" when the letter lists the item as one ("Associated surgical
    # service: Ultrasling"); None otherwise.
    relation: str | None = None


@dataclass
class Issue(_Diagnosed):
    """One disputed item and its decision (the letters call them "issues")."""

    index: int
    item: str
    decision: Decision
    decision_text: str
    treatment: Treatment
    citations: dict[str, list[Citation]]
    # The guideline paragraphs' words by role; None for a role the letter's layout has no
    # paragraph for (the 2013 layout names only the reviewer's guideline).
    guideline_text: dict[str, str | None]
    rationale: str
    diagnostics: list[Diagnostic]
    span: Span
    item_span: Span
    rationale_span: Span
    partial: PartialApproval | None = None
    # Dates the letter writes into the item's line ("..., DOS: 11/11/2016"): fields of the item,
    # not part of its name. ISO dates.
    date_of_service: str | None = None
    request_date: str | None = None
    # Why the item was upheld or overturned, assigned from the rationale by normalization
    # (``reasons.py``); empty when no rule matched (the rationale stays unassigned).
    reasons: list[ItemReason] = field(default_factory=list)


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
class Determination(_Diagnosed):
    """One IMR final determination letter, parsed.

    ``diagnostics`` are the letter-level findings; each item has its own. Warnings are doubts
    about the reading; notes are what the letter itself leaves out or contradicts (no age
    stated, header and summary give different injury dates): shown on pages, never a parse
    doubt, so ``--strict`` ignores them.
    """

    id: str
    source: str
    sha256: str
    # The letter's layout (``parse.sections.LAYOUTS``): "current", "maximus-letterhead",
    # "mpr-2013".
    layout: str
    case_number: str | None
    date_assigned: str | None
    decision_date: str | None
    priority: str | None
    application_received: str | None
    ur_date: str | None
    reviewer: Reviewer
    patient: Patient
    summary: str
    # The records the reviewer read, one entry a document, as the letter lists them; None when
    # the letter has no such list (the current layout).
    documents_reviewed: list[str] | None
    issues: list[Issue]
    diagnostics: list[Diagnostic]
    text: str
    # The case page's name (cases/<slug>/), decided by the build (one place: ``build.py``);
    # empty until then.
    slug: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready record: tuples become lists, key order is the field order, and
        ``warnings``/``notes`` (texts, the contract's form) come before ``diagnostics``."""
        data = _with_texts(_plain(self))
        data["issues"] = [_with_texts(issue) for issue in data["issues"]]
        return data


def _with_texts(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "diagnostics":
            for severity, name in (("warning", "warnings"), ("note", "notes")):
                out[name] = [d["text"] for d in value if d["severity"] == severity]
        out[key] = value
    return out


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(value: Any) -> Any:
    """A value as JSON data: what ``asdict`` gives, with tuples as lists, in one pass (a
    record's ~250 values: ``asdict`` took a third of the time a letter is read in)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    raise TypeError(f"not JSON data: {value!r}")


# -- reading a record back (the corpus store keeps records as their JSON) ------------------------


def _span(value: Any) -> Span:
    return (int(value[0]), int(value[1]))


def _diagnostics(values: list[dict[str, Any]]) -> list[Diagnostic]:
    return [
        Diagnostic(d["severity"], d["code"], d["text"], _span(d["span"]) if d["span"] else None)
        for d in values
    ]


def _reason(data: dict[str, Any]) -> ItemReason:
    return ItemReason(
        key=data["key"],
        evidence=tuple(
            ReasonEvidence(e["rule"], _span(e["span"]), e["words"]) for e in data["evidence"]
        ),
    )


def _citation(data: dict[str, Any]) -> Citation:
    return Citation(
        guideline=data["guideline"],
        document=data["document"],
        edition=data["edition"],
        section=data["section"],
        pages=tuple(_span(p) for p in data["pages"]),
        text=data["text"],
        span=_span(data["span"]),
        section_title=data["section_title"],
        slug=data["slug"],
        document_slug=data["document_slug"],
        document_title=data["document_title"],
        resolution=data["resolution"],
    )


def _issue(data: dict[str, Any]) -> Issue:
    partial = data["partial"]
    return Issue(
        index=data["index"],
        item=data["item"],
        decision=data["decision"],
        decision_text=data["decision_text"],
        treatment=Treatment(**data["treatment"]),
        citations={role: [_citation(c) for c in cs] for role, cs in data["citations"].items()},
        guideline_text=dict(data["guideline_text"]),
        rationale=data["rationale"],
        diagnostics=_diagnostics(data["diagnostics"]),
        span=_span(data["span"]),
        item_span=_span(data["item_span"]),
        rationale_span=_span(data["rationale_span"]),
        partial=PartialApproval(**partial) if partial else None,
        date_of_service=data["date_of_service"],
        request_date=data["request_date"],
        reasons=[_reason(r) for r in data["reasons"]],
    )


def record_from_dict(data: dict[str, Any]) -> Determination:
    """The record ``Determination.to_dict`` wrote (``warnings``/``notes`` are derived from
    ``diagnostics`` and not read)."""
    reviewer, patient = data["reviewer"], data["patient"]
    return Determination(
        id=data["id"],
        source=data["source"],
        sha256=data["sha256"],
        layout=data["layout"],
        case_number=data["case_number"],
        date_assigned=data["date_assigned"],
        decision_date=data["decision_date"],
        priority=data["priority"],
        application_received=data["application_received"],
        ur_date=data["ur_date"],
        reviewer=Reviewer(
            tuple(reviewer["licensure"]),
            tuple(reviewer["specialties"]),
            tuple(reviewer["subspecialties"]),
            reviewer["raw"],
        ),
        patient=Patient(patient["age"], patient["sex"], patient["injury_date"]),
        summary=data["summary"],
        documents_reviewed=data["documents_reviewed"],
        issues=[_issue(i) for i in data["issues"]],
        diagnostics=_diagnostics(data["diagnostics"]),
        text=data["text"],
        slug=data.get("slug", ""),
    )
