"""Letter text is data, never markup: the escaping every rendered value goes through.

Pages are Markdown with raw HTML blocks. Two contexts, two escapes:

- HTML (tables, the letter's full text, rationale blocks): ``html_escape``. Python-Markdown
  passes raw HTML blocks through without Markdown processing, so HTML escaping is enough.
- Markdown inline text (headings, list items): ``md_escape`` = HTML escaping plus a backslash
  before every character Python-Markdown gives meaning (``ESCAPED_CHARS``), so "# x", "[a](b)",
  "*x*", "<script>" and "{: .x }" all show literally.

Both return ``markupsafe.Markup`` so Jinja's autoescaping (on for every template) does not
escape twice; a value that reaches a template without one of these is HTML-escaped by Jinja.
Front matter is emitted with ``yaml.safe_dump`` (``front_matter``), never by string formatting.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

from generator import yamlio

# Exactly Python-Markdown's ESCAPED_CHARS with the extensions mkdocs.yml enables (tables adds
# "|"): a backslash before any other character would show on the page. Checked against
# markdown.Markdown(extensions=[...]).ESCAPED_CHARS in tests/test_markup.py.
MD_ESCAPED = "\\`*_{}[]()>#+-.!|"
_MD_SPECIAL = re.compile("([" + re.escape(MD_ESCAPED) + "])")


def html_escape(text: object) -> Markup:
    """Escape text for an HTML context (element content or a quoted attribute)."""
    return Markup(html.escape(str(text), quote=True))


def md_escape(text: object) -> Markup:
    """Escape text for Markdown inline context: shows literally whatever it contains."""
    # Quotes need no escaping in element text (only in attributes); escaping them would put
    # "&#x27;" through the Markdown escapes below ("&\\#x27;").
    escaped = html.escape(str(text), quote=False)
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped))


def md_line(text: object) -> Markup:
    """``md_escape`` on one line: runs of whitespace (line breaks included) become one space, so
    a heading stays one heading whatever the letter's text holds."""
    return md_escape(" ".join(str(text).split()))


def paragraphs(text: str) -> Markup:
    """Letter prose as HTML paragraphs (escaped); blank-line separated paragraphs stay apart."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in parts))


# Front-matter keys the theme prints into the page's HTML head without escaping (Material for
# MkDocs' base.html: <title>, <meta name="description" content="...">): HTML-escaped here, so
# an item named '"><script>' stays text. Other keys are data no template prints.
THEME_PRINTED = ("title", "description")


def front_matter(data: dict[str, Any]) -> Markup:
    """YAML front matter block from plain data (``yaml.safe_dump``, key order kept)."""
    data = {k: html.escape(v, quote=True) if k in THEME_PRINTED and isinstance(v, str) else v
            for k, v in data.items()}  # fmt: skip
    return Markup(f"---\n{yamlio.dump(data)}---\n")
