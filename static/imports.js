// Import pages, progressively enhanced: without this file the forms post as usual; with it a bar
// shows how far the server got checking or storing a large file (it polls the upload's progress).
(function () {
  "use strict";

  function watch(form) {
    var url = form.getAttribute("data-progress-url");
    var bar = form.querySelector("progress");
    var text = form.querySelector(".import-progress-text");
    if (!url || !bar) { return; }
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
      bar.hidden = false;
      function poll() {
        var req = new XMLHttpRequest();
        req.open("GET", url);
        req.onload = function () {
          if (req.status !== 200) { return; }
          var p = JSON.parse(req.responseText);
          if (p.total > 0) {
            bar.value = Math.round(p.done / p.total * 100);
            if (text) { text.textContent = p.phase + " " + p.done.toLocaleString() + " / " + p.total.toLocaleString(); }
          }
        };
        req.send();
      }
      setInterval(poll, 500);
    });
  }

  document.querySelectorAll("form.import-form").forEach(watch);
}());
