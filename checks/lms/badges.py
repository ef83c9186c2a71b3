"""Open Badges 2.0 for learners who passed: hosted assertions, baked into PNG and SVG.

`issue_badges` reads a gradebook CSV (email, name, date, score, workshop), writes the
Issuer Profile, the BadgeClass and one hosted Assertion per learner who qualifies: level 1
is validated by the e-learning and the workshop together, so the final quiz passed and
the workshop attended (recipient email hashed with SHA-256 and a per-assertion salt,
never stored in clear). Issuing again never duplicates an assertion. It bakes each
assertion into a PNG (`iTXt` chunk, keyword `openbadges`) and an SVG
(`openbadges:assertion` element). `verify_baked` checks a baked file against the
published JSON and an email address.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, PngImagePlugin

from checks.content.course import PASS_MARK
from checks.errors import SetupError
from checks.lms.badge_image import badge_png, badge_svg

CONTEXT = "https://w3id.org/openbadges/v2"
ISSUER = {"name": "Établissement — formation à l'usage responsable de l'IA",
          "email": "formation-ia@etablissement.example"}
BADGE = {"name": "IA responsable — niveau 1 : professionnel sensibilisé",
         "description": "Atteste la réussite du parcours en ligne de niveau 1 sur l'usage "
                        "responsable de l'intelligence artificielle et la participation à "
                        "son atelier.",
         "criteria": "Avoir réussi le quiz final du parcours en ligne (au moins 8 bonnes "
                     "réponses sur 10) et participé à l'atelier de niveau 1 : le niveau 1 "
                     "est validé par les deux ensemble."}
# What a roster may say for "attended the workshop" (and for "did not").
_YES = {"oui", "o", "yes", "y", "1", "true", "vrai", "x", "présent", "present"}
_NO = {"non", "n", "no", "0", "false", "faux", "", "absent"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SVG_NS = "http://openbadges.org"


@dataclass
class RosterProblem:
    line: int
    message: str


@dataclass
class Issued:
    """What one `caire badge issue` did."""

    new: int = 0
    already: int = 0  # qualified learners whose assertion was issued by an earlier run
    under_mark: int = 0
    no_workshop: int = 0
    problems: list[RosterProblem] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.new} badge(s) issued, {self.already} already issued; "
                f"{self.under_mark + self.no_workshop} learner(s) do not qualify "
                f"({self.under_mark} under the pass mark, {self.no_workshop} without the "
                f"workshop); {len(self.problems)} row(s) with an error")


def hash_identity(email: str, salt: str) -> str:
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def read_roster(path: Path, pass_mark: float) -> tuple[
        list[dict[str, Any]], list[RosterProblem], Issued]:
    """Learners who qualify, the rows that cannot be read (by line), and the counts of
    those who do not qualify (their lines are reported too, as notes)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SetupError(f"{path}: cannot read the roster ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"email", "name", "date", "score", "workshop"} - set(reader.fieldnames or [])
    if missing:
        raise SetupError(f"{path}: missing column(s): {', '.join(sorted(missing))}")
    qualified, notes, counts = [], [], Issued()
    for row in reader:
        line = reader.line_num
        email = (row.get("email") or "").strip()
        if not _EMAIL.match(email):
            counts.problems.append(RosterProblem(line, "missing or malformed email"))
            continue
        try:
            day = dt.date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            counts.problems.append(RosterProblem(
                line, f"malformed date {row.get('date')!r} (expected YYYY-MM-DD)"))
            continue
        try:
            score = float((row.get("score") or "").replace(",", "."))
        except ValueError:
            counts.problems.append(RosterProblem(line, f"malformed score {row.get('score')!r}"))
            continue
        workshop = (row.get("workshop") or "").strip().lower()
        if workshop not in _YES | _NO:
            counts.problems.append(RosterProblem(
                line, f"workshop {row.get('workshop')!r}: expected oui or non"))
            continue
        if score < pass_mark:
            counts.under_mark += 1
            notes.append(RosterProblem(line, f"score {score:g} is under the pass mark "
                                             f"{pass_mark:g}: no badge"))
            continue
        if workshop in _NO:
            counts.no_workshop += 1
            notes.append(RosterProblem(line, "workshop not attended: no badge yet"))
            continue
        qualified.append({"email": email, "name": (row.get("name") or "").strip(),
                          "date": day, "score": score})
    return qualified, notes, counts


def _already_issued(output: Path, email: str) -> bool:
    """Does `output` hold an assertion for `email` (matched through its salted hash)?"""
    for path in sorted((output / "assertions").glob("*.json")):
        try:
            recipient = json.loads(path.read_text(encoding="utf-8")).get("recipient", {})
        except (OSError, ValueError):
            continue
        if recipient.get("identity") == hash_identity(email, recipient.get("salt", "")):
            return True
    return False


def _profile(base: str) -> dict[str, Any]:
    return {"@context": CONTEXT, "type": "Issuer", "id": f"{base}issuer.json",
            "name": ISSUER["name"], "url": base, "email": ISSUER["email"]}


def _badge_class(base: str) -> dict[str, Any]:
    return {"@context": CONTEXT, "type": "BadgeClass", "id": f"{base}badge.json",
            "name": BADGE["name"], "description": BADGE["description"],
            "image": f"{base}badge.svg", "criteria": {"narrative": BADGE["criteria"]},
            "issuer": f"{base}issuer.json", "tags": ["IA", "intelligence artificielle"]}


def bake_png(png: bytes, assertion: dict[str, Any]) -> bytes:
    image = Image.open(io.BytesIO(png))
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadges", json.dumps(assertion, ensure_ascii=False), zip=False)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def bake_svg(svg: str, assertion: dict[str, Any]) -> str:
    payload = json.dumps(assertion, ensure_ascii=False).replace("]]>", "]]]]><![CDATA[>")
    element = (f'<openbadges:assertion verify="{assertion["id"]}">'
               f"<![CDATA[{payload}]]></openbadges:assertion>")
    head, rest = svg.split(">", 1)
    return f'{head} xmlns:openbadges="{SVG_NS}">\n{element}{rest}'


def issue_badges(roster: Path, base_url: str, output: Path,
                 pass_mark: float = PASS_MARK) -> tuple[Issued, list[RosterProblem]]:
    """Issue the badges a roster earns; returns the counts and the notes on learners who
    do not qualify (the counts' `problems` are the rows that could not be read)."""
    if not re.match(r"^https?://", base_url):
        raise SetupError(f"--base-url {base_url}: expected an http(s) URL")
    base = base_url if base_url.endswith("/") else base_url + "/"
    learners, notes, counts = read_roster(roster, pass_mark)
    for folder in ("assertions", "baked"):
        (output / folder).mkdir(parents=True, exist_ok=True)
    (output / "issuer.json").write_text(json.dumps(_profile(base), ensure_ascii=False,
                                                   indent=2), encoding="utf-8")
    (output / "badge.json").write_text(json.dumps(_badge_class(base), ensure_ascii=False,
                                                  indent=2), encoding="utf-8")
    svg, png = badge_svg(), badge_png()
    (output / "badge.svg").write_text(svg, encoding="utf-8")
    for learner in learners:
        if _already_issued(output, learner["email"]):
            counts.already += 1
            continue
        salt = secrets.token_hex(16)
        key = str(uuid.uuid4())
        assertion = {
            "@context": CONTEXT, "type": "Assertion", "id": f"{base}assertions/{key}.json",
            "recipient": {"type": "email", "hashed": True, "salt": salt,
                          "identity": hash_identity(learner["email"], salt)},
            "badge": f"{base}badge.json", "verification": {"type": "hosted"},
            "issuedOn": f"{learner['date'].isoformat()}T00:00:00+00:00",
        }
        text = json.dumps(assertion, ensure_ascii=False, indent=2)
        (output / "assertions" / f"{key}.json").write_text(text, encoding="utf-8")
        (output / "baked" / f"{key}.png").write_bytes(bake_png(png, assertion))
        (output / "baked" / f"{key}.svg").write_text(bake_svg(svg, assertion),
                                                     encoding="utf-8")
        counts.new += 1
    return counts, notes


def extract_assertion(path: Path) -> dict[str, Any]:
    """The assertion baked into a PNG or SVG badge."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SetupError(f"{path}: cannot read ({exc.strerror})") from None
    if data.startswith(b"\x89PNG"):
        try:
            text = Image.open(io.BytesIO(data)).text.get("openbadges")  # type: ignore[attr-defined]
        except OSError:
            text = None
    else:
        match = re.search(rb"<openbadges:assertion[^>]*><!\[CDATA\[(.*?)\]\]></openbadges:"
                          rb"assertion>", data, re.S)
        text = match.group(1).decode("utf-8").replace("]]]]><![CDATA[>", "]]>") \
            if match else None
    if not text:
        raise SetupError(f"{path}: no baked Open Badges assertion found")
    try:
        return json.loads(text)
    except ValueError:
        raise SetupError(f"{path}: the baked assertion is not JSON") from None


def verify_baked(path: Path, published: Path, email: str) -> tuple[bool, str]:
    """Does the badge in `path` hold for `email`, against the JSON published in `published`?"""
    baked = extract_assertion(path)
    try:
        badge_class = json.loads((published / "badge.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise SetupError(f"{published}: no published badge.json") from None
    base = badge_class["id"].removesuffix("badge.json")
    assertion_id = str(baked.get("id", ""))
    if not assertion_id.startswith(base + "assertions/"):
        return False, "the assertion was not issued under this base URL"
    hosted = published / assertion_id.removeprefix(base)
    if not hosted.is_file():
        return False, "no such assertion is published (revoked or never issued)"
    official = json.loads(hosted.read_text(encoding="utf-8"))
    if official != baked:
        return False, "the baked assertion differs from the published one (tampered)"
    if official.get("badge") != badge_class["id"]:
        return False, "the assertion does not point to this badge"
    recipient = official.get("recipient", {})
    if recipient.get("identity") != hash_identity(email, recipient.get("salt", "")):
        return False, f"the badge was not issued to {email}"
    return True, f"valid: {badge_class['name']} issued to {email} on {official['issuedOn'][:10]}"
