"""Redirects for addresses that changed (``lexicons/redirects.yaml``), as static pages.

A redirect is a tiny HTML page at the old address (``<old>/index.html``, copied by MkDocs or
Zensical as a static file: no plugin) that refreshes to the new address and links to it.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from generator import yamlio
from generator.errors import GeneratorError

REDIRECTS = Path(__file__).resolve().parent / "lexicons" / "redirects.yaml"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved</title>
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
</head>
<body><p>This page has moved to <a href="{url}">{url}</a>.</p></body>
</html>
"""


def load_redirects(path: Path = REDIRECTS) -> dict[str, str]:
    """Old address -> new address (both directory URLs ending in "/")."""
    data = yamlio.load(path.read_text(encoding="utf-8")) or {}
    redirects = data.get("redirects") or {}
    if not isinstance(redirects, dict):
        raise GeneratorError(f"{path}: 'redirects' must be a mapping of old to new addresses")
    for old, new in redirects.items():
        for url in (old, new):
            if not isinstance(url, str) or not url.endswith("/") or url.startswith("/"):
                raise GeneratorError(f"{path}: {url!r} is not a site-relative address ending in /")
    return dict(sorted(redirects.items()))


def redirect_page(old: str, new: str) -> tuple[str, str]:
    """(file to write, its HTML) for one redirect."""
    target = posixpath.relpath(new, old) + "/"
    return f"{old}index.html", _PAGE.format(url=html.escape(target, quote=True))
