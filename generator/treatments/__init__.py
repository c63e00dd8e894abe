"""Disputed-item text -> structured treatment facts (drug, dose, quantity, kind of service).

One public entry, :func:`resolve_treatment`, with the lexicon passed in (:func:`load_lexicon`);
:func:`mentioned_drugs` finds the drugs named in free text. The modules:

- ``model.py``: the records (``DrugClass``, ``Drug``, ``TreatmentKind``, ``TreatmentFacts``);
- ``lexicon.py``: loading and validating ``lexicons/drugs.yaml`` and ``lexicons/treatments.yaml``
  into a :class:`Lexicon` with its name indexes;
- ``names.py``: tokens, the name index and the leftmost-longest scan;
- ``measures.py``: strength, form, quantity, refills, frequency, sessions, body part, side;
- ``resolve.py``: :func:`resolve_treatment` and :func:`mentioned_drugs`.

The regular expressions are in ``generator/patterns/``.
"""

from generator.treatments.lexicon import LEXICON_DIR, ROUTES, Lexicon, LexiconError, load_lexicon
from generator.treatments.model import Drug, DrugClass, TreatmentFacts, TreatmentKind
from generator.treatments.names import drug_names_of, name_tokens
from generator.treatments.resolve import mentioned_drugs, resolve_treatment

__all__ = [
    "LEXICON_DIR",
    "ROUTES",
    "Drug",
    "DrugClass",
    "Lexicon",
    "LexiconError",
    "TreatmentFacts",
    "TreatmentKind",
    "drug_names_of",
    "load_lexicon",
    "mentioned_drugs",
    "name_tokens",
    "resolve_treatment",
]
