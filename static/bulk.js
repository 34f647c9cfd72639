// The report list's bulk bar: select all on the page, say how many are chosen, confirm a retraction.
(function () {
  "use strict";
  var form = document.getElementById("bulk");
  if (!form) { return; }
  var all = document.getElementById("bulk-all");
  var count = form.querySelector(".bulk-count");
  var picks = function () { return Array.prototype.slice.call(document.querySelectorAll("input.pick[form=bulk]")); };
  var template = count.getAttribute("data-template") || "";
  function update() {
    var n = picks().filter(function (p) { return p.checked; }).length;
    count.textContent = n ? template.replace("%n", String(n)) : "";
    count.classList.remove("bulk-none");
    all.checked = n > 0 && n === picks().length;
    form.classList.toggle("bulk-picked", n > 0);
    measureBar();
  }
  all.addEventListener("change", function () {
    picks().forEach(function (p) { p.checked = all.checked; });
    update();
  });
  picks().forEach(function (p) { p.addEventListener("change", update); });
  // Sending back needs a reason (verify and retract do not): asked for here, before the list and the
  // selection are left for a page that only says it was missing.
  var reason = document.getElementById("bulk-reason");
  Array.prototype.slice.call(form.querySelectorAll("button[name=action]")).forEach(function (b) {
    b.addEventListener("click", function () { if (reason) { reason.required = b.value === "return"; } });
  });
  form.addEventListener("submit", function (e) {
    var button = e.submitter;
    // Nothing ticked: said here, on the list, rather than on a page that only says nothing was changed.
    if (!picks().some(function (p) { return p.checked; })) {
      e.preventDefault();
      count.textContent = count.getAttribute("data-none") || "";
      count.classList.add("bulk-none");
      return;
    }
    if (button && button.getAttribute("data-confirm") && !window.confirm(button.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
  // The bar sticks to the top: a row reached by #report-N (after its own verify or send back) would
  // scroll under it, out of sight. Rows keep the bar's height as a scroll margin, kept as the bar wraps.
  // On a phone the bar sticks only once a report is ticked (reports.css): unstuck, it covers no row.
  function measureBar() {
    var stuck = getComputedStyle(form).position === "sticky";
    document.documentElement.style.setProperty("--bulk-bar-height", (stuck ? form.offsetHeight : 0) + "px");
  }
  measureBar();
  window.addEventListener("resize", measureBar);
  var target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
  if (target) { target.scrollIntoView(); }
  update();
})();
