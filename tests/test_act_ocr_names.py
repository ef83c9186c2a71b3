"""Images of text found by OCR (page-image-of-text, ACT 0va7u6), image names and page
titles that say nothing (page-image-name-placeholder, page-title-placeholder): the
decisions on names and on drawn images, then
both rules in the browser on pages made for them, each with its near misses; and the
notice a site gets, once, when Tesseract is missing."""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from checks.gate.pages import engine, image_text, probes
from checks.gate.pages.engine import VARIANTS, check_site
from checks.gate.pages.image_text import ocr_available, words_shown
from checks.gate.pages.names import says_nothing, title_says_nothing
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "probes"
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="tesseract is not installed")


# --- images drawn for the tests -----------------------------------------------------------

def text_image() -> Image.Image:
    """Two lines of lettering on a plain background: an image of text."""
    image = Image.new("RGB", (480, 120), "#fdf6e3")
    pen = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    pen.text((16, 14), "Inscriptions ouvertes", fill="#1a237e", font=font)
    pen.text((16, 64), "jusqu'au 12 mars", fill="#1a237e", font=font)
    return image


def chart_image() -> Image.Image:
    """A bar chart: its title and labels are a small part of what is drawn."""
    image = Image.new("RGB", (600, 420), "white")
    pen = ImageDraw.Draw(image)
    pen.text((150, 10), "Inscrits par session", fill="black",
             font=ImageFont.load_default(size=20))
    label = ImageFont.load_default(size=14)
    for i, height in enumerate((120, 280, 200)):
        left = 90 + i * 170
        pen.rectangle((left, 380 - height, left + 120, 380), fill=("#1f77b4", "#ff7f0e",
                                                                    "#2ca02c")[i])
        pen.text((left + 30, 388), f"Session {i + 1}", fill="black", font=label)
    pen.line((70, 50, 70, 380), fill="black", width=2)
    pen.line((70, 380, 580, 380), fill="black", width=2)
    return image


def wordy_chart_image() -> Image.Image:
    """A horizontal bar chart whose long labels and title cover more of it than its bars
    do (as a chart of the course's chapter 9 does): still a chart, not an image of text."""
    image = Image.new("RGB", (660, 270), "white")
    pen = ImageDraw.Draw(image)
    pen.text((150, 8), "Ce que la demande ne précise pas, l'outil le devine", fill="black",
             font=ImageFont.load_default(size=16))
    label = ImageFont.load_default(size=15)
    texts = ("« Explique le surapprentissage. »", "… pour des collègues",
             "… en liste de 3 points")
    for i, (text, length) in enumerate(zip(texts, (300, 200, 12), strict=True)):
        top = 50 + i * 60
        pen.text((10, top + 12), text, fill="black", font=label)
        pen.rectangle((290, top, 290 + length, top + 42), fill="#1f5fa8")
    pen.line((290, 40, 290, 230), fill="black", width=1)
    pen.text((300, 240), "Précisions que l'outil doit deviner", fill="black", font=label)
    return image


def photo_image() -> Image.Image:
    """Grain with no lettering, as a photograph has."""
    rng = random.Random(7)
    image = Image.new("RGB", (320, 240))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                   for _ in range(320 * 240)])
    return image


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- decisions ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "IMG_2031.JPG", "photo.jpg", "schema-reseau_v2.png", "DSC_0042", "image", "Image 1",
    "photo #3", "illustration", "Sans titre", "untitled", "graphic", "picture",
    "https://exemple.fr/images/schema.png", "/static/logo.svg", "Capture d'écran"])
def test_names_that_say_nothing_of_the_image(name: str) -> None:
    assert says_nothing(name)


@pytest.mark.parametrize("name", [
    "Photo de la promotion 2024 devant la bibliothèque", "Image satellite de la Loire",
    "Capture d'écran du tableau de bord de Moodle", "Icône du format .png",
    "W3C logo", "Logo", "Illustration d'un réseau de neurones à trois couches",
    "Courbe de l'exactitude selon la profondeur de l'arbre", "Graphique : 62 % contre 38 %"])
def test_names_that_say_what_the_image_shows(name: str) -> None:
    assert not says_nothing(name)


@pytest.mark.parametrize(("title", "empty"), [
    ("<no title> — Mon livre", True), ("Untitled document", True), ("Sans titre | Site", True),
    ("chapitre_3.html", True), ("https://exemple.fr/cours", True),
    ("Index — Mon livre", False), ("Titre de séjour : les démarches — Mon livre", False),
    ("Page d'accueil du parcours", False), ("Mon livre", False)])
def test_page_titles_that_say_nothing(title: str, empty: bool) -> None:
    assert title_says_nothing(title) is empty


@needs_ocr
def test_lettering_on_a_plain_background_is_text() -> None:
    words = words_shown(png(text_image()))
    assert {"Inscriptions", "ouvertes"} <= set(words)


@needs_ocr
def test_a_charts_title_and_labels_or_a_photographs_grain_are_not() -> None:
    assert words_shown(png(chart_image())) == []
    assert words_shown(png(wordy_chart_image())) == []
    assert words_shown(png(photo_image())) == []


@needs_ocr
def test_an_image_read_twice_is_read_once(monkeypatch) -> None:
    data = png(text_image().rotate(180).rotate(180))
    first = words_shown(data)
    monkeypatch.setattr(image_text, "_read", lambda _image: pytest.fail("read again"))
    assert words_shown(data) == first


def test_without_tesseract_no_image_is_read() -> None:
    # No page call at all: `driver` would fail on any use.
    assert image_text.run_image_text_probe(None, "", ocr=False) == []


# --- in the browser -----------------------------------------------------------------------

def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    for page in ("ocr_images.html", "names_images.html", "names_untitled.html", "clean.html"):
        shutil.copy(FIXTURES / page, site / page)
    text_image().save(site / "ocr_text.png")
    text_image().save(site / "ocr_logo.png")
    chart_image().save(site / "ocr_chart.png")
    photo_image().save(site / "ocr_photo.png")
    return site


def _targets(findings: list, page: str, rule: str) -> set[str | None]:
    return {f.target for f in findings if f.page == page and f.rule == rule}


@pytest.mark.browser
@pytest.mark.slow
@needs_ocr
def test_both_rules_find_their_images_and_not_the_near_misses(tmp_path) -> None:
    findings, _pages = check_site(_site(tmp_path), ROOT, jobs=1, variants=VARIANTS[:1],
                                  use_cache=False)
    assert _targets(findings, "ocr_images.html", "page-image-of-text") == {"#text", "#banner"}
    assert _targets(findings, "names_images.html", "page-image-name-placeholder") == {
        "#file", "#camera", "#word", "#numbered", "#address", "#untitled"}
    assert _targets(findings, "names_untitled.html", "page-title-placeholder") == {"title"}
    assert not [f for f in findings if f.rule == "page-title-placeholder"
                and f.page != "names_untitled.html"]
    assert not {f.rule for f in findings if f.page == "clean.html"} & {
        "page-image-of-text", "page-image-name-placeholder"}
    assert not [f for f in findings if f.rule == "page-image-ocr-unavailable"]


@pytest.mark.browser
@pytest.mark.slow
def test_without_tesseract_the_site_is_told_once(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(engine, "tesseract_version", lambda: None)
    monkeypatch.setattr(probes, "ocr_available", lambda: False)
    findings, _pages = check_site(_site(tmp_path), ROOT, jobs=1, variants=VARIANTS[:1],
                                  use_cache=False)
    notices = [f for f in findings if f.rule == "page-image-ocr-unavailable"]
    assert len(notices) == 1 and notices[0].severity == "notice"
    assert not [f for f in findings if f.rule == "page-image-of-text"]
    # The other image rule still runs.
    assert _targets(findings, "names_images.html", "page-image-name-placeholder")
