"""Browser-driven page rules on small pages made for them: a keyboard trap (and one the
page says how to leave), focus that cannot be seen (and focus shown by a container),
sound that plays on its own (long, short, silent, with controls), link texts that say
nothing, text cut off at 200 % or with text spacing, content wider than 320 px, header
cells that head nothing, links of the same text leading to different content, frames of
the same title showing different content, a page with no way past its opening links, text
over a gradient too pale against all of it. Each page
also holds the near misses that must not be reported."""

from __future__ import annotations

import math
import shutil
import struct
import wave
from pathlib import Path

import pytest

from checks.gate.pages.engine import VARIANTS, check_site
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURES = ROOT / "tests" / "fixtures" / "probes"
MEDIA_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1>{media}</main></body></html>"""


def tone(path: Path, seconds: float, loud: bool) -> None:
    """A WAV file: a 440 Hz tone, or silence."""
    rate = 8000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        amplitude = 12000 if loud else 0
        out.writeframes(b"".join(struct.pack("<h", int(amplitude * math.sin(
            2 * math.pi * 440 * i / rate))) for i in range(int(seconds * rate))))


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[str, set[tuple[str, str | None]]]:
    site = tmp_path_factory.mktemp("probes")
    shutil.copytree(FIXTURES, site, dirs_exist_ok=True)
    tone(site / "long.wav", 6, loud=True)
    tone(site / "short.wav", 2, loud=True)
    tone(site / "silent.wav", 6, loud=False)
    pages = {
        "autoplay_long": '<audio src="long.wav" autoplay></audio>',
        "autoplay_short": '<audio src="short.wav" autoplay></audio>',
        "autoplay_silent": '<audio src="silent.wav" autoplay></audio>',
        "autoplay_controls": '<audio src="long.wav" autoplay controls></audio>',
    }
    for name, media in pages.items():
        (site / f"{name}.html").write_text(MEDIA_PAGE.format(title=name, media=media),
                                           encoding="utf-8")
    findings, _pages = check_site(site, ROOT, jobs=2, variants=VARIANTS[:1], use_cache=False)
    result: dict[str, set[tuple[str, str | None]]] = {}
    for f in findings:
        if f.rule.startswith("page-") or f.rule == "axe-frame-focusable-content":
            result.setdefault(Path(f.page or "").stem, set()).add((f.rule, f.target))
    return result


def test_a_keyboard_trap_is_found_at_its_element(verdicts) -> None:
    assert verdicts.get("trap") == {("page-keyboard-trap", "#trap")}


def test_a_trap_the_page_says_how_to_leave_is_not_one(verdicts) -> None:
    assert "trap_with_instructions" not in verdicts


def test_a_field_that_cancels_tab_is_a_trap(verdicts) -> None:
    # Focus never moves, so no element is focused twice: the Tab that moved nothing is
    # what shows it.
    assert verdicts.get("trap_tab_cancelled") == {("page-keyboard-trap", "#note")}


def test_a_field_that_takes_the_focus_back_when_left_is_a_trap(verdicts) -> None:
    assert verdicts.get("trap_refocus") == {("page-keyboard-trap", "#nom")}


def test_tab_that_indents_is_no_trap_only_when_the_page_says_how_to_leave(verdicts) -> None:
    # WCAG 2.1.2: a way out other than Tab is fine once the user is told of it (here
    # Escape then Tab, as in CodeMirror); untold, the field holds a keyboard user.
    assert "tab_indents_escape_leaves" not in verdicts
    assert verdicts.get("tab_indents_undocumented") == {("page-keyboard-trap", "#code")}


def test_focus_that_cannot_be_seen_is_found(verdicts) -> None:
    [(rule, target)] = verdicts["focus_invisible"]
    assert rule == "page-focus-not-visible" and target.endswith("a")


def test_focus_shown_by_a_container_is_visible(verdicts) -> None:
    assert "focus_elsewhere" not in verdicts and "clean" not in verdicts


def test_only_long_sound_without_controls_is_found(verdicts) -> None:
    assert verdicts.get("autoplay_long") == {("page-autoplay-audio", "body > main > audio")}
    for quiet in ("autoplay_short", "autoplay_silent", "autoplay_controls"):
        assert quiet not in verdicts, quiet


def test_generic_link_texts_in_french_and_english(verdicts) -> None:
    # Alone in their item, or in a sentence or cell that names no destination either
    # ("Pour en savoir plus, cliquez ici", "Click here to learn more", a cell headed
    # "Lien"); not when the sentence or a header cell names it ("Le règlement européen
    # sur l'IA : lire la suite", "The full text of the AI Act is here").
    assert verdicts.get("generic_link") == {
        ("page-link-generic", "#suite"), ("page-link-generic", "#more"),
        ("page-link-generic", "#cliquez"), ("page-link-generic", "#davantage"),
        ("page-link-generic", "#click"),
        ("page-link-generic", "#telecharger")}


def rule_targets(verdicts, page: str, rule: str) -> set[str | None]:
    return {target for r, target in verdicts.get(page, set()) if r == rule}


def test_text_cut_off_at_200_percent_but_not_clean_cuts_or_scrolling(verdicts) -> None:
    assert rule_targets(verdicts, "zoom_clipped", "page-zoom-clipped") == {"#cut"}


def test_text_cut_off_by_text_spacing_but_not_a_box_that_grows(verdicts) -> None:
    assert rule_targets(verdicts, "spacing_clipped", "page-spacing-clipped") == {"#tight"}


def test_content_wider_than_320_px_but_not_code_scroll_boxes_or_menus(verdicts) -> None:
    # A box that fits but whose text does not (a long word in a big heading) too; the
    # same heading allowed to break the word is fine.
    assert rule_targets(verdicts, "reflow", "page-reflow") == {"#wide", "#long-word"}


def test_a_header_cell_that_heads_no_cell(verdicts) -> None:
    assert verdicts.get("table_headers") == {("page-header-no-cells", "#value")}


def test_same_link_text_in_one_context_leading_to_different_content(verdicts) -> None:
    # Not reported: the same content under another URL, styled or reached by a refresh;
    # the same text in different list items (their context tells them apart).
    assert verdicts.get("same_name_links") == {("page-link-same-name", "#second")}


def test_frames_of_the_same_title_with_different_content_are_found(verdicts) -> None:
    # The same URL twice, or the same text under another URL, is the same content.
    assert verdicts.get("same_name_frames") == {("page-frame-same-name", "#second")}


def test_text_that_no_part_of_its_background_image_makes_readable(verdicts) -> None:
    assert verdicts.get("contrast_image") == {("page-contrast-over-image", "#pale")}


def test_a_page_that_opens_with_links_and_no_way_past_them(verdicts) -> None:
    assert verdicts.get("no_bypass") == {("page-no-bypass", "#next")}
    assert "bypass_ok" not in verdicts and "bypass_control" not in verdicts


def test_destination_pages_and_the_clean_page_have_no_finding(verdicts) -> None:
    assert not {"a", "b", "a-styled", "to-a", "clean"} & set(verdicts)


def test_a_page_whose_text_is_not_in_its_declared_language(verdicts) -> None:
    assert verdicts.get("lang_page") == {("page-lang-mismatch", "html")}


def test_a_passage_whose_text_is_not_in_its_declared_language(verdicts) -> None:
    # A French motto marked Dutch is too short to judge; English marked English is right.
    assert verdicts.get("lang_parts") == {("page-lang-part-mismatch", "#wrong")}


def test_axe_focus_rules_do_not_apply_to_what_a_modal_dialog_makes_inert(verdicts) -> None:
    assert verdicts.get("frame_unreachable") == {("axe-frame-focusable-content", "#frame html")}
    assert "axe-frame-focusable-content" not in {r for r, _t in verdicts.get("frame_inert",
                                                                            set())}
