"""French typography by the build: no-break spaces in prose, never in code, URLs or math."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from checks.content.typography import NBSP, NNBSP, french_spacing
from conftest import run_caire


@pytest.mark.parametrize("typed, printed", [
    ("Vraiment ? Oui ! Bien ; enfin", f"Vraiment{NNBSP}? Oui{NNBSP}! Bien{NNBSP}; enfin"),
    ("Durée : 15 min", f"Durée{NBSP}: 15 min"),
    ("« Bonjour »", f"«{NBSP}Bonjour{NBSP}»"),
    ("Déjà{NBSP}? corrigé".replace("{NBSP}", NBSP), f"Déjà{NNBSP}? corrigé"),
    # Untouched: no space typed, times, ratios, addresses, English.
    ("Note: 10:30, 4.5:1, https://example.org?a=1", "Note: 10:30, 4.5:1, https://example.org?a=1"),
    ("", ""),
])
def test_french_spacing(typed: str, printed: str) -> None:
    assert french_spacing(typed) == printed


@pytest.mark.slow
def test_the_build_spaces_prose_but_not_code_math_or_addresses(tiny_book) -> None:
    root = tiny_book({"index.md": (
        "# Accueil\n\nÊtes-vous prêt ? Voici « le cours » : bienvenue !\n\n"
        "Du code : `x = d['a'] ; y = 1 ? 2 : 3` et des maths : $a : b$.\n\n"
        "<https://example.org/a?b=c>\n\n```python\nprint('Quoi ? Rien !')\n```\n")})
    result = run_caire("build", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    soup = BeautifulSoup((root / "_build/html/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    article = soup.select_one("article")
    prose = article.find("p").get_text()
    assert prose == f"Êtes-vous prêt{NNBSP}? Voici «{NBSP}le cours{NBSP}»{NBSP}: bienvenue{NNBSP}!"
    assert article.find("code").get_text() == "x = d['a'] ; y = 1 ? 2 : 3"
    assert "a : b" in article.select_one(".math").get_text()
    assert "print('Quoi ? Rien !')" in article.find("pre").get_text()
    assert article.find("a", href="https://example.org/a?b=c").get_text() == \
        "https://example.org/a?b=c"


def test_titles_navigation_and_the_page_title_are_spaced_too(tiny_book) -> None:
    root = tiny_book({"index.md": "# Accueil\n\nTexte.\n",
                      "chapitre.md": "# Qu’est-ce que l’IA ?\n\n## Exercice 1 : compter\n\n"
                                     "Texte.\n"})
    result = run_caire("build", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    page = BeautifulSoup((root / "_build/html/chapitre.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.title.get_text().startswith(f"Qu’est-ce que l’IA{NNBSP}? — IA responsable")
    assert page.select_one("article h1").get_text().startswith(f"Qu’est-ce que l’IA{NNBSP}?")
    assert page.select_one("article h2").get_text().startswith(f"Exercice 1{NBSP}: compter")
    home = BeautifulSoup((root / "_build/html/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    navigation = [a.get_text(strip=True) for a in home.select("nav a")]
    assert f"Qu’est-ce que l’IA{NNBSP}?" in navigation, navigation
