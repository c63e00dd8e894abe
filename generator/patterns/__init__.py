"""Every regular expression the parser uses, named and commented with the text that motivated it.

All patterns run on *cleaned* text (see ``clean.py``): straight quotes, ASCII dashes, single
spaces, no blank lines, one physical line per ``\\n``. Keep them here so a reader can audit the
grammar in one place; parse modules import names, never write their own regexes.

The patterns live in modules by what they read; this package re-exports every name, so code
writes ``from generator import patterns as P`` and ``P.DECISION_TAIL``.
"""

from __future__ import annotations

from generator.patterns.citations import *  # noqa: F403
from generator.patterns.guidelines import *  # noqa: F403
from generator.patterns.letter import *  # noqa: F403
from generator.patterns.privacy import *  # noqa: F403
from generator.patterns.reasons import *  # noqa: F403
from generator.patterns.text import *  # noqa: F403
from generator.patterns.treatments import *  # noqa: F403
