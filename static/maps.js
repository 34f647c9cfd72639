// The optional tile map (only when the server is given a tile URL): Leaflet from our own static
// files, the sites from the map's GeoJSON. The server-drawn SVG above stays the map of record.
(function () {
  "use strict";
  var box = document.getElementById("tile-map");
  if (!box || !window.L) { return; }
  var colours = {out: "#b3261e", pumping: "#0b57d0", restored: "#1e7b34", disinfected: "#8a3ffc"};
  var map = L.map(box);
  L.tileLayer(box.dataset.tiles, {maxZoom: 19, attribution: box.dataset.attribution || ""}).addTo(map);
  fetch(box.dataset.geojson, {credentials: "same-origin", headers: {Accept: "application/geo+json"}})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var p = feature.properties;
          var h = p.households_affected;
          return L.circleMarker(latlng, {
            radius: h == null ? 5 : Math.min(5 + 0.4 * Math.sqrt(h), 22),
            color: "#1b1f24", weight: 1, dashArray: h == null ? "2 2" : null,
            fillColor: colours[p.status] || "#5b6570", fillOpacity: 0.8
          });
        },
        onEachFeature: function (feature, marker) {
          var p = feature.properties;
          var a = document.createElement("a");
          a.href = box.dataset.reports.replace("AREA", String(p.area_id));
          a.textContent = (document.documentElement.lang === "en" && p.name_en) || p.name;
          marker.bindPopup(a);
        }
      }).addTo(map);
      if (data.features.length) { map.fitBounds(layer.getBounds(), {padding: [24, 24], maxZoom: 16}); }
      else { map.setView([36.09, 114.35], 12); }
    });
}());
