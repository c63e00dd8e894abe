"""Layout transformations: the same letter as other extractions and editors produce it.

Each takes decoded text and a ``random.Random`` and returns text; ``encode`` turns the final
text into bytes (UTF-8, UTF-8 with BOM, or Windows-1252). Used by the property tests and the
benchmark (which replicates the seeds with varied layouts).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

_WORD = re.compile(r"(?<![\w-])[a-z]{7,}(?![\w-])")
_VOCAB = re.compile(r"[a-z]+")
# Prefixes the cleaner keeps a line-end hyphen after (clean._HYPHENATED_PREFIXES).
_KEPT_PREFIXES = {"non", "self"}


def crlf(text: str, rng: random.Random) -> str:
    return text.replace("\n", "\r\n")


def form_feeds(text: str, rng: random.Random) -> str:
    """A page break (form feed at a line start) every 30 to 50 lines, as pdftotext emits."""
    lines = text.split("\n")
    at = rng.randint(30, 50)
    while at < len(lines):
        lines[at] = "\f" + lines[at]
        at += rng.randint(30, 50)
    return "\n".join(lines)


def single_newlines(text: str, rng: random.Random) -> str:
    return re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n", text)


def double_newlines(text: str, rng: random.Random) -> str:
    return text.replace("\n", "\n\n")


def hyphenate(text: str, rng: random.Random) -> str:
    """Break some long lower-case words across a line end, as a typesetter would.

    Splits the cleaner cannot tell from a compound (both halves words the letter uses alone,
    or a "non"/"self" head) are not made: no reader could undo them either.
    """
    vocabulary = set(_VOCAB.findall(text.lower()))
    # Not a word that already continues a line-end hyphen ("non-\n\ncertified" in seed 000).
    words = [m for m in _WORD.finditer(text) if not text[: m.start()].rstrip().endswith("-")]
    chosen = sorted(rng.sample(words, min(len(words), rng.randint(1, 12))), key=lambda m: m.start())
    pieces, last = [], 0
    for match in chosen:
        word = match.group(0)
        cut = rng.randint(3, len(word) - 3)
        head, tail = word[:cut], word[cut:]
        if head in _KEPT_PREFIXES or (head in vocabulary and tail in vocabulary):
            continue
        pieces += [text[last : match.start()], f"{head}-\n{tail}"]
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def typography(text: str, rng: random.Random) -> str:
    """Curly quotes, en dashes in number ranges, some non-breaking spaces."""
    quotes = iter(["\u201c", "\u201d"] * text.count('"'))
    text = re.sub('"', lambda _m: next(quotes), text)
    text = text.replace("'", "\u2019")
    text = re.sub(r"(?<=\d)-(?=\d)", "\u2013", text)
    return re.sub(" ", lambda _m: "\u00a0" if rng.random() < 0.1 else " ", text)


def indentation(text: str, rng: random.Random) -> str:
    """Leading and trailing spaces on lines, as pdftotext -layout centres headings."""
    return "\n".join(
        " " * rng.randint(0, 20) + line + " " * rng.randint(0, 3) for line in text.split("\n")
    )


TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {
    "crlf": crlf,
    "form_feeds": form_feeds,
    "single_newlines": single_newlines,
    "double_newlines": double_newlines,
    "hyphenate": hyphenate,
    "typography": typography,
    "indentation": indentation,
}
# Applied in this order, so line ends are rewritten last.
ORDER = ["hyphenate", "typography", "indentation", "single_newlines", "double_newlines",
         "form_feeds", "crlf"]  # fmt: skip
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")


def transform(text: str, names: set[str], seed: int) -> str:
    rng = random.Random(seed)
    for name in ORDER:
        if name in names:
            text = TRANSFORMS[name](text, rng)
    return text


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding)
