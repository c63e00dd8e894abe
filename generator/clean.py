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
# One pass over the non-ASCII characters only (str.translate with a dict is ~20x slower here).
_CHAR_PATTERN = re.compile("[" + "".join(sorted(_CHAR_MAP)) + "]")

# Unicode's own line separators (ASCII ones are replaced with str.replace).
_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")

# Every ASCII character that is not a letter or a hyphen, mapped to a space: splitting the
# translated text gives the letter's words ("follow-up" stays one) at C speed.
_NON_WORD = str.maketrans(
    {chr(c): " " for c in range(128) if not chr(c).isalpha() and chr(c) != "-"}
)

# Prefixes that medical writing hyphenates ("non-certified", "self-reported"): a line-end hyphen
# after one of them is kept unless the letter spells the joined word elsewhere.
_HYPHENATED_PREFIXES = frozenset({"non", "self"})


def normalize_line_breaks(text: str) -> str:
    """CRLF, CR, form feeds and other separators become ``\\n``."""
    # str.replace is several times faster than one regex pass over the letter.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    return text if text.isascii() else _LINE_BREAKS.sub("\n", text)


def normalize_characters(text: str) -> str:
    """Curly quotes, non-breaking and odd spaces, dashes and ligatures become plain ASCII."""
    if text.isascii():
        return text
    return _CHAR_PATTERN.sub(lambda m: _CHAR_MAP[m.group(0)], text)


def tidy_lines(text: str) -> str:
    """Strip each line, fold runs of spaces and tabs, and drop blank lines.

    Blank lines carry no meaning in these letters: the seeds put one after every line, the
    published ones use them between paragraphs, and other extractions drop them.
    """
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _break_sites(text: str) -> list[tuple[int, int, int]]:
    """Each word broken by a line-end hyphen as (word start, hyphen position, word end)."""
    sites = []
    hyphen = text.find("-\n")
    while hyphen > 0:
        match = P.HYPHEN_BREAK.match(text, hyphen - 1)
        hyphen = text.find("-\n", hyphen + 2)
        if match is None:
            continue
        start = position = match.start() + 1
        while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
            start -= 1
        end = match.end()
        while end < len(text) and "a" <= text[end] <= "z":
            end += 1
        sites.append((start, position, end))
    return sites


def _keep_number_hyphen(match: re.Match[str]) -> str:
    """ "63-\\n66" -> "63-66" when a letter or digit stands before the hyphen."""
    before = match.string[match.start() - 1 : match.start()]
    return "-" if before.isalnum() else match.group(0)


def join_hyphenated(text: str) -> str:
    """Rejoin words broken across a line end by a hyphen.

    Which hyphens were typed and which the layout added cannot be told from one line, so the
    letter itself decides (no dictionary): "medi-\\ncation" is joined to "medication" when the
    joined word appears elsewhere in the letter; kept as "follow-up" when that spelling appears
    elsewhere, after "non-" and "self-", or when both halves are words the letter uses on their
    own ("industrial-work"); otherwise joined. Number ranges keep their hyphen:
    "Page(s): 63-\\n66" -> "63-66".
    """
    if "-\n" not in text:
        return text
    text = P.NUMBER_HYPHEN_BREAK.sub(_keep_number_hyphen, text)
    sites = _break_sites(text)
    if not sites:
        return text
    # Count words with every broken word blanked out, so its halves are no evidence for
    # themselves.
    rest, last = [], 0
    for start, _hyphen, end in sites:
        rest.append(text[last:start])
        last = end
    rest.append(text[last:])
    vocabulary = set(" ".join(rest).lower().translate(_NON_WORD).split())
    out, last = [], 0
    for start, hyphen, end in sites:
        head, tail = text[start:hyphen], text[hyphen + 2 : end]
        joined, compound = (head + tail).lower(), f"{head}-{tail}".lower()
        keep = joined not in vocabulary and (
            compound in vocabulary
            or head.lower() in _HYPHENATED_PREFIXES
            or (head.lower() in vocabulary and tail.lower() in vocabulary)
        )
        out += [text[last:start], f"{head}-{tail}" if keep else head + tail]
        last = end
    out.append(text[last:])
    return "".join(out)


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
    return " ".join(text.split())
