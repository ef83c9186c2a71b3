"""The contrast arithmetic of the text-over-image rule (WCAG's relative luminance)."""

from __future__ import annotations

import pytest

from checks.gate.pages.contrast import best_contrast, contrast, parse_colour


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
