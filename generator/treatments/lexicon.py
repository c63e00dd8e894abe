"""The treatment lexicon: loading ``drugs.yaml`` and ``treatments.yaml``, checking their schema
and consistency, and the :class:`Lexicon` that holds the entries with their name indexes.

Every problem found is collected, and :class:`LexiconError` lists them all at once: unknown or
missing keys, slugs that are not url-safe or are used twice, classes, ingredients and
``with_sessions`` keys that do not exist, names claimed by two entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from generator import patterns as P
from generator.errors import GeneratorError
from generator.treatments.model import Drug, DrugClass, TreatmentKind
from generator.treatments.names import NameIndex, add_name, drug_names_of, name_tokens

# The C loader is several times faster; PyYAML built without libyaml lacks it.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The package data folder (pyproject: lexicons/*.yaml under generator).
LEXICON_DIR = Path(__file__).parent.parent / "lexicons"
ROUTES = ("systemic", "topical", "any")


class LexiconError(GeneratorError):
    """A lexicon file is missing, malformed or inconsistent; the message lists every problem."""


@dataclass(frozen=True)
class Lexicon:
    """Drug classes, drugs and treatment kinds, with token indexes built once.

    Callers look entries up with :meth:`drug` and :meth:`treatment`; the underscored indexes
    are the package's own, read by ``resolve.py``.
    """

    classes: Mapping[str, DrugClass]
    drugs: tuple[Drug, ...]
    treatments: tuple[TreatmentKind, ...]
    categories: tuple[str, ...]
    # Each treatment kind's label for pages ("dme": "Durable medical equipment").
    kind_labels: Mapping[str, str]
    _drug_names: NameIndex = field(init=False, repr=False, compare=False)
    _class_names: NameIndex = field(init=False, repr=False, compare=False)
    _treatment_names: NameIndex = field(init=False, repr=False, compare=False)
    _by_slug: dict[str, Drug] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, TreatmentKind] = field(init=False, repr=False, compare=False)
    _siblings: dict[tuple[str, str], str] = field(init=False, repr=False, compare=False)
    _by_ingredients: dict[frozenset[str], str] = field(init=False, repr=False, compare=False)
    _vocabulary: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_slug = {d.slug: d for d in self.drugs}
        siblings = {(d.generic, d.route): d.slug for d in self.drugs}
        by_ingredients = {frozenset(d.ingredients): d.slug for d in self.drugs if d.combination}
        drug_names: NameIndex = {}
        # Drug and class names match exactly (a plural "s" would turn "sonatas" into Sonata);
        # treatment keywords ignore a plural ("x-rays", "injections", "sessions").
        for drug in self.drugs:
            for name, brand in drug_names_of(drug, siblings):
                add_name(drug_names, name_tokens(name, stem=False), drug.slug, brand)
        class_names: NameIndex = {}
        for cls in self.classes.values():
            for name in cls.keywords:
                add_name(class_names, name_tokens(name, stem=False), cls.key, None)
        treatment_names: NameIndex = {}
        for tk in self.treatments:
            for name in tk.keywords:
                add_name(treatment_names, name_tokens(name), tk.key, None)
        for index in (drug_names, class_names, treatment_names):
            for entries in index.values():
                entries.sort(key=lambda e: -len(e[0]))
        # Fuzzy suggestions name the canonical generic (not the misspelled variant that is close).
        vocabulary = {
            tokens[0]: by_slug[target].generic if index is drug_names else " ".join(tokens)
            for index in (treatment_names, drug_names)
            for entries in index.values()
            for tokens, target, _ in entries
            if len(tokens) == 1 and len(tokens[0]) >= 5
        }
        for attr, value in (
            ("_drug_names", drug_names), ("_class_names", class_names),
            ("_treatment_names", treatment_names), ("_by_slug", by_slug),
            ("_by_key", {t.key: t for t in self.treatments}), ("_siblings", siblings),
            ("_by_ingredients", by_ingredients), ("_vocabulary", vocabulary),
        ):  # fmt: skip
            object.__setattr__(self, attr, value)

    def drug(self, slug: str) -> Drug:
        """The drug entry with this slug (KeyError if none)."""
        return self._by_slug[slug]

    def treatment(self, key: str) -> TreatmentKind:
        """The treatment kind with this key (KeyError if none)."""
        return self._by_key[key]


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load and validate ``drugs.yaml`` and ``treatments.yaml`` from the directory ``path``
    (default: ``generator/lexicons``). Raises :class:`LexiconError` listing every problem."""
    folder = path or LEXICON_DIR
    drugs_raw = _read_yaml(folder / "drugs.yaml")
    treatments_raw = _read_yaml(folder / "treatments.yaml")
    problems: list[str] = []
    classes, drugs = _parse_drugs(drugs_raw, problems)
    categories, kind_labels, treatments = _parse_treatments(treatments_raw, problems)
    if not problems:
        problems.extend(_check_consistency(classes, drugs, treatments))
    if problems:
        raise LexiconError(f"invalid lexicon in {folder}:\n  " + "\n  ".join(problems))
    return Lexicon(
        classes=classes, drugs=drugs, treatments=treatments, categories=categories,
        kind_labels=kind_labels,
    )  # fmt: skip


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_YAML_LOADER)  # a safe loader (C or pure Python)
    except OSError as err:
        raise LexiconError(f"cannot read lexicon {path}: {err.strerror}") from err
    except yaml.YAMLError as err:
        raise LexiconError(f"lexicon {path} is not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise LexiconError(f"lexicon {path} must be a mapping at the top level")
    return cast(dict[str, Any], data)


def _strs(
    value: object, where: str, problems: list[str], *, required: bool = True
) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: must be a list of non-empty strings")
        return ()
    if required and not value:
        problems.append(f"{where}: must not be empty")
    return tuple(cast(list[str], value))


def _fields(
    entry: object, where: str, required: set[str], optional: set[str], problems: list[str]
) -> dict[str, Any]:
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be a mapping")
        return {}
    missing, unknown = required - entry.keys(), entry.keys() - required - optional
    if missing:
        problems.append(f"{where}: missing {', '.join(sorted(missing))}")
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    return cast(dict[str, Any], entry) if not missing else {}


def _parse_drugs(
    raw: Mapping[str, Any], problems: list[str]
) -> tuple[dict[str, DrugClass], tuple[Drug, ...]]:
    classes: dict[str, DrugClass] = {}
    raw_classes = raw.get("classes")
    if not isinstance(raw_classes, dict) or not raw_classes:
        problems.append("drugs.yaml: 'classes' must be a non-empty mapping")
        raw_classes = {}
    for key, entry in raw_classes.items():
        f = _fields(
            entry,
            f"class {key}",
            {"label", "subcategory"},
            {"unspecified_slug", "keywords"},
            problems,
        )
        if f:
            classes[str(key)] = DrugClass(
                str(key),
                str(f["label"]),
                str(f["subcategory"]),
                f.get("unspecified_slug"),
                _strs(f.get("keywords", []), f"class {key} keywords", problems, required=False),
            )
    drugs: list[Drug] = []
    raw_drugs = raw.get("drugs")
    if not isinstance(raw_drugs, list) or not raw_drugs:
        problems.append("drugs.yaml: 'drugs' must be a non-empty list")
        raw_drugs = []
    required = {
        "generic",
        "slug",
        "class",
        "brands",
        "variants",
        "ingredients",
        "combination",
        "examples",
    }
    for i, entry in enumerate(raw_drugs):
        where = f"drug #{i + 1} ({entry.get('slug') if isinstance(entry, dict) else entry!r})"
        f = _fields(entry, where, required, {"route", "combination_strength", "note"}, problems)
        if not f:
            continue
        if not isinstance(f["generic"], str) or f["generic"] != f["generic"].strip().lower():
            problems.append(f"{where}: generic must be a lower-case string")
        if not isinstance(f["combination"], bool):
            problems.append(f"{where}: combination must be true or false")
        drugs.append(
            Drug(
                generic=str(f["generic"]),
                slug=str(f["slug"]),
                drug_class=str(f["class"]),
                brands=_strs(f["brands"], f"{where} brands", problems, required=False),
                variants=_strs(f["variants"], f"{where} variants", problems, required=False),
                ingredients=_strs(f["ingredients"], f"{where} ingredients", problems),
                combination=bool(f["combination"]),
                examples=_strs(f["examples"], f"{where} examples", problems),
                route=str(f.get("route", "systemic")),
                combination_strength=f.get("combination_strength"),
                note=f.get("note"),
            )
        )
    return classes, tuple(drugs)


def _parse_treatments(
    raw: Mapping[str, Any], problems: list[str]
) -> tuple[tuple[str, ...], Mapping[str, str], tuple[TreatmentKind, ...]]:
    categories = _strs(raw.get("categories"), "treatments.yaml categories", problems)
    labels = raw.get("kinds")
    if not isinstance(labels, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in labels.items()
    ):
        problems.append("treatments.yaml: 'kinds' must map each kind to its label")
        labels = {}
    kinds = tuple(labels)
    raw_list = raw.get("treatments")
    if not isinstance(raw_list, list) or not raw_list:
        problems.append("treatments.yaml: 'treatments' must be a non-empty list")
        raw_list = []
    required = {"key", "kind", "category", "subcategory", "slug", "label", "keywords", "examples"}
    optional = {"weak", "beats_drug_with_body_part", "with_sessions", "region_from_body_part"}
    treatments: list[TreatmentKind] = []
    for i, entry in enumerate(raw_list):
        where = f"treatment #{i + 1} ({entry.get('key') if isinstance(entry, dict) else entry!r})"
        f = _fields(entry, where, required, optional, problems)
        if not f:
            continue
        if f["kind"] not in kinds or f["kind"] == "drug":
            problems.append(f"{where}: kind {f['kind']!r} is not a non-drug kind in 'kinds'")
        if f["category"] not in categories:
            problems.append(f"{where}: category {f['category']!r} is not in 'categories'")
        for flag in optional - {"with_sessions"}:
            if not isinstance(f.get(flag, False), bool):
                problems.append(f"{where}: {flag} must be true or false")
        treatments.append(
            TreatmentKind(
                key=str(f["key"]),
                kind=str(f["kind"]),
                category=str(f["category"]),
                subcategory=str(f["subcategory"]),
                slug=str(f["slug"]),
                label=str(f["label"]),
                keywords=_strs(f["keywords"], f"{where} keywords", problems),
                examples=_strs(f["examples"], f"{where} examples", problems),
                weak=bool(f.get("weak", False)),
                beats_drug_with_body_part=bool(f.get("beats_drug_with_body_part", False)),
                with_sessions=f.get("with_sessions"),
                region_from_body_part=bool(f.get("region_from_body_part", False)),
            )
        )
    return categories, dict(labels), tuple(treatments)


def _check_consistency(
    classes: Mapping[str, DrugClass], drugs: Sequence[Drug], treatments: Sequence[TreatmentKind]
) -> list[str]:
    problems: list[str] = []
    generics = {d.generic for d in drugs}
    slug_counts = Counter(d.slug for d in drugs)
    siblings = {(d.generic, d.route): d.slug for d in drugs}
    owners: dict[tuple[str, ...], str] = {}
    ingredient_sets: dict[frozenset[str], str] = {}

    def claim(name: str, owner: str) -> None:
        tokens = name_tokens(name)
        if not tokens:
            problems.append(f"{owner}: name {name!r} has no letters or digits")
        elif owners.setdefault(tokens, owner) != owner:
            problems.append(f"name {name!r} is claimed by both {owners[tokens]} and {owner}")

    for cls in classes.values():
        if cls.unspecified_slug is not None and not P.SLUG.match(cls.unspecified_slug):
            problems.append(
                f"class {cls.key}: unspecified_slug {cls.unspecified_slug!r} is not url-safe"
            )
    for d in drugs:
        where = f"drug {d.slug}"
        if not P.SLUG.match(d.slug):
            problems.append(f"{where}: slug is not url-safe (lowercase letters, digits, hyphens)")
        if slug_counts[d.slug] > 1:
            problems.append(f"{where}: slug is used twice")
        if d.drug_class not in classes:
            problems.append(f"{where}: class {d.drug_class!r} is not in 'classes'")
        if d.route not in ROUTES:
            problems.append(f"{where}: route must be one of {', '.join(ROUTES)}")
        if sum((x.generic, x.route) == (d.generic, d.route) for x in drugs) > 1:
            problems.append(f"{where}: another entry has the same generic and route")
        if d.combination != (len(d.ingredients) > 1):
            problems.append(
                f"{where}: combination must be true exactly when there are several ingredients"
            )
        for ingredient in d.ingredients:
            if ingredient not in generics:
                problems.append(
                    f"{where}: ingredient {ingredient!r} is not a generic in the lexicon"
                )
        if d.combination and ingredient_sets.setdefault(frozenset(d.ingredients), d.slug) != d.slug:
            problems.append(
                f"{where}: same ingredients as {ingredient_sets[frozenset(d.ingredients)]}"
            )
        if d.combination_strength is not None and d.combination_strength not in {
            x.slug for x in drugs
        }:
            problems.append(
                f"{where}: combination_strength {d.combination_strength!r} is not a drug slug"
            )
        for name, _ in drug_names_of(d, siblings):
            claim(name, where)
    for cls in classes.values():
        for name in cls.keywords:
            claim(name, f"class {cls.key}")
    keys = {t.key for t in treatments}
    for t in treatments:
        where = f"treatment {t.key}"
        if not P.SLUG.match(t.slug) or sum(x.slug == t.slug for x in treatments) > 1:
            problems.append(f"{where}: slug {t.slug!r} is not url-safe or is used twice")
        if sum(x.key == t.key for x in treatments) > 1:
            problems.append(f"{where}: key is used twice")
        if t.with_sessions is not None and t.with_sessions not in keys:
            problems.append(f"{where}: with_sessions {t.with_sessions!r} is not a treatment key")
        for name in t.keywords:
            claim(name, where)
    return problems
