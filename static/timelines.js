// Restoration timeline: a group's bars load when it is opened, 200 at a time (CSP: no inline script).
// Without JavaScript each group links to a page of its own; with it, the same bars arrive in place.
(function () {
  "use strict";

  function fetchHtml(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.text();
    });
  }

  function parse(html) {
    var t = document.createElement("template");
    t.innerHTML = html;  // our own server's escaped HTML; the CSP keeps any script in it inert
    return t.content;
  }

  // A group's bars as a fragment: its page's link, less /page (the query pins the first view's moment and axis).
  function fragmentUrl(holder) {
    var url = new URL(holder.querySelector("a").href);
    url.pathname = url.pathname.replace(/\/page$/, "");
    return url.href;
  }

  function load(details) {
    var holder = details.querySelector(".tl-load");
    if (!holder || holder.dataset.state === "loading") { return; }
    holder.dataset.state = "loading";
    holder.setAttribute("aria-busy", "true");
    var failed = holder.querySelector(".tl-failed");
    if (failed) { failed.remove(); }
    fetchHtml(fragmentUrl(holder)).then(function (html) {
      holder.replaceWith(parse(html));
    }, function () {
      // A flaky network: say so and offer to try again (the page's one note); the link still leads to the group's page.
      holder.dataset.state = "failed";
      holder.removeAttribute("aria-busy");
      holder.appendChild(document.getElementById("tl-failed").content.cloneNode(true));
    });
  }

  function more(link) {
    var item = link.parentNode;
    if (item.dataset.state === "loading") { return; }
    item.dataset.state = "loading";
    link.setAttribute("aria-busy", "true");
    fetchHtml(link.dataset.next).then(function (html) {
      var rows = document.createDocumentFragment();
      parse(html).querySelectorAll(".tl-list > li").forEach(function (li) { rows.appendChild(li); });
      item.replaceWith(rows);
    }, function () {
      item.dataset.state = "failed";  // clicking again retries
      link.removeAttribute("aria-busy");
    });
  }

  // "toggle" does not bubble: listen in the capture phase.
  document.addEventListener("toggle", function (e) {
    if (e.target.matches && e.target.matches("details.tl-group") && e.target.open) { load(e.target); }
  }, true);

  document.addEventListener("click", function (e) {
    if (!e.target.closest) { return; }
    var link = e.target.closest(".tl-more a[data-next]");
    if (link) { e.preventDefault(); more(link); return; }
    var retry = e.target.closest(".tl-retry");
    if (retry) { load(retry.closest("details.tl-group")); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // A link to one group (#sub-12) opens it; groups the browser kept open load.
    var target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.matches("details.tl-group")) { target.open = true; }
    document.querySelectorAll("details.tl-group[open]").forEach(load);
  });
})();
