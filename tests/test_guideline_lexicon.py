"""Integrity of the guideline lexicon (generator/lexicons/guidelines.yaml), after reporters-db's
tests: the schema loads, slugs are unique and url-safe, every name points to one section, page
ranges are ordered and inside their document, and every listed example resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.guidelines import (
    CONFIDENCE,
    GUIDELINES,
    CitationQuery,
    GuidelineLexicon,
    LexiconError,
    load_guidelines,
    normalize_name,
    resolve_citation,
)

REFERENCE = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "guidelines_research.yaml"
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def lex() -> GuidelineLexicon:
    return load_guidelines()


def test_loads_with_the_documents_letters_cite(lex: GuidelineLexicon) -> None:
    slugs = {d.slug for d in lex.documents}
    assert {
        "mtus-chronic-pain", "mtus-opioid-treatment", "mtus-acupuncture", "mtus-postsurgical",
        "acoem-general-approaches", "acoem-neck-and-upper-back-complaints",
        "acoem-shoulder-complaints", "acoem-elbow-disorders",
        "acoem-forearm-wrist-and-hand-complaints", "acoem-low-back-complaints",
        "acoem-knee-complaints", "acoem-ankle-and-foot-complaints",
        "acoem-stress-related-conditions", "acoem-eye", "acoem-low-back-disorders",
        "odg-pain", "odg-low-back", "odg-neck-and-upper-back", "odg-knee-and-leg", "odg-shoulder",
        "odg-hip-and-pelvis", "odg-head", "odg-forearm-wrist-and-hand",
        "odg-carpal-tunnel-syndrome", "odg-elbow", "odg-ankle-and-foot",
        "odg-mental-illness-and-stress", "odg-hernia",
    } <= slugs  # fmt: skip
    assert sum(len(d.sections) for d in lex.documents) >= 300


def test_document_fields(lex: GuidelineLexicon) -> None:
    for doc in lex.documents:
        assert doc.guideline in GUIDELINES, doc.slug
        assert doc.source.strip(), doc.slug
        assert doc.paginated_edition is None or doc.paginated_edition in doc.editions, doc.slug
        if doc.chapter is not None:  # ACOEM chapters are cited by number too
            assert any(normalize_name(a) == f"chapter {doc.chapter}" for a in doc.aliases), doc.slug


def test_slugs_unique_and_url_safe(lex: GuidelineLexicon) -> None:
    doc_slugs = [d.slug for d in lex.documents]
    section_slugs = [s.slug for d in lex.documents for s in d.sections]
    assert len(doc_slugs) == len(set(doc_slugs))
    assert len(section_slugs) == len(set(section_slugs)), "section slugs are unique file-wide"
    for slug in doc_slugs + section_slugs:
        assert SLUG.match(slug), slug


def test_every_name_belongs_to_one_section_of_its_document(lex: GuidelineLexicon) -> None:
    for doc in lex.documents:
        owner: dict[str, str] = {}
        for section in doc.sections:
            for name in (*section.names(), *section.keywords):
                key = normalize_name(name)
                assert key, (doc.slug, section.slug, name)
                assert owner.setdefault(key, section.slug) == section.slug, (
                    f"{doc.slug}: '{name}' names {owner[key]} and {section.slug}"
                )


def test_document_names_unique_among_documents_one_citation_can_mean(
    lex: GuidelineLexicon,
) -> None:
    owner: dict[tuple[bool, str], str] = {}
    for doc in lex.documents:
        for name in (doc.title, *doc.aliases):
            key = (doc.guideline == "ODG", normalize_name(name))
            assert owner.setdefault(key, doc.slug) == doc.slug, (name, owner[key], doc.slug)


def test_page_ranges_ordered_and_inside_the_document(lex: GuidelineLexicon) -> None:
    for doc in lex.documents:
        span = doc.span()
        for section in doc.sections:
            for start, end in section.pages + section.cited_pages:
                assert 1 <= start <= end, (doc.slug, section.slug)
                if span is not None:
                    assert span[0] <= start and end <= span[1], (doc.slug, section.slug, span)
            if section.pages or section.cited_pages:
                assert doc.paginated_edition, f"{doc.slug} has pages but no paginated_edition"


def test_parents_precede_children(lex: GuidelineLexicon) -> None:
    for doc in lex.documents:
        seen: set[str] = set()
        for section in doc.sections:
            assert section.parent is None or section.parent in seen, (doc.slug, section.slug)
            seen.add(section.slug)


def test_every_section_says_where_it_came_from(lex: GuidelineLexicon) -> None:
    for doc in lex.documents:
        for section in doc.sections:
            assert section.confidence in CONFIDENCE, section.slug
            assert section.source.strip(), section.slug
            if section.confidence == "corpus":  # the letters confirm it: say which
                assert re.search(r"seed|letters", section.source), section.slug
            if section.editions:
                assert set(section.editions) <= set(doc.editions), section.slug


@pytest.mark.parametrize(
    ("slug", "pages"),
    [
        # Confirmed by the seeds and the reference's README ("Checked since").
        ("benzodiazepines", [(24, 24)]),
        ("muscle-relaxants-for-pain", [(63, 66)]),
        ("topical-analgesics", [(111, 113)]),
        ("opioids-criteria-for-use", [(76, 80)]),
        ("opioids-on-going-management", [(78, 78)]),
        ("opioids-long-term-assessment", [(88, 89)]),
        ("nsaids-gi-symptoms-and-cardiovascular-risk", [(68, 69)]),
        ("tramadol", [(93, 94), (113, 113)]),
    ],
)
def test_confirmed_page_ranges(
    lex: GuidelineLexicon, slug: str, pages: list[tuple[int, int]]
) -> None:
    assert list(lex.document("mtus-chronic-pain").section(slug).pages) == pages


def test_cited_ranges_the_letters_use(lex: GuidelineLexicon) -> None:
    doc = lex.document("mtus-chronic-pain")
    assert (74, 82) in doc.section("opioids-on-going-management").cited_pages
    assert (111, 112) in doc.section("topical-analgesics").cited_pages
    assert (68, 68) in doc.section("nsaids-gi-symptoms-and-cardiovascular-risk").cited_pages


def test_examples_resolve(lex: GuidelineLexicon) -> None:
    count = 0
    for doc in lex.documents:
        for example in doc.examples:
            query = CitationQuery(None, None, None, None, example.pages, example.text)
            result = resolve_citation(query, lex)
            assert (result.document_slug, result.section_slug) == (doc.slug, example.section), (
                example.text,
                result,
            )
            count += 1
    assert count >= 10


@pytest.mark.skipif(not REFERENCE.is_file(), reason="../shared/reference is not present")
def test_every_reference_section_has_a_name_in_the_lexicon(lex: GuidelineLexicon) -> None:
    """Every Chronic Pain entry the research lists is reachable by its title or an alias."""
    doc = lex.document("mtus-chronic-pain")
    names = {normalize_name(n) for s in doc.sections for n in (*s.names(), *s.keywords)}
    reference = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    for entry in reference["mtus_chronic_pain_2009"]["sections"]:
        candidates = [entry["title"], *entry["aliases"]]
        assert any(normalize_name(c) in names for c in candidates), entry["slug"]


# --- malformed lexicons fail loudly, naming the entry ---------------------------------------

_GOOD = """\
version: 1
guidelines:
  - {name: MTUS, aliases: [MTUS]}
documents:
  - slug: doc
    guideline: MTUS
    publisher: DWC
    title: A Guideline
    editions: ['2009']
    paginated_edition: '2009'
    total_pages: 10
    sections_name_document: true
    aliases: [A Guideline]
    source: test
    sections:
      - {slug: one, title: One, pages: [[1, 2]], aliases: [First], confidence: guess, source: t}
      - {slug: two, title: Two, pages: [[3, 4]], aliases: [Second], confidence: guess, source: t}
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("slug: two", "slug: one"), "slug is used twice"),
        (("slug: two", "slug: Two_2"), "not url-safe"),
        (("[[3, 4]]", "[[4, 3]]"), "not ordered"),
        (("[[3, 4]]", "[[3, 12]]"), "outside the document"),
        (("aliases: [Second]", "aliases: [first]"), "also names section 'one'"),
        (("confidence: guess, source: t}\n", "confidence: sure, source: t}\n"), "confidence"),
        (("publisher: DWC", "publisher: DWC\n    colour: red"), "unknown keys"),
        (("guideline: MTUS", "guideline: NICE"), "guideline 'NICE'"),
        (("title: Two,", "parent: nowhere, title: Two,"), "parent 'nowhere'"),
    ],
)
def test_malformed_lexicon_raises(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    path = tmp_path / "guidelines.yaml"
    old, new = change
    assert old in _GOOD
    path.write_text(_GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=re.escape(message)) as err:
        load_guidelines(path)
    assert str(path) in str(err.value)


def test_well_formed_small_lexicon_loads(tmp_path: Path) -> None:
    path = tmp_path / "guidelines.yaml"
    path.write_text(_GOOD, encoding="utf-8")
    assert [s.slug for s in load_guidelines(path).document("doc").sections] == ["one", "two"]


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot read"):
        load_guidelines(tmp_path / "absent.yaml")
