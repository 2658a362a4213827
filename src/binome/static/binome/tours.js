// The tour map: commune outlines (tinted by unité territoriale), each day's route, the households left out.
// Data come from the page (json_script "tour-data"); Leaflet draws without any tile server.
(function () {
  "use strict";
  var DAY_COLOURS = ["#1d4f91", "#c0392b", "#1f7a4d", "#8e44ad", "#d35400", "#16738a", "#7a5c2e", "#b03a7a", "#4b5d1e", "#34495e"];
  var UT_TINTS = ["#dbe7f5", "#f6e3c8", "#dcefdc", "#efdcef", "#f2f0c9", "#d6eef0"];

  function marker(point, html, className, size) {
    return L.marker(point, {
      icon: L.divIcon({ className: className, html: html, iconSize: [size, size], iconAnchor: [size / 2, size / 2] }),
      keyboard: false
    });
  }

  function drawDays(map, data) {
    data.days.forEach(function (day) {
      var colour = DAY_COLOURS[day.colour % DAY_COLOURS.length];
      var line = [data.home.point];
      var number = 0;
      day.stops.forEach(function (stop) {
        line.push(stop.point);
        var label = day.label + " · " + stop.time + " · " + stop.label;
        if (stop.booked) {
          marker(stop.point, "", "tour-marker tour-marker--booked", 14).bindTooltip(label).addTo(map);
        } else {
          number += 1;
          marker(stop.point, String(number), "tour-marker swatch--" + (day.colour % DAY_COLOURS.length), 22)
            .bindTooltip(label).addTo(map);
        }
      });
      line.push(data.home.point);
      L.polyline(line, { color: colour, weight: 3, opacity: 0.85 }).addTo(map);
    });
  }

  function drawOutlines(map, data) {
    fetch(data.outlines, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (geojson) {
        if (!geojson || !geojson.features.length) { return; }
        var units = [];
        geojson.features.forEach(function (f) { if (units.indexOf(f.properties.ut) < 0) { units.push(f.properties.ut); } });
        units.sort();
        var layer = L.geoJSON(geojson, {
          style: function (f) {
            return { color: "#8a939d", weight: 0.6, fillColor: UT_TINTS[units.indexOf(f.properties.ut) % UT_TINTS.length], fillOpacity: 0.9 };
          },
          interactive: false
        }).addTo(map);
        layer.bringToBack();
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        var legend = L.control({ position: "bottomleft" });
        legend.onAdd = function () {
          var div = L.DomUtil.create("div", "tour-legend");
          units.forEach(function (name, i) {
            var row = L.DomUtil.create("div", "", div);
            var box = L.DomUtil.create("span", "", row);
            box.style.background = UT_TINTS[i % UT_TINTS.length];
            row.appendChild(document.createTextNode(name));
          });
          return div;
        };
        legend.addTo(map);
      });
  }

  function init() {
    var element = document.getElementById("tour-map");
    var source = document.getElementById("tour-data");
    if (!element || !source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(element, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false });
    var bounds = [data.home.point];
    data.days.forEach(function (day) { day.stops.forEach(function (stop) { bounds.push(stop.point); }); });
    data.unplaced.forEach(function (u) { bounds.push(u.point); });
    map.fitBounds(L.latLngBounds(bounds).pad(0.2));
    drawDays(map, data);
    data.unplaced.forEach(function (u) {
      L.circleMarker(u.point, { radius: 5, color: "#525a64", weight: 1, fillColor: "#9aa3ad", fillOpacity: 1 })
        .bindTooltip(u.label).addTo(map);
    });
    marker(data.home.point, "", "tour-home", 14).bindTooltip(data.home.label).addTo(map);
    drawOutlines(map, data);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
