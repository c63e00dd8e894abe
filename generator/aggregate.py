"""Aggregation: pure group-bys over every normalized record, done after all letters are read.

Input: the records (each with the ``slug`` the build gave it) and the ``Catalog`` (names and
labels from the lexicons). Output: a
``Corpus`` that the renderer formats without computing anything. Every list is sorted, so two
runs over the same letters give the same pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.model import Citation, Determination, Issue
from generator.slugs import slugify

if TYPE_CHECKING:
    from generator.pipeline import Group

ROLES = ("maximus", "claims_administrator")


@dataclass(frozen=True)
class DrugInfo:
    slug: str
    generic: str
    drug_class: str | None
    class_label: str
    brands: tuple[str, ...]
    ingredients: tuple[str, ...]


@dataclass(frozen=True)
class SectionInfo:
    document_slug: str
    slug: str | None  # None: the document as a whole
    title: str
    document_title: str
    guideline: str
    pages: tuple[tuple[int, int], ...]


@dataclass
class Catalog:
    """What the lexicons say about names, for pages: built by ``normalize.catalog``."""

    drugs: dict[str, DrugInfo]
    generic_slugs: dict[str, str]
    class_labels: dict[str, str]
    kind_labels: dict[str, str]
    sections: dict[tuple[str, str | None], SectionInfo]


@dataclass
class Outcomes:
    upheld: int = 0
    overturned: int = 0
    unknown: int = 0

    def add(self, decision: str) -> None:
        setattr(self, decision, getattr(self, decision) + 1)

    @property
    def total(self) -> int:
        return self.upheld + self.overturned + self.unknown

    @property
    def overturned_share(self) -> str:
        """Share overturned as a whole percent, "-" when nothing was decided."""
        return f"{round(100 * self.overturned / self.total)}%" if self.total else "-"


@dataclass(frozen=True)
class ItemRef:
    """One decided item as index pages list it."""

    case_id: str
    case_label: str
    index: int
    item: str
    decision: str
    decision_date: str | None
    kind: str
    drug_slugs: tuple[str, ...]


@dataclass
class Count:
    """A label with how often it was seen, and the outcomes of the items behind it."""

    key: str
    label: str
    outcomes: Outcomes = field(default_factory=Outcomes)


@dataclass
class DrugSummary:
    info: DrugInfo
    items: list[ItemRef] = field(default_factory=list)
    outcomes: Outcomes = field(default_factory=Outcomes)
    names_seen: Counter[str] = field(default_factory=Counter)
    strengths: Counter[str] = field(default_factory=Counter)
    quantities: Counter[str] = field(default_factory=Counter)
    sections: dict[tuple[str, str | None], Count] = field(default_factory=dict)


@dataclass
class SectionSummary:
    info: SectionInfo
    items: dict[str, list[ItemRef]] = field(default_factory=lambda: {r: [] for r in ROLES})
    outcomes: Outcomes = field(default_factory=Outcomes)  # of items MAXIMUS decided under it
    treatments: dict[str, Count] = field(default_factory=dict)


@dataclass
class GroupSummary:
    """Items grouped by a label: a treatment kind, a reviewer specialty, a drug class."""

    key: str
    label: str
    items: list[ItemRef] = field(default_factory=list)
    outcomes: Outcomes = field(default_factory=Outcomes)
    letters: set[str] = field(default_factory=set)
    breakdown: dict[str, Count] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """A data-quality note: what, where, why."""

    case_id: str
    case_label: str
    index: int | None
    what: str
    text: str


@dataclass(frozen=True)
class CaseRef:
    """One case as the cases index lists it (the record itself stays in the store)."""

    slug: str
    label: str
    decision_date: str | None
    item_count: int
    upheld: int
    overturned: int
    specialties: tuple[str, ...]
    first_item: str


@dataclass
class Corpus:
    cases: list[CaseRef]
    outcomes: Outcomes
    drugs: dict[str, DrugSummary]
    sections: dict[tuple[str, str | None], SectionSummary]
    kinds: dict[str, GroupSummary]
    specialties: dict[str, GroupSummary]
    classes: dict[str, GroupSummary]
    unresolved_citations: list[Problem]
    warnings: list[Problem]
    notes: list[Problem]
    failures: list[tuple[str, str]]
    # The letters read per file type and per layout, parsed and rejected by reason (the build's
    # tally, pipeline.Tally.groups); empty when the corpus was not built from files.
    intake: list[Group] = field(default_factory=list)


def _ref(record: Determination, issue: Issue, drug_slugs: tuple[str, ...]) -> ItemRef:
    return ItemRef(
        case_id=record.slug,
        case_label=record.case_number or record.id,
        index=issue.index,
        item=issue.item,
        decision=issue.decision,
        decision_date=record.decision_date,
        kind=issue.treatment.kind or "other",
        drug_slugs=drug_slugs,
    )


def drug_slugs_of(issue: Issue, catalog: Catalog) -> tuple[str, ...]:
    """Drug pages an item belongs on: its own entry's, and for a combination or compound each
    ingredient's as well (a topical diclofenac item stays off the oral diclofenac page)."""
    treatment = issue.treatment
    if treatment.kind != "drug":
        return ()
    slugs = set()
    if treatment.slug and treatment.slug in catalog.drugs:
        slugs.add(treatment.slug)
    if len(treatment.generics) > 1 or not slugs:
        for generic in treatment.generics:
            slug = catalog.generic_slugs.get(generic.lower())
            if slug:
                slugs.add(slug)
    return tuple(sorted(slugs))


def _section_key(citation: Citation) -> tuple[str, str | None] | None:
    if citation.document_slug is None:
        return None
    return (citation.document_slug, citation.slug)


def _group(groups: dict[str, GroupSummary], key: str, label: str) -> GroupSummary:
    if key not in groups:
        groups[key] = GroupSummary(key, label)
    return groups[key]


def _count(counts: dict[str, Count], key: str, label: str, decision: str) -> None:
    if key not in counts:
        counts[key] = Count(key, label)
    counts[key].outcomes.add(decision)


def aggregate(
    records: Iterable[Determination],
    catalog: Catalog,
    failures: list[tuple[str, str]] | None = None,
) -> Corpus:
    """Group every item by drug, guideline section, treatment kind, specialty and class.

    ``records`` is read once, one record at a time (the store streams them), and none is kept:
    the corpus holds counts and item references only."""
    cases: list[CaseRef] = []
    outcomes = Outcomes()
    drugs: dict[str, DrugSummary] = {}
    sections: dict[tuple[str, str | None], SectionSummary] = {}
    kinds: dict[str, GroupSummary] = {}
    specialties: dict[str, GroupSummary] = {}
    classes: dict[str, GroupSummary] = {}
    unresolved: list[Problem] = []
    warnings: list[Problem] = []
    notes: list[Problem] = []
    for record in records:
        label = record.case_number or record.id
        decisions = [i.decision for i in record.issues]
        cases.append(
            CaseRef(
                slug=record.slug,
                label=label,
                decision_date=record.decision_date,
                item_count=len(record.issues),
                upheld=decisions.count("upheld"),
                overturned=decisions.count("overturned"),
                specialties=record.reviewer.specialties,
                first_item=record.issues[0].item if record.issues else "",
            )
        )
        for text in record.warnings:
            warnings.append(Problem(record.slug, label, None, "warning", text))
        for text in record.notes:
            notes.append(Problem(record.slug, label, None, "note", text))
        for issue in record.issues:
            slugs = drug_slugs_of(issue, catalog)
            ref = _ref(record, issue, slugs)
            outcomes.add(issue.decision)
            for text in issue.warnings:
                warnings.append(Problem(record.slug, label, issue.index, "warning", text))
            for text in issue.notes:
                notes.append(Problem(record.slug, label, issue.index, "note", text))
            kind = issue.treatment.kind or "other"
            group = _group(kinds, kind, catalog.kind_labels.get(kind, kind.title()))
            group.items.append(ref)
            group.outcomes.add(issue.decision)
            group.letters.add(record.id)
            sub = issue.treatment.subcategory or issue.treatment.category or "Unclassified"
            _count(group.breakdown, sub, sub, issue.decision)
            for specialty in record.reviewer.specialties:
                # Keyed by slug: two spellings with one slug ("X-Y", "X Y") share one page.
                sgroup = _group(specialties, slugify(specialty), specialty)
                sgroup.items.append(ref)
                sgroup.outcomes.add(issue.decision)
                sgroup.letters.add(record.id)
                _count(sgroup.breakdown, kind, group.label, issue.decision)
            if issue.treatment.drug_class:
                cls = issue.treatment.drug_class
                cgroup = _group(classes, cls, catalog.class_labels.get(cls, cls))
                cgroup.items.append(ref)
                cgroup.outcomes.add(issue.decision)
                cgroup.letters.add(record.id)
            for slug in slugs:
                summary = drugs.setdefault(slug, DrugSummary(catalog.drugs[slug]))
                summary.items.append(ref)
                summary.outcomes.add(issue.decision)
                summary.names_seen[issue.treatment.brand or issue.treatment.name] += 1
                if issue.treatment.strength:
                    summary.strengths[issue.treatment.strength] += 1
                if issue.treatment.quantity is not None:
                    summary.quantities[str(issue.treatment.quantity)] += 1
            for role in ROLES:
                for citation in issue.citations.get(role, []):
                    section_key = _section_key(citation)
                    if section_key is None or section_key not in catalog.sections:
                        if citation.guideline != "none":
                            unresolved.append(
                                Problem(record.slug, label, issue.index, role, citation.text)
                            )
                        continue
                    section = sections.setdefault(
                        section_key, SectionSummary(catalog.sections[section_key])
                    )
                    if ref not in section.items[role]:
                        section.items[role].append(ref)
                    if role == "maximus":
                        section.outcomes.add(issue.decision)
                        treat_key = slugs[0] if slugs else f"kind:{kind}"
                        treat_label = catalog.drugs[slugs[0]].generic if slugs else group.label
                        _count(section.treatments, treat_key, treat_label, issue.decision)
                    for slug in slugs if role == "maximus" else ():
                        drug_counts = drugs[slug].sections
                        if section_key not in drug_counts:
                            key = "/".join(k or "" for k in section_key)
                            drug_counts[section_key] = Count(key, "")
                        drug_counts[section_key].outcomes.add(issue.decision)
    return Corpus(
        cases=sorted(cases, key=lambda c: c.slug),
        outcomes=outcomes,
        drugs=dict(sorted(drugs.items())),
        sections=dict(sorted(sections.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))),
        kinds=dict(sorted(kinds.items())),
        specialties=dict(sorted(specialties.items())),
        classes=dict(sorted(classes.items())),
        unresolved_citations=unresolved,
        warnings=warnings,
        notes=notes,
        failures=sorted(failures or []),
    )
