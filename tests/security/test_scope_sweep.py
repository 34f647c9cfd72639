"""A sweep over app.url_map: no write of a scoped user reaches a record outside its scope, by any route.

test_route_sweep's reporter is refused another reporter's report by ownership before scope is asked. Here
the scoped users are those scope alone stops: a reporter scoped to 北大街街道 who filed reports in 银杏大街街道
before it was scoped (its own, so only scope refuses them), and a coordinator scoped to 北大街街道 (who may
edit any report in scope). Every write route, by cookie (CSRF token sent) and by API token, is tried with
each out-of-scope record in its URL, and with each scope field of its body (area_id, parent_id,
outage_id, operation_id, scope_area_id) pointing outside: an update of an outage of 银杏大街街道, a
volume of its pumping operation. Nothing may change, and the answer is a refusal, never a 5xx.
"""

from __future__ import annotations

import itertools
from typing import Any

import sqlalchemy as sa
from werkzeug.routing.converters import NumberConverter

from incidents import demo
from incidents.auth import tokens
from incidents.auth.models import User
from incidents.auth.permissions import ADMIN, COORDINATE, MANAGE
from incidents.reports.models import ReportKind
from tests.conftest import Auth
from tests.security import sweep

SCOPE, INSIDE = "文峰区/北大街街道", "文峰区/北大街街道/彰德路64号院"
OUTSIDE = "文峰区/银杏大街街道/安彩嘉园社区/安彩嘉园二期"
SCOPE_FIELDS = ("area_id", "parent_id", "outage_id", "operation_id", "scope_area_id")
# The answers that refuse: 403/404, or the form shown again naming the field (422); 400 for a body a
# route cannot read at all. Anything else (a 2xx, a redirect after saving) is a write that got through.
REFUSED = {400, 403, 404, 422}


class TokenClient:
    """A client sending only `Authorization: Bearer` (no cookie)."""

    def __init__(self, app: Any, token: str) -> None:
        self.client, self.token = app.test_client(use_cookies=False), token

    def open(self, url: str, method: str = "GET", headers: dict[str, str] | None = None, **kw: Any) -> Any:
        return self.client.open(url, method=method, headers={"Authorization": f"Bearer {self.token}",
                                                             **(headers or {})}, **kw)


def bodies(area: int, subdistrict: int, outage: int | None, operation: int | None) -> dict[str, dict[str, Any]]:
    """A valid API body for each report kind."""
    found = {
        "outage": {"area_id": area, "started_at": "2021-07-24 10:00", "households_affected": 10},
        "outage_update": {"outage_id": outage, "observed_at": "2021-07-24 12:00", "households_restored": 1},
        "pumping": {"area_id": area, "observed_at": "2021-07-24 10:00", "team": "一队", "people": 3},
        "pumping_volume": {"operation_id": operation, "period_start": "2021-07-24 10:00",
                           "period_end": "2021-07-24 11:00", "volume_m3": 10},
        "disinfection": {"area_id": area, "observed_at": "2021-07-24 10:00", "person_times": 3},
        "debris": {"area_id": area, "period_start": "2021-07-24 10:00", "mass_t": 2},
        "activity": {"area_id": area, "observed_at": "2021-07-24 10:00", "title": "巡查"},
        "zero_report": {"area_id": subdistrict, "period_day": "2021-07-25"},
    }
    assert set(found) == {k.value for k in ReportKind}, "a new report kind: give it a body here"
    return {kind: {"kind": kind, **body} for kind, body in found.items()}


def as_form(body: dict[str, Any], fields: dict[str, str]) -> dict[str, str]:
    """An API body as the form's fields (a time "D HH:MM" into its -day/-time/-precision)."""
    out = dict(fields)
    for key, value in body.items():
        if key == "kind":
            continue
        if f"{key}-day" in fields and isinstance(value, str):
            day, _, time = value.partition(" ")
            out.update({f"{key}-day": day, f"{key}-time": time, f"{key}-precision": "exact" if time else "day"})
        else:
            out[key] = "" if value is None else str(value)
    return out


class World:
    """The scoped users, their clients, and the records in and out of their scope."""

    def __init__(self, app: Any, database: Any, ids: sweep.SeedIds, login_as: Any) -> None:
        self.app, self.ids = app, ids
        with database.transaction() as s:
            self.inside, self.outside = demo._area_by_path(s, INSIDE).id, demo._area_by_path(s, OUTSIDE).id
            self.scope = demo._area_by_path(s, SCOPE).id
            self.outside_sub = demo._area_by_path(s, "文峰区/银杏大街街道").id
            self.outside_community = demo._area_by_path(s, "文峰区/银杏大街街道/安彩嘉园社区").id
            self.district = demo._area_by_path(s, "文峰区").id
        self.coordinator, self.admin = login_as("coordinator"), login_as("admin")
        self.tokens: dict[str, TokenClient] = {}
        for name, role in (("beidajie", "reporter"), ("bdj-coordinator", "coordinator")):
            login_as(role, username=name)  # unscoped for now: beidajie files outside first
            with database.transaction() as s:
                user = s.scalar(sa.select(User).where(User.username == name))
                self.tokens[name] = TokenClient(app, tokens.create_token(s, user, "sweep")[1])
        self.own_out = self._file(self.outside, self.outside_sub)
        self.own_in = self._file(self.inside, self.scope)
        with database.transaction() as s:
            for name in self.tokens:
                s.scalar(sa.select(User).where(User.username == name)).scope_area_id = self.scope
        self.cookies = {}
        for name in self.tokens:
            self.cookies[name] = app.test_client()
            assert Auth(self.cookies[name]).login(name).status_code == 302
        # Each login's CSRF token, once: every write the sweep sends is refused, and a refusal leaves the session
        # as it was (checked after each route: sessions() below). One a route and actor was 80 page loads.
        self.csrf = sweep.csrf_tokens(*self.cookies.values())
        self.signed_in = self.sessions()
        assert all(secret and user for secret, user in self.signed_in.values()), self.signed_in
        # What a route's attempts are built from (the page an unscoped user sees, the record's ETag), read
        # once a URL rather than once an actor and credential: nothing the sweep sends changes them.
        self.reads: dict[tuple[str, str], Any] = {}
        self.seed_out = [ids.reports[k] for k in ("acjy2-outage", "acjy2-restored", "acjy2-pumping")]
        self.seed_in = [ids.reports[k] for k in ("bdj-outage-zdl64", "hengshui-wfh-pumping", "hengshui-wfh-volume")]

    def sessions(self) -> dict[str, tuple[Any, Any]]:
        """Each cookie login's CSRF secret and signed-in account, as its session holds them."""
        out = {}
        for name, client in self.cookies.items():
            with client.session_transaction() as held:
                out[name] = (held.get("csrf_token"), held.get("_user_id"))
        return out

    def read(self, kind: str, url: str, fetch: Any) -> Any:
        """fetch()'s answer for this URL, fetched once."""
        if (kind, url) not in self.reads:
            self.reads[kind, url] = fetch()
        return self.reads[kind, url]

    def _file(self, area: int, subdistrict: int) -> dict[str, int]:
        """beidajie's reports of every kind on one place (an update and a volume of its own parents)."""
        made: dict[str, int] = {}
        for kind in [k.value for k in ReportKind]:
            body = bodies(area, subdistrict, made.get("outage"), made.get("pumping"))[kind]
            response = self.tokens["beidajie"].open(f"/api/v1/events/{self.ids.event_id}/reports", "POST", json=body)
            assert response.status_code == 201, (kind, response.get_json())
            made[kind] = response.get_json()["id"]
        return made

    def out_value(self, field: str) -> int:
        """The out-of-scope record a body field is pointed at."""
        return {"area_id": self.outside, "parent_id": self.outside_community, "scope_area_id": self.outside_sub,
                "outage_id": self.ids.reports["acjy2-outage"], "operation_id": self.ids.reports["acjy2-pumping"]}[field]

    def candidates(self, actor: str, name: str, permission: str | None) -> list[tuple[int | None, bool]]:
        """(value, outside the scope) for one URL argument; None keeps the sweep's seed value."""
        if name in ("report_id", "entity_id"):
            coordinator = actor == "bdj-coordinator"
            out = list(self.own_out.values()) + (self.seed_out if coordinator else [])
            inside = list(self.own_in.values()) + (self.seed_in if coordinator else [])
            return [(v, True) for v in out] + [(v, False) for v in inside]
        if name == "area_id":
            return [(a, True) for a in (self.outside, self.outside_sub, self.outside_community, self.district,
                                        self.scope)] + [(self.inside, False)]
        # The district's event, its briefs, recipients and deliveries are the district office's to set up;
        # a scoped reporter files its own reports in that event (whose bodies are tried below).
        return [(None, permission in (MANAGE, COORDINATE, ADMIN) and name != "sign_in_id" and name != "token_id")]


def _int_args(rule: Any) -> list[str]:
    return [n for n, c in rule._converters.items() if isinstance(c, NumberConverter)]


def _url(rule: Any, ids: sweep.SeedIds, overrides: dict[str, Any]) -> str:
    return rule.build({**sweep.values_for_rule(rule, ids), **overrides}, append_unknown=False)[1]


def _api_base(w: World, rule: Any, url: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """What a legitimate call of this API route sends (a body per kind for a report), and its If-Match."""
    if rule.endpoint == "api_reports.create":
        return list(bodies(w.inside, w.scope, w.own_in["outage"], w.own_in["pumping"]).values()), {}
    headers = {}
    if "PATCH" in rule.methods or "PUT" in rule.methods:
        etag = w.read("etag", url, lambda: w.tokens["bdj-coordinator"].open(url).headers.get("ETag"))
        if etag:
            headers["If-Match"] = etag
    if rule.endpoint == "api_areas.create":
        return [{"name": "新点位", "level": "site", "parent_id": w.inside}], headers
    if rule.endpoint == "api_report_edits.patch":
        return [{"note": "扫描"}], headers
    if rule.endpoint == "api_report_edits.replace":  # the report as read, its note changed
        return [{**(w.read("json", url, lambda: w.tokens["bdj-coordinator"].open(url).get_json()) or {}),
                 "note": "扫描"}], headers
    if rule.endpoint.startswith("api_report_edits."):
        return [{"reason": "扫描"}], headers
    return [{}], headers


def _attempts(w: World, actor: str, rule: Any, url: str, out_of_scope: bool, kind: str | None,
              token: str, own_record: bool) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    """(what points outside, body, headers) for one URL: the URL's own record, then each scope field."""
    tries = []
    if rule.rule.startswith("/api/"):
        bases, headers = _api_base(w, rule, url)
        edits = rule.endpoint in ("api_report_edits.patch", "api_report_edits.replace")
        for base in bases:
            if out_of_scope:
                tries.append(("url", base, headers))
            tries += [(f, {**base, f: w.out_value(f)}, headers) for f in SCOPE_FIELDS
                      if f in base or (edits and f in ("area_id", "outage_id", "operation_id"))]
        return tries
    fields: dict[str, str] = {}
    if "GET" in rule.methods:  # what the page shows an unscoped user with the right role
        def shown() -> dict[str, str]:
            page = (w.admin if sweep.permission(w.app, rule) == ADMIN else w.coordinator).get(url)
            found = sweep.form_fields(page.get_data(as_text=True)) if page.status_code == 200 else {}
            found.pop("csrf_token", None)
            return found
        fields = dict(w.read("page", url, shown))
    if kind:
        fields = as_form(bodies(w.inside, w.scope, w.own_in["outage"], w.own_in["pumping"])[kind], fields)
    base = {**sweep.ATTEMPT, **fields, "csrf_token": token}
    if out_of_scope:
        tries.append(("url", base, {}))
    if "GET" not in rule.methods and not own_record:
        # A button with no page of its own (the list's bulk actions, the one-tap zero report): every scope
        # field, and the reports it names ("id:version", as the list's checkboxes send them).
        outside = [f"{i}:1" for i in [*w.own_out.values(), *w.seed_out]]
        tries += [("report", {**base, "action": action, "report": outside}, {}) for action in ("verify", "retract")]
        return tries + [(f, {**base, f: str(w.out_value(f))}, {}) for f in SCOPE_FIELDS]
    return tries + [(f, {**base, f: str(w.out_value(f))}, {}) for f in SCOPE_FIELDS if f in fields]


def test_no_write_by_a_scoped_user_reaches_outside_its_scope(app, database, ids, login_as):
    w = World(app, database, ids, login_as)
    sent, leaks, unrefused = 0, [], []
    for rule in sweep.rules(app):
        writes = sorted(set(sweep.methods(rule)) & sweep.WRITE_METHODS)
        if not writes or rule.endpoint in sweep.PUBLIC | sweep.SELF_SERVICE:
            continue
        names = _int_args(rule)
        kinds = [k.value for k in ReportKind] if "kind" in rule.arguments else [None]
        for actor, bearer in itertools.product(w.tokens, (False, True)):
            if bearer and not rule.rule.startswith("/api/"):
                continue  # a token on a page's form is refused by the form's CSRF (test_csrf)
            client = w.tokens[actor] if bearer else w.cookies[actor]
            token = "" if bearer else w.csrf[client]
            before = sweep.fingerprint(database.engine)
            for combo, kind in itertools.product(
                    itertools.product(*[w.candidates(actor, n, sweep.permission(app, rule)) for n in names]), kinds):
                overrides = {n: v for n, (v, _) in zip(names, combo, strict=True) if v is not None}
                url = _url(rule, ids, {**overrides, **({"kind": kind} if kind else {})})
                out_of_scope = any(outside for _, outside in combo)
                # A URL naming a record in scope: only its body's scope fields point outside.
                own_record = any(v is not None and not outside for v, outside in combo)
                for label, body, headers in _attempts(w, actor, rule, url, out_of_scope, kind, token, own_record):
                    for method in writes:
                        if bearer:
                            response = client.open(url, method, json=body, headers=headers)
                        elif rule.rule.startswith("/api/"):
                            response = client.open(url, method=method, json=body,
                                                   headers={**headers, "X-CSRFToken": token})
                        else:
                            response = client.open(url, method=method, data=body)
                        sent += 1
                        if response.status_code not in REFUSED:
                            unrefused.append((actor, "token" if bearer else "cookie", method, url, label,
                                              response.status_code))
            after = sweep.fingerprint(database.engine)
            if after != before:
                leaks.append((actor, "token" if bearer else "cookie", rule.rule,
                              {t: (before[t], after[t]) for t in before if before[t] != after[t]}))
            assert w.sessions() == w.signed_in, ("a refused write changed a session", rule.rule)
    assert not leaks, leaks[:5]
    assert not unrefused, unrefused[:10]
    assert sent > 500, sent
