"""Guideline lexicon and citation resolution: a letter's citation -> a canonical document/section.

The lexicon (``lexicons/guidelines.yaml``) lists the documents IMR letters cite (the MTUS
Chronic Pain, Opioid, Acupuncture and Postsurgical guidelines, the ACOEM chapters adopted into
MTUS, later ACOEM guidelines, ODG chapters), their sections, how letters name them and, where
known, their pages. :func:`load_guidelines` reads and validates it; :func:`resolve_citation`
maps one parsed citation onto it; :func:`split_sections` splits a list of sections. Pure
functions: the lexicon is passed in, nothing is read or cached here. The modules:

- ``model.py``: the records (``CitationQuery``, ``Resolution``, ``Document``, ``Section``, ...);
- ``lexicon.py``: loading and validating the lexicon;
- ``names.py``: :func:`normalize_name` and finding and masking names in a citation;
- ``pages.py``: :func:`page_warnings` and matching cited pages to sections;
- ``resolve.py``: :func:`resolve_citation`;
- ``split.py``: :func:`split_sections`.

The regular expressions are in ``generator/patterns/``.
"""

from generator.guidelines.lexicon import DEFAULT_PATH, LexiconError, load_guidelines
from generator.guidelines.model import (
    CONFIDENCE,
    GUIDELINES,
    METHODS,
    CitationQuery,
    Document,
    Example,
    GuidelineLexicon,
    Pages,
    Resolution,
    Section,
)
from generator.guidelines.names import normalize_name
from generator.guidelines.pages import page_warnings
from generator.guidelines.resolve import resolve_citation
from generator.guidelines.split import split_sections

__all__ = [
    "CONFIDENCE",
    "DEFAULT_PATH",
    "GUIDELINES",
    "METHODS",
    "CitationQuery",
    "Document",
    "Example",
    "GuidelineLexicon",
    "LexiconError",
    "Pages",
    "Resolution",
    "Section",
    "load_guidelines",
    "normalize_name",
    "page_warnings",
    "resolve_citation",
    "split_sections",
]
