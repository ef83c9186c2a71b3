/* Course behaviour: self-check quizzes and progress kept on this device only.
 * Progress lives in localStorage (no server, no tracking); the page works without it. */
(function () {
  "use strict";
  var STORE = "caire-progress-v1";

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      if (!data || typeof data !== "object") { data = {}; }
      data.quizzes = data.quizzes || {};
      data.exercises = data.exercises || {};
      return data;
    } catch (e) {
      return { quizzes: {}, exercises: {} };
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

  function checkQuiz(form) {
    var answers = JSON.parse(form.getAttribute("data-answers"));
    var inputs = form.querySelectorAll("input");
    var chosen = [];
    // Choices may be shown in another order: each input's value is its index in the quiz.
    inputs.forEach(function (input) {
      if (input.checked) { chosen.push(parseInt(input.value, 10)); }
    });
    chosen.sort(function (a, b) { return a - b; });
    var region = form.querySelector(".caire-quiz-feedback");
    if (!chosen.length) {
      announce(region, "Choisissez une réponse avant de vérifier.");
      return;
    }
    var wrong = chosen.some(function (i) { return !answers[i].correct; });
    var missing = answers.some(function (a, i) { return a.correct && chosen.indexOf(i) < 0; });
    var feedback = chosen.map(function (i) { return answers[i].feedback; }).join(" ");
    var right = !wrong && !missing;
    var text = (right ? "Bonne réponse. " : "Pas tout à fait. ") + feedback;
    if (!wrong && missing) { text += " Il manque au moins une bonne réponse."; }
    form.classList.toggle("caire-quiz-right", right);
    form.classList.toggle("caire-quiz-wrong", !right);
    announce(region, text);
    // Other scripts (the SCORM runtime in an LMS) follow the learner's answers.
    form.dispatchEvent(new CustomEvent("caire:quiz", {
      bubbles: true,
      detail: { id: form.getAttribute("data-quiz"), correct: right }
    }));
    if (right) {
      var data = load();
      data.quizzes[form.getAttribute("data-quiz")] = true;
      save(data);
    }
  }

  /* Choices are shown in an order of their own for each learner and quiz, the same at
   * every visit: the right answer's place teaches nothing. A random learner key is kept
   * in this browser; without storage the order still differs per quiz. */
  function learnerKey() {
    var KEY = "caire-learner-v1";
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

  function setUpFinalQuiz(key) {
    var box = document.querySelector(".caire-final-quiz");
    if (!box) { return; }
    var data = load();
    finalQuiz = {
      key: key, attempt: data.finalAttempt || 1, onRedraw: null, drawn: [],
      count: parseInt(box.getAttribute("data-draw"), 10),
      forms: Array.prototype.slice.call(document.querySelectorAll("form.caire-quiz")),
      status: box.querySelector(".caire-final-status")
    };
    finalQuiz.forms.forEach(function (form) {
      var number = document.createElement("span");
      number.className = "caire-quiz-number";
      var legend = form.querySelector("legend");
      legend.insertBefore(number, legend.firstChild);
    });
    var button = box.querySelector(".caire-final-redraw");
    button.hidden = false;
    button.addEventListener("click", function () {
      finalQuiz.attempt += 1;
      if (finalQuiz.onRedraw) {
        button.hidden = true;
      } else {
        var stored = load();
        stored.finalAttempt = finalQuiz.attempt;
        save(stored);
      }
      drawFinal();
      if (finalQuiz.onRedraw) { finalQuiz.onRedraw(finalQuiz.attempt, finalQuiz.drawn.slice()); }
    });
    drawFinal();
    window.caireFinal = {
      // An LMS runtime takes over: its own learner key and attempt, and whether (and what
      // happens when) the learner may draw again. Returns the ids of the drawn questions.
      use: function (lmsKey, attempt, onRedraw) {
        finalQuiz.key = lmsKey;
        finalQuiz.attempt = attempt;
        finalQuiz.onRedraw = onRedraw;
        button.hidden = true;
        drawFinal();
        return finalQuiz.drawn.slice();
      },
      allowRedraw: function (allowed) { button.hidden = !allowed; }
    };
  }

  function setUpQuizzes() {
    var key = learnerKey();
    document.querySelectorAll("form.caire-quiz").forEach(function (form) {
      shuffleChoices(form, key);
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
        var passed = ids.filter(function (id) { return data[kind][id]; }).length;
        totals[kind][0] += passed;
        totals[kind][1] += ids.length;
        rows[index].querySelector(".caire-progress-" + kind).textContent =
          passed + " sur " + ids.length;
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
      button.hidden = false;
      button.addEventListener("click", function () {
        try { window.localStorage.removeItem(STORE); } catch (e) { /* nothing stored */ }
        showProgress(box);
        announce(box.querySelector(".caire-progress-status"),
                 "Votre progression a été effacée.");
      });
    });
  }

  // The exercise runner (caire-python.js) records passes through the same store.
  window.caireProgress = {
    passExercise: function (id) {
      var data = load();
      data.exercises[id] = true;
      save(data);
    },
    announce: announce
  };

  function start() {
    setUpQuizzes();
    setUpParcours();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
