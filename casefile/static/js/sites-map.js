// The sites map: Leaflet from our own static files. Without a tile server configured
// (MAP_TILE_URL) the sites are drawn on a plain background and no other host is asked
// for anything. Without JavaScript the list of sites stays, and the map stays hidden.
(function () {
  "use strict";
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
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", container.getAttribute("data-label") || "Map");
    var map = L.map(container, { scrollWheelZoom: false });
    var tiles = container.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: container.getAttribute("data-tile-attribution") || "" }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (p) {
      // Approximate and city-only locations are drawn as larger, hollow circles.
      var exact = p.precision === "exact";
      var marker = L.circleMarker([p.lat, p.lng], {
        radius: exact ? 7 : 12, color: "#7a1f1f", weight: 2, fillOpacity: exact ? 0.8 : 0.15
      }).addTo(map);
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.name;
      marker.bindPopup(link);
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 10);
    } else {
      map.fitBounds(bounds, { padding: [30, 30] });
    }
  });
})();
