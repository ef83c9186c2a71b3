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

  /* The theme makes a wide table's scroll box focusable (so it scrolls by keyboard) but
   * leaves it nameless: a screen reader says nothing at that stop. It becomes a group
   * named by the table's caption, or else by the heading of its section. */
  function nameTableBoxes() {
    document.querySelectorAll(".pst-scrollable-table-container").forEach(
      function (box) {
        if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) { return; }
        var caption = box.querySelector("caption");
        var section = box.closest("section");
        var heading = section && section.querySelector("h1, h2, h3, h4, h5, h6");
        var name = caption ? caption.textContent : heading ? heading.textContent : "";
        name = name.replace(/\s+/g, " ").trim().replace(/\s*#$/, "");
        // A group, not a region: a page of tables would otherwise be a page of landmarks.
        box.setAttribute("role", "group");
        var french = (document.documentElement.lang || "").indexOf("fr") === 0;
        var word = french ? "Tableau" : "Table";
        box.setAttribute("aria-label", name ? word + (french ? "\u00a0: " : ": ") + name : word);
      });
  }

  function start() {
    relay(".primary-toggle");
    relay(".secondary-toggle");
    nameTableBoxes();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
