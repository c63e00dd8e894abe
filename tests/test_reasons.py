"""Reasons (generator/reasons.py): the lexicon, every rule on real rationale sentences, negation,
the record's evidence spans, and precision/recall against the hand labels."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from generator.model import Determination, ItemReason, ReasonEvidence
from generator.normalize import Normalizer
from generator.parse import parse_text
from generator.pipeline import parse_paths
from generator.reasons import (
    _ASCII_FOLD,
    DEFAULT_PATH,
    RULES,
    ReasonRules,
    ReasonsError,
    Rule,
    _item_reasons,
    _searchable,
    _sentences,
    _tried,
    assign_reasons,
    load_reasons,
)
from generator.treatments import load_lexicon
from tests.conftest import FIXTURES, REAL_LETTERS, ROOT, SEED_IDS, SEEDS, seed_text

LABELS = Path(__file__).resolve().parent / "data" / "reason_labels.yaml"


@pytest.fixture(scope="module")
def lexicon() -> ReasonRules:
    return load_reasons()


def _only(rule_name: str, lexicon: ReasonRules) -> tuple[Rule, ReasonRules]:
    rule = next(r for r in RULES if r.name == rule_name)
    return rule, ReasonRules(lexicon.reasons, (rule,))


# -- each rule on sentences of the published letters -------------------------------------------

# (rule, treatment kind, one sentence of a rationale, the words the rule must match: none for a
# sentence it must leave alone). Each rule runs alone, for the decision its reason explains.
RULE_CASES = [
    # no-functional-improvement/not-documented
    (
        "no-functional-improvement/not-documented",
        "therapy",
        "There is lack of documentation regarding the patient's functional response to therapy that would warrant continued sessions.",
        ("lack of documentation regarding the patient's functional response",),
    ),  # "functional response to therapy" denied (CM16-0245295 #1)
    (
        "no-functional-improvement/not-documented",
        "drug",
        "There is no evidence the patient is benefiting from treatment.",
        ("no evidence the patient is benefiting",),
    ),  # "benefiting from treatment" denied (CM16-0248698 #16)
    (
        "no-functional-improvement/not-documented",
        "drug",
        "There was a lack of evidence provided to support medication efficacy.",
        ("lack of evidence provided to support medication efficacy",),
    ),  # "medication efficacy" denied (CM16-0248698 #17)
    (
        "no-functional-improvement/not-documented",
        "drug",
        "The patient does not have objective documentation of functional improvement with Baclofen.",
        ("not have objective documentation of functional improvement",),
    ),  # "does not have ... functional improvement" (CM16-0233904 #1)
    (
        "no-functional-improvement/not-documented",
        "drug",
        "Muscle relaxants show no benefit beyond NSAIDS in pain and overall improvement.",
        (),
    ),  # negative: "no benefit beyond NSAIDS" is a guideline on the drug class
    (
        "no-functional-improvement/not-documented",
        "therapy",
        "Acupuncture treatments may be extended if functional improvement is documented as defined in Section 9792.20(ef).",
        (),
    ),  # negative: "if functional improvement is documented" is a hypothesis
    (
        "no-functional-improvement/not-documented",
        "drug",
        'The California MTUS guidelines state that Benzodiazepines are "not recommended for long-term use because long-term efficacy is unproven and there is a risk of dependence.',
        (),
    ),  # negative: "because long-term efficacy is unproven": the negation is about long-term use
    (
        "no-functional-improvement/not-documented",
        "drug",
        "While they may be effective in reducing pain and muscle tension, most studies show no benefits beyond NSAIDs in pain relief.",
        (),
    ),  # negative: "no benefits beyond NSAIDs in pain relief" (seed 004_fe65d462dc32a52a, item 3)
    # no-functional-improvement/not-helping
    (
        "no-functional-improvement/not-helping",
        "consult",
        "In addition, in the handwritten letter dated 01/04/2017 by the patient, it was noted that the chiropractic care had not alleviated the sharp, shooting pains.",
        ("had not alleviated",),
    ),  # the treatment given did not help (CM17-0005344 #1)
    (
        "no-functional-improvement/not-helping",
        "therapy",
        "The chiropractic therapy visits allowed the patient to grip with less pain and feel more flexible.",
        (),
    ),  # negative: the treatment helped (CM17-0003619 #1)
    # no-functional-improvement/trial-results
    (
        "no-functional-improvement/trial-results",
        "therapy",
        "The results of the initial 6 visits was not indicated.",
        ("results of the initial 6 visits was not",),
    ),  # results of the authorized visits "not indicated" (CM16-0239569 #1)
    (
        "no-functional-improvement/trial-results",
        "therapy",
        "Additional ice and heat pads would be recommended after the results from the initial set is provided.",
        ("after the results",),
    ),  # "after the results" of the initial set (CM16-0239569 #5)
    (
        "no-functional-improvement/trial-results",
        "therapy",
        "Additional treatment is contingent upon patient response to therapy.",
        ("contingent upon patient response",),
    ),  # "contingent upon patient response" (CM16-0248698 #3)
    (
        "no-functional-improvement/trial-results",
        "drug",
        "The efficacy of the medication was not provided.",
        ("efficacy of the medication was not provided",),
    ),  # "efficacy ... was not provided" (CM16-0245466 #2)
    (
        "no-functional-improvement/trial-results",
        "dme",
        "Medical necessity for additional treatment is contingent upon re-assessment findings.",
        (),
    ),  # negative: re-assessment of a rental is no response to treatment (CM16-0249724 #1)
    # beyond-duration/long-term
    (
        "beyond-duration/long-term",
        "drug",
        "Longterm use is not recommended.",
        ("Longterm use is not recommended",),
    ),  # "Longterm use is not recommended" (CM16-0233904 #1)
    (
        "beyond-duration/long-term",
        "drug",
        "However, there was evidence that the patient has been on this medication since at least 11/03/2016, exceeding the guideline recommendation for short term use.",
        ("exceeding the guideline recommendation for short term",),
    ),  # "exceeding the guideline recommendation for short term use" (CM16-0245466 #4)
    (
        "beyond-duration/long-term",
        "drug",
        "This medication is not indicated for long term use.",
        ("not indicated for long term",),
    ),  # "not indicated for long term use" (CM17-0014438 #1)
    (
        "beyond-duration/long-term",
        "drug",
        'The California MTUS guidelines state that Benzodiazepines are "not recommended for long-term use because long-term efficacy is unproven and there is a risk of dependence.',
        (),
    ),  # negative: a guideline quoted in a sentence that names it (CM16-0240524 #1)
    (
        "beyond-duration/long-term",
        "drug",
        "In this case, the claimant has been treated with Klonopin for longer than the recommended 4 weeks.",
        ("for longer than the recommended",),
    ),  # "for longer than the recommended 4 weeks" (seed 004_fe65d462dc32a52a, item 1)
    (
        "beyond-duration/long-term",
        "drug",
        "There is no recommendation for ongoing use in chronic pain.",
        ("no recommendation for ongoing use",),
    ),  # "no recommendation for ongoing use" (seed 004, item 3)
    # beyond-duration/limit-applied
    (
        "beyond-duration/limit-applied",
        "drug",
        "Given that the guidelines limit the use to 2 to 3 weeks, the ongoing usage would not be supported.",
        ("limit the use to 2 to 3 weeks, the ongoing usage",),
    ),  # the limit applied to "the ongoing usage" (CM16-0234464 #5)
    (
        "beyond-duration/limit-applied",
        "drug",
        'Most guidelines limit use to 4 weeks."',
        (),
    ),  # negative: the limit stated, not applied (CM16-0240524 #1)
    (
        "beyond-duration/limit-applied",
        "drug",
        "As Guidelines do not recommend long-term use of this medication, the current request is not medically appropriate.",
        ("not recommend long-term use of this",),
    ),  # the guideline applied to "this medication" (seed 003_2bfc817a51949ce5, item 2)
    # beyond-duration/short-term-not-shown
    (
        "beyond-duration/short-term-not-shown",
        "drug",
        "There is no indication if this medication will be used on a short-term basis.",
        ("no indication if this medication will be used on a short-term basis",),
    ),  # short-term use not shown (seed 001, item 1)
    (
        "beyond-duration/short-term-not-shown",
        "drug",
        "There was also lack of clinical documentation the patient had muscle spasms on examination or the treatment would be on a short-term basis.",
        (
            "lack of clinical documentation the patient had muscle spasms on examination or the treatment would be on a short-term basis",
        ),
    ),  # "or the treatment would be on a short-term basis" after a long negation (CM17-0013625 #5)
    (
        "beyond-duration/short-term-not-shown",
        "drug",
        "The California MTUS 2016 Chronic Pain Guidelines state that NSAIDs are recommended as an option for short term symptomatic relief.",
        (),
    ),  # negative: "recommended ... for short term" with no negation
    # not-first-line/not-tried
    (
        "not-first-line/not-tried",
        "drug",
        "However, there was a lack of documentation regarding failure of antidepressants or anticonvulsants.",
        ("lack of documentation regarding failure of antidepressants",),
    ),  # failure of antidepressants or anticonvulsants not documented (CM16-0245466 #2)
    (
        "not-first-line/not-tried",
        "drug",
        "There is no evidence to support the patient has failed first line therapy prior to this request.",
        ("no evidence to support the patient has failed first line",),
    ),  # "failed first line therapy" not shown (CM16-0248698 #9)
    (
        "not-first-line/not-tried",
        "drug",
        "There was also a lack of documentation indicating that the patient has failed non-opioid medications.",
        ("lack of documentation indicating that the patient has failed non-opioid",),
    ),  # "failed non-opioid medications" not shown (CM17-0013077 #3)
    (
        "not-first-line/not-tried",
        "drug",
        "The California MTUS 2016 Chronic Pain Guidelines state that topical analgesics are largely experimental in use with few randomized control trials to determine efficacy or safety and are primarily recommended for neuropathic pain when trials of antidepressants and anticonvulsants have failed.",
        (),
    ),  # negative: the guideline's ladder without a negation about the patient
    (
        "not-first-line/not-tried",
        "drug",
        "As the documentation contains no evidence of second line analgesic trial such as TCA or SNRI, the request is not medically necessary.",
        ("no evidence of second line analgesic trial",),
    ),  # a "second line" trial not shown (seed 002_df64986682944ae3, item 2)
    (
        "not-first-line/not-tried",
        "drug",
        "It has not been evaluated for treatment of the spine, hip, or shoulder, and according to the ODG, it is not recommended as first-line treatment.",
        ("not recommended as first-line treatment",),
    ),  # evidence from the last negation, not the first (seed 000_5d516a6f8a2f4e6d, item 1)
    # not-first-line/oral-form
    (
        "not-first-line/oral-form",
        "drug",
        "There was no indication that the patient was intolerant to oral medication.",
        ("intolerant to oral",),
    ),  # "intolerant to oral medication" not shown (CM16-0234464 #6)
    (
        "not-first-line/oral-form",
        "drug",
        "There is no indication the patient is not able to tolerate similar medication in pill/tablet form.",
        ("not able to tolerate similar medication in pill",),
    ),  # "not able to tolerate similar medication in pill/tablet form" (CM16-0248698 #9)
    (
        "not-first-line/oral-form",
        "drug",
        "However, there was lack of clinical documentation indicating the patient was not able to utilize oral capsules or tablets.",
        ("not able to utilize oral",),
    ),  # "not able to utilize oral capsules or tablets" (CM17-0013625 #2)
    (
        "not-first-line/oral-form",
        "drug",
        "The patient was provided a prescription for oral suspension fanatrex.",
        (),
    ),  # negative: "oral suspension" named, no intolerance
    # not-first-line/ladder
    (
        "not-first-line/ladder",
        "drug",
        "The California MTUS 2016 Chronic Pain Guidelines do not recommend compound drugs as a first line therapy.",
        ("not recommend compound drugs as a first line",),
    ),  # "do not recommend compound drugs as a first line therapy" (CM16-0248698 #9)
    (
        "not-first-line/ladder",
        "drug",
        "The California MTUS 2016 Chronic Pain Guidelines do not recommended Lidoderm patch until after a trial of a first-line therapy.",
        ("not recommended Lidoderm patch until after a trial",),
    ),  # "not recommended ... until after a trial of a first-line therapy" (CM16-0245466 #2)
    (
        "not-first-line/ladder",
        "drug",
        "NSAIDs are first line treatment to reduce pain and are recommended at the lowest dose for the shortest duration.",
        (),
    ),  # negative: a first-line drug described as one
    # not-first-line/plain-films
    (
        "not-first-line/plain-films",
        "imaging",
        "No plain films are noted.",
        ("No plain films",),
    ),  # "No plain films" (CM17-0014288 #1)
    (
        "not-first-line/plain-films",
        "imaging",
        "Absent clinical documentation of conservative management and plain radiographs, MRI imaging left shoulder is not clinically indicated.",
        ("Absent clinical documentation of conservative management and plain radiographs",),
    ),  # "Absent ... plain radiographs" (CM17-0010728 #1)
    (
        "not-first-line/plain-films",
        "imaging",
        "It is not certain that there has been a prior negative plain film of the cervical spine.",
        (),
    ),  # negative: "not certain" about a prior film is no call for one
    (
        "not-first-line/plain-films",
        "imaging",
        "Plain films were normal.",
        (),
    ),  # negative: plain films done and normal
    # compound-ingredient/contains
    (
        "compound-ingredient/contains",
        "drug",
        "Given that the requested service contains gabapentin and cyclobenzaprine, its usage is not supported.",
        ("requested service contains",),
    ),  # "the requested service contains" two ingredients (CM16-0249536 #3)
    (
        "compound-ingredient/contains",
        "drug",
        "In addition, the guidelines also state that baclofen is not recommended for topical use.",
        ("baclofen is not recommended for topical use",),
    ),  # an ingredient "not recommended for topical use" (CM16-0249536 #2)
    (
        "compound-ingredient/contains",
        "drug",
        "Regarding flurbiprofen, the only recommended topical nonsteroidal anti-inflammatory medication is diclofenac.",
        ("only recommended topical nonsteroidal",),
    ),  # "the only recommended topical nonsteroidal" is another drug (CM17-0013716 #4)
    (
        "compound-ingredient/contains",
        "drug",
        "The guidelines also state that any compounded product that contains at least 1 drug or drug class is not recommended.",
        (),
    ),  # negative: the compound rule quoted, no ingredient named
    # no-objective-findings/not-documented
    (
        "no-objective-findings/not-documented",
        "imaging",
        "There is no evidence of specific nerve compromise warranting an MRI.",
        ("no evidence of specific nerve",),
    ),  # "no evidence of specific nerve compromise" (CM16-0213037 #1)
    (
        "no-objective-findings/not-documented",
        "therapy",
        "The submitted medical records do not document significant objective deficits on recent clinical assessments.",
        ("not document significant objective deficits",),
    ),  # "do not document significant objective deficits" (CM16-0228949 #1)
    (
        "no-objective-findings/not-documented",
        "imaging",
        "There is no documentation of radicular complaints or findings of radiculopathy.",
        ("no documentation of radicular complaints or findings of radiculopathy",),
    ),  # "findings of radiculopathy" denied (CM17-0005246 #1)
    (
        "no-objective-findings/not-documented",
        "dme",
        "Physical examination did not document the patient's current motor strength of the upper extremities/lower extremities.",
        ("not document the patient's current motor strength",),
    ),  # "did not document ... motor strength" (CM16-0249724 #1)
    (
        "no-objective-findings/not-documented",
        "lab",
        "Nerve conduction studies are not recommended, but electromyography is recommended as an option to obtain unequivocal evidence of radiculopathy after a one month conservative therapy, but electromyography is not necessary if radiculopathy is already clinically obvious.",
        (),
    ),  # negative: the negation belongs to the clause before "but"
    (
        "no-objective-findings/not-documented",
        "lab",
        'The ODG states; "NCS is not recommended, but EMG is recommended as an option (needle, not surface) to obtain unequivocal evidence of radiculopathy, after 1-month conservative therapy.',
        (),
    ),  # negative: "(needle, not surface)" negates one word
    (
        "no-objective-findings/not-documented",
        "imaging",
        "The ACOEM Guidelines state that unequivocal objective findings that identify specific nerve compromise on the neurological examination are sufficient evidence to warrant imaging in patients who do not respond to treatment and who would consider surgery an option.",
        (),
    ),  # negative: ACOEM's criteria, "do not respond to treatment"
    # no-objective-findings/denied
    (
        "no-objective-findings/denied",
        "lab",
        "Further, the objective findings provided do not provide a clear rationale for this study.",
        ("objective findings provided do not",),
    ),  # the findings named, then denied (CM17-0000846 #1)
    (
        "no-objective-findings/denied",
        "imaging",
        "The patient had objective findings on physical examination including a positive drop arm, lift off, and cross over impingement test.",
        (),
    ),  # negative: findings present
    # no-objective-findings/normal-exam
    (
        "no-objective-findings/normal-exam",
        "imaging",
        "But, it is noted that reflexes and strength are intact in the upper extremities.",
        ("are intact",),
    ),  # "reflexes and strength are intact" (CM16-0239607 #1)
    (
        "no-objective-findings/normal-exam",
        "lab",
        "Muscle strength and sensation are unremarkable.",
        ("are unremarkable",),
    ),  # "are unremarkable" (CM17-0009887 #1)
    (
        "no-objective-findings/normal-exam",
        "imaging",
        "The fact that the applicant retained normal knee range of motion of 130 degrees, and was seemingly ambulatory as of this date, taken together, suggested that the applicant was not, in fact, a candidate for surgical intervention involving the knee.",
        ("retained normal",),
    ),  # "retained normal knee range of motion" (CM16-0245028 #1)
    (
        "no-objective-findings/normal-exam",
        "imaging",
        "The patient's imaging was relatively benign, with the only substantial finding noted as a suspected small distal supraspinatus tendon tear.",
        ("relatively benign",),
    ),  # "imaging was relatively benign" (CM16-0238035 #1)
    (
        "no-objective-findings/normal-exam",
        "imaging",
        "The Official Disability Guidelines state that an MRI of the knee is indicated if internal derangement is suspected.",
        (),
    ),  # negative: a guideline sentence (records only)
    (
        "no-objective-findings/normal-exam",
        "imaging",
        "Range of motion is within normal limits.",
        (),
    ),  # negative: "within normal limits" is not one of the rule's phrases
    # no-drug-monitoring/not-done
    (
        "no-drug-monitoring/not-done",
        "drug",
        "Moreover, a CURES report was not checked, and documented prior to prescribing this medication.",
        ("CURES report was not checked",),
    ),  # "a CURES report was not checked" (CM16-0248698 #11)
    (
        "no-drug-monitoring/not-done",
        "drug",
        "There is no evidence an opioid risk assessment was completed.",
        ("no evidence an opioid risk assessment",),
    ),  # "no evidence an opioid risk assessment" (CM16-0248698 #11)
    (
        "no-drug-monitoring/not-done",
        "drug",
        "No urine drug screens are provided to indicate if the patient is compliant with his prescribed medications.",
        ("No urine drug screens",),
    ),  # "No urine drug screens" (seed 001, item 2)
    (
        "no-drug-monitoring/not-done",
        "lab",
        "There was no indication the patient was at high risk for abuse or addiction that would require multiple urine drug screens.",
        (),
    ),  # negative: a drug screen item asked too often (a lab, and no monitoring missing)
    (
        "no-drug-monitoring/not-done",
        "drug",
        "A consult for CURES as well as a completion of a urine drug screen be performed prior to opioid trial.",
        (),
    ),  # negative: the guideline's steps, no negation
    # above-quantity/exceeds
    (
        "above-quantity/exceeds",
        "therapy",
        "The initial treatment request exceeds the recommendation for an initial trial.",
        ("exceeds",),
    ),  # "exceeds the recommendation for an initial trial" (CM16-0231706 #1)
    (
        "above-quantity/exceeds",
        "therapy",
        "Furthermore, the request would exceed the amount of PT recommended by the CA MTUS and, unfortunately, there is no provision for modification of the current request.",
        ("would exceed",),
    ),  # "would exceed the amount of PT recommended" (CM16-0237844 #1)
    (
        "above-quantity/exceeds",
        "therapy",
        "Although additional physical therapy may be appropriate, the originally requested 6 additional sessions of physical therapy is in excess of the guidelines.",
        ("in excess of",),
    ),  # "is in excess of the guidelines" (CM17-0020728 #1)
    (
        "above-quantity/exceeds",
        "therapy",
        "When treatment duration and/or number of visits exceeds the guideline, exceptional factors should be noted.",
        (),
    ),  # negative: "When ... exceeds the guideline" is a hypothesis (ODG)
    (
        "above-quantity/exceeds",
        "drug",
        "However, there was evidence that the patient has been on this medication since at least 11/03/2016, exceeding the guideline recommendation for short term use.",
        (),
    ),  # negative: exceeding the short-term limit is beyond-duration
    (
        "above-quantity/exceeds",
        "therapy",
        "The requested amount of physical therapy is not in excess of California chronic pain medical treatment guidelines for lumbar pain.",
        (),
    ),  # negative: "not in excess of"
    # not-specific/not-specified
    (
        "not-specific/not-specified",
        "therapy",
        "The request as submitted also failed to specify a body part for treatment.",
        ("failed to specify",),
    ),  # "failed to specify a body part" (CM16-0235869 #1)
    (
        "not-specific/not-specified",
        "therapy",
        "The requested service did not specify the quantity of acupuncture treatments that are being recommended.",
        ("did not specify",),
    ),  # "did not specify the quantity" (CM16-0249536 #6)
    (
        "not-specific/not-specified",
        "drug",
        "In this case, the proposed, specific, amount of Viagra requested is not included with the request.",
        ("not included with the request",),
    ),  # "not included with the request" (CM16-0221706 #1)
    (
        "not-specific/not-specified",
        "dme",
        "There is nothing specific regarding the medical necessity for a hospital bed and there is no endpoint estimated for the rental.",
        ("no endpoint",),
    ),  # "no endpoint estimated for the rental" (CM17-0009996 #1)
    (
        "not-specific/not-specified",
        "therapy",
        "According to California MTUS 2016 Chronic Pain Guidelines, physical medicine may be recommended in the treatment of unspecified neuralgia, neuritis, and radiculitis at 8-10 visits over 4 weeks.",
        (),
    ),  # negative: ODG's "unspecified neuralgia" is a diagnosis
    (
        "not-specific/not-specified",
        "consult",
        "However, there was a lack of documentation specifying when the initial examination was performed.",
        (),
    ),  # negative: "specifying when the initial examination was performed" is not about the request
    (
        "not-specific/not-specified",
        "drug",
        "There was no frequency listed in the current request.",
        ("no frequency listed",),
    ),  # "no frequency listed" (seed 003_2bfc817a51949ce5, item 2)
    (
        "not-specific/not-specified",
        "procedure",
        "The specific type of procedure was not stated in the request.",
        ("not stated in the request",),
    ),  # "not stated in the request" (seed 003, item 1)
    (
        "not-specific/not-specified",
        "drug",
        "This is a non-specific request that does not include the type of medication, dosage, frequency, or quantity.",
        ("non-specific request",),
    ),  # "a non-specific request" (seed 003, item 4)
    # red-flags/present
    (
        "red-flags/present",
        "imaging",
        "Given cervical spine trauma and the appearance of C2 fracture on plain film radiography, proceeding with Computed Tomography (CT) for further evaluation of the C2 vertebra was medically necessary and appropriate.",
        ("Given cervical spine trauma", "appearance of C2 fracture"),
    ),  # trauma and a fracture on plain film (CM17-0005924 #1)
    (
        "red-flags/present",
        "imaging",
        "However, the patient remains symptomatic and an MRI will identify red flag conditions that may explain the delayed recovery for this patient.",
        (),
    ),  # negative: red flags to be looked for, not found
    (
        "red-flags/present",
        "imaging",
        "Per the MTUS ACOEM Guidelines, MRI may be considered in cases where red flags are present or in cases where evidence of tissue injury or neurologic dysfunction are present.",
        (),
    ),  # negative: a guideline sentence (records only)
    # failed-conservative/failed
    (
        "failed-conservative/failed",
        "imaging",
        "There is noted internal derangement with limitation that has not responded to conservative treatment.",
        ("not responded to conservative",),
    ),  # "has not responded to conservative treatment" (CM17-0005589 #1)
    (
        "failed-conservative/failed",
        "imaging",
        "The date of injury is October 2016 and the patient remains symptomatic with treatment.",
        ("remains symptomatic with treatment",),
    ),  # "remains symptomatic with treatment" (CM17-0008519 #1)
    (
        "failed-conservative/failed",
        "imaging",
        "The medical records report further conservative care of at least 1 month and presence of neurologic deficit which is decreased sensation.",
        ("conservative care of at least",),
    ),  # "conservative care of at least 1 month" (CM16-0246624 #1)
    (
        "failed-conservative/failed",
        "imaging",
        "ODG guidelines support imaging for uncomplicated neck pain, with radiculopathy, after at least 1 month conservative therapy, sooner if severe or progressive neurologic deficit.",
        (),
    ),  # negative: ODG's wording, "after at least 1 month conservative therapy"
    # no-red-flags/none
    (
        "no-red-flags/none",
        "imaging",
        "There is no evidence of any red flag conditions.",
        ("no evidence of any red flag",),
    ),  # "no evidence of any red flag conditions" (CM16-0213037 #1)
    (
        "no-red-flags/none",
        "imaging",
        "Absent red flags or clear indications for surgery, a clear indication for MRI is not supported by the provided documents.",
        ("Absent red flags",),
    ),  # "Absent red flags" (CM16-0246635 #1)
    (
        "no-red-flags/none",
        "imaging",
        'These records did not suggest any "red flag" findings, and the physical examinations documented recent to the request did not detail findings consistent with an issue involving a specific spinal nerve in the region of concern.',
        ('not suggest any "red flag',),
    ),  # red flag in quotes (CM17-0008577 #1)
    (
        "no-red-flags/none",
        "imaging",
        "Most patients improve quickly, provided any red-flag conditions are ruled out.",
        (),
    ),  # negative: "provided any red-flag conditions are ruled out" (ACOEM)
    (
        "no-red-flags/none",
        "imaging",
        "Imaging studies should be reserved for cases in which surgery is considered or red-flag diagnoses are being evaluated.",
        (),
    ),  # negative: "red-flag diagnoses are being evaluated" (ACOEM)
    # no-surgical-plan/none
    (
        "no-surgical-plan/none",
        "imaging",
        "There was no indication the patient was a candidate for surgery.",
        ("no indication the patient was a candidate for surgery",),
    ),  # "a candidate for surgery" denied (CM16-0234464 #2)
    (
        "no-surgical-plan/none",
        "imaging",
        "However there is no documentation the claimant's willingness to consider or contemplate any kind of surgical intervention based on the outcome of the MRI.",
        ("no documentation the claimant's willingness to consider",),
    ),  # "willingness to consider" surgery denied (CM16-0213037 #1)
    (
        "no-surgical-plan/none",
        "imaging",
        "There is no planned invasive procedure.",
        ("no planned invasive",),
    ),  # "no planned invasive procedure" (CM17-0007376 #1)
    (
        "no-surgical-plan/none",
        "imaging",
        "It was not stated how (or if) said knee MRI would influence or alter the treatment plan, nor it was stated why a knee MRI study was ordered on the November 1, 2016 office visit at issue.",
        ("not stated how (or if) said knee MRI would influence or alter the treatment plan",),
    ),  # the result would change nothing: "how (or if) ... would influence or alter the treatment plan" (CM16-0245028 #1)
    (
        "no-surgical-plan/none",
        "imaging",
        "The ACOEM Guidelines state that unequivocal objective findings that identify specific nerve compromise on the neurological examination are sufficient evidence to warrant imaging in patients who do not respond to treatment and who would consider surgery an option.",
        (),
    ),  # negative: ACOEM's "who would consider surgery an option"
    (
        "no-surgical-plan/none",
        "therapy",
        "The California MTUS acupuncture guidelines note that acupuncture is used as an option with pain medication is reduced or not tolerated or may be used as an adjunct physical rehabilitation and/or surgical intervention.",
        (),
    ),  # negative: "not tolerated or ... surgical intervention" (acupuncture guideline)
    # conservative-care-not-tried/not-documented
    (
        "conservative-care-not-tried/not-documented",
        "imaging",
        "It is also unclear what recent conservative care the patient has tried and failed.",
        ("unclear what recent conservative care",),
    ),  # "unclear what recent conservative care the patient has tried and failed" (CM16-0234464 #1)
    (
        "conservative-care-not-tried/not-documented",
        "lab",
        "As the patient has not failed to improve with conservative treatment the requested diagnostic studies would not be supported at this time.",
        ("not failed to improve",),
    ),  # "has not failed to improve with conservative treatment" (CM17-0003619 #1)
    (
        "conservative-care-not-tried/not-documented",
        "procedure",
        "There was no documentation of a recent trial and failure of injections.",
        ("no documentation of a recent trial and failure",),
    ),  # "no documentation of a recent trial and failure of injections" (CM16-0238035 #1)
    (
        "conservative-care-not-tried/not-documented",
        "imaging",
        "In this case, the treating physician has failed to document if the patient has had completed conservative treatment for 3 months and there are no examination findings to indicate any possible radiculopathy.",
        ("failed to document if the patient has had completed conservative treatment",),
    ),  # "failed to document if ..." ("if" as "whether", CM17-0016204 #1)
    (
        "conservative-care-not-tried/not-documented",
        "imaging",
        "The MTUS states that for most patients presenting with true neck or upper back problems, special studies are not needed unless a three or four week period of conservative care and observation fails to improve symptoms.",
        (),
    ),  # negative: "not needed unless ... conservative care" is a hypothesis (ACOEM)
    (
        "conservative-care-not-tried/not-documented",
        "drug",
        "There is no indication that the patient had previously tried and failed a line of first-line therapy prior to the request.",
        (),
    ),  # negative: first-line drugs not tried are not-first-line
    # conservative-care-not-tried/under-way
    (
        "conservative-care-not-tried/under-way",
        "therapy",
        "There was no clear rationale for the need of chiropractic treatment prior to the completion of the previously authorized conservative therapy.",
        ("prior to the completion of",),
    ),  # "prior to the completion of the previously authorized conservative therapy" (CM16-0231745 #2)
    (
        "conservative-care-not-tried/under-way",
        "imaging",
        "The patient was also not shown to have failed conservative treatment given it was also noted physical therapy was helping.",
        ("physical therapy was helping",),
    ),  # "physical therapy was helping" (CM17-0002106 #1)
    (
        "conservative-care-not-tried/under-way",
        "imaging",
        "It is noted that he has not yet had physical therapy.",
        ("has not yet had",),
    ),  # "has not yet had physical therapy" (CM17-0010364 #1)
    (
        "conservative-care-not-tried/under-way",
        "imaging",
        "MRI is being requested only 1 week since injury and onset of symptoms.",
        ("only 1 week since injury",),
    ),  # "only 1 week since injury" (CM17-0003917 #1)
    (
        "conservative-care-not-tried/under-way",
        "therapy",
        'The treating physician notes therapy is "helping with pain."',
        (),
    ),  # negative: therapy "helping with pain" without the rule's subject and verb
    # not-recommended/guideline
    (
        "not-recommended/guideline",
        "therapy",
        "According to California MTUS 2016 Chronic Pain Guidelines, pulsed ultrasound is not recommended.",
        ("is not recommended",),
    ),  # "pulsed ultrasound is not recommended" (CM17-0005344 #3)
    (
        "not-recommended/guideline",
        "therapy",
        "However, given that that guidelines specifically do not recommend shockwave therapy for the low back, the request is not supported.",
        ("do not recommend",),
    ),  # "do not recommend shockwave therapy" (CM16-0249536 #5)
    (
        "not-recommended/guideline",
        "therapy",
        "Traction is not been proven effective for lasting relief.",
        ("not been proven effective",),
    ),  # "not been proven effective" (CM16-0239569 #4)
    (
        "not-recommended/guideline",
        "drug",
        "Use of benzodiazepines for acute musculoskeletal pain is not indicated.",
        ("is not indicated",),
    ),  # "is not indicated" for acute pain (CM16-0240524 #1)
    (
        "not-recommended/guideline",
        "drug",
        "Guidelines do not support the use of topical lidocaine.",
        ("Guidelines do not support",),
    ),  # "Guidelines do not support the use of" (CM16-0245796 #2)
    (
        "not-recommended/guideline",
        "therapy",
        "The California MTUS 2016 Chronic Pain Guidelines do not recommend transcutaneous electrical nerve stimulation unit as a primary treatment modality but a 1 month home based trial is recommended if used as an adjunct to a program of evidence based restoration.",
        (),
    ),  # negative: TENS "not recommended as a primary treatment modality" but as an adjunct
    (
        "not-recommended/guideline",
        "drug",
        "Longterm use is not recommended.",
        (),
    ),  # negative: "Longterm use is not recommended" is beyond-duration
    (
        "not-recommended/guideline",
        "drug",
        "The guidelines also state that any compounded product that contains at least 1 drug or drug class is not recommended.",
        (),
    ),  # negative: the compound rule (a compound sentence)
    (
        "not-recommended/guideline",
        "imaging",
        "The MTUS Guidelines do not recommend the routine use of MRI with low back complaints.",
        (),
    ),  # negative: "do not recommend the routine use"
    # no-indication/not-documented
    (
        "no-indication/not-documented",
        "drug",
        "However, there was a lack of subjective complaints of gastrointestinal events to support ongoing use.",
        ("lack of subjective complaints of gastrointestinal events",),
    ),  # "lack of subjective complaints of gastrointestinal events" (CM16-0245466 #3)
    (
        "no-indication/not-documented",
        "drug",
        "However, there was no indication the patient was diagnosed with osteoarthritis to support the requested medication.",
        ("no indication the patient was diagnosed",),
    ),  # "no indication the patient was diagnosed with osteoarthritis" (CM16-0245466 #1)
    (
        "no-indication/not-documented",
        "lab",
        "There is no indication that the patient had any prior unsuccessful return to work attempts.",
        ("no indication that the patient had any prior unsuccessful return to work attempts",),
    ),  # "unsuccessful return to work attempts" not shown (CM17-0006634 #1)
    (
        "no-indication/not-documented",
        "dme",
        "There was no indication that the patient was going to use the heat therapy pad as an adjunct to a program of functional restoration.",
        ("no indication that the patient was going to use the heat therapy pad as an adjunct to",),
    ),  # not "an adjunct to a program of functional restoration" (CM16-0245466 #7)
    (
        "no-indication/not-documented",
        "imaging",
        "Absent red flags or clear indications for surgery, a clear indication for MRI is not supported by the provided documents.",
        (),
    ),  # negative: "indications for surgery" is no-surgical-plan
    (
        "no-indication/not-documented",
        "procedure",
        "The treating physician has not documented a physical exam to substantiate the diagnosis nor has there been a documented failure of more classic conservative therapies.",
        (),
    ),  # negative: "to substantiate the diagnosis" is no-objective-findings
    (
        "no-indication/not-documented",
        "drug",
        "Of critical importance is that MTUS states that topical NSAIDs are not recommended for neuropathic pain.",
        (),
    ),  # negative: not recommended for what the patient has (seed 000_5d516a6f8a2f4e6d, item 1)
    # no-rationale/none
    (
        "no-rationale/none",
        "lab",
        "There is a lack of rationale provided by the physician as to the medical necessity for this request.",
        ("lack of rationale",),
    ),  # "lack of rationale provided by the physician" (CM16-0248698 #2)
    (
        "no-rationale/none",
        "dme",
        "However, the rationale for this specific heat therapy pad was not provided.",
        ("rationale for this specific heat therapy pad was not provided",),
    ),  # "the rationale ... was not provided" (CM16-0245466 #7)
    (
        "no-rationale/none",
        "dme",
        "The clinical note does not address medical necessity for the durable medical equipment requested.",
        ("does not address medical necessity",),
    ),  # "does not address medical necessity" (CM16-0249724 #1)
    (
        "no-rationale/none",
        "lab",
        "Further, the objective findings provided do not provide a clear rationale for this study.",
        (),
    ),  # negative: the objective findings give no rationale: no-objective-findings
    (
        "no-rationale/none",
        "drug",
        "It is also unclear of the rationale as to why the patient would require a topical cream versus oral medication.",
        (),
    ),  # negative: a topical "versus oral medication" is not-first-line
    (
        "no-rationale/none",
        "therapy",
        "There was also lack of a clear rationale for additional monitored therapy over the patient being well versed in a home exercise program.",
        (),
    ),  # negative: "over ... a home exercise program" is home-exercise
    # home-exercise/instead
    (
        "home-exercise/instead",
        "therapy",
        "The need for ongoing skilled supervised PT above a self-directed home exercise program is not established.",
        ("above a self-directed home exercise program",),
    ),  # "above a self-directed home exercise program" (CM16-0228949 #1)
    (
        "home-exercise/instead",
        "therapy",
        "There was also lack of a clear rationale for additional monitored therapy over the patient being well versed in a home exercise program.",
        ("over the patient being well versed in a home exercise program",),
    ),  # "over the patient being well versed in a home exercise program" (CM16-0235869 #1)
    (
        "home-exercise/instead",
        "therapy",
        "He should have also been taught a home exercise program to continue.",
        ("taught a home exercise program",),
    ),  # "should have also been taught a home exercise program" (CM17-0002198 #1)
    (
        "home-exercise/instead",
        "therapy",
        "Home exercise can include exercise with or without mechanical assistance or resistance and functional activities with assistive devices.",
        (),
    ),  # negative: ODG's "Home exercise can include"
    (
        "home-exercise/instead",
        "therapy",
        "Based on the clinical notes submitted for review, the patient continued to report pain despite pain medication, modified work activity, and home exercise program.",
        (),
    ),  # negative: a home program already in the patient's care
    # depends-on-denied/primary-denied
    (
        "depends-on-denied/primary-denied",
        "dme",
        "As the requested surgical intervention is not medically necessary per the documentation, the requested ancillary service is not medically necessary.",
        ("As the requested surgical intervention is not medically necessary", "ancillary service"),
    ),  # the surgery denied, its "ancillary service" falls (CM16-0238035 #2)
    (
        "depends-on-denied/primary-denied",
        "drug",
        "Given that the naproxen was determined to be not medically necessary, the request for Pantoprazole 20mg #30 is also not medically necessary.",
        ("Given that the naproxen was determined to be not medically necessary",),
    ),  # "the naproxen was determined to be not medically necessary" (CM17-0013716 #2)
    (
        "depends-on-denied/primary-denied",
        "imaging",
        "Given that the submitted documentation does not provide any indication the patient may have pathology such as osteonecrosis and there are no significant findings that would warrant the need for imaging at this time, the request is not medically necessary.",
        (),
    ),  # negative: "Given that ... the request is not medically necessary" concludes, names no other request
    # repeat-study/done-before
    (
        "repeat-study/done-before",
        "imaging",
        "It is unclear as to why a repeat study is being requested.",
        ("why a repeat",),
    ),  # "why a repeat study" (CM17-0001064 #3)
    (
        "repeat-study/done-before",
        "imaging",
        "Guidelines have not been met; besides, the medical records reveal there was a prior Lumbar MRI in 03/2016.",
        ("there was a prior Lumbar MRI",),
    ),  # "there was a prior Lumbar MRI" (CM16-0242419 #2)
    (
        "repeat-study/done-before",
        "lab",
        "It is unclear of the rationale as to why the patient would require an additional electrodiagnostic study.",
        ("would require an additional electrodiagnostic",),
    ),  # "an additional electrodiagnostic study" after one (CM17-0003284 #2)
    (
        "repeat-study/done-before",
        "imaging",
        "Repeat MRI is not routinely recommended, and should be reserved for a significant change in symptoms and/or findings suggestive of significant pathology.",
        (),
    ),  # negative: ODG on repeat MRI, no prior study named
    # duplicate-therapy/same-class
    (
        "duplicate-therapy/same-class",
        "drug",
        "The rational as to why the patient would require an additional NSAID drug is not apparent.",
        ("additional NSAID",),
    ),  # "an additional NSAID" (CM16-0234464 #4)
    (
        "duplicate-therapy/same-class",
        "drug",
        "In addition, there was lack of a clear rationale for additional NSAIDs on top of acetaminophen and ketoprofen without evidence of failure.",
        ("additional NSAIDs", "on top of"),
    ),  # "additional NSAIDs on top of" two others (CM17-0015957 #3)
    (
        "duplicate-therapy/same-class",
        "drug",
        "The documentation submitted for review indicated that the patient utilized Mobic.",
        (),
    ),  # negative: another NSAID named, no duplication said
    # functional-improvement/documented
    (
        "functional-improvement/documented",
        "therapy",
        "Based on the documentation presented, there has been quantifiable clinical change with previous treatment and objective functional improvement has been documented.",
        ("functional improvement has been documented",),
    ),  # "objective functional improvement has been documented" (CM17-0004738 #1)
    (
        "functional-improvement/documented",
        "therapy",
        "The medical records reveal a reduction in work restrictions after 4/6 acupuncture treatment.",
        ("reduction in work restrictions after",),
    ),  # "a reduction in work restrictions after" treatment (CM16-0242419 #1)
    (
        "functional-improvement/documented",
        "drug",
        "In this case, the claimant is taking Naprosyn 550 mg bid with improvement in pain.",
        ("with improvement in pain",),
    ),  # "with improvement in pain" (CM16-0247624 #2)
    (
        "functional-improvement/documented",
        "imaging",
        "Progress notes have noted 6 prior physical therapy completed thus far with no documented improvement in pain or function.",
        (),
    ),  # negative: "no documented improvement in pain": a negation before
    (
        "functional-improvement/documented",
        "therapy",
        "Acupuncture treatments may be extended if functional improvement is documented as defined in Section 9792.20(ef).",
        (),
    ),  # negative: "if functional improvement is documented" is a hypothesis
    # objective-findings/present
    (
        "objective-findings/present",
        "imaging",
        "The records indicate a neurologic deficit.",
        ("indicate a neurologic deficit",),
    ),  # "indicate a neurologic deficit" (CM16-0246624 #1)
    (
        "objective-findings/present",
        "imaging",
        "In this case there is indication of neurologic dysfunction that has not necessarily improved, which is supportive of obtaining MRI.",
        ("indication of neurologic dysfunction",),
    ),  # "indication of neurologic dysfunction" (CM16-0235724 #1)
    (
        "objective-findings/present",
        "lab",
        "In this case, there is a history of trauma and the claimant has both sensory and motor deficits.",
        ("has both sensory and motor deficits",),
    ),  # "both sensory and motor deficits" (CM17-0020384 #1)
    (
        "objective-findings/present",
        "imaging",
        "ODG guidelines support imaging for uncomplicated neck pain, with radiculopathy, after at least 1 month conservative therapy, sooner if severe or progressive neurologic deficit.",
        (),
    ),  # negative: ODG's criteria (a guideline sentence)
    (
        "objective-findings/present",
        "imaging",
        "However, there was no evidence of any neurological deficits on the examination provided for review.",
        (),
    ),  # negative: "no evidence of any neurological deficits"
    # indication-documented/present
    (
        "indication-documented/present",
        "therapy",
        "This individual meets published criteria for acute inpatient rehabilitation due to the need for intensive musculoskeletal rehabilitation.",
        ("meets published criteria",),
    ),  # "meets published criteria" (CM16-0229336 #1)
    (
        "indication-documented/present",
        "other",
        "In this case this IW is recently post hospitalization and surgery.",
        ("post hospitalization",),
    ),  # "recently post hospitalization and surgery" (CM16-0249726 #1)
    (
        "indication-documented/present",
        "lab",
        "In this situation, the EMG/NCS of the bilateral upper extremities is supported by Guidelines and is medically necessary.",
        ("supported by Guidelines",),
    ),  # "supported by Guidelines" (CM16-0248034 #1)
    (
        "indication-documented/present",
        "dme",
        "Under these circumstances, the hospital bed for an unspecified rental is not supported by Guidelines and is not medically necessary.",
        (),
    ),  # negative: "not supported by Guidelines"
    # within-guideline/within
    (
        "within-guideline/within",
        "therapy",
        "The requested amount of physical therapy is not in excess of California chronic pain medical treatment guidelines for lumbar pain.",
        ("not in excess of",),
    ),  # "not in excess of" the guidelines (CM17-0019907 #1)
    (
        "within-guideline/within",
        "therapy",
        "The medical records reveal the injured worker is undergoing physical therapy; the recommended number of visits is within the guidelines recommendation.",
        ("within the guidelines",),
    ),  # "within the guidelines recommendation" (CM16-0230548 #2)
    (
        "within-guideline/within",
        "therapy",
        "The request for an additional 8 physical therapy sessions is determined to be medically necessary because the injured worker has reported benefit from previous sessions and because they will exceed guideline recommendations by only 2 sessions.",
        ("exceed guideline recommendations by only",),
    ),  # "exceed guideline recommendations by only 2 sessions" (CM17-0015348 #1)
    (
        "within-guideline/within",
        "therapy",
        "The requested amount of physical therapy is in excess of California chronic pain medical treatment guidelines.",
        (),
    ),  # negative: "in excess of"
]


@pytest.mark.parametrize(("rule_name", "kind", "sentence", "words"), RULE_CASES)
def test_rule(
    rule_name: str, kind: str, sentence: str, words: tuple[str, ...], lexicon: ReasonRules
) -> None:
    rule, only = _only(rule_name, lexicon)
    decision = lexicon.reason(rule.reason).decision
    found = assign_reasons(sentence, decision, kind, only)
    got = tuple(e.words for r in found for e in r.evidence)
    assert got == words
    for reason in found:
        assert reason.key == rule.reason
        for evidence in reason.evidence:
            assert evidence.rule == rule_name
            assert sentence[evidence.span[0] : evidence.span[1]] == evidence.words


def test_every_rule_has_a_positive_and_a_negative_row() -> None:
    positive = {name for name, _, _, words in RULE_CASES if words}
    negative = {name for name, _, _, words in RULE_CASES if not words}
    names = {rule.name for rule in RULES}
    assert names - positive == set()
    assert names - negative == set()


def _rationales() -> list[tuple[str, str, str | None, int]]:
    """Every item's rationale (as normalize passes it), decision, kind and offset, in the
    published letters (when present), the seeds and every fixture letter that parses."""
    folders = [SEEDS, FIXTURES] + ([REAL_LETTERS] if REAL_LETTERS.is_dir() else [])
    out = []
    for outcome in parse_paths(folders, Normalizer.load()):
        record = outcome.record
        if record is None:
            continue
        for issue in record.issues:
            start, end = issue.rationale_span
            out.append((record.text[start:end], issue.decision, issue.treatment.kind, start))
    return out


@pytest.fixture(scope="module")
def rationales() -> list[tuple[str, str, str | None, int]]:
    return _rationales()


def _all_sentences(rationales: list[tuple[str, str, str | None, int]]) -> list[str]:
    texts = [row[2] for row in RULE_CASES] + [e for r in load_reasons().reasons for e in r.examples]
    texts += [rationale for rationale, *_ in rationales]
    out = []
    for text in texts:
        text = text.replace("\n", " ")
        out += [text[a:b] for a, b in _sentences(text)]
    return out


def test_needs_are_only_a_shortcut(rationales: list[tuple[str, str, str | None, int]]) -> None:
    """A rule's ``needs`` and ``topic`` only save time: every sentence its pattern matches, in
    the published letters, the seeds, the fixtures and the test tables, holds one of its words
    (lowercased, where its words are looked for) and its topic."""
    sentences = _all_sentences(rationales)
    assert len(sentences) > 1000 or not REAL_LETTERS.is_dir()
    matched = 0
    for rule in RULES:
        assert rule.needs, rule.name
        for sentence in sentences:
            if not rule.pattern.search(sentence):
                continue
            matched += 1
            if rule.topic is not None:
                assert rule.topic.search(sentence), (rule.name, sentence)
            searchable = _searchable(sentence)
            if searchable is not None:
                assert any(word in searchable for word in rule.needs), (rule.name, sentence)
    assert matched > 100


def _every_sentence(
    rationale: str, decision: str, kind: str | None, rules: ReasonRules, offset: int = 0
) -> list[ItemReason]:
    """The reference: every active rule tried on every sentence, as before rules had
    ``needs`` (``assign_reasons`` must give the same, faster)."""
    if decision not in ("upheld", "overturned"):
        return []
    text = rationale.replace("\n", " ")
    explains = {r.key for r in rules.reasons if r.decision == decision}
    active = [
        rule
        for rule in rules.rules
        if rule.reason in explains and (not rule.kinds or (kind is not None and kind in rule.kinds))
    ]
    found: dict[str, list[ReasonEvidence]] = {}
    for start, end in _sentences(text):
        for rule in active:
            for evidence in _tried(rule, text[start:end], offset + start):
                found.setdefault(rule.reason, []).append(evidence)
    return _item_reasons(found, rules)


# (decision, kind) pairs under which every rule runs: each rule's evidence does not depend on
# the others', so the same evidence under these is the same under any pair.
EVERY_RULE = (("upheld", "drug"), ("upheld", "imaging"), ("overturned", None))


def test_same_reasons_as_every_sentence_tried(
    rationales: list[tuple[str, str, str | None, int]], lexicon: ReasonRules
) -> None:
    """``assign_reasons`` gives exactly the evidence of trying every rule on every sentence,
    for every item of the published letters, the seeds and the fixtures, under its own decision
    and kind and under pairs that run every rule."""
    assert {rule.name for d, k in EVERY_RULE for rule in lexicon.active(d, k)} == {
        rule.name for rule in lexicon.rules
    }
    given = 0
    for rationale, decision, kind, offset in rationales:
        for d, k in ((decision, kind), *EVERY_RULE):
            got = assign_reasons(rationale, d, k, lexicon, offset)
            assert got == _every_sentence(rationale, d, k, lexicon, offset), (rationale, d, k)
            given += bool(got)
    assert given > 100


# Rationales whose words must be found however they are written: capitals; letters outside ASCII
# that a case-insensitive pattern reads as ASCII ones, inside a needed word ("\u017f" is a long
# s, "\u0130" a dotted capital I, "\u0131" a dotless i, "\u212a" the Kelvin sign); characters
# outside ASCII that are not letters; spacing other than single spaces and characters that are
# not printable, where every sentence is tried.
ODD_SPELLINGS = [
    "THERE IS NO EVIDENCE OF ANY RED FLAG CONDITIONS.",
    "The request is not \u017fupported by the guidelines.",
    "There was no indication the patient was d\u0130agnosed with it.",
    "There is no h\u0131story of peptic ulcer.",
    "There is no indication of any return to wor\u212a attempts.",
    "The 90\u00b0 flexion is normal. There is no evidence of any red flag conditions.",
    "There is no  evidence of any red flag conditions.",
    "It is not\trecommended.",
    "There is no evidence of any red\u00a0flag conditions.",
    "It is not\u2028recommended.",
]


@pytest.mark.parametrize("text", ODD_SPELLINGS)
def test_odd_spellings_give_the_same_reasons(text: str, lexicon: ReasonRules) -> None:
    given = [assign_reasons(text, d, k, lexicon) for d, k in EVERY_RULE]
    assert given == [_every_sentence(text, d, k, lexicon) for d, k in EVERY_RULE]
    assert any(given)


def test_case_insensitive_ascii_letters_outside_ascii() -> None:
    """The letters outside ASCII that ``re.I`` matches to ASCII ones are the four
    ``_searchable`` folds, and lowercasing changes the length of none of them (it does only
    U+0130's, folded first): a word's place in the searchable text is its place in the text."""
    others = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    folded = {c for c in re.findall("[a-z]", others, re.I)}
    assert folded == {"\u0130", "\u0131", "\u017f", "\u212a"}
    assert _searchable(others) is None  # not printable: every sentence is tried
    printable = "".join(c for c in others if c.isprintable() and not c.isspace())
    assert len(printable.translate(_ASCII_FOLD).lower()) == len(printable)


# -- negation, decisions, kinds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "decision", "expected"),
    [
        # documented improvement in an overturned rationale: the overturned reason only
        (
            "Based on the documentation presented, objective functional improvement has been documented.",
            "overturned",
            ["functional-improvement"],
        ),
        # the same words in an upheld rationale: no "no functional improvement" without a negation
        (
            "Based on the documentation presented, objective functional improvement has been documented.",
            "upheld",
            [],
        ),
        # a negated improvement in an overturned rationale is no overturned reason
        (
            "Progress notes have noted 6 prior physical therapy completed thus far with no documented improvement in pain or function.",
            "overturned",
            [],
        ),
        # and in an upheld rationale it is the upheld reason
        (
            "Progress notes have noted 6 prior physical therapy completed thus far with no documented improvement in pain or function.",
            "upheld",
            ["no-functional-improvement"],
        ),
        # an unknown decision has no reasons
        ("There is no evidence of any red flag conditions.", "unknown", []),
    ],
)
def test_negation_and_decision(
    sentence: str, decision: str, expected: list[str], lexicon: ReasonRules
) -> None:
    assert [r.key for r in assign_reasons(sentence, decision, "therapy", lexicon)] == expected


def test_kind_limited_rules(lexicon: ReasonRules) -> None:
    sentence = "Moreover, a CURES report was not checked, and documented prior to prescribing this medication."
    assert [r.key for r in assign_reasons(sentence, "upheld", "drug", lexicon)] == [
        "no-drug-monitoring"
    ]
    assert assign_reasons(sentence, "upheld", "lab", lexicon) == []
    assert assign_reasons(sentence, "upheld", None, lexicon) == []


def test_unmatched_rationale_stays_unassigned(lexicon: ReasonRules) -> None:
    """CM17-0010885 #1 gives no reason of the taxonomy: nothing is guessed."""
    text = "Medical notes does not document any prior acupuncture sessions. The treating physician does detail circumstances that would meet guidelines."
    assert assign_reasons(text, "overturned", "therapy", lexicon) == []


def test_reasons_in_lexicon_order_and_evidence_in_text_order(lexicon: ReasonRules) -> None:
    text = (
        "There is no evidence of specific nerve compromise warranting an MRI. There is no "
        "evidence of any red flag conditions. There was no plan for surgery."
    )
    found = assign_reasons(text, "upheld", "imaging", lexicon, offset=100)
    order = [r.key for r in lexicon.reasons]
    assert [r.key for r in found] == sorted((r.key for r in found), key=order.index)
    for reason in found:
        spans = [e.span for e in reason.evidence]
        assert spans == sorted(spans)
        for e in reason.evidence:
            assert text[e.span[0] - 100 : e.span[1] - 100] == e.words


def test_line_breaks_keep_offsets(lexicon: ReasonRules) -> None:
    """The cleaned text breaks lines where the letter did; spans stay those of the text."""
    text = "There is no evidence of any red\nflag conditions."
    (reason,) = assign_reasons(text, "upheld", "imaging", lexicon)
    (evidence,) = reason.evidence
    assert evidence.words == "no evidence of any red flag"
    assert text[evidence.span[0] : evidence.span[1]] == "no evidence of any red\nflag"


# -- the lexicon -------------------------------------------------------------------------------


def test_lexicon_is_valid(lexicon: ReasonRules) -> None:
    keys = [r.key for r in lexicon.reasons]
    assert len(keys) == len(set(keys))
    assert {r.decision for r in lexicon.reasons} == {"upheld", "overturned"}
    issue = {r.key for r in lexicon.reasons if r.origin == "issue"}
    assert len(issue) == 10  # the issue's list, one reason each


KINDS = tuple(load_lexicon().kind_labels)


@pytest.mark.parametrize(
    "key", [r["key"] for r in yaml.safe_load(DEFAULT_PATH.read_text())["reasons"]]
)
def test_every_example_gives_its_reason(key: str, lexicon: ReasonRules) -> None:
    reason = lexicon.reason(key)
    for example in reason.examples:
        given = [
            {r.key for r in assign_reasons(example, reason.decision, kind, lexicon)}
            for kind in KINDS
        ]
        assert any(key in keys for keys in given), example


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reasons.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = "  - {key: %s, label: L, decision: %s, origin: issue, description: D, examples: [e]}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reasons: {}\n", "a 'reasons' list"),  # not a list
        ("reasons:\n" + ENTRY % ("a", "upheld") + ENTRY % ("a", "upheld"), "key used twice"),
        ("reasons:\n" + ENTRY % ("a", "denied"), "decision must be"),  # unknown decision
        ("reasons:\n" + ENTRY % ("Not A Slug", "upheld"), "not a slug"),
        ("reasons:\n  - {key: a}\n", "missing"),  # fields missing
    ],
)
def test_bad_lexicon_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ReasonsError, match=message):
        load_reasons(_write(tmp_path, text), rules=())


def test_rules_must_match_the_lexicon(tmp_path: Path) -> None:
    path = _write(tmp_path, "reasons:\n" + ENTRY % ("a", "upheld"))
    rule = Rule("b/x", "b", re.compile("x"), ("x",))
    with pytest.raises(ReasonsError, match="names no reason"):
        load_reasons(path, rules=(rule,))
    with pytest.raises(ReasonsError, match="no rule gives it"):
        load_reasons(path, rules=())
    twice = (replace(rule, reason="a"), replace(rule, reason="a"))
    with pytest.raises(ReasonsError, match="named twice"):
        load_reasons(path, rules=twice)
    for needs in [(), ("X",), ("two  spaces",), (" x",), ("a. b",), ("\u00e9",)]:
        with pytest.raises(ReasonsError, match="needs must be"):
            load_reasons(path, rules=(replace(rule, reason="a", needs=needs),))
    assert load_reasons(path, rules=(replace(rule, reason="a", needs=("x y", "non-x")),))


def test_patterns_cite_no_held_out_letter() -> None:
    """The guard against overfitting: the rules were written from the development letters only,
    and every example a pattern names is one of them (held out: case numbers ending 0-3)."""
    source = (ROOT / "generator" / "patterns" / "reasons.py").read_text(encoding="utf-8")
    cited = set(re.findall(r"CM1[67]-\d{7}", source))
    assert cited
    assert sorted(c for c in cited if c[-1] in "0123") == []


# -- in the record -----------------------------------------------------------------------------


def _normalized(text: str, letter_id: str) -> Determination:
    record = parse_text(text, id=letter_id, source=f"{letter_id}.txt", sha256="0" * 64)
    return Normalizer.load().normalize(record)


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_evidence_points_into_the_text(seed_id: str) -> None:
    record = _normalized(seed_text(seed_id), seed_id)
    for issue in record.issues:
        start, end = issue.rationale_span
        for reason in issue.reasons:
            assert reason.evidence
            for e in reason.evidence:
                assert start <= e.span[0] < e.span[1] <= end
                assert " ".join(record.text[e.span[0] : e.span[1]].split()) == e.words.replace(
                    "\n", " "
                )


def test_record_round_trips_reasons() -> None:
    from generator.model import record_from_dict

    record = _normalized(seed_text("001_a5bd9920a7114176"), "001_a5bd9920a7114176")
    data = record.to_dict()
    assert data["issues"][1]["reasons"][0]["evidence"][0].keys() == {"rule", "span", "words"}
    assert record_from_dict(data).to_dict() == data


# -- measured against the hand labels ----------------------------------------------------------


def _labels() -> list[dict[str, object]]:
    return list(yaml.safe_load(LABELS.read_text(encoding="utf-8"))["labels"])


def test_labels_use_the_lexicon(lexicon: ReasonRules) -> None:
    rows = _labels()
    assert len(rows) >= 100
    assert len({(r["letter"], r["item"]) for r in rows}) == len(rows)
    for row in rows:
        for key in row["reasons"]:  # type: ignore[attr-defined]
            assert lexicon.reason(str(key)).decision == row["decision"], row


# Thresholds set from the measurement (benchmarks/reasons_eval.py, the rules as committed):
# all 339 labelled items P 0.95 / R 0.88, development 0.97 / 0.95, held-out 0.89 / 0.70. The
# floors sit a little under them, so that a change that costs precision or recall fails here.
THRESHOLDS = {
    "all": (0.93, 0.85),
    "development": (0.95, 0.92),
    "held-out": (0.85, 0.65),
}


def test_precision_and_recall_on_the_labels() -> None:
    if not REAL_LETTERS.is_dir():
        pytest.skip("../shared/real_letters/txt is not present")
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import reasons_eval

    rows = reasons_eval.evaluate(REAL_LETTERS, LABELS)
    labelled = {(r["letter"], r["item"]): r["decision"] for r in _labels()}
    assert len(rows) == len(labelled)
    for row in rows:  # the letters still decide each item as when it was labelled
        assert row.decision == labelled[(row.letter, row.index)], (row.letter, row.index)
    for split, (precision, recall) in THRESHOLDS.items():
        counts = reasons_eval.counts(rows, split)
        assert counts.precision() >= precision, (split, counts.precision())
        assert counts.recall() >= recall, (split, counts.recall())
