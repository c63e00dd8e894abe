"""The case page: one per letter, ``cases/<case-slug>/``."""

from __future__ import annotations

import html
from dataclasses import dataclass

from markupsafe import Markup

from generator.catalog import Catalog, drug_slugs_of
from generator.markup import front_matter, paragraphs
from generator.model import Citation, Determination, Issue, PartialApproval
from generator.pages.common import SearchView, guideline_filter, page_label, plural, search_view
from generator.pages.tables import ROLE_LABELS
from generator.render import Page
from generator.similar import Similar
from generator.urls import (
    asset,
    case_url,
    drug_url,
    kind_url,
    reason_url,
    relative,
    section_url,
    specialty_url,
)

ROLES = ("maximus", "claims_administrator")
_NOT_STATED = "not stated"


@dataclass(frozen=True)
class CitationView:
    url: str | None
    label: str
    detail: str
    text: str


@dataclass(frozen=True)
class RoleCitations:
    label: str
    citations: tuple[CitationView, ...]


@dataclass(frozen=True)
class ReasonLink:
    label: str
    url: str


@dataclass(frozen=True)
class SimilarView:
    url: str
    label: str
    index: int
    item: str
    decision: str
    date: str
    shared: str  # "2 reasons in common", or ""


@dataclass(frozen=True)
class ItemView:
    index: int
    item: str
    decision: str
    decision_text: str
    treatment_label: str
    treatment_url: str | None
    treatment_facts: tuple[str, ...]
    partial: PartialApproval | None
    citations: tuple[RoleCitations, ...]
    rationale: Markup
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    reasons: tuple[ReasonLink, ...]
    similar: tuple[SimilarView, ...]


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class ReviewerView:
    specialties: tuple[Link, ...]
    subspecialties: tuple[str, ...]
    licensure: str


@dataclass(frozen=True)
class PatientView:
    age: str
    sex: str
    injury_date: str
    ur_date: str


@dataclass(frozen=True)
class CaseContext:
    front_matter: str
    title: str
    lede: str
    facts: tuple[tuple[str, str], ...]
    source: str
    reviewer: ReviewerView
    patient: PatientView
    summary: Markup
    items: tuple[ItemView, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    letter_text: Markup
    json_url: str
    json_name: str
    record_doc_url: str
    search: SearchView


def citation_view(citation: Citation, catalog: Catalog, here: str) -> CitationView:
    """How one citation shows: the canonical section linked with its guideline (MTUS, ODG, ...)
    and document, else the letter's words."""
    if citation.guideline == "none":
        return CitationView(None, "no medical evidence cited", "", citation.text)
    detail = []
    key = (citation.document_slug or "", citation.slug)
    if key in catalog.sections:
        detail.append(catalog.sections[key].guideline)
    if citation.document_title:
        detail.append(citation.document_title)
    if citation.pages:
        detail.append(page_label(citation.pages))
    if citation.document_slug:
        label = citation.section_title or citation.document_title or citation.text
        url = relative(here, section_url(citation.document_slug, citation.slug))
        if citation.section_title is None:
            detail = [d for d in detail if d != citation.document_title] + ["section not named"]
    elif citation.guideline == "other":
        label, url = "a source outside the guidelines (see its words below)", None
    else:
        label, url = "not matched to a guideline section", None
    return CitationView(url, label, " · ".join(detail), citation.text)


def treatment_view(
    issue: Issue, catalog: Catalog, here: str
) -> tuple[str, str | None, tuple[str, ...]]:
    """(label, link, facts) for an item's treatment."""
    treatment = issue.treatment
    slugs = drug_slugs_of(issue, catalog)
    facts = tuple(
        value
        for value in (
            treatment.strength,
            treatment.form,
            f"#{treatment.quantity}" if treatment.quantity is not None else None,
            f"{treatment.refills} refill(s)" if treatment.refills else None,
            treatment.frequency,
            f"{treatment.sessions} session(s)" if treatment.sessions else None,
            " ".join(p for p in (treatment.side, treatment.body_part) if p) or None,
            " \u203a ".join(p for p in (treatment.category, treatment.subcategory) if p) or None,
        )
        if value
    )
    if len(slugs) == 1:
        return catalog.drugs[slugs[0]].generic, relative(here, drug_url(slugs[0])), facts
    if slugs:
        names = " + ".join(catalog.drugs[s].generic for s in slugs)
        kind = treatment.kind or "other"
        return names, relative(here, kind_url(kind)), facts
    kind = treatment.kind or "other"
    return catalog.kind_label(kind), relative(here, kind_url(kind)), facts


def letter_text(record: Determination) -> Markup:
    """The cleaned letter, escaped, each item's words wrapped in an anchor (#source-item-N)."""
    text, out, last = record.text, [], 0
    for issue in record.issues:
        start, end = issue.span
        out.append(html.escape(text[last:start]))
        out.append(f'<span class="source" id="source-item-{issue.index}">')
        out.append(html.escape(text[start:end]))
        out.append("</span>")
        last = end
    out.append(html.escape(text[last:]))
    return Markup("".join(out))


def marked_rationale(record: Determination, issue: Issue, catalog: Catalog) -> Markup:
    """The item's rationale as a paragraph, escaped, each passage that gave a reason marked
    (``<mark>`` titled with the reason): the letter's words, from the cleaned text."""
    start, end = issue.rationale_span
    text = record.text
    marks: list[tuple[int, int, str]] = []
    for reason in issue.reasons:
        info = catalog.reasons.get(reason.key)
        label = info.label if info else reason.key
        marks += [(e.span[0], e.span[1], label) for e in reason.evidence]
    marks.sort()
    out, at = [], start
    for a, b, label in marks:
        if a < at or b > end:  # overlapping or outside the rationale: shown unmarked
            continue
        out.append(html.escape(text[at:a]))
        title = html.escape(f"Reason: {label}")
        out.append(f'<mark class="reason" title="{title}">{html.escape(text[a:b])}</mark>')
        at = b
    out.append(html.escape(text[at:end]))
    return Markup(f"<p>{' '.join(''.join(out).split())}</p>")


def case_search(record: Determination, catalog: Catalog, title: str) -> SearchView:
    """The case's values for the search filters: each item's decision, drug class, treatment
    kind, state category and the guideline documents MAXIMUS cited; the reviewer's specialties;
    the year decided."""
    values: list[tuple[str, str | None]] = [("page", "Case")]
    for issue in record.issues:
        treatment = issue.treatment
        values.append(("decision", issue.decision.capitalize()))
        slugs = drug_slugs_of(issue, catalog)
        values += [("drug_class", catalog.drugs[slug].class_label) for slug in slugs]
        if treatment.drug_class and not slugs:  # a request naming only a drug class
            values.append(("drug_class", catalog.class_labels.get(treatment.drug_class)))
        kind = treatment.kind or "other"
        values.append(("treatment", catalog.kind_label(kind)))
        values.append(("category", treatment.category))
        for citation in issue.citations["maximus"]:
            info = catalog.sections.get((citation.document_slug or "", citation.slug))
            if info is not None:
                values.append(("guideline", guideline_filter(info.guideline, info.document_title)))
    values += [("specialty", s) for s in record.reviewer.specialties]
    year = (record.decision_date or "")[:4]
    values.append(("year", year if year.isdigit() else None))
    return search_view(title, values)


def similar_views(found: tuple[Similar, ...], here: str) -> tuple[SimilarView, ...]:
    return tuple(
        SimilarView(
            relative(here, case_url(s.case_slug) + f"#item-{s.index}"),
            s.case_label,
            s.index,
            s.item,
            s.decision,
            s.decision_date or "no decision date",
            plural(s.shared, "reason") + " in common" if s.shared else "",
        )
        for s in found
    )


def case_page(
    record: Determination, catalog: Catalog, similar: dict[int, tuple[Similar, ...]] | None = None
) -> Page:
    """A letter's page; ``similar``: each item's earlier decisions like it (``similar.py``)."""
    slug = record.slug
    here = case_url(slug)
    label = record.case_number or record.id
    first = record.issues[0].item if record.issues else ""
    title = f"Case {label}"
    items = []
    for issue in record.issues:
        treatment_label, treatment_url, facts = treatment_view(issue, catalog, here)
        roles = tuple(
            RoleCitations(
                ROLE_LABELS[role],
                tuple(citation_view(c, catalog, here) for c in issue.citations[role]),
            )
            for role in ROLES
        )
        reasons = tuple(
            ReasonLink(catalog.reasons[r.key].label, relative(here, reason_url(r.key)))
            for r in issue.reasons
            if r.key in catalog.reasons
        )
        items.append(
            ItemView(
                issue.index,
                issue.item,
                issue.decision,
                issue.decision_text,
                treatment_label,
                treatment_url,
                facts,
                issue.partial,
                roles,
                marked_rationale(record, issue, catalog),
                tuple(issue.warnings),
                tuple(issue.notes),
                reasons,
                similar_views((similar or {}).get(issue.index, ()), here),
            )
        )
    decisions = ", ".join(f"{i.item}: {i.decision}" for i in record.issues)
    stated = [
        ("Case number", record.case_number),
        ("Decision date", record.decision_date),
        ("Date assigned", record.date_assigned),
        ("Application received", record.application_received),
        ("Priority", record.priority),
    ]
    header = [(label, value) for label, value in stated if value is not None and value]
    if header:
        header.append(("Source file", record.source))
    decided = "; ".join(f"{i.item}: {i.decision}" for i in record.issues)
    lede = f"{plural(len(record.issues), 'item')} decided. {decided}."
    more = len(record.issues) - 1
    page_title = f"{title}: {first}" + (f" (+{more} more)" if more > 0 else "")
    meta = {
        "title": page_title,
        "description": f"IMR final determination {label}: {decisions}"[:300],
        # Read by Zensical's search; the MkDocs site's Pagefind search ranks by page weights.
        "search": {"boost": 0.5},
        # The record's key fields; the whole record is the JSON file beside the page
        # (cases/<slug>.json). A whole record here cost MkDocs' pure-Python YAML loader about
        # 25 KB of front matter per case page.
        "record": {
            "id": record.id,
            "case_number": record.case_number,
            "decision_date": record.decision_date,
            "sha256": record.sha256,
            "json": f"{record.slug}.json",
            "items": [
                {
                    "index": i.index,
                    "item": i.item,
                    "decision": i.decision,
                    "kind": i.treatment.kind,
                    "generics": list(i.treatment.generics),
                }
                for i in record.issues
            ],
        },
    }
    reviewer = ReviewerView(
        tuple(Link(s, relative(here, specialty_url(s))) for s in record.reviewer.specialties),
        tuple(record.reviewer.subspecialties),
        ", ".join(record.reviewer.licensure) or _NOT_STATED,
    )
    patient = PatientView(
        str(record.patient.age) if record.patient.age is not None else _NOT_STATED,
        record.patient.sex or _NOT_STATED,
        record.patient.injury_date or _NOT_STATED,
        record.ur_date or _NOT_STATED,
    )
    context = CaseContext(
        front_matter=front_matter(meta),
        title=title,
        lede=lede,
        facts=tuple(header),
        source=record.source,
        reviewer=reviewer,
        patient=patient,
        summary=paragraphs(record.summary) if record.summary else Markup("<p>none</p>"),
        items=tuple(items),
        warnings=tuple(record.warnings),
        notes=tuple(record.notes),
        letter_text=letter_text(record),
        json_url=asset(here, f"cases/{record.slug}.json"),
        json_name=f"{record.slug}.json",
        record_doc_url=relative(here, "reference/record/"),
        search=case_search(record, catalog, page_title),
    )
    return Page(here, "case.md.j2", context)
