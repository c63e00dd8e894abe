"""Index pages: drugs by class, guidelines by document, treatment kinds, reviewer specialties,
all cases, data quality, and the home page's figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from generator.aggregate import CaseRef, Catalog, Corpus, Count, GroupSummary, SectionSummary
from generator.markup import front_matter
from generator.pages.common import Chart, chart, count_rows, item_table, page_label, plural
from generator.pages.listing import split
from generator.render import Page
from generator.urls import (
    case_url,
    drug_url,
    kind_url,
    md_link,
    relative,
    section_url,
    slugify,
    specialty_url,
)


def _meta(title: str, description: str, boost: float = 2, wide: bool = False) -> dict[str, Any]:
    """Front matter of an index page; ``wide`` hides the table of contents, giving a wide
    table the page's full width."""
    meta: dict[str, Any] = {"title": title, "description": description, "search": {"boost": boost}}
    if wide:
        meta["hide"] = ["toc"]
    return meta


def drugs_index(corpus: Corpus, catalog: Catalog) -> tuple[Page, Chart | None]:
    here = "drugs/"
    by_class: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for slug, summary in corpus.drugs.items():
        info = summary.info
        by_class[info.drug_class or "unclassified"].append(
            {
                "label": info.generic,
                "url": relative(here, drug_url(slug)),
                "brands": ", ".join(info.brands),
                "outcomes": summary.outcomes,
            }
        )
    classes: list[dict[str, Any]] = [
        {
            "slug": slugify(key),
            "label": catalog.class_labels.get(key, key.replace("_", " ").capitalize()),
            "drugs": sorted(rows, key=lambda r: (-r["outcomes"].total, r["label"])),
        }
        for key, rows in by_class.items()
    ]
    classes.sort(key=lambda c: c["label"].lower())
    ranked = sorted(corpus.drugs.values(), key=lambda s: (-s.outcomes.total, s.info.generic))
    made, view = chart(
        "index",
        "drugs",
        "Most-disputed drugs",
        [(s.info.generic, s.outcomes) for s in ranked],
        here,
    )
    intro = (
        f"{len(corpus.drugs)} drugs were disputed in these letters. Each has a page with its "
        "outcomes, the strengths and quantities requested, the guideline sections cited and "
        "every item. A compound is listed under each of its ingredients."
    )
    context = {
        "front_matter": front_matter(_meta("Drugs", "Drugs decided by IMR, by class")),
        "intro": intro,
        "outcome_chart": view,
        "classes": classes,
    }
    return Page(here, "drugs_index.md.j2", context), made


def _section_row(summary: SectionSummary, here: str) -> dict[str, Any]:
    info = summary.info
    return {
        "title": info.title,
        "url": relative(here, section_url(info.document_slug, info.slug)),
        "pages": page_label(info.pages) if info.pages else "",
        "outcomes": summary.outcomes,
        "maximus": len(summary.items["maximus"]),
        "claims_administrator": len(summary.items["claims_administrator"]),
    }


def _section_label(summary: SectionSummary) -> str:
    """A section named with its guideline: several guidelines have a "Special Studies"."""
    info = summary.info
    document = info.document_title.removesuffix(" Complaints")
    return f"{info.title} ({document})"


def _documents(corpus: Corpus) -> dict[str, list[SectionSummary]]:
    documents: dict[str, list[SectionSummary]] = defaultdict(list)
    for (document, _section), summary in corpus.sections.items():
        documents[document].append(summary)
    return documents


def guidelines_index(corpus: Corpus, catalog: Catalog) -> tuple[Page, Chart | None]:
    here = "guidelines/"
    documents = []
    for document, summaries in sorted(_documents(corpus).items()):
        named = [s for s in summaries if s.info.slug is not None]
        first = summaries[0].info
        documents.append(
            {
                "slug": document,
                "title": first.document_title,
                "url": md_link(here, section_url(document, None)),
                "sections": [
                    _section_row(s, here)
                    for s in sorted(named, key=lambda s: (-s.outcomes.total, s.info.title))
                ],
            }
        )
    named_all = [s for s in corpus.sections.values() if s.info.slug is not None]
    ranked = sorted(named_all, key=lambda s: (-s.outcomes.total, s.info.title))
    made, view = chart(
        "index", "guidelines", "Most-cited sections (MAXIMUS)",
        [(_section_label(s), s.outcomes) for s in ranked], here,
    )  # fmt: skip
    intro = (
        "Every guideline and section the letters cite, with the decisions made under it. The "
        "MTUS (California's Medical Treatment Utilization Schedule) comes first in law; the "
        "Official Disability Guidelines (ODG) and other sources are cited where MTUS is silent."
    )
    context = {
        "front_matter": front_matter(_meta("Guidelines", "Guideline sections cited in IMR")),
        "intro": intro,
        "outcome_chart": view,
        "documents": documents,
    }
    return Page(here, "guidelines_index.md.j2", context), made


def document_pages(corpus: Corpus, catalog: Catalog) -> list[Page]:
    pages = []
    for document, summaries in sorted(_documents(corpus).items()):
        here = section_url(document, None)
        whole = [s for s in summaries if s.info.slug is None]
        named = [s for s in summaries if s.info.slug is not None]
        info = summaries[0].info
        maximus_items, maximus_lists = item_table(
            whole[0].items["maximus"] if whole else [], here,
            "MAXIMUS citations naming only this guideline", f"{here}items/",
            f"Items decided under {info.document_title} as a whole (MAXIMUS)",
        )  # fmt: skip
        ca_items, ca_lists = item_table(
            whole[0].items["claims_administrator"] if whole else [], here,
            "Claims Administrator citations naming only this guideline", f"{here}ca-items/",
            f"Items where the Claims Administrator cited {info.document_title} as a whole",
        )  # fmt: skip
        context = {
            "front_matter": front_matter(
                _meta(info.document_title, f"IMR decisions citing {info.document_title}", 2)
            ),
            "title": info.document_title,
            "guideline": info.guideline,
            "sections": [
                _section_row(s, here)
                for s in sorted(named, key=lambda s: (-s.outcomes.total, s.info.title))
            ],
            "maximus_items": maximus_items,
            "ca_items": ca_items,
        }
        pages.append(Page(here, "document.md.j2", context, tuple(maximus_lists + ca_lists)))
    return pages


def _groups_page(
    here: str,
    title: str,
    intro: str,
    groups: dict[str, GroupSummary],
    url_of: Any,
    first_column: str,
) -> tuple[Page, Chart | None]:
    counts = [Count(key, g.label, g.outcomes) for key, g in groups.items()]
    rows = count_rows(counts, {c.key: url_of(c.key) for c in counts}, here)
    made, view = chart(
        "index", slugify(title), f"Decisions by {first_column.lower()}",
        [(r["label"], r["outcomes"]) for r in rows], here,
    )  # fmt: skip
    context = {
        "front_matter": front_matter(_meta(title, intro)),
        "title": title,
        "intro": intro,
        "outcome_chart": view,
        "rows": rows,
        "first_column": first_column,
        "caption": f"Items by {first_column.lower()}",
    }
    return Page(here, "groups_index.md.j2", context), made


def _group_page(
    group: GroupSummary, here: str, chart_kind: str, intro: str, column: str, urls: dict[str, str]
) -> tuple[Page, Chart | None]:
    breakdown = list(group.breakdown.values())
    rows = count_rows(breakdown, urls, here)
    made, view = chart(
        chart_kind, slugify(group.key), f"Decisions: {group.label}",
        [(r["label"], r["outcomes"]) for r in rows], here,
    )  # fmt: skip
    items, lists = item_table(
        group.items, here, "Every item", f"{here}items/", f"Items: {group.label}"
    )
    context = {
        "front_matter": front_matter(_meta(group.label, intro, 2)),
        "title": group.label,
        "intro": intro,
        "outcome_chart": view,
        "outcomes": group.outcomes,
        "breakdown_title": f"By {column.lower()}",
        "breakdown_column": column,
        "breakdown": rows,
        "items": items,
    }
    return Page(here, "group.md.j2", context, tuple(lists)), made


def kind_pages(corpus: Corpus, catalog: Catalog) -> list[tuple[Page, Chart | None]]:
    made = [
        _groups_page(
            "treatments/", "Treatments",
            "Every disputed item falls in one kind: drugs, procedures (surgery, injections), "
            "imaging, therapy (physical, chiropractic, acupuncture), durable medical equipment, "
            "lab tests, consultations, or other.",
            corpus.kinds, kind_url, "Kind",
        )
    ]  # fmt: skip
    for kind, group in corpus.kinds.items():
        intro = (
            f"{plural(group.outcomes.total, 'item')} of this kind in "
            f"{plural(len(group.letters), 'letter')}, by the state's request category."
        )
        made.append(_group_page(group, kind_url(kind), "treatments", intro, "Category", {}))
    return made


def specialty_pages(corpus: Corpus, catalog: Catalog) -> list[tuple[Page, Chart | None]]:
    made = [
        _groups_page(
            "specialties/", "Reviewer specialties",
            "The expert reviewer's board certification, as the letters state it, with the "
            "decisions reviewers of each specialty made.",
            corpus.specialties, specialty_url, "Specialty",
        )
    ]  # fmt: skip
    kind_urls = {kind: kind_url(kind) for kind in corpus.kinds}
    for slug, group in corpus.specialties.items():
        intro = (
            f"{plural(group.outcomes.total, 'item')} in {plural(len(group.letters), 'letter')} "
            f"were decided by a reviewer certified in {group.label}."
        )
        made.append(
            _group_page(group, specialty_url(slug), "specialties", intro, "Kind", kind_urls)
        )
    return made


# Cases the cases index lists itself, newest first; the rest are on their month's page.
RECENT_CASES = 50


def _case_rows(cases: Sequence[CaseRef], here: str) -> list[dict[str, Any]]:
    return [
        {
            "url": relative(here, case_url(case.slug)),
            "label": case.label,
            "date": case.decision_date or "",
            "item_count": case.item_count,
            "upheld": case.upheld,
            "overturned": case.overturned,
            "specialty": ", ".join(case.specialties),
            "first": case.first_item,
        }
        for case in cases
    ]


def cases_index(corpus: Corpus) -> Page:
    """The newest cases, and every case on a page for its year (or month) of decision
    (``cases/by-date/<yyyy>/``, see pages/listing.py)."""
    here = "cases/"
    ordered = sorted(corpus.cases, key=lambda c: c.slug)
    ordered.sort(key=lambda c: c.decision_date or "", reverse=True)
    dated = any(c.decision_date for c in ordered)

    def table(chunk: Sequence[CaseRef], url: str) -> dict[str, Any]:
        return {"cases": _case_rows(chunk, url), "dated": dated}

    listing = split(
        ordered, lambda c: c.decision_date, here, "cases/by-date/", "Cases", "case", table,
        "case_list.md.j2",
    )  # fmt: skip
    shown = ordered[:RECENT_CASES]
    if len(ordered) > RECENT_CASES:
        intro = (
            f"{len(ordered)} determinations. The {RECENT_CASES} most recent are below; every "
            "case is listed on the page for its year (or, in a busy year, month) of decision."
        )
    else:
        intro = f"All {len(ordered)} determinations. Click a column heading to sort."
    meta = _meta("Cases", "Every IMR determination on this site", 1, wide=True)
    context = {
        "front_matter": front_matter(meta),
        "intro": intro,
        "cases": _case_rows(shown, here),
        "dated": dated,
        "periods": listing.periods if len(ordered) > RECENT_CASES else [],
    }
    children = tuple(listing.pages) if len(ordered) > RECENT_CASES else ()
    return Page(here, "cases_index.md.j2", context, children)


def quality_page(corpus: Corpus) -> Page:
    here = "quality/"

    def rows(problems: Any) -> list[dict[str, Any]]:
        return [
            {
                "url": relative(
                    here, case_url(p.case_id) + (f"#item-{p.index}" if p.index else "")
                ),
                "case": p.case_label,
                "index": p.index or "",
                "role": {"maximus": "MAXIMUS", "claims_administrator": "Claims Administrator"}.get(
                    p.what, p.what
                ),
                "text": p.text,
            }
            for p in problems
        ]

    totals = [
        ("Letters read", len(corpus.cases) + len(corpus.failures)),
        ("Letters that could not be read", len(corpus.failures)),
        ("Items", corpus.outcomes.total),
        ("Items with an unknown decision", corpus.outcomes.unknown),
        ("Citations not matched to a section", len(corpus.unresolved_citations)),
        ("Warnings", len(corpus.warnings)),
        ("Notes", len(corpus.notes)),
    ]
    intro = (
        "What the generator could not read or match. Nothing here is guessed: an unmatched "
        "citation keeps its words on the case page; a letter that could not be read is named "
        "with the reason."
    )
    lists, pages = {}, []
    for key, title, problems in (
        ("unresolved", "Citations not matched to a guideline section", corpus.unresolved_citations),
        ("warnings", "Warnings", corpus.warnings),
        ("notes", "Notes", corpus.notes),
    ):
        lists[key], more = _bounded_problems(key, title, problems, rows)
        pages += more
    failures = [{"name": n, "reason": r} for n, r in corpus.failures]
    context = {
        "intake": _intake_rows(corpus),
        "front_matter": front_matter(_meta("Data quality", "Letters, citations and items the "
                                           "generator could not fully read", 0.5)),
        "intro": intro,
        "totals": totals,
        "failures": failures[:QUALITY_ROWS],
        "failures_total": len(failures),
        **lists,
    }  # fmt: skip
    return Page(here, "quality.md.j2", context, tuple(pages))


def _intake_rows(corpus: Corpus) -> list[dict[str, Any]]:
    """The letters read per file type and per layout: read, parsed, rejected and why."""
    from generator.parse.sections import LAYOUTS

    types = {"pdf": "PDF files", "txt": "Text files"}
    rows = []
    for group in corpus.intake:
        if group.dimension == "file type":
            label = types.get(group.name, group.name)
        else:
            layout = LAYOUTS.get(group.name)
            label = f"Layout: {layout.label}" if layout else "Layout: none recognized"
        rows.append(
            {
                "label": label,
                "read": group.read,
                "parsed": group.parsed,
                "rejected": sum(group.rejected.values()),
                "reasons": group.reasons(),
            }
        )
    return rows


# Rows each list of the Data quality page shows itself; all of them are on numbered pages of
# QUALITY_PAGE_ROWS (quality/<list>/<n>/), so the page stays small at any corpus size.
QUALITY_ROWS = 200
QUALITY_PAGE_ROWS = 1000


def _bounded_problems(
    key: str, title: str, problems: list[Any], rows: Any
) -> tuple[dict[str, Any], list[Page]]:
    """A Data quality list: its first ``QUALITY_ROWS`` rows and, when there are more, every row
    on numbered pages ``quality/<key>/<n>/``."""
    view: dict[str, Any] = {"rows": rows(problems[:QUALITY_ROWS]), "total": len(problems),
                            "pages": []}  # fmt: skip
    if len(problems) <= QUALITY_ROWS:
        return view, []
    pages = []
    chunks = [
        problems[i : i + QUALITY_PAGE_ROWS] for i in range(0, len(problems), QUALITY_PAGE_ROWS)
    ]
    for number, chunk in enumerate(chunks, start=1):
        url = f"quality/{key}/{number}/"
        page_title = f"{title} ({number} of {len(chunks)})"
        meta = {"title": page_title, "description": f"Data quality: {page_title}",
                "search": {"exclude": True}}  # fmt: skip
        context = {
            "front_matter": front_matter(meta),
            "title": page_title,
            "parent_url": relative(url, "quality/"),
            "rows": _problem_rows(chunk, url),
        }
        pages.append(Page(url, "quality_list.md.j2", context))
        view["pages"].append({"label": str(number), "url": relative("quality/", url)})
    return view, pages


def _problem_rows(problems: list[Any], here: str) -> list[dict[str, Any]]:
    return [
        {
            "url": relative(here, case_url(p.case_id) + (f"#item-{p.index}" if p.index else "")),
            "case": p.case_label,
            "index": p.index or "",
            "text": p.text
            if p.what not in ("maximus", "claims_administrator")
            else (("MAXIMUS" if p.what == "maximus" else "Claims Administrator") + f": {p.text}"),
        }
        for p in problems
    ]


def home_snippet(corpus: Corpus) -> tuple[Page, list[Chart]]:
    """The figures on the home page, included by docs/index.md (hand-written)."""
    here = ""
    o = corpus.outcomes
    share = f"{round(100 * o.upheld / o.total)}%" if o.total else "-"
    ranked_drugs = sorted(corpus.drugs.values(), key=lambda s: (-s.outcomes.total, s.info.generic))
    named = [s for s in corpus.sections.values() if s.info.slug is not None]
    ranked_sections = sorted(named, key=lambda s: (-s.outcomes.total, s.info.title))
    figures = [
        ("Letters", len(corpus.cases)),
        ("Items decided", o.total),
        ("Upheld (denial stood)", f"{o.upheld} ({share})"),
        ("Overturned (found medically necessary)", o.overturned),
        ("Drugs", len(corpus.drugs)),
        ("Guideline sections cited", len(named)),
    ]
    drug_chart, drug_view = chart(
        "home", "drugs", "Top drugs", [(s.info.generic, s.outcomes) for s in ranked_drugs[:8]], here
    )
    section_chart, section_view = chart(
        "home", "sections", "Top guideline sections (MAXIMUS)",
        [(_section_label(s), s.outcomes) for s in ranked_sections[:8]], here,
    )  # fmt: skip
    context = {"figures": figures, "drug_chart": drug_view, "section_chart": section_view}
    charts = [c for c in (drug_chart, section_chart) if c is not None]
    return Page("_snippets/home", "home_snippet.md.j2", context), charts
