"""Redirects keep changed addresses working."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import GeneratorError
from generator.redirects import load_redirects, redirect_page


def test_shipped_redirects_load() -> None:
    assert isinstance(load_redirects(), dict)


def test_redirect_page_points_to_the_new_address() -> None:
    path, page = redirect_page("drugs/tramadol-hcl/", "drugs/tramadol/")
    assert path == "drugs/tramadol-hcl/index.html"
    assert 'content="0; url=../tramadol/"' in page
    assert '<a href="../tramadol/">' in page


def test_bad_address_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "redirects.yaml"
    bad.write_text("redirects:\n  /drugs/x: drugs/y/\n", encoding="utf-8")
    with pytest.raises(GeneratorError, match="not a site-relative address"):
        load_redirects(bad)
