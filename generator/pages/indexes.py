"""Index pages: drugs by class, guidelines by document, treatment kinds, reviewer specialties,
all cases, data quality, and the home page's figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.aggregate import (
    Corpus,
    Count,
    GroupSummary,
    ItemList,
    Outcomes,
    ProblemList,
    SectionSummary,
)
from generator.breakdowns import Breakdowns
from generator.catalog import Catalog
from generator.lists import CASES, Lists, case_rows, problem_rows, problem_source
from generator.markup import front_matter
from generator.pages.common import (
    Chart,
    ChartView,
    CountRow,
    ReasonsView,
    YearRow,
    chart,
    count_rows,
    item_table,
    page_label,
    plural,
    reasons_view,
    year_rows,
    years_chart,
)
from generator.pages.entities import Made
from generator.pages.listing import QUALITY_ROWS, ListSpec, plan
from generator.pages.tables import (
    CaseRowView,
    ItemsTable,
    PageLink,
    PeriodLink,
    ProblemRowView,
    case_row_views,
    problem_row_views,
)
from generator.published import MEASURES, PUBLISHERS, load_published
from generator.render import Page
from generator.urls import (
    drug_url,
    kind_url,
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


# -- drugs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrugRow:
    label: str
    url: str
    brands: str
    outcomes: Outcomes


@dataclass(frozen=True)
class DrugClassGroup:
    slug: str
    label: str
    drugs: tuple[DrugRow, ...]


@dataclass(frozen=True)
class DrugsIndexContext:
    front_matter: str
    intro: str
    outcome_chart: ChartView | None
    classes: tuple[DrugClassGroup, ...]


def drugs_index(corpus: Corpus, catalog: Catalog) -> Made:
    here = "drugs/"
    by_class: dict[str, list[DrugRow]] = defaultdict(list)
    for slug, summary in corpus.drugs.items():
        info = summary.info
        by_class[info.drug_class or "unclassified"].append(
            DrugRow(
                info.generic,
                relative(here, drug_url(slug)),
                ", ".join(info.brands),
                summary.outcomes,
            )
        )
    classes = [
        DrugClassGroup(
            slugify(key),
            catalog.class_label(key),
            tuple(sorted(rows, key=lambda r: (-r.outcomes.total, r.label))),
        )
        for key, rows in by_class.items()
    ]
    classes.sort(key=lambda c: c.label.lower())
    ranked = sorted(corpus.drugs.values(), key=lambda s: (-s.outcomes.total, s.info.generic))
    made, view = chart(
        "index", "drugs", "Most-disputed drugs", [(s.info.generic, s.outcomes) for s in ranked],
        here,
    )  # fmt: skip
    intro = (
        f"{len(corpus.drugs)} drugs were disputed in these letters. Each has a page with its "
        "outcomes, the strengths and quantities requested, the guideline sections cited and "
        "every item. A compound is listed under each of its ingredients."
    )
    context = DrugsIndexContext(
        front_matter(_meta("Drugs", "Drugs decided by IMR, by class")), intro, view,
        tuple(classes),
    )  # fmt: skip
    return Made(Page(here, "drugs_index.md.j2", context), made)


# -- guidelines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionRow:
    title: str
    url: str
    pages: str
    outcomes: Outcomes
    maximus: int
    claims_administrator: int


@dataclass(frozen=True)
class DocumentGroup:
    slug: str
    title: str
    url: str
    sections: tuple[SectionRow, ...]


@dataclass(frozen=True)
class GuidelinesIndexContext:
    front_matter: str
    intro: str
    outcome_chart: ChartView | None
    documents: tuple[DocumentGroup, ...]


@dataclass(frozen=True)
class DocumentContext:
    front_matter: str
    title: str
    guideline: str
    sections: tuple[SectionRow, ...]
    maximus_items: ItemsTable
    ca_items: ItemsTable


def _section_row(summary: SectionSummary, here: str) -> SectionRow:
    info = summary.info
    return SectionRow(
        info.title,
        relative(here, section_url(info.document_slug, info.slug)),
        page_label(info.pages) if info.pages else "",
        summary.outcomes,
        summary.items["maximus"].count,
        summary.items["claims_administrator"].count,
    )


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


def _ranked_rows(summaries: list[SectionSummary], here: str) -> tuple[SectionRow, ...]:
    named = [s for s in summaries if s.info.slug is not None]
    ordered = sorted(named, key=lambda s: (-s.outcomes.total, s.info.title))
    return tuple(_section_row(s, here) for s in ordered)


def guidelines_index(corpus: Corpus, catalog: Catalog) -> Made:
    here = "guidelines/"
    documents = []
    for document, summaries in sorted(_documents(corpus).items()):
        documents.append(
            DocumentGroup(
                document,
                summaries[0].info.document_title,
                relative(here, section_url(document, None)),
                _ranked_rows(summaries, here),
            )
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
    context = GuidelinesIndexContext(
        front_matter(_meta("Guidelines", "Guideline sections cited in IMR")), intro, view,
        tuple(documents),
    )  # fmt: skip
    return Made(Page(here, "guidelines_index.md.j2", context), made)


def document_pages(corpus: Corpus, lists: Lists) -> list[Made]:
    made = []
    for document, summaries in sorted(_documents(corpus).items()):
        here = section_url(document, None)
        whole = next((s for s in summaries if s.info.slug is None), None)
        info = summaries[0].info
        listed = {
            role: whole.items[role] if whole else ItemList("section", (document, "", role), 0)
            for role in ("maximus", "claims_administrator")
        }
        maximus_items, maximus_list = item_table(
            lists, listed["maximus"], here, "MAXIMUS citations naming only this guideline",
            f"{here}items/", f"Items decided under {info.document_title} as a whole (MAXIMUS)",
        )  # fmt: skip
        ca_items, ca_list = item_table(
            lists, listed["claims_administrator"], here,
            "Claims Administrator citations naming only this guideline", f"{here}ca-items/",
            f"Items where the Claims Administrator cited {info.document_title} as a whole",
        )  # fmt: skip
        context = DocumentContext(
            front_matter(
                _meta(info.document_title, f"IMR decisions citing {info.document_title}", 2)
            ),
            info.document_title, info.guideline, _ranked_rows(summaries, here), maximus_items,
            ca_items,
        )  # fmt: skip
        full = tuple(spec for spec in (maximus_list, ca_list) if spec)
        made.append(Made(Page(here, "document.md.j2", context), None, full))
    return made


# -- treatment kinds and reviewer specialties ----------------------------------------------


@dataclass(frozen=True)
class GroupsIndexContext:
    front_matter: str
    title: str
    intro: str
    outcome_chart: ChartView | None
    rows: tuple[CountRow, ...]
    first_column: str
    caption: str


@dataclass(frozen=True)
class GroupContext:
    front_matter: str
    title: str
    intro: str
    outcome_chart: ChartView | None
    outcomes: Outcomes
    breakdown_title: str
    breakdown_column: str
    breakdown: tuple[CountRow, ...]
    items: ItemsTable
    reasons: ReasonsView
    years: tuple[YearRow, ...]


def _groups_page(
    here: str,
    title: str,
    intro: str,
    groups: dict[str, GroupSummary],
    url_of: Callable[[str], str],
    first_column: str,
) -> Made:
    counts = [Count(key, g.label, g.outcomes) for key, g in groups.items()]
    rows = count_rows(counts, {c.key: url_of(c.key) for c in counts}, here)
    made, view = chart(
        "index", slugify(title), f"Decisions by {first_column.lower()}",
        [(r.label, r.outcomes) for r in rows], here,
    )  # fmt: skip
    context = GroupsIndexContext(
        front_matter(_meta(title, intro)), title, intro, view, rows, first_column,
        f"Items by {first_column.lower()}",
    )  # fmt: skip
    return Made(Page(here, "groups_index.md.j2", context), made)


def _group_page(
    group: GroupSummary,
    here: str,
    chart_kind: str,
    intro: str,
    column: str,
    urls: dict[str, str],
    lists: Lists,
    more: tuple[Breakdowns, Catalog, str],
) -> Made:
    rows = count_rows(group.breakdown, urls, here)
    made, view = chart(
        chart_kind, slugify(group.key), f"Decisions: {group.label}",
        [(r.label, r.outcomes) for r in rows], here,
    )  # fmt: skip
    items, full = item_table(
        lists, group.items, here, "Every item", f"{here}items/", f"Items: {group.label}"
    )
    found, catalog, kind = more
    reasons = reasons_view(
        found.reasons_of(kind, group.key), group.outcomes,
        found.unassigned.get((kind, group.key), Outcomes()), catalog, here,
    )  # fmt: skip
    context = GroupContext(
        front_matter(_meta(group.label, intro, 2)), group.label, intro, view, group.outcomes,
        f"By {column.lower()}", column, rows, items, reasons,
        year_rows(found.years_of(kind, group.key)),
    )  # fmt: skip
    return Made(Page(here, "group.md.j2", context), made, (full,) if full else ())


def kind_pages(corpus: Corpus, lists: Lists, found: Breakdowns, catalog: Catalog) -> list[Made]:
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
            f"{plural(group.letters, 'letter')}, by the state's request category."
        )
        made.append(
            _group_page(
                group,
                kind_url(kind),
                "treatments",
                intro,
                "Category",
                {},
                lists,
                (found, catalog, "kind"),
            )
        )
    return made


def specialty_pages(
    corpus: Corpus, lists: Lists, found: Breakdowns, catalog: Catalog
) -> list[Made]:
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
            f"{plural(group.outcomes.total, 'item')} in {plural(group.letters, 'letter')} "
            f"were decided by a reviewer certified in {group.label}."
        )
        made.append(
            _group_page(
                group,
                specialty_url(slug),
                "specialties",
                intro,
                "Kind",
                kind_urls,
                lists,
                (found, catalog, "specialty"),
            )
        )
    return made


# -- cases -------------------------------------------------------------------------------------

# Cases the cases index lists itself, newest first; the rest are on their period's page.
RECENT_CASES = 50


@dataclass(frozen=True)
class CasesIndexContext:
    front_matter: str
    intro: str
    cases: tuple[CaseRowView, ...]
    dated: bool
    periods: tuple[PeriodLink, ...]


def cases_index(corpus: Corpus, lists: Lists) -> Made:
    """The newest cases, and every case on a page for its year (or month) of decision
    (``cases/by-date/<yyyy>/``, see pages/listing.py)."""
    here = "cases/"
    shown = case_rows(lists.newest(CASES, RECENT_CASES))
    dated = any(c.decision_date for c in shown)
    total = corpus.cases
    spec = None
    if total > RECENT_CASES:
        intro = (
            f"{total} determinations. The {RECENT_CASES} most recent are below; every "
            "case is listed on the page for its year (or, in a busy year, month) of decision."
        )
        spec = ListSpec("cases", CASES, here, "cases/by-date/", "Cases", "case", size=total)
    else:
        intro = f"All {total} determinations. Click a column heading to sort."
    meta = _meta("Cases", "Every IMR determination on this site", 1, wide=True)
    context = CasesIndexContext(
        front_matter(meta), intro, case_row_views(shown, here), dated,
        plan(lists, spec).periods if spec else (),
    )  # fmt: skip
    return Made(Page(here, "cases_index.md.j2", context), None, (spec,) if spec else ())


# -- data quality ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FailureRow:
    name: str
    reason: str


@dataclass(frozen=True)
class ProblemsView:
    """A Data quality list: its first rows, how many there are, its numbered pages."""

    rows: tuple[ProblemRowView, ...]
    total: int
    pages: tuple[PageLink, ...]


@dataclass(frozen=True)
class IntakeRow:
    """The letters of one file type or layout: read, parsed, rejected and why."""

    label: str
    read: int
    parsed: int
    rejected: int
    reasons: str


@dataclass(frozen=True)
class QualityContext:
    intake: tuple[IntakeRow, ...]
    front_matter: str
    intro: str
    totals: tuple[tuple[str, int], ...]
    failures: tuple[FailureRow, ...]
    failures_total: int
    unresolved: ProblemsView
    warnings: ProblemsView
    notes: ProblemsView


_QUALITY_LISTS = (
    ("unresolved", "Citations not matched to a guideline section"),
    ("warnings", "Warnings"),
    ("notes", "Notes"),
)


def quality_page(corpus: Corpus, lists: Lists) -> Made:
    here = "quality/"
    problems = corpus.problems
    totals = (
        ("Letters read", corpus.cases + len(corpus.failures)),
        ("Letters that could not be read", len(corpus.failures)),
        ("Items", corpus.outcomes.total),
        ("Items with an unknown decision", corpus.outcomes.unknown),
        ("Citations not matched to a section", problems["unresolved"].count),
        ("Warnings", problems["warnings"].count),
        ("Notes", problems["notes"].count),
    )
    intro = (
        "What the generator could not read or match. Nothing here is guessed: an unmatched "
        "citation keeps its words on the case page; a letter that could not be read is named "
        "with the reason."
    )
    views: dict[str, ProblemsView] = {}
    specs = []
    for key, title in _QUALITY_LISTS:
        views[key], spec = _bounded_problems(problems[key], title, here, lists)
        if spec:
            specs.append(spec)
    failures = tuple(FailureRow(n, r) for n, r in corpus.failures[:QUALITY_ROWS])
    meta = _meta("Data quality", "Letters, citations and items the generator could not fully "
                 "read", 0.5)  # fmt: skip
    context = QualityContext(
        _intake_rows(corpus),
        front_matter(meta), intro, totals, failures, len(corpus.failures), views["unresolved"],
        views["warnings"], views["notes"],
    )  # fmt: skip
    return Made(Page(here, "quality.md.j2", context), None, tuple(specs))


def _intake_rows(corpus: Corpus) -> tuple[IntakeRow, ...]:
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
            IntakeRow(
                label, group.read, group.parsed, sum(group.rejected.values()), group.reasons()
            )
        )
    return tuple(rows)


def _bounded_problems(
    problems: ProblemList, title: str, here: str, lists: Lists
) -> tuple[ProblemsView, ListSpec | None]:
    """A Data quality list: its first ``QUALITY_ROWS`` rows and, when there are more, every row
    on numbered pages ``quality/<key>/<n>/`` (``listing.plan``)."""
    source = problem_source(problems)
    rows = problem_row_views(problem_rows(lists.newest(source, QUALITY_ROWS)), here)
    if problems.count <= QUALITY_ROWS:
        return ProblemsView(rows, problems.count, ()), None
    spec = ListSpec("problems", source, here, f"quality/{problems.key}/", title, "row",
                    size=problems.count)  # fmt: skip
    links = plan(lists, spec).periods[0].pages
    return ProblemsView(rows, problems.count, links), spec


# -- home ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedView:
    value: str  # "12.7% (2024)"
    publisher: str
    source: int  # its number in the list of sources under the panel


@dataclass(frozen=True)
class ComparisonRow:
    measure: str
    here: str
    published: tuple[PublishedView, ...]


@dataclass(frozen=True)
class SourceView:
    number: int
    publisher: str
    title: str
    published: int
    url: str
    quote: str
    note: str


@dataclass(frozen=True)
class HomeContext:
    figures: tuple[tuple[str, object], ...]
    drug_chart: ChartView | None
    section_chart: ChartView | None
    years_chart: ChartView | None
    comparison: tuple[ComparisonRow, ...]
    sources: tuple[SourceView, ...]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _comparison(corpus: Corpus) -> tuple[tuple[ComparisonRow, ...], tuple[SourceView, ...]]:
    """This collection's figures beside the published ones (``lexicons/published.yaml``), each
    published figure numbered with its source."""
    o = corpus.outcomes
    drugs = corpus.kinds["drug"].outcomes.total if "drug" in corpus.kinds else 0
    opioids = corpus.drug_classes.get("opioid", 0)
    dated = {y: n for y, n in corpus.letters_by_year.items() if y != "undated"}
    span = f", decided {min(dated)}–{max(dated)}" if dated else ""
    busiest = max(dated.items(), key=lambda kv: (kv[1], kv[0])) if dated else None
    here = {
        "overturned_share": f"{_percent(o.overturned, o.total)} of {o.total:,} items",
        "upheld_share": f"{_percent(o.upheld, o.total)} of {o.total:,} items",
        "drug_share": f"{_percent(drugs, o.total)} ({drugs:,} items)",
        "opioid_share_of_drugs": f"{_percent(opioids, drugs)} ({opioids:,} items)",
        "letters_per_year": f"{corpus.cases:,} letters in all{span}"
        + (f"; the most in one year: {busiest[1]:,} ({busiest[0]})" if busiest else ""),
    }
    sources: dict[tuple[str, str], SourceView] = {}
    rows = []
    for measure, label in MEASURES.items():
        shown = []
        for f in (f for f in load_published() if f.measure == measure):
            key = (f.url, f.title)
            if key not in sources:
                sources[key] = SourceView(len(sources) + 1, PUBLISHERS[f.publisher], f.title,
                                          f.published, f.url, f.quote, f.caveat)  # fmt: skip
            value = f"{f.value:,.0f}" if measure == "letters_per_year" else f"{f.value:g}%"
            shown.append(PublishedView(f"{value} ({f.period})", f.publisher,
                                       sources[key].number))  # fmt: skip
        rows.append(ComparisonRow(label, here[measure], tuple(shown)))
    return tuple(rows), tuple(sources.values())


def home_snippet(corpus: Corpus, found: Breakdowns) -> tuple[Page, list[Chart]]:
    """The figures on the home page, included by docs/index.md (hand-written)."""
    here = ""
    o = corpus.outcomes
    share = f"{round(100 * o.upheld / o.total)}%" if o.total else "-"
    ranked_drugs = sorted(corpus.drugs.values(), key=lambda s: (-s.outcomes.total, s.info.generic))
    named = [s for s in corpus.sections.values() if s.info.slug is not None]
    ranked_sections = sorted(named, key=lambda s: (-s.outcomes.total, s.info.title))
    figures = (
        ("Letters", corpus.cases),
        ("Items decided", o.total),
        ("Upheld (denial stood)", f"{o.upheld} ({share})"),
        ("Overturned (found medically necessary)", o.overturned),
        ("Drugs", len(corpus.drugs)),
        ("Guideline sections cited", len(named)),
    )
    drug_chart, drug_view = chart(
        "home", "drugs", "Top drugs", [(s.info.generic, s.outcomes) for s in ranked_drugs[:8]], here
    )
    section_chart, section_view = chart(
        "home", "sections", "Top guideline sections (MAXIMUS)",
        [(_section_label(s), s.outcomes) for s in ranked_sections[:8]], here,
    )  # fmt: skip
    years_made, years_view = years_chart(
        "home", "years", "Decisions by year", found.years_of("all", ""), here
    )
    charts = [c for c in (drug_chart, section_chart, years_made) if c is not None]
    comparison, sources = _comparison(corpus)
    context = HomeContext(figures, drug_view, section_view, years_view, comparison, sources)
    return Page("_snippets/home", "home_snippet.md.j2", context), charts
