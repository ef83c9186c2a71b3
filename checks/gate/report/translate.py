"""Finding messages in the run's language. Checks write their messages in English (the
JSON contract and baselines keep them so); reporters show them in French for a French
book, from this table, and axe-core's rule help from axe-core's own French locale."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from checks.gate.catalog import AXE_PREFIX
from checks.layout import TOOL_DIR

# (English message as a pattern, French template), for every message a check writes.
_FRENCH = tuple((re.compile(pattern), french) for pattern, french in (
    # Notebooks and exercises
    (r"no kernelspec in the notebook metadata",
     "les métadonnées du carnet ne nomment aucun noyau (kernelspec)"),
    (r"no such file or folder", "fichier ou dossier introuvable"),
    (r"cannot be read: (?P<e>.*)", "illisible : {e}"),
    (r"not JSON \(line (?P<n>\d+): (?P<e>.*)\)", "pas du JSON (ligne {n} : {e})"),
    (r"invalid notebook: (?P<e>.*)", "carnet invalide : {e}"),
    (r"invalid MyST notebook: (?P<e>.*)", "carnet MyST invalide : {e}"),
    (r"installs packages at run time", "installe des paquets à l'exécution"),
    (r"exercise has no tests cell after it", "l'exercice n'est suivi d'aucune cellule de tests"),
    (r"tests cell has no exercise before it", "la cellule de tests ne suit aucun exercice"),
    (r"refused connection to (?P<t>.*)", "connexion refusée vers {t}"),
    (r"the kernel died while running this cell", "le noyau s'est arrêté pendant cette cellule"),
    (r"cell still running after (?P<n>\d+) s", "cellule encore en cours après {n} s"),
    (r"the tests pass with the starter stub, without any answer",
     "les tests passent avec le code de départ, sans aucune réponse"),
    (r"(?P<e>\w+) without a message when the answer is missing",
     "{e} sans message quand la réponse manque"),
    (r"learner version: tests cell fails with (?P<e>.*)",
     "version apprenant : la cellule de tests échoue avec {e}"),
    (r"learner version: cell fails with (?P<e>.*)",
     "version apprenant : la cellule échoue avec {e}"),
    # Sources
    (r"markdown image `(?P<src>.*)` has an empty text alternative",
     "l'image markdown `{src}` a un texte alternatif vide"),
    (r'<img src="(?P<src>.*)"> has no alt attribute',
     "<img src=\"{src}\"> n'a pas d'attribut alt"),
    (r"(?P<d>\{\w+\}) `(?P<src>.*)` has no :alt: option",
     "{d} `{src}` n'a pas d'option :alt:"),
    (r"the cell's image output has no alt text in its metadata",
     "l'image produite par la cellule n'a pas de texte alternatif dans ses métadonnées"),
    (r"the page has no level-1 heading", "la page n'a pas de titre de niveau 1"),
    (r'a second level-1 heading: "(?P<t>.*)"', "un second titre de niveau 1 : « {t} »"),
    (r"the first cell does not start with a level-1 heading",
     "la première cellule ne commence pas par un titre de niveau 1"),
    (r'heading "(?P<t>.*)" jumps from level (?P<a>\d) to (?P<b>\d)',
     "le titre « {t} » passe du niveau {a} au niveau {b}"),
    (r"empty level-(?P<n>\d) heading", "titre de niveau {n} vide"),
    (r"link to (?P<href>.*) has no text", "le lien vers {href} n'a pas d'intitulé"),
    (r'link text "(?P<t>.*)" does not say where it leads',
     "l'intitulé de lien « {t} » ne dit pas où il mène"),
    (r"the link text is a bare URL: (?P<u>.*)", "l'intitulé du lien est une adresse brute : {u}"),
    (r"table has no header cell \(<th>\)", "le tableau n'a pas de cellule d'en-tête (<th>)"),
    (r'text "(?P<t>.*)" has a contrast ratio of (?P<r>[\d.]+):1 \(4.5:1 needed\)',
     "le texte « {t} » a un rapport de contraste de {r}:1 (4,5:1 requis)"),
    (r"<(?P<m>video|audio)> has no captions track", "<{m}> n'a pas de piste de sous-titres"),
    (r"the plot uses a rainbow colormap \((?P<m>.*)\)",
     "le graphique utilise une palette arc-en-ciel ({m})"),
    (r"quiz id `(?P<id>.*)` is already used in (?P<where>.*)",
     "l'identifiant de quiz `{id}` est déjà utilisé dans {where}"),
    # Facts
    (r'fact "(?P<t>.*)" \(source `(?P<k>.*)`\) was checked on (?P<d>[\d-]+), more than '
     r"(?P<n>\d+) months ago: check it again",
     "le fait « {t} » (source `{k}`) a été vérifié le {d}, il y a plus de {n} mois : "
     "vérifiez-le de nouveau"),
    (r"fact `(?P<f>.*)` needs its text, source key and date: (?P<s>.*)",
     "il manque au fait `{f}` son texte, sa clé de source ou sa date : {s}"),
    (r'fact "(?P<t>.*)": the source key `(?P<k>.*)` must be lower-case letters, digits and '
     r"hyphens",
     "fait « {t} » : la clé de source `{k}` s'écrit en minuscules, chiffres et tirets"),
    (r'fact "(?P<t>.*)": `(?P<d>.*)` is not a date \(YYYY-MM-DD\)',
     "fait « {t} » : `{d}` n'est pas une date (AAAA-MM-JJ)"),
    (r'fact "(?P<t>.*)": checked on (?P<d>.*), a date in the future',
     "fait « {t} » : vérifié le {d}, une date future"),
    (r'fact "(?P<t>.*)": unknown source `(?P<k>.*)` \(no `(?P<g>.*)` target in the book\)',
     "fait « {t} » : source `{k}` inconnue (aucune cible `{g}` dans le livre)"),
    # Quizzes
    (r"not valid YAML(?: \(line (?P<n>\d+)\))?", "YAML invalide{where}"),
    (r"the body must be a YAML mapping with id, question and choices",
     "le corps doit être un dictionnaire YAML avec id, question et choices"),
    (r"needs an `id` of lower-case letters, digits and hyphens",
     "il faut un `id` fait de minuscules, de chiffres et de tirets"),
    (r"quiz `(?P<q>.*)` has no question", "le quiz `{q}` n'a pas de question"),
    (r"quiz `(?P<q>.*)`: type must be single or multiple, not (?P<t>.*)",
     "quiz `{q}` : le type doit être single ou multiple, pas {t}"),
    (r"quiz `(?P<q>.*)` needs at least two choices",
     "le quiz `{q}` a besoin d'au moins deux choix"),
    (r"quiz `(?P<q>.*)`: choice (?P<n>\d+) has no text",
     "quiz `{q}` : le choix {n} n'a pas de texte"),
    (r"quiz `(?P<q>.*)`: choice (?P<n>\d+): correct must be true or false",
     "quiz `{q}` : choix {n} : correct doit valoir true ou false"),
    (r"quiz `(?P<q>.*)`: choice (?P<n>\d+) has no feedback",
     "quiz `{q}` : le choix {n} n'a pas de retour"),
    (r"quiz `(?P<q>.*)` has no right answer among its choices",
     "le quiz `{q}` n'a aucune bonne réponse parmi ses choix"),
    (r"quiz `(?P<q>.*)` is single-answer but has (?P<n>\d+) right answers",
     "le quiz `{q}` attend une seule réponse mais en a {n} bonnes"),
    (r"the right answer is choice (?P<n>\d+) in (?P<c>\d+) of the page's (?P<t>\d+) "
     r"single-answer quizzes",
     "la bonne réponse est le choix {n} dans {c} des {t} quiz à réponse unique de la page"),
    (r"quiz `(?P<q>.*)` lists the same choice twice",
     "le quiz `{q}` cite deux fois le même choix"),
    # Quiz item writing (numbers in groups named num… take a decimal comma)
    (r"quiz `(?P<q>.*)`: the right answer is the longest choice \((?P<a>\d+) characters; "
     r"the longest other choice has (?P<b>\d+)\)",
     "quiz `{q}` : la bonne réponse est le choix le plus long ({a} caractères ; le plus "
     "long des autres en a {b})"),
    (r"quiz `(?P<q>.*)`: the choices range from (?P<a>\d+) to (?P<b>\d+) characters",
     "quiz `{q}` : les choix vont de {a} à {b} caractères"),
    (r"quiz `(?P<q>.*)`: choice (?P<c>\d+) is an \"all/none of the above\" option: "
     r"(?P<t>.*)",
     "quiz `{q}` : le choix {c} est un choix « toutes ces réponses » ou « aucune de ces "
     "réponses » : {t}"),
    (r"quiz `(?P<q>.*)`: absolute words \((?P<w>.*)\) appear in (?P<c>\d+) wrong choices "
     r"and in no right one",
     "quiz `{q}` : des mots absolus ({w}) figurent dans {c} mauvais choix et dans aucun bon"),
    (r"quiz `(?P<q>.*)`: the question's negation \"(?P<w>.*)\" is not emphasised "
     r"\(\*\*…\*\* or capitals\)",
     "quiz `{q}` : la négation « {w} » de la question n'est pas mise en évidence (**…** "
     "ou capitales)"),
    (r"quiz `(?P<q>.*)`: the right answer repeats (?P<a>\d+) words of the question, the "
     r"other choices at most (?P<b>\d+)",
     "quiz `{q}` : la bonne réponse reprend {a} mots de la question, les autres choix au "
     "plus {b}"),
    (r"quiz `(?P<q>.*)`: choices (?P<a>\d+) and (?P<b>\d+) are the same once case, "
     r"accents, punctuation and spaces are set aside",
     "quiz `{q}` : les choix {a} et {b} sont identiques aux majuscules, accents, "
     "ponctuation et espaces près"),
    (r"quiz `(?P<q>.*)`: two choices, but the question is not a yes/no or true/false one",
     "quiz `{q}` : deux choix, mais la question n'est pas de type oui/non ou vrai/faux"),
    *((rf"{english} is right in (?P<num_r>[\d.]+) of (?P<t>\d+) questions "
       r"\((?P<s>\d+) %; the limit is (?P<l>\d+) %\)",
       f"{french} est juste dans {{num_r}} des {{t}} questions ({{s}} % ; la limite est "
       "{l} %)") for english, french in (
        ("the longest choice", "le choix le plus long"),
        (r"choice (?P<p>\d+)", "le choix {p}"),
        ("the choice sharing most words with the question",
         "le choix qui reprend le plus de mots de la question"))),
    *((rf"picking {english} every time reaches the pass mark \((?P<m>\d+) %\) in "
       r"(?P<num_c>[\d.]+) % of draws of (?P<d>\d+) questions \(the limit is "
       r"(?P<num_l>[\d.]+) %\)",
       f"prendre à chaque fois {french} atteint le seuil de réussite ({{m}} %) dans "
       "{num_c} % des tirages de {d} questions (la limite est {num_l} %)")
      for english, french in (
        ("the longest choice", "le choix le plus long"),
        (r"choice (?P<p>\d+)", "le choix {p}"),
        ("the choice sharing most words with the question",
         "le choix qui reprend le plus de mots de la question"))),
    # Pages
    (r"no verdict within (?P<n>[\d.]+) s; the browser was replaced",
     "aucun verdict en {n} s ; le navigateur a été remplacé"),
    (r"browser failed twice: (?P<e>.*)", "le navigateur a échoué deux fois : {e}"),
    (r"within (?P<n>[\d.]+) s only part of the page was checked: (?P<done>.*); not "
     r"finished: (?P<left>.*)",
     "en {n} s, la page n'a été vérifiée qu'en partie : {done} ; pas terminé : {left}"),
    (r"(?P<n>\d+) page\(s\) load (?P<lib>.*?) from (?P<u>.*): checked without it "
     r"\((?P<p>.*?)(?:, and (?P<more>\d+) more)?\)",
     "{n} page(s) chargent {lib} depuis {u} : vérifiées sans ({p}{more})"),
    (r"the page left its document for (?P<u>.*); it was not checked",
     "la page a quitté son document pour {u} ; elle n'a pas été vérifiée"),
    (r"on load the page tried: (?P<what>.*); blocked, and the page was checked",
     "au chargement, la page a tenté : {what} ; bloqué, et la page a été vérifiée"),
    (r"not an HTML document", "pas un document HTML"),
    (r'the link text "(?P<t>.*)" does not say where it leads',
     "l'intitulé de lien « {t} » ne dit pas où il mène"),
    (r"reached with Tab, the element looks the same as without focus",
     "atteint avec Tab, l'élément a la même apparence que sans focus"),
    (r"Tab cannot move the focus out of (?P<n>\d+) element\(s\): (?P<e>.*)",
     "Tab ne peut pas faire sortir le focus de {n} élément(s) : {e}"),
    (r"a media element plays sound on its own for more than 3 seconds, with no way to "
     r"stop it",
     "un média joue du son tout seul pendant plus de 3 secondes, sans moyen de l'arrêter"),
    (r"this header cell heads no cell of its table",
     "cette cellule d'en-tête n'est l'en-tête d'aucune cellule de son tableau"),
    (r'"(?P<t>.*)" also names a link in the same context that leads to different content',
     "« {t} » nomme aussi un lien du même contexte qui mène à un autre contenu"),
    (r"the text is at best (?P<b>\d+)\.(?P<bd>\d+):1 against the image or gradient "
     r"behind it, below 4\.5:1",
     "le texte atteint au mieux {b},{bd}:1 contre l'image ou le dégradé derrière lui, "
     "moins que 4,5:1"),
    (r"the text is at best (?P<b>\d+)\.(?P<bd>\d+):1 against the image or gradient "
     r"behind it, below 3:1",
     "le texte (en grands caractères) atteint au mieux {b},{bd}:1 contre l'image ou le "
     "dégradé derrière lui, moins que 3:1"),
    (r"the page opens with links and offers no way past them: no main landmark, no "
     r"heading, no link to a place in the page",
     "la page commence par des liens sans moyen de les passer : ni zone principale, ni "
     "titre, ni lien vers un endroit de la page"),
    (r"the focus rests on this element, hidden from assistive technologies "
     r"\(aria-hidden\)",
     "le focus s'arrête sur cet élément, caché aux technologies d'assistance "
     "(aria-hidden)"),
    (r"this (?P<r>combobox|scrollbar)'s aria-controls \(\"(?P<ids>.*)\"\) names no element "
     r"of its document",
     "l'attribut aria-controls (« {ids} ») de cet élément ({r}) ne nomme aucun élément "
     "de son document"),
    (r'the frame title "(?P<t>.*)" also names a frame with different content',
     "le titre de cadre « {t} » nomme aussi un cadre au contenu différent"),
    (r'declared "(?P<d>.*)", but its text is in "(?P<w>.*)"',
     "déclaré « {d} », mais son texte est en « {w} »"),
    (r"at 200 % text size, this box cuts off its text \(overflow hidden with a fixed "
     r"size\)",
     "avec le texte à 200 %, cette boîte coupe son texte (overflow hidden et taille fixe)"),
    (r"at 320 CSS px wide, this element sticks out of the viewport: the page must be "
     r"scrolled sideways to read it",
     "à 320 px CSS de large, cet élément dépasse de l'écran : il faut faire défiler la page "
     "horizontalement pour le lire"),
    (r"with the WCAG text spacing \(line height 1.5, letter 0.12 em, word 0.16 em\), this "
     r"box cuts off its text",
     "avec les espacements de texte du WCAG (interligne 1,5, lettres 0,12 em, mots "
     "0,16 em), cette boîte coupe son texte"),
    # Packages and configuration
    (r"no imsmanifest.xml at the root", "pas d'imsmanifest.xml à la racine"),
    (r"`(?P<n>.*)` is listed but not in the package",
     "`{n}` est listé mais absent du paquet"),
    (r"`(?P<n>.*)` is named by the manifest but not in the package",
     "`{n}` est nommé par le manifeste mais absent du paquet"),
    (r"`(?P<n>.*)` is not listed in the manifest", "`{n}` n'est pas listé dans le manifeste"),
    (r"the ignore of `(?P<r>.*)` expired on (?P<d>[\d-]+) \(reason given: (?P<why>.*)\)",
     "l'exception pour `{r}` a expiré le {d} (raison donnée : {why})"),
))
_VARIANT_WORDS = {"light": "clair", "dark": "sombre"}
_CONTRAST = re.compile(r" \(contrast (?P<r>[\d.]+):1, (?P<fg>\S+) on (?P<bg>\S+); "
                       r"(?P<need>[\d.]+:1) needed\)")
_VARIANTS = re.compile(r" \(((?:light|dark) \d+ px(?:; (?:light|dark) \d+ px)*)\)$")


@lru_cache(maxsize=1)
def _axe_french_help() -> dict[str, str]:
    path = TOOL_DIR / "node_modules" / "axe-core" / "locales" / "fr.json"
    try:
        rules = json.loads(path.read_text(encoding="utf-8"))["rules"]
    except (OSError, ValueError, KeyError):
        return {}
    return {rule_id: entry["help"] for rule_id, entry in rules.items() if "help" in entry}


def _in_french_variants(text: str) -> str:
    """`axe-core in light 320 px` as `axe-core en clair 320 px`."""
    text = re.sub(r"\bin (?=(?:light|dark) \d+ px)", "en ", text)
    for english, french in _VARIANT_WORDS.items():
        text = re.sub(rf"\b{english} (\d+ px)", rf"{french} \1", text)
    return re.sub(r"(?<! ); ", " ; ", text)


def _axe_french(rule_id: str, message: str) -> str:
    """`help: target (variants)` with axe-core's French help and French variant names."""
    variants = _VARIANTS.search(message)
    if variants:
        names = variants.group(1)
        for english, french in _VARIANT_WORDS.items():
            names = names.replace(english, french)
        message = message[:variants.start()] + f" ({names})"
    message = _CONTRAST.sub(lambda m: f" (contraste {m['r'].replace('.', ',')}:1, "
                            f"{m['fg']} sur {m['bg']} ; {m['need'].replace('.', ',')} requis)",
                            message)
    french = _axe_french_help().get(rule_id.removeprefix(AXE_PREFIX))
    _help, sep, rest = message.partition(": ")
    return f"{french}{sep}{rest}" if french and sep else message


def translated(message: str, lang: str, rule_id: str = "") -> str:
    """`message` in `lang`; English, and any message without a translation, as written."""
    if lang != "fr":
        return message
    if rule_id.startswith(AXE_PREFIX):
        return _axe_french(rule_id, message)
    for pattern, french in _FRENCH:
        if match := pattern.fullmatch(message):
            values = {k: (v or "").replace(".", ",") if k.startswith("num") else v or ""
                      for k, v in match.groupdict().items()}
            values["where"] = f" (ligne {values['n']})" if values.get("n") else ""
            if values.get("more"):
                values["more"] = f", et {values['more']} autres"
            return _in_french_variants(french.format(**values))
    return message
