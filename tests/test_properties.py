"""Property tests: any combination of layout transformations gives the same record."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import LetterError
from generator.normalize import Normalizer
from generator.parse import parse_text
from generator.read import decode
from tests.conftest import SEED_IDS, seed_text
from tests.layouts import ENCODINGS, ORDER, encode, transform


def _record(text: str) -> dict[str, Any]:
    return parse_text(text, id="x", source="x.txt", sha256="0" * 64).to_dict()


ORIGINALS = {seed_id: _record(seed_text(seed_id)) for seed_id in SEED_IDS}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed_id=st.sampled_from(SEED_IDS),
    names=st.sets(st.sampled_from(ORDER)),
    encoding=st.sampled_from(ENCODINGS),
    rng_seed=st.integers(0, 2**32 - 1),
)
def test_layout_does_not_change_the_record(
    seed_id: str, names: set[str], encoding: str, rng_seed: int
) -> None:
    varied = transform(seed_text(seed_id), names, rng_seed)
    text, _encoding = decode(encode(varied, encoding))
    assert _record(text) == ORIGINALS[seed_id]


def test_every_transformation_changes_the_bytes() -> None:
    """Guard against a transformation that silently does nothing (a test that cannot fail)."""
    text = seed_text(SEED_IDS[0])
    for name in ORDER:
        assert transform(text, {name}, 1) != text, name


NORMALIZER = Normalizer.load()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed_id=st.sampled_from(SEED_IDS),
    operation=st.sampled_from(["truncate", "delete", "duplicate", "insert"]),
    at=st.floats(0, 1),
    length=st.integers(1, 800),
    junk=st.text(min_size=1, max_size=60),
)
def test_damaged_letters_never_crash(
    seed_id: str, operation: str, at: float, length: int, junk: str
) -> None:
    """A truncated, cut, repeated or garbled letter parses (with warnings) or is rejected with
    a LetterError: never another exception. (Found a KeyError in normalization once.)"""
    text = seed_text(seed_id)
    i = int(at * len(text))
    damaged = {
        "truncate": text[:i],
        "delete": text[:i] + text[i + length :],
        "duplicate": text[: i + length] + text[i : i + length] + text[i + length :],
        "insert": text[:i] + junk + text[i:],
    }[operation]
    try:
        record = parse_text(damaged, id="x", source="x.txt", sha256="0" * 64)
    except LetterError:
        return
    NORMALIZER.normalize(record)
    record.to_dict()
