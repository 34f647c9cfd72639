// Every form the server sent back (a report, an event, an account, a place): the first field it marked
// (aria-invalid, its message as description) takes the focus, so a keyboard or screen-reader user lands on
// what to fix instead of the top of the document, where the page's load left them.
// A refusal that marks no field (a failed login) gives the focus to the first empty required field instead.
(function () {
  "use strict";

  var first = document.querySelector("main form [aria-invalid=true]");
  if (!first && document.querySelector("main .flash-error")) {
    first = Array.prototype.find.call(document.querySelectorAll("main form [required]"), function (input) {
      return !input.value && !input.disabled && input.type !== "hidden";
    });
  }
  if (!first || document.activeElement !== document.body) { return; }
  var folded = first.closest("details");
  if (folded) { folded.open = true; }
  first.focus({ preventScroll: true });
})();

// A form that undoes something for good (revoking a token) asks first: data-confirm on the form says what happens.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
})();
