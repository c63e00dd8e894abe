"""Disputed-item text -> structured treatment facts (drug, dose, quantity, kind of service).

One public entry, :func:`resolve_treatment`, with the lexicon passed in (:func:`load_lexicon`).
It handles the item strings IMR letters print:

- drugs by brand, generic, salt or misspelling, in any case and with trailing punctuation:
  "Ultram 50mg #90", "TRAMADOL HCL 50MG", "BACLOFEN 20MG #90.", "Ultram (tramadol) 50mg #90";
- combinations and compounds: "Norco 10/325mg", "Flurbiprofen 10%/Dextromethorphan 5%/Lidocaine 5%",
  "Gabapentin 10%, Cyclobenzaprine 6%, Bupivacaine 5% in cream base";
- a class without a drug: "Consider LAO (long acting opioid)";
- non-drug requests: "MRI of the left knee without contrast", "Physical therapy 2x6 for the lumbar
  spine", "TENS unit", "Facet joint injections L4-5", "Consult with hip replacement specialist";
- partial-approval remainders and boilerplate: "The remaining IMR eligible portion of the original
  request, Baclofen 100mg #3 is".

Names are matched as whole words on a token index (lower-cased, punctuation ignored, a plural "s"
ignored), longest name first, so "Ultram ER" beats "Ultram". Fuzzy matching only suggests.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from generator.errors import GeneratorError

_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LEXICON_DIR = Path(__file__).parent / "lexicons"
ROUTES = ("systemic", "topical", "any")

# ------------------------------------------------------------------------------ regexes
_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "eighteen": 18, "twenty": 20, "thirty": 30,
    "once": 1, "twice": 2,
}  # fmt: skip
# Cardinals only: "once"/"twice" count only in frequencies, so "Single positional MRI" has no count.
_NUM = (
    r"(?:\d+|" + "|".join(sorted(set(_NUM_WORDS) - {"once", "twice"}, key=len, reverse=True)) + ")"
)
_RANGE = rf"(?:{_NUM}(?:\s*(?:-|to)\s*{_NUM})?|once|twice)"

# Word tokens for name matching: "Hydrocodone/APAP" -> hydrocodone, apap;
# "Voltaren-XR" -> voltaren, xr.
TOKEN = re.compile(r"[A-Za-z0-9]+")
# "The remaining IMR eligible portion of the original request, Baclofen 100mg #3 is";
# "Associated surgical service: Cold compression therapy"; "Retrospective E-stim (DOS 12/29/16)".
BOILERPLATE_PREFIX = re.compile(
    r"^(?:.{0,300}?\bset forth below:\s*)?(?:.{0,90}?\brequest,\s+)?"
    r"(?:associated surgical services?:\s*)?(?:retrospective(?:ly)?:?\s+)?",
    re.I,
)
# "... Cyclobenzaprine 7.5mg #27 is", "BACLOFEN 20MG #90." -- the letter's sentence tail.
BOILERPLATE_SUFFIX = re.compile(r"(?:\s+is)?[\s.,:;]*$", re.I)
# "Post-op Norco 5/325mg", "Pre-op Colace" -- timing words that are not part of a drug's name.
PERIOP_PREFIX = re.compile(r"^(?:post|pre)[\s-]*op(?:erative(?:ly)?)?\s+", re.I)

# "2 times a week for 6 weeks", "2-3 times a week", "1 to 2 times per week for 4 weeks",
# "three times weekly", "twice a week", "2x/week x 6 weeks", "3 times a week over two weeks".
FREQ_PER_WEEK = re.compile(
    rf"\b(?P<n>{_RANGE})\s*(?:x|times?)?\s*(?:(?:a|per|each|every|/)\s*(?:week|wk)|weekly)\b"
    rf"(?:\s*,?\s*(?:for|over|x|times)\s+(?:(?:a|the)\s+(?:total\s+of\s+|next\s+)?)?"
    rf"(?P<w>{_NUM})\s*(?:weeks?|wks?)\b)?",
    re.I,
)
# "Physical therapy 2x6", "2 x 4" -- California shorthand for N a week for M weeks.
FREQ_NXM = re.compile(
    r"\b(?P<n>\d{1,2})\s*[x×]\s*(?P<m>\d{1,2})\b"
    r"(?!\s*(?:mg|mcg|ml|%|refills?|bottles?|days?|months?|hours?|hrs?|cc|g)\b)",
    re.I,
)
# "Spinal manipulation 1 times 8", "Physical exam 2 times 8", "two times four visits (8)".
FREQ_N_TIMES_M = re.compile(
    rf"\b(?P<n>{_NUM})\s+times\s+(?P<m>{_NUM})\b(?!\s*(?:a|per|weekly|/)\b)", re.I
)
# "Daily RN for 4 weeks", "daily for two weeks".
FREQ_DAILY = re.compile(
    rf"\b(?:daily|every day|once a day)\b"
    rf"(?:(?:\s+[a-z]+){{0,3}}?\s+for\s+(?P<w>{_NUM})\s*weeks?\b)?",
    re.I,
)
# "Eight (8) physical therapy sessions", "Acupuncture 12 sessions", "Chiropractic physiotherapy
# treatment 6 visits", "Four sessions of biofeedback",
# "two ... sessions ... and eight ... sessions".
SESSIONS_COUNT = re.compile(
    rf"\b(?P<n>{_NUM})\s*(?:\(\s*(?P<p>\d+)\s*\)\s*)?"
    r"(?:(?!(?:weeks?|times?|a|per|for|and|of)\b)[a-z][a-z/\-]*\s+){0,3}?"
    r"(?:sessions?|visits?|treatments?)\b",
    re.I,
)
# "two times four visits (8)" -- a count in parentheses after the noun is the total.
SESSIONS_PAREN = re.compile(r"\b(?:sessions?|visits?)\s*\(\s*(?P<n>\d+)\s*\)", re.I)
# "Physical Therapy sessions, 12"
SESSIONS_AFTER = re.compile(
    r"\b(?:sessions?|visits?)\s*[,:]\s*(?P<n>\d+)\b(?!\s*(?:times|x|/|-|to)\b)", re.I
)
# "Chiropractic spinal manipulation times 6", "Electrocardiogram times 3", "x 4".
TIMES_N = re.compile(
    r"(?:^|(?<=[\s,(]))(?:times|x)\s*(?P<n>\d+)\b(?!\s*(?:a|per|weeks?|weekly|/)\b)", re.I
)
# "Salonpas pad #60", "Baclofen 10mg # 30", "Acupuncture therapy sessions lumbar spine #6".
HASH_COUNT = re.compile(r"#\s*(?P<n>\d+)\b")
# "NCV bilateral lower extremities QTY: 2"
QTY_COUNT = re.compile(r"\b(?:qty|quantity)\s*[:#]?\s*(?P<n>\d+)\b", re.I)
# "x 2 bottles", "3 tubes"
PACKAGE_COUNT = re.compile(
    r"(?:\bx\s*)?\b(?P<n>\d+)\s*(?:bottles?|tubes?|boxes|packs?|jars?|kits?)\b", re.I
)
# "1 knee scooter", "One (1) x-ray of the thoracic spine", "1 platelet rich plasma injection".
LEADING_COUNT = re.compile(rf"^\s*(?P<n>{_NUM})\s*(?:\(\s*\d+\s*\)\s*)?\s+(?=[a-z])", re.I)
# "with 2 refills", "Two refills of Ibuprofen", "with one refill", "x2 refills", "refills: 2",
# "no refills".
REFILLS = re.compile(
    rf"\bx\s*(?P<k>\d+)\s*refills?\b|\b(?P<n>{_NUM}|no)\s+refills?\b|\brefills?\s*[:x#]?\s*(?P<m>\d+)\b",
    re.I,
)
# "Voltaren gel 1%", "Lidopro 4%-27.5%-0.0325%", "capsaicin .025%", "lidocaine hcl 1percent".
STRENGTH_PERCENT = re.compile(r"(?<![\d.])(?P<a>\d*\.?\d+)\s*(?:%|percent\b)", re.I)
# "Norco 10/325mg", "Norco 7.5-325mg", "Duexis 800/26.6mg" (not dates: no unit there).
STRENGTH_COMBO = re.compile(
    r"(?<![\d./])(?P<a>\d*\.?\d+)\s*(?:mg\s*)?[/-]\s*(?P<b>\d*\.?\d+)\s*(?P<u>mg|mcg)\b(?!\s*/)",
    re.I,
)
# A normalized two-part dose, "10/325mg" -- not a concentration like "10mg/ml".
COMBO_STRENGTH = re.compile(r"^[\d.]+/[\d.]+(?:mg|mcg)$")
# "Fanatrex 25mg/ml", "Synapryn (10mg/1ml ...)", "Duragesic 25mcg/hr", "Diclofenac 300mg/g".
STRENGTH_CONC = re.compile(
    r"(?<![\d.])(?P<a>\d*\.?\d+)\s*(?P<u>mg|mcg|g)\s*/\s*(?P<b>\d*\.?\d+)?\s*(?P<v>ml|g|hr|h)\b",
    re.I,
)
# "Ultram 50mg", "Viagra 50mg", "BACLOFEN 20MG". Grams are left out: "240g" is a tube, not a dose.
STRENGTH_PLAIN = re.compile(r"(?<![\d./])(?P<a>\d*\.?\d+)\s*(?P<u>mg|mcg|meq|units?|iu)\b", re.I)
# Dosage forms, earliest mention wins: "Norco 5/325mg oral tablet", "Salonpas pad #60" (a patch).
FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:tabs?|tablets?|caplets?|odt)\b", re.I), "tablet"),
    (re.compile(r"\b(?:caps?|capsules?)\b", re.I), "capsule"),
    (re.compile(r"\bgels?\b", re.I), "gel"),
    (re.compile(r"\bcreams?\b", re.I), "cream"),
    (re.compile(r"\bointments?\b", re.I), "ointment"),
    (re.compile(r"\blotions?\b", re.I), "lotion"),
    (re.compile(r"\b(?:patch(?:es)?|pads?)\b", re.I), "patch"),
    (re.compile(r"\bsuspensions?\b", re.I), "suspension"),
    (re.compile(r"\bsolutions?\b", re.I), "solution"),
    (re.compile(r"\bsprays?\b", re.I), "spray"),
    (re.compile(r"\b(?:injections?|injectable|inj|vials?|im|iv|infusion)\b", re.I), "injection"),
    (re.compile(r"\bfilms?\b", re.I), "film"),
    (re.compile(r"\bpowders?\b", re.I), "powder"),
    (re.compile(r"\b(?:liquid|elixir|syrup)\b", re.I), "liquid"),
    (re.compile(r"\bsuppositor(?:y|ies)\b", re.I), "suppository"),
)
TOPICAL_FORMS = frozenset({"gel", "cream", "ointment", "lotion", "patch"})
SYSTEMIC_FORMS = frozenset(
    {"tablet", "capsule", "suspension", "injection", "film", "liquid", "powder", "spray"}
)
# "Ketoprofen 20% in cream base", "Compound Ketoprofen 20%", "Flector 1.3% transdermal patch".
TOPICAL_WORDS = re.compile(r"\b(?:topical(?:ly)?|transdermal|cream base|compound(?:ed)?)\b", re.I)
# "Synapryn (10mg/1ml oral suspension)", "Lorzone 750mg one by mouth".
ORAL_WORDS = re.compile(r"\b(?:oral(?:ly)?|by mouth|po)\b", re.I)
# Release and salt words that belong in a drug's display name: "Oxycodone HCL ER",
# "Pantoprazole sod DR".
NAME_MODIFIERS = frozenset(
    {
        "er",
        "xr",
        "cr",
        "sr",
        "dr",
        "la",
        "xl",
        "ir",
        "ds",
        "es",
        "odt",
        "ec",
        "hcl",
        "sodium",
        "sod",
    }
    | {"citrate", "tartrate", "potassium", "bitartrate", "magnesium", "hydrochloride", "sulfate"}
)
# Things that are not part of a readable non-drug name: "#6", "QTY: 2", "(DOS 12/29/16)",
# ", per 12/07/2016 order", "(unknown quantity)", "times 1".
NAME_NOISE = re.compile(
    r"#\s*\d+|\b(?:qty|quantity)\s*[:#]?\s*\d+|\((?:dos|date of service)[^)]*\)|\bdos:?\s*[\d/]+"
    r"|,?\s*per\s+[\d/]+\s+order|\((?:unknown|unspecified)\s+quantity\)"
    r"|(?:^|(?<=\s))(?:times|x)\s*\d+\b|\(\s*\d+\s*\)|(?:(?<=sessions)|(?<=visits))\s*[,:]\s*\d+\b",
    re.I,
)
# "Four sessions of physical therapy" -> "physical therapy";
# "Acupuncture 12 sessions" -> "Acupuncture".
NAME_SESSIONS = re.compile(
    rf"\b{_NUM}\s*(?:\(\s*\d+\s*\)\s*)?(?:sessions?|visits?)(?:\s+of\b)?", re.I
)
SIDE_BILATERAL = re.compile(r"\b(?:bilateral(?:ly)?|both|b/l|bue|ble)\b", re.I)
SIDE_LEFT = re.compile(r"\b(?:left|lt|lue|lle)\b", re.I)
SIDE_RIGHT = re.compile(r"\b(?:right|rt|rue|rle)\b", re.I)
# Body parts, earliest mention wins (one alternation, so one scan); spinal levels ("L4-5",
# "C5-6") name the region. _BODY_PART_NAMES[i] is the part for group "p{i}".
_BODY_PART_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"lumbo-?sacral|lumbar|low(?:er)?\s+back|l-?spine|L[1-5](?:\s*-\s*(?:L?[1-5]|S1))?",
        "lumbar spine",
    ),
    (r"cervical|neck|c-?spine|C[1-7](?:\s*-\s*C?[1-7])?", "cervical spine"),
    (
        r"thoracic|mid\s+back|upper\s+back|t-?spine|T(?:1[0-2]|[1-9])(?:\s*-\s*T?\d{1,2})?",
        "thoracic spine",
    ),
    (r"sacroiliac|SI\s+joints?", "sacroiliac joint"),
    (r"spine|spinal", "spine"),
    (r"shoulders?|rotator\s+cuff|subacromial|acromio\w*", "shoulder"),
    (r"knees?|menisc\w*|patell\w*", "knee"),
    (r"hips?", "hip"),
    (r"elbows?|epicondyl\w*|cubital", "elbow"),
    (r"wrists?|carpal", "wrist"),
    (r"hands?|fingers?|thumbs?", "hand"),
    (r"ankles?", "ankle"),
    (r"foot|feet|toes?|heels?|plantar", "foot"),
    (r"head|brain|skull", "head"),
    (r"pelvi[cs]", "pelvis"),
    (r"abdom\w*", "abdomen"),
    (r"chest", "chest"),
    (r"upper\s+extremit\w*|[RLB]UE|arms?|forearms?", "upper extremity"),
    (r"lower\s+extremit\w*|[RLB]LE|legs?|calf|thighs?", "lower extremity"),
    (r"back", "back"),
)
_BODY_PART_NAMES = tuple(part for _, part in _BODY_PART_PATTERNS)
BODY_PART = re.compile(
    "|".join(rf"\b(?P<p{i}>{pattern})\b" for i, (pattern, _) in enumerate(_BODY_PART_PATTERNS)),
    re.I,
)
_SPINE_REGIONS = ("lumbar spine", "cervical spine", "thoracic spine")
SURGERY_REGIONS = {
    "lumbar spine": "Spine", "cervical spine": "Spine", "thoracic spine": "Spine", "spine": "Spine",
    "back": "Spine", "sacroiliac joint": "Spine", "knee": "Knee", "shoulder": "Shoulder",
    "hand": "Hand/Wrist", "wrist": "Hand/Wrist", "hip": "Hip", "pelvis": "Hip",
    "foot": "Foot/Ankle", "ankle": "Foot/Ankle", "elbow": "Elbow",
}  # fmt: skip
JOINTS = frozenset(
    {"knee", "shoulder", "hip", "elbow", "wrist", "ankle", "hand", "foot", "sacroiliac joint"}
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Kinds whose counts are sessions ("Acupuncture ... #6") rather than units ("TENS unit #30").
SESSION_KINDS = frozenset({"therapy", "consult"})
FREQUENCY_KINDS = frozenset({"therapy", "consult", "other"})


class LexiconError(GeneratorError):
    """A lexicon file is missing, malformed or inconsistent; the message lists every problem."""


@dataclass(frozen=True)
class TreatmentFacts:
    """What one disputed item asks for. ``frequency`` is normalized as "2x/week x 6 weeks",
    "1-2x/week x 4 weeks", "3x/week" or "daily x 4 weeks"; ``brand`` is spelled as in the
    lexicon."""

    name: str
    kind: str
    category: str | None
    subcategory: str | None
    generics: tuple[str, ...] = ()
    drug_class: str | None = None
    slug: str | None = None
    brand: str | None = None
    strength: str | None = None
    form: str | None = None
    quantity: int | None = None
    refills: int | None = None
    frequency: str | None = None
    sessions: int | None = None
    body_part: str | None = None
    side: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DrugClass:
    key: str
    label: str
    subcategory: str
    unspecified_slug: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Drug:
    generic: str
    slug: str
    drug_class: str
    brands: tuple[str, ...]
    variants: tuple[str, ...]
    ingredients: tuple[str, ...]
    combination: bool
    examples: tuple[str, ...]
    route: str = "systemic"
    combination_strength: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TreatmentKind:
    key: str
    kind: str
    category: str
    subcategory: str
    slug: str
    label: str
    keywords: tuple[str, ...]
    examples: tuple[str, ...]
    weak: bool = False
    beats_drug_with_body_part: bool = False
    with_sessions: str | None = None
    region_from_body_part: bool = False


@dataclass(frozen=True)
class _Hit:
    target: str  # drug slug, class key or treatment key
    start: int  # character span in the text scanned
    end: int
    brand: str | None  # the lexicon's spelling when the name matched is a brand


_NameIndex = dict[str, list[tuple[tuple[str, ...], str, str | None]]]


@dataclass(frozen=True)
class Lexicon:
    """Drug classes, drugs and treatment kinds, with token indexes built once."""

    classes: Mapping[str, DrugClass]
    drugs: tuple[Drug, ...]
    treatments: tuple[TreatmentKind, ...]
    categories: tuple[str, ...]
    _drug_names: _NameIndex = field(init=False, repr=False, compare=False)
    _class_names: _NameIndex = field(init=False, repr=False, compare=False)
    _treatment_names: _NameIndex = field(init=False, repr=False, compare=False)
    _by_slug: dict[str, Drug] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, TreatmentKind] = field(init=False, repr=False, compare=False)
    _siblings: dict[tuple[str, str], str] = field(init=False, repr=False, compare=False)
    _by_ingredients: dict[frozenset[str], str] = field(init=False, repr=False, compare=False)
    _vocabulary: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_slug = {d.slug: d for d in self.drugs}
        siblings = {(d.generic, d.route): d.slug for d in self.drugs}
        by_ingredients = {frozenset(d.ingredients): d.slug for d in self.drugs if d.combination}
        drug_names: _NameIndex = {}
        # Drug and class names match exactly (a plural "s" would turn "sonatas" into Sonata);
        # treatment keywords ignore a plural ("x-rays", "injections", "sessions").
        for drug in self.drugs:
            for name, brand in drug_names_of(drug, siblings):
                _add_name(drug_names, name_tokens(name, stem=False), drug.slug, brand)
        class_names: _NameIndex = {}
        for cls in self.classes.values():
            for name in cls.keywords:
                _add_name(class_names, name_tokens(name, stem=False), cls.key, None)
        treatment_names: _NameIndex = {}
        for tk in self.treatments:
            for name in tk.keywords:
                _add_name(treatment_names, name_tokens(name), tk.key, None)
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


def drug_names_of(
    drug: Drug, siblings: Mapping[tuple[str, str], str]
) -> list[tuple[str, str | None]]:
    """The names that select ``drug``, each with its brand spelling or None.

    A topical entry does not claim its bare generic when a systemic entry of the same generic
    exists: "diclofenac" selects the oral entry and the item's form switches it to the topical one.
    """
    names: list[tuple[str, str | None]] = []
    if drug.route != "topical" or (drug.generic, "systemic") not in siblings:
        names.append((drug.generic, None))
    names.extend((brand, brand) for brand in drug.brands)
    names.extend((variant, None) for variant in drug.variants)
    return names


def name_tokens(name: str, *, stem: bool = True) -> tuple[str, ...]:
    """Normalized tokens of a name or keyword, as the matcher compares them (``stem``: drop a
    plural "s", as for treatment keywords)."""
    return tuple(_norm(m.group()) if stem else m.group().lower() for m in TOKEN.finditer(name))


def _norm(token: str) -> str:
    # A plural "s" is dropped only from longer words: "x-rays" = "x-ray", but "TENS" is not "ten".
    token = token.lower()
    if len(token) >= 5 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def _add_name(index: _NameIndex, tokens: tuple[str, ...], target: str, brand: str | None) -> None:
    entries = index.setdefault(tokens[0], []) if tokens else []
    if tokens and not any(e[0] == tokens and e[1] == target for e in entries):
        entries.append((tokens, target, brand))


def _tokenize(text: str, *, stem: bool) -> list[tuple[str, int, int]]:
    return [
        (_norm(m.group()) if stem else m.group().lower(), m.start(), m.end())
        for m in TOKEN.finditer(text)
    ]


def _scan(tokens: Sequence[tuple[str, int, int]], index: _NameIndex) -> list[_Hit]:
    """Leftmost-longest, non-overlapping name matches."""
    hits: list[_Hit] = []
    i = 0
    while i < len(tokens):
        for names, target, brand in index.get(tokens[i][0], ()):
            n = len(names)
            if tuple(t[0] for t in tokens[i : i + n]) == names:
                hits.append(_Hit(target, tokens[i][1], tokens[i + n - 1][2], brand))
                i += n
                break
        else:
            i += 1
    return hits


# ------------------------------------------------------------------------- loading
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load and validate ``drugs.yaml`` and ``treatments.yaml`` from the directory ``path``
    (default: ``generator/lexicons``). Raises :class:`LexiconError` listing every problem."""
    folder = path or LEXICON_DIR
    drugs_raw = _read_yaml(folder / "drugs.yaml")
    treatments_raw = _read_yaml(folder / "treatments.yaml")
    problems: list[str] = []
    classes, drugs = _parse_drugs(drugs_raw, problems)
    categories, treatments = _parse_treatments(treatments_raw, problems)
    if not problems:
        problems.extend(_check_consistency(classes, drugs, treatments))
    if problems:
        raise LexiconError(f"invalid lexicon in {folder}:\n  " + "\n  ".join(problems))
    return Lexicon(classes=classes, drugs=drugs, treatments=treatments, categories=categories)


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
) -> tuple[tuple[str, ...], tuple[TreatmentKind, ...]]:
    categories = _strs(raw.get("categories"), "treatments.yaml categories", problems)
    kinds = _strs(raw.get("kinds"), "treatments.yaml kinds", problems)
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
    return categories, tuple(treatments)


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
        if cls.unspecified_slug is not None and not SLUG.match(cls.unspecified_slug):
            problems.append(
                f"class {cls.key}: unspecified_slug {cls.unspecified_slug!r} is not url-safe"
            )
    for d in drugs:
        where = f"drug {d.slug}"
        if not SLUG.match(d.slug):
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
        if not SLUG.match(t.slug) or sum(x.slug == t.slug for x in treatments) > 1:
            problems.append(f"{where}: slug {t.slug!r} is not url-safe or is used twice")
        if sum(x.key == t.key for x in treatments) > 1:
            problems.append(f"{where}: key is used twice")
        if t.with_sessions is not None and t.with_sessions not in keys:
            problems.append(f"{where}: with_sessions {t.with_sessions!r} is not a treatment key")
        for name in t.keywords:
            claim(name, where)
    return problems


# ------------------------------------------------------------------------ resolving
def resolve_treatment(text: str, lexicon: Lexicon) -> TreatmentFacts:
    """Resolve one disputed item's text. Never raises on odd text: an item that matches nothing
    comes back as kind "other", category None, its words intact, and a warning."""
    clean = _strip_boilerplate(text)
    stemmed, tokens = _tokenize(clean, stem=True), _tokenize(clean, stem=False)
    hits = _scan(stemmed, lexicon._treatment_names)
    strong = [h for h in hits if not lexicon.treatment(h.target).weak]
    weak = [h for h in hits if lexicon.treatment(h.target).weak]
    drug_hits = _scan(tokens, lexicon._drug_names)
    body_part = _body_part(clean) if hits else None  # only non-drug kinds report a body part
    if strong:
        return _non_drug(clean, lexicon.treatment(strong[0].target), lexicon, body_part)
    if drug_hits:
        for hit in weak:
            if lexicon.treatment(hit.target).beats_drug_with_body_part and body_part:
                return _non_drug(clean, lexicon.treatment(hit.target), lexicon, body_part)
        return _drug(clean, drug_hits, lexicon)
    class_hits = _scan(tokens, lexicon._class_names)
    if class_hits:
        cls = lexicon.classes[class_hits[0].target]
        return TreatmentFacts(
            name=_tidy(PERIOP_PREFIX.sub("", clean)) or clean,
            kind="drug",
            category="Pharmaceuticals",
            subcategory=cls.subcategory,
            drug_class=cls.key,
            slug=cls.unspecified_slug,
            warnings=(f"no specific drug named; resolved to the class {cls.label}",),
        )
    if weak:
        return _non_drug(clean, lexicon.treatment(weak[0].target), lexicon, body_part)
    return TreatmentFacts(
        name=clean or text.strip(),
        kind="other",
        category=None,
        subcategory=None,
        warnings=(_unresolved_warning(clean or text, tokens, lexicon),),
    )


def mentioned_drugs(text: str, lexicon: Lexicon) -> set[str]:
    """Slugs of the drugs named anywhere in free text (a rationale, a summary). A name followed by
    a topical form word ("Voltaren gel", "topical Voltaren") counts as the topical entry."""
    found: set[str] = set()
    for hit in _scan(_tokenize(text, stem=False), lexicon._drug_names):
        drug = lexicon.drug(hit.target)
        window = text[max(0, hit.start - 12) : hit.end + 12]
        if drug.route == "systemic" and (
            TOPICAL_WORDS.search(window) or _first_form(window) in TOPICAL_FORMS
        ):
            drug = lexicon.drug(lexicon._siblings.get((drug.generic, "topical"), drug.slug))
        found.add(drug.slug)
    return found


def _strip_boilerplate(text: str) -> str:
    text = " ".join(text.split())
    text = BOILERPLATE_PREFIX.sub("", text, count=1)
    return BOILERPLATE_SUFFIX.sub("", text)


def _drug(clean: str, hits: list[_Hit], lexicon: Lexicon) -> TreatmentFacts:
    """One drug, a combination, or a compound. Names that add up to one entry's ingredients
    ("Norco (hydrocodone/acetaminophen)", "hydrocodone and acetaminophen") are that entry;
    other mixes are a compound when topical, else several drugs with a warning."""
    masked = _mask(clean, hits)
    form = _first_form(clean)
    oral = form in SYSTEMIC_FORMS or bool(ORAL_WORDS.search(masked))
    topical = not oral and (
        form in TOPICAL_FORMS
        or bool(TOPICAL_WORDS.search(clean))
        or bool(STRENGTH_PERCENT.search(masked))
    )
    strength = _strength(masked)
    entries = list(dict.fromkeys(lexicon.drug(h.target) for h in hits))
    ingredients = tuple(dict.fromkeys(i for d in entries for i in d.ingredients))
    warnings: list[str] = []
    chosen: Drug | None = next((d for d in entries if set(d.ingredients) >= set(ingredients)), None)
    if chosen is None and frozenset(ingredients) in lexicon._by_ingredients:
        chosen = lexicon.drug(lexicon._by_ingredients[frozenset(ingredients)])
    drug_class: str | None
    if chosen is not None:
        chosen = _switch(chosen, topical=topical, oral=oral, strength=strength, lexicon=lexicon)
        drug_class = chosen.drug_class
        if chosen.route == "systemic" and topical:
            drug_class = "compound"  # a systemic drug in a cream or gel can only be compounded
        generics = chosen.ingredients if chosen.combination else (chosen.generic,)
        slug: str | None = chosen.slug
    else:
        generics, slug = ingredients, None
        classes = {d.drug_class for d in entries}
        if topical or "compound" in classes or any(d.route == "topical" for d in entries):
            drug_class = "compound"
        else:
            drug_class = classes.pop() if len(classes) == 1 else None
            warnings.append("several drugs in one item: " + ", ".join(generics))
    brand = next((h.brand for h in hits if h.brand), None)
    cls = lexicon.classes.get(drug_class) if drug_class else None
    return TreatmentFacts(
        name=_drug_name(clean, hits),
        kind="drug",
        category="Pharmaceuticals",
        subcategory=cls.subcategory if cls else None,
        generics=generics,
        drug_class=drug_class,
        slug=slug,
        brand=brand,
        strength=strength,
        form=form,
        quantity=_first_int((QTY_COUNT, HASH_COUNT, PACKAGE_COUNT), _strip_refills(masked)),
        refills=_refills(masked),
        warnings=tuple(warnings),
    )


def _switch(
    drug: Drug, *, topical: bool, oral: bool, strength: str | None, lexicon: Lexicon
) -> Drug:
    """Pick the route sibling or combination that the item's form and strength call for."""
    if drug.combination_strength and strength and COMBO_STRENGTH.match(strength):
        return lexicon.drug(drug.combination_strength)  # "Hydrocodone 10/325mg" is Norco
    if topical and drug.route == "systemic":
        return lexicon.drug(lexicon._siblings.get((drug.generic, "topical"), drug.slug))
    if oral and drug.route == "topical":
        return lexicon.drug(lexicon._siblings.get((drug.generic, "systemic"), drug.slug))
    return drug


def _non_drug(
    clean: str, tk: TreatmentKind, lexicon: Lexicon, body_part: str | None
) -> TreatmentFacts:
    frequency, per_week, weeks, spans = (
        _frequency(clean) if tk.kind in FREQUENCY_KINDS else (None, None, None, [])
    )
    rest = _cut(clean, spans)
    explicit = _sessions(rest)
    times = _first_int((TIMES_N,), rest)
    counted = _first_int((HASH_COUNT, QTY_COUNT), rest)
    if tk.with_sessions and (frequency or explicit or times):
        tk = lexicon.treatment(tk.with_sessions)  # "Ultrasound 1 times 8" is the therapy modality
        if tk.kind in FREQUENCY_KINDS and not frequency:
            frequency, per_week, weeks, spans = _frequency(clean)
    leading = _first_int((LEADING_COUNT,), clean)
    if tk.kind in SESSION_KINDS:
        product = per_week * weeks if per_week and weeks else None
        sessions = explicit or counted or times or product or (leading if not explicit else None)
        quantity = None
    else:
        sessions, quantity = (
            explicit,
            counted or times or _first_int((PACKAGE_COUNT,), rest) or leading,
        )
    subcategory = tk.subcategory
    if tk.region_from_body_part and body_part in SURGERY_REGIONS:
        subcategory = SURGERY_REGIONS[body_part]
    elif tk.key == "injection-generic" and body_part in JOINTS:
        subcategory = "Joint"  # "injection ... to the right knee"
    name = _tidy(
        LEADING_COUNT.sub("", NAME_SESSIONS.sub(" ", NAME_NOISE.sub(" ", _cut(clean, spans))))
    )
    return TreatmentFacts(
        name=name or clean,
        kind=tk.kind,
        category=tk.category,
        subcategory=subcategory,
        slug=tk.slug,
        frequency=frequency,
        sessions=sessions,
        quantity=quantity,
        body_part=body_part,
        side=_side(clean),
    )


# -------------------------------------------------------------------- field parsers
def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUM_WORDS.get(word)


def _first_int(patterns: Iterable[re.Pattern[str]], text: str) -> int | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return _number(match.group("n"))
    return None


def _mask(text: str, hits: Sequence[_Hit]) -> str:
    """Blank out matched names so "Tylenol #3" or "Robaxin-750" are not read as counts or doses."""
    chars = list(text)
    for hit in hits:
        chars[hit.start : hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)


def _cut(text: str, spans: Sequence[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _decimal(value: str) -> str:
    return "0" + value if value.startswith(".") else value


def _strength(masked: str) -> str | None:
    percents = [_decimal(m.group("a")) + "%" for m in STRENGTH_PERCENT.finditer(masked)]
    if percents:
        return "/".join(percents)
    if m := STRENGTH_COMBO.search(masked):
        return f"{_decimal(m.group('a'))}/{_decimal(m.group('b'))}{m.group('u').lower()}"
    if m := STRENGTH_CONC.search(masked):
        per = m.group("b") if m.group("b") not in (None, "1") else ""
        return f"{_decimal(m.group('a'))}{m.group('u').lower()}/{per}{m.group('v').lower()}"
    if m := STRENGTH_PLAIN.search(masked):
        return _decimal(m.group("a")) + m.group("u").lower()
    return None


def _first_form(text: str) -> str | None:
    found = [(m.start(), form) for pattern, form in FORMS if (m := pattern.search(text))]
    return min(found)[1] if found else None


def _strip_refills(text: str) -> str:
    return REFILLS.sub(" ", text)


def _refills(text: str) -> int | None:
    match = REFILLS.search(text)
    if not match:
        return None
    word = match.group("k") or match.group("n") or match.group("m")
    return 0 if word.lower() == "no" else _number(word)


def _frequency(text: str) -> tuple[str | None, int | None, int | None, list[tuple[int, int]]]:
    """Normalized frequency, times per week, weeks, and the spans that said so."""
    if m := FREQ_PER_WEEK.search(text):
        parts = re.sub(r"\s*(?:-|to)\s*", "-", m.group("n").lower()).split("-")
        n = "-".join(str(_number(p)) for p in parts)
        weeks = _number(m.group("w")) if m.group("w") else None
        per_week = int(n) if n.isdigit() else None
        return _freq_text(n, weeks), per_week, weeks, [m.span()]
    for pattern in (FREQ_NXM, FREQ_N_TIMES_M):
        if m := pattern.search(text):
            count, weeks = _number(m.group("n")), _number(m.group("m"))
            return _freq_text(str(count), weeks), count, weeks, [m.span()]
    if m := FREQ_DAILY.search(text):
        weeks = _number(m.group("w")) if m.group("w") else None
        return (
            "daily" + (f" x {weeks} week{'s' * (weeks != 1)}" if weeks else ""),
            7,
            weeks,
            [m.span()],
        )
    return None, None, None, []


def _freq_text(per_week: str, weeks: int | None) -> str:
    return f"{per_week}x/week" + (f" x {weeks} week{'s' * (weeks != 1)}" if weeks else "")


def _sessions(text: str) -> int | None:
    if m := SESSIONS_PAREN.search(text):
        return int(m.group("n"))
    counts = [_number(m.group("p") or m.group("n")) for m in SESSIONS_COUNT.finditer(text)]
    if counts and all(c is not None for c in counts):
        return sum(
            c for c in counts if c is not None
        )  # "two ... sessions ... and eight ... sessions"
    return _first_int((SESSIONS_AFTER,), text)


def _body_part(text: str) -> str | None:
    parts = [_BODY_PART_NAMES[int(str(m.lastgroup)[1:])] for m in BODY_PART.finditer(text)]
    if not parts:
        return None
    if parts[0] in ("spine", "back"):  # "Spine surgery evaluation for the lumbar" -> lumbar spine
        return next((part for part in parts if part in _SPINE_REGIONS), parts[0])
    return parts[0]


def _side(text: str) -> str | None:
    if SIDE_BILATERAL.search(text):
        return "bilateral"
    left, right = bool(SIDE_LEFT.search(text)), bool(SIDE_RIGHT.search(text))
    return "left" if left and not right else "right" if right and not left else None


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,;:)\]])", r"\1", " ".join(text.split()))
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"(?:[\s,;:]+|\s+(?:for|of|to|and|with|the))+$", "", text, flags=re.I)
    text = re.sub(r"^[\s,;:]+|^(?:of|for)\s+", "", text, flags=re.I)
    return text[:1].upper() + text[1:]


def _drug_name(clean: str, hits: Sequence[_Hit]) -> str:
    """The item from its first drug name to its last, doses dropped: "Ultram ER",
    "Oxycodone HCL ER", "Flurbiprofen/Dextromethorphan/Lidocaine"."""
    start, end = hits[0].start, hits[-1].end
    for m in TOKEN.finditer(clean, end):
        if m.start() - end > 1 or m.group().lower() not in NAME_MODIFIERS:
            break
        end = m.end()
    span = clean[start:end]
    if span.count("(") > span.count(")") and clean[end:].lstrip().startswith(")"):
        span += ")"
    span = re.sub(r"\s*\d*\.?\d+\s*(?:%|percent\b)", "", span, flags=re.I)
    return _tidy(re.sub(r"\s*/\s*", "/", span))


def _unresolved_warning(text: str, tokens: Sequence[tuple[str, int, int]], lexicon: Lexicon) -> str:
    warning = f"unresolved: no drug or treatment kind matched {text!r}"
    # Only the first few words: difflib is slow, and a drug name comes early in an item.
    for token in [t for t, _, _ in tokens if len(t) >= 5 and t.isalpha()][:4]:
        close = difflib.get_close_matches(token, lexicon._vocabulary, n=1, cutoff=0.8)
        if close:
            return f"{warning}; did you mean {lexicon._vocabulary[close[0]]!r}?"
    return warning
