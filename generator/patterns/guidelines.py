"""Guideline names and section lists (guidelines/).

See ``generator/patterns/__init__.py`` for the rules every pattern follows.
"""

from __future__ import annotations

import re

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
