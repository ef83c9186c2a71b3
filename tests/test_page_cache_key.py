"""The page cache key: MyST's random equation ids, new at every build, do not make an
unchanged page new; what the page says, and what refers to what, does."""

from __future__ import annotations

from checks.gate.pages.engine import without_random_ids
from conftest import ROOT

PAGE = (ROOT / "tests" / "fixtures" / "cache" / "equation.html").read_bytes()
DRAWN = b"0b5d4f0e-8c47-4a53-9a71-3c2f6d9e1b20"


def test_a_new_draw_of_the_equation_id_is_the_same_page() -> None:
    rebuilt = PAGE.replace(DRAWN, b"9f1c2a77-1d0e-4b6f-8e2d-5a4c3b2a1f00")
    assert rebuilt != PAGE and without_random_ids(rebuilt) == without_random_ids(PAGE)


def test_a_link_to_another_id_is_a_changed_page() -> None:
    # The link in the text now leads nowhere: not the same page.
    first = PAGE.index(DRAWN)
    last = PAGE.rindex(DRAWN)
    broken = PAGE[:last] + b"9f1c2a77-1d0e-4b6f-8e2d-5a4c3b2a1f00" + PAGE[last + len(DRAWN):]
    assert first != last and without_random_ids(broken) != without_random_ids(PAGE)


def test_a_change_of_text_is_a_changed_page() -> None:
    edited = PAGE.replace(b"E = mc^2", b"E = mc^3")
    assert without_random_ids(edited) != without_random_ids(PAGE)
