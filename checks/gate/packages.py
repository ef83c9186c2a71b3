"""Rules of a SCORM 1.2 content package (zip), for `caire check PACKAGE.zip`."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from bs4 import BeautifulSoup

from checks.gate.findings import Finding, found
from checks.lms.scorm import ADLCP, CP, XSI

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
        return [found("scorm-manifest", f"not a zip package: {exc}", rel)]
    with package:
        names = {n for n in package.namelist() if not n.endswith("/")}
        if "imsmanifest.xml" not in names:
            return [found("scorm-manifest", "no imsmanifest.xml at the root", rel)]
        try:
            manifest = ET.fromstring(package.read("imsmanifest.xml"))
        except ET.ParseError as exc:
            return [found("scorm-manifest", f"imsmanifest.xml is not well formed: {exc}", rel)]
        findings = _manifest_findings(manifest, rel)
        listed = {f.get("href") for f in manifest.iter(f"{{{CP}}}file")}
        for name in sorted(listed - names):
            findings.append(found(
                "scorm-file-missing", f"`{name}` is listed but not in the package",
                                                 rel))
        for name in sorted(names - listed - {"imsmanifest.xml"}):
            findings.append(found("scorm-file-unlisted", f"`{name}` is not listed in the manifest",
                                                  rel))
        # Each schema the manifest names (xsi:schemaLocation: namespace, file, ...) ships.
        located = manifest.get(f"{{{XSI}}}schemaLocation", "").split()[1::2]
        for name in located:
            if name not in names:
                findings.append(found("scorm-schema-missing",
                                      f"`{name}` is named by the manifest but not in the package",
                                      rel))
        resources = {r.get("identifier"): r for r in manifest.iter(f"{{{CP}}}resource")}
        for item in manifest.iter(f"{{{CP}}}item"):
            resource = resources.get(item.get("identifierref"))
            href = resource.get("href") if resource is not None else None
            if href and href not in names:
                findings.append(found("scorm-launch-missing", f"item {item.get('identifier')}: "
                                                       f"`{href}` does not exist", rel))
        for name in sorted(n for n in names if n.endswith(".html")):
            soup = BeautifulSoup(package.read(name).decode("utf-8", "replace"), "html.parser")
            for tag in soup.find_all(["script", "link", "img", "iframe", "source", "video",
                                      "audio", "embed", "object"]):
                for attribute in ("src", "href", "data"):
                    if tag.get(attribute) and tag.name != "a":
                        bad = _outside(name, tag[attribute])
                        if bad:
                            findings.append(found("scorm-outside-reference",
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
    return [found("scorm-manifest", problem, rel) for problem in problems]
