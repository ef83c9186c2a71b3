"""Self-check quizzes: the `quiz` directive's YAML body, parsed and validated.

    ```{quiz}
    id: ia-definition
    question: Quelle phrase décrit le mieux l'apprentissage automatique ?
    type: single            # single (radio buttons) or multiple (checkboxes)
    choices:
      - text: Des règles écrites une à une par un programmeur.
        correct: false
        feedback: Non, c'est la programmation classique.
      - text: Un comportement ajusté à partir d'exemples.
        correct: true
        feedback: Oui, le système apprend à partir de données.
    ```
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

QUIZ_FENCE = re.compile(r"^(`{3,}|~{3,})\{quiz\}[^\n]*\n(.*?)^\1\s*$", re.M | re.S)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class QuizError(ValueError):
    """A quiz that cannot be shown correctly to a learner."""


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Quiz:
    id: str
    question: str
    multiple: bool
    choices: tuple[Choice, ...]


def parse_quiz(body: str) -> Quiz:
    """Parse and validate a quiz body; QuizError says what is wrong, in one line."""
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise QuizError(f"not valid YAML{f' (line {mark.line + 1})' if mark else ''}") from None
    if not isinstance(data, dict):
        raise QuizError("the body must be a YAML mapping with id, question and choices")
    quiz_id = str(data.get("id", "")).strip()
    if not _ID.match(quiz_id):
        raise QuizError("needs an `id` of lower-case letters, digits and hyphens")
    question = str(data.get("question") or "").strip()
    if not question:
        raise QuizError(f"quiz `{quiz_id}` has no question")
    kind = data.get("type", "single")
    if kind not in ("single", "multiple"):
        raise QuizError(f"quiz `{quiz_id}`: type must be single or multiple, not {kind!r}")
    raw_choices = data.get("choices")
    if not isinstance(raw_choices, list) or len(raw_choices) < 2:
        raise QuizError(f"quiz `{quiz_id}` needs at least two choices")
    choices = []
    for number, raw in enumerate(raw_choices, start=1):
        if not isinstance(raw, dict) or not str(raw.get("text") or "").strip():
            raise QuizError(f"quiz `{quiz_id}`: choice {number} has no text")
        if not isinstance(raw.get("correct", False), bool):
            raise QuizError(f"quiz `{quiz_id}`: choice {number}: correct must be true or false")
        feedback = str(raw.get("feedback") or "").strip()
        if not feedback:
            raise QuizError(f"quiz `{quiz_id}`: choice {number} has no feedback")
        choices.append(Choice(str(raw["text"]).strip(), raw.get("correct", False), feedback))
    right = sum(choice.correct for choice in choices)
    if right == 0:
        raise QuizError(f"quiz `{quiz_id}` has no right answer among its choices")
    if kind == "single" and right != 1:
        raise QuizError(f"quiz `{quiz_id}` is single-answer but has {right} right answers")
    if len({choice.text for choice in choices}) != len(choices):
        raise QuizError(f"quiz `{quiz_id}` lists the same choice twice")
    return Quiz(quiz_id, question, kind == "multiple", tuple(choices))


def quiz_bodies(markdown: str) -> list[str]:
    """The bodies of the ```{quiz} blocks in a markdown text."""
    return [match.group(2) for match in QUIZ_FENCE.finditer(markdown)]
