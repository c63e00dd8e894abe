"""Resolution rates (``nox -s quality``): how much of what was decided the lexicons name.

Over three corpora:
1. source_texts/ (the site's letters) and 2. ../shared/real_letters/txt (146 published letters):
   drug items resolved to a generic (or only to a class), items of no known kind, and MAXIMUS and
   Claims Administrator citations resolved to a section, to a document only, or not at all.
3. The mixed test corpus: every row of tests/data/item_strings.yaml and
   tests/data/citation_strings.yaml, resolved and compared with its expected answer: resolved
   share and wrong resolutions (must be 0).

Targets (issue "normalize"): >= 98% of drug items to a generic, >= 95% of citations to a
section, 0 wrong. A citation that cites no evidence ("did not cite any medical evidence") or a
free-text source (a web page, a drug monograph) names no guideline section and is counted apart.

Usage: python benchmarks/resolution.py [--real DIR]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import guidelines as G  # noqa: E402
from generator import treatments as T  # noqa: E402
from generator.normalize import Normalizer  # noqa: E402
from generator.pipeline import parse_paths  # noqa: E402


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def letters(name: str, folder: Path, normalizer: Normalizer) -> None:
    if not folder.is_dir():
        print(f"{name}: {folder} not present, skipped")
        return
    items = Counter[str]()
    left: list[str] = []
    cites: dict[str, Counter[str]] = {"maximus": Counter(), "claims_administrator": Counter()}
    for outcome in parse_paths([folder], normalizer):
        if outcome.record is None:
            items["letter failed"] += 1
            continue
        for issue in outcome.record.issues:
            t = issue.treatment
            items["items"] += 1
            items["kind"] += t.kind not in (None, "other")
            items["category"] += t.category is not None
            items["kind or category"] += t.kind not in (None, "other") or t.category is not None
            where = f"{outcome.record.id} item {issue.index}: {issue.item!r}"
            if t.kind == "drug":
                items["drug"] += 1
                items["drug, generic" if t.generics else "drug, class only"] += 1
                if not t.generics and not t.drug_class:
                    items["drug, neither"] += 1
                    left.append(f"drug with no generic or class: {where}")
            elif t.kind == "other" and t.category is None:
                items["no kind"] += 1
                left.append(f"no kind or category: {where}")
            for role, counter in cites.items():
                for c in issue.citations[role]:
                    if c.guideline == "none":
                        counter["no evidence cited"] += 1
                    elif c.guideline == "other" and c.document_slug is None:
                        counter["free text"] += 1
                    else:
                        counter["guideline"] += 1
                        counter[("section" if c.slug else "document only")
                                if c.document_slug else "unresolved"] += 1  # fmt: skip
    drugs = items["drug"]
    print(
        f"{name}: {items['items']} items; drug items {drugs}: to a generic "
        f"{items['drug, generic']} ({_pct(items['drug, generic'], drugs)}), class only "
        f"{items['drug, class only']}; items of no kind {items['no kind']}"
    )
    n = items["items"]
    print(
        f"  items with a kind other than 'other' or a state category: "
        f"{items['kind or category']}/{n} ({_pct(items['kind or category'], n)}) [target >= 99%]; "
        f"with a kind {items['kind']} ({_pct(items['kind'], n)}), with a state category "
        f"{items['category']} ({_pct(items['category'], n)})"
    )
    with_either = drugs - items["drug, neither"]
    print(
        f"  drug items with a generic or a class: {with_either}/{drugs} "
        f"({_pct(with_either, drugs)}) [target 100%]"
    )
    for line in left:
        print(f"  LEFT: {line}")
    for role, c in cites.items():
        n = c["guideline"]
        print(
            f"  {role} citations naming a guideline {n}: to a section {c['section']} "
            f"({_pct(c['section'], n)}), document only {c['document only']} "
            f"({_pct(c['document only'], n)}), unresolved {c['unresolved']}; also "
            f"{c['no evidence cited']} citing no evidence, {c['free text']} free-text sources"
        )


def test_corpus() -> None:
    lexicon = T.load_lexicon()
    rows: list[dict[str, Any]] = yaml.safe_load(
        (ROOT / "tests/data/item_strings.yaml").read_text(encoding="utf-8")
    )
    wrong, drugs, resolved = [], 0, 0
    for row in rows:
        facts = T.resolve_treatment(row["text"], lexicon)
        if row["kind"] == "drug":
            drugs += 1
            resolved += bool(facts.generics) or facts.drug_class is not None
        if facts.kind != row["kind"] or list(facts.generics) != list(row.get("generics", [])):
            wrong.append(row["text"])
    print(
        f"test corpus items: {len(rows)} strings, {drugs} drugs, resolved {resolved} "
        f"({_pct(resolved, drugs)}), wrong {len(wrong)}"
    )
    lex = G.load_guidelines()
    data = yaml.safe_load((ROOT / "tests/data/citation_strings.yaml").read_text(encoding="utf-8"))
    bad, to_section, named = [], 0, 0
    for row in data["rows"]:
        q, expect = row["query"], row["expect"]
        query = G.CitationQuery(
            guideline=q.get("guideline"), document=q.get("document"), edition=q.get("edition"),
            section=q.get("section"), pages=tuple(tuple(p) for p in q.get("pages") or ()),
            text=q["text"], context=q.get("context", ""),
        )  # fmt: skip
        result = G.resolve_citation(query, lex)
        if expect.get("section"):
            named += 1
            to_section += result.section_slug == expect["section"]
        if (result.document_slug, result.section_slug) != (expect.get("document"),
                                                           expect.get("section")):  # fmt: skip
            bad.append(q["text"])
    print(
        f"test corpus citations: {len(data['rows'])} strings, {named} naming a section, "
        f"resolved to it {to_section} ({_pct(to_section, named)}), wrong {len(bad)}"
    )
    for text in wrong + bad:
        print(f"  WRONG: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared/real_letters/txt")
    args = parser.parse_args()
    normalizer = Normalizer.load()
    letters("source_texts", ROOT / "source_texts", normalizer)
    letters("real letters", args.real, normalizer)
    test_corpus()


if __name__ == "__main__":
    main()
