"""Names made from text: slugs for keys and page names. No page addresses here (those are
``urls.py``), so any stage can key its data by a slug without knowing the site."""

from __future__ import annotations

import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Physical Medicine & Rehabilitation" ->
    "physical-medicine-rehabilitation"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-") or "unnamed"


def default_case_slug(case_number: str | None, letter_id: str) -> str:
    """A case's name before duplicates are told apart: the case number when the letter has
    one, else the file stem, reduced to letters, digits, "-" and "_". "index" (a file named
    index.txt) would be the cases index page itself: it becomes "letter-index"."""
    slug = _NOT_ID.sub("-", case_number or letter_id).strip("-") or "letter"
    return f"letter-{slug}" if slug.lower() == "index" else slug
