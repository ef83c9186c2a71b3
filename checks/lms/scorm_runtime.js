/* SCORM 1.2 runtime of the course package. Outside an LMS it does nothing: the pages work
 * exactly as on the plain site (progress in localStorage).
 * CAIRE_SCORM is written at export time: {passMark, finalQuiz: bool, attempts} for this
 * page. A final quiz is scored on its first `attempts` attempts (one by default), each a
 * draw of questions from the bank (caire.js draws them, with the LMS's learner id and
 * attempt number so a reload shows the same ones), each question on its first answer. */
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

  // The questions of this attempt: the draw, when the page is a bank.
  if (CONFIG.finalQuiz && window.caireFinal) {
    quizzes = window.caireFinal.use(api.LMSGetValue("cmi.core.student_id") || "lms",
                                    progress.attempt || 1, newAttempt);
  }

  function newAttempt(attempt, drawn) {
    Object.keys(progress).forEach(function (key) {
      if (key.indexOf("tries:") === 0 || key.indexOf("answer:") === 0) { delete progress[key]; }
    });
    progress.attempt = attempt;
    quizzes = drawn;
    api.LMSSetValue("cmi.suspend_data", JSON.stringify(progress));
    api.LMSCommit("");
  }

  function allRight() {
    return quizzes.every(function (id) { return progress[id] === true; });
  }

  if (!CONFIG.finalQuiz && !quizzes.length) {
    api.LMSSetValue("cmi.core.lesson_status", "completed");
    api.LMSCommit("");
  }

  // A final quiz keeps, in the suspend data (so a reload changes nothing), how many times
  // each question of the attempt was answered and the answer that counts: the first, so
  // retrying until right earns nothing.
  function recordFinal(id, correct) {
    if (quizzes.indexOf(id) < 0) { return; }
    var key = "tries:" + id;
    progress[key] = (progress[key] || 0) + 1;
    if (progress[key] === 1) { progress["answer:" + id] = correct; }
  }

  // An attempt ends when every drawn question has an answer. A pass is never taken back;
  // after a fail, the next attempt is offered while scored attempts remain.
  function reportScore() {
    var answered = quizzes.filter(function (q) { return ("answer:" + q) in progress; });
    if (answered.length !== quizzes.length || progress.passed) { return; }
    var right = quizzes.filter(function (q) { return progress["answer:" + q]; }).length;
    var score = Math.round(100 * right / quizzes.length);
    var passed = score >= CONFIG.passMark;
    api.LMSSetValue("cmi.core.score.raw", String(score));
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSSetValue("cmi.core.lesson_status", passed ? "passed" : "failed");
    if (passed) {
      progress.passed = true;
      api.LMSSetValue("cmi.suspend_data", JSON.stringify(progress));
    } else if ((progress.attempt || 1) < (CONFIG.attempts || 1) && window.caireFinal) {
      window.caireFinal.allowRedraw(true);
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
