"""Item-writing rules on each quiz: the classic flaws that let a test-wise learner answer
without knowing (Haladyna, Downing & Rodriguez, 2002, "A review of multiple-choice
item-writing guidelines for classroom assessment", Applied Measurement in Education 15(3),
309-333, doi:10.1207/s15324818ame1503_5). Each finding names the quiz's cell.
The thresholds are this module's own choices, justified where they are set.

These are content-quality rules, not accessibility criteria: no WCAG or RGAA criterion.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from checks.content.quiz import QUIZ_FENCE, Quiz, QuizError, parse_quiz
from checks.gate.findings import Finding, found
from checks.gate.sources.read import Cell, SourceDoc
from checks.gate.sources.registry import check_of


@dataclass(frozen=True)
class Item:
    """A valid quiz where it stands: its cell, its file line, and its draw group (the
    innermost heading before it, as the site's `form.closest("section")`)."""

    quiz: Quiz
    cell: Cell
    line: int | None
    section: int  # index of the heading before it in the document; -1 before any


def quiz_items(doc: SourceDoc) -> list[Item]:
    """The document's valid quizzes in reading order (quiz-invalid reports the others)."""
    items: list[Item] = []
    heading = -1
    for cell in doc.cells:
        if cell.kind != "markdown":
            continue
        events: list[tuple[int, str | None]] = [  # (0-based line in the cell, quiz body)
            (token.map[0], None) for token in cell.tokens()
            if token.type == "heading_open" and token.map]
        events += [(cell.source.count("\n", 0, match.start()), match.group(2))
                   for match in QUIZ_FENCE.finditer(cell.source)]
        for offset, body in sorted(events, key=lambda e: (e[0], e[1] is not None)):
            if body is None:
                heading += 1
                continue
            try:
                quiz = parse_quiz(body)
            except QuizError:
                continue
            items.append(Item(quiz, cell, cell.line_at(offset), heading))
    return items


def _flaw(rule_id: str, doc: SourceDoc, item: Item, message: str) -> Finding:
    return found(rule_id, f"quiz `{item.quiz.id}`: {message}", doc.rel, item.cell.index,
                 line=item.line)


# --- Words ---------------------------------------------------------------------------------

def plain(text: str) -> str:
    """Lower case, no accents, no markdown emphasis or punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+|_", " ", bare).split())


# French function words of four letters or more (accents removed), and a few English
# ones: they carry no content, so sharing them with the question is no cue.
STOP_WORDS = frozenset("""
    alors ainsi apres aupres aussi autre autres avant avec avoir avez avons beaucoup cela
    celle celles celui ceci cette ceux chaque chez comme comment contre dans depuis donc
    dont elle elles encore entre etaient etait etre etes faire fait font leur leurs
    lequel laquelle lesquels lesquelles lorsque mais meme memes moins notre nous parce
    parmi pendant peut peuvent plus pour pourquoi puis quand quel quelle quelles quels
    quelque quelques sans selon sera seront serait soit sommes sont sous suis tout toute
    toutes tous tres vers voici voila votre vous doit doivent elles afin cest quoi ici
    about from have that their there these this those what when where which with would
    """.split())


def content_words(text: str) -> set[str]:
    """Words of four letters or more that carry content, a final plural s dropped."""
    words = (w for w in plain(text).split() if len(w) >= 4 and w.isalpha()
             and w not in STOP_WORDS)
    return {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words}


def shared_words(quiz: Quiz, text: str) -> int:
    """How many of the question's content words `text` repeats."""
    return len(content_words(quiz.question) & content_words(text))


def length(text: str) -> int:
    """An option's length as a reader sees it: characters, spaces collapsed."""
    return len(" ".join(text.split()))


# --- The rules -------------------------------------------------------------------------------

# The right answer is "visibly" the longest when it is at least a quarter longer than the
# longest distractor and at least one word (5 characters) longer: about 12 characters
# on the course's 50-character options, two or three words a reader notices at a glance;
# smaller gaps are the ordinary variation of wording that no test-wise learner can read.
LONGEST_RATIO = 1.25
LONGEST_MIN_GAP = 5


@check_of("quiz-longest-right")
def quiz_longest_right(doc: SourceDoc) -> Iterator[Finding]:
    for item in quiz_items(doc):
        if item.quiz.multiple:
            continue
        right = next(length(c.text) for c in item.quiz.choices if c.correct)
        other = max(length(c.text) for c in item.quiz.choices if not c.correct)
        if right >= LONGEST_RATIO * other and right - other >= LONGEST_MIN_GAP:
            yield _flaw("quiz-longest-right", doc, item,
                        f"the right answer is the longest choice ({right} characters; the "
                        f"longest other choice has {other})")


# Options are "very unequal" when the longest is more than twice the shortest and more
# than 20 characters (three or four words) longer: short options such as "5 %" and
# "12 %" differ by a large ratio without any cue.
UNEQUAL_RATIO = 2.0
UNEQUAL_MIN_GAP = 20


@check_of("quiz-unequal-options")
def quiz_unequal_options(doc: SourceDoc) -> Iterator[Finding]:
    for item in quiz_items(doc):
        lengths = [length(c.text) for c in item.quiz.choices]
        short, long = min(lengths), max(lengths)
        if long > UNEQUAL_RATIO * short and long - short > UNEQUAL_MIN_GAP:
            yield _flaw("quiz-unequal-options", doc, item,
                        f"the choices range from {short} to {long} characters")


_ALL_OR_NONE = re.compile(
    r"\b(?:(?:toutes|aucune)\s+(?:de\s+)?(?:ces|des|les)\s+(?:reponses|propositions|choix)"
    r"|(?:tous|aucun)\s+(?:de\s+ces|des|les)\s+choix"
    r"|(?:all|none)\s+of\s+(?:the\s+above|these|them))\b")


@check_of("quiz-all-none-of-the-above")
def quiz_all_none_of_the_above(doc: SourceDoc) -> Iterator[Finding]:
    for item in quiz_items(doc):
        for number, choice in enumerate(item.quiz.choices, start=1):
            if _ALL_OR_NONE.search(plain(choice.text)):
                yield _flaw("quiz-all-none-of-the-above", doc, item,
                            f"choice {number} is an \"all/none of the above\" option: "
                            f"{choice.text}")


ABSOLUTE_WORDS = frozenset({
    "toujours", "jamais", "aucun", "aucune", "tous", "toutes", "forcement",
    "systematiquement", "necessairement", "impossible", "uniquement", "seulement",
    "totalement", "always", "never", "none", "only", "necessarily", "completely"})


def absolute_words(text: str) -> set[str]:
    return set(plain(text).split()) & ABSOLUTE_WORDS


# A lone absolute distractor is ordinary; the cue is a pattern a learner can learn
# ("the options that say always or never are wrong"): absolute words in two wrong
# choices or more, and in no right one (a right answer that says "never" breaks it).
ABSOLUTE_MIN_DISTRACTORS = 2


@check_of("quiz-absolute-words")
def quiz_absolute_distractors(doc: SourceDoc) -> Iterator[Finding]:
    for item in quiz_items(doc):
        if any(absolute_words(c.text) for c in item.quiz.choices if c.correct):
            continue
        marked = [absolute_words(c.text) for c in item.quiz.choices if not c.correct]
        marked = [words for words in marked if words]
        if len(marked) >= ABSOLUTE_MIN_DISTRACTORS:
            words = ", ".join(sorted(set().union(*marked)))
            yield _flaw("quiz-absolute-words", doc, item,
                        f"absolute words ({words}) appear in {len(marked)} wrong choices "
                        "and in no right one")


def question_sentence(stem: str) -> str:
    """The stem's last sentence (French spaces before ? and ! kept with it)."""
    sentences = re.split(r"(?<=[.!?…])\s+(?=[^\s?!:;»])", stem.strip())
    return sentences[-1]


# The word that makes a sentence negative; a `ne … pas` counts by its `pas`.
_NEGATION = re.compile(
    r"\b(?:n(?:e\s+|['’])(?:[\w'’-]+\s+){0,4}?(?P<pas>pas)\b|(?P<word>jamais|aucun|aucune|sauf"
    r"|excepté|exception|not|except)\b|(?P<nt>\w+n['’]t)\b)", re.I)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def unemphasised_negation(stem: str) -> str | None:
    """The question sentence's negation word when neither emphasised nor in capitals."""
    sentence = question_sentence(stem)
    spans = [m.span(2) for m in _EMPHASIS.finditer(sentence)]
    for match in _NEGATION.finditer(sentence):
        group = next(g for g in ("pas", "word", "nt") if match.group(g))
        start, end = match.span(group)
        word = match.group(group)
        emphasised = any(a <= start and end <= b for a, b in spans)
        if not emphasised and not (word.isupper() and len(word) > 1):
            return match.group(0)
    return None


@check_of("quiz-negation-unemphasised")
def quiz_negation_unemphasised(doc: SourceDoc) -> Iterator[Finding]:
    for item in quiz_items(doc):
        if negation := unemphasised_negation(item.quiz.question):
            yield _flaw("quiz-negation-unemphasised", doc, item,
                        f"the question's negation \"{negation}\" is not emphasised "
                        "(**…** or capitals)")


# A clang association needs two shared content words at least (one is often unavoidable,
# the topic's own noun) and more of them in the right answer than in any wrong one.
CLANG_MIN_WORDS = 2


@check_of("quiz-stem-clang")
def quiz_stem_clang(doc: SourceDoc) -> Iterator[Finding]:
    for item in quiz_items(doc):
        rights = [shared_words(item.quiz, c.text) for c in item.quiz.choices if c.correct]
        wrongs = [shared_words(item.quiz, c.text) for c in item.quiz.choices
                  if not c.correct]
        best = max(wrongs, default=0)
        if min(rights) >= CLANG_MIN_WORDS and min(rights) > best:
            yield _flaw("quiz-stem-clang", doc, item,
                        f"the right answer repeats {min(rights)} words of the question, "
                        f"the other choices at most {best}")


@check_of("quiz-duplicate-options")
def quiz_duplicate_options(doc: SourceDoc) -> Iterator[Finding]:
    for item in quiz_items(doc):
        seen: dict[str, int] = {}
        for number, choice in enumerate(item.quiz.choices, start=1):
            key = plain(choice.text)
            if key in seen:
                yield _flaw("quiz-duplicate-options", doc, item,
                            f"choices {seen[key]} and {number} are the same once case, "
                            "accents, punctuation and spaces are set aside")
            seen.setdefault(key, number)


# Two-option items are guesses half the time; only a question that is binary by nature
# (its choices start with oui/non, vrai/faux, juste/faux, yes/no, true/false) may have two.
BINARY_PAIRS = ({"oui", "non"}, {"vrai", "faux"}, {"juste", "faux"}, {"yes", "no"},
                {"true", "false"})


@check_of("quiz-two-options")
def quiz_two_options(doc: SourceDoc) -> Iterator[Finding]:
    for item in quiz_items(doc):
        if len(item.quiz.choices) != 2:
            continue
        first_words = {(plain(c.text).split() or [""])[0] for c in item.quiz.choices}
        if first_words not in BINARY_PAIRS:
            yield _flaw("quiz-two-options", doc, item,
                        "two choices, but the question is not a yes/no or true/false one")
