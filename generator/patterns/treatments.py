"""Lexicon slugs and the treatment-item grammar: names, counts and frequencies, doses and
forms, display names, side and body part (treatments/).

See ``generator/patterns/__init__.py`` for the rules every pattern follows.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Lexicon entries (treatments/lexicon.py, guidelines/lexicon.py)
# ---------------------------------------------------------------------------------------------

# A url-safe slug, lower-case words joined by "-": "tramadol", "hydrocodone-acetaminophen",
# "mtus-chronic-pain". Both lexicons check every slug with it.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# ---------------------------------------------------------------------------------------------
# Treatment items: names (treatments/names.py, treatments/resolve.py)
# ---------------------------------------------------------------------------------------------

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

# "Associated surgical service: Ultrasling": how the item relates to a surgery, kept as the
# treatment's ``relation`` and not part of what was requested.
ASSOCIATED_SURGICAL = re.compile(r"\bassociated surgical services?\s*:\s*", re.I)

# A drug's release form, which names no surgery: "Prilosec (omeprazole) delayed release capsule"
# is a drug, not a "release" (joint surgery). Masked before treatment kinds are matched.
DRUG_RELEASE_FORM = re.compile(
    r"\b(?:delayed|extended|sustained|controlled|immediate|modified|prolonged)[\s-]+release\b",
    re.I,
)

# "... Cyclobenzaprine 7.5mg #27 is", "BACLOFEN 20MG #90." -- the letter's sentence tail.
BOILERPLATE_SUFFIX = re.compile(r"(?:\s+is)?[\s.,:;]*$", re.I)

# "Post-op Norco 5/325mg", "Pre-op Colace" -- timing words that are not part of a drug's name.
PERIOP_PREFIX = re.compile(r"^(?:post|pre)[\s-]*op(?:erative(?:ly)?)?\s+", re.I)

# ---------------------------------------------------------------------------------------------
# Treatment items: counts and frequencies (treatments/measures.py)
# ---------------------------------------------------------------------------------------------

# The number words counts are written in, with their values: "Eight (8) physical therapy
# sessions", "twice a week", "Two refills of Ibuprofen".
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "eighteen": 18, "twenty": 20, "thirty": 30,
    "once": 1, "twice": 2,
}  # fmt: skip

# A count, "12" or "twelve". Cardinals only: "once"/"twice" count only in frequencies, so
# "Single positional MRI" has no count.
_COUNT = (
    r"(?:\d+|"
    + "|".join(sorted(set(NUMBER_WORDS) - {"once", "twice"}, key=len, reverse=True))
    + ")"
)

# A count or range of counts per period: "2", "2-3", "1 to 2", "twice".
_COUNT_RANGE = rf"(?:{_COUNT}(?:\s*(?:-|to)\s*{_COUNT})?|once|twice)"

# "2 times a week for 6 weeks", "2-3 times a week", "1 to 2 times per week for 4 weeks",
# "three times weekly", "twice a week", "2x/week x 6 weeks", "3 times a week over two weeks".
FREQ_PER_WEEK = re.compile(
    rf"\b(?P<n>{_COUNT_RANGE})\s*(?:x|times?)?\s*(?:(?:a|per|each|every|/)\s*(?:week|wk)|weekly)\b"
    rf"(?:\s*,?\s*(?:for|over|x|times)\s+(?:(?:a|the)\s+(?:total\s+of\s+|next\s+)?)?"
    rf"(?P<w>{_COUNT})\s*(?:weeks?|wks?)\b)?",
    re.I,
)

# The separator inside FREQ_PER_WEEK's range, normalized to "-": "1 to 2" -> "1-2", "2 - 3".
RANGE_SEPARATOR = re.compile(r"\s*(?:-|to)\s*")

# "Physical therapy 2x6", "2 x 4" -- California shorthand for N a week for M weeks.
FREQ_NXM = re.compile(
    r"\b(?P<n>\d{1,2})\s*[x×]\s*(?P<m>\d{1,2})\b"
    r"(?!\s*(?:mg|mcg|ml|%|refills?|bottles?|days?|months?|hours?|hrs?|cc|g)\b)",
    re.I,
)

# "Spinal manipulation 1 times 8", "Physical exam 2 times 8", "two times four visits (8)".
FREQ_N_TIMES_M = re.compile(
    rf"\b(?P<n>{_COUNT})\s+times\s+(?P<m>{_COUNT})\b(?!\s*(?:a|per|weekly|/)\b)", re.I
)

# "Daily RN for 4 weeks", "daily for two weeks".
FREQ_DAILY = re.compile(
    rf"\b(?:daily|every day|once a day)\b"
    rf"(?:(?:\s+[a-z]+){{0,3}}?\s+for\s+(?P<w>{_COUNT})\s*weeks?\b)?",
    re.I,
)

# "Eight (8) physical therapy sessions", "Acupuncture 12 sessions", "Chiropractic physiotherapy
# treatment 6 visits", "Four sessions of biofeedback",
# "two ... sessions ... and eight ... sessions".
SESSIONS_COUNT = re.compile(
    rf"\b(?P<n>{_COUNT})\s*(?:\(\s*(?P<p>\d+)\s*\)\s*)?"
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
LEADING_COUNT = re.compile(rf"^\s*(?P<n>{_COUNT})\s*(?:\(\s*\d+\s*\)\s*)?\s+(?=[a-z])", re.I)

# "with 2 refills", "Two refills of Ibuprofen", "with one refill", "x2 refills", "refills: 2",
# "no refills".
REFILLS = re.compile(
    rf"\bx\s*(?P<k>\d+)\s*refills?\b|\b(?P<n>{_COUNT}|no)\s+refills?\b"
    r"|\brefills?\s*[:x#]?\s*(?P<m>\d+)\b",
    re.I,
)

# ---------------------------------------------------------------------------------------------
# Treatment items: doses and dosage forms (treatments/measures.py)
# ---------------------------------------------------------------------------------------------

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

# Dosage forms, each with the form it names; earliest mention wins: "Norco 5/325mg oral
# tablet", "Salonpas pad #60" (a patch).
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

# "Ketoprofen 20% in cream base", "Compound Ketoprofen 20%", "Flector 1.3% transdermal patch".
TOPICAL_WORDS = re.compile(r"\b(?:topical(?:ly)?|transdermal|cream base|compound(?:ed)?)\b", re.I)

# "Synapryn (10mg/1ml oral suspension)", "Lorzone 750mg one by mouth".
ORAL_WORDS = re.compile(r"\b(?:oral(?:ly)?|by mouth|po)\b", re.I)

# ---------------------------------------------------------------------------------------------
# Treatment items: display names (treatments/resolve.py)
# ---------------------------------------------------------------------------------------------

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
    rf"\b{_COUNT}\s*(?:\(\s*\d+\s*\)\s*)?(?:sessions?|visits?)(?:\s+of\b)?", re.I
)

# Space before closing punctuation, left where a count was cut: "Physical therapy , lumbar" ->
# "Physical therapy, lumbar".
NAME_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,;:)\]])")

# Separators doubled by a cut: "Acupuncture, , lumbar" -> "Acupuncture, lumbar".
NAME_REPEATED_SEPARATOR = re.compile(r"([,;:])(?:\s*[,;:])+")

# A name's dangling end: "MRI of the knee," and "Physical therapy for" lose "," and "for".
NAME_DANGLING_END = re.compile(r"(?:[\s,;:]+|\s+(?:for|of|to|and|with|the))+$", re.I)

# A name's dangling start: ", lumbar spine" and "of physical therapy" (after "Four sessions" is
# cut) lose ", " and "of ".
NAME_DANGLING_START = re.compile(r"^[\s,;:]+|^(?:of|for)\s+", re.I)

# A strength inside a drug's name span: "Flurbiprofen 10%/Dextromethorphan 5%" -> the names.
NAME_PERCENT = re.compile(r"\s*\d*\.?\d+\s*(?:%|percent\b)", re.I)

# Spaces around a slash in a drug's name: "Hydrocodone / APAP" -> "Hydrocodone/APAP".
NAME_SLASH = re.compile(r"\s*/\s*")

# ---------------------------------------------------------------------------------------------
# Treatment items: side and body part (treatments/measures.py)
# ---------------------------------------------------------------------------------------------

# "bilateral knees", "both wrists", "B/L", "BUE" (both upper extremities), "BLE".
SIDE_BILATERAL = re.compile(r"\b(?:bilateral(?:ly)?|both|b/l|bue|ble)\b", re.I)

# "left knee", "Lt shoulder", "LUE", "LLE".
SIDE_LEFT = re.compile(r"\b(?:left|lt|lue|lle)\b", re.I)

# "right knee", "Rt shoulder", "RUE", "RLE".
SIDE_RIGHT = re.compile(r"\b(?:right|rt|rue|rle)\b", re.I)

# Body parts, each with the part it names, earliest mention wins (one alternation, so one
# scan): "MRI of the left knee", "Facet joint injections L4-5" (a spinal level names the
# region: lumbar spine), "C5-6" (cervical spine). BODY_PART_NAMES[i] is the part for group "p{i}".
_BODY_PARTS: tuple[tuple[str, str], ...] = (
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
BODY_PART_NAMES = tuple(part for _, part in _BODY_PARTS)
BODY_PART = re.compile(
    "|".join(rf"\b(?P<p{i}>{pattern})\b" for i, (pattern, _) in enumerate(_BODY_PARTS)),
    re.I,
)
