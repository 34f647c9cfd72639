// Click to place: a click on the area form's map writes the point into the coordinates field.
// The inverse of the server's projection (incidents/maps/svg.py, Frame.xy), read from the SVG's
// data- attributes. The field stays the record: typing or pasting coordinates still works.
(function () {
  "use strict";
  var svg = document.getElementById("place-map");
  var field = document.getElementById("coordinates");
  if (!svg || !field) { return; }
  var d = svg.dataset;
  var pad = parseFloat(d.pad), lon0 = parseFloat(d.lon0), lat1 = parseFloat(d.lat1);
  var k = parseFloat(d.k), scale = parseFloat(d.scale);
  var pin = document.getElementById("place-pin");
  var status = document.getElementById("place-status");

  function toSvg(evt) {
    var pt = svg.createSVGPoint();
    pt.x = evt.clientX;
    pt.y = evt.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }

  svg.addEventListener("click", function (evt) {
    var p = toSvg(evt);
    var lon = lon0 + (p.x - pad) / (k * scale);
    var lat = lat1 - (p.y - pad) / scale;
    // Six decimals: about 0.1 m, far finer than a finger on a phone.
    field.value = lat.toFixed(6) + ", " + lon.toFixed(6);
    field.dispatchEvent(new Event("input", { bubbles: true }));
    pin.setAttribute("transform", "translate(" + p.x.toFixed(2) + " " + p.y.toFixed(2) + ")");
    pin.removeAttribute("visibility");
    if (status) { status.textContent = status.dataset.placed + " " + field.value; }
  });
})();
