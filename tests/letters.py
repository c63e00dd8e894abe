"""Builders for small synthetic letters in the published layout, for table-driven tests.

Each builds only what a case needs around the part under test; the words are the letters' own
boilerplate.
"""

from __future__ import annotations

CREDENTIALS_BLOCK = (
    "The Expert Reviewer has the following credentials:\n"
    "State(s) of Licensure: California\n"
    "Certification(s)/Specialty: Family Practice\n"
)

SUMMARY = (
    "The injured worker is a 48 year old male who sustained an industrial injury on 10-13-16.\n"
    "On 11-3-16, utilization review determined the request was not medically necessary.\n"
)

ITEM = (
    "Baclofen 10mg #90: Upheld\n"
    "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment\n"
    "2016, Section(s): Muscle relaxants (for pain).\n"
    "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016,\n"
    "Section(s): Muscle relaxants (for pain).\n"
    "Decision rationale: Muscle relaxants are recommended for short-term use only. The request\n"
    "is not medically necessary.\n"
)


def letter(
    items: str = ITEM,
    *,
    header: str = "",
    credentials: str = CREDENTIALS_BLOCK,
    summary: str = SUMMARY,
    issues_heading: str = "IMR ISSUES, DECISIONS AND RATIONALES",
    documents: str = "",
) -> str:
    return (
        f"{header}"
        "HOW THE IMR FINAL DETERMINATION WAS MADE\n"
        "MAXIMUS Federal Services sent the complete case file to an expert reviewer.\n"
        f"{credentials}\n"
        "CLINICAL CASE SUMMARY\n"
        "The expert reviewer developed the following clinical case summary based on a review of the\n"
        "case file, including all medical records:\n"
        f"{summary}\n"
        f"{documents}"
        f"{issues_heading}\n"
        "The Final Determination was based on decisions for the disputed items/services set forth"
        " below:\n"
        f"{items}"
    )


def item(head: str, rationale: str = "The request is not medically necessary.") -> str:
    """One item block with the given head line(s) (item text and decision)."""
    return (
        f"{head}\n"
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment\n"
        "2016, Section(s): Topical analgesics.\n"
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016,\n"
        "Section(s): Topical analgesics.\n"
        f"Decision rationale: {rationale}\n"
    )
