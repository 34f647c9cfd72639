// The device's outbox: reports saved on this phone (IndexedDB) and the one way they are sent.
// Loaded by every page and by the service worker (importScripts), so a page, another tab and a
// Background Sync all send through the same code:
// - each report keeps its one-time key (the form's token): the server answers a replay with the
//   first report, so a lost answer and a resend never make a second report;
// - only one sender at a time on the device (Web Locks), and each entry's status is read again
//   under the lock, so two open tabs never send the same report twice;
// - a report is sent only under the login of the user who saved it (shared phones); a lapsed
//   session keeps everything and says so.
(function (root) {
  "use strict";

  var DB = "incidents-outbox";
  var STORE = "reports";
  var META = "meta";
  var LOCK = "incidents-outbox-send";
  var ME_URL = "/offline/me";
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("incidents-outbox") : null;
  var opening = null;

  function supported() {
    return typeof indexedDB !== "undefined" && typeof fetch === "function";
  }

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var req = indexedDB.open(DB, 1);
        req.onupgradeneeded = function () {
          var db = req.result;
          if (!db.objectStoreNames.contains(STORE)) { db.createObjectStore(STORE, { keyPath: "key" }); }
          if (!db.objectStoreNames.contains(META)) { db.createObjectStore(META, { keyPath: "k" }); }
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { opening = null; reject(req.error); };
      });
    }
    return opening;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result;
        var req = work(tx.objectStore(store));
        if (req) { req.onsuccess = function () { result = req.result; }; }
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function notify() {
    if (channel) { channel.postMessage("changed"); }
    if (root.dispatchEvent && typeof CustomEvent === "function") {
      root.dispatchEvent(new CustomEvent("outbox-changed"));
    }
  }

  function put(entry) {
    return run(STORE, "readwrite", function (s) { return s.put(entry); }).then(function () { notify(); return entry; });
  }
  function get(key) { return run(STORE, "readonly", function (s) { return s.get(key); }); }
  function all() {
    return run(STORE, "readonly", function (s) { return s.getAll(); }).then(function (list) {
      return (list || []).sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
    });
  }
  function remove(key) {
    return run(STORE, "readwrite", function (s) { return s["delete"](key); }).then(notify);
  }
  // Sent entries but `keeping`'s (everyone's when it is null): stored on the server, their text need not stay here.
  function dropSent(keeping) {
    return all().then(function (entries) {
      return Promise.all(entries.filter(function (e) { return e.status === "sent" && !ownedBy(e, keeping); })
        .map(function (e) { return remove(e.key); }));
    });
  }
  function update(key, change) {
    return get(key).then(function (entry) {
      if (!entry) { return null; }
      Object.keys(change).forEach(function (k) { entry[k] = change[k]; });
      return put(entry);
    });
  }
  function setMeta(k, v) { return run(META, "readwrite", function (s) { return s.put({ k: k, v: v }); }); }
  function getMeta(k) {
    return run(META, "readonly", function (s) { return s.get(k); }).then(function (row) { return row ? row.v : null; });
  }

  function randomKey() {
    var bytes = new Uint8Array(18);
    root.crypto.getRandomValues(bytes);
    var text = "";
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return "o" + btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // A request that gets no answer in time is given up as "no network": on a flaky mobile link a send
  // can hang for minutes, holding the lock, so that no tab and no tap could send anything. Giving up is
  // safe: the key makes the next attempt a replay if the server did store it.
  function timed(url, options) {
    if (typeof AbortController !== "function") { return fetch(url, options); }
    var abort = new AbortController();
    var timer = setTimeout(function () { abort.abort(); }, api.waitMs);
    options.signal = abort.signal;
    // The timer also covers reading the body; it is cleared once the answer is read or given up.
    return fetch(url, options).then(function (r) {
      var read = r.clone().text().then(function () { clearTimeout(timer); }, function () { clearTimeout(timer); });
      return read.then(function () { return r; });
    }, function (e) { clearTimeout(timer); throw e; });
  }

  // Who is logged in now: {state: "ok", me} | {state: "login"} | {state: "retry"} (the server in trouble: a
  // database down answers 503) | {state: "offline"}.
  function me() {
    return timed(ME_URL, { credentials: "same-origin", cache: "no-store", redirect: "manual",
      headers: { "X-Outbox": "1", Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 401 || r.type === "opaqueredirect") { return { state: "login" }; }
        if (!r.ok) { return { state: "retry", status: r.status }; }
        return r.json().then(function (body) {
          return setMeta("me", { user_id: body.user_id, name: body.name, forms: body.forms })
            .then(function () { return { state: "ok", me: body }; });
        });
      })["catch"](function () { return { state: "offline" }; });
  }

  // One POST of the stored form: {state: "sent"|"refused"|"login"|"retry"|"offline", body}.
  function post(entry, who, mode) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) {
      if (pair[0] !== "csrf_token" && pair[0] !== "token") { body.append(pair[0], pair[1]); }
    });
    body.append("token", entry.key);
    body.append("csrf_token", who.csrf_token);
    return timed(entry.action, { method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { "X-Outbox": mode || "queue", Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 401 || r.type === "opaqueredirect") { return { state: "login" }; }
        var json = (r.headers.get("Content-Type") || "").indexOf("json") !== -1;
        if ((r.status === 200 || r.status === 201) && json) {
          return r.json().then(function (b) { return { state: "sent", body: b }; });
        }
        // 400 and 413 come as JSON only when no retry can save the form (a NUL character, a body too large).
        if ((r.status === 400 || r.status === 403 || r.status === 409 || r.status === 413 || r.status === 422) && json) {
          return r.json().then(function (b) { return { state: "refused", body: b }; });
        }
        return { state: "retry", status: r.status };
      })["catch"](function () { return { state: "offline" }; });
  }

  // Whose an entry is: its author's only. Another login on a shared phone neither sends it, reads its text nor
  // changes it (outbox.js shows it held, report-outbox.js opens no one else's).
  function ownedBy(entry, user) {
    return !!entry && !!user && String(entry.user_id) === String(user);
  }

  function sendable(entry) {
    return entry && (entry.status === "waiting" || entry.status === "sending");
  }

  // Send one entry under the lock; the entry is read again first (another tab may have sent it).
  function sendEntry(key, who, mode) {
    return get(key).then(function (entry) {
      if (!sendable(entry)) { return { state: entry ? entry.status : "gone", entry: entry }; }
      if (!ownedBy(entry, who.user_id)) {
        return update(key, { hold: "other" }).then(function (e) { return { state: "other", entry: e }; });
      }
      return update(key, { status: "sending", hold: null }).then(function () {
        return post(entry, who, mode);
      }).then(function (result) {
        var change;
        if (result.state === "sent") {
          change = { status: "sent", hold: null, errors: null, report_id: result.body.id, report_url: result.body.url,
                     reported_at: result.body.reported_at, sent_at: new Date().toISOString() };
        } else if (result.state === "refused") {
          change = { status: "refused", hold: null, errors: result.body.errors || [],
                     duplicate: !!result.body.duplicate, reused: result.body.report || null };
        } else {
          change = { status: "waiting", hold: result.state === "login" ? "login" : null };
        }
        return update(key, change).then(function (e) { result.entry = e; return result; });
      });
    });
  }

  function locked(work) {
    var locks = root.navigator && root.navigator.locks;
    return locks && locks.request ? locks.request(LOCK, work) : work();
  }

  // Send what waits (or only `onlyKey`), oldest first; stop at the first sign of no network or no login.
  function flush(mode, onlyKey) {
    if (!supported()) { return Promise.resolve({ state: "unsupported" }); }
    return locked(function () {
      return all().then(function (entries) {
        var todo = entries.filter(function (e) { return sendable(e) && (!onlyKey || e.key === onlyKey); });
        if (!todo.length) { return { state: "idle" }; }
        return me().then(function (who) {
          if (who.state !== "ok") {
            var hold = who.state === "login" ? "login" : null;
            return Promise.all(todo.map(function (e) { return update(e.key, { status: "waiting", hold: hold }); }))
              .then(function () { return { state: who.state }; });
          }
          var last = { state: "idle" };
          return todo.reduce(function (chain, e) {
            return chain.then(function (stop) {
              if (stop) { return true; }
              return sendEntry(e.key, who.me, mode).then(function (result) {
                last = result;
                return result.state === "offline" || result.state === "login" || result.state === "retry";
              });
            });
          }, Promise.resolve(false)).then(function () { return last; });
        });
      });
    });
  }

  var api = root.OutboxCore = {
    supported: supported, put: put, get: get, all: all, remove: remove, dropSent: dropSent, update: update,
    flush: flush,
    me: me, ownedBy: ownedBy, setMeta: setMeta, getMeta: getMeta, randomKey: randomKey, channel: channel,
    // How long one request may wait for its answer, and the first pause before trying again after a
    // failed send (outbox.js doubles it up to retryMaxMs). Settable, so a test need not wait minutes.
    waitMs: 30000, retryMs: 20000, retryMaxMs: 300000
  };
})(self);
