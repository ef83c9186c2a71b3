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

  function shuffleChoices(form, key) {
    var fieldset = form.querySelector("fieldset");
    var choices = Array.prototype.slice.call(fieldset.querySelectorAll(".caire-quiz-choice"));
    var random = seeded(key + ":" + form.getAttribute("data-quiz"));
    for (var i = choices.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var swap = choices[i]; choices[i] = choices[j]; choices[j] = swap;
    }
    choices.forEach(function (choice) { fieldset.appendChild(choice); });
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
