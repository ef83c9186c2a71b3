/* Exercises and code cells run in the learner's browser (Pyodide in a Web Worker, served
 * by the site). Nothing loads until a learner presses a button; then Python is loaded
 * once and reused by the page. Results go to a live region, with French explanations of
 * the usual mistakes instead of tracebacks. Answers are kept in this browser. */
(function () {
  "use strict";
  var data = document.getElementById("caire-cells");
  if (!data) { return; }
  var cells = JSON.parse(data.textContent);
  var script = document.currentScript;
  var staticBase = script ? script.src.replace(/[^/]*$/, "") : "_static/";
  var ANSWERS = "caire-answers-v1";
  var worker = null, pending = {}, nextId = 1, loaded = false;
  var executed = {};
  var busy = false;

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
    try {
      var progress = JSON.parse(window.localStorage.getItem("caire-progress-v1") || "{}");
      return !!(progress.exercises && progress.exercises[id]);
    } catch (e) { return false; }
  }

  function python(code, filename) {
    if (!worker) {
      worker = new Worker(staticBase + "caire-python-worker.js");
      worker.onmessage = function (event) {
        var done = pending[event.data.id];
        delete pending[event.data.id];
        if (done) { done(event.data); }
      };
    }
    var id = nextId++;
    return new Promise(function (resolve) {
      pending[id] = resolve;
      worker.postMessage({ id: id, code: code, filename: filename });
    });
  }

  // IPython-only lines (%magic, !shell) mean nothing here.
  function runnable(code) {
    return code.split("\n").filter(function (line) {
      return !/^\s*[%!]/.test(line);
    }).join("\n");
  }

  function cellCode(cell) {
    if (cell.kind === "exercise") {
      var answers = storedAnswers();
      return passed(cell.id) && answers[cell.id] ? answers[cell.id] : cell.solution;
    }
    return cell.source;
  }

  // The chapter's earlier code cells run first, in order, once per page.
  function runBefore(index) {
    var earlier = cells.filter(function (c) {
      return c.cell < index && !executed[c.cell] && !c.skip && c.kind !== "tests";
    });
    return earlier.reduce(function (chain, cell) {
      return chain.then(function (failure) {
        if (failure) { return failure; }
        executed[cell.cell] = true;
        return python(runnable(cellCode(cell)), "cellule-" + cell.cell).then(function (reply) {
          if (reply.failure) { return reply.failure; }
          if (reply.result.error && !cell.raises) {
            return "la cellule " + cell.cell + " du chapitre, qui prépare celle-ci, s’est " +
              "arrêtée sur une erreur " + reply.result.error.ename + ".";
          }
          return null;
        });
      });
    }, Promise.resolve(null));
  }

  function hasDecimalComma(code) {
    var withoutStrings = code.replace(/(["'])(?:\\.|(?!\1).)*\1/g, "\"\"");
    return /\d,\d/.test(withoutStrings);
  }

  function explain(error, code) {
    var line = error.line ? " (ligne " + error.line + ")" : "";
    var text;
    switch (error.ename) {
      case "NameError":
        var name = error.name || (/'([^']+)'/.exec(error.evalue) || [])[1] || "?";
        text = "Python ne connaît pas le mot « " + name + " »" + line + ". S’il s’agit " +
          "d’un texte, écrivez-le entre guillemets : \"" + name + "\".";
        break;
      case "SyntaxError":
        text = "Python ne comprend pas la ligne " + (error.line || "?") + " : vérifiez " +
          "les guillemets (ouverts et fermés), les parenthèses et les deux-points.";
        break;
      case "TypeError":
      case "AttributeError":
        text = "Une valeur n’a pas le type attendu" + line + " : un nombre là où il faut " +
          "un texte, ou l’inverse. \"3\" entre guillemets est un texte, 3 est un nombre.";
        break;
      case "ZeroDivisionError":
        text = "Une division par zéro" + line + " : vérifiez le nombre par lequel vous divisez.";
        break;
      case "NotImplementedError":
        text = "Remplacez les ... par votre réponse.";
        break;
      case "AssertionError":
        text = "Pas encore : " + (error.evalue || "votre réponse ne passe pas les tests.");
        break;
      default:
        text = "Le code s’est arrêté sur une erreur " + error.ename + line + ".";
    }
    if (hasDecimalComma(code)) {
      text = "Pour un nombre à virgule, Python utilise un point : écrivez 0.5 et non 0,5. " +
        text;
    }
    return text;
  }

  function show(region, message, result, alt) {
    region.textContent = "";
    var paragraph = document.createElement("p");
    paragraph.textContent = message;
    region.appendChild(paragraph);
    if (result && result.stdout) {
      var output = document.createElement("pre");
      output.className = "caire-output";
      output.textContent = result.stdout;
      region.appendChild(output);
    }
    (result && result.figures || []).forEach(function (png, i) {
      var image = document.createElement("img");
      image.src = "data:image/png;base64," + png;
      image.alt = alt || ("Figure " + (i + 1) + " produite par le code");
      region.appendChild(image);
    });
  }

  function loading(region) {
    if (!loaded) {
      show(region, "Chargement de Python… (la première fois, quelques secondes)", null);
    } else {
      show(region, "Exécution…", null);
    }
  }

  function exclusive(action) {
    return function () {
      if (busy) { return; }
      busy = true;
      action().then(function () { loaded = true; busy = false; },
                    function () { busy = false; });
    };
  }

  function checkExercise(box, cell) {
    var region = box.querySelector(".caire-result");
    var answer = box.querySelector("textarea").value;
    var tests = cells.filter(function (c) { return c.kind === "tests" && c.exercise === cell.cell; });
    loading(region);
    return runBefore(cell.cell).then(function (failure) {
      if (failure) { show(region, "Impossible de vérifier : " + failure, null); return; }
      executed[cell.cell] = true;
      return python(runnable(answer), "votre-reponse").then(function (reply) {
        if (reply.failure) { show(region, "Python n’a pas pu démarrer : " + reply.failure); return; }
        if (reply.result.error) { show(region, explain(reply.result.error, answer), reply.result); return; }
        var printed = reply.result;
        return tests.reduce(function (chain, test) {
          return chain.then(function (error) {
            if (error) { return error; }
            return python(runnable(test.source), "tests").then(function (r) {
              if (r.failure) { return { ename: "Error", evalue: r.failure }; }
              var error = r.result.error;
              // A line of the tests' code would point the learner to the wrong place.
              if (error) { error.line = null; }
              return error;
            });
          });
        }, Promise.resolve(null)).then(function (error) {
          if (error) { show(region, explain(error, answer), printed, cell.alt); return; }
          show(region, "Bravo : votre réponse passe les tests.", printed, cell.alt);
          if (window.caireProgress) { window.caireProgress.passExercise(cell.id); }
          storeAnswer(cell.id, answer);
          box.dispatchEvent(new CustomEvent("caire:exercise", {
            bubbles: true, detail: { id: cell.id, correct: true }
          }));
        });
      });
    });
  }

  function runCell(panel, cell) {
    var region = panel.querySelector(".caire-result");
    var code = panel.querySelector("textarea").value;
    loading(region);
    return runBefore(cell.cell).then(function (failure) {
      if (failure) { show(region, "Impossible d’exécuter : " + failure, null); return; }
      executed[cell.cell] = true;
      return python(runnable(code), "cellule-" + cell.cell).then(function (reply) {
        if (reply.failure) { show(region, "Python n’a pas pu démarrer : " + reply.failure); return; }
        var error = reply.result.error;
        var alt = cell.alt || ("Figure produite par le code de la cellule " + cell.cell);
        show(region, error ? explain(error, code) : "Exécuté.", reply.result, alt);
      });
    });
  }

  function reset(box, textarea) {
    textarea.value = textarea.getAttribute("data-original");
    return textarea;
  }

  function byCell(index) {
    return cells.filter(function (c) { return c.cell === index; })[0];
  }

  document.querySelectorAll(".caire-exercise").forEach(function (box) {
    var cell = byCell(parseInt(box.getAttribute("data-cell"), 10));
    var textarea = box.querySelector("textarea");
    var kept = storedAnswers()[cell.id];
    if (kept) { textarea.value = kept; }
    textarea.addEventListener("input", function () { storeAnswer(cell.id, textarea.value); });
    var check = box.querySelector(".caire-check"), again = box.querySelector(".caire-reset");
    check.hidden = again.hidden = false;
    check.addEventListener("click", exclusive(function () { return checkExercise(box, cell); }));
    again.addEventListener("click", function () {
      storeAnswer(cell.id, null);
      reset(box, textarea).focus();
      show(box.querySelector(".caire-result"), "Réponse réinitialisée.", null);
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
    panel.querySelector(".caire-run-go").addEventListener("click",
      exclusive(function () { return runCell(panel, cell); }));
    panel.querySelector(".caire-reset").addEventListener("click", function () {
      reset(panel, textarea).focus();
    });
  });
})();
