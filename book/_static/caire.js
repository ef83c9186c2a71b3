/* Course behaviour: self-check quizzes and progress kept on this device only.
 * Progress lives in localStorage (no server, no tracking); the page works without it. */
(function () {
  "use strict";
  // In an LMS the SCORM runtime sets a prefix per learner (window.CAIRE_STORAGE), so that
  // learners sharing a computer never see each other's answers.
  var PREFIX = window.CAIRE_STORAGE || "";
  var STORE = PREFIX + "caire-progress-v1";

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      if (!data || typeof data !== "object") { data = {}; }
      data.quizzes = data.quizzes || {};
      data.exercises = data.exercises || {};
      data.choices = data.choices || {};
      return data;
    } catch (e) {
      return { quizzes: {}, exercises: {}, choices: {} };
    }
  }

  function save(data) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(data));
    } catch (e) {
      /* private browsing or storage disabled: the quiz still works */
    }
  }

  /* Re-announce the same text too: empty the live region, then fill it. */
  function announce(region, text) {
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function chosenOf(form) {
    var chosen = [];
    // Choices may be shown in another order: each input's value is its index in the quiz.
    form.querySelectorAll("input").forEach(function (input) {
      if (input.checked) { chosen.push(parseInt(input.value, 10)); }
    });
    return chosen.sort(function (a, b) { return a - b; });
  }

  function isMultiple(form) {
    return !!form.querySelector("input[type=checkbox]");
  }

  /* A question's score for `chosen`, as Moodle scores a multiple choice: with k right
   * options out of n, each right one ticked counts 1/k, each wrong one -1/(n-k), and the
   * sum stays between 0 and 1; a single-answer question is 1 or 0. */
  function scoreOf(form, chosen) {
    var answers = JSON.parse(form.getAttribute("data-answers"));
    var right = answers.filter(function (a) { return a.correct; }).length;
    var wrong = answers.length - right;
    if (!isMultiple(form)) { return chosen.length === 1 && answers[chosen[0]].correct ? 1 : 0; }
    var sum = chosen.reduce(function (total, i) {
      return total + (answers[i].correct ? 1 / right : wrong ? -1 / wrong : 0);
    }, 0);
    return Math.round(10000 * Math.min(1, Math.max(0, sum))) / 10000;
  }

  // French decimals: 7,5 ; at most two decimals.
  function decimal(value) {
    return String(Math.round(value * 100) / 100).replace(".", ",");
  }

  function points(value) {
    return decimal(value) + (value >= 2 ? " points" : " point");
  }

  function inFinal(form) {
    return !!finalQuiz && finalQuiz.drawn.indexOf(form.getAttribute("data-quiz")) >= 0;
  }

  /* The verdict and feedback of `chosen` for a quiz, shown in its form; `quiet` (a
   * reload putting back earlier answers) shows it without announcing it. */
  function verdict(form, chosen, quiet) {
    var answers = JSON.parse(form.getAttribute("data-answers"));
    var wrong = chosen.some(function (i) { return !answers[i].correct; });
    var missing = answers.some(function (a, i) { return a.correct && chosen.indexOf(i) < 0; });
    var feedback = chosen.map(function (i) { return answers[i].feedback; }).join(" ");
    var right = !wrong && !missing;
    var text = (right ? "Bonne réponse. " : "Pas tout à fait. ") + feedback;
    if (!wrong && missing) { text += " Il manque au moins une bonne réponse."; }
    if (isMultiple(form) && inFinal(form)) {
      text += " Cette réponse vaut " + points(scoreOf(form, chosen)) + " sur 1.";
    }
    form.classList.toggle("caire-quiz-right", right);
    form.classList.toggle("caire-quiz-wrong", !right);
    var region = form.querySelector(".caire-quiz-feedback");
    if (quiet) { region.textContent = text; } else { announce(region, text); }
    return right;
  }

  function checkQuiz(form) {
    var chosen = chosenOf(form);
    if (!chosen.length) {
      announce(form.querySelector(".caire-quiz-feedback"),
               "Choisissez une réponse avant de vérifier.");
      return;
    }
    var id = form.getAttribute("data-quiz");
    var right = verdict(form, chosen, false);
    var score = scoreOf(form, chosen);
    // Other scripts (the SCORM runtime in an LMS) follow the learner's answers.
    form.dispatchEvent(new CustomEvent("caire:quiz", {
      bubbles: true, detail: { id: id, correct: right, chosen: chosen, score: score }
    }));
    if (inFinal(form)) {
      finalAnswer(id, score, chosen);
      return;
    }
    var data = load();
    data.choices[id] = chosen;
    if (right) { data.quizzes[id] = true; }
    save(data);
  }

  function restoreChoices(form, chosen) {
    form.querySelectorAll("input").forEach(function (input) {
      input.checked = chosen.indexOf(parseInt(input.value, 10)) >= 0;
    });
    verdict(form, chosen, true);
  }

  /* Choices are shown in an order of their own for each learner and quiz, the same at
   * every visit: the right answer's place teaches nothing. A random learner key is kept
   * in this browser; without storage the order still differs per quiz. */
  function learnerKey() {
    var KEY = PREFIX + "caire-learner-v1";
    try {
      var key = window.localStorage.getItem(KEY);
      if (!key) {
        key = String(Math.floor(Math.random() * 1e9));
        window.localStorage.setItem(KEY, key);
      }
      return key;
    } catch (e) {
      return "0";
    }
  }

  function seeded(text) {  // FNV-1a, then a small xorshift generator
    var state = 2166136261;
    for (var i = 0; i < text.length; i++) {
      state ^= text.charCodeAt(i);
      state = Math.imul(state, 16777619) >>> 0;
    }
    return function () {
      state ^= state << 13; state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5; state >>>= 0;
      return state / 4294967296;
    };
  }

  function shuffle(items, random) {
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var swap = items[i]; items[i] = items[j]; items[j] = swap;
    }
    return items;
  }

  function shuffleChoices(form, key) {
    var fieldset = form.querySelector("fieldset");
    var choices = Array.prototype.slice.call(fieldset.querySelectorAll(".caire-quiz-choice"));
    shuffle(choices, seeded(key + ":" + form.getAttribute("data-quiz")))
      .forEach(function (choice) { fieldset.appendChild(choice); });
  }

  function resetQuiz(form) {
    form.querySelectorAll("input").forEach(function (input) { input.checked = false; });
    form.classList.remove("caire-quiz-right", "caire-quiz-wrong");
    form.querySelector(".caire-quiz-feedback").textContent = "";
  }

  /* The final quiz is a bank: each attempt shows `data-draw` of its questions, taken from
   * each section (one per chapter) in turn so that every attempt covers the course. The
   * draw depends on the learner's key and the attempt number only: a reload shows the same
   * questions. On the plain site a learner may draw again to practise; in an LMS the SCORM
   * runtime decides (window.caireFinal.use). */
  var finalQuiz = null;

  function drawFinal() {
    var final = finalQuiz;
    var random = seeded(final.key + ":draw:" + final.attempt);
    var groups = [];
    final.forms.forEach(function (form) {
      var section = form.closest("section");
      var group = groups.filter(function (g) { return g.section === section; })[0];
      if (!group) { group = { section: section, forms: [] }; groups.push(group); }
      group.forms.push(form);
    });
    groups.forEach(function (group) { shuffle(group.forms, random); });
    shuffle(groups, random);
    var chosen = [];
    for (var round = 0; chosen.length < final.count; round++) {
      var before = chosen.length;
      groups.forEach(function (group) {
        if (chosen.length < final.count && round < group.forms.length) {
          chosen.push(group.forms[round]);
        }
      });
      if (chosen.length === before) { break; }
    }
    var number = 0;
    final.forms.forEach(function (form) {
      var shown = chosen.indexOf(form) >= 0;
      form.hidden = !shown;
      resetQuiz(form);
      if (shown) {
        number += 1;
        form.querySelector(".caire-quiz-number").textContent =
          "Question " + number + " sur " + chosen.length + "\u00a0: ";
        var name = form.querySelector(".caire-quiz-check .caire-sr-only");
        if (name) { name.textContent = " la question " + number; }
      }
    });
    groups.forEach(function (group) {
      if (group.section) {
        group.section.hidden = !group.forms.some(function (f) { return !f.hidden; });
      }
    });
    final.drawn = final.forms.filter(function (f) { return !f.hidden; })
      .map(function (f) { return f.getAttribute("data-quiz"); });
    final.status.textContent = "Tentative " + final.attempt + "\u00a0: " +
      final.drawn.length + " questions tirées.";
  }

  /* The answers of the attempt: the first answer to each drawn question counts (as in
   * the LMS), kept with the attempt in this browser so a reload shows them again. */
  function finalState() {
    var data = load();
    var state = data.final || {};
    if (state.attempt !== finalQuiz.attempt || state.key !== finalQuiz.key) {
      state = { attempt: finalQuiz.attempt, key: finalQuiz.key, first: {}, choices: {},
                best: state.best || null };
    }
    return state;
  }

  function saveFinal(state) {
    var data = load();
    data.final = state;
    save(data);
  }

  function finalAnswer(id, score, chosen) {
    var state = finalState();
    if (!(id in state.first)) {
      state.first[id] = score;
      state.choices[id] = chosen;
    }
    var done = finalQuiz.drawn.every(function (q) { return q in state.first; });
    var result = done ? attemptResult(state) : null;
    if (result && (!state.best ||
                   result.right / result.count > state.best.right / state.best.count)) {
      state.best = result;
    }
    saveFinal(state);
    if (result) { showResult(result, false); }
  }

  // The attempt's score on its first answers (each question's points, between 0 and 1),
  // against the pass mark.
  function attemptResult(state) {
    var count = finalQuiz.drawn.length;
    var right = finalQuiz.drawn.reduce(function (total, q) {
      return total + Number(state.first[q] || 0);
    }, 0);
    right = Math.round(10000 * right) / 10000;
    return { right: right, count: count, passed: 100 * right >= finalQuiz.passMark * count };
  }

  function needed(count) {
    return Math.ceil(finalQuiz.passMark * count / 100);
  }

  function showResult(result, quiet) {
    var count = result.count, right = result.right, passed = result.passed;
    var text = "Résultat de la tentative " + finalQuiz.attempt + "\u00a0: " + points(right) +
      " sur " + count + " (premières réponses). ";
    if (passed) {
      text += "Entraînement réussi\u00a0: il fallait au moins " + needed(count) + " sur " +
        count + ". Le badge, lui, se passe sur la plateforme de formation\u00a0: le quiz du " +
        "badge, puis l’atelier de mise en pratique.";
    } else if (!finalQuiz.onRedraw) {
      text += "Pas encore réussi\u00a0: il faut au moins " + needed(count) + " sur " + count +
        ". Relisez les chapitres des questions manquées, puis demandez un nouveau tirage " +
        "pour vous entraîner.";
    } else {
      // In an LMS, the LMS decides whether another attempt counts.
      var again = !finalQuiz.redraw.hidden;
      text += "Pas encore réussi\u00a0: il faut au moins " + needed(count) + " sur " + count +
        ". Votre résultat est enregistré dans la plateforme. " + (again
        ? "Une nouvelle tentative vous est proposée\u00a0: relisez les chapitres des " +
          "questions manquées, puis choisissez «\u00a0Nouveau tirage\u00a0» en haut du quiz."
        : "Les tentatives comptées sont épuisées\u00a0: relisez les chapitres des questions " +
          "manquées et voyez avec votre formateur ou votre référent IA comment poursuivre.");
    }
    if (quiet) { finalQuiz.result.textContent = text; } else { announce(finalQuiz.result, text); }
  }

  function restoreFinal() {
    var state = finalState();
    finalQuiz.forms.forEach(function (form) {
      var id = form.getAttribute("data-quiz");
      if (!form.hidden && state.choices[id]) { restoreChoices(form, state.choices[id]); }
    });
    finalQuiz.result.textContent = "";
    if (finalQuiz.drawn.every(function (q) { return q in state.first; })) {
      showResult(attemptResult(state), true);
    }
  }

  function setUpFinalQuiz(key) {
    var box = document.querySelector(".caire-final-quiz");
    if (!box) { return; }
    var data = load();
    var forms = Array.prototype.slice.call(document.querySelectorAll("form.caire-quiz"));
    finalQuiz = {
      key: key, attempt: data.finalAttempt || 1, onRedraw: null, drawn: [],
      count: parseInt(box.getAttribute("data-draw"), 10),
      passMark: parseInt(box.getAttribute("data-pass-mark"), 10) || 80,
      forms: forms,
      status: box.querySelector(".caire-final-status"),
      result: document.createElement("div")
    };
    // The result comes where the learner is when it is given: after the last question.
    finalQuiz.result.className = "caire-final-result";
    finalQuiz.result.setAttribute("role", "status");
    var last = forms[forms.length - 1];
    if (last) { (last.closest("section") || last.parentNode).appendChild(finalQuiz.result); }
    finalQuiz.forms.forEach(function (form) {
      var number = document.createElement("span");
      number.className = "caire-quiz-number";
      var legend = form.querySelector("legend");
      legend.insertBefore(number, legend.firstChild);
    });
    var button = box.querySelector(".caire-final-redraw");
    var label = button.textContent;
    finalQuiz.redraw = button;
    button.hidden = false;
    // A draw half answered is not replaced at the first press: the learner who pressed
    // by mistake would lose the answers given (and, in an LMS, an attempt). The warning
    // holds for the answers it counted: one more answer takes it back.
    var warned = null;  // the status before the warning, while it stands
    var unwarn = function () {
      if (warned === null) { return; }
      button.textContent = label;
      finalQuiz.status.textContent = warned;
      warned = null;
    };
    finalQuiz.forms.forEach(function (form) { form.addEventListener("submit", unwarn); });
    button.addEventListener("click", function () {
      var state = finalState();
      var answered = finalQuiz.drawn.filter(function (q) { return q in state.first; }).length;
      if (answered && answered < finalQuiz.drawn.length && warned === null) {
        warned = finalQuiz.status.textContent;
        button.textContent = "Confirmer le nouveau tirage";
        announce(finalQuiz.status, "Vous avez déjà répondu à " + answered + " question" +
          (answered > 1 ? "s" : "") + " sur " + finalQuiz.drawn.length + "." +
          " Un nouveau tirage remplace les " + finalQuiz.drawn.length + " questions, et ces " +
          "réponses ne compteront plus. Pour confirmer, activez de nouveau le bouton\u202f; " +
          "pour garder ce tirage, continuez simplement à répondre.");
        return;
      }
      warned = null;
      button.textContent = label;
      finalQuiz.attempt += 1;
      if (finalQuiz.onRedraw) {
        button.hidden = true;
      } else {
        var stored = load();
        stored.finalAttempt = finalQuiz.attempt;
        save(stored);
      }
      drawFinal();
      restoreFinal();
      if (finalQuiz.onRedraw) { finalQuiz.onRedraw(finalQuiz.attempt, finalQuiz.drawn.slice()); }
    });
    drawFinal();
    restoreFinal();
    window.caireFinal = {
      // An LMS runtime takes over: its own learner key and attempt, and whether (and what
      // happens when) the learner may draw again. Returns the ids of the drawn questions.
      use: function (lmsKey, attempt, onRedraw) {
        finalQuiz.key = lmsKey;
        finalQuiz.attempt = attempt;
        finalQuiz.onRedraw = onRedraw;
        button.hidden = true;
        drawFinal();
        restoreFinal();
        return finalQuiz.drawn.slice();
      },
      allowRedraw: function (allowed) { button.hidden = !allowed; }
    };
  }

  function setUpQuizzes() {
    var key = learnerKey();
    var kept = load().choices;
    var isBank = !!document.querySelector(".caire-final-quiz");
    document.querySelectorAll("form.caire-quiz").forEach(function (form) {
      shuffleChoices(form, key);
      var id = form.getAttribute("data-quiz");
      if (!isBank && kept[id] && kept[id].length) { restoreChoices(form, kept[id]); }
      form.querySelector(".caire-quiz-check").hidden = false;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        checkQuiz(form);
      });
    });
    setUpFinalQuiz(key);
  }

  function showProgress(box) {
    var data = load();
    var chapters = JSON.parse(box.getAttribute("data-parcours"));
    var rows = box.querySelectorAll("tbody tr");
    var totals = { quizzes: [0, 0], exercises: [0, 0] };
    chapters.forEach(function (chapter, index) {
      ["quizzes", "exercises"].forEach(function (kind) {
        var ids = chapter[kind] || [];
        if (!ids.length) { return; }
        var cell = rows[index].querySelector(".caire-progress-" + kind);
        if (kind === "quizzes" && chapter.final) {
          // A bank: its right answers across draws mean nothing; its best attempt does.
          var best = data.final && data.final.best;
          cell.textContent = best ? "meilleure tentative\u00a0: " + decimal(best.right) +
            " sur " + best.count + (best.passed ? ", réussi" : ", pas encore réussi") +
            (chapter.practice ? " (entraînement\u00a0: ne compte pas pour le badge)" : "")
            : "pas encore tenté";
          return;
        }
        var passed = ids.filter(function (id) { return data[kind][id]; }).length;
        totals[kind][0] += passed;
        totals[kind][1] += ids.length;
        cell.textContent = passed + " sur " + ids.length;
      });
    });
    ["quizzes", "exercises"].forEach(function (kind) {
      box.querySelector(".caire-progress-" + kind + "-total").textContent =
        totals[kind][1] ? totals[kind][0] + " sur " + totals[kind][1] : "—";
    });
  }

  function setUpParcours() {
    document.querySelectorAll(".caire-parcours").forEach(function (box) {
      showProgress(box);
      var button = box.querySelector(".caire-progress-clear");
      var label = button.textContent;
      var status = box.querySelector(".caire-progress-status");
      button.hidden = false;
      // Nothing can bring it back: a second press confirms.
      button.addEventListener("click", function () {
        if (!button.classList.contains("caire-confirm")) {
          button.classList.add("caire-confirm");
          button.textContent = "Confirmer l’effacement";
          announce(status, "Appuyez de nouveau pour confirmer\u00a0: vos quiz, exercices, " +
                   "réponses et résultats du quiz final seront effacés de ce navigateur.");
          return;
        }
        try {
          window.localStorage.removeItem(STORE);
          window.localStorage.removeItem(PREFIX + "caire-answers-v1");
        } catch (e) { /* nothing stored */ }
        button.classList.remove("caire-confirm");
        button.textContent = label;
        showProgress(box);
        announce(status, "Votre progression a été effacée.");
      });
      button.addEventListener("blur", function () {
        if (button.classList.contains("caire-confirm")) {
          button.classList.remove("caire-confirm");
          button.textContent = label;
          announce(status, "Effacement annulé.");
        }
      });
    });
  }

  /* A final quiz page lists the chapters not done yet by this learner's stored progress
   * (a quiz not yet right, an exercise not yet passed), in the page text near its top;
   * practice stays open. In an LMS the platform opens the quiz once the chapters are
   * completed (the package's prerequisites), and another computer's progress is not here:
   * the list is left out. */
  function showPrerequisites() {
    var box = document.querySelector(".caire-final-prereq");
    if (!box || (window.CAIRE_SCORM && window.CAIRE_STORAGE)) { return; }
    var data = load();
    var chapters = JSON.parse(box.getAttribute("data-chapters"));
    var status = box.querySelector(".caire-final-prereq-status");
    var list = box.querySelector(".caire-final-prereq-list");
    function count(ids, kind) {
      return ids.filter(function (id) { return data[kind][id]; }).length;
    }
    var missing = chapters.filter(function (chapter) {
      return count(chapter.quizzes, "quizzes") < chapter.quizzes.length ||
        count(chapter.exercises, "exercises") < chapter.exercises.length;
    });
    list.textContent = "";
    list.hidden = !missing.length;
    if (!missing.length) {
      status.textContent = "D’après votre progression enregistrée dans ce navigateur, vous " +
        "avez terminé " + (chapters.length > 1 ? "les " + chapters.length + " chapitres."
                                               : "le chapitre.");
      return;
    }
    status.textContent = "D’après votre progression enregistrée dans ce navigateur, " +
      (missing.length > 1 ? missing.length + " chapitres ne sont pas encore terminés"
                          : "un chapitre n’est pas encore terminé") +
      " (vous pouvez quand même vous entraîner)\u00a0:";
    missing.forEach(function (chapter) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = chapter.link;
      link.textContent = chapter.title;
      item.appendChild(link);
      var parts = [];
      if (chapter.quizzes.length) {
        parts.push("quiz réussis\u00a0: " + count(chapter.quizzes, "quizzes") + " sur " +
                   chapter.quizzes.length);
      }
      if (chapter.exercises.length) {
        parts.push("exercices réussis\u00a0: " + count(chapter.exercises, "exercises") +
                   " sur " + chapter.exercises.length);
      }
      item.appendChild(document.createTextNode(" (" + parts.join(", ") + ")"));
      list.appendChild(item);
    });
  }

  // The exercise runner (caire-python.js) records passes through the same store.
  window.caireProgress = {
    passExercise: function (id) {
      var data = load();
      data.exercises[id] = true;
      save(data);
    },
    exercisePassed: function (id) { return !!load().exercises[id]; },
    announce: announce
  };

  function start() {
    setUpQuizzes();
    setUpParcours();
    showPrerequisites();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
