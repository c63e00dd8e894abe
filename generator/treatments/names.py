"""Name matching for the treatment lexicon: tokens, the name index and the scan.

Names are matched as whole words on a token index (lower-cased, punctuation ignored, a plural
"s" ignored for treatment keywords), longest name first, so "Ultram ER" beats "Ultram". The
index is built once per lexicon (``lexicon.Lexicon``); ``scan`` reads a text with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator import patterns as P
from generator.treatments.model import Drug

# First token -> (all tokens of the name, target, brand spelling or None), longest name first.
NameIndex = dict[str, list[tuple[tuple[str, ...], str, str | None]]]


@dataclass(frozen=True)
class Hit:
    """One name found in a text."""

    target: str  # drug slug, class key or treatment key
    start: int  # character span in the text scanned
    end: int
    brand: str | None  # the lexicon's spelling when the name matched is a brand


def drug_names_of(
    drug: Drug, siblings: Mapping[tuple[str, str], str]
) -> list[tuple[str, str | None]]:
    """The names that select ``drug``, each with its brand spelling or None.

    A topical entry does not claim its bare generic when a systemic entry of the same generic
    exists: "diclofenac" selects the oral entry and the item's form switches it to the topical one.
    """
    names: list[tuple[str, str | None]] = []
    if drug.route != "topical" or (drug.generic, "systemic") not in siblings:
        names.append((drug.generic, None))
    names.extend((brand, brand) for brand in drug.brands)
    names.extend((variant, None) for variant in drug.variants)
    return names


def name_tokens(name: str, *, stem: bool = True) -> tuple[str, ...]:
    """Normalized tokens of a name or keyword, as the matcher compares them (``stem``: drop a
    plural "s", as for treatment keywords)."""
    return tuple(_norm(m.group()) if stem else m.group().lower() for m in P.TOKEN.finditer(name))


def _norm(token: str) -> str:
    # A plural "s" is dropped only from longer words: "x-rays" = "x-ray", but "TENS" is not "ten".
    token = token.lower()
    if len(token) >= 5 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def add_name(index: NameIndex, tokens: tuple[str, ...], target: str, brand: str | None) -> None:
    """Add a name (its tokens) for ``target`` to ``index``, once."""
    entries = index.setdefault(tokens[0], []) if tokens else []
    if tokens and not any(e[0] == tokens and e[1] == target for e in entries):
        entries.append((tokens, target, brand))


def tokenize(text: str, *, stem: bool) -> list[tuple[str, int, int]]:
    """The tokens of ``text`` with their character spans, normalized as ``name_tokens`` does."""
    return [
        (_norm(m.group()) if stem else m.group().lower(), m.start(), m.end())
        for m in P.TOKEN.finditer(text)
    ]


def scan(tokens: Sequence[tuple[str, int, int]], index: NameIndex) -> list[Hit]:
    """Leftmost-longest, non-overlapping name matches."""
    hits: list[Hit] = []
    i = 0
    while i < len(tokens):
        for names, target, brand in index.get(tokens[i][0], ()):
            n = len(names)
            if tuple(t[0] for t in tokens[i : i + n]) == names:
                hits.append(Hit(target, tokens[i][1], tokens[i + n - 1][2], brand))
                i += n
                break
        else:
            i += 1
    return hits
