// On every page: the service worker, the outbox bar (how many reports wait on this phone), the
// outbox page's list, and sending by itself when the network returns (the online event, each page
// load, and a Background Sync where the browser has it). The sending itself is outbox-core.js.
(function () {
  "use strict";

  var bar = document.getElementById("outbox-bar");
  var Core = window.OutboxCore;
  if (!bar || !Core || !Core.supported()) { return; }
  var S = JSON.parse(bar.getAttribute("data-strings") || "{}");
  var user = bar.getAttribute("data-user");
  var lang = document.documentElement.lang || "zh-CN";

  function say(name, values) {
    var text = S[name] || name;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function link(href, text, cls) {
    var a = el("a", cls, text);
    a.href = href;
    return a;
  }

  // Times as every page shows them (incidents/formatting.py, fmt_time; its words come in S.time): 12月3日 21:43,
  // 2021年7月27日 约16:30, 7月27日下午 / 3 Dec 21:43, 27 Jul 2021 ≈16:30; the year only when it is not this year
  // (formatting.shows_year), the zone's name after the clock where its clocks change that year (zone_mark).
  var T = S.time || { lang: "zh", about: "约", parts: {}, that_day: "当日" };
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function localParts(date, tz, extra) {
    var parts = {};
    var options = { timeZone: tz || undefined, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit",
                    minute: "2-digit", hourCycle: "h23" };
    Object.keys(extra || {}).forEach(function (k) { options[k] = extra[k]; });
    new Intl.DateTimeFormat("en-US", options).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return parts;
  }

  function offsetName(date, tz) {
    // "EDT"; where a zone has no letters, its offset as UTC+03:00 (formatting.fmt_offset).
    var name = localParts(date, tz, { timeZoneName: "short" }).timeZoneName || "";
    if (/^[A-Za-z]/.test(name) && !/^(GMT|UTC)/.test(name)) { return name; }
    var m = /([+\-\u2212])(\d{1,2})(?::(\d{2}))?/.exec(name);
    if (!m) { return "UTC+00:00"; }
    return "UTC" + (m[1] === "+" ? "+" : "\u2212") + ("0" + m[2]).slice(-2) + ":" + (m[3] || "00");
  }

  function zoneMark(day, clock, tz) {
    if (!tz || !clock) { return ""; }
    var year = Number(day.slice(0, 4));
    var jan = offsetName(new Date(Date.UTC(year, 0, 1, 12)), tz);
    var jul = offsetName(new Date(Date.UTC(year, 6, 1, 12)), tz);
    if (jan === jul) { return ""; }
    // The clock read in the zone: the UTC instant of that local time is found within a day's offsets.
    var guess = new Date(day + "T" + clock + ":00Z");
    for (var h = -14; h <= 14; h++) {
      var at = new Date(guess.getTime() - h * 3600000);
      var p = localParts(at, tz);
      if (p.year + "-" + p.month + "-" + p.day === day && p.hour + ":" + p.minute === clock) {
        return " " + offsetName(at, tz);
      }
    }
    return "";
  }

  function pageDay(day, tz) {
    var y = Number(day.slice(0, 4)), m = Number(day.slice(5, 7)), d = Number(day.slice(8, 10));
    if (!y || !m || !d) { return day; }
    var year = y !== Number(localParts(new Date(), tz).year);
    if (T.lang === "zh") { return (year ? y + "年" : "") + m + "月" + d + "日"; }
    return d + " " + MONTHS[m - 1] + (year ? " " + y : "");
  }

  // A local day (YYYY-MM-DD), clock (HH:MM) and precision as fmt_time says them.
  function pageTime(day, clock, precision, tz) {
    if (!day) { return clock || ""; }
    var shown = pageDay(day, tz);
    precision = precision || "exact";
    if (precision === "day") { return shown; }
    if (precision !== "exact" && precision !== "approximate") {
      var part = (T.parts || {})[precision] || "";
      return T.lang === "zh" ? shown + part : (shown + " " + part).trim();
    }
    if (!clock) { return shown; }
    var at = clock + zoneMark(day, clock, tz);
    return shown + " " + (precision === "approximate" ? T.about : "") + at;
  }

  // A stored instant in the event's zone, as the pages show one.
  function when(iso, tz) {
    if (!iso) { return ""; }
    try {
      var p = localParts(new Date(iso), tz);
      return pageTime(p.year + "-" + p.month + "-" + p.day, (p.hour === "24" ? "00" : p.hour) + ":" + p.minute,
                      "exact", tz);
    } catch (e) { return iso; }
  }

  // What was observed, as typed in the form (its day, clock and precision), shown as the pages show it.
  function observed(summary, tz) {
    var t = summary.observed_time;
    if (!t) { return summary.observed; }  // a card saved before the form kept its parts
    try { return pageTime(t.day, t.clock, t.precision, tz); } catch (e) { return summary.observed; }
  }

  // ---- the bar, on every page -----------------------------------------------------------------
  // The report on this page's own form (its one-time key is the entry's): refused and being corrected here, it is
  // not "1 refused" in the bar above it, which a worker read as a second report sent back (7 December).
  // Opened from the outbox (?outbox=<key>), the form takes that key once it has read the entry: either names it.
  function onThisForm() {
    var token = document.querySelector("form.report-form[data-outbox] input[name=token]");
    if (!token) { return []; }
    return [token.value, new URLSearchParams(window.location.search).get("outbox")].filter(Boolean);
  }

  function renderBar(entries) {
    var here = onThisForm();
    var waiting = entries.filter(function (e) { return e.status === "waiting" || e.status === "sending"; });
    var refused = entries.filter(function (e) { return e.status === "refused" && here.indexOf(e.key) < 0; });
    bar.innerHTML = "";
    bar.hidden = !waiting.length && !refused.length && navigator.onLine;
    if (!navigator.onLine) { bar.appendChild(el("span", "outbox-offline", S.offline)); }
    if (waiting.length) { bar.appendChild(el("span", "outbox-count", say("waiting", { n: waiting.length }))); }
    if (refused.length) { bar.appendChild(el("span", "outbox-refused", say("refused_n", { n: refused.length }))); }
    if (waiting.some(function (e) { return e.hold === "login"; })) {
      bar.appendChild(link(bar.getAttribute("data-login"), S.login, "outbox-login"));
    }
    if (waiting.length || refused.length) { bar.appendChild(link(bar.getAttribute("data-outbox"), S.open, "outbox-open")); }
    bar.setAttribute("data-waiting", String(waiting.length));
  }

  // ---- the outbox page --------------------------------------------------------------------------
  var list = document.getElementById("outbox-list");

  function entryItem(e) {
    var li = el("li", "outbox-item state-" + e.status);
    li.setAttribute("data-key", e.key);
    li.setAttribute("data-status", e.status);
    var head = el("div", "outbox-head");
    head.appendChild(el("span", "outbox-state", S["state_" + e.status] || e.status));
    head.appendChild(el("span", "outbox-summary", [e.summary.kind, e.summary.place].filter(Boolean).join(" · ")));
    li.appendChild(head);
    // Someone else's, on a shared phone (or no one logged in): whose it is, not what it says; no fixing, no discarding.
    if (!Core.ownedBy(e, user)) {
      li.appendChild(el("p", "outbox-hold", say("other", { name: e.user_name || "?" })));
      return li;
    }
    if (e.summary.detail) { li.appendChild(el("p", "outbox-detail", e.summary.detail)); }
    var times = el("dl", "outbox-times");
    function row(label, value) {
      if (!value) { return; }
      times.appendChild(el("dt", null, label));
      times.appendChild(el("dd", null, value));
    }
    row(S.observed, observed(e.summary, e.tz));
    row(S.saved, when(e.saved_at, e.tz));
    if (e.status === "sent") { row(S.received, when(e.reported_at, e.tz)); }
    li.appendChild(times);
    if (e.status === "sent" && e.report_url) {
      li.appendChild(link(e.report_url, say("report", { id: e.report_id }), "outbox-report"));
    }
    if (e.hold === "login" && e.status === "waiting") {
      var p = el("p", "outbox-hold");
      p.appendChild(link(bar.getAttribute("data-login"), S.login));
      li.appendChild(p);
    }
    if (e.status === "refused") {
      li.appendChild(el("p", "outbox-why", S.refused_intro));
      var errors = el("ul", "outbox-errors");
      (e.errors || []).forEach(function (err) {
        var item = el("li", "error", (err.label ? err.label + (S.colon || ": ") : "") + err.message);
        item.setAttribute("data-field", err.field);
        errors.appendChild(item);
      });
      li.appendChild(errors);
      var actions = el("p", "outbox-fix");
      actions.appendChild(link(e.form_url + "?outbox=" + encodeURIComponent(e.key), S.fix, "button"));
      var discard = el("button", "link", S.discard);
      discard.type = "button";
      discard.addEventListener("click", function () {
        if (window.confirm(S.discard_confirm)) { Core.remove(e.key); }
      });
      actions.appendChild(discard);
      li.appendChild(actions);
    }
    return li;
  }

  function renderList(entries) {
    if (!list) { return; }
    list.innerHTML = "";
    if (!entries.length) { list.appendChild(el("li", "empty", S.empty)); }
    // On a shared phone each person sees their own sent reports; what waits for someone else shows as held.
    entries.slice().reverse().forEach(function (e) {
      if (e.status !== "sent" || Core.ownedBy(e, user)) { list.appendChild(entryItem(e)); }
    });
  }

  function render() {
    return Core.all().then(function (entries) {
      // A phone shared by several people: each sees what they saved, and what waits for someone else.
      renderBar(entries);
      renderList(entries);
      if (note) { note.hidden = !saved || (navigator.onLine && !server); }
      // Each button only when it has something to do: on an empty outbox 立即发送 and 清除已发送的 did nothing.
      if (sendButton) {
        sendButton.hidden = !navigator.onLine || !entries.some(function (e) { return e.status === "waiting"; });
      }
      if (clear) {
        clear.hidden = !entries.some(function (e) {
          return e.status === "sent" && Core.ownedBy(e, user);
        });
      }
    });
  }

  // Just saved without a network (report-outbox.js came here with ?saved=): say where the report is.
  var note = document.getElementById("outbox-note");
  var saved = /[?&]saved=/.test(window.location.search);
  var server = /[?&]server=1/.test(window.location.search);  // sent, but the server could not take it
  if (note) { note.textContent = server ? S.stored_server_trouble : S.stored_offline; }

  // ---- sending ----------------------------------------------------------------------------------
  var flushing = false;
  var asked = false;
  var pause = 0;
  var again = null;
  function send() {
    if (!navigator.onLine) { return Promise.resolve(); }
    // Asked while a send is still finishing (the network came back as the last one failed): once more
    // after it, or the online event would be lost.
    if (flushing) { asked = true; return Promise.resolve(); }
    flushing = true;
    asked = false;
    window.clearTimeout(again);
    return Core.flush("queue").then(sent, function () { return sent({ state: "retry" }); });
  }

  function sent(result) {
    flushing = false;
    if (asked && navigator.onLine) { return send(); }
    later(result);
    return render();
  }

  // A send that failed with the phone still "online" (a dropped or hung connection, a server error)
  // fires no online event: try again by itself, waiting longer each time, rather than leave the
  // reports until the next page load or a tap on 立即发送.
  function later(result) {
    if (result.state !== "offline" && result.state !== "retry") { pause = 0; return; }
    pause = Math.min(pause ? pause * 2 : Core.retryMs, Core.retryMaxMs);
    again = window.setTimeout(send, pause);
  }

  window.addEventListener("outbox-changed", render);
  if (Core.channel) { Core.channel.addEventListener("message", render); }
  window.addEventListener("online", function () { render(); send(); });
  window.addEventListener("offline", render);
  var sendButton = document.getElementById("outbox-send");
  if (sendButton) { sendButton.addEventListener("click", send); }
  var clear = document.getElementById("outbox-clear");
  if (clear) {
    clear.addEventListener("click", function () { Core.dropSent(null); });
  }

  // A sent report's text stays on the phone only while its author is the one logged in (docs/offline.md, shared
  // phones): the first page of another login drops the others' sent entries, and 退出 drops them all before the
  // logout goes (never holding it up long). What waits to be sent stays: its author must still send it.
  if (user) { Core.dropSent(user); }
  var logout = document.querySelector("form[data-logout]");
  if (logout) {
    logout.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var go = function () { logout.submit(); };
      Promise.race([Core.dropSent(null), new Promise(function (done) { window.setTimeout(done, 2000); })]).then(go, go);
    });
  }

  // ---- the service worker: the app shell and this user's forms kept for offline use --------------
  function warm(registration) {
    if (!user || !navigator.onLine) { return; }
    // Kept already for this user, this version, the event they last reported for and the events and places
    // as they stand (data-kept: an event ended since gives copies that leave its time blank), within the hour:
    // no request at all. (A user who turns to another event gets that event's forms kept at once.)
    var mark = bar.getAttribute("data-version") + ":" + user + ":" + bar.getAttribute("data-kept");
    var ready = function () { document.documentElement.setAttribute("data-offline-ready", mark); };
    var last = window.localStorage ? window.localStorage.getItem("offline-warmed") : null;
    if (last && last.split("|")[0] === mark && Date.now() - Number(last.split("|")[1]) < 3600 * 1000) {
      ready();
      return;
    }
    Core.me().then(function (who) {
      if (who.state !== "ok" || !registration.active) { return; }
      var reply = new MessageChannel();
      reply.port1.onmessage = function () {
        if (window.localStorage) { window.localStorage.setItem("offline-warmed", mark + "|" + Date.now()); }
        ready();
      };
      registration.active.postMessage({ type: "warm", user: who.me.user_id,
        urls: who.me.forms.concat([who.me.areas, who.me.outbox]) }, [reply.port2]);
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(bar.getAttribute("data-worker"), { scope: "/" }).catch(function () {});
    navigator.serviceWorker.ready.then(function (registration) {
      warm(registration);
      navigator.serviceWorker.addEventListener("message", function (msg) {
        if (msg.data === "outbox-changed") { render(); }
      });
    });
  }

  render().then(send);
})();
