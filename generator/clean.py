"""Cleaning: decoded letter text -> one canonical text that every later stage reads.

The canonical form is what makes the parser independent of layout: the same letter with CRLF or
CR line ends, form feeds between pages, blank lines or none, curly quotes, non-breaking spaces,
en dashes, ligatures or words hyphenated across line ends gives the same cleaned text, so the
same record with the same character spans. A PDF's text (``pdf.py``: pages joined by form feeds)
also loses the page furniture repeated on every page, PDFium's mark for a line-end hyphen
becomes that hyphen again, and the header block is written in one order whatever order the
extractor printed it in: a PDF gives the cleaned text, so the record, that poppler's text of it
gives. Each step is a named function in ``CLEANERS`` (applied in order), so a test can run one
step alone and a reader can see every change made to a letter's words.

Canonical form: ASCII punctuation for quotes and dashes, one space between words, no leading or
trailing spaces on a line, no blank lines, ``\\n`` between lines, no trailing newline.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator import patterns as P
from generator.header_block import canonical_block

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
    "\ufb00": "ff",  # ligatures a typesetter or PDF font may leave: "e\ufb00ective"
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
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


# PDFium writes U+FFFE (a noncharacter) for a hyphen it found at a line end and drops the line
# break after it: pdftotext's "x-\nrays" is PDFium's "x\ufffe" + "rays". Made a line-end hyphen
# again, it is undone or kept by ``join_hyphenated`` exactly as pdftotext's is.
_PDFIUM_LINE_END_HYPHEN = "\ufffe"

# Page furniture is looked for among the first and last few non-blank lines of every page.
_FURNITURE_WINDOW = 3


def _edge_lines(lines: list[str]) -> list[tuple[str, int, int]]:
    """(edge, distance from that edge, line index) of a page's first and last non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    found = [("top", n, i) for n, i in enumerate(filled[:_FURNITURE_WINDOW])]
    found += [("bottom", n, i) for n, i in enumerate(reversed(filled[-_FURNITURE_WINDOW:]))]
    return found


def _furniture_key(line: str) -> str:
    return P.DIGIT_RUN.sub("#", " ".join(line.split())).lower()


def drop_page_furniture(text: str) -> str:
    """Drop running headers and footers: the lines that stand at the same place from the top
    (or the bottom) of every page, the same on each but for their numbers ("Page 2 of 3",
    "IMR Final Determination CM16-0213037"), stacked from the page's edge. Pages are separated
    by form feeds (``pdf.py``, pdftotext).

    Every page must carry the line, at the same distance from the same edge, with nothing but
    furniture between it and the edge, and it must not end like a sentence: on the 146 published
    letters no line of the letter itself qualifies (a rationale repeated word for word ends two
    of three pages of one of them), so nothing but furniture is dropped.
    """
    if "\f" not in text:
        return text
    pages = [page.split("\n") for page in text.split("\f")]
    filled = [p for p in pages if any(line.strip() for line in p)]
    if len(filled) < 2:
        return text
    seen: dict[tuple[str, int], set[str]] = {}
    for lines in filled:
        for edge, distance, i in _edge_lines(lines):
            seen.setdefault((edge, distance), set()).add(_furniture_key(lines[i]))
    # A place holds furniture when every page has the same line there (one key, on all pages:
    # a page with fewer lines leaves the place empty) and that line does not end like a
    # sentence: "medically\nnecessary." can close the rationale on both pages of a letter.
    counts: dict[tuple[str, int], int] = {}
    for lines in filled:
        for edge, distance, _i in _edge_lines(lines):
            counts[edge, distance] = counts.get((edge, distance), 0) + 1
    places = {
        place for place, keys in seen.items()
        if len(keys) == 1 and counts[place] == len(filled)
        and not next(iter(keys)).endswith((".", ",", ";"))
    }  # fmt: skip
    # Only from the edge inwards: a line is furniture when the lines between it and the edge are.
    places = {(edge, d) for edge, d in places if all((edge, n) in places for n in range(d))}
    if not places:
        return text
    out = []
    for lines in pages:
        drop = {i for edge, distance, i in _edge_lines(lines) if (edge, distance) in places}
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return "\f".join(out)


def restore_line_end_hyphens(text: str) -> str:
    """PDFium's mark for a hyphen at a line end (U+FFFE) becomes ``-`` and a line break."""
    if _PDFIUM_LINE_END_HYPHEN not in text:
        return text
    return text.replace(_PDFIUM_LINE_END_HYPHEN, "-\n")


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


def canonical_header(text: str) -> str:
    """The header block (the lines before the first heading) written one "Label: value" line
    per label in one order (``header_block.canonical_block``), so pdftotext's two columns,
    PDFium's rows and labels-first extractions of a letter clean to the same text. A block that
    cannot be written so without guessing is left as it is (the parser still reads it)."""
    heading = P.FIRST_HEADING.search(text)
    if heading is None or heading.start() == 0:
        return text
    block = canonical_block(text[: heading.start()])
    if block is None:
        return text
    return f"{block}\n{text[heading.start() :]}" if block else text[heading.start() :]


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
    ("page_furniture", drop_page_furniture),
    ("pdf_hyphens", restore_line_end_hyphens),
    ("line_breaks", normalize_line_breaks),
    ("characters", normalize_characters),
    ("tidy_lines", tidy_lines),
    ("header_block", canonical_header),
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
