"""Text clean-up (clean.py).

See ``generator/patterns/__init__.py`` for the rules every pattern follows.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Text clean-up (clean.py)
# ---------------------------------------------------------------------------------------------

# A word broken across a line end by a hyphen: "gastro-\nintestinal", "certi-\nfied". Matched
# at the letter before each "-\n" that str.find locates (a leading [A-Za-z]+ would be retried at
# every letter of the letter); clean.py extends it to the whole word.
HYPHEN_BREAK = re.compile(r"[A-Za-z]-\n(?=[a-z])")

# A number range broken after its hyphen: "Page(s): 63-\n66", "L4-\n5".
# (No lookbehind: a pattern that starts with the literal "-\n" is found by a fast scan; clean.py
# checks the character before.)
NUMBER_HYPHEN_BREAK = re.compile(r"-\n(?=\d)")

# Runs of spaces and tabs inside a line.
INNER_SPACE = re.compile(r"[ \t]+")

# Whitespace runs in joined text fields.
ANY_SPACE = re.compile(r"\s+")

# ---------------------------------------------------------------------------------------------
# PDF text (clean.py: page furniture)
# ---------------------------------------------------------------------------------------------

# Digit runs, masked when comparing the lines at the edges of pages: running headers and footers
# differ only in their numbers ("Page 1 of 3" / "Page 2 of 3", "- 2 -", "CM16-0213037 2").
DIGIT_RUN = re.compile(r"\d+")
