"""The bad-input probe: every route of app.url_map that takes input, sent the auditor's garbage field by field.

Forms are harvested from the pages that show them (their action, their fields, their hidden versions) and sent
back through the test client with CSRF on, one field spoiled at a time; the JSON API's writes get each field of a
body that would succeed replaced by values of the wrong type, size and spelling, plus bodies that are no object at
all; uploads go to the import pages in other charsets. Each answer is judged the same way (`Verdict`): never a
5xx, a 4xx names the field it refuses, and a refused write leaves every table as it was (`sweep.fingerprint`).
The suite runs a few derandomized examples (tests/security/test_input_probe.py); scripts/input-probe the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

from flask import Flask
from werkzeug.routing import Rule

from tests.security import sweep

# Text the auditor types into every field: empty, huge, numbers beyond every column, unicode oddities, impossible
# dates and times, times in no zone or a bad one, and text that is JSON or a formula.
HOSTILE_TEXT: list[str] = [
    "", " ", "x" * 1_000_000, "9" * 5000, "1" + "0" * 30, "-1", "-0", "0", "1e30", "1e999", "NaN", "Infinity",
    "-Infinity", "0.5", "a\u0000b", "\u202e已恢复", "\u200f", "\u200b", "１２", "١٢", "²",
    "2021-02-30", "2021-07-24T24:00", "2021-07-24 24:00", "0000-01-01", "0001-01-01", "9999-12-31",
    "2021-07-24T10:00", "2021-07-24T10:00+25:00", "2021-07-24T10:00 Mars/Olympus", "2021-07-24T10:00Z",
    "[]", "{}", "true", "null", "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "../../etc/passwd",
]
# One of each kind, for a first pass and the suite: empty, huge, beyond every column, negative, not a number,
# a direction override, full-width and Arabic-Indic digits, impossible dates and zones, JSON text, a formula.
COMPACT_TEXT: list[str] = ["", "x" * 1_000_000, "1" + "0" * 30, "-1", "NaN", "\u202e已恢复", "１２", "١٢", "2021-02-30",
                           "2021-07-24T24:00", "0000-01-01", "2021-07-24T10:00+25:00", "[]", "=cmd|' /C calc'!A0"]
# Percent-encoded bytes no browser sends in a form: a lone surrogate, overlong UTF-8, GBK bytes.
RAW_TEXT: list[str] = ["%ED%A0%80", "%C0%AF", "%FF%FE", "%CD%A3%B5%E7"]
# JSON values of every other type, and numbers no column holds; RAW_JSON are tokens json.dumps cannot write.
HOSTILE_JSON: list[Any] = [None, True, False, [], {}, [1, 2], {"a": 1}, 0, -1, 2**31, 10**30, -(10**30), 0.5,
                           1e308, "", "x" * 1_000_000, "\ud800", "\u0000", "１２", "2021-02-30 10:00",
                           "2021-07-24T24:00+08:00", "0000-01-01T00:00Z", "9999-12-31T23:59Z",
                           "2021-07-24T10:00 Mars/Olympus"]
RAW_JSON: list[str] = ["NaN", "Infinity", "-Infinity", "1e400", "9" * 5000, '"\\ud800x"', '"\\u0000"',
                       "[" * 50 + "]" * 50]
# Pagination and limits as the auditor sends them.
PAGING: dict[str, list[str]] = {"page": ["-1", "0", "1000000000000", "１"], "per_page": ["0", "-5", "10" * 9],
                                "limit": ["0", "-1", "1000000000000", "NaN"], "cursor": ["", "x", "-1", "\ud800"]}

# POSTs the probe leaves alone: they end the client's own login, or log in as another.
NOT_PROBED = frozenset({"auth.logout", "signins.end", "signins.end_all", "auth.login"})
# Refusals about the record or the request rather than one field: the permission, a missing record, a
# conflict with a newer version, a method not served, an import whose token expired.
NOT_ABOUT_A_FIELD = frozenset({401, 403, 404, 405, 409, 410, 412, 429})


@dataclass
class Finding:
    """One answer the probe did not accept: a 5xx, an unnamed refusal, a write half-saved."""

    what: str
    method: str
    url: str
    field: str
    value: str
    status: int
    body: str

    def __str__(self) -> str:
        return f"{self.what}: {self.method} {self.url[:90]} {self.field}={self.value[:40]!r} -> {self.status} " \
               f"{self.body[:160]!r}"


@dataclass
class Probe:
    """The app, the clients per role, the seed ids and what was found."""

    app: Flask
    database: Any
    ids: sweep.SeedIds
    clients: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    sent: int = 0
    accepted: list[tuple[str, str, str]] = field(default_factory=list)
    log: Any = None  # a file each finding is written to as it is found (the long run's)
    tokens: dict[int, str] = field(default_factory=dict)
    state: dict[str, Any] | None = None
    serial: int = 0  # makes each request's unique names its own

    def token(self, client: Any) -> str:
        """The client's CSRF token (one per session: fetched once)."""
        if id(client) not in self.tokens:
            self.tokens[id(client)] = sweep.csrf_token(client)
        return self.tokens[id(client)]

    def before(self) -> dict[str, Any]:
        """Every table's fingerprint before a write: read again only after a write was accepted."""
        if self.state is None:
            self.state = sweep.fingerprint(self.database.engine)
        return self.state

    def found(self, finding: Finding) -> None:
        """Keep a finding (and write it out at once on a long run)."""
        self.findings.append(finding)
        if self.log is not None:
            print(finding, file=self.log, flush=True)

    def client_for(self, rule: Rule) -> Any:
        """The admin for admin pages, a coordinator for every other."""
        return self.clients["admin"] if sweep.permission(self.app, rule) == "admin" else self.clients["coordinator"]


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)[:60] if not isinstance(value, Raw) else value.text
    return text if len(text) < 60 else f"{text[:20]}…({len(text)} chars)"


class Raw:
    """A JSON token written as is (NaN, 1e400, a lone surrogate's escape)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:30]!r})"


def body_text(response: Any) -> str:
    """The answer as text (a JSON problem as its JSON)."""
    if response.is_json:
        return json.dumps(response.get_json(silent=True), ensure_ascii=False)
    return response.get_data(as_text=True)


# How a page names the field it refuses: the form's error paragraph beside the field, or a "label：problem" line naming
# the field as a person reads it in the page's language (incidents.labels.field_label, a report form's own label); a
# problem's errors name its key (the API). A page showing the key itself ("area_id：…") names nothing a person reads.
def names_field(response: Any, names: list[str], app: Flask | None = None) -> bool:
    """Whether a refusal names one of the fields: the API by key, a page by label (a prefixed one: observed_at-day)."""
    text = body_text(response)
    if response.is_json:
        errors = (response.get_json(silent=True) or {}).get("errors") or {}
        keys = {k.split(".")[0].split("[")[0] for k in errors}
        return any(n in keys or n.split("-")[0] in keys for n in names) or bool(keys and not names)
    language = page_language(text)
    for name in names:
        for candidate in {name, name.split("-")[0]}:
            if f'id="{candidate}-error"' in text:
                return True
            said = said_names(app, candidate, language) if app is not None else frozenset()
            if any(f"{label}：" in text or f"{label}: " in text for label in said):
                return True
    return False


def page_language(text: str) -> str:
    """The language a page is written in, by its <html lang>: "en" or "zh"."""
    found = re.search(r'<html[^>]*\blang="([\w-]+)"', text[:2000])
    return "en" if found and found.group(1).startswith("en") else "zh"


_SAID: dict[tuple[str, str], frozenset[str]] = {}


def said_names(app: Flask, name: str, language: str) -> frozenset[str]:
    """The names a page in `language` gives a field: field_label's and a report form's label, never the key itself."""
    if (name, language) not in _SAID:
        from flask_babel import force_locale

        from incidents.labels import field_label
        from incidents.reports.forms import LABELS

        with app.test_request_context(), force_locale(language):
            said = {field_label(name), field_label(name, LABELS)}
        _SAID[name, language] = frozenset(said - {name})
    return _SAID[name, language]


_KEYS: list[str] = []
SCRIPTS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


def shown_keys(app: Flask, response: Any, names: list[str]) -> list[str]:
    """The keys a page shows as a field's name before a problem ("area_id：…", "version: …"): none should be."""
    if response.is_json or response.mimetype != "text/html":
        return []
    if not _KEYS:
        from incidents.labels import FIELD_LABELS
        from incidents.reports.forms import LABELS

        _KEYS.extend(sorted({*FIELD_LABELS, *LABELS}))
    text = SCRIPTS.sub("", response.get_data(as_text=True))
    language = page_language(text)
    # A name no label exists for (a query parameter the route does not take, refused by downloads.token_reads) can
    # only be named as it was sent: not a key shown in place of a label.
    keys = {*_KEYS, *(k for n in names for k in (n, n.split("-")[0]) if said_names(app, k, language))}
    # A key opening a paragraph, an item or one of a flash's problems ("；"-joined), then field_problem's colon.
    alternatives = "|".join(map(re.escape, sorted(keys, key=len, reverse=True)))
    found = re.findall(r"(?:>|；|; )\s*(" + alternatives + r")(?:：|: )", text)
    # A key glossed in brackets inside a refusal's sentence ("表单的上传编号（token）无法识别"), unless a label says it
    # so ("Distance (km)"); only in what the page says is wrong (its error paragraphs and flashes).
    errors = " ".join(a or b for a, b in ERROR_RE.findall(text))
    glossed = [k for k in re.findall(r"[（(](" + alternatives + r")[）)]", errors)
               if not any(f"({k})" in label or f"（{k}）" in label for label in said_names(app, k, language))]
    return sorted({k for k in [*found, *glossed] if k not in said_names(app, k, language) and k not in NOT_KEYS})


# Words a page may write before a colon that happen to be keys and are not field names (none yet).
NOT_KEYS: frozenset[str] = frozenset()


FIELD_MARK = re.compile(r'id="[\w-]+-error"|<(?:p|li)[^>]*>[^<]{1,60}?(?:：|: )[^<]')


def names_some_field(response: Any, others: list[str], app: Flask | None = None) -> bool:
    """Whether a refusal names any field at all: one of `others`, a field's error paragraph, "label：problem"."""
    if response.is_json:
        return bool((response.get_json(silent=True) or {}).get("errors"))
    return names_field(response, others, app) or FIELD_MARK.search(response.get_data(as_text=True)) is not None


def judge(probe: Probe, response: Any, method: str, url: str, names: list[str], value: Any,
          before: dict[str, Any] | None, others: list[str] | None = None) -> bool:
    """Record what is wrong with an answer; True when it was a refusal (the caller keeps its fingerprint)."""
    probe.sent += 1
    status = response.status_code
    shown = _short(value)
    label = names[0] if names else "body"
    if status >= 500:
        probe.found(Finding("5xx", method, url, label, shown, status, body_text(response)))
        return True
    if 400 <= status < 500:
        if status not in NOT_ABOUT_A_FIELD and not names_field(response, names, probe.app):
            # Naming another field may be the rule (a time left empty names the day, a label names a field, a form
            # the probe could not fill names what it lacks); naming none is not.
            what = "other" if names_some_field(response, others or [], probe.app) else "unnamed"
            probe.found(Finding(what, method, url, label, shown, status, _error_text(response)))
        keys = shown_keys(probe.app, response, names + (others or []))
        if keys:
            probe.found(Finding(f"key shown ({', '.join(keys)})", method, url, label, shown, status,
                                _error_text(response)))
        if before is not None and sweep.fingerprint(probe.database.engine) != before:
            probe.found(Finding("half-saved", method, url, label, shown, status, _error_text(response)))
            probe.state = None
        return True
    probe.accepted.append((url, label, shown))
    if probe.log is not None:
        print(f"accepted: {method} {url[:90]} {label}={shown!r} -> {status}", file=probe.log, flush=True)
    if before is not None:
        probe.state = None  # a write was made: the next refusal is judged against the tables as they now are
    return False


ERROR_RE = re.compile(r'<p class="(?:error|flash flash-error)"[^>]*>(.*?)</p>|<h1>(.*?)</h1>', re.S)


def _error_text(response: Any) -> str:
    if response.is_json:
        return body_text(response)
    found = [a or b for a, b in ERROR_RE.findall(response.get_data(as_text=True))]
    return " | ".join(re.sub(r"<[^>]+>", "", f).strip() for f in found)[:400] or body_text(response)[:400]


# ---- forms -------------------------------------------------------------------------------------------------

class _AllForms(HTMLParser):
    """Every POST form of a page: its action and its named fields with their values (the first option chosen)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._fields: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action", ""), self._fields))
        if self._fields is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self._fields.setdefault(name, "") if a.get("type") == "checkbox" else None
                return
            if a.get("type") in ("submit", "button"):
                self._fields.setdefault(name, a.get("value", ""))
                return
            self._fields[name] = a.get("value", "")
        elif tag == "button" and name:
            self._fields.setdefault(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self._fields:
                self._fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._fields.setdefault(name, "")

    def handle_data(self, data: str) -> None:
        if self._textarea and self._fields is not None:
            self._fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._fields = None


def page_forms(html: str) -> list[tuple[str, dict[str, str]]]:
    """(action path, fields) of every POST form on a page."""
    parser = _AllForms()
    parser.feed(html)
    return parser.forms


BUTTON_PAGES = frozenset({"events.show", "briefs.index", "briefs.show", "distribution.recipients", "auth.users",
                          "reports.show", "report_list.event_list", "audit.history", "distribution.brief_deliveries"})


def form_targets(probe: Probe) -> dict[str, tuple[str, dict[str, str]]]:
    """{endpoint: (url, fields)} for every POST route, its fields from a page that shows its form."""
    adapter = probe.app.url_map.bind("localhost")
    found: dict[str, tuple[str, dict[str, str]]] = {}
    # The forms' own pages, and the pages that hold the buttons of POST-only routes (close, status, bulk, tokens...).
    pages = [r for r in sweep.rules(probe.app) if "GET" in r.methods and r.endpoint not in sweep.PUBLIC
             and not r.rule.startswith("/api/") and ("POST" in r.methods or r.endpoint in BUTTON_PAGES)]
    urls = [sweep.url_for_rule(r, probe.ids) for r in pages]
    urls += [f"/reports/{probe.ids.report_in_scope}", f"/events/{probe.ids.event_id}/reports?kind=outage"]
    for rule, url in zip(pages + [None, None], urls, strict=True):
        client = probe.client_for(rule) if rule is not None else probe.clients["coordinator"]
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for action, fields in page_forms(response.get_data(as_text=True)):
            path = urlsplit(action or url).path
            try:
                endpoint, _ = adapter.match(path, method="POST")
            except Exception:  # noqa: BLE001 - a form posting elsewhere (the language switch's GET)
                continue
            if endpoint in found or endpoint in NOT_PROBED:
                continue
            fields.pop("csrf_token", None)
            found[endpoint] = (action or url, fields)
    for rule in sweep.rules(probe.app):
        if "POST" in rule.methods and rule.endpoint not in found and rule.endpoint not in NOT_PROBED \
                and not rule.rule.startswith("/api/"):
            found[rule.endpoint] = (sweep.url_for_rule(rule, probe.ids), dict(sweep.ATTEMPT))
    return found


def encode_form(fields: dict[str, str], raw: dict[str, str] | None = None) -> str:
    """An urlencoded body; `raw` values go as their percent-encoded bytes."""
    parts = [f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in fields.items()]
    parts += [f"{quote(k, safe='')}={v}" for k, v in (raw or {}).items()]
    return "&".join(parts)


# Fields a create keeps unique (an area's name under its parent, an event's code, a username): each request its own.
UNIQUE = frozenset({"name", "code", "username"})


def post_form(probe: Probe, endpoint: str, url: str, fields: dict[str, str], name: str, value: str,
              raw: bool = False) -> Any:
    """POST the form with one field spoiled, and judge the answer."""
    rule = next(r for r in probe.app.url_map.iter_rules() if r.endpoint == endpoint)
    client = probe.client_for(rule)
    token = probe.token(client)
    probe.serial += 1
    sent = {k: (f"{v}{probe.serial}" if k in UNIQUE and v else v) for k, v in fields.items() if k != name}
    spoiled = {name: value} if name else {}
    body = encode_form({"csrf_token": token, **sent, **({} if raw else spoiled)}, spoiled if raw else None)
    before = probe.before()
    response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    if not name:  # the calibration: the form as it would be saved
        probe.state = None
        return response
    judge(probe, response, "POST", url, [name], value, before, sorted(fields))
    return response


# What makes a harvested form one that would be saved, where the page's defaults are not (no parent chosen...).
BASES: dict[str, Callable[[sweep.SeedIds], dict[str, str]]] = {
    "areas.create": lambda ids: {"parent_id": str(ids.first_ids.get("areas", 1)), "level": "subdistrict",
                                 "name": "探针街道", "name_en": "", "code": ""},
    "reports.create": lambda ids: {"area_id": str(ids.area_id), "started_at-day": "2021-07-22",
                                   "started_at-time": "10:00", "started_at-precision": "exact",
                                   "households_affected": "5", "source": "电话"},
    "events.create": lambda ids: {"code": "probe", "name": "探针事件", "kind": "rainstorm", "timezone": "Asia/Shanghai",
                                  "starts_at": "2021-07-20T08:00", "area_id": str(ids.first_ids.get("areas", 1)),
                                  "brief_time": "08:00"},
    "auth.user_new": lambda ids: {"username": "probe", "password": "probe-pass-phrase-k7", "role": "viewer",
                                  "display_name": "探针"},
    "distribution.recipients": lambda ids: {"name": "探针", "channel": "email", "address": "probe@example.org",
                                            "briefs": "y", "lang": "zh", "area_id": ""},
    "tokens.create": lambda ids: {"name": "probe"},
    "auth.account": lambda ids: {"current_password": "correct horse battery",
                                 "new_password": "probe-pass-phrase-k7", "confirm": "probe-pass-phrase-k7"},
}
# Forms whose unspoiled base is not sent: it would change the password every later request is checked against.
NOT_CALIBRATED = frozenset({"auth.account"})


def probe_forms(probe: Probe, values: Callable[[str, str], list[tuple[str, bool]]],
                only: set[str] | None = None) -> None:
    """Every form field of every form, each value `values(endpoint, field)` gives (text, raw)."""
    for endpoint, (url, fields) in sorted(form_targets(probe).items()):
        if only is not None and endpoint not in only:
            continue
        fields = {**fields, **BASES.get(endpoint, lambda ids: {})(probe.ids)}
        calibration = post_form(probe, endpoint, url, fields, "", "") if endpoint not in NOT_CALIBRATED else None
        if probe.log is not None:
            shown = calibration.status_code if calibration is not None else "-"
            print(f"# {endpoint} {url} {sorted(fields)} base: {shown}", file=probe.log, flush=True)
        for name in sorted(fields):
            for value, raw in values(endpoint, name):
                post_form(probe, endpoint, url, fields, name, value, raw)


# ---- the JSON API --------------------------------------------------------------------------------------------

def api_bodies(ids: sweep.SeedIds) -> dict[tuple[str, str], dict[str, Any]]:
    """A body that would succeed for each API write ((method, url): body): the fields to spoil."""
    e, a, r = ids.event_id, ids.area_id, ids.report_in_scope
    district = ids.first_ids.get("areas", 1)
    return {
        ("POST", "/api/v1/events"): {"code": "probe-event", "name": "探针事件", "kind": "rainstorm",
                                      "starts_at": "2021-07-20 08:00", "timezone": "Asia/Shanghai",
                                      "area_id": district},
        ("PATCH", f"/api/v1/events/{e}"): {"name": "改名", "version": 1},
        ("POST", "/api/v1/areas"): {"name": "探针点", "level": "site", "parent_id": district,
                                     "households": 10, "coordinates": "36.0977, 114.3924"},
        ("PATCH", f"/api/v1/areas/{a}"): {"households": 12, "version": 1},
        ("POST", f"/api/v1/events/{e}/reports"): {"kind": "activity", "area_id": a, "observed_at": "2021-07-22 10:00",
                                                  "title": "巡查", "note": "x", "source": "电话"},
        ("PATCH", f"/api/v1/reports/{r}"): {"note": "更正", "version": 1},
        ("PUT", f"/api/v1/reports/{r}"): {"kind": "outage", "area_id": a, "started_at": "2021-07-21 20:00",
                                          "households_affected": 10, "version": 1},
        ("POST", f"/api/v1/reports/{r}/verify"): {"version": 1},
        ("POST", f"/api/v1/reports/{r}/return"): {"reason": "补充", "version": 1},
        ("POST", f"/api/v1/reports/{r}/retract"): {"reason": "重复", "version": 1},
        ("POST", f"/api/v1/events/{e}/briefs/compile"): {"day": "2021-07-24"},
        ("POST", f"/api/v1/events/{e}/close"): {"ends_at": "2021-07-31 00:00"},
        ("POST", "/api/v1/briefs/1/publish"): {},
    }


def api_send(client: Any, method: str, url: str, raw: str, content_type: str = "application/json",
             headers: dict[str, str] | None = None) -> Any:
    """A request with the body as text."""
    return client.open(url, method=method, data=raw.encode("utf-8", "surrogatepass"), content_type=content_type,
                       headers=headers or {})


def json_with(body: dict[str, Any], name: str, value: Any) -> str:
    """The body as JSON text with `name` set to `value` (a Raw token as written)."""
    if isinstance(value, Raw):
        mark = "\u0001raw\u0001"
        return json.dumps({**body, name: mark}).replace(json.dumps(mark), value.text)
    return json.dumps({**body, name: value})


VERSIONED = re.compile(r"^(/api/v1/(?:events|areas|reports)/\d+)")


def fresh(probe: Probe, client: Any, url: str, body: dict[str, Any], name: str) -> dict[str, Any]:
    """The body with the record's current version and unique names (each request its own), but the field spoiled."""
    probe.serial += 1
    out = {k: f"{v}{probe.serial}" if k in UNIQUE and k != name and isinstance(v, str) else v for k, v in body.items()}
    if "version" in body and name != "version":
        record = client.get(VERSIONED.match(url).group(1)).get_json(silent=True) or {}
        out["version"] = record.get("version", 1)
    return out


def probe_api_field(probe: Probe, client: Any, method: str, url: str, body: dict[str, Any], name: str,
                    value: Any) -> None:
    """Send the body with one field spoiled; judge."""
    body = fresh(probe, client, url, body, name)
    before = probe.before()
    response = api_send(client, method, url, json_with(body, name, value))
    judge(probe, response, method, url, [name], value, before, sorted(body))


def _nest(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def probe_api_bodies(probe: Probe, client: Any, method: str, url: str, body: dict[str, Any]) -> None:
    """Bodies that are no object, a key twice, unknown fields, deep nesting, another content type or charset."""
    body = fresh(probe, client, url, body, "")
    first = next(iter(body), "body")
    shaped = [("[" + json.dumps(body) + "]", "application/json", ["body"]),
              ('"text"', "application/json", ["body"]),
              ("", "application/json", ["body"]),
              ("{", "application/json", ["body"]),
              (json.dumps(body)[:-1] + (", " if body else "") + f'"{first}": 1}}', "application/json", [first]),
              (json.dumps({**body, "probe_unknown": 1}), "application/json", ["probe_unknown"]),
              (json.dumps({**body, first: {"a": {"b": _nest(25)}}}), "application/json", [first]),
              (json.dumps(body), "text/plain", ["body"]),
              (json.dumps(body), "application/x-www-form-urlencoded", ["body"]),
              (json.dumps(body), "application/json; charset=latin-1", ["body"])]
    for raw, content_type, names in shaped:
        before = probe.before()
        response = api_send(client, method, url, raw, content_type)
        judge(probe, response, method, url, names, raw[:40], before)
    utf16 = json.dumps(fresh(probe, client, url, body, ""), ensure_ascii=False).encode("utf-16")
    before = probe.before()
    response = client.open(url, method=method, data=utf16, content_type="application/json")
    judge(probe, response, method, url, ["body"], "utf-16", before)


def probe_api(probe: Probe, client: Any, values: Callable[[str], list[Any]], shapes: bool = True) -> None:
    """Every field of every API write with each of `values(field)`; then the bodies' shapes."""
    for (method, url), body in api_bodies(probe.ids).items():
        for name in list(body) + ["probe_unknown"]:
            for value in values(name):
                probe_api_field(probe, client, method, url, body, name, value)
        if shapes:
            probe_api_bodies(probe, client, method, url, body)


# ---- query strings -------------------------------------------------------------------------------------------

def probe_paging(probe: Probe) -> None:
    """page=-1, page=10^12, per_page=0, limit=NaN... on every GET route, as pages and downloads read them."""
    for rule in sweep.rules(probe.app):
        if "GET" not in rule.methods or rule.endpoint in sweep.PUBLIC:
            continue
        url = sweep.url_for_rule(rule, probe.ids)
        client = probe.client_for(rule)
        for name, values in PAGING.items():
            for value in values:
                query = f"{name}={quote(value.encode('utf-8', 'surrogatepass'), safe='')}"
                response = client.get(f"{url}?{query}")
                if rule.endpoint == "ops.readyz":
                    continue
                judge(probe, response, "GET", url, [name], value, None)


def iter_findings(probe: Probe, kind: str | None = None) -> Iterator[Finding]:
    """The findings, of one kind or all."""
    return (f for f in probe.findings if kind is None or f.what == kind)


# ---- uploads ---------------------------------------------------------------------------------------------------

ACTIVITY = "地点,事项,时间,信息来源\r\n文峰区/北大街街道/彰德路64号院,{title},2021-07-22 10:00,电话\r\n"


def upload_files() -> list[tuple[str, bytes, str]]:
    """(name, bytes, what it is) of the files the auditor uploads: charsets, BOMs, formulas, binary, huge cells."""
    text = ACTIVITY.format(title="巡查积水")
    formula = ACTIVITY.format(title="=cmd|' /C calc'!A0")
    return [
        ("a.csv", text.encode("utf-8"), "utf-8"), ("a.csv", b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8 bom"),
        ("a.csv", text.encode("gbk"), "gbk"), ("a.csv", text.encode("utf-16"), "utf-16 bom"),
        ("a.csv", text.encode("utf-16-le"), "utf-16 no bom"), ("a.csv", text.encode("big5", "replace"), "big5"),
        ("a.csv", text.encode("utf-8")[:-3] + b"\xed\xa0\x80\r\n", "surrogate bytes"),
        ("a.csv", text.replace("巡查积水", "巡\x00查").encode("utf-8"), "nul"),
        ("a.csv", formula.encode("utf-8"), "formula"), ("a.csv", b"", "empty"), ("a.csv", b"\r\n\r\n", "blank"),
        ("a.csv", ACTIVITY.format(title="x" * 1_000_000).encode("utf-8"), "1 MB cell"),
        ("a.csv", text.replace("2021-07-22 10:00", "2021-02-30 10:00").encode("utf-8"), "feb 30"),
        ("a.csv", text.replace("2021-07-22 10:00", "2021-07-22 24:00").encode("utf-8"), "24:00"),
        ("a.csv", text.replace("2021-07-22 10:00", "0000-07-22 10:00").encode("utf-8"), "year 0"),
        ("a.csv", text.replace("2021-07-22 10:00", "2021-07-22T10:00+25:00").encode("utf-8"), "bad zone"),
        ("a.xlsx", b"PK\x03\x04not a zip", "broken xlsx"), ("a.xlsx", text.encode("utf-8"), "csv named xlsx"),
        ("a.exe", b"MZ\x90\x00" + b"\x00" * 100, "program"), ("../../etc/passwd", text.encode("utf-8"), "path name"),
        ("a\x00.csv", text.encode("utf-8"), "nul in name"), ("", text.encode("utf-8"), "no name"),
    ]


def probe_uploads(probe: Probe, files: list[tuple[str, bytes, str]] | None = None) -> None:
    """Each file to each import page, as its form sends it (token, kind, CSRF)."""
    import io

    client = probe.clients["coordinator"]
    for url, kind in ((f"/events/{probe.ids.event_id}/import", "activity"), ("/areas/import", "")):
        for filename, data, what in files if files is not None else upload_files():
            page = client.get(url).get_data(as_text=True)
            fields = next(f for a, f in page_forms(page) if urlsplit(a or url).path == url)
            form = {**fields, "kind": kind, "csrf_token": probe.token(client),
                    "file": (io.BytesIO(data), filename)}
            before = sweep.fingerprint(probe.database.engine)
            response = client.post(url, data=form, content_type="multipart/form-data")
            refused = judge(probe, response, "POST", url, ["file", "kind", "token", "body"], what, None)
            if sweep.fingerprint(probe.database.engine) != before:  # a preview stores nothing, accepted or not
                probe.found(Finding("half-saved" if refused else "preview stored", "POST", url, "file",
                                    what, response.status_code, _error_text(response)))
