"""YAML in and out, always safe, with PyYAML's C loader and dumper when libyaml is there.

Letters' words reach YAML only through ``dump`` (front matter), never by string formatting;
every file is read with ``load`` (a safe loader: no Python objects from data files).
"""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load(text: str) -> Any:
    """Parse YAML text safely."""
    return yaml.load(text, Loader=_Loader)


def dump(data: Any) -> str:
    """Block-style YAML, keys in the order given, Unicode kept, lines wrapped at 100."""
    return str(
        yaml.dump(
            data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
            width=100,
        )
    )  # fmt: skip
