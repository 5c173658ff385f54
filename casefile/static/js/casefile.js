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

  // On a phone the sections menu collapses behind a button (without JavaScript it stays open and
  // the button is not shown). The class is set as this file runs, in the head, before the first paint.
  document.documentElement.classList.add("js-menu");
  function collapsibleMenu() {
    var button = document.querySelector(".menu-toggle");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) return;
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
  // A long text marked data-collapsible shows its first lines on a phone, with a button for the rest
  // (the whole text stays in the page for screen readers, and without JavaScript it is all shown).
  function collapsibleTexts() {
    document.querySelectorAll("[data-collapsible]").forEach(function (el) {
      if (el.scrollHeight <= el.clientHeight + 4) {
        el.classList.add("is-open"); // short enough: nothing to fold
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "more-button";
      button.textContent = el.getAttribute("data-more");
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        var open = el.classList.toggle("is-open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
        button.textContent = el.getAttribute(open ? "data-less" : "data-more");
      });
      el.insertAdjacentElement("afterend", button);
    });
  }

  // Printed pages show what is folded away on screen.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (el) {
      el.setAttribute("open", "");
      el.setAttribute("data-opened-for-print", "");
    });
    document.querySelectorAll(".is-clamped").forEach(function (el) { el.classList.add("is-printing"); });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (el) {
      el.removeAttribute("open");
      el.removeAttribute("data-opened-for-print");
    });
    document.querySelectorAll(".is-printing").forEach(function (el) { el.classList.remove("is-printing"); });
  });

  // On a phone a list's filter folds behind its button unless one of its fields is in use (the
  // form is then marked is-open by the server). CSS folds it from the first paint.
  function collapsibleFilters() {
    document.querySelectorAll("form.filters").forEach(function (form) {
      var button = form.querySelector(".filters__toggle");
      if (!button) return;
      button.addEventListener("click", function () {
        var open = form.classList.toggle("is-open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", collapsibleFilters);
  document.addEventListener("DOMContentLoaded", collapsibleMenu);
  document.addEventListener("DOMContentLoaded", collapsibleTexts);
  document.addEventListener("DOMContentLoaded", printableLinks);
})();
