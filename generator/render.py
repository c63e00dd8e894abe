"""Rendering: one Jinja environment, templates in templates/, contexts computed in Python.

Autoescaping is on for every template (HTML escaping of anything not already ``Markup``);
Markdown contexts use the ``md`` filter (see ``markup.py``). ``StrictUndefined`` turns a
missing context value into an error instead of an empty string on a page.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.markup import html_escape, md_escape, md_line

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# What each decision means, shown as the decision badge's tooltip and on case pages.
DECISION_MEANING = {
    "upheld": "the denial stands",
    "overturned": "found medically necessary",
    "unknown": "the decision word was not recognized",
}


@dataclass(frozen=True)
class Page:
    """One page to write: its directory URL, template and context (a dataclass of the values
    the template shows, computed by a page view in ``generator/pages/``)."""

    url: str
    template: str
    context: object


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["md_line"] = md_line
    env.filters["h"] = html_escape
    env.globals["decision_meaning"] = DECISION_MEANING
    return env


def render(page: Page, env: jinja2.Environment) -> str:
    """The page's Markdown text."""
    context = page.context
    if not dataclasses.is_dataclass(context) or isinstance(context, type):
        raise TypeError(f"{page.url}: a page's context is a dataclass instance")
    # The context's own fields, not asdict(): nested dataclasses stay objects for the template.
    values = {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
    return env.get_template(page.template).render(values)
