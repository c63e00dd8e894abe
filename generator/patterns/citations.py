"""The guideline citation grammar (citations.py).

See ``generator/patterns/__init__.py`` for the rules every pattern follows.
"""

from __future__ import annotations

import re

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

# "Non-MTUS Citation Official Disability Guidelines (ODG) Pain (Chronic), Voltaren Gel", and
# without "Citation": "Non-MTUS Official Disability Guidelines (ODG), Pain Chapter, Zolpidem."
NON_MTUS = re.compile(r"^Non-MTUS(?:\s+Citation)?[\s:,-]*", re.I)

# Where a guideline is named by its name in a paragraph with no "Decision based on", whatever
# the lead-in: "The MAXIMUS physician reviewer based his/her decision on the Non-MTUS Official
# Disability Guidelines (ODG), Pain Chapter, Zolpidem.", "Per the MTUS Chronic Pain Medical
# Treatment 2009, Section(s): ...", "The reviewer relied on the MTUS ...". The citation is read
# from the name on, as if it followed "Decision based on".
GUIDELINE_NAMED = re.compile(
    r"\bNon-MTUS\b|\b(?:CA\s+)?MTUS\b|\bOfficial Disability Guidelines?\b|\bODG\b|\bACOEM\b",
    re.I,
)

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
