// Report forms, progressively enhanced: everything works without this file (plain selects
// and inputs); with it the area picker searches by name or pinyin initials, the clock input
// hides for a part of the day, a second tap on "Save" is ignored while the first is on its way, and
// what was typed survives a switch of language.
// Without a network the place search reads the user's places the service worker kept (/offline/areas).
(function () {
  "use strict";

  var VAGUE = { morning: 1, afternoon: 1, evening: 1, night: 1, day: 1 };

  function setupVagueTime(box) {
    var precision = box.querySelector("select");
    var clock = box.querySelector("input.clock");
    if (!precision || !clock) { return; }
    function sync() {
      var vague = VAGUE.hasOwnProperty(precision.value);
      clock.hidden = vague;
      clock.disabled = vague;
      // Its column goes to the precision: "that day (time unknown)" reads whole, not cut at the clock's edge.
      box.classList.toggle("vague", vague);
    }
    precision.addEventListener("change", sync);
    sync();
  }

  function setupAreaPicker(box) {
    var select = box.querySelector("select");
    var url = box.getAttribute("data-search-url");
    if (!select || !url) { return; }
    var search = document.createElement("input");
    search.type = "search";
    search.className = "area-search";
    search.setAttribute("autocomplete", "off");
    search.setAttribute("autocapitalize", "none");
    // The placeholder is short enough for a phone; the label says it in full.
    search.setAttribute("aria-label", box.getAttribute("data-label") || box.getAttribute("data-placeholder") || "");
    search.placeholder = box.getAttribute("data-placeholder") || "";
    var results = document.createElement("ul");
    results.className = "area-results";
    results.setAttribute("role", "listbox");
    results.hidden = true;
    select.parentNode.insertBefore(search, select);
    select.parentNode.insertBefore(results, select);
    var timer = null;
    var seq = 0;

    // Chosen from the keyboard (Enter in the box, or Enter/Space on a result), the focus goes to the list
    // below, which reads out the place now chosen: before, it stayed in the emptied search box and a
    // screen reader said nothing of the pick. A tap leaves the focus alone (a phone opens no picker).
    function choose(id, byKeyboard) {
      select.value = String(id);
      select.dispatchEvent(new Event("change", { bubbles: true }));
      results.hidden = true;
      results.innerHTML = "";
      search.value = "";
      if (byKeyboard) { select.focus(); }
    }

    function show(items) {
      results.innerHTML = "";
      if (!items.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = box.getAttribute("data-empty") || "—";
        results.appendChild(none);
      }
      items.forEach(function (item) {
        if (!select.querySelector('option[value="' + item.id + '"]')) { return; }
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.setAttribute("role", "option");
        button.setAttribute("data-id", item.id);
        var name = document.createElement("span");
        name.className = "name";
        name.textContent = item.name;
        button.appendChild(name);
        if (item.path) {
          var path = document.createElement("span");
          path.className = "path";
          path.textContent = item.path;
          button.appendChild(path);
        }
        // A click the keyboard made has no pointer position to count (detail 0).
        button.addEventListener("click", function (e) { choose(item.id, e.detail === 0); });
        li.appendChild(button);
        results.appendChild(li);
      });
      results.hidden = false;
    }

    function localMatches(q) {
      // Offline: filter the select's own options by the text typed.
      var out = [];
      Array.prototype.forEach.call(select.options, function (o) {
        if (o.value && o.text.toLowerCase().indexOf(q) !== -1) { out.push({ id: o.value, name: o.text, path: "" }); }
      });
      return out.slice(0, 20);
    }

    function offlineMatches(q) {
      var kept = box.getAttribute("data-offline-areas");
      if (!kept) { return Promise.resolve(localMatches(q)); }
      return fetch(kept, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (body) {
          // As typed, and as the server's search reads it (areas.services.typed_key: spaces of every kind and
          // punctuation dropped, full width as half): "甲 乙" finds 甲\u00a0乙小区, whose kept key holds "甲乙",
          // and 文峰汇十二府 finds 文峰汇·十二府.
          var read = q.normalize("NFKC").replace(/[\s\p{P}]+/gu, "");
          return (body.areas || []).filter(function (a) {
            var key = a.key || "", name = a.name.toLowerCase();
            return key.indexOf(q) !== -1 || name.indexOf(q) !== -1 || (read && key.indexOf(read) !== -1);
          }).slice(0, 20);
        })
        .catch(function () { return localMatches(q); });
    }

    function run() {
      var q = search.value.trim().toLowerCase();
      if (!q) { results.hidden = true; results.innerHTML = ""; return; }
      var mine = ++seq;
      fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin",
        headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang || "zh-CN" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (body) { if (mine === seq) { show(body.areas || []); } })
        .catch(function () {
          // No network: the user's places as the service worker kept them (name, pinyin, initials).
          return offlineMatches(q).then(function (found) { if (mine === seq) { show(found); } });
        });
    }

    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    // Text left in the search box was never picked: the form would be saved with the place the
    // select still holds (often the last report's), or refused as "required". Say so instead.
    var unpicked = document.createElement("p");
    unpicked.className = "area-unpicked";
    unpicked.setAttribute("role", "alert");
    unpicked.hidden = true;
    unpicked.textContent = box.getAttribute("data-unpicked") || "";
    select.parentNode.insertBefore(unpicked, select);
    search.addEventListener("input", function () { unpicked.hidden = true; });
    // A place picked in the list below the box is a choice too: the words typed above are done with
    // (they no longer stop the form with "tap a place in the list" while the list shows the place).
    select.addEventListener("change", function () {
      search.value = "";
      results.hidden = true;
      results.innerHTML = "";
      unpicked.hidden = true;
    });
    if (select.form) {
      select.form.addEventListener("submit", function (e) {
        if (!search.value.trim()) { return; }
        e.preventDefault();
        e.stopImmediatePropagation();  // before the outbox and the one-tap guard see a submit
        unpicked.hidden = false;
        run();
        search.focus();
      });
    }
    search.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        // Enter picks the first match instead of sending the half-filled form.
        e.preventDefault();
        var first = results.querySelector("button[data-id]");
        if (first) { choose(first.getAttribute("data-id"), true); }
      } else if (e.key === "Escape") {
        results.hidden = true;
      }
    });
  }

  function setupOnce(form) {
    var button = form.querySelector("button[type=submit]");
    var label = button ? button.textContent : "";
    form.addEventListener("submit", function (e) {
      if (form.getAttribute("data-sent") === "1") { e.preventDefault(); return; }
      form.setAttribute("data-sent", "1");
      if (button) {
        button.setAttribute("aria-disabled", "true");
        button.textContent = form.getAttribute("data-submitting") || label;
      }
    });
    // The page's one-time token goes into its address: Back to it (even reloaded) keeps the token,
    // so "Save" again is answered as the same report, never a second one.
    var token = form.querySelector("input[name=token]");
    var version = form.querySelector("input[name=version]");
    if (token && token.value && !(version && version.value) && window.history && window.URL) {
      var here = new URL(window.location.href);
      if (here.searchParams.get("form") !== token.value) {
        here.searchParams.set("form", token.value);
        window.history.replaceState(window.history.state, "", here.toString());
      }
    }
    // Back to this page from the history: the form may be sent again (same one-time token).
    window.addEventListener("pageshow", function () {
      form.removeAttribute("data-sent");
      if (button) { button.removeAttribute("aria-disabled"); button.textContent = label; }
    });
  }

  // A pumped volume starts where its operation's last one ended, else when the operation began (the
  // server's figure for each, on the select): filled as an operation is chosen, unless the person has
  // typed a start of their own.
  function setupVolumeStart(select) {
    var starts = JSON.parse(select.getAttribute("data-period-starts") || "{}");
    var day = select.form.querySelector("input[name=period_start-day]");
    var clock = select.form.querySelector("input[name=period_start-time]");
    var precision = select.form.querySelector("select[name=period_start-precision]");
    if (!day || !clock || !precision) { return; }
    function shown() { return [day.value, clock.value, precision.value].join("|"); }
    // What was filled for the person: the chosen operation's start. Not simply what is shown: a form the
    // server refused comes back with the start as sent, and one the person typed is theirs to keep.
    var filled = starts[select.value] ? starts[select.value].join("|") : "";
    select.addEventListener("change", function () {
      var start = starts[select.value];
      if (!start || (day.value && shown() !== filled)) { return; }
      day.value = start[0];
      clock.value = start[1];
      precision.value = start[2];
      precision.dispatchEvent(new Event("change", { bubbles: true }));
      filled = shown();
    });
  }

  // Switching the language reloads the page: what was typed goes across with it (this tab only,
  // read once, within a few minutes), so a half-filled report is not lost to the language switch.
  var CARRY_MS = 5 * 60 * 1000;
  // A correction is a plain form post (no outbox): sent after its sign-in ended elsewhere (logged out on every
  // device, a password changed) it meets the login page, which comes back to an empty edit. Kept as sent, with
  // the version it corrects, and given back when that version's page comes again: the edit was not saved (a
  // saved one raises the version). Long enough to find a password.
  var SENT_MS = 60 * 60 * 1000;

  function carryAcrossLanguage(form) {
    if (!window.sessionStorage) { return; }
    var key = "carry:" + window.location.pathname;
    function fields() {
      return Array.prototype.filter.call(form.elements, function (el) {
        return el.name && ["hidden", "submit", "button", "file"].indexOf(el.type) === -1;
      });
    }
    var version = form.elements.version && !form.hasAttribute("data-outbox") ? form.elements.version.value : "";
    // Whose typing it is: given back to the same login only (a shared phone, another person logging in in this tab).
    var bar = document.getElementById("outbox-bar");
    var user = bar ? bar.getAttribute("data-user") || "" : "";
    function keep(sent) {
      var values = fields().map(function (el) {
        return [el.name, el.value, el.type === "checkbox" || el.type === "radio" ? el.checked : null];
      });
      window.sessionStorage.setItem(key, JSON.stringify({ at: Date.now(), values: values, version: sent, user: user }));
    }
    document.querySelectorAll('form[action*="/lang/"]').forEach(function (switcher) {
      switcher.addEventListener("submit", function () { keep(""); });
    });
    if (version) { form.addEventListener("submit", function () { keep(version); }); }
    var saved = window.sessionStorage.getItem(key);
    if (!saved) { return; }
    window.sessionStorage.removeItem(key);
    var carried = JSON.parse(saved);
    if (Date.now() - carried.at > (carried.version ? SENT_MS : CARRY_MS) || carried.user !== user) { return; }
    // Another version: it was saved (or changed by someone else); a refused form's page holds what was sent.
    if (carried.version && (carried.version !== version || document.querySelector(".flash-error[role=alert]"))) {
      return;
    }
    var left = fields(), changed = 0;
    carried.values.forEach(function (item) {
      var i = left.findIndex(function (el) {
        return el.name === item[0] && (item[2] === null || el.value === item[1]);
      });
      if (i === -1) { return; }
      var el = left.splice(i, 1)[0];
      if (item[2] === null ? el.value === item[1] : el.checked === item[2]) { return; }
      changed += 1;
      if (item[2] === null) { el.value = item[1]; } else { el.checked = item[2]; }
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    if (carried.version && changed && form.getAttribute("data-unsent")) {
      var note = document.createElement("p");
      note.className = "flash flash-warn";
      note.setAttribute("role", "note");
      note.textContent = form.getAttribute("data-unsent");
      form.insertBefore(note, form.firstChild);
    }
  }

  document.querySelectorAll("form.report-form").forEach(carryAcrossLanguage);
  document.querySelectorAll("[data-vtime]").forEach(setupVagueTime);
  document.querySelectorAll("select[data-period-starts]").forEach(setupVolumeStart);
  document.querySelectorAll(".area-picker").forEach(setupAreaPicker);
  document.querySelectorAll("form.report-form").forEach(setupOnce);
})();
