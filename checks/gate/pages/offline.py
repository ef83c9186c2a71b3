"""What the gate had to block: scripts and stylesheets a page loads from another site.

The browser is offline (see `browser.py`), so a page that loads MathJax from a CDN is
checked with its equations as raw TeX. Each library or host is named once per site, with
the pages that load it; with `local-mathjax`, MathJax 3 is served from `node_modules`
instead (see `server.py`) and is not blocked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from checks.gate.findings import Finding, found
from checks.layout import node_module

# MathJax 3 from any CDN (jsDelivr, unpkg, cdnjs): `.../mathjax@3/es5/tex-chtml.js`.
MATHJAX3_URL = re.compile(r"(?:https?:)?//[^\"'\s<>]*mathjax[^\"'\s<>]*?/es5/"
                          r"(?P<file>[\w.\-/]+\.js)", re.I)
LOCAL_MATHJAX = "__caire__/mathjax/"  # where the server puts its local copy
PAGES_NAMED = 5  # pages named in a notice; the JSON keeps one notice per library


def local_mathjax(root: Path) -> Path | None:
    """`node_modules/mathjax/es5` when the npm package `mathjax` (version 3) is there."""
    folder = node_module(root, "mathjax")
    package = folder / "package.json"
    if not package.is_file() or not re.search(r'"version":\s*"3\.',
                                              package.read_text(encoding="utf-8")):
        return None
    return folder / "es5"


def blocked_loads(soup: BeautifulSoup, served_mathjax: bool = False) -> list[str]:
    """The URLs of scripts and stylesheets on another site that a page loads."""
    urls = []
    for tag in soup.find_all(["script", "link"]):
        if tag.name == "link" and "stylesheet" not in (tag.get("rel") or []):
            continue
        url = str(tag.get("src" if tag.name == "script" else "href") or "")
        if not (urlsplit(url).netloc):
            continue
        if served_mathjax and MATHJAX3_URL.fullmatch(url):
            continue
        urls.append(url)
    return urls


def _library(url: str) -> str:
    return "MathJax" if "mathjax" in url.lower() else urlsplit(url).netloc


def offline_notices(loads: dict[str, list[str]]) -> list[Finding]:
    """One notice per library (MathJax) or host, with how many pages load it."""
    pages_of: dict[str, set[str]] = defaultdict(set)
    urls_of: dict[str, set[str]] = defaultdict(set)
    for page, urls in loads.items():
        for url in urls:
            pages_of[_library(url)].add(page)
            urls_of[_library(url)].add(url)
    notices = []
    for library in sorted(pages_of):
        pages = sorted(pages_of[library])
        named = ", ".join(pages[:PAGES_NAMED]) + (
            f", and {len(pages) - PAGES_NAMED} more" if len(pages) > PAGES_NAMED else "")
        urls = sorted(urls_of[library])
        notice = found("page-offline-resource",
                       f"{len(pages)} page(s) load {library} from {', '.join(urls)}: "
                       f"checked without it ({named})")
        # Every page and URL, so the notices of shards merge into one (see `merged`).
        notices.append(replace(notice, data=(("pages", " ".join(pages)),
                                             ("urls", " ".join(urls)))))
    return notices


def merged(findings: list[Finding]) -> list[Finding]:
    """The findings of several reports (shards) with their blocked-load notices joined:
    one per library for the whole site."""
    loads: dict[str, list[str]] = defaultdict(list)
    others = []
    for finding in findings:
        data = finding.measured()
        if finding.rule != "page-offline-resource" or "pages" not in data:
            # A site-wide notice (Tesseract missing) comes once, not once per shard.
            if finding.rule != "page-image-ocr-unavailable" or finding not in others:
                others.append(finding)
            continue
        for page in str(data["pages"]).split():
            loads[page] += str(data["urls"]).split()
    return others + offline_notices(loads)
