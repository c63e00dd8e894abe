"""The drug and treatment lexicons are data, validated like code (after reporters-db's tests).

Schema (required keys and types), referential integrity (classes, ingredients, route siblings),
uniqueness (slugs, names), size, and that every example resolves to its own entry.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.treatments import (
    LEXICON_DIR,
    Lexicon,
    LexiconError,
    drug_names_of,
    load_lexicon,
    name_tokens,
    resolve_treatment,
)

DRUGS: dict[str, Any] = yaml.safe_load((LEXICON_DIR / "drugs.yaml").read_text(encoding="utf-8"))
TREATMENTS: dict[str, Any] = yaml.safe_load(
    (LEXICON_DIR / "treatments.yaml").read_text(encoding="utf-8")
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DRUG_KEYS = {
    "generic",
    "slug",
    "class",
    "brands",
    "variants",
    "ingredients",
    "combination",
    "examples",
}
DRUG_OPTIONAL = {"route", "combination_strength", "note"}
TREATMENT_KEYS = {"key", "kind", "category", "subcategory", "slug", "label", "keywords", "examples"}
TREATMENT_OPTIONAL = {"weak", "beats_drug_with_body_part", "with_sessions", "region_from_body_part"}
# The state's request categories as the record schema describes them.
STATE_CATEGORIES = {
    "Pharmaceuticals",
    "Diagnostic Testing",
    "DMEPOS",
    "Rehabilitation",
    "Surgery",
    "Injection",
}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


# ------------------------------------------------------------------- drugs.yaml
def test_classes_schema() -> None:
    classes = DRUGS["classes"]
    assert isinstance(classes, dict) and classes
    for key, cls in classes.items():
        assert re.fullmatch(r"[a-z0-9_]+", key), key
        assert set(cls) <= {"label", "subcategory", "unspecified_slug", "keywords"}, key
        assert isinstance(cls["label"], str) and isinstance(cls["subcategory"], str), key
        assert _is_str_list(cls.get("keywords", [])), key
        if "keywords" in cls:
            assert SLUG.match(cls["unspecified_slug"]), key


@pytest.mark.parametrize("entry", DRUGS["drugs"], ids=[d["slug"] for d in DRUGS["drugs"]])
def test_drug_entry_schema(entry: dict[str, Any]) -> None:
    assert DRUG_KEYS <= set(entry) <= DRUG_KEYS | DRUG_OPTIONAL
    assert (
        isinstance(entry["generic"], str) and entry["generic"] == entry["generic"].strip().lower()
    )
    assert SLUG.match(entry["slug"])
    assert entry["class"] in DRUGS["classes"]
    for key in ("brands", "variants"):
        assert isinstance(entry[key], list) and _is_str_list(entry[key])
    assert _is_str_list(entry["ingredients"]) and entry["ingredients"]
    assert _is_str_list(entry["examples"]) and entry["examples"]
    assert entry["combination"] is (len(entry["ingredients"]) > 1)
    assert entry.get("route", "systemic") in {"systemic", "topical", "any"}
    if entry["combination"]:
        assert entry["generic"] == "/".join(entry["ingredients"]) or set(
            entry["generic"].split("/")
        ) == set(entry["ingredients"]), "a combination's generic names its ingredients"
    else:
        assert entry["ingredients"] == [entry["generic"]]


def test_slugs_unique() -> None:
    slugs = Counter(d["slug"] for d in DRUGS["drugs"])
    assert [s for s, n in slugs.items() if n > 1] == []


def test_at_least_150_generics() -> None:
    assert len({d["generic"] for d in DRUGS["drugs"]}) >= 150


def test_generic_and_route_identify_an_entry() -> None:
    pairs = Counter((d["generic"], d.get("route", "systemic")) for d in DRUGS["drugs"])
    assert [p for p, n in pairs.items() if n > 1] == []


def test_every_ingredient_is_a_generic() -> None:
    generics = {d["generic"] for d in DRUGS["drugs"]}
    unknown = {i for d in DRUGS["drugs"] for i in d["ingredients"]} - generics
    assert unknown == set()


def test_combination_strength_points_to_a_combination() -> None:
    by_slug = {d["slug"]: d for d in DRUGS["drugs"]}
    for d in DRUGS["drugs"]:
        if "combination_strength" in d:
            target = by_slug[d["combination_strength"]]
            assert target["combination"] and d["generic"] in target["ingredients"], d["slug"]


def test_no_name_claimed_by_two_drugs(lexicon: Lexicon) -> None:
    # Compared as the matcher compares them (tokens, case, punctuation and plural "s" ignored).
    owners: dict[tuple[str, ...], set[str]] = {}
    siblings = {(d.generic, d.route): d.slug for d in lexicon.drugs}
    for drug in lexicon.drugs:
        for name, _ in drug_names_of(drug, siblings):
            owners.setdefault(name_tokens(name), set()).add(drug.slug)
    for cls in lexicon.classes.values():
        for keyword in cls.keywords:
            owners.setdefault(name_tokens(keyword), set()).add(f"class:{cls.key}")
    assert {n: o for n, o in owners.items() if len(o) > 1} == {}


def test_multi_ingredient_sets_are_unique() -> None:
    sets = Counter(frozenset(d["ingredients"]) for d in DRUGS["drugs"] if d["combination"])
    assert [sorted(s) for s, n in sets.items() if n > 1] == []


def test_topical_route_entries_have_a_systemic_twin_or_own_their_generic() -> None:
    systemic = {d["generic"] for d in DRUGS["drugs"] if d.get("route", "systemic") != "topical"}
    for d in DRUGS["drugs"]:
        if d.get("route") == "topical" and d["generic"] in systemic:
            # The twin owns the bare generic; the topical entry must be reachable by a brand or
            # variant, or by the form switch from its twin.
            assert d["brands"] or d["variants"] or d["examples"], d["slug"]


@pytest.mark.parametrize("entry", DRUGS["drugs"], ids=[d["slug"] for d in DRUGS["drugs"]])
def test_drug_examples_resolve_to_their_entry(entry: dict[str, Any], lexicon: Lexicon) -> None:
    for example in entry["examples"]:
        facts = resolve_treatment(example, lexicon)
        assert (facts.kind, facts.slug) == ("drug", entry["slug"]), example
        assert facts.category == "Pharmaceuticals", example
        expected = entry["ingredients"] if entry["combination"] else [entry["generic"]]
        assert list(facts.generics) == expected, example


@pytest.mark.parametrize("key", [k for k, c in DRUGS["classes"].items() if c.get("keywords")])
def test_class_keywords_resolve_to_the_class(key: str, lexicon: Lexicon) -> None:
    cls = lexicon.classes[key]
    for keyword in cls.keywords:
        facts = resolve_treatment(keyword, lexicon)
        assert (facts.drug_class, facts.slug, facts.generics) == (key, cls.unspecified_slug, ()), (
            keyword
        )


def test_brands_are_counted() -> None:
    brands = [b for d in DRUGS["drugs"] for b in d["brands"]]
    assert len(brands) >= 300 and len(set(brands)) == len(brands)


# --------------------------------------------------------------- treatments.yaml
def test_treatments_schema() -> None:
    assert set(TREATMENTS["categories"]) >= STATE_CATEGORIES
    assert set(TREATMENTS["kinds"]) == {
        "drug", "procedure", "imaging", "therapy", "dme", "lab", "consult", "other",
    }  # fmt: skip
    keys = [t["key"] for t in TREATMENTS["treatments"]]
    slugs = [t["slug"] for t in TREATMENTS["treatments"]]
    assert len(set(keys)) == len(keys) and len(set(slugs)) == len(slugs)
    drug_slugs = {d["slug"] for d in DRUGS["drugs"]}
    for t in TREATMENTS["treatments"]:
        assert TREATMENT_KEYS <= set(t) <= TREATMENT_KEYS | TREATMENT_OPTIONAL, t["key"]
        assert t["kind"] in TREATMENTS["kinds"] and t["kind"] != "drug", t["key"]
        assert t["category"] in TREATMENTS["categories"], t["key"]
        assert SLUG.match(t["slug"]) and t["slug"] not in drug_slugs, t["key"]
        assert _is_str_list(t["keywords"]) and _is_str_list(t["examples"]), t["key"]
        assert t.get("with_sessions") in {None, *keys}, t["key"]


def test_no_keyword_claimed_twice_or_by_a_drug(lexicon: Lexicon) -> None:
    siblings = {(d.generic, d.route): d.slug for d in lexicon.drugs}
    owners: dict[tuple[str, ...], set[str]] = {}
    for drug in lexicon.drugs:
        for name, _ in drug_names_of(drug, siblings):
            owners.setdefault(name_tokens(name), set()).add(drug.slug)
    for t in lexicon.treatments:
        for keyword in t.keywords:
            owners.setdefault(name_tokens(keyword), set()).add(t.key)
    assert {n: o for n, o in owners.items() if len(o) > 1} == {}


@pytest.mark.parametrize(
    "entry", TREATMENTS["treatments"], ids=[t["key"] for t in TREATMENTS["treatments"]]
)
def test_treatment_examples_resolve_to_their_kind(entry: dict[str, Any], lexicon: Lexicon) -> None:
    for example in entry["examples"]:
        facts = resolve_treatment(example, lexicon)
        assert (facts.kind, facts.slug, facts.category) == (
            entry["kind"], entry["slug"], entry["category"],
        ), example  # fmt: skip
        assert facts.generics == () and facts.drug_class is None, example


# ------------------------------------------------------------------ load errors
def _copy_lexicon(tmp_path: Path) -> Path:
    for name in ("drugs.yaml", "treatments.yaml"):
        shutil.copy(LEXICON_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("drugs.yaml", "    class: opioid\n", "    class: opiod\n", "class 'opiod' is not in 'classes'"),
        ("drugs.yaml", "    slug: tramadol\n", "    slug: Tramadol!\n", "slug is not url-safe"),
        ("drugs.yaml", "brands: [Zanaflex]", "brands: [Zanaflex, Soma]", "name 'Soma' is claimed by both"),
        ("drugs.yaml", "ingredients: [tramadol, acetaminophen]", "ingredients: [tramadol, paracetamol]", "ingredient 'paracetamol'"),
        ("drugs.yaml", "    combination: false\n", "    combination: no-ish\n", "combination must be true or false"),
        ("drugs.yaml", "  - generic: tramadol\n", "  - generik: tramadol\n", "missing generic"),
        ("treatments.yaml", "    with_sessions: ultrasound-therapy\n", "    with_sessions: nowhere\n", "with_sessions 'nowhere'"),
        ("treatments.yaml", "    category: DMEPOS\n", "    category: Gadgets\n", "category 'Gadgets' is not in 'categories'"),
        ("treatments.yaml", "  - key: mri\n", "  - key: mri\n    colour: blue\n", "unknown key(s) colour"),
    ],
)  # fmt: skip
def test_broken_lexicon_is_rejected_with_a_clear_message(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    folder = _copy_lexicon(tmp_path)
    _edit(folder / file, old, new)
    with pytest.raises(LexiconError, match=re.escape(message)):
        load_lexicon(folder)


def test_missing_or_malformed_file_is_a_lexicon_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot read lexicon"):
        load_lexicon(tmp_path)
    folder = _copy_lexicon(tmp_path)
    (folder / "drugs.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="must be a mapping"):
        load_lexicon(folder)
    (folder / "drugs.yaml").write_text("classes: {a: [unclosed\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid YAML"):
        load_lexicon(folder)
