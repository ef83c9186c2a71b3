/* Exercises and code cells run in the learner's browser (Pyodide in a Web Worker, served
 * by the site). Nothing loads until a learner presses a button. Every check is a clean
 * run (caire_runner.py): the earlier cells the code needs, the learner's code, the tests,
 * in a namespace that holds nothing of earlier tries. A run that goes on too long, or
 * that the learner stops, ends the worker; the next run starts a new one. Results go to
 * a live region, with French explanations of the usual mistakes instead of tracebacks.
 * Answers are kept in this browser. */
(function () {
  "use strict";
  var data = document.getElementById("caire-cells");
  if (!data) { return; }
  if (window.CAIRE_NO_PYTHON) {
    // A package exported without Python: say so where the buttons would be.
    document.querySelectorAll(".caire-exercise").forEach(function (box) {
      var note = document.createElement("p");
      note.className = "caire-no-python";
      note.textContent = "Dans cette version du module, le code ne s’exécute pas\u00a0: " +
        "comparez votre réponse à la solution («\u00a0Voir la solution\u00a0», ci-dessous).";
      box.insertBefore(note, box.querySelector(".caire-result"));
    });
    return;
  }
  var cells = JSON.parse(data.textContent);
  var limit = parseFloat(data.getAttribute("data-time-limit")) || 10;
  var script = document.currentScript;
  var staticBase = script ? script.src.replace(/[^/]*$/, "") : "_static/";
  var ANSWERS = (window.CAIRE_STORAGE || "") + "caire-answers-v1";
  var worker = null, nextId = 1, current = null;

  function storedAnswers() {
    try { return JSON.parse(window.localStorage.getItem(ANSWERS) || "{}") || {}; }
    catch (e) { return {}; }
  }
  function storeAnswer(id, text) {
    var answers = storedAnswers();
    if (text === null) { delete answers[id]; } else { answers[id] = text; }
    try { window.localStorage.setItem(ANSWERS, JSON.stringify(answers)); }
    catch (e) { /* storage disabled: the exercise still works */ }
  }
  function passed(id) {
    return !!(window.caireProgress && window.caireProgress.exercisePassed(id));
  }

  function megabytes(bytes) {
    return (bytes / 1e6).toFixed(1).replace(".", ",") + "\u00a0Mo";
  }

  /* One run at a time per page. `ui` shows it: {region, progress, stop}. Resolves with
   * the worker's reply, or {stopped: "time" | "learner"}. */
  function execute(job, ui) {
    if (!worker) {
      worker = new Worker(staticBase + "caire-python-worker.js");
      worker.onmessage = function (event) {
        if (current && event.data.id === current.id) { current.hear(event.data); }
      };
    }
    return new Promise(function (resolve) {
      var run = { id: nextId++, timer: null, announced: false, ui: ui.region };
      function finish(outcome) {
        window.clearTimeout(run.timer);
        current = null;
        ui.progress.hidden = true;
        if (document.activeElement === ui.stop) { ui.start.focus(); }  // never lost
        ui.stop.hidden = true;
        resolve(outcome);
      }
      run.stopNow = function (reason) {
        worker.terminate();  // the only way to stop Python running in a worker
        worker = null;
        finish({ stopped: reason });
      };
      run.hear = function (message) {
        if (message.type === "progress") {
          if (!run.announced) {
            run.announced = true;
            say(ui.region, "Chargement de Python et des modules de cet exercice (" +
                megabytes(message.total) + ")…");
          }
          ui.progress.hidden = false;
          ui.progress.querySelector("progress").max = message.total;
          ui.progress.querySelector("progress").value = message.loaded;
          ui.progress.querySelector("span").textContent =
            megabytes(message.loaded) + " sur " + megabytes(message.total);
        } else if (message.type === "preparing" || message.type === "step") {
          ui.progress.hidden = true;
          window.clearTimeout(run.timer);
          if (message.timed) {
            run.timer = window.setTimeout(function () { run.stopNow("time"); }, limit * 1000);
          }
        } else if (message.type === "done") {
          finish(message);
        }
      };
      current = run;
      ui.stop.hidden = false;
      worker.postMessage({ id: run.id, job: job });
    });
  }

  // IPython-only lines (%magic, !shell) mean nothing here.
  function runnable(code) {
    return code.split("\n").filter(function (line) {
      return !/^\s*[%!]/.test(line);
    }).join("\n");
  }

  // The code cells before `index`, as a fresh page would run them: exercises with their
  // solution, whatever the learner tried there.
  function earlierCells(index) {
    return cells.filter(function (c) { return c.cell < index && !c.skip; })
      .map(function (c) {
        return { cell: c.cell, raises: !!c.raises,
                 code: runnable(c.kind === "exercise" ? c.solution : c.source) };
      });
  }

  // French spacing in the tests' hints, as the build does for the page's text.
  function frenchSpacing(text) {
    return text.replace(/(\S)[ \u00a0]+([;!?])/g, "$1\u202f$2")
      .replace(/(\S)[ \u202f]+:(\s|$)/g, "$1\u00a0:$2")
      .replace(/«[ \u202f]+/g, "«\u00a0").replace(/[ \u202f]+»/g, "\u00a0»");
  }

  function withoutStrings(code) {
    return code.replace(/(["'])(?:\\.|(?!\1).)*\1/g, "\"\"");
  }

  function explainError(error, code) {
    var line = error.line ? " (ligne " + error.line + ")" : "";
    switch (error.ename) {
      case "NameError":
        var name = error.name || (/'([^']+)'/.exec(error.evalue) || [])[1] || "?";
        if (new RegExp("(^|\\W)" + name + "\\s*==").test(code)) {
          return "Pour donner une valeur, écrivez un seul signe =\u00a0: «\u00a0" + name +
            " = …\u00a0» (deux signes == servent à comparer).";
        }
        return "Python ne connaît pas le mot «\u00a0" + name + "\u00a0»" + line + ". S’il " +
          "s’agit d’un texte, écrivez-le entre guillemets droits\u00a0: \"" + name + "\".";
      case "SyntaxError":
        if (/[«“]\s*-?\d+([.,]\d+)?\s*[»”]/.test(code)) {
          return "Un nombre s’écrit sans guillemets\u00a0: retirez les guillemets «\u00a0»" +
            " ou “\u00a0” de la ligne " + (error.line || "?") + ", par exemple 9 et non «\u00a09\u00a0».";
        }
        if (/[«»“”„‘’]/.test(withoutStrings(code))) {
          return "Python n’accepte que les guillemets droits \"\u00a0: remplacez les " +
            "guillemets «\u00a0»,\u00a0“\u00a0” ou ’ de la ligne " + (error.line || "?") +
            " par des guillemets droits (touche 3 du clavier AZERTY), par exemple " +
            "\"confidentiel\".";
        }
        return "Python ne comprend pas la ligne " + (error.line || "?") + "\u00a0: vérifiez " +
          "les guillemets (ouverts et fermés), les parenthèses et les deux-points.";
      case "TypeError":
      case "AttributeError":
        return "Une valeur n’a pas le type attendu" + line + "\u00a0: un nombre là où il " +
          "faut un texte, ou l’inverse. \"3\" entre guillemets est un texte, 3 est un nombre.";
      case "ZeroDivisionError":
        return "Une division par zéro" + line + "\u00a0: vérifiez le nombre par lequel vous " +
          "divisez.";
      case "NotImplementedError":
        return "Remplacez les ... par votre réponse.";
      case "AssertionError":
        var hint = frenchSpacing(error.evalue || "votre réponse ne passe pas les tests.");
        // A hint that already says "not yet" needs no second prefix.
        if (/^(Pas encore|Pas tout à fait)/.test(hint)) { return hint; }
        // After a colon, French goes on in lower case (but for "Python", "IA"…).
        return "Pas encore\u00a0: " + (/^(Python|[A-ZÀ-Ý]{2,})\b/.test(hint) ? hint
          : hint.charAt(0).toLowerCase() + hint.slice(1));
      case "ValueError":
      case "OverflowError":
      case "FloatingPointError":
        return "Le calcul n’aboutit pas avec cette valeur" + line + "\u00a0: essayez une valeur " +
          "moins extrême, par exemple un nombre entre 0 et 1 ou un entier simple.";
      default:
        return "Le code s’est arrêté sur une erreur " + error.ename + line + ".";
    }
  }

  // What went wrong with an answer, in the learner's terms: the shape of the answer
  // first (empty, a bare value, a renamed variable), then the error itself.
  function explainAnswer(failing, facts, answer) {
    var text;
    var expected = facts && facts.missing.length ? facts.missing[0] : null;
    if (!failing.answer && expected && facts.empty) {
      text = "Votre réponse est vide\u00a0: écrivez «\u00a0" + expected + " =\u00a0» suivi " +
        "de votre réponse, à la place des ...";
    } else if (!failing.answer && expected && facts.bare) {
      text = "Votre réponse est une valeur seule\u00a0: gardez le début de la ligne, «\u00a0" +
        expected + " =\u00a0», et écrivez votre valeur après le signe =, par exemple " +
        expected + " = " + answer.trim().split("\n")[0] + ".";
    } else if (!failing.answer && expected && facts.extra.length) {
      text = "Votre réponse définit «\u00a0" + facts.extra[0] + "\u00a0» au lieu de «\u00a0" +
        expected + "\u00a0»\u00a0: gardez le nom de la ligne de départ, tel quel, et ne " +
        "changez que la valeur.";
    } else if (!failing.answer && expected) {
      text = "Votre réponse ne définit plus «\u00a0" + expected + "\u00a0»\u00a0: gardez la " +
        "ligne «\u00a0" + expected + " = …\u00a0» et remplacez seulement les ...";
    } else {
      var error = failing.error;
      // A line of the tests' code would point the learner to the wrong place.
      if (!failing.answer) { error.line = null; }
      text = explainError(error, answer);
    }
    if (/\d,\d/.test(withoutStrings(answer)) && text.indexOf("virgule") < 0) {
      text = "Pour un nombre à virgule, Python utilise un point\u00a0: écrivez 0.5 et non " +
        "0,5. " + text;
    }
    return text;
  }

  function say(region, message) {
    region.textContent = "";
    var paragraph = document.createElement("p");
    paragraph.textContent = message;
    region.appendChild(paragraph);
  }

  function show(region, message, results, alt) {
    say(region, message);
    var printed = results.map(function (r) { return r.stdout; }).join("");
    if (printed) {
      var output = document.createElement("pre");
      output.className = "caire-output";
      output.textContent = printed;
      region.appendChild(output);
    }
    var figures = [];
    results.forEach(function (r) { figures = figures.concat(r.figures || []); });
    figures.forEach(function (png, i) {
      var box = document.createElement("div");
      box.className = "caire-figure";
      var image = document.createElement("img");
      image.alt = alt || ("Figure " + (i + 1) + " produite par le code");
      // At its natural size, readable; a narrow screen scrolls the box, not the page.
      image.addEventListener("load", function () {
        if (box.scrollWidth > box.clientWidth + 1) {
          box.tabIndex = 0;
          box.setAttribute("role", "group");
          box.setAttribute("aria-label", "Figure " + (i + 1) +
                           ", plus large que l’écran\u00a0: faites-la défiler");
        }
      });
      image.src = "data:image/png;base64," + png;
      box.appendChild(image);
      region.appendChild(box);
    });
  }

  function explainStop(outcome) {
    if (outcome.stopped === "time") {
      return "Exécution arrêtée\u00a0: le code tournait encore après " +
        String(limit).replace(".", ",") + "\u00a0secondes. Le plus souvent, c’est une boucle " +
        "qui ne s’arrête jamais (par exemple «\u00a0while True\u00a0»)\u00a0: vérifiez votre " +
        "code, puis relancez. Les autres exercices de la page fonctionnent toujours.";
    }
    return "Exécution arrêtée à votre demande. Vous pouvez modifier le code et relancer.";
  }

  // A run that could not give a verdict: stopped, Python missing, a setup cell broken.
  function notRun(outcome, region) {
    if (outcome.stopped) { say(region, explainStop(outcome)); return true; }
    if (outcome.failure) {
      say(region, "Python n’a pas pu démarrer\u00a0: " + outcome.failure +
          ". Rechargez la page, puis réessayez.");
      return true;
    }
    var broken = outcome.results.filter(function (r) { return r.setup && r.error; })[0];
    var raises = broken && cells.filter(function (c) { return c.cell === broken.cell; })[0];
    if (broken && !(raises && raises.raises)) {
      say(region, "Impossible de terminer\u00a0: la cellule " + broken.cell + " du chapitre, " +
          "qui prépare celle-ci, s’est arrêtée sur une erreur " + broken.error.ename + ".");
      return true;
    }
    return false;
  }

  function busyElsewhere(ui) {
    if (!current) { return false; }
    if (current.ui === ui.region) {
      say(ui.region, "Exécution toujours en cours\u00a0: attendez le résultat ou appuyez sur " +
          "«\u00a0Arrêter\u00a0».");
    } else {
      say(ui.region, "Une autre exécution est en cours sur cette page\u00a0: attendez sa fin " +
          "ou arrêtez-la avec le bouton «\u00a0Arrêter\u00a0».");
    }
    return true;
  }

  function uiOf(box) {
    return { region: box.querySelector(".caire-result"),
             progress: box.querySelector(".caire-progress"),
             stop: box.querySelector(".caire-stop"),
             start: box.querySelector(".caire-check, .caire-run-go") };
  }

  function markPassed(box) {
    box.querySelector(".caire-passed").hidden = false;
  }

  function checkExercise(box, cell) {
    var ui = uiOf(box);
    if (busyElsewhere(ui)) { return; }
    var answer = box.querySelector("textarea").value;
    var tests = cells.filter(function (c) { return c.kind === "tests" && c.exercise === cell.cell; });
    say(ui.region, "Vérification en cours…");
    execute({ earlier: earlierCells(cell.cell), code: runnable(answer), echo: false,
              tests: tests.map(function (t) { return runnable(t.source); }),
              solution: cell.solution, starter: cell.source }, ui).then(function (outcome) {
      if (notRun(outcome, ui.region)) { return; }
      var shown = outcome.results.filter(function (r) { return !r.setup; });
      var failing = shown.filter(function (r) { return r.error; })[0];
      if (failing) {
        show(ui.region, explainAnswer(failing, outcome.facts, answer), shown, cell.alt);
        return;
      }
      show(ui.region, "Bravo\u00a0: votre réponse passe les tests.", shown, cell.alt);
      if (window.caireProgress) { window.caireProgress.passExercise(cell.id); }
      storeAnswer(cell.id, answer);
      markPassed(box);
      box.dispatchEvent(new CustomEvent("caire:exercise", {
        bubbles: true, detail: { id: cell.id, correct: true }
      }));
    });
  }

  function runCell(panel, cell) {
    var ui = uiOf(panel);
    if (busyElsewhere(ui)) { return; }
    var textarea = panel.querySelector("textarea");
    var code = textarea.value;
    var edited = code !== textarea.getAttribute("data-original");
    // The cell's own alt text describes the course's figure, not one drawn from edits.
    var alt = edited ? "Figure redessinée à partir de votre version modifiée du code." +
      (cell.alt ? " Avec le code d’origine, elle montrait\u00a0: " + cell.alt : "")
      : cell.alt || "Figure produite par le code de la cellule";
    say(ui.region, "Exécution en cours…");
    execute({ earlier: earlierCells(cell.cell), code: runnable(code), echo: true, tests: [] },
            ui).then(function (outcome) {
      if (notRun(outcome, ui.region)) { return; }
      var shown = outcome.results.filter(function (r) { return !r.setup; });
      var error = shown.length && shown[0].error;
      show(ui.region, error ? explainError(error, code) : "Exécuté.", shown, alt);
    });
  }

  function stopButton(box) {
    box.querySelector(".caire-stop").addEventListener("click", function () {
      if (current) { current.stopNow("learner"); }
      var first = box.querySelector(".caire-check, .caire-run-go");
      if (first) { first.focus(); }  // the Stop button hides: keep the focus in the box
    });
  }

  function byCell(index) {
    return cells.filter(function (c) { return c.cell === index; })[0];
  }

  document.querySelectorAll(".caire-exercise").forEach(function (box) {
    var cell = byCell(parseInt(box.getAttribute("data-cell"), 10));
    var textarea = box.querySelector("textarea");
    var kept = storedAnswers()[cell.id];
    if (kept) { textarea.value = kept; }
    if (passed(cell.id)) { markPassed(box); }
    textarea.addEventListener("input", function () { storeAnswer(cell.id, textarea.value); });
    var check = box.querySelector(".caire-check"), again = box.querySelector(".caire-reset");
    check.hidden = again.hidden = false;
    check.addEventListener("click", function () { checkExercise(box, cell); });
    stopButton(box);
    again.addEventListener("click", function () {
      storeAnswer(cell.id, null);
      textarea.value = textarea.getAttribute("data-original");
      textarea.focus();
      say(box.querySelector(".caire-result"), "Réponse réinitialisée.");
    });
  });

  document.querySelectorAll(".caire-run").forEach(function (box) {
    var cell = byCell(parseInt(box.getAttribute("data-cell"), 10));
    var open = box.querySelector(".caire-run-open"), panel = box.querySelector(".caire-run-panel");
    var textarea = panel.querySelector("textarea");
    open.hidden = false;
    open.addEventListener("click", function () {
      var expanded = open.getAttribute("aria-expanded") === "true";
      open.setAttribute("aria-expanded", String(!expanded));
      panel.hidden = expanded;
      if (!expanded) { textarea.focus(); }
    });
    panel.querySelector(".caire-run-go").addEventListener("click", function () {
      runCell(panel, cell);
    });
    stopButton(panel);
    panel.querySelector(".caire-reset").addEventListener("click", function () {
      textarea.value = textarea.getAttribute("data-original");
      textarea.focus();
    });
  });
})();
