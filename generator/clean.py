"""Cleaning: decoded letter text -> one canonical text that every later stage reads.

The canonical form is what makes the parser independent of layout: the same letter with CRLF or
CR line ends, form feeds between pages, blank lines or none, curly quotes, non-breaking spaces,
en dashes or words hyphenated across line ends gives the same cleaned text, so the same record
with the same character spans. Each step is a named function in ``CLEANERS`` (applied in order),
so a test can run one step alone and a reader can see every change made to a letter's words.

Canonical form: ASCII punctuation for quotes and dashes, one space between words, no leading or
trailing spaces on a line, no blank lines, ``\\n`` between lines, no trailing newline.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from generator import patterns as P

# Characters PDF extraction and word processors leave in letters, mapped to plain ASCII.
_CHAR_MAP = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",  # thin space
    "\u200a": " ",  # hair space
    "\u2002": " ",  # en space
    "\u2003": " ",  # em space
    "\u3000": " ",  # ideographic space
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash: "63–66"
    "\u2014": "-",  # em dash
    "\u2015": "-",
    "\u2212": "-",  # minus sign
    "\u2026": "...",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\u00ad": "",  # soft hyphen: invisible unless at a line end, where the break handles it
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",  # BOM left inside the text
}
_CHAR_TABLE = str.maketrans(_CHAR_MAP)

# Line separators other than "\n": CRLF, CR, form feed (page break), vertical tab, Unicode's.
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\x85\u2028\u2029]")

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")

# Prefixes that medical writing hyphenates ("non-certified", "self-reported"): a line-end hyphen
# after one of them is kept unless the letter spells the joined word elsewhere.
_HYPHENATED_PREFIXES = frozenset({"non", "self"})


def normalize_line_breaks(text: str) -> str:
    """CRLF, CR, form feeds and other separators become ``\\n``."""
    return _LINE_BREAKS.sub("\n", text)


def normalize_characters(text: str) -> str:
    """Curly quotes, non-breaking and odd spaces, dashes and ligatures become plain ASCII."""
    return text.translate(_CHAR_TABLE)


def tidy_lines(text: str) -> str:
    """Strip each line, fold runs of spaces and tabs, and drop blank lines.

    Blank lines carry no meaning in these letters: the seeds put one after every line, the
    published ones use them between paragraphs, and other extractions drop them.
    """
    lines = (P.INNER_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def join_hyphenated(text: str) -> str:
    """Rejoin words broken across a line end by a hyphen.

    Which hyphens were typed and which the layout added cannot be told from one line, so the
    letter itself decides (no dictionary): "medi-\\ncation" is joined to "medication" when the
    joined word appears elsewhere in the letter; kept as "follow-up" when that spelling appears
    elsewhere, after "non-" and "self-", or when both halves are words the letter uses on their
    own ("industrial-work");
    otherwise joined. Number ranges keep their hyphen: "Page(s): 63-\\n66" -> "63-66".
    """
    text = P.NUMBER_HYPHEN_BREAK.sub("-", text)
    if "-\n" not in text:
        return text
    # Count words with every break site blanked out, so the halves of a broken word do not count
    # as evidence for themselves.
    vocabulary = Counter(_WORD.findall(P.HYPHEN_BREAK.sub(" ", text).lower()))

    def _rejoin(match: re.Match[str]) -> str:
        head, tail = match.group("head"), match.group("tail")
        joined, compound = (head + tail).lower(), f"{head}-{tail}".lower()
        if vocabulary[joined]:
            return head + tail
        if (
            vocabulary[compound]
            or head.lower() in _HYPHENATED_PREFIXES
            or (vocabulary[head.lower()] and vocabulary[tail.lower()])
        ):
            return f"{head}-{tail}"
        return head + tail

    return P.HYPHEN_BREAK.sub(_rejoin, text)


Cleaner = Callable[[str], str]

#: The clean-up steps, in the order they run. Names appear in test ids and docs.
CLEANERS: tuple[tuple[str, Cleaner], ...] = (
    ("line_breaks", normalize_line_breaks),
    ("characters", normalize_characters),
    ("tidy_lines", tidy_lines),
    ("hyphenation", join_hyphenated),
)


def clean(text: str) -> str:
    """Apply every step of ``CLEANERS`` to decoded letter text."""
    for _name, step in CLEANERS:
        text = step(text)
    return text


def squash(text: str) -> str:
    """Join a cleaned passage into one line of single-spaced words (for text fields)."""
    return P.ANY_SPACE.sub(" ", text).strip()
