"""Normalization: resolve each record's names against the lexicons (passed in, never global).

- treatments: drug (generic, class, brand) or treatment kind, with the state's request
  category (``treatments.resolve_treatment``);
- citations: canonical guideline document and section (``guidelines.resolve_citation``),
  a section list split into one citation per section;
- reviewer specialties: one spelling each (``lexicons/specialties.yaml``);
- reasons: why each item was upheld or overturned, from its rationale, by the named rules of
  ``reasons.py`` (``lexicons/reasons.yaml``), with the matched words' spans in the letter's text;
- personal identifiers: text that looks like one (a social security or phone number, an e-mail
  or street address, a claim number, ...) is a warning naming its kind and place
  (``privacy.py``).

What cannot be resolved is kept with its words. An item that resolves to nothing and a MAXIMUS
citation of a guideline that matches nothing are warnings (gaps ``--strict`` fails on);
observations a reader should see that are not doubts about the reading become notes: a
rationale that discusses another drug than its item, a request naming only a drug class, a
free-text source, the resolver's remarks (a mislabelled document, pages outside it), a Claims
Administrator citation left unmatched.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from generator import guidelines as G
from generator import patterns as P
from generator import privacy, yamlio
from generator import reasons as R
from generator import treatments as T
from generator.catalog import Catalog, DrugInfo, ReasonInfo, SectionInfo
from generator.errors import GeneratorError
from generator.model import Citation, Determination, Issue, note, warning

LEXICONS = Path(__file__).resolve().parent / "lexicons"

ROLES = ("claims_administrator", "maximus")
# Resolutions a normalizer remembers before it starts again (a bound on a worker's memory).
_RESOLVED_KEPT = 50_000


def load_specialties(path: Path = LEXICONS / "specialties.yaml") -> dict[str, str]:
    """Lower-cased spelling -> canonical specialty name."""
    data = yamlio.load(path.read_text(encoding="utf-8"))
    mapping: dict[str, str] = {}
    for canonical, variants in data["specialties"].items():
        for name in (canonical, *(variants or [])):
            key = " ".join(name.lower().split())
            if key in mapping and mapping[key] != canonical:
                raise GeneratorError(f"{path}: {name!r} maps to {mapping[key]!r} and {canonical!r}")
            mapping[key] = canonical
    return mapping


def _first_sentence(text: str) -> str:
    return P.SENTENCE_SPLIT.split(text, maxsplit=1)[0] if text else ""


@dataclass
class Normalizer:
    drugs: T.Lexicon
    guidelines: G.GuidelineLexicon
    specialties: dict[str, str]
    reasons: R.ReasonRules
    # Lookups the rationale check makes for every drug item, built once.
    _generic_by_slug: dict[str, str] = field(init=False, repr=False)
    _slug_by_generic: dict[str, str] = field(init=False, repr=False)
    _resolved: dict[G.CitationQuery, G.Resolution] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._resolved = {}
        self._generic_by_slug = {d.slug: d.generic for d in self.drugs.drugs}
        self._slug_by_generic = {}
        for drug in self.drugs.drugs:  # the first entry of a generic, as listed
            self._slug_by_generic.setdefault(drug.generic, drug.slug)

    @classmethod
    def load(cls) -> Normalizer:
        return cls(T.load_lexicon(), G.load_guidelines(), load_specialties(), R.load_reasons())

    # -- treatments ---------------------------------------------------------------------------

    def _treatment(self, issue: Issue) -> None:
        facts = T.resolve_treatment(issue.item, self.drugs)
        treatment = issue.treatment
        for name in (
            "kind", "category", "subcategory", "drug_class", "slug", "brand", "strength", "form",
            "quantity", "refills", "frequency", "sessions", "body_part", "side", "relation",
        ):  # fmt: skip
            setattr(treatment, name, getattr(facts, name))
        treatment.generics = list(facts.generics)
        issue.diagnostics += facts.diagnostics
        # Only a named drug can be compared with the rationale's: a class-only request ("Consider
        # LAO") has a class slug, which is no drug entry.
        if facts.kind == "drug" and facts.generics:
            self._check_rationale(issue, facts)

    def _check_rationale(self, issue: Issue, facts: T.TreatmentFacts) -> None:
        """Note a rationale written about another drug than its item: one that restates the
        request as another drug (seed 001: the Ultram item's rationale says "The request is for
        BACLOFEN 10 MG #90"), or that names drugs but never the item's own."""
        own = {facts.slug} | {self._slug_of(g) for g in facts.generics}
        restated = P.REQUEST_FOR.search(issue.rationale)
        named = T.mentioned_drugs(restated.group("what"), self.drugs) if restated else set()
        mentioned = T.mentioned_drugs(issue.rationale, self.drugs)
        if named and not named & own:
            others = named
        elif mentioned and not mentioned & own and not self._same_generic(mentioned, own):
            others = mentioned
        else:
            return
        names = ", ".join(sorted(self.drugs.drug(s).generic for s in others))
        item = facts.brand or (facts.generics[0] if facts.generics else issue.item)
        text = f"the rationale discusses {names}, not the item's {item}"
        issue.diagnostics.append(note("rationale-other-drug", text, issue.rationale_span))

    def _slug_of(self, generic: str) -> str | None:
        return self._slug_by_generic.get(generic.lower())

    def _same_generic(self, slugs: set[str], own: set[str | None]) -> bool:
        """Topical and oral entries of one generic (diclofenac) count as the same drug."""
        known = self._generic_by_slug
        generics = {known[s] for s in slugs if s in known}
        return bool(generics & {known[s] for s in own if s in known})

    # -- citations ----------------------------------------------------------------------------

    def _citations(self, issue: Issue) -> None:
        context = _first_sentence(issue.rationale)
        for role in ROLES:
            resolved: list[Citation] = []
            for citation in issue.citations.get(role, []):
                for part in self._split(citation):
                    resolved.append(self._resolve(part, context, issue, role))
            issue.citations[role] = resolved

    def _split(self, citation: Citation) -> list[Citation]:
        if not citation.section or "," not in citation.section:
            return [citation]
        parts = G.split_sections(citation.section, self.guidelines)
        if len(parts) <= 1:
            return [citation]
        split = [dataclasses.replace(citation, section=part) for part in parts]
        # Split only a list of sections the lexicon knows; words it knows none of ("Web
        # Version, Criteria for ...") stay one citation, listed once where unmatched.
        if not any(self._probe(part).section_slug for part in split):
            return [citation]
        return split

    def _query(self, citation: Citation, context: str = "") -> G.CitationQuery:
        return G.CitationQuery(
            guideline=citation.guideline,
            document=citation.document,
            edition=citation.edition,
            section=citation.section,
            pages=citation.pages,
            text=citation.text,
            context=context,
        )

    def _resolution(self, query: G.CitationQuery) -> G.Resolution:
        """``resolve_citation``, remembered by the citation's own words: letters repeat their
        citations word for word (the 146 published letters' 840 citations have 319 texts), and a
        resolution depends on the query and the lexicon alone (both immutable). The rationale's
        first sentence (``context``) is read only for a citation that gives pages, so it is in
        the key only then: keyed by it, no real citation would repeat."""
        key = query if query.pages else dataclasses.replace(query, context="")
        found = self._resolved.get(key)
        if found is None:
            if len(self._resolved) >= _RESOLVED_KEPT:
                self._resolved.clear()
            found = self._resolved[key] = G.resolve_citation(key, self.guidelines)
        return found

    def _probe(self, citation: Citation) -> G.Resolution:
        return self._resolution(self._query(citation))

    def _resolve(self, citation: Citation, context: str, issue: Issue, role: str) -> Citation:
        result = self._resolution(self._query(citation, context))
        who = "MAXIMUS" if role == "maximus" else "Claims Administrator"
        quoted = f"{who} citation {citation.text!r}"
        found = issue.diagnostics
        span = citation.span
        if result.method == "none" and citation.guideline != "none":
            if citation.guideline == "other":
                text = f"{quoted} is a free-text source, not a guideline section"
                found.append(note("citation-free-text", text, span))
            elif result.vague:
                # The letter names no chapter or document: vague, but read as written.
                found.append(note("citation-vague", f"{quoted} names no guideline chapter", span))
            elif role == "maximus":
                # The decision's own basis left unmatched: a lexicon gap worth failing --strict.
                text = f"{quoted} not matched to a guideline"
                found.append(warning("citation-unmatched", text, span))
            else:
                text = f"{quoted} not matched to a guideline"
                found.append(note("citation-unmatched", text, span))
        # The resolver's explanations (a mislabelled document, pages outside it, several
        # sections named) are for readers of the case page, not doubts about the reading.
        found += [note("citation-remark", f"{quoted}: {m}", span) for m in result.remarks]
        return dataclasses.replace(
            citation,
            section_title=result.section,
            slug=result.section_slug,
            document_slug=result.document_slug,
            document_title=result.document,
            resolution=result.method,
        )

    # -- reviewer -----------------------------------------------------------------------------

    def _reviewer(self, record: Determination) -> None:
        def canonical(names: tuple[str, ...]) -> tuple[str, ...]:
            out: list[str] = []
            for name in names:
                key = " ".join(name.lower().split())
                value = self.specialties.get(key)
                if value is None:
                    text = f"specialty {name!r} is not in the specialty list"
                    record.diagnostics.append(note("specialty-unlisted", text))
                    value = name
                if value not in out:
                    out.append(value)
            return tuple(out)

        reviewer = record.reviewer
        record.reviewer = dataclasses.replace(
            reviewer,
            specialties=canonical(reviewer.specialties),
            subspecialties=canonical(reviewer.subspecialties),
        )

    # -- reasons ------------------------------------------------------------------------------

    def _reasons(self, record: Determination, issue: Issue) -> None:
        """The item's reasons, read from its rationale as the cleaned text holds it, so that the
        evidence spans point into ``record.text`` like every other span."""
        start, end = issue.rationale_span
        kind = issue.treatment.kind
        issue.reasons = R.assign_reasons(
            record.text[start:end], issue.decision, kind, self.reasons, offset=start
        )

    def normalize(self, record: Determination) -> Determination:
        """Resolve a parsed record in place (and return it)."""
        self._reviewer(record)
        for issue in record.issues:
            self._treatment(issue)
            self._citations(issue)
            self._reasons(record, issue)
        # The letter's own words, whatever the lexicons say: a warning per identifier-like
        # passage, so that --strict stops a letter that was not redacted.
        record.diagnostics += privacy.scan(record.text)
        return record

    # -- what pages need to know --------------------------------------------------------------

    def catalog(self) -> Catalog:
        classes = self.drugs.classes
        drugs: dict[str, DrugInfo] = {}
        generic_slugs: dict[str, str] = {}
        for drug in self.drugs.drugs:
            cls = classes.get(drug.drug_class)
            drugs[drug.slug] = DrugInfo(
                slug=drug.slug,
                generic=drug.generic,
                drug_class=drug.drug_class,
                class_label=cls.label if cls else drug.drug_class,
                brands=drug.brands,
                ingredients=drug.ingredients,
            )
            # An ingredient's page is its systemic entry when there are several routes.
            if drug.generic not in generic_slugs or drug.route == "systemic":
                generic_slugs[drug.generic] = drug.slug
        for cls in classes.values():
            if cls.unspecified_slug:
                drugs[cls.unspecified_slug] = DrugInfo(
                    slug=cls.unspecified_slug,
                    generic=f"{cls.label.lower()}, unspecified",
                    drug_class=cls.key,
                    class_label=cls.label,
                    brands=(),
                    ingredients=(),
                )
        sections: dict[tuple[str, str | None], SectionInfo] = {}
        for document in self.guidelines.documents:
            sections[(document.slug, None)] = SectionInfo(
                document.slug, None, document.title, document.title, document.guideline, ()
            )
            for section in document.sections:
                sections[(document.slug, section.slug)] = SectionInfo(
                    document.slug, section.slug, section.title, document.title,
                    document.guideline, section.pages or section.cited_pages,
                )  # fmt: skip
        return Catalog(
            drugs=drugs,
            generic_slugs=generic_slugs,
            class_labels={k: c.label for k, c in classes.items()},
            kind_labels=dict(self.drugs.kind_labels),
            sections=sections,
            reasons={
                r.key: ReasonInfo(r.key, r.label, r.decision, " ".join(r.description.split()))
                for r in self.reasons.reasons
            },
        )
