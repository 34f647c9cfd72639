"""Walk app.url_map with URL arguments built from the seed data, so routes added later are covered.

A route whose arguments the sweep cannot fill from the seed data fails loudly (UnknownArgument)
instead of being skipped: a sweep that quietly skips new routes would prove nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import sqlalchemy as sa
from flask import Flask
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from incidents import demo
from incidents.audit.models import IdempotencyKey
from incidents.auth.models import User
from incidents.db import Base
from incidents.events.models import Event
from incidents.models import Area

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Open to anonymous users by design.
PUBLIC = frozenset({"auth.login", "auth.set_language", "static", "ops.healthz", "ops.readyz",
                    "offline.service_worker", "offline.offline_page", "offline.favicon"})
# Writes about oneself that every logged-in role (a viewer too) may make (own password, own API tokens,
# own signed-in devices, a form held for one's own login).
# GET routes that only lead elsewhere (the top bar's 地点: the user's area page): a 302 to a page that answers 200.
REDIRECTS = frozenset({"areas.index"})
SELF_SERVICE = frozenset({"auth.logout", "auth.account", "tokens.create", "tokens.revoke",
                          "signins.end", "signins.end_all", "auth.discard_held"})
# String arguments the sweep knows how to fill.
STRINGS = {"entity": "reports", "code": "en", "lang": "en", "kind": "outage", "day": "2021-07-24",
           "date": "2021-07-24", "fmt": "csv", "format": "html", "filename": "app.css",
           "key": "district", "token": "0" * 32}
# Fields a sweep POST carries besides the harvested form, so that an unguarded status or
# edit route would actually try to do something (and be caught doing it).
ATTEMPT = {"action": "verify", "reason": "sweep", "note": "sweep was here"}


class UnknownArgument(LookupError):
    """A route argument the sweep cannot fill from the seed data."""


@dataclass
class SeedIds:
    """Ids from the demo data that make every URL point at something real."""

    event_id: int
    area_id: int
    user_id: int
    report_in_scope: int         # a report under 北大街街道 by the demo loader
    report_out_of_scope: int     # a report under 银杏大街街道 by the demo loader
    reports: dict[str, int] = field(default_factory=dict)  # demo key -> id
    first_ids: dict[str, int] = field(default_factory=dict)  # table -> first id, for other *_id arguments


def seed_ids(session: Any) -> SeedIds:
    """Look the ids up (the `seeded` fixture must have loaded the demo)."""
    keys = {k.key.removeprefix("demo:"): k.entity_id for k in session.scalars(sa.select(IdempotencyKey))}
    first = {}
    for table in Base.metadata.sorted_tables:
        if "id" in table.c:
            value = session.scalar(sa.select(table.c.id).order_by(table.c.id).limit(1))
            if value is not None:
                first[table.name] = value
    return SeedIds(
        event_id=session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm")),
        area_id=session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院")),
        user_id=session.scalar(sa.select(User.id).order_by(User.id).limit(1)),
        report_in_scope=keys["bdj-outage-zdl64"],
        report_out_of_scope=keys["acjy2-outage"],
        reports=keys, first_ids=first,
    )


def seed_recipient(session: Any) -> int:
    """One recipient for the seed event (the demo has none), so recipient URLs point at a real one."""
    from incidents.distribution import services

    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    fields = services.RecipientFields(name="区防指", channel="email", address="fzb@wenfeng.example")
    return services.save_recipient(session, None, event, fields).id


def _int_value(name: str, rule: Rule, ids: SeedIds, report_id: int) -> int:
    if name in ("report_id", "entity_id"):
        return report_id
    if name == "outage_id":
        return ids.reports["bdj-outage-zdl64"]
    if name == "operation_id":
        return ids.reports["hengshui-wfh-pumping"]
    if name in ("event_id", "area_id", "user_id"):
        return getattr(ids, name)
    stem = name.removesuffix("_id") if name != "id" else rule.endpoint.split(".")[0].rstrip("s")
    for table in (f"{stem}s", f"{stem}es", stem):
        if table in ids.first_ids:
            return ids.first_ids[table]
    if name.endswith("_id") or name == "id":
        # A record the demo has none of (a brief before any is compiled): any id will do.
        return 1
    if name in ("revision", "number", "page", "year", "version"):
        return 1
    raise UnknownArgument(f"{rule.rule}: no seed value for <int:{name}>; add it to tests/security/sweep.py")


def url_for_rule(rule: Rule, ids: SeedIds, report_id: int | None = None) -> str:
    """A URL for the rule whose arguments point at seed records."""
    built = rule.build(values_for_rule(rule, ids, report_id), append_unknown=False)
    assert built is not None, rule.rule
    return built[1]


def values_for_rule(rule: Rule, ids: SeedIds, report_id: int | None = None) -> dict[str, Any]:
    """The rule's arguments, each pointing at a seed record (or a value its converter takes)."""
    report_id = report_id or ids.report_in_scope
    values: dict[str, Any] = dict(rule.defaults or {})
    for name in rule.arguments:
        if name in values:
            continue
        converter = rule._converters.get(name)
        kind = type(converter).__name__
        if isinstance(converter, NumberConverter):  # the app's bounded id converter is one
            values[name] = _int_value(name, rule, ids, report_id)
        elif kind == "AnyConverter":
            values[name] = re.findall(r"\w+", converter.regex)[0]
        elif name in STRINGS:
            values[name] = STRINGS[name]
        else:
            raise UnknownArgument(f"{rule.rule}: no seed value for <{name}>; add it to STRINGS in "
                                  "tests/security/sweep.py")
    return values


def rules(app: Flask) -> list[Rule]:
    """Every rule but static, in a stable order."""
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: r.rule)


def methods(rule: Rule) -> list[str]:
    """The methods a rule really serves (not the automatic HEAD/OPTIONS)."""
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def permission(app: Flask, rule: Rule) -> str | None:
    """What the rule's view declared it needs (None: public)."""
    return getattr(app.view_functions[rule.endpoint], "required_permission", None)


def page_writes(app: Flask, ids: SeedIds, coordinator: Any, admin: Any,
                but: frozenset[str] = frozenset()) -> Iterator[tuple[Rule, list[str], Any, str]]:
    """Each page route that writes (the API's aside, and the endpoints `but`): its write methods, the client whose
    role may use it (the administrator's for an admin route, else the coordinator's) and its URL for the seed."""
    for rule in rules(app):
        writes = sorted(set(methods(rule)) & WRITE_METHODS)
        if not writes or rule.rule.startswith("/api/") or rule.endpoint in but:
            continue
        yield rule, writes, (admin if permission(app, rule) == "admin" else coordinator), url_for_rule(rule, ids)


def is_report_route(rule: Rule) -> bool:
    """Whether the rule acts on one existing report."""
    args = set(rule.arguments)
    return "report_id" in args or (rule.endpoint.startswith("reports.") and "id" in args)


class _Forms(HTMLParser):
    """The named fields of the first POST form but the header's (log out, language) and a held form's 放弃."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._done = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self._done and a.get("method", "").lower() == "post" \
                and "logout" not in a.get("action", "") and "/lang/" not in a.get("action", "") \
                and "/held/discard" not in a.get("action", ""):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") in ("submit", "button"):
                return
            self.fields.setdefault(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self.fields:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.setdefault(name, "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def form_fields(html: str) -> dict[str, str]:
    """The fields (with their current values) of the page's main POST form."""
    parser = _Forms()
    parser.feed(html)
    return parser.fields


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: Any) -> str:
    """A valid CSRF token for the client's session (from the language switch's page: any page's form would do)."""
    # Not the home page: it works out the events' headline figures, 14% of tests/security's time on PostgreSQL
    # (py-spy, 5 December); the switch's page is public, one button, and changes nothing on a GET.
    match = CSRF_RE.search(client.get("/lang/zh").get_data(as_text=True))
    assert match, "no CSRF token on the language switch's page"
    return match.group(1)


def csrf_tokens(*clients: Any) -> dict[Any, str]:
    """Each client's CSRF token, fetched once for a sweep whose requests leave its session as it was."""
    # Not the page fetched before every request of a sweep: half a sweep's requests and 46% of its time
    # (tests/security/test_malformed_input.py, cProfile, 6 December).
    return {client: csrf_token(client) for client in clients}


@functools.cache
def _fingerprint_query() -> tuple[list[tuple[str, int]], sa.Select[Any]]:
    """Each table's name and number of figures, and the one statement reading them all."""
    tables = [t for t in Base.metadata.sorted_tables
              if t.name != "login_attempts"]  # a login attempt is recorded on purpose, even a refused one
    columns = [[sa.select(sa.func.count()).select_from(t).scalar_subquery()]
               + ([sa.select(sa.func.coalesce(sa.func.sum(t.c.version), 0)).scalar_subquery()]
                  if "version" in t.c else []) for t in tables]
    return [(t.name, len(row)) for t, row in zip(tables, columns, strict=True)], sa.select(
        *(c for row in columns for c in row))


# A place within the coordinator's reach, where the body tests fill a new activity report.
INSIDE = "文峰区/北大街街道/彰德路64号院"


def activity_form(client: Any, database: Any, event_id: int) -> tuple[str, dict[str, str]]:
    """A new activity report's address and its page's fields, filled at INSIDE on 24 July 2021 10:00."""
    with database.read_session() as s:
        inside = demo._area_by_path(s, INSIDE).id
    url = f"/events/{event_id}/reports/new/activity"
    form = form_fields(client.get(url).get_data(as_text=True))
    form.update({"area_id": str(inside), "observed_at-day": "2021-07-24", "observed_at-time": "10:00",
                 "observed_at-precision": "exact"})
    return url, form


def fingerprint(engine: sa.Engine) -> dict[str, Any]:
    """Row counts of every table and the sum of every version column: any write changes it."""
    # One statement, not one a table: 40 round trips were 10% of the scope sweep's time (cProfile, 6 December).
    shape, query = _fingerprint_query()
    with engine.connect() as conn:
        values = iter(conn.execute(query).one())
    return {name: tuple(next(values) for _ in range(n)) for name, n in shape}
