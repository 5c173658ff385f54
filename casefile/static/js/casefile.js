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

  // On a phone the sections menu collapses behind a button (without JavaScript it stays open).
  function collapsibleMenu() {
    var button = document.querySelector(".menu-toggle");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) return;
    document.documentElement.classList.add("js-menu");
    button.hidden = false;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Printed links show the full address of the page they lead to (print.css reads data-print-href).
  function printableLinks() {
    document.querySelectorAll("main a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || /^(mailto|javascript):/.test(href)) return;
      a.setAttribute("data-print-href", a.href);
    });
  }
  document.addEventListener("DOMContentLoaded", collapsibleMenu);
  document.addEventListener("DOMContentLoaded", printableLinks);
})();
