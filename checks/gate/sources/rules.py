"""Accessibility rules on the sources (no browser): one small check per rule.

A check takes a `SourceDoc` and yields findings; `@check_of("rule-id")` binds it to its
rule, whose severity, help and WCAG/RGAA criteria live in the catalog alone. The quiz
item-writing rules live in `quiz_items.py` and `quiz_cues.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import yaml
from bs4 import Tag
from matplotlib.colors import CSS4_COLORS

from checks.content.facts import ROLE, FactError, is_stale, parse_fact
from checks.content.quiz import QuizError, parse_quiz, quiz_bodies
from checks.gate.findings import Finding, found
from checks.gate.link_text import is_generic
from checks.gate.sources.read import Block, Cell, SourceDoc
from checks.gate.sources.registry import check_of


def _markdown_cells(doc: SourceDoc) -> Iterator[Cell]:
    return (cell for cell in doc.cells if cell.kind == "markdown")


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


# --- Images -------------------------------------------------------------------------------

@check_of("image-alt-markdown")
def markdown_image_alt(doc: SourceDoc) -> Iterator[Finding]:
    for cell in _markdown_cells(doc):
        for token in cell.tokens():
            for child in token.children or []:
                if child.type == "image" and not child.content.strip():
                    src = child.attrs.get("src", "")
                    yield found(
                        "image-alt-markdown",
                        f"markdown image `{src}` has an empty text alternative", doc.rel,
                        cell.index, line=cell.line_at(token.map[0] if token.map else None))


@check_of("image-alt-html")
def html_image_alt(doc: SourceDoc) -> Iterator[Finding]:
    for cell in _markdown_cells(doc):
        # Markdown images always render with an alt attribute: only raw HTML can lack one.
        for block in cell.blocks():
            for img in block.html.find_all("img"):
                if not img.has_attr("alt") and img.get("role") != "presentation":
                    yield found(
                        "image-alt-html",
                        f"<img src=\"{img.get('src', '')}\"> has no alt attribute", doc.rel,
                        cell.index, line=cell.line_at(block.offset_of(img)))


IMAGE_DIRECTIVES = ("{image}", "{figure}")
_OPTION = re.compile(r"^:(?P<name>[\w-]+):(?:\s+(?P<value>.*))?$")


def directive_options(content: str) -> dict[str, str]:
    """A MyST directive's options: `:name: value` lines, or a `---` YAML block, first."""
    lines = content.splitlines()
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        try:
            data = yaml.safe_load("\n".join(lines[1:end])) if end else None
        except yaml.YAMLError:
            data = None
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    options = {}
    for line in lines:
        match = _OPTION.match(line.strip())
        if not match:
            break
        options[match["name"]] = (match["value"] or "").strip()
    return options


@check_of("image-alt-directive")
def directive_image_alt(doc: SourceDoc) -> Iterator[Finding]:
    for cell in _markdown_cells(doc):
        for token in cell.tokens():
            name, _, argument = token.info.strip().partition(" ")
            if token.type not in ("fence", "colon_fence") or name not in IMAGE_DIRECTIVES:
                continue
            if not directive_options(token.content).get("alt"):
                yield found("image-alt-directive",
                            f"{name} `{argument.strip()}` has no :alt: option", doc.rel,
                            cell.index, line=cell.line_at(token.map[0] if token.map else None))


IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")


def output_alt(cell: Cell) -> str:
    mystnb = cell.metadata.get("mystnb", {}) or {}
    return str((mystnb.get("image") or {}).get("alt") or (mystnb.get("figure") or {}).get(
        "alt") or "").strip()


@check_of("image-alt-output")
def output_image_alt(doc: SourceDoc) -> Iterator[Finding]:
    for cell in doc.cells:
        if cell.kind != "code":
            continue
        draws = any(kind in output.get("data", {}) for output in cell.outputs
                    for kind in IMAGE_TYPES)
        if draws and not output_alt(cell):
            yield found(
                "image-alt-output", "the cell's image output has no alt text in its metadata",
                doc.rel, cell.index, line=cell.line)


# Tokens of MyST syntax that render nothing a reader sees before a page's title.
NOT_CONTENT_TOKENS = frozenset({"front_matter", "myst_target", "myst_line_comment",
                                "myst_block_break"})
# Directives that show nothing where they stand (an index entry).
NOT_CONTENT_DIRECTIVES = frozenset({"{index}"})
_HEADING_TAG = re.compile(r"^h[1-6]$")

# --- Headings -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    cell: Cell
    level: int
    text: str
    line: int | None  # in the file, where files have lines


def _block_headings(cell: Cell, block: Block) -> list[Heading]:
    """The block's headings: markdown ones, and raw HTML `<h1>`…`<h6>` (the page shows
    both as headings)."""
    if block.tokens[0].type == "html_block":
        return [Heading(cell, int(tag.name[1]), _text(tag),
                        cell.line_at(block.offset_of(tag)))
                for tag in block.html.find_all(_HEADING_TAG)]
    return [Heading(cell, int(token.tag[1]), block.tokens[position + 1].content.strip(),
                    cell.line_at(token.map[0] if token.map else None))
            for position, token in enumerate(block.tokens) if token.type == "heading_open"]


def _headings(doc: SourceDoc) -> list[Heading]:
    """Every heading, in reading order."""
    return [heading for cell in _markdown_cells(doc) for block in cell.blocks()
            for heading in _block_headings(cell, block)]


@check_of("heading-h1-missing")
def heading_h1_missing(doc: SourceDoc) -> Iterator[Finding]:
    if not any(heading.level == 1 for heading in _headings(doc)):
        yield found("heading-h1-missing", "the page has no level-1 heading", doc.rel)


@check_of("heading-h1-multiple")
def heading_h1_multiple(doc: SourceDoc) -> Iterator[Finding]:
    h1 = [heading for heading in _headings(doc) if heading.level == 1]
    for heading in h1[1:]:
        yield found("heading-h1-multiple", f"a second level-1 heading: \"{heading.text}\"",
                    doc.rel, heading.cell.index, line=heading.line)


def _is_preamble(block: Block) -> bool:
    """A block before a page's title that is not its content: MyST targets and comments,
    an index entry, raw HTML with no heading (a copyright notice, a badge)."""
    first = block.tokens[0]
    if first.type in NOT_CONTENT_TOKENS:
        return True
    if first.type in ("fence", "colon_fence"):
        return first.info.strip().partition(" ")[0] in NOT_CONTENT_DIRECTIVES
    return first.type == "html_block" and not block.html.find(_HEADING_TAG)


@check_of("heading-first-cell")
def heading_first_cell(doc: SourceDoc) -> Iterator[Finding]:
    if not doc.is_notebook or not doc.cells:
        return
    first = doc.cells[0]
    # The first block that is not preamble must hold the title, as its first heading.
    content = next((block for block in first.blocks() if not _is_preamble(block)), None)
    headings = _block_headings(first, content) if content is not None else []
    starts = content is not None and content.tokens[0].type in ("heading_open", "html_block")
    if not (starts and headings and headings[0].level == 1):
        yield found(
            "heading-first-cell", "the first cell does not start with a level-1 heading", doc.rel,
            first.index, line=first.line)


@check_of("heading-skipped-level")
def heading_skipped_level(doc: SourceDoc) -> Iterator[Finding]:
    previous = 0
    for heading in _headings(doc):
        if previous and heading.level > previous + 1:
            yield found(
                "heading-skipped-level",
                f"heading \"{heading.text}\" jumps from level {previous} to {heading.level}",
                doc.rel, heading.cell.index, line=heading.line)
        previous = heading.level


@check_of("heading-empty")
def heading_empty(doc: SourceDoc) -> Iterator[Finding]:
    for heading in _headings(doc):
        if not heading.text:
            yield found("heading-empty", f"empty level-{heading.level} heading", doc.rel,
                        heading.cell.index, line=heading.line)


# --- Links --------------------------------------------------------------------------------

_URL_TEXT = re.compile(r"^(https?://|www\.)\S+$", re.I)


@dataclass(frozen=True)
class Link:
    cell: Cell
    tag: Tag
    name: str
    line: int | None


def _links(doc: SourceDoc) -> Iterator[Link]:
    for cell in _markdown_cells(doc):
        for block in cell.blocks():
            for link in block.html.find_all("a", href=True):
                if "myst-target" in (link.parent.get("class") or []):
                    continue  # how the parser renders a MyST target `(label)=`
                name = _text(link) or link.get("aria-label", "").strip() or " ".join(
                    img.get("alt", "") for img in link.find_all("img")).strip()
                yield Link(cell, link, name, cell.line_at(block.offset_of(link)))


@check_of("link-empty")
def link_empty(doc: SourceDoc) -> Iterator[Finding]:
    for link in _links(doc):
        if not link.name:
            yield found("link-empty", f"link to {link.tag['href']} has no text",
                        doc.rel, link.cell.index, line=link.line)


@check_of("link-generic-text")
def link_generic_text(doc: SourceDoc) -> Iterator[Finding]:
    for link in _links(doc):
        if is_generic(link.name):
            yield found(
                "link-generic-text", f"link text \"{link.name}\" does not say where it leads",
                doc.rel, link.cell.index, line=link.line)


@check_of("link-bare-url")
def link_bare_url(doc: SourceDoc) -> Iterator[Finding]:
    for link in _links(doc):
        if _URL_TEXT.match(link.name):
            yield found("link-bare-url", f"the link text is a bare URL: {link.name}", doc.rel,
                        link.cell.index, line=link.line)


# --- Raw HTML: tables, colours, media ---------------------------------------------------------

@check_of("table-headers")
def table_headers(doc: SourceDoc) -> Iterator[Finding]:
    for cell in _markdown_cells(doc):
        for block in cell.blocks():
            for table in block.html.find_all("table"):
                if table.get("role") in ("presentation", "none"):
                    continue
                if not table.find("th"):
                    yield found("table-headers", "table has no header cell (<th>)",
                                doc.rel, cell.index, line=cell.line_at(block.offset_of(table)))


def parse_colour(value: str) -> tuple[float, float, float] | None:
    value = value.strip().lower()
    value = CSS4_COLORS.get(value, value).lower()
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    if re.fullmatch(r"#[0-9a-f]{6}([0-9a-f]{2})?", value):
        return tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]
    match = re.fullmatch(r"rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)(?:[\s,/]+[\d.]+%?)?\s*\)",
                         value)
    if match:
        return tuple(min(int(g), 255) / 255 for g in match.groups())  # type: ignore[return-value]
    return None


def contrast_ratio(first: tuple[float, float, float],
                   second: tuple[float, float, float]) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours."""
    def luminance(rgb: tuple[float, float, float]) -> float:
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _style(tag: Tag) -> dict[str, str]:
    declarations = (part.split(":", 1) for part in str(tag.get("style", "")).split(";")
                    if ":" in part)
    return {name.strip().lower(): value.strip() for name, value in declarations}


def _background(tag: Tag) -> tuple[float, float, float] | None:
    for node in [tag, *tag.parents]:
        if not isinstance(node, Tag):
            continue
        style = _style(node)
        for name in ("background-color", "background"):
            if name in style:
                colour = parse_colour(style[name].split()[0])
                if colour:
                    return colour
    return None


@check_of("inline-style-contrast")
def inline_style_contrast(doc: SourceDoc) -> Iterator[Finding]:
    for cell in _markdown_cells(doc):
        for block in cell.blocks():
            for tag in block.html.find_all(style=True):
                colour_value = _style(tag).get("color")
                colour = parse_colour(colour_value) if colour_value else None
                background = _background(tag)
                if not colour or not background or not _text(tag):
                    continue
                ratio = contrast_ratio(colour, background)
                if ratio < 4.5:
                    yield found(
                        "inline-style-contrast",
                        f"text \"{_text(tag)[:40]}\" has a contrast ratio of {ratio:.2f}:1 "
                        "(4.5:1 needed)", doc.rel, cell.index,
                        line=cell.line_at(block.offset_of(tag)))


@check_of("media-captions")
def media_captions(doc: SourceDoc) -> Iterator[Finding]:
    for cell in _markdown_cells(doc):
        for block in cell.blocks():
            for media in block.html.find_all(["video", "audio"]):
                kinds = {t.get("kind", "subtitles") for t in media.find_all("track")}
                if not kinds & {"captions", "subtitles", "descriptions"}:
                    yield found("media-captions", f"<{media.name}> has no captions track",
                                doc.rel, cell.index, line=cell.line_at(block.offset_of(media)))


# --- Code ---------------------------------------------------------------------------------

_RAINBOW = re.compile(
    r"""(cmap\s*=\s*["'](jet|hsv|rainbow|gist_rainbow|nipy_spectral)["']"""
    r"""|\b(plt|pyplot)\.(jet|hsv)\(\)|\bcm\.(jet|hsv|rainbow|gist_rainbow)\b"""
    r"""|set_cmap\(\s*["'](jet|hsv|rainbow)["'])""")


@check_of("plot-rainbow-colormap")
def plot_rainbow_colormap(doc: SourceDoc) -> Iterator[Finding]:
    for cell in doc.cells:
        if cell.kind == "code" and (match := _RAINBOW.search(cell.source)):
            yield found(
                "plot-rainbow-colormap", f"the plot uses a rainbow colormap ({match.group(0)})",
                doc.rel, cell.index, line=cell.line)


# --- Quizzes ------------------------------------------------------------------------------

@check_of("quiz-invalid")
def quiz_invalid(doc: SourceDoc) -> Iterator[Finding]:
    for cell in _markdown_cells(doc):
        for body in quiz_bodies(cell.source):
            try:
                parse_quiz(body)
            except QuizError as exc:
                yield found("quiz-invalid", str(exc), doc.rel, cell.index, line=cell.line)


# A page needs this many single-answer quizzes before their answers' places mean anything.
POSITION_MIN_QUIZZES = 4


@check_of("quiz-answer-position")
def quiz_answer_position(doc: SourceDoc) -> Iterator[Finding]:
    places: list[tuple[int, Cell]] = []
    for cell in _markdown_cells(doc):
        for body in quiz_bodies(cell.source):
            try:
                quiz = parse_quiz(body)
            except QuizError:
                continue
            if not quiz.multiple:
                places.append((next(i for i, c in enumerate(quiz.choices) if c.correct), cell))
    if len(places) < POSITION_MIN_QUIZZES:
        return
    counts = Counter(place for place, _cell in places)
    place, count = counts.most_common(1)[0]
    if count * 2 > len(places):
        first = next(cell for where, cell in places if where == place)
        yield found("quiz-answer-position",
                    f"the right answer is choice {place + 1} in {count} of the page's "
                    f"{len(places)} single-answer quizzes", doc.rel, first.index,
                    line=first.line)


def duplicate_quiz_ids(docs: list[SourceDoc]) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for doc in docs:
        for cell in _markdown_cells(doc):
            for body in quiz_bodies(cell.source):
                try:
                    quiz_id = parse_quiz(body).id
                except QuizError:
                    continue
                if quiz_id in seen:
                    yield found("quiz-duplicate-id",
                        f"quiz id `{quiz_id}` is already used in {seen[quiz_id]}", doc.rel,
                        cell.index, line=cell.line)
                seen.setdefault(quiz_id, doc.rel)


# --- Facts --------------------------------------------------------------------------------

def stale_facts(doc: SourceDoc, today: dt.date, months: int) -> Iterator[Finding]:
    """Facts whose check is older than the review period, one finding each, like an ignore
    whose date has passed. Malformed facts are left to the build (`fact-invalid`)."""
    for cell in _markdown_cells(doc):
        for token in cell.tokens():
            for child in token.children or []:
                if child.type != "myst_role" or child.meta.get("name") != ROLE:
                    continue
                try:
                    fact = parse_fact(child.content, today)
                except FactError:
                    continue
                if is_stale(fact, today, months):
                    yield found("fact-stale",
                                f'fact "{fact.text}" (source `{fact.key}`) was checked on '
                                f"{fact.checked}, more than {months} months ago: check it "
                                "again", doc.rel, cell.index,
                                line=cell.line_at(token.map[0] if token.map else None))
