"""SCORM 1.2: export the built book as a content package, and check any package.

The package holds every file of the site, an `imsmanifest.xml` with one item (SCO) per
chapter in `_toc.yml` order, the final quiz with its mastery score, and a runtime script
that talks to the LMS's `API` object when there is one.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath

import nbformat
from bs4 import BeautifulSoup

from checks.errors import SetupError
from checks.findings import Finding
from checks.rules import Rule, register
from checks.toc import toc_notebooks

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
RUNTIME = "_static/caire-scorm.js"
SKIPPED = {".buildinfo"}

MANIFEST_INVALID = register(Rule("scorm-manifest", "error",
                                 "The package needs a well-formed SCORM 1.2 imsmanifest.xml at "
                                 "its root (organizations, items, resources)."))
FILE_MISSING = register(Rule("scorm-file-missing", "error",
                             "A file listed in the manifest is missing from the package."))
FILE_UNLISTED = register(Rule("scorm-file-unlisted", "error",
                              "A file of the package is not listed in the manifest."))
LAUNCH_MISSING = register(Rule("scorm-launch-missing", "error",
                               "An item's launch page does not exist in the package."))
OUTSIDE = register(Rule("scorm-outside-reference", "error",
                        "A page needs a script, style, image or frame from outside the "
                        "package."))


def _chapters(root: Path) -> list[tuple[str, str, dict]]:
    """(page, title, caire metadata) of each chapter, in table-of-contents order."""
    chapters = []
    for path in toc_notebooks(root):
        nb = nbformat.read(path, as_version=4)
        title = next((line[2:].strip() for cell in nb.cells if cell.cell_type == "markdown"
                      for line in cell.source.splitlines() if line.startswith("# ")),
                     path.stem)
        page = path.relative_to(root).with_suffix(".html").as_posix()
        chapters.append((page, title, dict(nb.metadata.get("caire", {}))))
    return chapters


def manifest_xml(title: str, chapters: list[tuple[str, str, dict]], files: list[str]) -> bytes:
    ET.register_namespace("", CP)
    ET.register_namespace("adlcp", ADLCP)
    ET.register_namespace("xsi", XSI)
    manifest = ET.Element(f"{{{CP}}}manifest", {
        "identifier": "caire-ia-niveau-1", "version": "1.0",
        f"{{{XSI}}}schemaLocation": (f"{CP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd")})
    metadata = ET.SubElement(manifest, f"{{{CP}}}metadata")
    ET.SubElement(metadata, f"{{{CP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(manifest, f"{{{CP}}}organizations", default="org-course")
    organization = ET.SubElement(organizations, f"{{{CP}}}organization",
                                 identifier="org-course")
    ET.SubElement(organization, f"{{{CP}}}title").text = title
    resources = ET.SubElement(manifest, f"{{{CP}}}resources")
    for number, (page, chapter_title, meta) in enumerate(chapters):
        item = ET.SubElement(organization, f"{{{CP}}}item", identifier=f"item-{number:02d}",
                             identifierref=f"res-{number:02d}", isvisible="true")
        ET.SubElement(item, f"{{{CP}}}title").text = chapter_title
        if meta.get("final_quiz"):
            ET.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(meta.get("pass_mark", 80))
        resource = ET.SubElement(resources, f"{{{CP}}}resource", {
            "identifier": f"res-{number:02d}", "type": "webcontent",
            f"{{{ADLCP}}}scormtype": "sco", "href": page})
        ET.SubElement(resource, f"{{{CP}}}file", href=page)
        ET.SubElement(resource, f"{{{CP}}}dependency", identifierref="res-site")
    launched = {page for page, _title, _meta in chapters}
    shared = ET.SubElement(resources, f"{{{CP}}}resource", {
        "identifier": "res-site", "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"})
    for name in files:
        if name not in launched:
            ET.SubElement(shared, f"{{{CP}}}file", href=name)
    ET.indent(manifest)
    return ET.tostring(manifest, encoding="utf-8", xml_declaration=True)


def _with_runtime(html: str, page: str, final: dict | None) -> str:
    depth = len(PurePosixPath(page).parts) - 1
    prefix = "../" * depth
    pass_mark = int(final.get("pass_mark", 80)) if final else 80
    config = (f"<script>window.CAIRE_SCORM = {{passMark: {pass_mark}, "
              f"finalQuiz: {'true' if final else 'false'}}};</script>")
    tag = f'{config}<script src="{prefix}{RUNTIME}" defer></script>'
    return html.replace("</head>", f"{tag}\n</head>", 1)


def export_scorm(root: Path, site: Path, output: Path, title: str) -> int:
    """Write the package; returns the number of files in it."""
    if not (site / "index.html").is_file():
        raise SetupError(f"{site}: no built site; run `caire build` first")
    chapters = _chapters(root)
    finals = {page: meta for page, _t, meta in chapters if meta.get("final_quiz")}
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                   if p.is_file() and p.name not in SKIPPED)
    files.append(RUNTIME)
    runtime = (Path(__file__).with_name("scorm_runtime.js")).read_text(encoding="utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("imsmanifest.xml", manifest_xml(title, chapters, sorted(set(files))))
        package.writestr(RUNTIME, runtime)
        for name in sorted(set(files) - {RUNTIME}):
            path = site / name
            if name.endswith(".html"):
                text = path.read_text(encoding="utf-8")
                package.writestr(name, _with_runtime(text, name, finals.get(name)))
            else:
                package.write(path, name)
    return len(set(files)) + 1


_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def _outside(page: str, reference: str) -> str | None:
    reference = reference.split("#")[0].split("?")[0]
    if not reference or reference.startswith(("data:", "#")):
        return None
    if _EXTERNAL.match(reference):
        return reference
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), reference))
    if target.startswith("../"):
        return reference
    return None


def check_package(path: Path, rel: str) -> list[Finding]:
    """Rules of a SCORM 1.2 content package (zip)."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return [MANIFEST_INVALID.finding(f"not a zip package: {exc}", rel)]
    with package:
        names = {n for n in package.namelist() if not n.endswith("/")}
        if "imsmanifest.xml" not in names:
            return [MANIFEST_INVALID.finding("no imsmanifest.xml at the root", rel)]
        try:
            manifest = ET.fromstring(package.read("imsmanifest.xml"))
        except ET.ParseError as exc:
            return [MANIFEST_INVALID.finding(f"imsmanifest.xml is not well formed: {exc}", rel)]
        findings = _manifest_findings(manifest, rel)
        listed = {f.get("href") for f in manifest.iter(f"{{{CP}}}file")}
        for name in sorted(listed - names):
            findings.append(FILE_MISSING.finding(f"`{name}` is listed but not in the package",
                                                 rel))
        for name in sorted(names - listed - {"imsmanifest.xml"}):
            findings.append(FILE_UNLISTED.finding(f"`{name}` is not listed in the manifest",
                                                  rel))
        resources = {r.get("identifier"): r for r in manifest.iter(f"{{{CP}}}resource")}
        for item in manifest.iter(f"{{{CP}}}item"):
            resource = resources.get(item.get("identifierref"))
            href = resource.get("href") if resource is not None else None
            if href and href not in names:
                findings.append(LAUNCH_MISSING.finding(f"item {item.get('identifier')}: "
                                                       f"`{href}` does not exist", rel))
        for name in sorted(n for n in names if n.endswith(".html")):
            soup = BeautifulSoup(package.read(name).decode("utf-8", "replace"), "html.parser")
            for tag in soup.find_all(["script", "link", "img", "iframe", "source", "video",
                                      "audio", "embed", "object"]):
                for attribute in ("src", "href", "data"):
                    if tag.get(attribute) and tag.name != "a":
                        bad = _outside(name, tag[attribute])
                        if bad:
                            findings.append(OUTSIDE.finding(
                                f"<{tag.name} {attribute}=\"{bad}\"> is outside the package",
                                rel, page=name))
    return findings


def _manifest_findings(manifest: ET.Element, rel: str) -> list[Finding]:
    problems = []
    if manifest.tag != f"{{{CP}}}manifest":
        problems.append("the root element is not an IMS CP 1.1.2 <manifest>")
    version = manifest.find(f"{{{CP}}}metadata/{{{CP}}}schemaversion")
    if version is None or (version.text or "").strip() != "1.2":
        problems.append("metadata/schemaversion is not 1.2")
    organizations = manifest.find(f"{{{CP}}}organizations")
    ids = {o.get("identifier") for o in manifest.iter(f"{{{CP}}}organization")}
    if organizations is None or organizations.get("default") not in ids:
        problems.append("organizations/@default names no organization")
    resources = {r.get("identifier"): r for r in manifest.iter(f"{{{CP}}}resource")}
    if not resources:
        problems.append("no resources")
    for item in manifest.iter(f"{{{CP}}}item"):
        ref = item.get("identifierref")
        if ref and ref not in resources:
            problems.append(f"item {item.get('identifier')} refers to unknown resource {ref}")
        if item.find(f"{{{CP}}}title") is None:
            problems.append(f"item {item.get('identifier')} has no title")
    for identifier, resource in resources.items():
        kind = resource.get(f"{{{ADLCP}}}scormtype")
        if kind not in ("sco", "asset"):
            problems.append(f"resource {identifier}: adlcp:scormtype must be sco or asset")
        if kind == "sco" and not resource.get("href"):
            problems.append(f"resource {identifier}: a SCO needs an href")
        for dependency in resource.iter(f"{{{CP}}}dependency"):
            if dependency.get("identifierref") not in resources:
                problems.append(f"resource {identifier}: unknown dependency")
    return [MANIFEST_INVALID.finding(problem, rel) for problem in problems]
