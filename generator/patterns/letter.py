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
