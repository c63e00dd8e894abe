"""Why an item was upheld or overturned: the words of a rationale that give each reason of
``lexicons/reasons.yaml`` (reasons.py).

See ``generator/patterns/__init__.py`` for the rules every pattern follows. These run on one
sentence of a rationale at a time, with line breaks turned into spaces (cleaned text has single
spaces), case-insensitively. Each pattern names the letter (case number, item) whose words
motivated it. A pattern for an upheld reason carries its own negation ("no ...", "lack of ...",
"failed to ..."); a pattern for an overturned reason states a presence, and reasons.py drops it
when a negation cue comes just before it in the sentence (``NEGATION_BEFORE``).

Beside each pattern of a rule, ``<PATTERN>_WORDS``: words one of which every match of the pattern
holds, because every alternative of the pattern spells one of them out (lowercase; a space
stands for the pattern's ``\\s+``). They are the rule's ``needs``: reasons.py looks for them in
the whole rationale, lowercased, and tries the rule only on the sentences that hold one, which
spares most of the ~30 searches a sentence would cost. A word must be in the pattern, not only
likely beside it (tests/test_reasons.py checks that every match of the letters holds one): a
pattern given an alternative needs a word for it. A negated pattern also has a ``*_TOPIC``,
what it denies alone, searched in a sentence that holds a word before the pattern is.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Building blocks (private: fragments, not patterns)
# ---------------------------------------------------------------------------------------------

# A negation cue, as reviewers write it: "There is no documentation", "there was a lack of",
# "without any documentation", "failed to provide", "does not document", "absent red flags",
# "it is unclear", "nor", "cannot be considered". Not a "not" that only qualifies one word in
# parentheses: "EMG is recommended as an option (needle, not surface) to obtain unequivocal
# evidence of radiculopathy" (ODG quoted in CM17-0000859 #1).
_NEG = (
    r"(?:\bno\b|\bnot\b(?!\s+\w+\s*\))|\bnor\b|\bnever\b|\black(?:ing)?\b|\bwithout\b|"
    r"\babsen(?:t|ce)\b|\bfail(?:s|ed)?\s+to\b|\bunclear\b|\bcannot\b|\bneither\b|\bnone\b|n't\b)"
)


def _gap(most: int) -> str:
    """The words between a negation and what it denies, at most ``most`` characters of one
    clause: "no documentation of specific objective", "lack of documentation regarding the
    patient's". It never crosses a full stop or semicolon, nor a "but", "because" or "except"
    that starts another thought: "Nerve conduction studies are not recommended, but
    electromyography is recommended as an option to obtain unequivocal evidence of
    radiculopathy" (CM16-0248698 #7); "not recommended for long-term use because long-term
    efficacy is unproven" (CM16-0240524 #1)."""
    return rf"(?:(?!\b(?:but|because|except)\b)[^.;]){{0,{most}}}?"


def _denied(topic: str, most: int, after_cue: str = "") -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A negation, at most ``most`` characters of its clause, then ``topic`` (``after_cue``: a
    lookahead right after the cue); and ``topic`` alone, which reasons.py requires of a sentence
    before it tries the first (a rule's ``topic``: the lazy gap after every negation of every
    sentence is slow to fail, the topic's search is fast)."""
    return re.compile(_NEG + after_cue + _gap(most) + topic, re.I), re.compile(topic, re.I)


# A negation cue alone: where evidence that opens with a negation may start. The words matched
# run from the last cue before what is denied ("It has not been evaluated for the spine, and
# ... it is not recommended as first-line treatment" keeps "not recommended as first-line
# treatment", seed 000_5d516a6f8a2f4e6d, item 1).
NEGATION_CUE = re.compile(_NEG, re.I)

# ---------------------------------------------------------------------------------------------
# Sentence-level guards (reasons.py)
# ---------------------------------------------------------------------------------------------

# A negation before a presence, in the same clause: "no documented improvement in pain or
# function" (CM17-0005589 #1) voids "improvement in pain" for an overturned reason.
NEGATION_BEFORE = re.compile(_NEG + r"[^.;,]*$", re.I)

# A hypothesis, not a finding: "When treatment duration and/or number of visits exceeds the
# guideline, exceptional factors should be noted" (ODG quoted in CM17-0010885 #2); "Acupuncture
# treatments may be extended if functional improvement is documented" (CM16-0242419 #1).
# Searched in the clause before the match.
CONDITIONAL_BEFORE = re.compile(r"\b(?:if|when|whether|unless|once)\b[^.;,]*$", re.I)

# A hypothesis inside a negated match: "special studies are not needed unless a three or four
# week period of conservative care" (CM16-0230548 #1); "special studies are not needed until
# after a 3 to 4 week period of conservative care" (CM17-0002106 #2). ("if" is not one: "has
# failed to document if the patient has had completed conservative treatment", CM17-0016204 #1.)
CONDITIONAL_INSIDE = re.compile(r"\b(?:unless|until)\b", re.I)

# A sentence that reports what a guideline says rather than what the records show: "The
# California MTUS 2016 Chronic Pain Guidelines state that ...", "Per ODG, ...", "ACOEM
# Guidelines indicate ...". Rules for reasons that guidelines state in general words (red flags,
# objective findings) skip such sentences.
GUIDELINE_STATEMENT = re.compile(
    r"\b(?:MTUS|ODG|ACOEM|guidelines?|Official Disability)\b[^.]{0,80}?\b(?:states?|stated|"
    r"recommends?|recommended|notes?|noted|indicates?|says?|supports?|stipulates?|advises?|"
    r"requires?|specif(?:y|ies)|discusses|limits?|refers?|do not address|is silent)\b|"
    r"^\s*(?:Per|According to|Pursuant to)\b[^.]{0,60}\b(?:MTUS|ODG|ACOEM|guidelines?)\b",
    re.I,
)

# A word of a rule's ``needs`` (the ``*_WORDS`` below): lowercase ASCII letters, digits, hyphens,
# apostrophes, quotes and commas, one space between words (for the pattern's ``\s+``). No
# sentence break can fall inside one ("." "!" "?" are not allowed), so a word found in a
# rationale is inside one sentence, and only ASCII (which lowercasing folds exactly as ``re.I``
# does) is allowed.
NEEDED_WORD = re.compile(r"[a-z0-9,'\"-]+(?: [a-z0-9,'\"-]+)*")

# Sentence boundaries: after ".", "!" or "?" and space, before a capital, a quote or a digit
# ("... not medically necessary. The request ..."). "e.g. massage" and "7.5mg" do not split.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(0-9])")

# ---------------------------------------------------------------------------------------------
# Upheld: from the list
# ---------------------------------------------------------------------------------------------

# no-functional-improvement: a negation, then the improvement it denies. "There is a lack of
# documentation with quantified evidence of numerical pain relief and increased function with
# prior treatment" (CM16-0231745 #1); "lack of documentation regarding the patient's functional
# response to therapy" (CM16-0245295 #1); "There is no evidence the patient is benefiting from
# treatment" (CM16-0248698 #16); "There was a lack of evidence provided to support medication
# efficacy" (CM16-0248698 #17); "The patient does not have objective documentation of functional
# improvement with Baclofen" (CM16-0233904 #1). Not "Muscle relaxants show no benefit beyond
# NSAIDS" (a guideline, the same rationale), "most studies show no benefits beyond NSAIDs in pain
# relief" (seed 004_fe65d462dc32a52a, item 3) nor "any lasting benefit beyond the acute phase"
# (CM16-0245466 #6).
_IMPROVEMENT = (
    r"(?:(?:functional|objective|subjective|significant|measurable|quantifi\w+|meaningful)\s+"
    r"(?:\w+\s+){0,2}?(?:improvement|benefits?|gains?)(?!\s+(?:beyond|over)\b)|"
    r"improvement\s+in\s+(?:pain|function)|(?:increased?|improved?)\s+(?:in\s+)?function|"
    r"(?:functional|objective)\s+response|response\s+to\s+(?:the\s+)?(?:therapy|treatment)|"
    r"efficacy|benefiting|pain\s+relief|decrease\s+in\s+pain)"
)
NO_IMPROVEMENT_DOCUMENTED, IMPROVEMENT_TOPIC = _denied(
    _IMPROVEMENT, 90, r"(?![^.;]{0,30}\bbeyond\b)"
)
NO_IMPROVEMENT_DOCUMENTED_WORDS = (
    "improve", "benefit", "gain", "increase", "efficacy", "relief", "decrease", "response",
)  # fmt: skip

# no-functional-improvement, the treatment tried and not helping: "it was noted that the
# chiropractic care had not alleviated the sharp, shooting pains" (CM17-0005344 #1).
TREATMENT_NOT_HELPING = re.compile(
    r"\b(?:had|has|have|was|were)\s+not\s+(?:been\s+)?alleviated\b",
    re.I,
)
TREATMENT_NOT_HELPING_WORDS = ("alleviated",)

# no-functional-improvement, the results of an authorized trial or of the treatment not shown:
# "The results of the initial 6 visits was not indicated" (CM16-0239569 #1); "Additional visits
# would not be indicated until the results of the initial set of visits was indicated" (#2);
# "Additional ice and heat pads would be recommended after the results from the initial set is
# provided" (#5); "Additional treatment is contingent upon patient response to therapy"
# (CM16-0248698 #3); "Therapy outcome was not included for review" (CM17-0012517 #1); "The
# efficacy of the medication was not provided" (CM16-0245466 #2); "the patient's significant
# objective functional improvement and decrease in pain with the previous visits was not
# indicated" (CM17-0006634 #8).
TRIAL_RESULTS_MISSING = re.compile(
    r"\bresults?\s+(?:of|from)\s+the\s+initial\b[^.]{0,60}?\b(?:not|until)\b|"
    r"\b(?:until|after)\s+the\s+results\b|"
    r"\bcontingent\s+(?:up)?on\s+(?:the\s+)?(?:patient'?s?\s+)?response|"
    r"\b(?:outcome|efficacy|functional\s+improvement)\b[^.;]{0,60}?\b(?:was|were|is)\s+not\s+"
    r"(?:included|provided|documented|indicated)",
    re.I,
)
TRIAL_RESULTS_MISSING_WORDS = (
    "of the initial", "from the initial", "the results", "contingent", "not included",
    "not provided", "not documented", "not indicated",
)  # fmt: skip

# beyond-duration: the guideline's limit already passed or long-term use refused (a sentence about
# this patient, not a guideline quoted: "Benzodiazepines are "not recommended for long-term use
# because ..."", CM16-0240524 #1). "there was evidence that the patient has been on this
# medication since at least 11/03/2016, exceeding the guideline recommendation for short term
# use" (CM16-0245466 #4); "Longterm use is not recommended" (CM16-0233904 #1); "This medication
# is not indicated for long term use" (CM17-0014438 #1); "The medication is not recommended for
# longer than 2 to 3 weeks" (CM16-0234464 #5); "the claimant has been treated with
# Klonopin for longer than the recommended 4 weeks" (seed 004_fe65d462dc32a52a, item 1); "There
# is no recommendation for ongoing use in chronic pain" (seed 004, item 3).
LONG_TERM_USE = re.compile(
    r"\blong[\s-]?term\s+(?:use|usage|treatment)\b[^.]{0,20}?\bnot\s+(?:be\s+)?(?:recommended|"
    r"indicated|supported|warranted)|"
    r"\bnot\s+(?:recommended|indicated|supported)\s+for\s+(?:long[\s-]?term|longer\s+than)|"
    r"\bexceed\w*\s+the\s+guideline\s+recommendation\s+for\s+short[\s-]term|"
    r"\bno\s+recommendation\s+for\s+(?:ongoing|long[\s-]?term|chronic)\s+use|"
    r"\bfor\s+longer\s+than\s+the\s+recommended\b",
    re.I,
)
LONG_TERM_USE_WORDS = ("term use", "term usage", "term treatment", "for long", "recommendation for")

# beyond-duration: the guideline's limit applied to this patient's use. "Given that the
# guidelines limit the use to 2 to 3 weeks, the ongoing usage would not be supported"
# (CM16-0234464 #5); "As Guidelines do not recommend long-term use of this medication, the
# current request is not medically appropriate" (seed 003_2bfc817a51949ce5, item 2). Not "Most
# guidelines limit use to 4 weeks" alone (CM16-0240524 #1).
USE_LIMIT_APPLIED = re.compile(
    r"\blimit\s+(?:the\s+)?use\s+to\b[^.;]{0,40}?\bongoing\s+(?:use|usage)|"
    r"\bnot\s+recommend\w*\s+long[\s-]?term\s+use\s+of\s+this\b",
    re.I,
)
USE_LIMIT_APPLIED_WORDS = ("ongoing use", "ongoing usage", "term use of this")

# beyond-duration: nothing shows the use will be short-term. "There is no indication if this
# medication will be used on a short-term basis" (seed 001_a5bd9920a7114176, item 1); "lack of
# clinical documentation the patient had muscle spasms on examination or the treatment would be
# on a short-term basis" (CM17-0013625 #5).
_SHORT_TERM = r"\bshort[\s-]term\s+(?:basis|use)"
SHORT_TERM_NOT_SHOWN, SHORT_TERM_TOPIC = _denied(_SHORT_TERM, 140)
SHORT_TERM_NOT_SHOWN_WORDS = ("short-term", "short term")

# not-first-line: first-line options not shown to have failed. "However, there was a lack of
# documentation regarding failure of antidepressants or anticonvulsants" (CM16-0245466 #2);
# "There is no evidence to support the patient has failed first line therapy prior to this
# request" (CM16-0248698 #9); "failed first line therapy to include non-opioid analgesics"
# (CM16-0248698 #11); "There was also a lack of documentation indicating that the patient has
# failed non-opioid medications" (CM17-0013077 #3); "There was no evidence of the patient failed
# trial of anticonvulsants or antidepressants" (CM17-0006634 #7); "As the documentation contains
# no evidence of second line analgesic trial such as TCA or SNRI" (ketamine, seed
# 002_df64986682944ae3, item 2).
_FIRST_LINE = (
    r"(?:(?:failure|failed|trial)\s+(?:\w+\s+){0,3}?(?:antidepressants|anticonvulsants|"
    r"first[\s-]line|non-?opioid|oral\s+non)|"
    r"(?:first|second)[\s-]line\s+(?:\w+\s+)?(?:therapy|treatments?|medications?|trial))"
)
FIRST_LINE_NOT_TRIED, FIRST_LINE_TOPIC = _denied(_FIRST_LINE, 120)
FIRST_LINE_NOT_TRIED_WORDS = (
    "antidepressants", "anticonvulsants", "first-line", "first line", "second-line",
    "second line", "non-opioid", "nonopioid", "oral non",
)  # fmt: skip

# not-first-line: a topical or liquid form with no sign the patient cannot take tablets. "There
# was no indication that the patient was intolerant to oral medication" (CM16-0234464 #6); "There
# is no indication the patient is not able to tolerate similar medication in pill/tablet form"
# (CM16-0248698 #9); "there was no indication that the patient was unable to use oral
# nonsteroidal anti-inflammatory drugs" (CM16-0245466 #5); "there was lack of clinical
# documentation indicating the patient was not able to utilize oral capsules or tablets"
# (CM17-0013625 #2); "There is no evidence the patient cannot tolerate pain medication in oral
# form" (CM16-0248698 #14).
ORAL_FORM_NOT_TRIED = re.compile(
    r"\b(?:intoleran\w+|contraindicat\w+|unable|not\s+able|cannot)\b[^.;]{0,40}?\b(?:oral|"
    r"pill|tablets?|capsules?)\b",
    re.I,
)
ORAL_FORM_NOT_TRIED_WORDS = ("oral", "pill", "tablet", "capsule")

# not-first-line: the guideline's ladder named by the reviewer. "The California MTUS 2016 Chronic
# Pain Guidelines do not recommend compound drugs as a first line therapy" (CM16-0248698 #9);
# "do not recommended Lidoderm patch until after a trial of a first-line therapy"
# (CM16-0245466 #2).
NOT_FIRST_LINE = re.compile(
    r"\bnot\s+recommend\w*\s+(?:\w+\s+){0,3}?(?:as\s+a\s+first[\s-]line|until\s+after\s+a\s+"
    r"trial)",
    re.I,
)
NOT_FIRST_LINE_WORDS = ("as a first", "until after")

# not-first-line, imaging: plain films before an MRI. "No plain films are noted"
# (CM17-0014288 #1); "Absent clinical documentation of conservative management and plain
# radiographs" (CM17-0010728 #1); "Repeat x-rays were not performed" (CM17-0021656 #1).
PLAIN_FILMS_FIRST = re.compile(
    r"\b(?:no|absent)\b[^.;]{0,60}?\bplain\s+(?:films?|radiographs)\b|"
    r"\brepeat\s+x-?rays\s+were\s+not\s+performed",
    re.I,
)
PLAIN_FILMS_FIRST_WORDS = ("plain film", "plain radiographs", "repeat x")

# compound-ingredient: the compound's ingredients named as the ground. "Given that the requested
# service contains gabapentin and cyclobenzaprine, its usage is not supported" (CM16-0249536 #3);
# "However, the requested ointment contains lidocaine" (CM17-0009995 #3); "In addition, the
# guidelines also state that baclofen is not recommended for topical use" (CM16-0249536 #2);
# "Regarding flurbiprofen, the only recommended topical nonsteroidal anti-inflammatory
# medication is diclofenac" (CM17-0013716 #4).
COMPOUND_CONTAINS = re.compile(
    r"\brequested\s+(?:cream|ointment|compound|service|product|gel|lotion)\s+(?:also\s+)?"
    r"contains\b|"
    r"\b\w+\s+is\s+not\s+recommended\s+for\s+topical\s+use|"
    r"\bonly\s+recommended\s+topical\s+(?:nonsteroidal|NSAID)",
    re.I,
)
COMPOUND_CONTAINS_WORDS = ("contains", "for topical use", "recommended topical")

# no-objective-findings: a negation, then the finding it denies. "There is no evidence of
# specific nerve compromise warranting an MRI" (CM16-0213037 #1); "The submitted medical records
# do not document significant objective deficits" (CM16-0228949 #1); "there was a lack of
# significant neurological deficits in the upper extremities" (CM16-0234464 #1); "There is no
# documentation of radicular complaints or findings of radiculopathy" (CM17-0005246 #1);
# "Physical examination did not document the patient's current motor strength"
# (CM16-0249724 #1); "there was no evidence of instability" (CM17-0001064 #1); "The treating
# physician has not documented a physical exam to substantiate the diagnosis" (CM17-0004547 #1);
# "there are no examination findings to indicate any possible radiculopathy" (CM17-0016204 #1);
# "did not detail findings consistent with an issue involving a specific spinal nerve"
# (CM17-0008577 #1); "any red flags, significant worsening in symptoms or other findings
# suggestive of the pathologies outlined" (CM17-0017104 #1).
_FINDINGS = (
    r"(?:neurolog\w*\s+(?:\w+\s+){0,2}?(?:deficits?|abnormalit\w+|dysfunction|compromise|findings)|"
    r"(?:focal\s+)?neurologic\s+deficits?|nerve\s+(?:root\s+)?(?:compromise|impairment|"
    r"impingement|entrapment|compression)|tissue\s+insult|"
    r"(?:objective|significant|abnormal|physical\s+exam\w*|clinical|examination)\s+(?:\w+\s+)?"
    r"(?:findings?|deficits?)|"
    r"(?:findings|signs|evidence)\s+(?:\w+\s+){0,2}?(?:of|indicative\s+of|consistent\s+with)\s+"
    r"(?:\w+\s+){0,5}?(?:radiculopathy|nerve|neurologic)|findings\s+suggestive\s+of|"
    r"(?:acute\s+)?(?:muscle\s+)?spasms?\b|instability|motor\s+strength|"
    r"physical\s+exam\w*\s+to\s+substantiate|specific\s+nerve)"
)
NO_OBJECTIVE_FINDINGS, FINDINGS_TOPIC = _denied(_FINDINGS, 90)
NO_OBJECTIVE_FINDINGS_WORDS = (
    "neurolog", "nerve", "tissue insult", "finding", "deficit", "radiculopathy", "spasm",
    "instability", "motor strength", "substantiate",
)  # fmt: skip

# no-objective-findings: the findings named, then denied. "Further, the objective findings
# provided do not provide a clear rationale for this study" (CM17-0000846 #1).
FINDINGS_DENIED = re.compile(
    r"\bobjective\s+findings\s+provided\s+do\s+not\b",
    re.I,
)
FINDINGS_DENIED_WORDS = ("findings provided do not",)

# no-objective-findings: the examination found normal what the request needs abnormal. "But, it
# is noted that reflexes and strength are intact in the upper extremities" (CM16-0239607 #1);
# "Muscle strength and sensation are unremarkable" (CM17-0009887 #1); "The injured worker's
# neurologic physical examination was normal" (CM16-0236906 #1); "The medical records reveal
# unremarkable lower extremity neurological examination" (CM16-0242419 #2); "The fact that the
# applicant retained normal knee range of motion" (CM16-0245028 #1); "It is noted the patient
# only remains with minimal deficits" (CM16-0238676 #1); "The patient's imaging was relatively
# benign" (CM16-0238035 #1); "And with negative impingement testing" (CM17-0014288 #1); "There
# is only mild swelling noted on exam" (CM17-0021656 #1); "the applicant's well-preserved upper
# extremity motor function" (CM17-0017776 #2).
NORMAL_EXAMINATION = re.compile(
    r"\b(?:are|is|was|were)\s+(?:intact|unremarkable|normal)\b|\bwell-preserved\b|"
    r"\bunremarkable\s+(?:\w+\s+){0,3}?(?:neurolog\w+|physical|exam)|"
    r"\b(?:retained|preserved)\s+normal\b|"
    r"\bonly\s+(?:remains\s+with\s+)?minimal\s+deficits|\brelatively\s+benign|"
    r"\bnegative\s+impingement|\bonly\s+mild\s+swelling",
    re.I,
)
NORMAL_EXAMINATION_WORDS = (
    "intact", "unremarkable", "is normal", "are normal", "was normal", "were normal",
    "retained normal", "preserved", "minimal deficits", "relatively benign",
    "negative impingement", "mild swelling",
)  # fmt: skip

# no-drug-monitoring (drugs only): the opioid monitoring left undone. "Moreover, a CURES report
# was not checked" and "There is no evidence an opioid risk assessment was completed"
# (CM16-0248698 #11); "there is no indication the patient is being monitored for adverse side
# effects, and aberrant drug taking behavior, to include random urine drug screens"
# (CM17-0014438 #1); "No urine drug screens are provided to indicate if the patient is
# compliant" (seed 001_a5bd9920a7114176, item 2).
_MONITORING = (
    r"\b(?:urine\s+drug\s+(?:screens?|test\w*)|UDS|CURES|opioid\s+"
    r"(?:agreement|contract|risk\s+assessment)|pain\s+contract|screening\s+for\s+risk|"
    r"aberrant\s+(?:\w+\s+){0,2}?behavior|monitor(?:ed|ing)\s+for)"
)
_NOT_MONITORED, MONITORING_TOPIC = _denied(_MONITORING, 110)
NO_DRUG_MONITORING = re.compile(
    _NOT_MONITORED.pattern + r"|\bCURES\s+(?:report\s+)?was\s+not\s+checked", re.I
)
NO_DRUG_MONITORING_WORDS = (
    "urine drug", "uds", "cures", "opioid agreement", "contract", "opioid risk",
    "screening for risk", "aberrant", "monitored for", "monitoring for",
)  # fmt: skip

# above-quantity: the request exceeds what the guideline allows. "The initial treatment request
# exceeds the recommendation for an initial trial" (CM16-0231706 #1); "Furthermore, the request
# would exceed the amount of PT recommended" (CM16-0237844 #1); "the request will exceed the
# guideline criteria" (CM16-0238676 #1); "which the patient would exceed with this request"
# (CM17-0002198 #1); "the originally requested 6 additional sessions of physical therapy is in
# excess of the guidelines" (CM17-0020728 #1). Not "exceeding the guideline recommendation for
# short term use" (beyond-duration, CM16-0245466 #4), "not in excess of" (CM17-0019907 #1) nor
# "exceed guideline recommendations by only 2 sessions" (CM17-0015348 #1).
EXCEEDS_GUIDELINE = re.compile(
    r"(?<!not\s)\b(?:exceeds?|exceeding|would\s+exceed|will\s+exceed)\b(?![^.;]{0,45}?"
    r"\bshort[\s-]term)(?![^.;]{0,30}?\bby\s+only\b)|"
    r"(?<!not\s)\bin\s+excess\s+of\b",
    re.I,
)
EXCEEDS_GUIDELINE_WORDS = ("exceed", "in excess of")

# not-specific: the request leaves out what it is for. "The request as submitted also failed to
# specify a body part for treatment" (CM16-0235869 #1); "The requested service did not specify
# the quantity of acupuncture treatments" (CM16-0249536 #6); "In this case, the proposed,
# specific, amount of Viagra requested is not included with the request" and "The request for a
# 3 month supply is vague" (CM16-0221706 #1); "there is no endpoint estimated for the rental"
# (CM17-0009996 #1); "an unspecified type of specialist" (CM17-0013587 #1); "it is unclear of
# what body part" (CM16-0249536 #5); "does not indicate the nature of psychological tests being
# requested or the duration" (CM16-0231884 #1); "There was no frequency listed in the current
# request" and "The specific type of procedure was not stated in the request" (seed
# 003_2bfc817a51949ce5, items 2 and 1); "This is a non-specific request" (item 4). Not
# "unspecified neuralgia" (ODG's diagnoses).
REQUEST_NOT_SPECIFIC = re.compile(
    r"\b(?:fail(?:s|ed)?\s+to|did\s+not|does\s+not|not)\s+specif(?:y|ied)\b|"
    r"\bunspecified\s+(?:type|period|rental|quantity|number)\b|"
    r"\bnot\s+included\s+with\s+the\s+request|\bis\s+vague\b|\bno\s+endpoint\b|"
    r"\bunclear\s+(?:of\s+)?what\s+body\s+part|"
    r"\bdoes\s+not\s+indicate\s+the\s+nature\s+of\b|"
    r"\bno\s+(?:frequency|quantity|dosage|duration)\s+(?:was\s+|is\s+)?(?:listed|stated|given)\b|"
    r"\bnot\s+stated\s+in\s+the\s+request\b|\bnon-specific\s+request\b",
    re.I,
)
REQUEST_NOT_SPECIFIC_WORDS = (
    "not specif", "to specif", "unspecified", "not included with", "is vague", "no endpoint",
    "what body part", "the nature of", "no frequency", "no quantity", "no dosage", "no duration",
    "not stated in", "non-specific request",
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Upheld: added from the letters
# ---------------------------------------------------------------------------------------------

# no-red-flags: "There is no evidence of any red flag conditions" (CM16-0213037 #1); "Absent red
# flags or clear indications for surgery" (CM16-0246635 #1); "There were no red flag symptoms"
# (CM16-0247255 #1); "There was no emergence of red flag" (CM17-0007376 #1); "These records did
# not suggest any "red flag" findings" (CM17-0008577 #1).
_RED_FLAG = r"\bred[\s-]?\"?flags?\b"
NO_RED_FLAGS, RED_FLAG_TOPIC = _denied(_RED_FLAG, 110)
NO_RED_FLAGS_WORDS = ("flag",)

# no-surgical-plan: surgery not in view, or the result would change nothing. "There was no
# indication the patient was a candidate for surgery" (CM16-0234464 #2); "However there is no
# documentation the claimant's willingness to consider or contemplate any kind of surgical
# intervention" (CM16-0213037 #1); "but there is not mention of consideration for surgery"
# (CM16-0236134 #1); "There was no plan for surgery" (CM16-0247255 #1); "Absent red flags or clear
# indications for surgery" (CM16-0246635 #1); "There is no planned invasive procedure"
# (CM17-0007376 #1); "there is no clear documentation of how this test result will change the
# treatment plan" (CM17-0018054 #1); "It was not stated how (or if) said knee MRI would influence
# or alter the treatment plan" (CM16-0245028 #1); "and how results would affect the patient's
# current treatment plan" (CM16-0248698 #7). Not "in patients who do not respond to treatment and
# would consider surgery an option" (ACOEM, quoted in most MRI rationales), nor "may be used as
# an adjunct physical rehabilitation and/or surgical intervention" after "not tolerated"
# (CM17-0006634 #4).
_SURGICAL_PLAN = (
    r"\b(?:candidate\s+for\s+surg\w+|surgery\s+(?:is|was)\s+(?:being\s+)?"
    r"(?:considered|warranted)|consideration\s+(?:for|of)\s+surgery|discussion\s+of\s+surgery|"
    r"plan\s+for\s+surgery|planned\s+invasive|willingness\s+to\s+(?:consider|contemplate|act)|"
    r"indications?\s+for\s+surgery|"
    r"how\s+(?:\(or\s+if\)\s+)?(?:\w+\s+){0,3}?(?:will|would)\s+(?:\w+\s+or\s+)?(?:change|"
    r"affect|alter|influence)\s+(?:the\s+)?(?:[\w']+\s+){0,2}?treatment\s+plan)"
)
NO_SURGICAL_PLAN, SURGICAL_PLAN_TOPIC = _denied(_SURGICAL_PLAN, 100)
NO_SURGICAL_PLAN_WORDS = (
    "candidate for surg", "surgery is", "surgery was", "for surgery", "of surgery",
    "planned invasive", "willingness to", "treatment plan",
)  # fmt: skip

# conservative-care-not-tried: no trial and failure of conservative care shown (first-line drugs
# not tried are not-first-line: "no indication that the patient had previously tried and failed
# a line of first-line therapy", CM17-0013716 #3). "It is also
# unclear what recent conservative care the patient has tried and failed" (CM16-0234464 #1);
# "There is a lack of documentation that this claimant has failed conservative treatment
# measures" (CM16-0239607 #1); "There was no documentation of a recent trial and failure of
# injections" (CM16-0238035 #1); "As the patient has not failed to improve with conservative
# treatment" (CM17-0003619 #1); "The patient cannot be considered as having failed conservative
# treatment" (CM17-0004039 #1); "but there is not mention of consideration for surgery or
# complete failure of conservative therapy" (CM16-0236134 #1). Not "special studies are not
# needed unless a three or four week period of conservative care and observation fails"
# (ACOEM quoted in CM16-0230548 #1: the "unless" is a hypothesis, CONDITIONAL_INSIDE).
_CONSERVATIVE_CARE = (
    r"\b(?:conservative\s+(?:\w+\s+){0,2}?(?:care|treatments?|therapy|"
    r"therapies|management|measures|modalities)|(?:tried|trialed)\s+and\s+failed"
    r"(?!\s+(?:\w+\s+){0,4}?first[\s-]line)|"
    r"trial\s+and\s+failure|failed\s+to\s+improve)"
)
CONSERVATIVE_CARE_NOT_TRIED, CONSERVATIVE_CARE_TOPIC = _denied(_CONSERVATIVE_CARE, 110)
CONSERVATIVE_CARE_NOT_TRIED_WORDS = ("conservative", "and fail", "failed to improve")

# conservative-care-not-tried: the care given is still under way or helping. "There was no clear
# rationale for the need of chiropractic treatment prior to the completion of the previously
# authorized conservative therapy" (CM16-0231745 #2); "given it was also noted physical therapy
# was helping" (CM17-0002106 #1); "until conservative care, which seems to be helping, is fully
# implemented" (CM17-0004344 #1); "the injured worker is responding to physical therapy"
# (CM16-0230548 #1); "It is noted that he has not yet had physical therapy" (CM17-0010364 #1);
# "MRI is being requested only 1 week since injury" (CM17-0003917 #1); "Furthermore, it is only
# documented the patient has received approximately 5 visits of therapy" (CM16-0238676 #2);
# "lack of clinical documentation indicating the patient has exhausted adequate conservative
# treatments" (CM17-0006797 #1); "the patient is currently undergoing treatment with physical
# therapy" (CM16-0231745 #3).
CARE_UNDER_WAY = re.compile(
    r"\bprior\s+to\s+(?:the\s+)?completion\s+of\b|"
    r"\b(?:physical\s+therapy|therapy|conservative\s+care)[^.;]{0,25}?\b(?:was|is|seems\s+to\s+"
    r"be|were)\s+helping\b|"
    r"\b(?:is|are)\s+responding\s+to\b|\bhas\s+not\s+yet\s+had\b|"
    r"\bcurrently\s+undergo(?:ing)?\s+(?:\w+\s+){0,3}?(?:treatment|therapy)\b|"
    r"\bonly\s+\d+\s+(?:weeks?|days?)\s+since\s+injury|"
    r"\bonly\s+documented\s+the\s+patient\s+has\s+received\b|"
    r"\bexhausted\s+(?:adequate\s+)?conservative",
    re.I,
)
CARE_UNDER_WAY_WORDS = (
    "completion of", "helping", "responding to", "not yet had", "currently undergo",
    "since injury", "only documented", "exhausted",
)  # fmt: skip

# not-recommended: the guideline does not recommend it (at all, or here). "The California MTUS
# 2016 Chronic Pain Guidelines do not recommend ultrasound therapy for therapeutic purposes"
# (CM16-0231745 #4); "pulsed ultrasound is not recommended" (CM17-0005344 #3); "However, given
# that that guidelines specifically do not recommend shockwave therapy for the low back"
# (CM16-0249536 #5); "facet joint injections are "not recommended" in the low back pain context
# present here" (CM16-0219557 #1); "Traction is not been proven effective for lasting relief"
# (CM16-0239569 #4); "Use of benzodiazepines for acute musculoskeletal pain is not indicated"
# (CM16-0240524 #1); "Guidelines do not support the use of topical lidocaine"
# (CM16-0245796 #2). Not "not recommended as a primary treatment modality, but ..." (TENS as an
# adjunct, CM16-0231745 #3), "Longterm use is not recommended" and "not recommended for longer
# than" (beyond-duration), "not recommended until after a trial" (not-first-line), "do not
# recommend the routine use of MRI" (CM16-0240518 #1), "Neuroimaging is not recommended in
# patients who sustained a concussion/mTBI beyond the emergency phase ... unless the condition
# deteriorates" (CM16-0247624 #1), "baclofen is not recommended for topical use" (an ingredient:
# compound-ingredient) nor sentences about compounds and ingredients (``COMPOUND_SENTENCE``).
NOT_RECOMMENDED = re.compile(
    r"(?<!use\s)(?<!usage\s)"
    r"\b(?:(?:is|are|be|deemed)\s+\"?not\s+recommended\"?|do(?:es)?\s+not\s+"
    r"recommend(?:ed)?)\b(?![^.;]{0,80}?\b(?:as\s+(?:a\s+)?(?:primary|first)|for\s+(?:longer|long[\s-]"
    r"term)|until\b|if\s+used|routine|for\s+topical))(?![^.;]{0,120}?\bunless\b)"
    r"(?!\s+long[\s-]?term\b)"
    r"(?![^.;]{0,60},\s+but\b)|"
    r"\b(?:guidelines?|MTUS|ODG|ACOEM)\s+(?:\w+\s+){0,2}?do(?:es)?\s+not\s+support\b|"
    r"\bnot\s+supported\s+by\s+the\s+guidelines\b|"
    r"\bnot\s+(?:been\s+)?proven\s+effective\b|"
    r"\bis\s+not\s+indicated\b(?=\.|\s+for\s+(?:acute|the))",
    re.I,
)
NOT_RECOMMENDED_WORDS = ("not recommend", "not support", "proven effective", "not indicated")

# Sentences about a compound's ingredients, where "not recommended" is said of an ingredient or
# of any compound containing one, not of the request (compound-ingredient): "Any compounded
# product that contains at least 1 drug (or drug class) that is not recommended is not
# recommended" (CM16-0234464 #6); "any combination medication containing a drug or drug class
# that is not recommended" (CM17-0013716 #3); "In regard to gabapentin, the guidelines also state
# that gabapentin is not recommended" (CM16-0249536 #3).
COMPOUND_SENTENCE = re.compile(
    r"\bcontain(?:s|ing)\s+(?:at\s+least\s+)?(?:one|1|a)\s+drug\b|^\s*(?:In\s+regard\s+to|"
    r"Regarding)\s+[\w-]+,",
    re.I,
)

# no-indication: the condition the guideline names is not documented. "However, there was a lack
# of subjective complaints of gastrointestinal events to support ongoing use" (CM16-0245466 #3);
# "However, there was no indication the patient was diagnosed with osteoarthritis"
# (CM16-0245466 #1); "There is a lack of history of peptic ulcer, GI bleeding, or perforation"
# (CM16-0248698 #17); "The patient has not been diagnosed with any of these medical conditions"
# (CM16-0233904 #1); "There is no indication that the patient had any prior unsuccessful return
# to work attempts" (CM17-0006634 #1); "There was no clear evidence of neuropathic pain on the
# physical examination" (CM17-0006634 #7); "There was no indication that the patient was going
# to use the heat therapy pad as an adjunct to a program of functional restoration"
# (CM16-0245466 #7); "There was no indication for a long-term need for medications for which a
# baseline toxicology screen would be recommended" (CM17-0001064 #2); "The available medical
# record does not indicate concerns for avascular necrosis" (CM16-0248655 #1); "There was also
# lack of clinical documentation the patient has significant diabetic painful neuropathy,
# postherpetic neuralgia, or fibromyalgia" (CM17-0013625 #2); "does not provide any indication
# the patient may have pathology such as osteonecrosis" (CM16-0238676 #2); "no evidence to
# support the patient is not able to currently continue his regular work duties"
# (CM16-0248698 #4). Not "indications for surgery" (no-surgical-plan), "to substantiate the
# diagnosis" (no-objective-findings), "findings to suspect labral tears" (the same) nor "topical
# NSAIDs are not recommended for neuropathic pain" (the drug is not recommended for what the
# patient has: seed 000_5d516a6f8a2f4e6d, item 1).
_INDICATION = (
    r"\b(?:(?<!substantiate\sthe\s)diagnos(?:is|ed|es)|risk\s+factors?|high\s+risk|history\s+of|"
    r"(?:gastrointestinal|GI)\s+(?:events?|issues|complaints|risk)|neuropathic\s+(?:pain|"
    r"symptoms)|insomnia|depression|osteoarthritis|anxiety|neuropathy|neuralgia|fibromyalgia|"
    r"clinical\s+indication|return\s+to\s+work\s+attempts|(?:regular\s+)?work\s+duties|"
    r"maximal\s+medical|adjunct\s+to|program\s+of\s+functional|bleeding|"
    r"(?:utiliz\w+|using|on)\s+opioid|pathology\s+such\s+as|"
    r"unable\s+to\s+tolerate\s+pain\s+medication|concerns?\s+for|"
    r"what\s+was\s+suspected|any\s+conditions)"
)
NO_INDICATION, INDICATION_TOPIC = _denied(
    _INDICATION, 80, r"(?!\s+(?:be\s+)?(?:recommended|indicated)\b)"
)
NO_INDICATION_WORDS = (
    "diagnos", "risk", "history of", "gastrointestinal", "gi event", "gi issues",
    "gi complaints", "neuropath", "insomnia", "depression", "osteoarthritis", "anxiety",
    "neuralgia", "fibromyalgia", "clinical indication", "work attempts", "work duties",
    "maximal medical", "adjunct to", "program of functional", "bleeding", "utiliz",
    "using opioid", "on opioid", "pathology such as", "tolerate pain", "concern for",
    "concerns for", "was suspected", "any conditions",
)  # fmt: skip

# no-rationale: the treating physician gave no reason. "There is a lack of rationale provided by
# the physician as to the medical necessity for this request" (CM16-0248698 #2); "There was no
# clear rationale provided by the physician" (#9); "However, the rationale for this specific heat
# therapy pad was not provided" (CM16-0245466 #7); "the attending provider failed to furnish a
# clear or compelling rationale" (CM16-0247287 #1); "The clinical note does not address medical
# necessity for the durable medical equipment requested" (CM16-0249724 #1); "There was no
# discussion detailing the reason" (CM17-0013587 #1); "There was no describing the reason an
# additional electrocardiogram was needed" (#2). Not "no clear rationale for the need of
# chiropractic treatment prior to the completion of" (care under way, CM16-0231745 #2), "why the
# patient would require a topical cream versus oral medication" (not-first-line,
# CM16-0234464 #6), "for additional NSAIDs" (duplicate-therapy, CM17-0015957 #3), "for additional
# monitored therapy over the patient being well versed in a home exercise program" (home-exercise,
# CM16-0235869 #1) nor "as the patient is currently undergoing previously recommended physical
# therapy" (care under way, CM16-0231745 #1).
NO_RATIONALE = re.compile(
    r"(?:" + _NEG + r"|\bunclear\s+of)" + _gap(80) + r"\b(?:rationale|reason)\b"
    r"(?![^.;]{0,90}?\b(?:versus|vs\.?|rather\s+than)\s+oral)"
    r"(?![^.;]{0,90}?\b(?:prior\s+to\s+the\s+completion|currently\s+undergoing)\b)"
    r"(?![^.;]{0,100}?\bhome\s+exercise\b)"
    r"(?![^.;]{0,60}?\badditional\s+NSAIDs?)|"
    r"\brationale\b[^.;]{0,60}?\b(?:was|were)\s+not\s+provided|"
    r"\bdoes\s+not\s+address\s+medical\s+necessity|"
    r"\bno\s+describing\s+the\s+reason",
    re.I,
)
NO_RATIONALE_WORDS = ("rationale", "reason", "address medical necessity")

# The rationale denied, alone: reasons.py tries NO_RATIONALE only on a sentence that holds it.
RATIONALE_TOPIC = re.compile(r"\b(?:rationale|reason|medical\s+necessity)\b", re.I)

# home-exercise: supervised therapy where a home program would do. "The need for ongoing skilled
# supervised PT above a self-directed home exercise program is not established"
# (CM16-0228949 #1); "There was also lack of a clear rationale for additional monitored therapy
# over the patient being well versed in a home exercise program" (CM16-0235869 #1); "remaining
# deficits that cannot be addressed within the context of an independent home exercise program"
# (CM16-0237844 #1); "He should have also been taught a home exercise program to continue"
# (CM17-0002198 #1); "it would be expected that within 8-10 visits total the worker would be
# independent in a home exercise program" (CM17-0020728 #1).
HOME_EXERCISE = re.compile(
    r"\b(?:above|over|instead\s+of|rather\s+than|within\s+the\s+context\s+of|taught|"
    r"independent\s+in)\s+(?:[\w-]+\s+){0,8}?home\s+exercise\s+program",
    re.I,
)
HOME_EXERCISE_WORDS = ("home exercise program",)

# depends-on-denied: the item falls with the request it serves. "As the requested surgical
# intervention is not medically necessary per the documentation, the requested ancillary
# service is not medically necessary" (CM16-0238035 #2); "Given that the naproxen was
# determined to be not medically necessary, the request for Pantoprazole 20mg #30 is also not
# medically necessary" (CM17-0013716 #2).
DEPENDS_ON_DENIED = re.compile(
    r"\b(?:As|Given\s+that|Since|Because)\s+the\s+(?:requested\s+)?[\w\s-]{1,40}?\s+(?:is|was)\s+"
    r"(?:determined\s+to\s+be\s+)?not\s+medically\s+necessary\b|"
    r"\bancillary\s+service\b",
    re.I,
)
DEPENDS_ON_DENIED_WORDS = ("not medically necessary", "ancillary service")

# repeat-study: the study was done already. "It is unclear as to why a repeat study is being
# requested" (CM17-0001064 #3); "besides, the medical records reveal there was a prior Lumbar MRI
# in 03/2016" (CM16-0242419 #2); "It is unclear of the rationale as to why the patient would
# require an additional electrodiagnostic study" (CM17-0003284 #2); "The documentation submitted
# for review also included an MRI of the lumbar spine" (CM17-0013077 #1); "However it is not
# clear what the clinical indication is for repeat lumbar x-ray" (CM16-0242667 #1).
REPEAT_STUDY = re.compile(
    r"\b(?:why|indication\s+is\s+for)\s+(?:a\s+)?repeat\b|"
    r"\b(?:there\s+was|had)\s+(?:a\s+)?prior\s+(?:\w+\s+)?(?:MRI|x-?rays?|CT|study)\b|"
    r"\bwould\s+require\s+an\s+additional\s+electrodiagnostic|"
    r"\balso\s+included\s+an?\s+(?:MRI|x-?ray|CT)\b",
    re.I,
)
REPEAT_STUDY_WORDS = (
    "repeat", "was prior", "was a prior", "had prior", "had a prior",
    "additional electrodiagnostic", "also included",
)  # fmt: skip

# duplicate-therapy: a second drug of a class already taken. "The rational as to why the patient
# would require an additional NSAID drug is not apparent" (CM16-0234464 #4); "there was lack of a
# clear rationale for additional NSAIDs on top of acetaminophen and ketoprofen"
# (CM17-0015957 #3).
DUPLICATE_THERAPY = re.compile(r"\badditional\s+NSAIDs?\b|\bon\s+top\s+of\b", re.I)
DUPLICATE_THERAPY_WORDS = ("additional nsaid", "on top of")

# ---------------------------------------------------------------------------------------------
# Overturned (a negation just before voids the match: NEGATION_BEFORE)
# ---------------------------------------------------------------------------------------------

# red-flags: a red flag present. "Given cervical spine trauma and the appearance of C2 fracture
# on plain film radiography" (CM17-0005924 #1).
RED_FLAG_PRESENT = re.compile(
    r"\b(?:appearance|evidence|signs?|presence)\s+of\s+(?:\w+\s+){0,2}?(?:fracture|tumor|"
    r"infection|cauda\s+equina)|\bred[\s-]flags?\s+(?:are|is|were|was)\s+(?:present|noted)\b|"
    r"\bgiven\s+(?:\w+\s+){0,2}?trauma\b",
    re.I,
)
RED_FLAG_PRESENT_WORDS = ("fracture", "tumor", "infection", "cauda equina", "flag", "trauma")

# failed-conservative: conservative care tried and not enough. "There is noted internal
# derangement with limitation that has not responded to conservative treatment"
# (CM17-0005589 #1); "the patient remains symptomatic with treatment" (CM17-0008519 #1); "The
# medical records report further conservative care of at least 1 month" (CM16-0246624 #1).
CONSERVATIVE_CARE_FAILED = re.compile(
    r"\bnot\s+responded\s+to\s+conservative\b|"
    r"\bremains\s+symptomatic\s+with\s+treatment\b|"
    r"\bconservative\s+care\s+of\s+at\s+least\b",
    re.I,
)
CONSERVATIVE_CARE_FAILED_WORDS = (
    "responded to conservative", "remains symptomatic", "care of at least",
)  # fmt: skip

# functional-improvement: the treatment helped. "Based on the documentation presented, there has
# been quantifiable clinical change with previous treatment and objective functional improvement
# has been documented" (CM17-0004738 #1); "The medical records reveal a reduction in work
# restrictions after 4/6 acupuncture treatment" (CM16-0242419 #1); "In this case, the claimant is
# taking Naprosyn 550 mg bid with improvement in pain" (CM16-0247624 #2); "the injured worker has
# reported benefit from previous sessions" (CM17-0015348 #1); "The treating physician notes
# therapy is "helping with pain."" (CM17-0010885 #2).
IMPROVEMENT_DOCUMENTED = re.compile(
    r"\bfunctional\s+improvement\s+(?:has\s+been|was|is)\s+documented|"
    r"\breduction\s+in\s+work\s+restrictions\s+after\b|"
    r"\bwith\s+improvement\s+in\s+(?:pain|function)|"
    r"\b(?:reported|with)\s+benefit\b|\bhelping\s+with\s+pain\b|"
    r"\bimprovement\s+from\s+previous\s+treatment\b",
    re.I,
)
IMPROVEMENT_DOCUMENTED_WORDS = (
    "improvement", "work restrictions", "benefit", "helping with pain",
)  # fmt: skip

# objective-findings: the findings the request needs are there. "The records indicate a
# neurologic deficit" (CM16-0246624 #1); "In this case there is indication of neurologic
# dysfunction that has not necessarily improved" (CM16-0235724 #1); "the claimant has both
# sensory and motor deficits" (CM17-0020384 #1); "There is noted internal derangement with
# limitation" (CM17-0005589 #1); "There is currently objective documentation of neurological pain,
# such as deficits in sensation" (CM17-0009574 #1).
FINDINGS_PRESENT = re.compile(
    r"\b(?:indicates?|indication\s+of|had|has|presence\s+of|indicative\s+of|currently)\s+"
    r"(?:\w+\s+){0,3}?(?:neurologic\w*\s+(?:deficit|dysfunction|compromise|pain)|objective\s+"
    r"(?:findings|documentation)|sensory\s+and\s+motor\s+deficits|internal\s+derangement)|"
    r"\bnoted\s+internal\s+derangement\b",
    re.I,
)
FINDINGS_PRESENT_WORDS = (
    "neurologic", "objective findings", "objective documentation", "sensory and motor",
    "internal derangement",
)  # fmt: skip

# indication-documented: the patient has what the guideline names. "This individual meets
# published criteria for acute inpatient rehabilitation" (CM16-0229336 #1); "this IW is recently
# post hospitalization and surgery" (CM16-0249726 #1); "the EMG/NCS of the bilateral upper
# extremities is supported by Guidelines" (CM16-0248034 #1); "Moving forward, the
# electrodiagnostic testing in question was, thus, indicated" (CM16-0240259 #1); "In this case,
# there is a history of trauma" (CM17-0020384 #1); "for an injury in the subacute management
# phase" (CM16-0247624 #2).
INDICATION_PRESENT = re.compile(
    r"\bmeets?\s+(?:published\s+|the\s+|this\s+)?criteria\b|\bpost\s+hospitalization\b|"
    r"\bsupported\s+by\s+(?:the\s+)?Guidelines\b|\bwas,\s+thus,\s+indicated\b|"
    r"\bhistory\s+of\s+trauma\b|\bsubacute\s+management\s+phase\b",
    re.I,
)
INDICATION_PRESENT_WORDS = (
    "criteria", "post hospitalization", "supported by", "thus, indicated", "history of trauma",
    "subacute management",
)  # fmt: skip

# within-guideline: the amount asked is what the guideline allows. "The requested amount of
# physical therapy is not in excess of California chronic pain medical treatment guidelines"
# (CM17-0019907 #1); "the recommended number of visits is within the guidelines recommendation"
# (CM16-0230548 #2); "The duration of this request is reasonable" (CM16-0249726 #1); "they will
# exceed guideline recommendations by only 2 sessions" (CM17-0015348 #1).
WITHIN_GUIDELINE = re.compile(
    r"\bnot\s+in\s+excess\s+of\b|\bwithin\s+the\s+guidelines?\b|"
    r"\b(?:duration|number|amount)\s+of\s+this\s+request\s+is\s+reasonable\b|"
    r"\bexceed\s+guideline\s+recommendations\s+by\s+only\b",
    re.I,
)
WITHIN_GUIDELINE_WORDS = (
    "not in excess of", "within the guideline", "request is reasonable", "by only",
)  # fmt: skip
