/* pydata-sphinx-theme 0.17 binds its navigation drawers to the first `.primary-toggle`
 * and `.secondary-toggle` of the page only: the header's, which the book theme hides. The
 * visible buttons above the article then do nothing, by keyboard or mouse, and below 992 px
 * the chapter list cannot be reached (pydata-sphinx-theme#2451). Each visible button hands
 * its click to the bound one, which opens the drawer as a modal dialog, closes it on
 * Escape and gives the focus back to the button the learner pressed. */
(function () {
  "use strict";

  function relay(selector) {
    var buttons = Array.prototype.slice.call(document.querySelectorAll(selector));
    var bound = buttons[0];
    buttons.slice(1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        bound.click();
      });
    });
  }

  function start() {
    relay(".primary-toggle");
    relay(".secondary-toggle");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
