"""Escaping: letter text shows literally in every context it reaches."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.utils.meta import get_data

from generator.markup import MD_ESCAPED, front_matter, html_escape, md_escape, paragraphs

EXTENSIONS = ["attr_list", "tables", "toc"]  # as mkdocs.yml enables them


def test_escaped_characters_are_exactly_python_markdowns() -> None:
    assert set(MD_ESCAPED) == set(markdown.Markdown(extensions=EXTENSIONS).ESCAPED_CHARS)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "# not a heading",
        "*not emphasis* and _not_ either",
        "`not code`",
        "{: .evil }",
        "a | b | c",
        "Case CM1: Baclofen 10mg, #90 (PRN) 1. 2. 3.",
        "&amp; stays &amp;",
    ],
)
def test_md_escape_renders_the_text_itself(text: str) -> None:
    rendered = markdown.markdown(f"## {md_escape(text)}", extensions=EXTENSIONS)
    inner = rendered[rendered.index(">") + 1 : rendered.rindex("<")]
    assert inner == str(html_escape(text)).replace("&#x27;", "'").replace("&quot;", '"')


def test_front_matter_escapes_what_the_theme_prints() -> None:
    block = front_matter(
        {
            "title": 'Case X: "><script>alert(1)</script>',
            "description": "<img src=x onerror=alert(1)>",
            "record": {"item": "<script>"},
        }
    )
    _body, meta = get_data(f"{block}\n# body\n")
    assert "<" not in meta["title"] and '"' not in meta["title"]
    assert meta["description"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert meta["record"] == {"item": "<script>"}  # data no template prints stays as written


def test_front_matter_survives_yaml_breakers() -> None:
    tricky = "---\ntitle: injected\n---\nkey: [unbalanced"
    _body, meta = get_data(f"{front_matter({'record': {'summary': tricky}})}\nbody")
    assert meta["record"]["summary"] == tricky


def test_paragraphs_escape_and_keep_breaks() -> None:
    assert str(paragraphs("a <b>\n\nc & d")) == "<p>a &lt;b&gt;</p><p>c &amp; d</p>"
