"""Text that looks like a personal identifier (privacy.py).

See ``generator/patterns/__init__.py`` for the rules every pattern follows. These run on a
letter's whole cleaned text. The published letters are redacted, so none of these occurs in the
146 of ../shared/real_letters or the seeds (tests/test_privacy.py checks it); each pattern was
written from the identifier's usual written forms and checked against what the letters do hold
that looks alike: the published IMR case number ("Case Number: CM16-0213037"), dates
("10-13-16", "11/09/2016"), guideline page ranges and regulation sections ("Page(s): 63-66",
"sections 9789.10-9789.111"), ICD codes ("ICD9 729.1"), doses and counts ("7.5-325mg #112",
"1-2 tabs orally every 4-6 hrs"), web addresses of guideline sources
("http://www.drugs.com/famotidine.html"). The fixture letters that plant each identifier are
tests/fixtures/privacy/<kind>.txt.

Beside each pattern, ``<PATTERN>_CUES``: what every match of the pattern shows in the text's
*shape*, the form privacy.py searches first (``shape``: the text as ASCII bytes, lowercased,
every digit a "0", every whitespace character a space). The cues are plain words, or start
with one, so each is found at the speed of a substring search, where the patterns (most
case-insensitive, most opening with ``\\b``) are tried at every character of the ~5 KB text;
a letter that shows no cue of a kind skips that kind's pattern, which is all of them for a
redacted letter. A cue must follow from the pattern, not only be likely beside it: every
alternative of the pattern spells out one of its cues (tests/test_privacy.py checks every
match of the fixtures and test cases, and the results against the patterns alone).
"""

from __future__ import annotations

import re

# A US social security number, dashed or spaced as it is written: "123-45-6789",
# "123 45 6789"; or nine digits after a label: "SSN: 123456789", "Social Security No. 123456789".
# Not a date ("10-13-2016": two digits first) nor a case number ("CM16-0213037").
SSN = re.compile(
    r"(?<![\w/-])\d{3}([- ])\d{2}\1\d{4}(?![\w/-])|"
    r"\b(?:SSN|SS#|social\s+security(?:\s+(?:number|no\.?|#))?)\s*:?\s*#?\s*\d{9}\b",
    re.I,
)
# The dashed or spaced digits; each label.
SSN_CUES = (
    re.compile(rb"000-00-0000"),
    re.compile(rb"000 00 0000"),
    re.compile(rb"ssn"),
    re.compile(rb"ss#"),
    re.compile(rb"social +security"),
)

# A North American phone number: "(916) 555-0123", "916-555-0123", "916.555.0123",
# "1-800-555-0123", "+1 916 555 0123". Area code and exchange start with 2-9, as assigned. Not
# a date, a dose or a page range (none has the 3-3-4 digit shape).
PHONE = re.compile(
    r"(?<![\w/.-])(?:\+?1[-. ]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[-. ])[2-9]\d{2}[-. ]\d{4}"
    r"(?![\w/-])"
)
# The last seven digits: "555-0123", "555.0123", "555 0123".
PHONE_CUES = (re.compile(rb"000[-. ]0000"),)

# An e-mail address: "jane.doe@example.com". (Guideline sources are cited by web address,
# "http://www.drugs.com/famotidine.html", which has no "@".)
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
EMAIL_CUES = (re.compile(rb"@"),)  # the at sign

# A street address: a house number, a capitalized street name and a street type ("1234 Main
# Street", "55 N. Elm Ave", "1500 Capitol Mall"), a post office box ("P.O. Box 1234"), or a
# California city and ZIP code ("Sacramento, CA 95814"). Case-sensitive on the street name, so
# "12 visits" or "6 weeks" are not streets; "Dr" is left out ("seen by 2 Dr. Smith").
STREET_ADDRESS = re.compile(
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\.?\s+){1,3}(?:Street|St|Avenue|Ave|Boulevard|"
    r"Blvd|Road|Rd|Drive|Lane|Ln|Way|Court|Ct|Place|Circle|Parkway|Pkwy|Highway|Hwy|Mall)\b\.?|"
    r"\bP\.?\s?O\.?\s+Box\s+\d+\b|"
    r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+(?:CA|California)\s+9\d{4}(?:-\d{4})?\b"
)
# Each alternative from its house number on (the first with no limit on the digits and no
# capitals: the shape has none), from "Box" and its number on, from the comma before the state.
STREET_ADDRESS_CUES = (
    re.compile(
        rb"0 +(?:[nsew]\.? +)?(?:[a-z][a-z]+\.? +){1,3}(?:street|st|avenue|ave|boulevard|blvd|"
        rb"road|rd|drive|lane|ln|way|court|ct|place|circle|parkway|pkwy|highway|hwy|mall)\b"
    ),
    re.compile(rb"box +0"),
    re.compile(rb", +(?:ca|california) +00000"),
)

# A claim, policy, member or account number after its label: "Claim Number: 05123456",
# "Claim #: WC-2016-004412", "Policy No. ABC1234567", "Member ID 98765432"; and an EAMS
# adjudication case number, which names a worker's claim before the appeals board
# ("ADJ10234567"). Not the published IMR case number ("Case Number: CM16-0213037").
CLAIM_NUMBER = re.compile(
    r"\b(?:claim|policy|member|account|subscriber|group|insured)\s*(?:number|no\.?|#|ID)\s*:?\s*"
    r"#?\s*(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{4,}\b|"
    r"\bADJ\d{6,8}\b",
    re.I,
)
# Each label with what follows it ("claim" alone is in every letter: "claims administrator");
# the EAMS number's letters and first six digits.
CLAIM_NUMBER_CUES = (
    *(
        re.compile(label + rb" *(?:number|no|#|id)")
        for label in (rb"claim", rb"policy", rb"member", rb"account", rb"subscriber", rb"group",
                      rb"insured")
    ),
    re.compile(rb"adj000000"),
)  # fmt: skip

# A date of birth written as such: "DOB: 04/12/1961", "Date of Birth: April 12, 1961", "born on
# 4-12-61". (The letters state an age, "a 48 year old male", and dates of injury, never a birth
# date.)
DATE_OF_BIRTH = re.compile(
    r"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born\s+(?:on\s+)?)\s*:?\s*"
    r"(?:\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})",
    re.I,
)
# Each label ("date of birth" and "birth date" both hold "birth").
DATE_OF_BIRTH_CUES = (
    re.compile(rb"dob"),
    re.compile(rb"d\.o\.b"),
    re.compile(rb"birth"),
    re.compile(rb"born"),
)

# A medical record or chart number after its label: "MRN: 00123456", "Medical Record Number
# 4455667", "Chart # A-99812", "Patient ID: 7788990".
MEDICAL_RECORD_NUMBER = re.compile(
    r"\b(?:MRN|medical\s+record\s+(?:number|no\.?|#)|chart\s+(?:number|no\.?|#)|"
    r"patient\s+ID)\s*:?\s*#?\s*(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{3,}\b",
    re.I,
)
# Each label, with what follows it where the first word alone is common ("medical records").
MEDICAL_RECORD_NUMBER_CUES = (
    re.compile(rb"mrn"),
    re.compile(rb"medical +record +(?:number|no|#)"),
    re.compile(rb"chart +(?:number|no|#)"),
    re.compile(rb"patient +id"),
)

# A character other than ASCII: privacy.py reads a letter's shape only when none of them is a
# letter, a digit or a space (a degree sign, a multiplication sign); else every pattern runs.
NOT_ASCII = re.compile(r"[^\x00-\x7f]")
