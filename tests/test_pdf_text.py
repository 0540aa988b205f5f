"""The fast Glyph constructor makes the Glyph the dataclass constructor makes."""

from __future__ import annotations

import dataclasses

import pytest

from extractors.pdf_text import TOLERANCES, Glyph, needs_space, new_glyph


def test_new_glyph_is_an_equal_frozen_glyph() -> None:
    made = new_glyph("绩", 71.0, 85.0, 300.5, 14.0)
    assert type(made) is Glyph
    assert made == Glyph("绩", 71.0, 85.0, 300.5, 14.0)
    assert hash(made) == hash(Glyph("绩", 71.0, 85.0, 300.5, 14.0))
    assert repr(made) == repr(Glyph("绩", 71.0, 85.0, 300.5, 14.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.x0 = 0.0  # type: ignore[misc]


def test_gap_a_rounding_error_short_of_a_full_character_is_a_space() -> None:
    # PDFium's single-precision coordinates put a one-character gap at 15.99999 points.
    assert needs_space("分", "收", 15.99999, 16.0, TOLERANCES)
    assert not needs_space("分", "收", 15.9, 16.0, TOLERANCES)
