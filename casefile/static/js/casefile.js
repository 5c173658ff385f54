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
  // A long text marked data-collapsible shows its first lines on a phone, with a button for the rest
  // (the whole text stays in the page for screen readers, and without JavaScript it is all shown).
  function collapsibleTexts() {
    document.querySelectorAll("[data-collapsible]").forEach(function (el) {
      el.classList.add("is-clamped");
      if (el.scrollHeight <= el.clientHeight + 4) {
        el.classList.remove("is-clamped");
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "more-button";
      button.textContent = el.getAttribute("data-more");
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        var clamped = el.classList.toggle("is-clamped");
        button.setAttribute("aria-expanded", clamped ? "false" : "true");
        button.textContent = el.getAttribute(clamped ? "data-more" : "data-less");
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

  // On a phone a list's filter folds behind a button unless one of its fields is in use.
  function collapsibleFilters() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 40rem)").matches) return;
    document.querySelectorAll("form.filters").forEach(function (form) {
      var fieldset = form.querySelector("fieldset");
      var legend = fieldset && fieldset.querySelector("legend");
      if (!legend) return;
      var inUse = Array.prototype.some.call(form.elements, function (el) {
        return (el.tagName === "SELECT" || el.tagName === "INPUT") && el.value;
      });
      if (inUse) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "filters__toggle";
      button.textContent = legend.textContent;
      button.setAttribute("aria-expanded", "false");
      fieldset.hidden = true;
      button.addEventListener("click", function () {
        fieldset.hidden = !fieldset.hidden;
        button.setAttribute("aria-expanded", fieldset.hidden ? "false" : "true");
      });
      form.insertBefore(button, fieldset);
    });
  }

  document.addEventListener("DOMContentLoaded", collapsibleFilters);
  document.addEventListener("DOMContentLoaded", collapsibleMenu);
  document.addEventListener("DOMContentLoaded", collapsibleTexts);
  document.addEventListener("DOMContentLoaded", printableLinks);
})();
