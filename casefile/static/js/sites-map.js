// The sites map: Leaflet from our own static files, drawn on the base map shipped with the site
// (country and Iranian province outlines from Natural Earth, map/basemap.geojson). A tile server
// is used only when one is configured (MAP_TILE_URL); otherwise no other host is asked for
// anything. Each marker leads to its site's page (click, or Enter when focused). Without
// JavaScript the list of sites stays, and the map stays hidden.
(function () {
  "use strict";
  var STYLE = {
    country: { color: "#8c8579", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1, interactive: false },
    province: { color: "#b3aca0", weight: 0.7, dashArray: "3 3", fill: false, interactive: false }
  };

  function drawBaseMap(map, container) {
    var url = container.getAttribute("data-basemap");
    if (!url || !window.fetch) return;
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var layer = L.geoJSON(data, {
          style: function (feature) { return STYLE[feature.properties.kind] || STYLE.country; }
        }).addTo(map);
        layer.bringToBack();
        container.classList.add("site-map--basemap");
        map.attributionControl.addAttribution(container.getAttribute("data-basemap-attribution") || "Natural Earth");
      })
      .catch(function () { /* the markers stay, on a plain background */ });
  }

  function linkMarker(marker, point) {
    marker.on("click", function () { window.location.assign(point.url); });
    marker.bindTooltip(point.name);
    var el = marker.getElement();
    if (!el) return;
    el.setAttribute("role", "link");
    el.setAttribute("tabindex", "0");
    el.setAttribute("aria-label", point.name);
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter") window.location.assign(point.url);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("site-map");
    if (!container || typeof L === "undefined") return;
    var points = [];
    document.querySelectorAll(".site-list__item[data-lat]").forEach(function (el) {
      var lat = parseFloat(el.getAttribute("data-lat"));
      var lng = parseFloat(el.getAttribute("data-lng"));
      if (isFinite(lat) && isFinite(lng)) {
        points.push({ lat: lat, lng: lng, name: el.getAttribute("data-name"), url: el.getAttribute("data-url"),
                      precision: el.getAttribute("data-precision") });
      }
    });
    if (!points.length) return;
    container.hidden = false;
    document.querySelectorAll(".site-map__legend").forEach(function (el) { el.hidden = false; });
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", container.getAttribute("data-label") || "Map");
    var map = L.map(container, { scrollWheelZoom: false, maxZoom: 18 });
    var tiles = container.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: container.getAttribute("data-tile-attribution") || "" }).addTo(map);
    } else {
      drawBaseMap(map, container);
    }
    var bounds = [];
    points.forEach(function (p) {
      // Exact: a small filled dot; approximate: a larger hollow circle; city only: larger still, dashed.
      var exact = p.precision === "exact";
      var city = p.precision === "city";
      var marker = L.circleMarker([p.lat, p.lng], {
        radius: exact ? 7 : city ? 14 : 11, color: "#7a1f1f", weight: 2,
        dashArray: city ? "4 3" : null, fillColor: "#7a1f1f", fillOpacity: exact ? 0.85 : 0.2,
        className: "site-marker site-marker--" + (p.precision || "unknown")
      }).addTo(map);
      linkMarker(marker, p);
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], tiles ? 10 : 6);
    } else {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: tiles ? 12 : 7 });
    }
  });
})();
