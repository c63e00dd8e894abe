"""Resolving disputed-item text against the treatment lexicon: :func:`resolve_treatment` (one
item -> :class:`TreatmentFacts`) and :func:`mentioned_drugs` (free text -> drug slugs), with
what decides between drug and non-drug, route siblings and combinations, and display names.

Names are matched on the lexicon's token indexes (``names.py``), longest name first, so "Ultram
ER" beats "Ultram"; doses, counts and frequencies are read by ``measures.py``. Fuzzy matching
only suggests, in a warning.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence

from generator import patterns as P
from generator.model import Diagnostic, note, warning
from generator.treatments import measures
from generator.treatments.lexicon import Lexicon
from generator.treatments.model import Drug, TreatmentFacts, TreatmentKind
from generator.treatments.names import Hit, scan, tokenize

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
# The subcategory of a surgery, by body part, for kinds with region_from_body_part in
# treatments.yaml: "Knee arthroscopy" -> Knee, "Lumbar fusion L4-5" -> Spine.
SURGERY_REGIONS = {
    "lumbar spine": "Spine", "cervical spine": "Spine", "thoracic spine": "Spine", "spine": "Spine",
    "back": "Spine", "sacroiliac joint": "Spine", "knee": "Knee", "shoulder": "Shoulder",
    "hand": "Hand/Wrist", "wrist": "Hand/Wrist", "hip": "Hip", "pelvis": "Hip",
    "foot": "Foot/Ankle", "ankle": "Foot/Ankle", "elbow": "Elbow",
}  # fmt: skip
# Body parts whose generic injection is a joint injection: "injection ... to the right knee".
JOINTS = frozenset(
    {"knee", "shoulder", "hip", "elbow", "wrist", "ankle", "hand", "foot", "sacroiliac joint"}
)
# Kinds whose counts are sessions ("Acupuncture ... #6") rather than units ("TENS unit #30").
SESSION_KINDS = frozenset({"therapy", "consult"})
# Kinds whose items may state a frequency: "Physical therapy 2x6", "Daily RN for 4 weeks".
FREQUENCY_KINDS = frozenset({"therapy", "consult", "other"})


def resolve_treatment(text: str, lexicon: Lexicon) -> TreatmentFacts:
    """Resolve one disputed item's text (``_resolve``), and say how it relates to a surgery
    when the letter does ("Associated surgical service: Ultrasling" -> relation "associated
    surgical service", resolved as "Ultrasling")."""
    facts = _resolve(text, lexicon)
    if P.ASSOCIATED_SURGICAL.search(text[:120]):
        return dataclasses.replace(facts, relation="associated surgical service")
    return facts


def _resolve(text: str, lexicon: Lexicon) -> TreatmentFacts:
    """Resolve one disputed item's text. Never raises on odd text: an item that matches nothing
    comes back as kind "other", category None, its words intact, and a warning.

    Handles the item strings IMR letters print:

    - drugs by brand, generic, salt or misspelling, in any case and with trailing punctuation:
      "Ultram 50mg #90", "TRAMADOL HCL 50MG", "BACLOFEN 20MG #90.", "Ultram (tramadol) 50mg #90";
    - combinations and compounds: "Norco 10/325mg", "Flurbiprofen 10%/Dextromethorphan
      5%/Lidocaine 5%", "Gabapentin 10%, Cyclobenzaprine 6%, Bupivacaine 5% in cream base";
    - a class without a drug: "Consider LAO (long acting opioid)";
    - non-drug requests: "MRI of the left knee without contrast", "Physical therapy 2x6 for the
      lumbar spine", "TENS unit", "Facet joint injections L4-5", "Consult with hip replacement
      specialist";
    - partial-approval remainders and boilerplate: "The remaining IMR eligible portion of the
      original request, Baclofen 100mg #3 is".
    """
    clean = _strip_boilerplate(text)
    stemmed = tokenize(P.DRUG_RELEASE_FORM.sub(" ", clean), stem=True)
    tokens = tokenize(clean, stem=False)
    hits = scan(stemmed, lexicon._treatment_names)
    strong = [h for h in hits if not lexicon.treatment(h.target).weak]
    weak = [h for h in hits if lexicon.treatment(h.target).weak]
    drug_hits = scan(tokens, lexicon._drug_names)
    body_part = measures.body_part(clean) if hits else None  # only non-drug kinds report one
    if strong:
        return _non_drug(clean, lexicon.treatment(strong[0].target), lexicon, body_part)
    if drug_hits:
        for hit in weak:
            if lexicon.treatment(hit.target).beats_drug_with_body_part and body_part:
                return _non_drug(clean, lexicon.treatment(hit.target), lexicon, body_part)
        return _drug(clean, drug_hits, lexicon)
    class_hits = scan(tokens, lexicon._class_names)
    if class_hits:
        cls = lexicon.classes[class_hits[0].target]
        return TreatmentFacts(
            name=_tidy(P.PERIOP_PREFIX.sub("", clean)) or clean,
            kind="drug",
            category="Pharmaceuticals",
            subcategory=cls.subcategory,
            drug_class=cls.key,
            slug=cls.unspecified_slug,
            diagnostics=(
                note(
                    "class-only-request",
                    f"no specific drug named; resolved to the class {cls.label}",
                ),
            ),
        )
    if weak:
        return _non_drug(clean, lexicon.treatment(weak[0].target), lexicon, body_part)
    return TreatmentFacts(
        name=clean or text.strip(),
        kind="other",
        category=None,
        subcategory=None,
        diagnostics=(
            warning("item-unresolved", _unresolved_warning(clean or text, tokens, lexicon)),
        ),
    )


def mentioned_drugs(text: str, lexicon: Lexicon) -> set[str]:
    """Slugs of the drugs named anywhere in free text (a rationale, a summary). A name followed by
    a topical form word ("Voltaren gel", "topical Voltaren") counts as the topical entry."""
    found: set[str] = set()
    for hit in scan(tokenize(text, stem=False), lexicon._drug_names):
        drug = lexicon.drug(hit.target)
        window = text[max(0, hit.start - 12) : hit.end + 12]
        if drug.route == "systemic" and (
            P.TOPICAL_WORDS.search(window) or measures.first_form(window) in measures.TOPICAL_FORMS
        ):
            drug = lexicon.drug(lexicon._siblings.get((drug.generic, "topical"), drug.slug))
        found.add(drug.slug)
    return found


def _strip_boilerplate(text: str) -> str:
    text = " ".join(text.split())
    text = P.BOILERPLATE_PREFIX.sub("", text, count=1)
    return P.BOILERPLATE_SUFFIX.sub("", text)


def _drug(clean: str, hits: list[Hit], lexicon: Lexicon) -> TreatmentFacts:
    """One drug, a combination, or a compound. Names that add up to one entry's ingredients
    ("Norco (hydrocodone/acetaminophen)", "hydrocodone and acetaminophen") are that entry;
    other mixes are a compound when topical, else several drugs with a warning."""
    masked = _mask(clean, hits)
    form = measures.first_form(clean)
    oral = form in measures.SYSTEMIC_FORMS or bool(P.ORAL_WORDS.search(masked))
    topical = not oral and (
        form in measures.TOPICAL_FORMS
        or bool(P.TOPICAL_WORDS.search(clean))
        or bool(P.STRENGTH_PERCENT.search(masked))
    )
    strength = measures.strength(masked)
    entries = list(dict.fromkeys(lexicon.drug(h.target) for h in hits))
    ingredients = tuple(dict.fromkeys(i for d in entries for i in d.ingredients))
    found: list[Diagnostic] = []
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
            several = "several drugs in one item: " + ", ".join(generics)
            found.append(warning("several-drugs", several))
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
        quantity=measures.first_int(
            (P.QTY_COUNT, P.HASH_COUNT, P.PACKAGE_COUNT), measures.strip_refills(masked)
        ),
        refills=measures.refills(masked),
        diagnostics=tuple(found),
    )


def _switch(
    drug: Drug, *, topical: bool, oral: bool, strength: str | None, lexicon: Lexicon
) -> Drug:
    """Pick the route sibling or combination that the item's form and strength call for."""
    if drug.combination_strength and strength and P.COMBO_STRENGTH.match(strength):
        return lexicon.drug(drug.combination_strength)  # "Hydrocodone 10/325mg" is Norco
    if topical and drug.route == "systemic":
        return lexicon.drug(lexicon._siblings.get((drug.generic, "topical"), drug.slug))
    if oral and drug.route == "topical":
        return lexicon.drug(lexicon._siblings.get((drug.generic, "systemic"), drug.slug))
    return drug


def _non_drug(
    clean: str, tk: TreatmentKind, lexicon: Lexicon, body_part: str | None
) -> TreatmentFacts:
    """A request of the non-drug kind ``tk``: its frequency, sessions or quantity, subcategory
    by body part, side, and a readable name."""
    frequency, per_week, weeks, spans = (
        measures.frequency(clean) if tk.kind in FREQUENCY_KINDS else (None, None, None, [])
    )
    rest = measures.cut(clean, spans)
    explicit = measures.sessions(rest)
    times = measures.first_int((P.TIMES_N,), rest)
    counted = measures.first_int((P.HASH_COUNT, P.QTY_COUNT), rest)
    if tk.with_sessions and (frequency or explicit or times):
        tk = lexicon.treatment(tk.with_sessions)  # "Ultrasound 1 times 8" is the therapy modality
        if tk.kind in FREQUENCY_KINDS and not frequency:
            frequency, per_week, weeks, spans = measures.frequency(clean)
    leading = measures.first_int((P.LEADING_COUNT,), clean)
    if tk.kind in SESSION_KINDS:
        product = per_week * weeks if per_week and weeks else None
        sessions = explicit or counted or times or product or (leading if not explicit else None)
        quantity = None
    else:
        sessions, quantity = (
            explicit,
            counted or times or measures.first_int((P.PACKAGE_COUNT,), rest) or leading,
        )
    subcategory = tk.subcategory
    if tk.region_from_body_part and body_part in SURGERY_REGIONS:
        subcategory = SURGERY_REGIONS[body_part]
    elif tk.key == "injection-generic" and body_part in JOINTS:
        subcategory = "Joint"  # "injection ... to the right knee"
    # The readable name: the item without its frequency, counts and session phrases.
    name = P.NAME_NOISE.sub(" ", measures.cut(clean, spans))
    name = _tidy(P.LEADING_COUNT.sub("", P.NAME_SESSIONS.sub(" ", name)))
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
        side=measures.side(clean),
    )


def _mask(text: str, hits: Sequence[Hit]) -> str:
    """Blank out matched names so "Tylenol #3" or "Robaxin-750" are not read as counts or doses."""
    chars = list(text)
    for hit in hits:
        chars[hit.start : hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)


def _tidy(text: str) -> str:
    """A name after cuts: single spaces, no stray or doubled separators at either end or before
    punctuation, first letter capitalized."""
    text = P.NAME_SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(text.split()))
    text = P.NAME_REPEATED_SEPARATOR.sub(r"\1", text)
    text = P.NAME_DANGLING_END.sub("", text)
    text = P.NAME_DANGLING_START.sub("", text)
    return text[:1].upper() + text[1:]


def _drug_name(clean: str, hits: Sequence[Hit]) -> str:
    """The item from its first drug name to its last, doses dropped: "Ultram ER",
    "Oxycodone HCL ER", "Flurbiprofen/Dextromethorphan/Lidocaine"."""
    start, end = hits[0].start, hits[-1].end
    for m in P.TOKEN.finditer(clean, end):
        if m.start() - end > 1 or m.group().lower() not in NAME_MODIFIERS:
            break
        end = m.end()
    span = clean[start:end]
    if span.count("(") > span.count(")") and clean[end:].lstrip().startswith(")"):
        span += ")"
    span = P.NAME_PERCENT.sub("", span)
    return _tidy(P.NAME_SLASH.sub("/", span))


def _unresolved_warning(text: str, tokens: Sequence[tuple[str, int, int]], lexicon: Lexicon) -> str:
    warning = f"unresolved: no drug or treatment kind matched {text!r}"
    # Only the first few words: difflib is slow, and a drug name comes early in an item.
    for token in [t for t, _, _ in tokens if len(t) >= 5 and t.isalpha()][:4]:
        close = difflib.get_close_matches(token, lexicon._vocabulary, n=1, cutoff=0.8)
        if close:
            return f"{warning}; did you mean {lexicon._vocabulary[close[0]]!r}?"
    return warning
