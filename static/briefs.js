// Print button on the A4 page; on the brief's page, sign-off asks first (CSP: no inline handlers).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-button");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
  // Signing sends the brief to the event's recipients at once: one stray tap must not.
  Array.prototype.slice.call(document.querySelectorAll("button[data-confirm]")).forEach(function (b) {
    b.form.addEventListener("submit", function (e) {
      if (e.submitter === b && !window.confirm(b.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
});
