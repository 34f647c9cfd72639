// A new report's form, offline-first: "Save" checks on the phone what can be checked (required
// fields, numbers with 余/+, the vague-time inputs: the server's rules, minimally; the server stays
// the authority), keeps the report in the outbox with its one-time key, then sends it at once if
// there is a network. Without one the report waits on the phone (outbox-core.js sends it later).
// A refused report opened from the outbox (?outbox=<key>) shows the server's message on each field.
(function () {
  "use strict";

  var form = document.querySelector("form.report-form[data-outbox]");
  var bar = document.getElementById("outbox-bar");
  var Core = window.OutboxCore;
  if (!form || !bar || !Core || !Core.supported()) { return; }
  var S = JSON.parse(bar.getAttribute("data-strings") || "{}");
  var checks = JSON.parse(form.getAttribute("data-checks") || "{}");
  var required = (form.getAttribute("data-required") || "").split(" ").filter(Boolean);
  var tz = form.getAttribute("data-tz") || undefined;
  var token = form.querySelector("input[name=token]");
  var KEY_RE = /^[A-Za-z0-9_-]{16,64}$/;
  var params = new URLSearchParams(window.location.search);
  var fixing = params.get("outbox");

  // ---- a page from the service worker's cache: its own key, and "now" is the phone's now ----------
  function nowIn(zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date())
      .forEach(function (p) { parts[p.type] = p.value; });
    return { day: parts.year + "-" + parts.month + "-" + parts.day, clock: parts.hour + ":" + parts.minute };
  }

  if (token && !token.value) {
    // The cached copy has no token (sw.js blanks it): every report made from it needs a key of its own.
    var given = params.get("form");
    token.value = given && KEY_RE.test(given) ? given : Core.randomKey();
    var main = form.getAttribute("data-main-time");
    var now = nowIn(tz);
    var day = form.querySelector("input[name='" + main + "-day']");
    var clock = form.querySelector("input[name='" + main + "-time']");
    // An ended event's copy stays blank, as the server's page: now, after its end, would count nowhere.
    if (day && clock && !given && !form.hasAttribute("data-ended")) {
      day.value = now.day;
      clock.value = now.clock;
      // The clock this page filled in itself, not one typed (form_fields.given_clock): the phone's now, as shown.
      var mark = form.querySelector("input[name='" + main + "-prefilled']");
      if (mark) { mark.value = now.clock; }
    }
    var here = new URL(window.location.href);
    here.searchParams.set("form", token.value);
    window.history.replaceState(window.history.state, "", here.toString());
  }

  // ---- messages on the fields ------------------------------------------------------------------
  function box(name) {
    if (name === "mass_kg") { name = "mass_t"; }
    var vtime = document.getElementById(name);
    if (vtime && vtime.hasAttribute("data-vtime")) { return vtime; }
    if (name === "counts") { return document.getElementById("counts"); }
    var input = form.elements[name];
    if (input && input.closest) { return input.closest(".field"); }
    return null;
  }

  function clearMessages() {
    document.querySelectorAll("[data-client-error]").forEach(function (n) { n.remove(); });
    form.querySelectorAll(".has-error").forEach(function (n) { n.classList.remove("has-error"); });
    form.querySelectorAll("[data-client-invalid]").forEach(function (input) {
      input.removeAttribute("data-client-invalid");
      input.removeAttribute("aria-invalid");
      var rest = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id.indexOf("-client-error") === -1;
      });
      if (rest.length) { input.setAttribute("aria-describedby", rest.join(" ")); } else { input.removeAttribute("aria-describedby"); }
    });
  }

  // The control a message is about, as the server's page marks it: the field's own input (a time's day,
  // the first of the counts), not the "more than" box beside it.
  function controlIn(where) {
    return where.querySelector("input:not([type=checkbox]):not([type=hidden]):not(.area-search), select, textarea");
  }

  // Marked as the server's page marks it (aria-invalid, the message as its description), so a screen
  // reader reads the message on the field; before, only the colour changed and focus stayed on Save.
  function markInvalid(where, message) {
    var input = controlIn(where);
    if (!input) { return null; }
    message.id = (input.name || input.id || "field") + "-client-error";
    input.setAttribute("data-client-invalid", "");
    input.setAttribute("aria-invalid", "true");
    var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    ids.push(message.id);
    input.setAttribute("aria-describedby", ids.join(" "));
    return input;
  }

  // The marked fields named at the top, each a link to its field, in the page's order, as the server's page lists
  // them (templates/_errors.html to_check): 待检查：地点 · 停电时间. On a phone the marks lie screens below.
  function toCheck(errors) {
    var marked = [];
    errors.forEach(function (err) {
      var where = box(err.field);
      var input = where && (where.hasAttribute("data-vtime") || where.id === "counts" ? where : controlIn(where));
      var label = where && where.querySelector("legend, label");
      if (input && input.id && label && marked.every(function (m) { return m.where !== where; })) {
        var text = label.cloneNode(true);
        text.querySelectorAll(".req").forEach(function (n) { n.remove(); });
        marked.push({ where: where, id: input.id, text: text.textContent.trim() });
      }
    });
    if (!marked.length) { return null; }
    marked.sort(function (a, b) {
      return a.where.compareDocumentPosition(b.where) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    var p = document.createElement("p");
    p.className = "to-check";
    p.appendChild(document.createTextNode(S.to_check + " "));
    marked.forEach(function (m, i) {
      var a = document.createElement("a");
      a.className = "tap";
      a.href = "#" + m.id;
      a.textContent = m.text;
      if (!i) { p.appendChild(a); return; }
      // A separator kept with the link after it, as formatting.then writes it: a line never ends with one.
      var then = document.createElement("span");
      then.className = "then";
      var inner = document.createElement("span");
      inner.appendChild(a);
      then.appendChild(document.createTextNode("· "));
      then.appendChild(inner);
      p.appendChild(document.createTextNode(" "));
      p.appendChild(then);
    });
    return p;
  }

  function showMessages(errors) {
    clearMessages();
    var top = document.createElement("div");
    top.className = "flash flash-error";
    top.setAttribute("role", "alert");
    top.setAttribute("data-client-error", "");
    var intro = document.createElement("p");
    intro.textContent = S.check;
    top.appendChild(intro);
    var first = null;
    errors.forEach(function (err) {
      var where = box(err.field);
      var p = document.createElement("p");
      p.className = "error";
      p.setAttribute("data-client-error", "");
      p.setAttribute("data-field", err.field);
      if (where) {
        // Alone under its field, capitalised as the server's page writes it (csvfile.standalone): Required.
        p.textContent = err.message.charAt(0).toUpperCase() + err.message.slice(1);
        where.classList.add("has-error");
        where.appendChild(p);
        var folded = where.closest("details");
        if (folded) { folded.open = true; }  // a message inside a folded section must be seen
        var input = markInvalid(where, p);
        if (input && (!first || (first.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_PRECEDING))) {
          first = input;
        }
      } else {
        p.textContent = (err.label ? err.label + (S.colon || ": ") : "") + err.message;
        top.appendChild(p);
      }
    });
    var list = toCheck(errors);
    if (list) { top.appendChild(list); }
    form.parentNode.insertBefore(top, form);
    top.scrollIntoView({ block: "start" });
    // The first field to fix takes the focus (the summary above is announced as an alert).
    if (first) { first.focus({ preventScroll: true }); }
  }

  // ---- what the phone can check (reports/validation.py and parsing.py say the same, and decide) ----
  function value(name) {
    var input = form.elements[name];
    return input && typeof input.value === "string" ? input.value.trim() : "";
  }

  function check() {
    var errors = [];
    var seen = {};
    function add(field, key, params) {
      var message = (checks[key] || key).replace(/%\((\w+)\)s/g, function (all, name) {
        return params && name in params ? params[name] : all;
      });
      if (!seen[field]) { seen[field] = 1; errors.push({ field: field, message: message }); }
    }
    // A unit word as the server compares it (parsing.unit_key): NFKC, any case, no spaces.
    function unitKey(word) { return word.normalize("NFKC").replace(/[,，\s]/g, "").toLowerCase(); }
    // A date or clock half typed (09:__, 07/__/____): the browser keeps no value, yet the box shows what was typed.
    function half(name) {
      var input = form.elements[name];
      return !!(input && input.validity && input.validity.badInput);
    }
    required.forEach(function (name) {
      if (name === "mass_kg") { name = "mass_t"; }
      if (form.elements[name + "-day"]) {
        if (!value(name + "-day") && !value(name + "-time") && !half(name + "-day") && !half(name + "-time")) {
          add(name, "required");
        }
      } else if (form.elements[name] && !value(name)) {
        add(name, "required");
      }
    });
    form.querySelectorAll("[data-vtime]").forEach(function (fieldset) {
      var name = fieldset.id;
      var d = value(name + "-day");
      var c = value(name + "-time");
      var precision = value(name + "-precision") || "exact";
      if (!d && !c && !half(name + "-day") && !half(name + "-time")) { return; }
      // A date input gives YYYY-MM-DD or nothing; a day shown again as typed (a text input: forms.day_shown)
      // may be 2021/7/24, which the server reads: it says whether it is a day.
      var typedDay = form.elements[name + "-day"].type === "text";
      if (!typedDay && (!/^\d{4}-\d{2}-\d{2}$/.test(d) || isNaN(Date.parse(d)))) { add(name, "day"); return; }
      if (precision === "exact" || precision === "approximate") {
        if (half(name + "-time")) { add(name, "clock"); } else if (!c) { add(name, "clock_needed"); }
        else if (!/^\d{2}:\d{2}(:\d{2})?$/.test(c)) { add(name, "clock"); }
      }
    });
    form.querySelectorAll("input[inputmode=numeric], input[inputmode=decimal]").forEach(function (input) {
      var raw = input.value.trim();
      if (!raw) { return; }
      var field = input.name.indexOf("count_") === 0 ? "counts" : input.name;
      // English bound words as the server reads them (parsing.english_words): "about 300" and "up to 30" named,
      // "over 40", "more than 40", "at least 40" and "40 or more" read as 40+.
      var nfkc = raw.normalize("NFKC");
      var aboutEn = /^(approximately|approx\.?|about|around|roughly|nearly|~|≈)\s*(?=\d)/i.exec(nfkc);
      if (aboutEn) { add(field, "estimate", { typed: aboutEn[1] }); return; }
      var mostEn = /^(no more than|up to|at most|under|less than|fewer than|below)\s*(?=\d)/i.exec(nfkc);
      if (mostEn) { add(field, "at_most", { typed: mostEn[1] }); return; }
      nfkc = nfkc.replace(/^(?:over|more than|at least)\s*(?=\d)|\s*or more$/gi, "");
      // As the server reads it: full-width digits, thousands separators, a trailing 余/多/+/以上 ("more than").
      var text = nfkc.replace(/[,，\s]/g, "");
      var decimal = input.getAttribute("inputmode") === "decimal";
      if (decimal) {
        // Tonnes' words as the server takes them (parsing.TONNE_WORDS); another word after the number is named.
        var plus = /\+*$/.exec(text)[0];
        text = text.slice(0, text.length - plus.length).replace(/(tonnes|tonne|吨|t)$/i, "") + plus;
        var otherT = /^-?[\d.]+([^\d\s+余多.-].*?)\+*$/u.exec(text);
        if (otherT && /^\p{L}/u.test(otherT[1])) {
          add(field, "unit", { unit_zh: "吨", unit_en: "t", typed: otherT[1] });
          return;
        }
      }
      text = text.replace(/(以上|[+余多])+$/, "");
      // A total to date ("累计3000", "3000 to date") where one period's figure goes, named as the server names it.
      var total = /累计|累積|截至目前|截止目前|to ?date|so ?far|in ?total/i.exec(text);
      if (total) { add(field, "total", { typed: total[0] }); return; }
      // An estimate ("约3000方"): no figure field holds "about", named as the server names it.
      var about = /^(大约|约|近)(?=\d)/.exec(text);
      if (about) { add(field, "estimate", { typed: about[1] }); return; }
      // The same after the number ("30左右", "30来户"), an upper bound ("不超过30", "30以下") or a range
      // ("30-40"): said as the server says it (parsing.vague_count), not as another unit.
      var after = /\d(?:[^\d]*?(左右|上下)|(来))/.exec(text);
      if (after) { add(field, "estimate", { typed: after[1] || after[2] }); return; }
      var most = /^(不超过|不超|最多|至多|不到|不足|少于|低于|≤|<=?)(?=\d)/.exec(text) || /\d[^\d]*?(以下|以内|之内)/.exec(text);
      if (most) { add(field, "at_most", { typed: most[1] }); return; }
      var range = /^\d+(?:\.\d+)?[^\d]{0,4}?(?:-|~|至|到|—|–)\d+(?:\.\d+)?/.exec(text);
      if (range) { add(field, "range", { typed: range[0] }); return; }
      // The field's own unit after the number ("120人次", "30余户"), as the server accepts it (data-units,
      // from the same table); another unit is refused as the server words it.
      var parts = decimal ? null : /^(-?\d{1,40}(?:\.\d{1,4})?[万千]?)([+余多]*)(.*?)(以上|\+*)$/.exec(text);
      var units = (input.getAttribute("data-units") || "").split("|").filter(Boolean);
      if (parts && parts[3]) {
        if (units.map(unitKey).indexOf(unitKey(parts[3])) >= 0) {
          text = parts[1];
        } else if (units.length && /^\p{L}/u.test(parts[3])) {
          add(field, "unit", { unit_zh: units[0], unit_en: units[1] || units[0], typed: parts[3] });
          return;
        }
      }
      // In 万 (1.2万 is 12000) or 千 (1.5千 is 1500): the decimals the multiplier carries are whole units.
      var wan = decimal ? null : /^(-?\d{1,40})(?:\.(\d{1,4}))?([万千])$/.exec(text);
      var places = wan ? (wan[3] === "万" ? 4 : 3) : 0;
      if (wan && (wan[2] || "").length <= places) { text = wan[1] + (wan[2] || "").padEnd(places, "0"); }
      if (decimal ? !/^-?\d+(\.\d+)?$/.test(text) : !/^-?\d{1,40}$/.test(text)) {
        add(field, decimal ? "number" : "whole");
      } else if (Number(text) < 0) {
        add(field, "negative");
      }
    });
    return errors;
  }

  // ---- the outbox entry --------------------------------------------------------------------------
  function selectedText(name) {
    var select = form.elements[name];
    if (!select || !select.options || select.selectedIndex < 0 || !select.value) { return ""; }
    return select.options[select.selectedIndex].text;
  }

  function observedText() {
    var main = form.getAttribute("data-main-time");
    if (!main) { return value("period_day"); }  // a 零报告 has no clock of its own: it names its period
    var d = value(main + "-day");
    var c = value(main + "-time");
    var precision = value(main + "-precision") || "exact";
    if (precision === "exact") { return [d, c].filter(Boolean).join(" "); }
    return [d, selectedText(main + "-precision"), precision === "approximate" ? c : ""].filter(Boolean).join(" ");
  }

  // The same, in parts, for the outbox to show as the pages show times (outbox.js, pageTime).
  function observedTime() {
    var main = form.getAttribute("data-main-time");
    if (!main) { return value("period_day") ? { day: value("period_day"), clock: "", precision: "day" } : null; }
    var d = value(main + "-day");
    return d ? { day: d, clock: value(main + "-time"), precision: value(main + "-precision") || "exact" } : null;
  }

  // The figures typed, each with its field's label ("清运量（吨） 12"): two reports of one kind and place
  // (two loads cleared, a count then a correction) were two identical cards, one easily deleted as a double.
  function figuresText() {
    var parts = [];
    form.querySelectorAll("input[inputmode=numeric], input[inputmode=decimal]").forEach(function (input) {
      var typed = input.value.trim();
      if (!typed) { return; }
      var label = input.id ? form.querySelector("label[for='" + input.id + "']") : null;
      var name = label ? label.textContent.replace(/\*/g, "").trim() : "";
      var more = form.elements[input.name + "-more"];
      parts.push((name ? name + " " : "") + typed + (more && more.checked && !/[+余多]$/.test(typed) ? "+" : ""));
    });
    return parts.join(" · ");
  }

  function entryFrom(key, before) {
    var fields = [];
    new FormData(form).forEach(function (v, k) {
      if (k !== "csrf_token" && typeof v === "string") { fields.push([k, v]); }
    });
    var heading = document.querySelector("main h1");
    return {
      key: key, status: "waiting", hold: null, errors: null,
      user_id: before ? before.user_id : bar.getAttribute("data-user"),
      user_name: before ? before.user_name : bar.getAttribute("data-user-name"),
      action: window.location.pathname, form_url: window.location.pathname, tz: tz, fields: fields,
      saved_at: before ? before.saved_at : new Date().toISOString(),
      summary: { kind: heading ? heading.textContent.trim() : "",
                 place: selectedText("area_id") || selectedText("outage_id") || selectedText("operation_id"),
                 observed: observedText(), observed_time: observedTime(),
                 detail: ([value("title") || value("team"), figuresText()].filter(Boolean).join(" · ") ||
                          value("note")).slice(0, 120) }
    };
  }

  function fill(entry) {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.type === "checkbox" || input.type === "radio") { input.checked = false; }
    });
    entry.fields.forEach(function (pair) {
      var input = form.elements[pair[0]];
      if (!input || pair[0] === "csrf_token") { return; }
      if (input.type === "checkbox") { input.checked = true; } else { input.value = pair[1]; }
    });
    if (entry.duplicate) { askDuplicate(); }
    form.querySelectorAll("[data-vtime] select").forEach(function (s) {
      s.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  // A near-duplicate: the box that says "yes, this is another report" (the server's question).
  function askDuplicate() {
    if (!form.elements.confirm_duplicate) {
      var wrap = document.createElement("div");
      wrap.className = "field check has-error";
      var label = document.createElement("label");
      label.className = "check-label";
      var tick = document.createElement("input");
      tick.type = "checkbox";
      tick.name = "confirm_duplicate";
      tick.value = "1";
      label.appendChild(tick);
      label.appendChild(document.createTextNode(" " + S.duplicate));
      wrap.appendChild(label);
      var actions = form.querySelector(".form-actions") || form.querySelector("button[type=submit]");
      actions.parentNode.insertBefore(wrap, actions);
    }
  }

  var editing = null;
  if (fixing) {
    Core.get(fixing).then(function (entry) {
      // Read from IndexedDB after the page is drawn: data-outbox-opened says when it is there to change.
      if (!Core.ownedBy(entry, bar.getAttribute("data-user"))) {
        form.setAttribute("data-outbox-opened", "blank");  // another's: the blank form
        return;
      }
      editing = entry;
      token.value = entry.key;
      fill(entry);
      if (entry.errors && entry.errors.length) { showMessages(entry.errors); }
      form.setAttribute("data-outbox-opened", "filled");
    });
  }

  // ---- Save ------------------------------------------------------------------------------------
  var button = form.querySelector("button[type=submit]");
  var label = button ? button.textContent : "";
  function release() {
    form.removeAttribute("data-sent");
    if (button) { button.removeAttribute("aria-disabled"); button.textContent = label; }
  }

  // `server`: the network worked but the server could not take it (a database down): said so, not "no network".
  function waitOnPhone(key, server) {
    var go = function () {
      window.location.assign(form.getAttribute("data-outbox") + "?saved=" + encodeURIComponent(key) +
                             (server ? "&server=1" : ""));
    };
    // Where the browser has Background Sync, the worker sends it when the network returns, even with the
    // app closed; elsewhere the online event and the next page load do (outbox.js).
    if (!("serviceWorker" in navigator)) { go(); return; }
    Promise.race([
      navigator.serviceWorker.ready.then(function (r) { return r.sync ? r.sync.register("outbox") : null; }),
      new Promise(function (resolve) { setTimeout(resolve, 500); })
    ]).then(go, go);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var errors = check();
    if (errors.length) { showMessages(errors); release(); return; }
    var key = editing ? editing.key : (token.value || Core.randomKey());
    token.value = key;
    (editing ? Promise.resolve(null) : Core.get(key)).then(function (before) {
      if (before && !Core.ownedBy(before, bar.getAttribute("data-user"))) {
        // Back to a form another login saved on this phone: its key is theirs, this report gets its own.
        key = token.value = Core.randomKey();
        before = null;
      }
      var entry = entryFrom(key, editing || before);
      if (before && before.status !== "refused" && JSON.stringify(before.fields) !== JSON.stringify(entry.fields)) {
        // Back to a form already saved on the phone, changed, and saved again: the same key would
        // overwrite the first report before it was ever sent. As the server says online (the same
        // token with other values), the first one stays as it was and this is not saved. (A refused one
        // stored nothing: changing it is fixing it.)
        showMessages([{ field: "token", message: checks.reused }]);
        release();
        return;
      }
      return Core.put(entry).then(function () { return sendOrKeep(key); });
    })["catch"](function () {
      // No IndexedDB after all (private mode, a full disk): the plain form still works.
      HTMLFormElement.prototype.submit.call(form);
    });
  });

  // Kept on the phone: sent at once with a network (the report's page, or the server's messages), else it waits.
  function sendOrKeep(key) {
    if (!navigator.onLine) { waitOnPhone(key); return; }
    return Core.flush("direct", key).then(function (result) {
      if (result.state === "sent") {
        return Core.remove(key).then(function () { window.location.assign(result.body.url); });
      }
      if (result.state === "refused" && editing) {
        editing = result.entry;
        // The message asks to tick the box: it must be there (fill() only adds it when the page opens).
        if (result.body.duplicate) { askDuplicate(); }
        showMessages(result.body.errors || []);
        release();
        return;
      }
      if (result.state === "refused") {
        // The server's own page says it best (both readings of a doubled clock time, a near-duplicate):
        // send the form as a plain POST, same token; nothing was stored, so nothing is sent twice. The entry
        // stays, refused, until a save sends it or the worker deletes it: removed before this post, a network
        // that dropped just then lost the report (7 December). Held after a lapsed session too, the key keeps it one.
        HTMLFormElement.prototype.submit.call(form);
        return;
      }
      waitOnPhone(key, result.state === "retry");
    });
  }
})();
