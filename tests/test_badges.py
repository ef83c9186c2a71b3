"""Open Badges 2.0: issue from a roster, bake PNG and SVG, extract, verify, reject."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checks.lms.badges import extract_assertion, hash_identity
from conftest import run_caire

ROSTER = """email,name,date,score,workshop
alice.martin@etu.univ.example,Alice Martin,2026-11-02,90,oui
,Sans Adresse,2026-11-02,95,oui
bruno.petit@etu.univ.example,Bruno Petit,02/11/2026,85,oui
chloe.roux@etu.univ.example,Chloé Roux,2026-11-03,70,oui
david.leroy@etu.univ.example,David Leroy,2026-11-04,80,oui
emma.blanc@etu.univ.example,Emma Blanc,2026-11-04,100,non
"""
BASE = "https://badges.univ.example/ia-niveau-1/"


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    root = tmp_path_factory.mktemp("badges")
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    result = run_caire("badge", "issue", "--roster", "roster.csv", "--base-url", BASE,
                       "--output", "published", cwd=root)
    return root, result


def baked(root: Path, suffix: str) -> list[Path]:
    return sorted((root / "published" / "baked").glob(f"*.{suffix}"))


def test_bad_rows_are_reported_by_line_and_get_no_badge(issued) -> None:
    root, result = issued
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("roster.csv:")]
    assert lines == [
        "roster.csv:3: missing or malformed email",
        "roster.csv:4: malformed date '02/11/2026' (expected YYYY-MM-DD)",
        "roster.csv:5: score 70 is under the pass mark 80: no badge",
        "roster.csv:7: workshop not attended: no badge yet",
    ]
    assert "caire: 2 badge(s) issued, 0 already issued; 2 learner(s) do not qualify " \
        "(1 under the pass mark, 1 without the workshop); 2 row(s) with an error" \
        in result.stderr
    assert len(list((root / "published" / "assertions").glob("*.json"))) == 2
    assert len(baked(root, "png")) == 2 and len(baked(root, "svg")) == 2


def test_published_json_follows_open_badges_2(issued) -> None:
    root, _ = issued
    profile = json.loads((root / "published/issuer.json").read_text())
    badge = json.loads((root / "published/badge.json").read_text())
    assert profile["@context"] == badge["@context"] == "https://w3id.org/openbadges/v2"
    assert (profile["type"], badge["type"]) == ("Issuer", "BadgeClass")
    assert badge["issuer"] == profile["id"] == BASE + "issuer.json"
    assert badge["image"] == BASE + "badge.svg" and badge["criteria"]["narrative"]
    for path in (root / "published" / "assertions").glob("*.json"):
        assertion = json.loads(path.read_text())
        assert assertion["id"] == BASE + "assertions/" + path.name
        assert assertion["verification"] == {"type": "hosted"}
        recipient = assertion["recipient"]
        assert recipient["hashed"] is True and recipient["identity"].startswith("sha256$")
        assert "etu.univ.example" not in path.read_text(), "a plain email leaked"


def test_salts_differ_per_assertion(issued) -> None:
    root, _ = issued
    salts = {json.loads(p.read_text())["recipient"]["salt"]
             for p in (root / "published" / "assertions").glob("*.json")}
    assert len(salts) == 2


def test_badge_svg_is_accessible(issued) -> None:
    root, _ = issued
    svg = ET.parse(root / "published/badge.svg").getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert svg.get("role") == "img"
    assert svg.find("svg:title", ns).text and svg.find("svg:desc", ns).text
    assert svg.get("aria-labelledby") == "badge-title badge-desc"


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_round_trip_verifies_for_the_right_email_only(issued, suffix: str) -> None:
    root, _ = issued
    emails = {}
    for path in baked(root, suffix):
        assertion = extract_assertion(path)
        recipient = assertion["recipient"]
        for email in ("alice.martin@etu.univ.example", "david.leroy@etu.univ.example"):
            if hash_identity(email, recipient["salt"]) == recipient["identity"]:
                emails[email] = path
    assert len(emails) == 2
    path = emails["alice.martin@etu.univ.example"]
    ok = run_caire("badge", "verify", str(path), "--published", "published",
                   "--email", "alice.martin@etu.univ.example", cwd=root)
    assert ok.returncode == 0 and "valid" in ok.stdout
    wrong = run_caire("badge", "verify", str(path), "--published", "published",
                      "--email", "david.leroy@etu.univ.example", cwd=root)
    assert wrong.returncode == 1 and "not issued to" in wrong.stdout


def test_svg_is_well_formed_with_the_assertion_element(issued) -> None:
    root, _ = issued
    for path in baked(root, "svg"):
        element = ET.parse(path).getroot().find("{http://openbadges.org}assertion")
        assert element is not None and element.get("verify").startswith(BASE + "assertions/")
        assert json.loads(element.text)["type"] == "Assertion"


def test_tampered_assertion_is_rejected(issued, tmp_path: Path) -> None:
    root, _ = issued
    original = baked(root, "svg")[0]
    tampered = tmp_path / "tampered.svg"
    tampered.write_text(original.read_text().replace("T00:00:00", "T12:00:00"))
    result = run_caire("badge", "verify", str(tampered), "--published",
                       str(root / "published"), "--email", "alice.martin@etu.univ.example",
                       cwd=root)
    assert result.returncode == 1 and "tampered" in result.stdout


def test_file_without_a_badge_is_a_one_line_error(issued, tmp_path: Path) -> None:
    root, _ = issued
    plain = tmp_path / "plain.png"
    plain.write_bytes((root / "published" / "baked").glob("*.png").__next__().read_bytes()[:8])
    result = run_caire("badge", "verify", str(plain), "--published", str(root / "published"),
                       "--email", "x@y.example", cwd=root)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_learners_who_do_not_qualify_are_no_error_and_issuing_twice_adds_nothing(
        tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text(
        "email,name,date,score,workshop\n"
        "alice.martin@etu.univ.example,Alice Martin,2026-11-02,90,oui\n"
        "chloe.roux@etu.univ.example,Chloé Roux,2026-11-03,70,oui\n"
        "emma.blanc@etu.univ.example,Emma Blanc,2026-11-04,100,non\n", encoding="utf-8")
    args = ("badge", "issue", "--roster", "roster.csv", "--base-url", BASE,
            "--output", "published")
    first = run_caire(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "1 badge(s) issued, 0 already issued; 2 learner(s) do not qualify" in first.stderr
    assertions = sorted((tmp_path / "published" / "assertions").glob("*.json"))
    before = [p.read_text() for p in assertions]
    again = run_caire(*args, cwd=tmp_path)
    assert again.returncode == 0
    assert "0 badge(s) issued, 1 already issued" in again.stderr
    assert [p.read_text() for p in sorted(
        (tmp_path / "published" / "assertions").glob("*.json"))] == before


def test_a_roster_without_the_workshop_column_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text("email,name,date,score\n", encoding="utf-8")
    result = run_caire("badge", "issue", "--roster", "roster.csv", "--base-url", BASE,
                       "--output", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "caire: error: roster.csv: missing column(s): workshop"
