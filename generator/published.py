"""Figures others have published about IMR (``lexicons/published.yaml``), for the home page's
comparison panel: loaded and checked here, so a malformed entry stops the build with its name
rather than showing a wrong figure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import yamlio
from generator.errors import GeneratorError

PUBLISHED = Path(__file__).resolve().parent / "lexicons" / "published.yaml"

# What the panel compares, in its order, with how each row is named.
MEASURES = {
    "overturned_share": "Items overturned (found medically necessary)",
    "upheld_share": "Items upheld (the denial stood)",
    "drug_share": "Drug requests among all items",
    "opioid_share_of_drugs": "Opioids among drug requests",
    "letters_per_year": "Determination letters a year",
}
PUBLISHERS = {
    "DWC": "the State (Division of Workers' Compensation)",
    "CWCI": "CWCI, an industry research institute (not the State)",
}
_FIELDS = ("id", "measure", "value", "unit", "period", "publisher", "title", "published", "url",
           "quote", "confidence", "caveat")  # fmt: skip


@dataclass(frozen=True)
class Figure:
    id: str
    measure: str
    value: float
    unit: str
    period: str
    publisher: str
    title: str
    published: int
    url: str
    quote: str
    confidence: str
    caveat: str


def load_published(path: Path = PUBLISHED) -> tuple[Figure, ...]:
    """Every figure, checked: known measure and publisher, a number, a web address, a
    confidence of high or medium; ids unique."""
    data = yamlio.load(path.read_text(encoding="utf-8")) or {}
    figures, problems, seen = [], [], set()
    for n, entry in enumerate(data.get("figures") or [], start=1):
        where = f"{path.name} figure #{n}"
        if not isinstance(entry, dict) or set(entry) != set(_FIELDS):
            problems.append(f"{where}: fields must be exactly {', '.join(_FIELDS)}")
            continue
        if entry["id"] in seen:
            problems.append(f"{where}: id {entry['id']!r} twice")
        seen.add(entry["id"])
        if entry["measure"] not in MEASURES:
            problems.append(f"{where}: measure {entry['measure']!r} is not one of {list(MEASURES)}")
        if entry["publisher"] not in PUBLISHERS:
            problems.append(f"{where}: publisher {entry['publisher']!r} is not one of "
                            f"{list(PUBLISHERS)}")  # fmt: skip
        if not isinstance(entry["value"], int | float):
            problems.append(f"{where}: value must be a number")
        if not str(entry["url"]).startswith(("http://", "https://")):
            problems.append(f"{where}: url must be a web address")
        if entry["confidence"] not in ("high", "medium"):
            problems.append(f"{where}: confidence must be high or medium")
        figures.append(Figure(**{k: entry[k] for k in _FIELDS}))
    if problems:
        raise GeneratorError("invalid published figures:\n  " + "\n  ".join(problems))
    return tuple(figures)
