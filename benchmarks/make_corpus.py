"""Benchmark corpus: N distinct synthetic letters in the published layout (``nox -s bench``).

    python benchmarks/make_corpus.py --count N --out DIR [--seed S]

Each letter is made of parts of real letters, recombined: its items (item line, both guideline
paragraphs, rationale) are drawn from the pool of every item block of the published letters in
../shared/real_letters/txt (read at run time, never copied into the repository; the seed letters
in source_texts/ when that folder is absent), so drug frequencies keep the real letters' long
tail and about one item in nine is overturned, as there. Around them the letter gets its own
header: a case number in a range no real letter uses (CM9x-...), decision dates spread over
2014-2025 with the other dates before them, an age and sex, a reviewer from every state and
specialty, and one of the layouts extractors produce (CRLF, page breaks, blank lines or none).

Every letter says on its first line that it is synthetic (``SYNTHETIC_MARK``): the generator
refuses to build such letters unless told they are a benchmark (``--allow-synthetic``), so none
reaches source_texts/ or a published site. Same --count and --seed, same bytes. Files are
written in folders of 1,000 as they are made: memory does not grow with N.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import yamlio  # noqa: E402
from generator.build import SYNTHETIC_MARK  # noqa: E402
from generator.parse import parse_text  # noqa: E402
from generator.read import decode  # noqa: E402

REAL = ROOT.parent / "shared" / "real_letters" / "txt"
PER_FOLDER = 1000

STATES = (
    "California", "Texas", "New York", "Florida", "Arizona", "Nevada", "Oregon", "Washington",
    "Illinois", "Ohio", "Pennsylvania", "Georgia", "North Carolina", "Colorado", "Utah",
    "Michigan", "Massachusetts", "Virginia", "New Jersey", "Maryland",
)  # fmt: skip


@dataclass(frozen=True)
class Block:
    """One item block of a real letter, as cleaned text, and its decision."""

    text: str
    decision: str


def _pool(folder: Path) -> tuple[list[Block], list[str]]:
    """Every item block and every case summary (after its first sentence) of the letters."""
    blocks, summaries = [], []
    for path in sorted(folder.glob("*.txt")):
        text, _ = decode(path.read_bytes())
        try:
            record = parse_text(text, id=path.stem, source=path.name, sha256="")
        except Exception:  # a letter the parser rejects adds nothing to the pool
            continue
        for issue in record.issues:
            start, end = issue.span
            blocks.append(Block(record.text[start:end], issue.decision))
        body = record.summary.split(". ", 1)
        if len(body) == 2 and len(body[1]) > 200:
            summaries.append(body[1])
    return blocks, summaries


def _specialties() -> list[str]:
    data = yamlio.load((ROOT / "generator/lexicons/specialties.yaml").read_text("utf-8"))
    return sorted(data["specialties"])


def _date(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def _wrap(text: str, width: int = 96) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


# The synthetic letters are decided over twelve years from FIRST_DAY; letters made "newer"
# (``make(newer_from=...)``) in the month after, as a new month of decisions would be.
FIRST_DAY = dt.date(2014, 1, 6)
YEARS = 12


def letter(n: int, rng: random.Random, blocks: list[Block], summaries: list[str],
           specialties: list[str], newer: bool = False) -> str:  # fmt: skip
    """The n-th synthetic letter (decided after every earlier one when ``newer``)."""
    day = rng.randrange(YEARS * 365)
    if newer:
        day = YEARS * 365 + day % 28
    decided = FIRST_DAY + dt.timedelta(days=day)
    assigned = decided - dt.timedelta(days=rng.randint(10, 40))
    ur = assigned - dt.timedelta(days=rng.randint(5, 30))
    received = ur + dt.timedelta(days=rng.randint(0, 10))
    injury = ur - dt.timedelta(days=rng.randint(30, 6000))
    case = f"CM9{decided.year % 10}-{n:07d}"
    age, sex = rng.randint(19, 74), rng.choice(("male", "female"))
    states = ", ".join(sorted(rng.sample(STATES, rng.choice((1, 1, 1, 2, 3)))))
    specialty = ", ".join(rng.sample(specialties, rng.choice((1, 1, 2))))
    items = [rng.choice(blocks) for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4)))]
    summary = (
        f"The injured worker is a {age} year old {sex} who sustained an industrial injury on "
        f"{injury.month}-{injury.day}-{injury.year}. {rng.choice(summaries)} On "
        f"{ur.month}-{ur.day}-{ur.year}, utilization review non-certified the requests."
    )
    header = (
        f"{SYNTHETIC_MARK}\n"
        f"Case Number:          {case}\n"
        f"Date Assigned:        {_date(assigned)}                      Date of Injury:      "
        f"{_date(injury)}\n"
        f"Decision Date:        {_date(decided)}                      UR Denial Date:      "
        f"{_date(ur)}\n"
        f"Priority:             Standard                        Application          "
        f"{_date(received)}\n"
        "                                                      Received:\n\n"
    )
    body = (
        "                 HOW THE IMR FINAL DETERMINATION WAS MADE\n"
        "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has "
        "no\n"
        "affiliation with the employer, employee, providers or the claims administrator.\n\n"
        "The Expert Reviewer has the following credentials:\n"
        f"State(s) of Licensure: {states}\n"
        f"Certification(s)/Specialty: {specialty}\n\n"
        "                                CLINICAL CASE SUMMARY\n"
        "The expert reviewer developed the following clinical case summary based on a review of "
        "the\n"
        "case file, including all medical records:\n\n"
        f"{_wrap(summary)}\n\n"
        "                      IMR ISSUES, DECISIONS AND RATIONALES\n"
        "The Final Determination was based on decisions for the disputed items/services set forth "
        "below:\n\n" + "\n\n".join(b.text for b in items) + "\n"
    )
    text = header + body
    layout = n % 4
    if layout == 1:
        text = text.replace("\n", "\r\n")  # Windows line ends
    elif layout == 2:
        text = text.replace("\n\n", "\n")  # no blank lines
    elif layout == 3:
        lines = text.split("\n")  # page breaks every 40 lines, as pdftotext emits them
        text = "\n".join(
            ("\f" + line) if i and i % 40 == 0 else line for i, line in enumerate(lines)
        )
    return text


def make(
    count: int, out: Path, seed: int = 1, newer_from: int | None = None,
    newer_until: int | None = None,
) -> float:  # fmt: skip
    """Write ``count`` letters under ``out``; return the seconds it took. The same ``seed``
    gives the same first letters whatever ``count``; with ``newer_from``, the letters from that
    number on (up to ``newer_until``) are decided in the month after all the others (a new
    month's letters)."""
    started = time.perf_counter()
    blocks, summaries = _pool(REAL if REAL.is_dir() else ROOT / "source_texts")
    specialties = _specialties()
    rng = random.Random(seed)
    for n in range(count):
        folder = out / f"{n // PER_FOLDER:04d}"
        if n % PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        newer = newer_from is not None and newer_from <= n < (newer_until or count)
        text = letter(n, rng, blocks, summaries, specialties, newer)
        (folder / f"synthetic-{n:07d}.txt").write_bytes(text.encode("utf-8"))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    seconds = make(args.count, args.out, args.seed)
    print(f"wrote {args.count} synthetic letters to {args.out} in {seconds:.1f} s")


if __name__ == "__main__":
    main()
