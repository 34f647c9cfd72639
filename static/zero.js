// The 零报告 buttons (templates/reports/_zero.html) ask first, as the brief's sign-off does (CSP: no inline
// handlers): a stray tap must not answer for a whole subdistrict. Confirmed here, the POST says so; without
// JavaScript it does not, and the server asks on a page of its own (reports/zero_views.py).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  Array.prototype.slice.call(document.querySelectorAll(".zero-taps button[data-confirm]")).forEach(function (b) {
    b.form.addEventListener("submit", function (e) {
      if (!window.confirm(b.getAttribute("data-confirm"))) { e.preventDefault(); return; }
      b.form.elements.confirmed.value = "1";
    });
  });
});
