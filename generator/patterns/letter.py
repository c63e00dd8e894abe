"""The letter's own grammar: dates, section headings, the header block, reviewer credentials,
patient facts and decision items (parse/).

See ``generator/patterns/__init__.py`` for the rules every pattern follows.
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

# "DOCUMENTS REVIEWED": the list of records the reviewer read, in the MAXIMUS letterhead layout
# (after the credentials, or between summary and decisions). Not the 2013 layout's "DOCUMENTS
# REVIEWED FOR DETERMINATION:" (MPR_DOCUMENTS_HEADING).
DOCUMENTS_HEADING = re.compile(r"^DOCUMENTS REVIEWED\b(?! FOR DETERMINATION)", re.MULTILINE | re.I)

# "IMR ISSUES, DECISIONS AND RATIONALES" (seeds, published letters: group ``current``) and
# "IMR DECISION(S) AND RATIONALE(S)" (the MAXIMUS letterhead layout, which lists documents
# reviewed).
ISSUES_HEADING = re.compile(
    r"^IMR (?:(?P<current>ISSUES, DECISIONS AND RATIONALES)|DECISION\(S\) AND RATIONALE\(S\))"
    r"(?=\s|$)",
    re.MULTILINE | re.I,
)

# The MAXIMUS letterhead that opens the older layout:
#   "MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review"
LETTERHEAD = re.compile(
    r"^MAXIMUS FEDERAL SERVICES,? INC\.?\s*\n\s*Independent Medical Review\b", re.MULTILINE
)

# A numbered or bulleted entry of a list: "1. Progress report dated 10/19/2016", "2) ...",
# "- Utilization review determination", "• Medical records".
LIST_ENUMERATOR = re.compile(r"^(?:\d{1,3}[.)]|[-•*·])\s+")

# ---------------------------------------------------------------------------------------------
# The 2013 MEDICAL PROFESSIONAL REVIEW letter (layout "mpr-2013"): its headings, in its order.
# ---------------------------------------------------------------------------------------------

# "MEDICAL PROFESSIONAL REVIEW" - the title that opens it.
MPR_TITLE = re.compile(r"^MEDICAL PROFESSIONAL REVIEW\b", re.MULTILINE)

# "ISSUE AT DISPUTE:" - the disputed items, each "<item>: <decision>" ("ISSUES AT DISPUTE:",
# "ISSUE(S) AT DISPUTE:" tolerated).
MPR_ISSUES_HEADING = re.compile(r"^ISSUE(?:\(S\)|S)? AT DISPUTE:", re.MULTILINE)

# "CASE SUMMARY:"
MPR_SUMMARY_HEADING = re.compile(r"^CASE SUMMARY:", re.MULTILINE)

# "DOCUMENTS REVIEWED FOR DETERMINATION:"
MPR_DOCUMENTS_HEADING = re.compile(r"^DOCUMENTS REVIEWED FOR DETERMINATION:", re.MULTILINE)

# "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:" - the
# reviewer's guideline, one per item (the layout has no Claims Administrator guideline).
MPR_GUIDELINE_HEADING = re.compile(
    r"^MEDICAL TREATMENT GUIDELINE\(S\) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
    re.MULTILINE,
)

# "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:" - one
# per item.
MPR_RATIONALE_HEADING = re.compile(
    r"^RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
    re.MULTILINE,
)

# "MEDICAL REVIEWER QUALIFICATIONS:" - the credentials, last.
MPR_QUALIFICATIONS_HEADING = re.compile(r"^MEDICAL REVIEWER QUALIFICATIONS:", re.MULTILINE)

# The first section heading of any known layout: where the header block ends (clean.py writes
# the block canonically; parse reads its labels up to there).
FIRST_HEADING = re.compile(
    r"^(?:HOW THE IMR FINAL DETERMINATION WAS MADE|CLINICAL CASE SUMMARY|DOCUMENTS REVIEWED"
    r"|IMR ISSUES, DECISIONS AND RATIONALES|IMR DECISION\(S\) AND RATIONALE\(S\)"
    r"|ISSUE(?:\(S\)|S)? AT DISPUTE:|CASE SUMMARY:|MEDICAL TREATMENT GUIDELINE\(S\)"
    r"|RATIONALE FOR WHY|MEDICAL REVIEWER QUALIFICATIONS:)",
    re.MULTILINE | re.I,
)

# Words that mark a text as an IMR determination even when none of a known layout's headings
# is there: such a text is "in no known layout", anything else "not an IMR determination".
IMR_MARKERS = re.compile(
    r"MAXIMUS|Independent Medical Review|IMR FINAL DETERMINATION|Expert Reviewer", re.I
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

# Where a credentials value stops when the letter's line breaks are lost and the next heading
# or paragraph runs on: "Certification(s)/Specialty: Occupational Medicine, Family Practice
# DOCUMENTS REVIEWED Application of Independent Medical Review dated 11/11/2016". A specialty
# never holds a heading word, the summary's boilerplate or a date.
CREDENTIALS_STOP = re.compile(
    r"(?:\s|^)(?:DOCUMENTS REVIEWED|CLINICAL CASE SUMMARY|CASE SUMMARY|IMR ISSUES|IMR DECISION"
    r"|HOW THE IMR|MEDICAL TREATMENT GUIDELINE|MEDICAL REVIEWER QUALIFICATIONS|ISSUE AT DISPUTE"
    r"|RATIONALE FOR|The expert reviewer developed|The injured worker|Application of Independent"
    r")\b"
    r"|(?<![\d/-])\d{1,2}\s?[-/]\s?\d{1,2}\s?[-/]\s?(?:\d{4}|\d{2})(?![\d/-])"
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
# next item's text starts on the following line. "necessary.", "appropriate.\"", "(sic).",
# "set forth below:". A line ending in any other colon does not end a block: the item itself
# may wrap after one ("Lidoderm patch, ..., #1 box with 1 refill, DOS:" / "11/11/2016: Upheld").
SENTENCE_END = re.compile(r"""(?:[.?!]["')\]]*|\bbelow:)\s*$""", re.I)

# A date field written into an item's name, which is a field of the item and not part of its
# name: "..., #1 box with 1 refill, DOS: 11/11/2016", "Terocin patches #30 (DOS: 9/14/2016)",
# "Norco 10/325mg #60, date of service: 10/20/2016", "Urine drug screen, Request date: 10/19/16",
# "(retro DOS 10/1/16)", "requested on 10/19/2016", "dates of service 6/2/16".
ITEM_DATE_FIELD = re.compile(
    r"[\s,;]*(?P<open>\()?\s*(?:(?:retro(?:spective)?|retro\.)\s+)?"
    r"(?P<label>DOS|dates?\s+of\s+service|service\s+date|request(?:ed)?\s+date|date\s+of\s+"
    r"request|requested\s+on|date\s+requested)\b\s*[:=-]?\s*"
    r"(?P<date>\d{1,2}\s?[-/]\s?\d{1,2}\s?[-/]\s?(?:\d{4}|\d{2}))(?![\d/-])"
    r"(?(open)\s*\))",
    re.I,
)

# Partial approvals, about forty in the published letters:
#   "Baclofen 100mg #30 was the original request. Baclofen 100mg #27 was authorized by the Claims
#    Administrator. The remaining IMR eligible portion of the original request, Baclofen 100mg #3"
#   "Acupuncture treatments (unspecified quantity) was the original request. The Claims
#    Administrator authorized Acupuncture treatments, 6 sessions, leaving the original request IMR
#    eligible. The original request, Acupuncture treatments (unspecified quantity) is"
# The partial structure is read sentence by sentence, never by comparing the strings. A sentence
# ends at a period followed by a space, never at a decimal point ("Trezix capsule 320.5/30/16mg").
# A letter may mistype the request the second time ("... capsule 320.5/30/16mg was the original
# request. ... The original request, ... capsule 30.5/30/16mg is: Upheld").
# Sentence 1: "<original> was the original request." ("were", a missing period tolerated).
PARTIAL_ORIGINAL = re.compile(
    r"^(?P<original>.+?)\s+(?:was|were)\s+the\s+original\s+request\s*(?:[.;,]\s*|\s+(?=The\s))",
    re.I | re.S,
)
# Sentence 2 (optional), passive: "Baclofen 100mg #27 was authorized by the Claims
# Administrator.", "... were certified by utilization review.", "... was modified by UR."
PARTIAL_AUTHORIZED_PASSIVE = re.compile(
    r"^(?P<authorized>.+?)\s+(?:was|were|has been|have been)\s+(?:authorized|certified|approved"
    r"|modified)(?:\s+by\s+(?:the\s+)?(?:Claims Administrator|utilization review|UR|reviewer))?"
    r"\.(?:\s+|$)",
    re.I | re.S,
)
# Sentence 2 (optional), active: "The Claims Administrator authorized Acupuncture treatments, 6
# sessions, leaving the original request IMR eligible.", "Utilization review certified ...",
# "The Claims Administrator modified the request to ...".
PARTIAL_AUTHORIZED_ACTIVE = re.compile(
    r"^(?:The\s+)?(?:Claims Administrator|utilization review|UR)\s+(?:partially\s+)?"
    r"(?:authorized|certified|approved|modified(?:\s+the\s+request)?(?:\s+to)?)"
    r"\s+(?P<authorized>.+?)(?:,\s*leaving\s+the\s+(?:original\s+)?request\s+IMR\s+"
    r"eligible)?\.(?:\s+|$)",
    re.I | re.S,
)
# Last sentence: "The remaining IMR eligible portion of the original request, Baclofen 100mg #3
# is", "The original request, Acupuncture treatments (unspecified quantity) is", "The remaining
# portion of the request, ...". ``whole`` tells that the letter restates the whole request.
PARTIAL_REMAINDER = re.compile(
    r"^The\s+(?:(?:remaining\s+)?IMR\s+eligible\s+portion\s+of\s+the\s+(?:original\s+)?request"
    r"|remaining\s+portion\s+of\s+the\s+(?:original\s+)?request|(?P<whole>original\s+request))"
    r",?\s*(?:for\s+)?(?P<remainder>.+?)(?:\s+is)?\s*$",
    re.I | re.S,
)
# The sentence start used to find a partial approval's first line when walking back from the
# decision line: everything from "<X> was the original request." on belongs to the item.
PARTIAL_MARKER = re.compile(r"(?:was|were)\s+the\s+original\s+request\b", re.I)
