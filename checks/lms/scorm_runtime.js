/* SCORM 1.2 runtime of the course package. Outside an LMS it does nothing: the pages work
 * exactly as on the plain site (progress in localStorage).
 * CAIRE_SCORM is written at export time: {passMark, finalQuiz: bool, attempts} for this
 * page: on a final quiz, only the first `attempts` answers to a question count. */
(function () {
  "use strict";
  var CONFIG = window.CAIRE_SCORM || { passMark: 80, finalQuiz: false, attempts: 1 };

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

  var finished = false;
  api.LMSInitialize("");
  var status = api.LMSGetValue("cmi.core.lesson_status");
  if (!status || status === "not attempted") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  }
  var progress = {};
  try { progress = JSON.parse(api.LMSGetValue("cmi.suspend_data") || "{}") || {}; }
  catch (e) { progress = {}; }

  var quizzes = Array.prototype.map.call(document.querySelectorAll("form.caire-quiz"),
    function (form) { return form.getAttribute("data-quiz"); });

  function allRight() {
    return quizzes.every(function (id) { return progress[id] === true; });
  }

  if (!CONFIG.finalQuiz && !quizzes.length) {
    api.LMSSetValue("cmi.core.lesson_status", "completed");
    api.LMSCommit("");
  }

  // A final quiz keeps, in the suspend data (so a reload changes nothing), how many times
  // each question was answered and the answer that counts: the last of the first
  // `attempts` (the first by default): retrying until right earns nothing.
  function recordFinal(id, correct) {
    var key = "tries:" + id;
    progress[key] = (progress[key] || 0) + 1;
    if (progress[key] <= (CONFIG.attempts || 1)) { progress["answer:" + id] = correct; }
  }

  function reportScore() {
    var answered = quizzes.filter(function (q) { return ("answer:" + q) in progress; });
    if (answered.length === quizzes.length) {
      var right = quizzes.filter(function (q) { return progress["answer:" + q]; }).length;
      var score = Math.round(100 * right / quizzes.length);
      api.LMSSetValue("cmi.core.score.raw", String(score));
      api.LMSSetValue("cmi.core.score.min", "0");
      api.LMSSetValue("cmi.core.score.max", "100");
      api.LMSSetValue("cmi.core.lesson_status", score >= CONFIG.passMark ? "passed" : "failed");
    }
  }

  document.addEventListener("caire:quiz", function (event) {
    var id = event.detail.id;
    if (CONFIG.finalQuiz) {
      recordFinal(id, event.detail.correct);
      api.LMSSetValue("cmi.suspend_data", JSON.stringify(progress));
      reportScore();
    } else {
      if (event.detail.correct) { progress[id] = true; }
      api.LMSSetValue("cmi.suspend_data", JSON.stringify(progress));
      if (allRight()) { api.LMSSetValue("cmi.core.lesson_status", "completed"); }
    }
    api.LMSCommit("");
  });

  // A passed exercise is kept in the LMS too, so progress follows the learner.
  document.addEventListener("caire:exercise", function (event) {
    if (!event.detail.correct) { return; }
    progress["exercise:" + event.detail.id] = true;
    api.LMSSetValue("cmi.suspend_data", JSON.stringify(progress));
    api.LMSCommit("");
  });

  function finish() {
    if (finished) { return; }
    finished = true;
    api.LMSCommit("");
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();
