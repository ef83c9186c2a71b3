"""The rule catalog: every rule's id, severity, help, WCAG 2.1 and RGAA 4.1 criteria.

Data only, like axe-core's rule metadata: this module imports nothing else of the package,
so any module (a check, a reporter, the docs) can read it in any order. Checks live
elsewhere and refer to their rule by id. Rules on the built pages that come from axe-core
(`axe-<id>`) are not listed: their criteria come from axe's own tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning", "notice"]
SEVERITY_RANK: dict[str, int] = {"notice": 0, "warning": 1, "error": 2}
AXE_PREFIX = "axe-"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    help: str
    wcag: tuple[str, ...] = ()
    rgaa: tuple[str, ...] = ()
    help_fr: str = ""  # the help in French, for French books (see HELP_FR)
    act: tuple[str, ...] = ()  # W3C ACT rules it implements, where one exists


_HEADINGS = (("1.3.1", "2.4.6"), ("9.1",))
_IMAGES = (("1.1.1",), ("1.1",))

_RULES: tuple[Rule, ...] = (
    # --- Notebooks: reading, executing, exercises -----------------------------------------
    Rule("notebook-not-json", "error", "The file is not a JSON notebook."),
    Rule("notebook-invalid", "error",
         "The notebook fails nbformat validation (open and save it in Jupyter)."),
    Rule("notebook-no-kernelspec", "error",
         "The notebook's metadata names no kernel (kernelspec)."),
    Rule("notebook-missing", "error",
         "A notebook named in _toc.yml or on the command line does not exist."),
    Rule("notebook-execution", "error",
         "A cell raised an exception (tag it `raises-exception` if intended)."),
    Rule("cell-timeout", "error", "A cell ran longer than its time limit."),
    Rule("kernel-died", "error", "The kernel died (os._exit, crash or out of memory)."),
    Rule("offline-network", "error",
         "The notebook tried to reach the network; the course runs offline."),
    Rule("offline-install", "error",
         "The notebook installs packages; declare them in pyproject.toml."),
    Rule("check-failed", "error",
         "The check of this notebook could not complete (the process running it failed); "
         "the message says why."),
    Rule("exercise-markers", "error", "Solution or hidden-tests markers do not pair up."),
    Rule("exercise-no-tests", "error",
         "An exercise has no code cell tagged `tests` after it."),
    Rule("exercise-orphan-tests", "error", "A cell tagged `tests` has no exercise before it."),
    Rule("exercise-solution-fails", "error", "The solution does not pass its own tests."),
    Rule("exercise-tests-pass-without-answer", "error",
         "The learner's starter passes the tests: they test nothing."),
    Rule("exercise-wrong-failure", "error",
         "Without an answer, a cell fails with an error a learner cannot understand instead "
         "of an AssertionError."),
    Rule("exercise-no-hint", "warning",
         "A test fails without a message: give the learner a hint in French."),
    # --- The book's build ------------------------------------------------------------------
    Rule("toc-missing-file", "error", "_toc.yml lists a page that has no .ipynb or .md file."),
    Rule("toc-missing-page", "error",
         "A notebook or page of the book is not listed in _toc.yml."),
    Rule("build-warning", "error",
         "Sphinx warned while building (broken reference, bad directive, missing image…): "
         "every warning is an error."),
    # --- Sources: images --------------------------------------------------------------------
    Rule("image-alt-markdown", "error",
         "Give every markdown image a text alternative: ![what it shows](file.png).", *_IMAGES),
    Rule("image-alt-html", "error",
         'Give every HTML <img> an alt attribute (alt="" only for decoration).', *_IMAGES),
    Rule("image-alt-directive", "error",
         "Give every {image} and {figure} directive an :alt: option saying what the image "
         "shows (a figure's caption does not replace it).", *_IMAGES),
    Rule("image-alt-output", "error",
         'A cell that draws an image needs its alt text in the cell metadata: '
         '{"mystnb": {"image": {"alt": "…"}}}.', *_IMAGES),
    # --- Sources: headings ------------------------------------------------------------------
    Rule("heading-h1-missing", "error", "Start the page with one level-1 heading (# Title).",
         *_HEADINGS),
    Rule("heading-h1-multiple", "error",
         "Keep a single level-1 heading per page; use ## for sections.", *_HEADINGS),
    Rule("heading-first-cell", "error",
         "The first cell of a notebook is a markdown cell that starts with its # title.",
         *_HEADINGS),
    Rule("heading-skipped-level", "error",
         "Do not skip heading levels (## then ###, never ## then ####).", *_HEADINGS),
    Rule("heading-empty", "error", "Every heading needs text.", *_HEADINGS),
    # --- Sources: links ---------------------------------------------------------------------
    Rule("link-empty", "error", "Every link needs text that says where it leads.",
         ("2.4.4", "4.1.2"), ("6.2",)),
    Rule("link-generic-text", "error",
         "Link text must make sense alone: not \"here\", \"click here\", \"read more\".",
         ("2.4.4",), ("6.1",)),
    Rule("link-bare-url", "warning",
         "Write what the link leads to instead of its address: [RGAA 4.1](https://…).",
         ("2.4.4",), ("6.1",)),
    # --- Sources: raw HTML, media, code -----------------------------------------------------
    Rule("table-headers", "error",
         "Data tables need header cells (<th>); mark layout tables role=\"presentation\".",
         ("1.3.1",), ("5.6", "5.7")),
    Rule("inline-style-contrast", "error",
         "Text and background colours set in a style attribute need a contrast ratio of at "
         "least 4.5:1.", ("1.4.3",), ("3.2",)),
    Rule("media-captions", "error",
         "A <video> needs captions and an <audio> a transcript: "
         "<track kind=\"captions\" srclang=\"fr\" src=\"….vtt\">.",
         ("1.2.1", "1.2.2"), ("4.1", "4.3")),
    Rule("plot-rainbow-colormap", "warning",
         "Rainbow colormaps (jet, hsv, rainbow) mislead and fail colour-blind readers: use "
         "viridis or cividis.", ("1.4.1",), ("3.1",)),
    # --- Sources: quizzes -------------------------------------------------------------------
    Rule("quiz-invalid", "error",
         "A quiz needs an id, a question, at least two choices with text and feedback, and "
         "its right answers among them (exactly one for type: single)."),
    Rule("quiz-answer-position", "warning",
         "On this page the right answer sits at the same place in most quizzes: vary it "
         "(the site also shuffles choices for each learner, but not without JavaScript, "
         "nor in print or exports)."),
    Rule("quiz-duplicate-id", "error",
         "Each quiz id must be unique in the book: progress is kept by id."),
    # --- Sources: quiz item writing (content quality: no WCAG or RGAA criterion) ---------
    Rule("quiz-longest-right", "warning",
         "The right answer is visibly the longest choice (at least 1.25 times the longest "
         "other one and 5 characters more): test-wise learners pick it without knowing. "
         "Make the choices of comparable length."),
    Rule("quiz-unequal-options", "notice",
         "The choices are of very unequal length (the longest more than twice the shortest "
         "and over 20 characters longer): keep them comparable, each one plausible."),
    Rule("quiz-all-none-of-the-above", "warning",
         "A choice is \"all of the above\" or \"none of the above\": it can be answered "
         "by spotting two true or one false choice; write a real choice instead."),
    Rule("quiz-absolute-words", "warning",
         "Absolute words (always, never, all, only, impossible…) appear in two wrong choices "
         "or more and in no right one: learners learn to rule them out; reword them, or "
         "use them in right choices too."),
    Rule("quiz-negation-unemphasised", "warning",
         "The question sentence is negative (not, except, never, none) without emphasis: "
         "write the negation in bold or capitals (**not**, EXCEPT), or ask positively."),
    Rule("quiz-stem-clang", "warning",
         "The right answer repeats more of the question's words than any other choice "
         "(two or more): a learner matches words instead of knowing. Reword it, or let "
         "distractors echo the question too."),
    Rule("quiz-duplicate-options", "warning",
         "Two choices are the same once case, accents, punctuation and spaces are set "
         "aside: make every choice different."),
    Rule("quiz-two-options", "warning",
         "A question has two choices but is not yes/no or true/false: half the learners "
         "guess it right; give it three or four plausible choices."),
    Rule("quiz-cue-share", "warning",
         "On this page a cue strategy (always the longest choice, always the same place, "
         "the choice repeating most words of the question) answers more of the questions "
         "than the limit (by default 1.6 times chance: 40 % with four choices); vary "
         "lengths, places and wording. The limit is the `quiz-cue-factor` setting."),
    Rule("quiz-cue-pass", "warning",
         "In this final quiz bank a cue strategy reaches the pass mark over the site's draw "
         "more often than the limit (by default 1 % of draws, the `quiz-pass-chance` "
         "setting): a learner could earn the badge without knowing."),

    # --- Facts: claims with their source and check date ---------------------------------------
    Rule("fact-invalid", "error",
         "A {fact} needs its text, the key of a bibliography entry marked (src-key)= and the "
         "date it was checked there, not in the future: {fact}`text <key YYYY-MM-DD>`."),
    Rule("fact-stale", "warning",
         "A fact was checked longer ago than the review period (fact-review-months, 12 by "
         "default): check it again at its source, then write the new date."),
    # --- Built pages --------------------------------------------------------------------------
    Rule("page-timeout", "error", "The page did not load or could not be analysed in time."),
    Rule("page-incomplete", "error",
         "The page ran out of time (page-timeout) before every rule finished: the findings "
         "of what finished are reported, this one names the rest. Make the page lighter "
         "(split it), or raise page-timeout."),
    Rule("page-offline-resource", "notice",
         "Pages load scripts or stylesheets from another site, which the gate (offline) "
         "blocked: they were checked without them (equations as raw TeX without MathJax). "
         "Ship them with the site to check what learners see."),
    Rule("page-error", "error", "The browser failed on this page twice (crash or error)."),
    Rule("page-not-html", "error", "The file is not an HTML page.", ("4.1.1",), ("8.1",)),
    Rule("page-navigated", "error",
         "On load the page left its document for another one, so it could not be checked: "
         "remove the redirect or script that navigates away."),
    Rule("page-interrupts", "warning",
         "On load the page opened a dialog or a window, or tried to leave: a learner is "
         "interrupted. The gate blocked it and checked the page."),
    # --- Built pages, driven in the browser (what rule engines leave to a person) -----------
    Rule("page-keyboard-trap", "error",
         "Focus cannot leave an element with Tab or Shift+Tab: let the keyboard move on, or "
         "say on the page which key leaves it (and make that key work).",
         ("2.1.2",), ("12.9",), act=("80af7b",)),
    Rule("page-changing-text", "error",
         "Text changes on its own, again and again, and no control pauses, stops or hides "
         "it: add a control that does, or let the text change only when asked.",
         ("2.2.2",), ("13.8",), act=("efbfc7",)),
    Rule("page-key-shortcut", "error",
         "A printable key (letter, digit, punctuation, symbol) pressed alone acts on the "
         "page, and nothing turns it off: let the learner turn it off or add a modifier "
         "(Ctrl, Alt), or make it act only when its component has the focus.",
         ("2.1.4",), ("12.10",), act=("ffbc54",)),
    Rule("page-motion-only", "error",
         "Tilting or moving the device changes the page, and no control makes that change: "
         "give the page buttons that do the same.",
         ("2.5.4",), ("13.12",), act=("7677a9",)),
    Rule("page-motion-always-on", "error",
         "Tilting or moving the device changes the page, and nothing turns that off: add a "
         "control that stops the page from responding to motion.",
         ("2.5.4",), ("13.12",), act=("c249d5",)),
    Rule("page-focus-not-visible", "error",
         "Reached with Tab, the element looks the same as without focus: give it a visible "
         "focus indicator (an outline of at least 2 px in a contrasting colour).",
         ("2.4.7",), ("10.7",), act=("oj04fd",)),
    Rule("page-hidden-focus", "error",
         "The keyboard focus rests on an element hidden from assistive technologies "
         "(aria-hidden=\"true\" on it or an ancestor): screen reader users reach it and "
         "hear nothing. Take it out of the tab order (tabindex=\"-1\", disabled) or do "
         "not hide it.",
         ("4.1.2",), ("10.8",), act=("6cfa84",)),
    Rule("page-link-generic", "error",
         "A link's text, or the sentence, list item or cell around it, must say where it "
         "leads: not a bare \"more\", \"go\", \"here\", \"read more\", a file format "
         "(\"PDF\"), nor \"click here to learn more\".",
         ("2.4.4", "2.4.9"), ("6.1",), act=("5effbb", "aizyf1")),
    Rule("page-autoplay-audio", "error",
         "Sound plays on its own for more than 3 seconds with no way to stop it: remove "
         "autoplay, or give the media its controls.",
         ("1.4.2",), ("4.10",), act=("80f0bf",)),
    Rule("page-header-no-cells", "error",
         "A table header cell heads no cell: give it the cells of its column or row, or "
         "make it a plain cell (td) if it is not a header.",
         ("1.3.1",), ("5.7",), act=("d0f69e",)),
    Rule("page-link-same-name", "error",
         "Links with the same text in the same sentence, item or cell lead to different "
         "content: name each after where it leads.",
         ("2.4.4", "2.4.9"), ("6.1",), act=("fd3a94", "b20e66")),
    Rule("page-contrast-over-image", "error",
         "Text over a background image or gradient has too little contrast with every part "
         "of it: give the text a solid background, or change its colour.",
         ("1.4.3",), ("3.2",), act=("afw4f7",)),
    Rule("page-no-bypass", "error",
         "The page opens with links and offers no way past them to its content: put the "
         "content in a <main> element, start it with a heading, or add a skip link.",
         ("2.4.1",), ("12.7",), act=("cf77f2",)),
    Rule("page-frame-same-name", "error",
         "Frames with the same title show different content: give each a title that says "
         "what it shows.",
         ("4.1.2",), ("2.2",), act=("4b1c6c",)),
    Rule("page-aria-controls-missing", "error",
         "An expanded combobox or a scrollbar must name in aria-controls the element it "
         "controls, by the id of an element of the same document: correct the id, or give "
         "that element the id.",
         ("4.1.2",), ("7.1",), act=("in6db8",)),
    Rule("page-lang-mismatch", "error",
         "The page's text is plainly not in the language its <html lang> declares: declare "
         "the language it is written in (screen readers choose their voice from it).",
         ("3.1.1",), ("8.3",), act=("ucwvc8",)),
    Rule("page-lang-part-mismatch", "error",
         "A passage's text is plainly not in the language its lang attribute declares: "
         "correct the lang attribute of the passage.",
         ("3.1.2",), ("8.7",), act=("off6ek",)),
    Rule("page-image-of-text", "warning",
         "An image shows text as its main content (read by OCR): give the text as text "
         "styled with CSS, which readers can enlarge, recolour and respace; keep an image "
         "only where the look of the text is essential (a logo, a specimen of a font).",
         ("1.4.5", "1.4.9"), ("1.8",), act=("0va7u6",)),
    Rule("page-image-ocr-unavailable", "notice",
         "Images were not checked for text (page-image-of-text): Tesseract is not "
         "installed; install Debian's tesseract-ocr, tesseract-ocr-fra and "
         "tesseract-ocr-eng."),
    Rule("page-image-name-placeholder", "error",
         "An image's text alternative is a file name, an address or a placeholder "
         "(\"image\", \"photo 2\", \"untitled\"): say what the image shows, or use alt=\"\" "
         "if it is decoration.",
         ("1.1.1",), ("1.3",)),
    Rule("page-title-placeholder", "error",
         "The page's title is a file name, an address or a placeholder (\"<no title>\", "
         "\"Untitled\"): start the page with a heading that says what it holds.",
         ("2.4.2",), ("8.6",)),
    Rule("page-zoom-clipped", "error",
         "With the text zoomed to 200 %, a box of fixed size cuts off its text: let it grow "
         "with the text (min-height, no fixed height in px or vh), or let it scroll.",
         ("1.4.4",), ("10.4",), act=("59br37",)),
    Rule("page-spacing-clipped", "error",
         "With the WCAG text spacing (line height 1.5, spacing after paragraphs 2 em, "
         "letter 0.12 em, word 0.16 em), a box cuts off its text: let it grow with the text.",
         ("1.4.12",), ("10.12",)),
    Rule("page-reflow", "error",
         "At 320 CSS px wide, an element sticks out of the viewport and the page must be "
         "scrolled sideways: let it wrap or shrink (code, tables, images and maps may "
         "scroll in their own box).",
         ("1.4.10",), ("10.11",)),
    # --- SCORM packages ---------------------------------------------------------------------
    Rule("scorm-manifest", "error",
         "The package needs a well-formed SCORM 1.2 imsmanifest.xml at its root "
         "(organizations, items, resources)."),
    Rule("scorm-file-missing", "error",
         "A file listed in the manifest is missing from the package."),
    Rule("scorm-file-unlisted", "error",
         "A file of the package is not listed in the manifest."),
    Rule("scorm-schema-missing", "error",
         "A schema (.xsd) the manifest names in xsi:schemaLocation is missing from the "
         "package: LMSs that validate the manifest reject it."),
    Rule("scorm-launch-missing", "error",
         "An item's launch page does not exist in the package."),
    Rule("scorm-outside-reference", "error",
         "A page needs a script, style, image or frame from outside the package."),
    # --- Configuration ----------------------------------------------------------------------
    Rule("config-ignore-expired", "warning",
         "An ignore in the configuration has passed its `until` date and no longer applies: "
         "fix the findings or renew it with a reason."),
)

# The help of each rule in French: a report speaks the book's language.
HELP_FR: dict[str, str] = {
    "notebook-not-json": "Le fichier n'est pas un carnet JSON.",
    "notebook-invalid": "Le carnet ne passe pas la validation nbformat (ouvrez-le et "
                        "enregistrez-le dans Jupyter).",
    "notebook-no-kernelspec": "Les métadonnées du carnet ne nomment aucun noyau (kernelspec).",
    "notebook-missing": "Un carnet cité dans _toc.yml ou en ligne de commande n'existe pas.",
    "notebook-execution": "Une cellule a levé une exception (étiquetez-la `raises-exception` "
                          "si c'est voulu).",
    "cell-timeout": "Une cellule a dépassé sa limite de temps.",
    "kernel-died": "Le noyau s'est arrêté (os._exit, plantage ou mémoire épuisée).",
    "offline-network": "Le carnet a tenté d'accéder au réseau ; le cours fonctionne hors ligne.",
    "offline-install": "Le carnet installe des paquets ; déclarez-les dans pyproject.toml.",
    "check-failed": "La vérification de ce carnet n'a pas pu aboutir (le processus qui "
                    "l'exécutait a échoué) ; le message dit pourquoi.",
    "exercise-markers": "Les marqueurs de solution ou de tests cachés ne vont pas par paires.",
    "exercise-no-tests": "Un exercice n'est suivi d'aucune cellule de code étiquetée `tests`.",
    "exercise-orphan-tests": "Une cellule étiquetée `tests` ne suit aucun exercice.",
    "exercise-solution-fails": "La solution ne passe pas ses propres tests.",
    "exercise-tests-pass-without-answer": "Le code de départ passe les tests : ils ne "
                                          "vérifient rien.",
    "exercise-wrong-failure": "Sans réponse, une cellule échoue avec une erreur "
                              "incompréhensible pour l'apprenant au lieu d'une AssertionError.",
    "exercise-no-hint": "Un test échoue sans message : donnez à l'apprenant un indice en "
                        "français.",
    "toc-missing-file": "_toc.yml cite une page sans fichier .ipynb ni .md.",
    "toc-missing-page": "Un carnet ou une page du livre n'est pas cité dans _toc.yml.",
    "build-warning": "Sphinx a émis un avertissement (renvoi cassé, directive erronée, image "
                     "manquante…) : chaque avertissement est une erreur.",
    "image-alt-markdown": "Donnez à chaque image markdown un texte alternatif : "
                          "![ce qu'elle montre](fichier.png).",
    "image-alt-html": "Donnez à chaque <img> HTML un attribut alt (alt=\"\" seulement pour "
                      "une image décorative).",
    "image-alt-directive": "Donnez à chaque directive {image} et {figure} une option :alt: "
                           "qui dit ce que montre l'image (la légende ne la remplace pas).",
    "image-alt-output": "Une cellule qui produit une image a besoin de son texte alternatif "
                        "dans ses métadonnées : {\"mystnb\": {\"image\": {\"alt\": \"…\"}}}.",
    "heading-h1-missing": "Commencez la page par un unique titre de niveau 1 (# Titre).",
    "heading-h1-multiple": "Gardez un seul titre de niveau 1 par page ; utilisez ## pour les "
                           "sections.",
    "heading-first-cell": "La première cellule d'un carnet est une cellule markdown qui "
                          "commence par son # titre.",
    "heading-skipped-level": "Ne sautez pas de niveau de titre (## puis ###, jamais ## puis "
                             "####).",
    "heading-empty": "Chaque titre a besoin d'un texte.",
    "link-empty": "Chaque lien a besoin d'un intitulé qui dit où il mène.",
    "link-generic-text": "L'intitulé d'un lien doit avoir un sens seul : pas « ici », "
                         "« cliquez ici », « en savoir plus ».",
    "link-bare-url": "Écrivez ce vers quoi mène le lien plutôt que son adresse : "
                     "[RGAA 4.1](https://…).",
    "table-headers": "Un tableau de données a besoin de cellules d'en-tête (<th>) ; marquez "
                     "les tableaux de mise en forme role=\"presentation\".",
    "inline-style-contrast": "Le texte et le fond colorés par un attribut style ont besoin "
                             "d'un rapport de contraste d'au moins 4,5:1.",
    "media-captions": "Une <video> a besoin de sous-titres et un <audio> d'une transcription "
                      ": <track kind=\"captions\" srclang=\"fr\" src=\"….vtt\">.",
    "plot-rainbow-colormap": "Les palettes arc-en-ciel (jet, hsv, rainbow) trompent et "
                             "excluent les daltoniens : utilisez viridis ou cividis.",
    "quiz-invalid": "Un quiz a besoin d'un identifiant, d'une question, d'au moins deux "
                    "choix avec texte et retour, et de ses bonnes réponses parmi eux "
                    "(une seule pour type: single).",
    "quiz-answer-position": "Sur cette page, la bonne réponse est à la même place dans la "
                            "plupart des quiz : variez-la (le site mélange aussi les choix "
                            "pour chaque apprenant, mais pas sans JavaScript, ni à "
                            "l'impression ou à l'export).",
    "quiz-duplicate-id": "Chaque identifiant de quiz est unique dans le livre : la "
                         "progression est gardée par identifiant.",
    "quiz-longest-right": "La bonne réponse est nettement le choix le plus long (au moins "
                          "1,25 fois le plus long des autres et 5 caractères de plus) : "
                          "l'apprenant rusé la choisit sans savoir. Donnez aux choix des "
                          "longueurs comparables.",
    "quiz-unequal-options": "Les choix ont des longueurs très inégales (le plus long fait "
                            "plus du double du plus court et plus de 20 caractères de "
                            "plus) : gardez-les comparables, chacun plausible.",
    "quiz-all-none-of-the-above": "Un choix est « toutes ces réponses » ou « aucune de ces "
                                  "réponses » : on y répond en repérant deux choix vrais ou "
                                  "un faux ; écrivez un vrai choix à la place.",
    "quiz-absolute-words": "Des mots absolus (toujours, jamais, tous, uniquement, "
                           "impossible…) figurent dans au moins deux mauvais choix et dans "
                           "aucun bon : l'apprenant apprend à les écarter ; reformulez-les, "
                           "ou employez-les aussi dans de bons choix.",
    "quiz-negation-unemphasised": "La phrase de la question est négative (ne … pas, sauf, "
                                  "jamais, aucun) sans mise en évidence : écrivez la "
                                  "négation en gras ou en capitales (**ne … pas**, SAUF), "
                                  "ou posez la question à la forme positive.",
    "quiz-stem-clang": "La bonne réponse reprend plus de mots de la question que tout autre "
                       "choix (au moins deux) : l'apprenant associe des mots au lieu de "
                       "savoir. Reformulez-la, ou faites aussi reprendre la question par "
                       "les distracteurs.",
    "quiz-duplicate-options": "Deux choix sont identiques aux majuscules, accents, "
                              "ponctuation et espaces près : rendez chaque choix différent.",
    "quiz-two-options": "Une question a deux choix sans être une question oui/non ou "
                        "vrai/faux : la moitié des apprenants la réussissent au hasard ; "
                        "donnez-lui trois ou quatre choix plausibles.",
    "quiz-cue-share": "Sur cette page, une stratégie d'indice (toujours le choix le plus "
                      "long, toujours la même place, le choix qui reprend le plus de mots "
                      "de la question) répond juste à plus de questions que la limite (par "
                      "défaut 1,6 fois le hasard : 40 % avec quatre choix) ; variez "
                      "longueurs, places et formulations. La limite est le réglage "
                      "`quiz-cue-factor`.",
    "quiz-cue-pass": "Dans cette banque de quiz final, une stratégie d'indice atteint le "
                     "seuil de réussite sur le tirage du site plus souvent que la limite "
                     "(par défaut 1 % des tirages, réglage `quiz-pass-chance`) : un "
                     "apprenant pourrait obtenir le badge sans savoir.",

    "fact-invalid": "Un {fact} a besoin de son texte, de la clé d'une entrée de la "
                    "bibliographie marquée (src-clé)= et de la date de sa vérification, "
                    "pas dans le futur : {fact}`texte <clé AAAA-MM-JJ>`.",
    "fact-stale": "Un fait a été vérifié il y a plus longtemps que la période de révision "
                  "(fact-review-months, 12 mois par défaut) : vérifiez-le de nouveau à sa "
                  "source, puis écrivez la nouvelle date.",
    "page-timeout": "La page ne s'est pas chargée ou n'a pas pu être analysée à temps.",
    "page-incomplete": "Le temps de la page (page-timeout) a expiré avant que toutes les "
                       "règles aient fini : les problèmes trouvés par celles qui ont fini "
                       "sont signalés, celui-ci nomme les autres. Allégez la page (scindez-"
                       "la) ou augmentez page-timeout.",
    "page-offline-resource": "Des pages chargent des scripts ou des feuilles de style d'un "
                             "autre site, que le contrôle (hors ligne) a bloqués : elles ont "
                             "été vérifiées sans eux (les équations en TeX brut, sans "
                             "MathJax). Livrez-les avec le site pour vérifier ce que voient "
                             "les apprenants.",
    "page-error": "Le navigateur a échoué deux fois sur cette page (plantage ou erreur).",
    "page-not-html": "Le fichier n'est pas une page HTML.",
    "page-navigated": "Au chargement, la page a quitté son document pour un autre : elle n'a "
                      "pas pu être vérifiée. Retirez la redirection ou le script qui la "
                      "fait partir.",
    "page-interrupts": "Au chargement, la page a ouvert une boîte de dialogue ou une fenêtre, "
                       "ou a tenté de partir : l'apprenant est interrompu. Le contrôle l'a "
                       "bloqué et a vérifié la page.",
    "page-keyboard-trap": "Le focus ne peut pas quitter un élément avec Tab ou Maj+Tab : "
                          "laissez le clavier avancer, ou indiquez sur la page la touche "
                          "qui permet d'en sortir (et faites-la fonctionner).",
    "page-changing-text": "Un texte change de lui-même, encore et encore, et aucune "
                          "commande ne permet de le mettre en pause, de l'arrêter ou de le "
                          "masquer : ajoutez-en une, ou ne changez le texte qu'à la demande.",
    "page-key-shortcut": "Une touche imprimable (lettre, chiffre, ponctuation, symbole) "
                         "agit seule sur la page, et rien ne permet de la désactiver : "
                         "laissez l'apprenant la désactiver ou y ajouter une touche de "
                         "modification (Ctrl, Alt), ou ne la faites agir que lorsque son "
                         "composant a le focus.",
    "page-motion-only": "Incliner ou bouger l'appareil modifie la page, et aucune commande "
                        "ne produit ce changement : donnez à la page des boutons qui font "
                        "la même chose.",
    "page-motion-always-on": "Incliner ou bouger l'appareil modifie la page, et rien ne "
                             "permet de le désactiver : ajoutez une commande qui empêche la "
                             "page de réagir au mouvement.",
    "page-focus-not-visible": "Atteint avec Tab, l'élément a la même apparence que sans "
                              "focus : donnez-lui un indicateur de focus visible (un contour "
                              "d'au moins 2 px d'une couleur contrastée).",
    "page-hidden-focus": "Le focus clavier s'arrête sur un élément caché aux technologies "
                         "d'assistance (aria-hidden=\"true\" sur lui ou un ancêtre) : "
                         "l'utilisateur de lecteur d'écran l'atteint et n'entend rien. "
                         "Retirez-le de l'ordre de tabulation (tabindex=\"-1\", disabled) "
                         "ou ne le cachez pas.",
    "page-link-generic": "L'intitulé d'un lien, ou la phrase, l'élément de liste ou la "
                         "cellule qui l'entoure, doit dire où il mène : pas un « plus », "
                         "« ici », « en savoir plus », « lire la suite » ou un format "
                         "(« PDF ») isolé, ni « pour en savoir plus, cliquez ici ».",
    "page-autoplay-audio": "Un son démarre seul pendant plus de 3 secondes sans moyen de "
                           "l'arrêter : retirez la lecture automatique, ou donnez au média "
                           "ses commandes.",
    "page-header-no-cells": "Une cellule d'en-tête de tableau n'est l'en-tête d'aucune "
                            "cellule : donnez-lui les cellules de sa colonne ou de sa ligne, "
                            "ou faites-en une cellule ordinaire (td) si ce n'est pas un en-tête.",
    "page-link-same-name": "Des liens de même intitulé, dans la même phrase, le même "
                           "élément de liste ou la même cellule, mènent à des contenus "
                           "différents : nommez chacun d'après sa destination.",
    "page-contrast-over-image": "Un texte sur une image ou un dégradé de fond manque de "
                                "contraste avec toutes ses parties : donnez au texte un fond "
                                "uni, ou changez sa couleur.",
    "page-no-bypass": "La page commence par des liens et n'offre aucun moyen de les passer "
                      "pour atteindre son contenu : placez le contenu dans un élément "
                      "<main>, commencez-le par un titre, ou ajoutez un lien d'évitement.",
    "page-frame-same-name": "Des cadres de même titre montrent des contenus différents : "
                            "donnez à chacun un titre qui dit ce qu'il montre.",
    "page-aria-controls-missing": "Une liste déroulante de saisie (combobox) ouverte ou une "
                                  "barre de défilement doit nommer dans aria-controls "
                                  "l'élément qu'elle commande, par l'id d'un élément du même "
                                  "document : corrigez l'id, ou donnez-le à cet élément.",
    "page-lang-mismatch": "Le texte de la page n'est manifestement pas dans la langue que "
                          "déclare son <html lang> : déclarez la langue dans laquelle elle "
                          "est écrite (les lecteurs d'écran choisissent leur voix d'après "
                          "elle).",
    "page-lang-part-mismatch": "Le texte d'un passage n'est manifestement pas dans la langue "
                               "que déclare son attribut lang : corrigez l'attribut lang du "
                               "passage.",
    "page-image-of-text": "Une image montre du texte comme contenu principal (lu par "
                          "OCR) : donnez ce texte en texte mis en forme par CSS, que le "
                          "lecteur peut agrandir, recolorer, espacer ; gardez une image "
                          "seulement si l'apparence du texte est essentielle (un logo, un "
                          "spécimen de police).",
    "page-image-ocr-unavailable": "Les images n'ont pas été vérifiées (page-image-of-text) : "
                                  "Tesseract n'est pas installé ; installez les paquets "
                                  "Debian tesseract-ocr, tesseract-ocr-fra et "
                                  "tesseract-ocr-eng.",
    "page-image-name-placeholder": "L'alternative textuelle d'une image est un nom de "
                                   "fichier, une adresse ou un texte de remplissage "
                                   "(« image », « photo 2 », « sans titre ») : dites ce que "
                                   "montre l'image, ou mettez alt=\"\" si elle est "
                                   "décorative.",
    "page-title-placeholder": "Le titre de la page est un nom de fichier, une adresse ou un "
                              "texte de remplissage (« <no title> », « Sans titre ») : "
                              "commencez la page par un titre qui dit ce qu'elle contient.",
    "page-zoom-clipped": "Avec le texte agrandi à 200 %, une boîte de taille fixe coupe son "
                         "texte : laissez-la grandir avec le texte (min-height, pas de "
                         "hauteur fixe en px ou vh), ou laissez-la défiler.",
    "page-spacing-clipped": "Avec les espacements de texte du WCAG (interligne 1,5, 2 em "
                            "après les paragraphes, 0,12 em entre les lettres, 0,16 em entre "
                            "les mots), une boîte coupe son texte : laissez-la grandir avec "
                            "le texte.",
    "page-reflow": "À 320 px CSS de large, un élément dépasse de l'écran et la page doit "
                   "défiler horizontalement : laissez-le passer à la ligne ou rétrécir (le "
                   "code, les tableaux, les images et les cartes peuvent défiler dans leur "
                   "propre cadre).",
    "scorm-manifest": "Le paquet a besoin d'un imsmanifest.xml SCORM 1.2 bien formé à sa "
                      "racine (organisations, items, ressources).",
    "scorm-file-missing": "Un fichier cité dans le manifeste manque au paquet.",
    "scorm-file-unlisted": "Un fichier du paquet n'est pas cité dans le manifeste.",
    "scorm-schema-missing": "Un schéma (.xsd) nommé par le manifeste dans "
                            "xsi:schemaLocation manque au paquet : les plateformes qui "
                            "valident le manifeste le refusent.",
    "scorm-launch-missing": "La page de lancement d'un item n'existe pas dans le paquet.",
    "scorm-outside-reference": "Une page a besoin d'un script, d'un style, d'une image ou "
                               "d'un cadre hors du paquet.",
    "config-ignore-expired": "Une exception de la configuration a dépassé sa date `until` et "
                             "ne s'applique plus : corrigez les problèmes ou renouvelez-la "
                             "avec une raison.",
}
RULES: tuple[Rule, ...] = tuple(replace(r, help_fr=HELP_FR.get(r.id, "")) for r in _RULES)
CATALOG: dict[str, Rule] = {rule.id: rule for rule in RULES}
if len(CATALOG) != len(RULES):
    raise RuntimeError("a rule id appears twice in the catalog")


def rule(rule_id: str) -> Rule:
    """The catalog entry of `rule_id`; KeyError for an unknown id (a programming error)."""
    return CATALOG[rule_id]


def help_text(rule_id: str, lang: str = "en") -> str:
    entry = CATALOG.get(rule_id)
    if entry is None:
        return ""
    return entry.help_fr if lang == "fr" and entry.help_fr else entry.help


# --- Criteria as axe-core tags them -------------------------------------------------------

# ACT rules that axe-core rules implement beyond their own `actIds`: axe's summary-name
# checks what ACT 2t702h checks (a details' first summary, shown, has a non-empty name),
# on more summaries: those with an explicit role, to which the ACT rule does not apply
# (the engine tells them apart, see EXTRA_ACT in pages/engine.py).
AXE_ACT_EXTRA: dict[str, tuple[str, ...]] = {"summary-name": ("2t702h",)}


def axe_act(rule_id: str, act_ids: list[str], extra: bool = True) -> tuple[str, ...]:
    """The ACT rules a finding of axe's rule `rule_id` implements: axe's `actIds`, then
    ours where they apply to its element (`extra`)."""
    added = AXE_ACT_EXTRA.get(rule_id, ()) if extra else ()
    return tuple(dict.fromkeys([*act_ids, *added]))


def wcag_from_tags(tags: list[str]) -> tuple[str, ...]:
    """`wcag111` → `1.1.1`, in tag order, without duplicates."""
    found = [m.groups() for t in tags if (m := re.fullmatch(r"wcag(\d)(\d)(\d+)", t))]
    return tuple(dict.fromkeys(".".join(g) for g in found))


RGAA_TAG = re.compile(r"RGAA-(\d+\.\d+)\.\d+")


def rgaa_from_tags(tags: list[str]) -> tuple[str, ...]:
    """`RGAA-1.1.1` (a test) → criterion `1.1`, in tag order, without duplicates."""
    return tuple(dict.fromkeys(m.group(1) for t in tags if (m := RGAA_TAG.fullmatch(t))))


# RGAA 4.1: the 13 themes and how many criteria each holds (106 in all).
RGAA_THEMES = (("Images", 9), ("Cadres", 2), ("Couleurs", 3), ("Multimédia", 13),
               ("Tableaux", 8), ("Liens", 2), ("Scripts", 5), ("Éléments obligatoires", 10),
               ("Structuration de l'information", 4), ("Présentation de l'information", 14),
               ("Formulaires", 13), ("Navigation", 11), ("Consultation", 12))


def rgaa_criteria() -> list[str]:
    """Every RGAA 4.1 criterion, `1.1` to `13.12`, in order."""
    return [f"{theme}.{n}" for theme, (_name, count) in enumerate(RGAA_THEMES, start=1)
            for n in range(1, count + 1)]
