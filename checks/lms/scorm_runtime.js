/* SCORM 1.2 runtime of the course package, on chapter pages (the SCOs) only. It runs
 * before the page's own scripts. Outside an LMS it does nothing: the pages work exactly
 * as on the plain site.
 *
 * CAIRE_SCORM is written at export time: {passMark, finalQuiz, practice, attempts, scos:
 * {path: title}} (scos: every chapter page of the package, site-relative). In an LMS:
 * - one SCO, one record: every API call's result is checked, nothing is called after
 *   LMSFinish or a failed LMSInitialize; a link to another chapter is not followed (the
 *   LMS opens chapters), other pages of the package open in a new window, without runtime;
 * - what the page stores is kept per learner (window.CAIRE_STORAGE, a prefix for
 *   localStorage; other learners' data on this browser is cleared) and put back from the
 *   suspend data at launch, so a relaunch ("resume") or another computer shows the
 *   learner's answers, passed exercises and final-quiz answers again;
 * - a final quiz is scored on its first `attempts` attempts, each a draw from the bank,
 *   each question on its first answer (a multiple-answer one with partial credit, as
 *   Moodle scores it), reported as cmi.interactions; a fail stays a fail; a practice
 *   quiz is "completed" once an attempt is answered, whatever its score;
 * - the session time is sent on finish, and `cmi.core.exit = "suspend"` while the SCO
 *   is unfinished. */
(function () {
  "use strict";
  var CONFIG = window.CAIRE_SCORM || { passMark: 80, finalQuiz: false, attempts: 1, scos: {} };
  var NAMESPACE = "caire-lms:";

  // The SCORM 1.2 API discovery: walk up the parents (at most 7), then the opener's.
  function findAPI(win) {
    var tries = 0;
    while (win && !win.API && win.parent && win.parent !== win && tries < 7) {
      tries += 1;
      win = win.parent;
    }
    return win && win.API ? win.API : null;
  }

  var api = null;
  try {
    api = findAPI(window) || (window.opener ? findAPI(window.opener) : null);
  } catch (e) {
    api = null; /* a parent from another origin: not an LMS we can talk to */
  }
  if (!api) { return; }

  var state = { live: false, errors: [] };
  function checked(name, result) {
    var code = String(api.LMSGetLastError());
    if (code !== "0") {
      state.errors.push(name + ": " + code);
      if (window.console) { window.console.warn("SCORM " + name + " : erreur " + code); }
    }
    return result;
  }
  function get(element) {
    return state.live ? String(checked("LMSGetValue " + element, api.LMSGetValue(element))) : "";
  }
  function set(element, value) {
    if (state.live) { checked("LMSSetValue " + element, api.LMSSetValue(element, value)); }
  }
  function commit() {
    if (state.live) { checked("LMSCommit", api.LMSCommit("")); }
  }

  state.live = String(api.LMSInitialize("")) === "true" && String(api.LMSGetLastError()) === "0";
  if (!state.live) { return; }  // nothing is tracked; the page still works
  var started = Date.now();

  var student = get("cmi.core.student_id") || "anonyme";
  var status = get("cmi.core.lesson_status");
  var progress = {};
  try { progress = JSON.parse(get("cmi.suspend_data") || "{}") || {}; } catch (e) { progress = {}; }
  if (!status || status === "not attempted") {
    status = "incomplete";
    set("cmi.core.lesson_status", status);
  }
  function save() { set("cmi.suspend_data", JSON.stringify(progress)); }

  // Per-learner storage: this learner's prefix; other learners' data on this browser goes.
  var prefix = NAMESPACE + student + ":";
  window.CAIRE_STORAGE = prefix;
  try {
    for (var i = window.localStorage.length - 1; i >= 0; i--) {
      var key = window.localStorage.key(i);
      if (key && key.indexOf(NAMESPACE) === 0 && key.indexOf(prefix) !== 0) {
        window.localStorage.removeItem(key);
      }
    }
  } catch (e) { /* storage disabled: the suspend data still holds the record */ }

  // What the LMS kept, put back where the page reads it (caire.js, caire-python.js).
  (function restore() {
    var store = prefix + "caire-progress-v1";
    var data = {};
    try { data = JSON.parse(window.localStorage.getItem(store) || "{}") || {}; } catch (e) { data = {}; }
    data.quizzes = data.quizzes || {};
    data.exercises = data.exercises || {};
    data.choices = data.choices || {};
    (progress.right || []).forEach(function (id) { data.quizzes[id] = true; });
    (progress.passed_exercises || []).forEach(function (id) { data.exercises[id] = true; });
    Object.keys(progress.choices || {}).forEach(function (id) {
      data.choices[id] = progress.choices[id];
    });
    if (CONFIG.finalQuiz && progress.first) {
      data.final = { attempt: progress.attempt || 1, key: student, first: progress.first,
                     choices: progress.final_choices || {}, best: data.final && data.final.best };
      data.finalAttempt = progress.attempt || 1;
    }
    try { window.localStorage.setItem(store, JSON.stringify(data)); } catch (e) { /* idem */ }
  })();

  function finished() {
    return status === "completed" || status === "passed" ||
      (status === "failed" && (progress.attempt || 1) >= (CONFIG.attempts || 1));
  }
  function setStatus(value) {
    // A final result is never undone: "failed" or "passed" never becomes "completed".
    if (status === "passed" || (status === "failed" && value === "completed")) { return; }
    status = value;
    set("cmi.core.lesson_status", value);
  }

  var quizzes = [];  // the page's quizzes, or the final quiz's drawn questions

  function newAttempt(attempt, drawn) {
    progress.attempt = attempt;
    progress.first = {};
    progress.final_choices = {};
    quizzes = drawn;
    save();
    commit();
  }

  function letters(chosen) {
    return chosen.map(function (i) { return "abcdefghijklmnopqrstuvwxyz".charAt(i); }).join(",");
  }

  // The first answer to each drawn question counts, for its points between 0 and 1; each
  // is an interaction for the LMS's item reports (its result "correct", "wrong" or, for
  // partial credit, the points as a decimal, which SCORM 1.2 allows). An attempt ends
  // when every drawn question has an answer.
  function recordFinal(id, points, chosen) {
    if (quizzes.indexOf(id) < 0 || !progress.first || id in progress.first) { return; }
    progress.first[id] = points;
    progress.final_choices[id] = chosen;
    var n = parseInt(get("cmi.interactions._count"), 10) || 0;
    set("cmi.interactions." + n + ".id", id);
    set("cmi.interactions." + n + ".type", "choice");
    set("cmi.interactions." + n + ".student_response", letters(chosen));
    set("cmi.interactions." + n + ".result",
        points >= 1 ? "correct" : points <= 0 ? "wrong" : String(points));
    var answered = quizzes.filter(function (q) { return q in progress.first; });
    if (answered.length !== quizzes.length || status === "passed") { return; }
    var right = Math.round(10000 * quizzes.reduce(function (total, q) {
      return total + Number(progress.first[q]);
    }, 0)) / 10000;  // as the page sums them
    var score = Math.round(100 * right / quizzes.length);
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.score.raw", String(score));
    if (CONFIG.practice) {
      setStatus("completed");  // practice certifies nothing: it never holds back the course
      if ((progress.attempt || 1) < (CONFIG.attempts || 1) && window.caireFinal) {
        window.caireFinal.allowRedraw(true);
      }
      return;
    }
    // The verdict on the exact points, as the page gives it (the raw score is rounded).
    setStatus(100 * right >= CONFIG.passMark * quizzes.length ? "passed" : "failed");
    if (status === "failed" && (progress.attempt || 1) < (CONFIG.attempts || 1) &&
        window.caireFinal) {
      window.caireFinal.allowRedraw(true);
    }
  }

  document.addEventListener("caire:quiz", function (event) {
    var detail = event.detail;
    if (CONFIG.finalQuiz) {
      recordFinal(detail.id, typeof detail.score === "number" ? detail.score
                  : detail.correct ? 1 : 0, detail.chosen || []);
    } else {
      progress.choices = progress.choices || {};
      progress.choices[detail.id] = detail.chosen || [];
      progress.right = progress.right || [];
      if (detail.correct && progress.right.indexOf(detail.id) < 0) { progress.right.push(detail.id); }
      if (quizzes.every(function (q) { return progress.right.indexOf(q) >= 0; })) {
        setStatus("completed");
      }
    }
    save();
    commit();
  });

  // A passed exercise is kept in the LMS too, so progress follows the learner.
  document.addEventListener("caire:exercise", function (event) {
    if (!event.detail.correct) { return; }
    progress.passed_exercises = progress.passed_exercises || [];
    if (progress.passed_exercises.indexOf(event.detail.id) < 0) {
      progress.passed_exercises.push(event.detail.id);
    }
    save();
    commit();
  });

  // SCORM 1.2 has no navigation between SCOs from inside one: a link to another chapter
  // would end this SCO and write that chapter's data in this one's record. The LMS opens
  // chapters; other pages of the package (glossary, "Mon parcours"…) open in a new window.
  function scoOf(link) {
    var here = window.location.pathname;
    var path = link.pathname;
    var names = Object.keys(CONFIG.scos || {});
    for (var i = 0; i < names.length; i++) {
      if (path.slice(-names[i].length - 1) === "/" + names[i]) {
        return path === here ? null : names[i];
      }
    }
    return null;
  }
  function notice(text) {
    var box = document.getElementById("caire-scorm-notice");
    if (!box) {
      box = document.createElement("p");
      box.id = "caire-scorm-notice";
      box.className = "caire-scorm-notice";
      box.setAttribute("role", "status");
      var main = document.querySelector("main") || document.body;
      main.insertBefore(box, main.firstChild);
    }
    box.textContent = "";
    window.setTimeout(function () { box.textContent = text; }, 50);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.origin !== window.location.origin || link.hash && link.pathname ===
        window.location.pathname) { return; }
    var other = scoOf(link);
    if (other) {
      event.preventDefault();
      notice("«\u00a0" + CONFIG.scos[other] + "\u00a0» est un autre module de la " +
             "formation\u00a0: fermez celui-ci, puis ouvrez «\u00a0" + CONFIG.scos[other] +
             "\u00a0» dans la plateforme.");
    } else if (/\.html$/.test(link.pathname) || /\/$/.test(link.pathname)) {
      // This SCO stays open; that page has no runtime and reads this learner's storage
      // through its opener (a new window has none unless the link says "opener").
      link.target = "_blank";
      link.rel = "opener";
    }
  }, true);

  function timespan(ms) {
    var total = ms / 1000;
    var hours = Math.floor(total / 3600), minutes = Math.floor(total % 3600 / 60);
    var seconds = (total % 60).toFixed(2);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return (hours < 10 ? "000" : hours < 100 ? "00" : hours < 1000 ? "0" : "") + hours + ":" +
      two(minutes) + ":" + (parseFloat(seconds) < 10 ? "0" : "") + seconds;
  }

  function finish() {
    if (!state.live) { return; }
    set("cmi.core.session_time", timespan(Date.now() - started));
    set("cmi.core.exit", finished() ? "" : "suspend");
    commit();
    checked("LMSFinish", api.LMSFinish(""));
    state.live = false;
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  // Once the page is read (this script runs before its body): a chapter without quiz is
  // done once opened, with quizzes once each was right; the final quiz's draw uses the
  // LMS's learner id and attempt.
  document.addEventListener("DOMContentLoaded", function () {
    quizzes = Array.prototype.map.call(document.querySelectorAll("form.caire-quiz"),
      function (form) { return form.getAttribute("data-quiz"); });
    if (!CONFIG.finalQuiz && !quizzes.length) { setStatus("completed"); commit(); }
    if (CONFIG.finalQuiz && window.caireFinal) {
      if (!progress.first) { progress.first = {}; progress.final_choices = {}; }
      quizzes = window.caireFinal.use(student, progress.attempt || 1, newAttempt);
      var over = CONFIG.practice
        ? quizzes.every(function (q) { return q in progress.first; }) : status === "failed";
      if (over && (progress.attempt || 1) < (CONFIG.attempts || 1)) {
        window.caireFinal.allowRedraw(true);
      }
    }
  });
})();
