"""The words of the reports, in the languages a run can use (the book's, or --lang)."""

from __future__ import annotations

LANGUAGES = ("en", "fr")

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "caire accessibility and exercise report",
        "items checked": "{n} item(s) checked",
        "pages checked": ", {n} of {total} page(s) checked",
        "not checked": " (not checked: {pages})",
        "errors": "{n} error(s)", "warnings": "{n} warning(s)", "notices": "{n} notice(s)",
        "error": "error", "warning": "warning", "notice": "notice",
        "no findings": "No findings ({coverage}).",
        "line": "line {n}", "cell": "cell {n}",
        "by rule": "Findings by rule", "by file": "Findings by file",
        "repeated": "Fix once: the theme or layout on many pages, or one CSS rule",
        "on pages": "on {n} pages", "findings": "Findings",
        "on every page": "on every page ({n})", "elements": "{n} elements",
        "and more": "(+{n} more)", "element line": "element: {e}", "pages list": "pages: {p}",
        "fixed once": "(fix once, above)",
        "rules": "Rules", "more": "more", "all": "all",
        "rule": "Rule", "severity": "Severity", "file": "File", "count": "Findings",
        "location": "Location", "message": "Message", "page": "Page",
        "criteria": "Criteria", "element": "Element", "pages": "Pages", "help": "Help",
        "filter": "Filter the findings", "shown": "{n} of {total} finding(s) shown",
        "rules doc": "`caire rules` lists every rule of the gate.",
        "banks": "Final quiz banks: what answering by cues alone scores",
        "banks note": "Each strategy ticks one choice per question without knowing the "
                      "answer, over the site's draw (rules quiz-cue-share and "
                      "quiz-cue-pass).",
        "bank": "{source}: {items} questions, {draw} drawn, pass mark {mark}",
        "strategy": "Strategy", "questions right": "Questions right", "share": "Share",
        "pass chance": "Draws reaching the pass mark",
        "cue longest": "always the longest choice", "cue position": "always choice {n}",
        "cue overlap": "the choice sharing most words with the question",
        "right of": "{right} of {items}",
        "cue line": "{right} right ({share}); reaches the pass mark in {chance} of draws",

        # The preview's panel on each page (`caire preview`)
        "panel name": "caire check of this page (preview only)",
        "panel running": "Checking…",
        "panel none": "No problem on this page.",
        "panel a11y one": "{n} accessibility problem on this page",
        "panel a11y many": "{n} accessibility problems on this page",
        "panel exercise one": "{n} exercise or execution problem",
        "panel exercise many": "{n} exercise or execution problems",
        "panel details": "Details of the problems",
        "panel go": "Go to problem {n}",
        "panel note": "caire problem {n}",
        "panel fix": "What to do:",
        "panel failed": "The check could not run: {e}",
    },
    "fr": {
        "title": "Rapport caire : accessibilité et exercices",
        "items checked": "{n} élément(s) vérifié(s)",
        "pages checked": ", {n} page(s) vérifiée(s) sur {total}",
        "not checked": " (non vérifiées : {pages})",
        "errors": "{n} erreur(s)", "warnings": "{n} avertissement(s)",
        "notices": "{n} remarque(s)",
        "error": "erreur", "warning": "avertissement", "notice": "remarque",
        "no findings": "Aucun problème ({coverage}).",
        "line": "ligne {n}", "cell": "cellule {n}",
        "by rule": "Problèmes par règle", "by file": "Problèmes par fichier",
        "repeated": "À corriger une fois : le thème ou le gabarit sur de nombreuses pages, "
                    "ou une seule règle CSS",
        "on pages": "sur {n} pages", "findings": "Problèmes",
        "on every page": "sur toutes les pages ({n})", "elements": "{n} éléments",
        "and more": "(+{n} autres)", "element line": "élément : {e}", "pages list": "pages : {p}",
        "fixed once": "(à corriger une fois, ci-dessus)",
        "rules": "Règles", "more": "en savoir plus", "all": "tous",
        "rule": "Règle", "severity": "Gravité", "file": "Fichier", "count": "Problèmes",
        "location": "Emplacement", "message": "Message", "page": "Page",
        "criteria": "Critères", "element": "Élément", "pages": "Pages", "help": "Aide",
        "filter": "Filtrer les problèmes", "shown": "{n} problème(s) affiché(s) sur {total}",
        "rules doc": "`caire rules` liste toutes les règles du contrôle.",
        "banks": "Banques de quiz final : ce que rapportent les indices seuls",
        "banks note": "Chaque stratégie coche un choix par question sans connaître la "
                      "réponse, sur le tirage du site (règles quiz-cue-share et "
                      "quiz-cue-pass).",
        "bank": "{source} : {items} questions, {draw} tirées, seuil de réussite {mark}",
        "strategy": "Stratégie", "questions right": "Questions justes", "share": "Part",
        "pass chance": "Tirages atteignant le seuil",
        "cue longest": "toujours le choix le plus long", "cue position": "toujours le choix {n}",
        "cue overlap": "le choix qui reprend le plus de mots de la question",
        "right of": "{right} sur {items}",
        "cue line": "{right} justes ({share}) ; atteint le seuil dans {chance} des tirages",

        "panel name": "Contrôle caire de cette page (aperçu seulement)",
        "panel running": "Analyse en cours…",
        "panel none": "Aucun problème sur cette page.",
        "panel a11y one": "{n} problème d'accessibilité sur cette page",
        "panel a11y many": "{n} problèmes d'accessibilité sur cette page",
        "panel exercise one": "{n} problème d'exercice ou d'exécution",
        "panel exercise many": "{n} problèmes d'exercice ou d'exécution",
        "panel details": "Détail des problèmes",
        "panel go": "Aller au problème {n}",
        "panel note": "Problème {n} signalé par caire",
        "panel fix": "À faire :",
        "panel failed": "Le contrôle n'a pas pu s'exécuter : {e}",
    },
}


def say(lang: str, key: str, **values: object) -> str:
    return _WORDS[lang if lang in _WORDS else "en"][key].format(**values)


def words_of(lang: str, prefix: str) -> dict[str, str]:
    """The words whose key starts with `prefix`, unformatted (a page fills them in)."""
    table = _WORDS[lang if lang in _WORDS else "en"]
    return {key: text for key, text in table.items() if key.startswith(prefix)}
