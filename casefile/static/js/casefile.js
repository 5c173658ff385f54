// Casefile: small enhancements; every page works without this file.
(function () {
  "use strict";
  // Highlight every piece of the passage named in the address (a passage that overlaps
  // another is cut into pieces; CSS alone highlights only its first piece).
  function highlightTarget() {
    document.querySelectorAll("mark.passage.is-target").forEach(function (el) {
      el.classList.remove("is-target");
    });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!/^passage-\d+-\d+$/.test(id)) return;
    document.querySelectorAll("mark.passage").forEach(function (el) {
      if ((el.getAttribute("data-passages") || "").split(" ").indexOf(id) !== -1) {
        el.classList.add("is-target");
      }
    });
  }
  window.addEventListener("hashchange", highlightTarget);
  document.addEventListener("DOMContentLoaded", highlightTarget);
})();
