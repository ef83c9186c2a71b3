"""The contrast arithmetic of the text-over-image rule (WCAG's relative luminance)."""

from __future__ import annotations

import pytest

from checks.gate.pages.contrast import best_contrast, contrast, parse_colour
from checks.gate.report.translate import translated


def test_black_on_white_is_21_to_1_and_equal_colours_1_to_1() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((119, 119, 119), (119, 119, 119)) == pytest.approx(1)


def test_the_best_pixel_decides() -> None:
    grey = (119.0, 119.0, 119.0, 1.0)  # #777: 4.48:1 on white, 4.69:1 on black
    assert best_contrast(grey, [(255, 255, 255)]) < 4.5
    assert best_contrast(grey, [(255, 255, 255), (0, 0, 0)]) > 4.5


def test_translucent_text_is_blended_over_each_pixel() -> None:
    # Half-transparent black on white shows as mid grey: far less than 21:1.
    assert best_contrast((0, 0, 0, 0.5), [(255, 255, 255)]) == pytest.approx(
        contrast((127.5, 127.5, 127.5), (255, 255, 255)))


def test_computed_colour_notations() -> None:
    assert parse_colour("rgb(170, 170, 170)") == (170, 170, 170, 1.0)
    assert parse_colour("rgba(90, 90, 90, 0.8)") == (90, 90, 90, 0.8)
    assert parse_colour("color(srgb 1 0 0)") is None


def test_the_french_report_writes_ratios_with_a_decimal_comma() -> None:
    english = "the text is at best 2.32:1 against the image or gradient behind it, below 4.5:1"
    assert translated(english, "fr") == ("le texte atteint au mieux 2,32:1 contre l'image ou "
                                         "le dégradé derrière lui, moins que 4,5:1")
    large = english.replace("4.5:1", "3:1")
    assert "2,32:1" in translated(large, "fr") and "3:1" in translated(large, "fr")
