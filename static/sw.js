// The service worker, served from the site root (/sw.js, incidents/offline/views.py) so it covers
// every page. Its version is a hash of the static files and templates: a new version installs
// beside the old one, and on activation every cache of another version is deleted.
//
// - The app shell (styles, scripts, icons, the offline page) is cached at install: cache first.
// - The report forms a user needs (their events' forms, their places, the outbox page) are cached
//   when a page asks (the "warm" message, outbox.js) and refreshed whenever they are opened online:
//   network first, the cached copy without a network. A cached form has its one-time token blanked,
//   so every report made from it gets a key of its own (report-outbox.js).
// - Any other page needs the server: without a network it shows the offline page (zh and en).
// - A Background Sync sends the outbox (outbox-core.js, the same code the pages use).
"use strict";

importScripts("/static/outbox-core.js");

var VERSION = "__VERSION__";
var SHELL = "incidents-shell-" + VERSION;
var PAGES = "incidents-pages-" + VERSION;
var OFFLINE = "/offline";
var SHELL_FILES = [
  "/static/app.css", "/static/stack.css", "/static/reports.css", "/static/outbox.css", "/static/reports.js",
  "/static/report-outbox.js", "/static/outbox-core.js", "/static/outbox.js", "/static/forms.js",
  "/static/manifest.webmanifest",
  "/static/icons/icon-192.png", "/static/icons/icon-512.png", OFFLINE
];
// Pages kept for offline use: the report forms, the outbox.
var KEPT = [/^\/events\/\d+\/reports\/new(\/[a-z_]+)?$/, /^\/outbox$/];
var NETWORK_WAIT_MS = __NETWORK_WAIT_MS__;  // OFFLINE_NETWORK_WAIT_MS (incidents/config.py)

// Fetched without cookies (credentials "omit": none sent, none taken): the shell is public, and an
// anonymous answer taken at install could overwrite the session cookie of a login made at that moment
// (the server re-sets an anonymous session's cookie), logging the person out as they log in.
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(SHELL_FILES.map(function (url) { return new Request(url, { credentials: "omit" }); }));
  })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf("incidents-") === 0 && n !== SHELL && n !== PAGES;
    }).map(function (n) { return caches["delete"](n); }));
  }).then(function () { return self.clients.claim(); }));
});

function kept(path) {
  return KEPT.some(function (re) { return re.test(path); });
}

// A page as it is cached: the one-time token left blank (each use of the copy makes its own).
function forCache(response) {
  var type = response.headers.get("Content-Type") || "";
  if (type.indexOf("text/html") === -1) { return Promise.resolve(response); }
  return response.text().then(function (html) {
    var blank = html.replace(/(<input[^>]*name="token"[^>]*value=")[^"]*(")/, "$1$2");
    return new Response(blank, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
}

function store(url, response) {
  if (!response || !response.ok || response.redirected || response.type !== "basic") { return Promise.resolve(); }
  return forCache(response).then(function (copy) {
    return caches.open(PAGES).then(function (cache) { return cache.put(url, copy); });
  });
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (r) { clearTimeout(timer); resolve(r); }, function (e) { clearTimeout(timer); reject(e); });
  });
}

// The kept offline page is anonymous: its "New report" part goes for a user with no forms kept (a viewer,
// an administrator: the server answers them 403 there) and for no one known.
function offlinePage() {
  return caches.match(OFFLINE).then(function (r) {
    if (!r) {
      return new Response("<!doctype html><meta charset=utf-8><title>离线 / Offline</title><h1>离线 / Offline</h1>",
        { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    }
    return Promise.all([r.text(), OutboxCore.getMeta("me")["catch"](function () { return null; })]).then(function (got) {
      var forms = got[1] && got[1].forms && got[1].forms.length;
      var html = forms ? got[0] : got[0].replace(/<!-- reporting -->[\s\S]*?<!-- \/reporting -->/, "");
      var headers = new Headers(r.headers);
      headers["delete"]("Content-Length");
      return new Response(html, { status: r.status, statusText: r.statusText, headers: headers });
    });
  });
}

function cachedPage(url) {
  return caches.match(url, { ignoreSearch: true });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  var path = url.pathname;

  if (path.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (path === "/offline/areas") {
    // The user's places for the picker: fresh when there is a network, the kept copy when not.
    event.respondWith(fetch(request).then(function (response) {
      event.waitUntil(store(url.origin + path, response.clone()));
      return response;
    }, function () { return cachedPage(url.origin + path).then(function (hit) { return hit || Response.error(); }); }));
    return;
  }
  if (request.mode !== "navigate") { return; }

  if (kept(path)) {
    var network = fetch(request);
    var keep = function (response) {
      // The server in trouble (a database down answers 503): the kept copy works on the phone — a report
      // typed there waits in the outbox, and the outbox page shows it — where the error page would not.
      if (response.status >= 500) {
        return cachedPage(url.origin + path).then(function (hit) { return hit || response; });
      }
      var copy = response.clone();
      // A form given back filled in after a login (X-Held-Form) is that person's typing: no copy for offline use.
      if (response.ok && !url.search.match(/[?&]outbox=/) && !response.headers.get("X-Held-Form")) {
        event.waitUntil(store(url.origin + path, copy));
      }
      return response;
    };
    // A slow answer gives way to the kept copy; with no copy kept yet, the page still waits for the
    // server: the offline page in its place would be a form lost on a busy server that works.
    event.respondWith(withTimeout(network, NETWORK_WAIT_MS).then(keep, function () {
      return cachedPage(url.origin + path).then(function (hit) { return hit || network.then(keep, offlinePage); });
    }));
    return;
  }
  if (path === "/reports/new") {
    // "New report" without a network: the kind chooser of the event the user reports for.
    event.respondWith(fetch(request)["catch"](function () {
      return OutboxCore.getMeta("me").then(function (me) {
        var first = me && me.forms && me.forms[0];
        return first ? cachedPage(url.origin + first).then(function (hit) {
          return hit ? Response.redirect(first, 302) : offlinePage();
        }) : offlinePage();
      }, offlinePage);
    }));
    return;
  }
  event.respondWith(fetch(request)["catch"](offlinePage));
});

// outbox.js asks for this user's forms, places and outbox page to be kept (after a login, an update).
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "warm") { return; }
  var port = event.ports && event.ports[0];
  var urls = (data.urls || []).filter(function (u) { return typeof u === "string" && u.charAt(0) === "/"; });
  // One warm at a time, in the order asked: an older list finishing last would delete a newer one's forms.
  warming = warming.then(function () { return warm(urls); }, function () { return warm(urls); })
    .then(function () { if (port) { port.postMessage("warmed"); } });
  event.waitUntil(warming);
});

var warming = Promise.resolve();

function warm(urls) {
  return Promise.all(urls.map(function (u) {
    // Not followed: a form asked as the person logs out is sent on to the login page, kept by no one.
    return fetch(u, { credentials: "same-origin", redirect: "manual" })
      .then(function (r) { return store(self.location.origin + u, r); }, function () {});
  })).then(function () {
    // What is not on the list goes (another user's forms: a shared phone never offers one person's
    // places to the next).
    var wanted = urls.map(function (u) { return self.location.origin + u; });
    return caches.open(PAGES).then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return wanted.indexOf(k.url) === -1; })
          .map(function (k) { return cache["delete"](k); }));
      });
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag !== "outbox") { return; }
  event.waitUntil(OutboxCore.flush("queue").then(function () {
    return self.clients.matchAll().then(function (clients) {
      clients.forEach(function (c) { c.postMessage("outbox-changed"); });
    });
  }));
});
