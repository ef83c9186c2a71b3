"""Course exercises accept the sensible variants of a right answer (case, spaces, accents,
a decimal comma explained) and refuse wrong ones with a French hint, run in a real kernel
as a learner's notebook would be."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from conftest import ROOT

pytestmark = [pytest.mark.course, pytest.mark.slow]


def run_with(name: str, solution: str, answer: str) -> None:
    """Execute the chapter with `solution` (a line of a solution cell) replaced by
    `answer`, as far as that exercise's tests; raise CellExecutionError when they fail."""
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    at = next(i for i, c in enumerate(cells) if solution in c.source)
    cells[at].source = cells[at].source.replace(solution, answer)
    tests = next(i for i, c in enumerate(cells) if i > at and
                 "tests" in c.metadata.get("tags", []))
    nb.cells = cells[:tests + 1]
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()


@pytest.mark.parametrize(("name", "solution", "answer"), [
    # Close trades are mapped to the nearest of the four roles chapter 0 proposes.
    ("00_bienvenue.ipynb", 'mon_metier = "enseignant"', 'mon_metier = "Technicienne"'),
    ("00_bienvenue.ipynb", 'mon_metier = "enseignant"', 'mon_metier = "bibliothécaire"'),
    ("00_bienvenue.ipynb", 'mon_metier = "enseignant"', 'mon_metier = " Doctorant "'),
    ("01_ia_definition.ipynb", 'mot_ajoute = "urgent"', 'mot_ajoute = "URGENT"'),
    ("04_biais_equite.ipynb", 'colonnes_utilisees = ["note"]',
     'colonnes_utilisees = [" Note "]'),
    ("02_apprendre_des_donnees.ipynb", "seuil = 0.6", "seuil = 0.7"),
    ("05_donnees_personnelles.ipynb", 'type_ajoute = "telephone"',
     'type_ajoute = "Téléphone"'),
    ("08_cadre_ai_act.ipynb", 'finalite_cours = "reconnaître les émotions des étudiants"',
     'finalite_cours = "Reconnaitre les emotions des etudiants "'),
], ids=lambda value: value if value.endswith(".ipynb") else None)
def test_sensible_variants_of_a_right_answer_pass(name: str, solution: str,
                                                  answer: str) -> None:
    run_with(name, solution, answer)


@pytest.mark.parametrize(("name", "solution", "answer", "hint"), [
    ("00_bienvenue.ipynb", 'mon_metier = "enseignant"', 'mon_metier = "jardinier"',
     "n'est pas dans la liste"),
    ("08_cadre_ai_act.ipynb", 'finalite_cours = "reconnaître les émotions des étudiants"',
     'finalite_cours = "surveiller les examens des étudiants"', "déduire une émotion"),
    ("02_apprendre_des_donnees.ipynb", "profondeur = 4", "profondeur = 11",
     "Essayez plus petit"),
    ("02_apprendre_des_donnees.ipynb", "seuil = 0.6", "seuil = 0.4", "le seuil est trop bas"),
    ("04_biais_equite.ipynb", 'colonnes_utilisees = ["note"]',
     'colonnes_utilisees = ["note", "quartier"]', "une colonne liée au groupe"),
    ("04_biais_equite.ipynb", "bonus = 2", "bonus = 1", "essayez plus grand"),
    ("03_ia_generative.ipynb", "ordre = 11", "ordre = 4", "essayez plus grand"),
    ("06_impact_environnemental.ipynb", "images_par_jour = 3",
     "images_par_jour = 2,5", "sans guillemets ni virgule"),
    ("06_impact_environnemental.ipynb", "images_par_jour = 3",
     "images_par_jour = 2", "essayez plus grand"),
    ("06_impact_environnemental.ipynb", "requetes_par_jour = 5",
     "requetes_par_jour = 15", "plus petit que 10"),
    ("06_impact_environnemental.ipynb", "requetes_par_jour = 5",
     "requetes_par_jour = 3", "plus de 5 requêtes de moins"),
    ("09_outil_generatif.ipynb", 'forme = "une liste de 4 points"',
     'forme = "une liste"', "Précisez une longueur"),
    ("07_enseigner_evaluer.ipynb", "niveau = 2", "niveau = 1", "une interdiction ne suffit pas"),
], ids=lambda value: value if value.endswith(".ipynb") else None)
def test_wrong_answers_get_a_french_hint_not_the_answer(name: str, solution: str,
                                                       answer: str, hint: str) -> None:
    with pytest.raises(CellExecutionError) as failure:
        run_with(name, solution, answer)
    assert hint in str(failure.value)
