// The timeline's scale: each dated event of the list below drawn where its partial date puts it
// (a month's event spans its month, a year's its year; an approximate date is drawn with faded,
// dashed ends). The list stays the page's content, for screen readers and without JavaScript;
// this scale is drawn from it, hidden from assistive technology, and each bar leads to its entry.
// Changing the filter's kind or years filters the list and the scale at once, before submitting.
(function () {
  "use strict";
  var DAY = 86400000;
  var yearFormat = new Intl.NumberFormat(document.documentElement.lang || "en", { useGrouping: false });

  function parse(iso) {
    if (!iso) return null;
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function field(name) {
    var el = document.getElementById("id_" + name);
    return el ? el.value.trim() : "";
  }

  function matches(item) {
    var kind = field("kind");
    if (kind && item.getAttribute("data-kind") !== kind) return false;
    var start = item.getAttribute("data-start");
    var year = start ? +start.slice(0, 4) : null;
    var from = parseInt(field("year_from"), 10);
    var to = parseInt(field("year_to"), 10);
    var only = parseInt(field("year"), 10);
    if ((from || to || only) && year === null) return false;
    if (from && year < from) return false;
    if (to && year > to) return false;
    if (only && year !== only) return false;
    return true;
  }

  function ticks(minYear, maxYear, width) {
    var years = maxYear - minYear;
    var room = Math.max(2, Math.floor(width / 56));
    var steps = [1, 2, 5, 10, 20, 25, 50, 100];
    var step = steps[steps.length - 1];
    for (var i = 0; i < steps.length; i++) {
      if (years / steps[i] <= room) { step = steps[i]; break; }
    }
    var out = [];
    for (var y = Math.ceil(minYear / step) * step; y <= maxYear; y += step) out.push(y);
    return out;
  }

  function draw(container, items) {
    container.textContent = "";
    var dated = items.filter(function (item) { return item.getAttribute("data-start"); });
    if (!dated.length) {
      var none = document.createElement("p");
      none.className = "timeline-scale__empty";
      none.textContent = container.getAttribute("data-none");
      container.appendChild(none);
      return;
    }
    var spans = dated.map(function (item) {
      return { item: item, start: parse(item.getAttribute("data-start")), end: parse(item.getAttribute("data-end")) };
    });
    var minYear = new Date(Math.min.apply(null, spans.map(function (s) { return s.start; }))).getUTCFullYear();
    var lastEnd = new Date(Math.max.apply(null, spans.map(function (s) { return s.end - DAY; })));
    var maxYear = lastEnd.getUTCFullYear() + 1;
    var min = Date.UTC(minYear, 0, 1);
    var range = Date.UTC(maxYear, 0, 1) - min;
    var lanesEl = document.createElement("div");
    lanesEl.className = "timeline-scale__lanes";
    var lanes = [];
    spans.forEach(function (s) {
      var left = ((s.start - min) / range) * 100;
      var width = Math.max(((s.end - s.start) / range) * 100, 1.2);
      var lane = 0;
      while (lane < lanes.length && lanes[lane] > left) lane++;
      lanes[lane] = left + width + 0.6;
      var bar = document.createElement("a");
      var title = s.item.querySelector("h3");
      var date = s.item.querySelector(".timeline__date");
      var approximate = s.item.hasAttribute("data-approximate");
      bar.href = "#" + s.item.id;
      bar.tabIndex = -1;
      bar.className = "timeline-bar timeline-bar--" + s.item.getAttribute("data-kind") +
        (approximate ? " timeline-bar--approximate" : "");
      bar.title = (date ? date.textContent.trim() + (approximate ? " (" + container.getAttribute("data-approximate") + ")" : "") + ": " : "") +
        (title ? title.textContent.trim() : "");
      bar.style.insetInlineStart = left + "%";
      bar.style.inlineSize = width + "%";
      bar.style.insetBlockStart = lane * 1.1 + "rem";
      lanesEl.appendChild(bar);
    });
    lanesEl.style.blockSize = Math.max(lanes.length, 1) * 1.1 + 0.3 + "rem";
    var axis = document.createElement("div");
    axis.className = "timeline-scale__axis";
    ticks(minYear, maxYear, container.clientWidth || 320).forEach(function (year) {
      var tick = document.createElement("span");
      tick.className = "timeline-scale__tick";
      tick.textContent = yearFormat.format(year);
      tick.style.insetInlineStart = ((Date.UTC(year, 0, 1) - min) / range) * 100 + "%";
      axis.appendChild(tick);
    });
    container.appendChild(lanesEl);
    container.appendChild(axis);
    if (items.length > dated.length) {
      var note = document.createElement("p");
      note.className = "timeline-scale__note";
      note.textContent = container.getAttribute("data-undated");
      container.appendChild(note);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("timeline-scale");
    if (!container) return;
    var all = Array.prototype.slice.call(document.querySelectorAll(".timeline__event"));
    container.hidden = false;
    container.setAttribute("aria-hidden", "true");
    document.querySelectorAll(".timeline-legend").forEach(function (el) { el.hidden = false; });
    function update() {
      var shown = all.filter(function (item) {
        var keep = matches(item);
        item.hidden = !keep;
        return keep;
      });
      document.querySelectorAll(".timeline-year").forEach(function (section) {
        section.hidden = !section.querySelector(".timeline__event:not([hidden])");
      });
      draw(container, shown);
    }
    ["kind", "year_from", "year_to", "year"].forEach(function (name) {
      var el = document.getElementById("id_" + name);
      if (el) el.addEventListener("input", update);
      if (el) el.addEventListener("change", update);
    });
    var resized;
    window.addEventListener("resize", function () {
      clearTimeout(resized);
      resized = setTimeout(update, 150);
    });
    update();
  });
})();
