"""The rule catalog: every rule's id, severity, help, WCAG 2.1 and RGAA 4.1 criteria.

Data only, like axe-core's rule metadata: this module imports nothing else of the package,
so any module (a check, a reporter, the docs) can read it in any order. Checks live
elsewhere and refer to their rule by id. Rules on the built pages that come from axe-core
(`axe-<id>`) are not listed: their criteria come from axe's own tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


_HEADINGS = (("1.3.1", "2.4.6"), ("9.1",))
_IMAGES = (("1.1.1",), ("1.1",))

RULES: tuple[Rule, ...] = (
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
         "Link text must make sense alone: not \"ici\", \"cliquez ici\", \"en savoir plus\".",
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
    Rule("quiz-duplicate-id", "error",
         "Each quiz id must be unique in the book: progress is kept by id."),
    # --- Built pages --------------------------------------------------------------------------
    Rule("page-timeout", "error", "The page did not load or could not be analysed in time."),
    Rule("page-error", "error", "The browser failed on this page twice (crash or error)."),
    Rule("page-not-html", "error", "The file is not an HTML page.", ("4.1.1",), ("8.1",)),
    Rule("page-navigated", "error",
         "On load the page left its document for another one, so it could not be checked: "
         "remove the redirect or script that navigates away."),
    Rule("page-interrupts", "warning",
         "On load the page opened a dialog or a window, or tried to leave: a learner is "
         "interrupted. The gate blocked it and checked the page."),
    # --- SCORM packages ---------------------------------------------------------------------
    Rule("scorm-manifest", "error",
         "The package needs a well-formed SCORM 1.2 imsmanifest.xml at its root "
         "(organizations, items, resources)."),
    Rule("scorm-file-missing", "error",
         "A file listed in the manifest is missing from the package."),
    Rule("scorm-file-unlisted", "error",
         "A file of the package is not listed in the manifest."),
    Rule("scorm-launch-missing", "error",
         "An item's launch page does not exist in the package."),
    Rule("scorm-outside-reference", "error",
         "A page needs a script, style, image or frame from outside the package."),
    # --- Configuration ----------------------------------------------------------------------
    Rule("config-ignore-expired", "warning",
         "An ignore in the configuration has passed its `until` date and no longer applies: "
         "fix the findings or renew it with a reason."),
)

CATALOG: dict[str, Rule] = {rule.id: rule for rule in RULES}
if len(CATALOG) != len(RULES):
    raise RuntimeError("a rule id appears twice in the catalog")


def rule(rule_id: str) -> Rule:
    """The catalog entry of `rule_id`; KeyError for an unknown id (a programming error)."""
    return CATALOG[rule_id]


def help_text(rule_id: str) -> str:
    entry = CATALOG.get(rule_id)
    return entry.help if entry else ""


# --- Criteria as axe-core tags them -------------------------------------------------------

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
