"""Every regular expression the parser uses, named and commented with the text that motivated it.

All patterns run on *cleaned* text (see ``clean.py``): straight quotes, ASCII dashes, single
spaces, no blank lines, one physical line per ``\\n``. Keep them here so a reader can audit the
grammar in one place; parse modules import names, never write their own regexes.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

# "11-22-2012", "02/14/2012", "2/14/12", "10-13-16", and pdftotext's "10/14/ 2016".
NUMERIC_DATE = re.compile(
    r"(?<![\d/-])(?P<m>\d{1,2})\s?[-/]\s?(?P<d>\d{1,2})\s?[-/]\s?(?P<y>\d{4}|\d{2})(?![\d/-])"
)

_MONTHS = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
# "February 14, 2012", "November 09, 2016", "Oct. 3 2016".
WORDY_DATE = re.compile(
    rf"\b(?P<month>{_MONTHS})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Letter sections (headings as the published letters print them)
# ---------------------------------------------------------------------------------------------

# " HOW THE IMR FINAL DETERMINATION WAS MADE" - opens every letter after the header block.
HOW_MADE_HEADING = re.compile(r"^HOW THE IMR FINAL DETERMINATION WAS MADE\b", re.MULTILINE)

# "The Expert Reviewer has the following credentials:" (block form, seeds 000/001/004).
CREDENTIALS_INTRO = re.compile(r"The Expert Reviewer has the following credentials:", re.I)

# "CLINICAL CASE SUMMARY"
SUMMARY_HEADING = re.compile(r"^CLINICAL CASE SUMMARY\b", re.MULTILINE)

# "The expert reviewer developed the following clinical case summary based on a review of the
#  case file, including all medical records:" - boilerplate before the summary proper.
SUMMARY_INTRO = re.compile(
    r"The expert reviewer developed the following clinical case summary based on a review of"
    r"\s+the\s+case file,\s+including all medical records:",
    re.I,
)

# "DOCUMENTS REVIEWED" list that some layouts put between summary and decisions.
DOCUMENTS_HEADING = re.compile(r"^DOCUMENTS REVIEWED\b", re.MULTILINE | re.I)

# "IMR ISSUES, DECISIONS AND RATIONALES" (seeds, published letters) and
# "IMR DECISION(S) AND RATIONALE(S)" (the older layout that lists documents reviewed first).
ISSUES_HEADING = re.compile(
    r"^IMR (?:ISSUES, DECISIONS AND RATIONALES|DECISION\(S\) AND RATIONALE\(S\))(?=\s|$)",
    re.MULTILINE | re.I,
)

# "The Final Determination was based on decisions for the disputed items/services set forth
#  below:" - boilerplate that opens the decisions section.
ISSUES_INTRO = re.compile(
    r"The Final Determination was based on decisions? for the disputed\s+items?/services?\s+set"
    r"\s+forth\s+below:",
    re.I,
)

# ---------------------------------------------------------------------------------------------
# Header block of published letters
# ---------------------------------------------------------------------------------------------

# pdftotext -layout prints the right column's two-line label around its value:
#   "Priority: Standard      Application 11/03/2016\n                         Received:"
# This rewrites it to "Application Received: 11/03/2016" before labels are read.
SPLIT_APPLICATION_LABEL = re.compile(
    r"Application\s+(?P<value>\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{2,4})\s+Received:"
)

# The header labels, matched anywhere in the header block (one line, two columns, or labels
# first and values after, as other PDF-to-text tools emit them).
HEADER_LABEL = re.compile(
    r"(?P<label>Case Number|Date Assigned|Date of Injury|Decision Date|UR Denial Date|Priority"
    r"|Application\s+Received)\s*:",
    re.I,
)

# "CM15-0214305", "CM16-0213037"
CASE_NUMBER = re.compile(r"\b(?P<value>CM\d{2}-\d{5,8})\b")

# "Priority: Standard" / "Expedited"
PRIORITY_VALUE = re.compile(r"\b(?P<value>Standard|Expedited|Urgent)\b", re.I)

# ---------------------------------------------------------------------------------------------
# Reviewer credentials
# ---------------------------------------------------------------------------------------------

# "State(s) of Licensure: California, South Carolina"
LICENSURE_LINE = re.compile(
    r"State\(s\) of Licensure:\s*(?P<value>.*?)\s*(?=Certification\(s\)|$)", re.I | re.S
)

# "Certification(s)/Specialty: Preventive Medicine, Occupational Medicine, Family Practice"
SPECIALTY_LINE = re.compile(r"Certification\(s\)\s*/\s*Specialty:\s*(?P<value>.*)", re.I | re.S)

# Sentence form, seeds 002 and 003:
# "The expert reviewer is Board Certified in Anesthesia, has a subspecialty in Acupuncture & Pain
#  Medicine and is licensed to practice in California."
# "...is Board Certified in Orhtopedic Surgery has a subspecialty in Fellowship trained in Spine
#  Surgery and is licensed to practice in California and Texas."
CREDENTIAL_SENTENCE = re.compile(
    r"(?:The expert reviewer|He/she) is (?:Board Certified|certified) in (?P<specialty>.+?),?"
    r"(?:\s+(?:and\s+)?has a subspecialty in (?P<sub>.+?))?"
    r"\s+and\s+is licensed to practice in (?P<states>.+?)\.(?:\s|$)",
    re.I | re.S,
)

# "California and Texas", "California, Texas and New York", "Texas,New York,California"
LIST_SEPARATOR = re.compile(r"\s*(?:,\s*and\s+|,|\band\b)\s*", re.I)

# ---------------------------------------------------------------------------------------------
# Patient facts in the summary
# ---------------------------------------------------------------------------------------------

# "51 year old", "50-year-old", "a(n) 57 year old", "35 year old female injured worker"
AGE = re.compile(r"\b(?P<age>\d{1,3})[\s-]*(?:year|yr)s?[\s-]*old\b", re.I)

# First word naming the patient's sex: "female", "male", "woman", "man", "gentleman", "lady".
SEX = re.compile(r"\b(?P<sex>female|male|woman|man|gentleman|lady)\b", re.I)

# Sentence boundary in joined text: "...blurry. The injured worker is..."
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")

# Words that name the patient in the summary's first sentence.
WORKER_CUE = re.compile(r"\b(?:injured worker|applicant|patient|claimant|employee|IW)\b", re.I)

# The phrases that introduce the date of injury:
# "sustained an industrial injury on 11-22-2012", "with date of injury 2/14/12",
# "reported an injury on 03/25/2010", "industrial injury of October 10, 2015",
# "occupational claim from 10/23/2016", "industrial injury date of 10-16-2016",
# "reported date of injury of 10-25-2016", "work related injury on November 11, 2016",
# "industrial injury October 10, 2016".
INJURY_CUE = re.compile(
    r"(?:\binjury\b|\bclaim\s+from\b|\bDOI\b)[^.;]{0,40}?(?=\d|(?:" + _MONTHS + r")\b)",
    re.I,
)

# Utilization review mentions: "The original Utilization Review (11-4-2015)",
# "The date of UR decision was 5/5/14.", "On 11-3-16, utilization review determined",
# "In a utilization review report dated November 30, 2016".
UR_CUE = re.compile(r"\b(?:(?i:utilization review)|UR)\b")

# ---------------------------------------------------------------------------------------------
# Decision items
# ---------------------------------------------------------------------------------------------

# The decision words a line can end with after the item's last colon. Matched case-insensitively
# on a whole line end: "Baclofen 10mg, #90: Upheld", "BACLOFEN 20MG #90.: Upheld",
# "Pre-op labs: CBC: Overturned", "...is: Upheld".
DECISION_TAIL = re.compile(
    r":\s*(?P<word>Upheld|Overturned|Overturned in part|Upheld in part|Partially overturned"
    r"|Partially certified|Partially upheld|Modified|Certified|Non-?certified|Denied|Approved)"
    r"\s*\.?\s*$",
    re.I,
)

# A decision word alone on the line after an item that ends with a colon:
#   "MILD PROCEDURE (MINIMALLY INVASIVE LUMBAR DECOMPRESSION) L4-5.:\nUpheld"
DECISION_ALONE = re.compile(
    r"^(?P<word>Upheld|Overturned|Overturned in part|Upheld in part|Partially overturned"
    r"|Partially certified|Partially upheld|Modified|Certified|Non-?certified|Denied|Approved)"
    r"\s*\.?\s*$",
    re.I,
)

# The last colon on an item line, used when a label is found but the decision word is not one we
# know: "Baclofen 10mg: Pending review" -> word "Pending review".
LAST_COLON_TAIL = re.compile(r":\s*(?P<word>[^:]{1,40}?)\s*$")

# Paragraph labels inside an item block.
CA_GUIDELINE_LABEL = re.compile(r"^Claims Administrator guideline:", re.MULTILINE | re.I)
MAXIMUS_GUIDELINE_LABEL = re.compile(r"^MAXIMUS guideline:", re.MULTILINE | re.I)
RATIONALE_LABEL = re.compile(r"^Decision rationale:", re.MULTILINE | re.I)

# A line that ends a sentence: the previous block (rationale or section intro) ends there and the
# next item's text starts on the following line. "necessary.", "appropriate.\"", "(sic).", "below:"
SENTENCE_END = re.compile(r"""(?:[.?!]["')\]]*|:)\s*$""")

# Partial approvals, about forty in the published letters:
#   "Baclofen 100mg #30 was the original request. Baclofen 100mg #27 was authorized by the Claims
#    Administrator. The remaining IMR eligible portion of the original request, Baclofen 100mg #3"
#   "Acupuncture treatments (unspecified quantity) was the original request. The Claims
#    Administrator authorized Acupuncture treatments, 6 sessions, leaving the original request IMR
#    eligible. The original request, Acupuncture treatments (unspecified quantity) is"
PARTIAL_ORIGINAL = re.compile(r"^(?P<original>.+?)\s+was the original request\.\s*", re.I | re.S)
PARTIAL_AUTHORIZED_PASSIVE = re.compile(
    r"^(?P<authorized>.+?)\s+(?:was|were) authorized by the Claims Administrator\.\s*", re.I | re.S
)
PARTIAL_AUTHORIZED_ACTIVE = re.compile(
    r"^The Claims Administrator authorized\s+(?P<authorized>.+?)(?:,\s*leaving the original\s+"
    r"request IMR eligible)?\.\s*",
    re.I | re.S,
)
PARTIAL_REMAINDER = re.compile(
    r"^The (?:remaining IMR eligible portion of the original request|original request),?"
    r"\s*(?P<remainder>.+?)(?:\s+is)?\s*$",
    re.I | re.S,
)
# The sentence start used to find a partial approval's first line when walking back from the
# decision line: everything from "<X> was the original request." on belongs to the item.
PARTIAL_MARKER = re.compile(r"was the original request\.", re.I)

# ---------------------------------------------------------------------------------------------
# Guideline citations (see citations.py for the grammar)
# ---------------------------------------------------------------------------------------------

# "Decision based on" opens each citation; a paragraph may hold several.
DECISION_BASED_ON = re.compile(r"Decision based on\s+", re.I)

# "The Claims Administrator did not cite any medical evidence for its decision."
NO_EVIDENCE = re.compile(r"did not cite any medical evidence", re.I)

# Preambles that are not citations themselves:
# "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines."
# "The Claims Administrator did not base their decision on the MTUS."
PREAMBLE = re.compile(
    r"The (?:Claims Administrator|Expert Reviewer) (?:based their decision on recommendation\(s\)"
    r" outside of the MTUS(?: Guidelines)?|did not base (?:their|its) decision on the MTUS)\.?",
    re.I,
)

# "Non-MTUS Citation Official Disability Guidelines (ODG) Pain (Chronic), Voltaren Gel"
NON_MTUS = re.compile(r"^Non-MTUS Citation\s*", re.I)

# "MTUS Chronic Pain Medical Treatment 2009, Section(s): Topical Analgesics."
MTUS_PREFIX = re.compile(r"^(?:CA\s+)?MTUS\b[\s,:/-]*", re.I)

# "Official Disability Guidelines (ODG)", "ODG guidelines", "Official Disability Guidelines -"
ODG_PREFIX = re.compile(
    r"^(?:the\s+)?(?:Official Disability Guidelines?(?:\s*\(ODG\))?|ODG)"
    r"(?:\s+guidelines?)?[\s,:-]*",
    re.I,
)

# The ODG edition and format before the chapter: "Official Disability Guidelines, 2016, Web
# Version, Criteria for skilled nursing facility" -> edition 2016.
ODG_EDITION = re.compile(
    r"^\(?(?P<edition>(?:19|20)\d{2})\)?(?:[\s,]+(?:Web|Online|Electronic)\s+Version)?[\s,]*",
    re.I,
)

# "and Other Medical Treatment Guidelines ACOEM Hip and Groin Disorders..." joins a second,
# non-MTUS source to an ODG citation.
OTHER_GUIDELINES_JOIN = re.compile(r"\s+and Other Medical Treatment Guidelines?\s+", re.I)

# ", and Neck and Upper Back Complaints 2004, Section(s): Summary" - a second MTUS document.
# Not the comma inside the title "Forearm, Wrist, and Hand Complaints".
AND_JOIN = re.compile(r"(?<!Wrist),\s*and\s+(?!Hand Complaints)", re.I)

# The documents letters name after "MTUS", longest first. Chapter numbers are optional:
# "ACOEM Chapter 12 Low Back Complaints".
MTUS_DOCUMENT = re.compile(
    r"^(?P<document>"
    r"(?:ACOEM\s+)?(?:Chapter\s+\d+\s*,?\s*)?(?:"
    r"Chronic Pain Medical Treatment(?:\s+Guidelines?)?"
    r"|Chronic Pain Treatment(?:\s+Guidelines?)?"
    r"|Chronic Pain"
    r"|Opioids? Treatment(?:\s+Guidelines?)?"
    r"|Postsurgical Treatment(?:\s+Guidelines?)?"
    r"|Post-?surgical(?:\s+Treatment)?(?:\s+Guidelines?)?"
    r"|Acupuncture(?:\s+Medical)?\s+Treatment(?:\s+Guidelines?)?"
    r"|General Approaches"
    r"|Neck and Upper Back Complaints"
    r"|Shoulder Complaints"
    r"|Elbow (?:Disorders|Complaints)"
    r"|Forearm,? Wrist,? and Hand Complaints"
    r"|Low Back Complaints"
    r"|Knee Complaints"
    r"|Ankle and Foot Complaints"
    r"|Stress Related Conditions"
    r"|Eye"
    r"|ACOEM(?:\s+Practice)?(?:\s+Guidelines?)?"
    r"))",
    re.I,
)

# Edition year after a document: "2009", "2016", "2004", "2007". Also "(2009)".
EDITION = re.compile(r"^[\s,]*\(?(?P<edition>(?:19|20)\d{2})\)?")

# "Guidelines" after the edition: "Chronic Pain Medical Treatment 2016 Guidelines, Section(s):"
TRAILING_GUIDELINES_WORD = re.compile(r"^\s*Guidelines?\b", re.I)

# "Section(s): Topical Analgesics." / "Section(s):" then the section names.
SECTIONS_LABEL = re.compile(r"Section\(s\):\s*", re.I)

# "Page(s): 63-66", "Page(s): 76-78, 88-89", "page(s) 111-112", "pages 63-66", "page 24",
# "pg. 64", "p 301", "Page(s): 111-113 of 127".
PAGES = re.compile(
    r"\b(?:Page\(s\)|pages?|pg\.?|pp\.?|p\.?)\s*:?\s*"
    r"(?P<ranges>\d{1,3}(?:\s*-\s*\d{1,3})?(?:\s*(?:,|and|&)\s*\d{1,3}(?:\s*-\s*\d{1,3})?)*)"
    r"(?:\s+of\s+\d{1,3})?",
    re.I,
)

# One range inside PAGES' "ranges" group: "63-66" or "24".
PAGE_RANGE = re.compile(r"(?P<start>\d{1,3})(?:\s*-\s*(?P<end>\d{1,3}))?")

# The sentence of a rationale that restates what was requested (seed 001's Ultram rationale says
# "The request is for BACLOFEN 10 MG #90."): a drug named here that is not the item's own is a
# sign the rationale was written for another item.
REQUEST_FOR = re.compile(
    r"\b(?:the\s+)?request(?:ed)?\s+(?:is|was)\s+for\s+(?P<what>[^.]{1,120})", re.I
)

# Web addresses in free-text citations: "http://www.nhlbi.nih.gov/health/..."
URL = re.compile(r"https?://\S+", re.I)

# ---------------------------------------------------------------------------------------------
# Text clean-up (clean.py)
# ---------------------------------------------------------------------------------------------

# A word broken across a line end by a hyphen: "gastro-\nintestinal", "certi-\nfied". Matched
# at the letter before each "-\n" that str.find locates (a leading [A-Za-z]+ would be retried at
# every letter of the letter); clean.py extends it to the whole word.
HYPHEN_BREAK = re.compile(r"[A-Za-z]-\n(?=[a-z])")

# A number range broken after its hyphen: "Page(s): 63-\n66", "L4-\n5".
# (No lookbehind: a pattern that starts with the literal "-\n" is found by a fast scan; clean.py
# checks the character before.)
NUMBER_HYPHEN_BREAK = re.compile(r"-\n(?=\d)")

# Runs of spaces and tabs inside a line.
INNER_SPACE = re.compile(r"[ \t]+")

# Whitespace runs in joined text fields.
ANY_SPACE = re.compile(r"\s+")

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

# ---------------------------------------------------------------------------------------------
# Guideline names and section lists (guidelines/names.py, guidelines/split.py)
# ---------------------------------------------------------------------------------------------

# "Decision based on", "Non-MTUS Citation", "Section(s):" carry no name.
CITATION_FILLER = re.compile(
    r"Decision based on|Non-\s?MTUS(?:\s+Citation)?|\bSections?\s*\(s\)\s*:?", re.I
)

# A section string that is only a number: "Elbow Complaints 2007, Section(s): 326."
SECTION_ONLY_NUMBER = re.compile(r"^\s*\d+\s*\.?\s*$")

# A numbered heading at the start of a piece: "3.3.9 Opioids for ...", "2. Opioids for ...".
NUMBERED_HEADING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s")

# A lost space between two words of a name: "Low BackChapter" -> "Low Back Chapter".
NAME_LOST_SPACE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")

# A possessive or apostrophe plural, dropped from names: "MRI's", "TCA's".
NAME_APOSTROPHE_S = re.compile(r"['’]s\b")

# Runs of anything but lower-case letters and digits, one space in a normalized name:
# "nsaids, gi symptoms and cardiovascular risk" -> "nsaids gi symptoms and cardiovascular risk".
NAME_NON_WORD = re.compile(r"[^a-z0-9]+")
