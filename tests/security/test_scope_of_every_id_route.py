"""Every route with an id in its path, as users scoped to 北大街街道 meet it with records outside (5 December, morning).

Each route of app.url_map taking an id is listed here with what such a user meets and why: a write is tried with
every out-of-scope record by test_scope_sweep (checked there); a read answers whoever may read, as a scope limits
writing, not reading (docs/domain.md#who-and-what), or is narrowed (recipients, deliveries, accounts, tokens) and
refused. The ids used are another subdistrict's records and another event's. A route added later fails here until
it is listed, with its reason; so does a table a history page could be asked for.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from werkzeug.routing.converters import NumberConverter

from incidents import demo
from incidents.auth import tokens
from incidents.auth.models import User
from incidents.briefs import queue
from incidents.briefs.compiling import compile_brief
from incidents.db import Base
from incidents.distribution import services as distribution
from incidents.distribution.models import NoticeKind, Recipient
from incidents.events.models import Event
from incidents.events.services import create_event
from incidents.reports.services import create_report
from tests.security import sweep

BDJ = "文峰区/北大街街道"
OPEN = "read: a scope limits writing, not reading (docs/domain.md#who-and-what)"
ROLE = "its role's: coordinators and administrators only, whatever the record"
# What (reporter, coordinator) scoped to 北大街街道 meet on each GET route with an id, with out-of-scope records.
READS: dict[str, tuple[int, int, str]] = {
    "auth.user_edit": (403, 403, "administrators only; a scoped one only the accounts within its scope"),
    "timelines.timeline_json": (200, 200, OPEN),
    "api_areas.read": (200, 200, OPEN + "; the area picker alone is narrowed"),
    "api_briefs.read": (200, 200, OPEN),
    "api_briefs.content": (200, 200, OPEN),
    "api_briefs.status": (200, 200, OPEN + ": a compile's progress"),
    "api_events.read": (200, 200, OPEN),
    "api_briefs.index": (200, 200, OPEN),
    "api_maps.event_map": (200, 200, OPEN),
    "api_timelines.outages": (200, 200, OPEN),
    "api_report_reads.list_reports": (200, 200, OPEN),
    "api_timelines.timeline": (200, 200, OPEN),
    "api_report_reads.show": (200, 200, OPEN),
    "api_report_reads.history": (200, 200, OPEN),
    "areas.show": (200, 200, OPEN),
    "areas.edit": (403, 403, "its form: a place outside the areas one manages is refused (policy.can_change_area)"),
    "briefs.show": (200, 200, OPEN),
    "briefs.export": (200, 200, OPEN),
    "briefs.print_view": (200, 200, OPEN),
    "briefs.progress": (200, 200, OPEN + ": a compile's progress"),
    "distribution.brief_deliveries": (403, 200, ROLE + "; scoped: its recipients' and its event's only"),
    "events.show": (200, 200, OPEN),
    "briefs.index": (200, 200, OPEN),
    "briefs.export_list": (200, 200, OPEN),
    "timelines.curve_csv": (200, 200, OPEN),
    "timelines.curve_json": (200, 200, OPEN),
    "timelines.curve_xlsx": (200, 200, OPEN),
    "distribution.event_deliveries": (403, 200, ROLE + "; scoped: its recipients' and its event's only"),
    "events.edit": (403, 403, "an event of the whole district is the district office's (policy.can_manage_place)"),
    "imports.reports": (200, 200, "the upload form: each row is judged by scope when checked (imports/checks.py)"),
    "maps.show": (200, 200, OPEN),
    "distribution.recipients": (403, 200, ROLE + "; a scoped coordinator sees its own recipients only"),
    "report_list.event_list": (200, 200, OPEN),
    "report_list.export": (200, 200, OPEN),
    "report_list.export_hxl": (200, 200, OPEN),
    "reports.choose_kind": (
        200,
        200,
        "the form: its places and parents are the user's scope (policy.parents_in_scope)",
    ),
    "reports.create": (200, 200, "the form: its places and parents are the user's scope (policy.parents_in_scope)"),
    "timelines.show": (200, 200, OPEN),
    "timelines.timeline_csv": (200, 200, OPEN),
    "timelines.timeline_xlsx": (200, 200, OPEN),
    "timelines.other_format": (200, 200, OPEN + " (its URL with csv is timeline.csv's; any other format the 404)"),
    "timeline_groups.fragment": (200, 200, OPEN),
    "timeline_groups.page": (200, 200, OPEN),
    "audit.history": (200, 200, OPEN + " (a report's; other records: HISTORIES below)"),
    "audit.export": (200, 200, OPEN + " (a report's; other records: HISTORIES below)"),
    "distribution.edit": (403, 403, "a district recipient: its coordinators' (distribution.services.may_manage)"),
    "reports.show": (200, 200, OPEN),
    "reports.edit": (403, 403, "another reporter's report outside the scope (policy.edit_refusal)"),
}
# What the same users meet on /history/<table>/<id> of each table's first row (404: no such page).
HISTORIES: dict[str, tuple[int, int, str]] = {
    "areas": (200, 200, OPEN),
    "events": (200, 200, OPEN),
    "reports": (200, 200, OPEN),
    "briefs": (200, 200, OPEN),
    "categories": (404, 404, "no id column (a code): not a record a history page names"),
    "recipients": (403, 403, "where notices go: their coordinators' (distribution.services.may_manage)"),
    "deliveries": (403, 403, "as their recipient (distribution.place_of), or their own event's (of_own_event)"),
    "users": (403, 403, "the account page's rule (policy.can_manage_account)"),
    "api_tokens": (404, 404, "their owner's, and the administrators' managing the owner"),
    "notices": (404, 404, "no record a person looks up: what one says is on the deliveries page, coordinators'"),
    "compile_requests": (200, 200, OPEN + ": a compile's progress, as /briefs/compiles/<id>"),
    "geocode_cache": (404, 404, "no id column: not a record"),
    "cache_generation": (404, 404, "no id column: not a record"),
    "held_forms": (404, 404, "no id column (a random handle): not a record"),
    **{
        t: (404, 404, "not a record a person looks up (audit.views.NOT_RECORDS)")
        for t in (
            "audit_entries",
            "login_attempts",
            "idempotency_keys",
            "disinfection_counts",
            "sign_ins",
            "heartbeats",
        )
    },
    # A report's kinds are traced as reports: the subclass tables have no page of their own.
    **{
        t: (404, 404, "traced as /history/reports/<id>")
        for t in (
            "power_outages",
            "outage_updates",
            "pumping_operations",
            "pumping_volumes",
            "disinfections",
            "debris_clearances",
            "activity_entries",
            "zero_reports",
        )
    },
}


def _world(database: Any, ids: sweep.SeedIds) -> dict[str, int]:
    """A brief and a delivery of the district's event, a district recipient, and another event with a report."""
    with database.transaction() as s:
        event = s.get(Event, ids.event_id)
        brief = compile_brief(s, event, date(2021, 7, 24), now=datetime(2021, 7, 25, 1, tzinfo=UTC)).brief
        recipient = s.scalar(sa.select(Recipient).order_by(Recipient.id))
        notice = distribution.tell(s, event.id, NoticeKind.BRIEF, "probe", {}, [recipient], brief_id=brief.id)
        district = demo._area_by_path(s, "文峰区")
        other = create_event(
            s,
            code="other-storm",
            name="另一场暴雨",
            kind="rainstorm",
            starts_at=datetime(2021, 8, 1, tzinfo=UTC),
            timezone="Asia/Shanghai",
            area_id=district.id,
        )
        outside = demo._area_by_path(s, "文峰区/银杏大街街道/安彩嘉园社区/安彩嘉园二期")
        loader = demo.loader_user(s)
        report = create_report(
            s,
            "outage",
            {
                "event_id": other.id,
                "area_id": outside.id,
                "started_at": datetime(2021, 8, 1, 2, tzinfo=UTC),
                "households_affected": 5,
            },
            loader.id,
        )
        admin = s.scalar(sa.select(User).where(User.scope_area_id.is_(None), User.role == "admin"))
        token = tokens.create_token(s, admin, "probe")[0] if admin else None
        compile_request = queue.request_compile(s, event, date(2021, 7, 25), None)
        return {
            "outside": outside.id,
            "compile_request": compile_request.id,
            "brief": brief.id,
            "notice": notice.id,
            "other_event": other.id,
            "other_report": report.id,
            "recipient": recipient.id,
            "token": token.id if token else 0,
        }


def _id_rules(app: Any) -> list[Any]:
    return [r for r in sweep.rules(app) if any(isinstance(c, NumberConverter) for c in r._converters.values())]


def test_every_route_with_an_id_is_listed_with_its_reason(app):
    reads = {r.endpoint for r in _id_rules(app) if "GET" in r.methods}
    writes = {r.endpoint for r in _id_rules(app) if set(sweep.methods(r)) & sweep.WRITE_METHODS}
    assert reads == set(READS), f"list these in READS with a reason: {sorted(reads ^ set(READS))}"
    # Every write with an id is tried by test_scope_sweep with each out-of-scope record, but one's own devices'
    # and tokens' (SELF_SERVICE: another account's is a 404, below).
    assert writes - sweep.PUBLIC - sweep.SELF_SERVICE, "the scope sweep would try no write"
    tables = {t.name for t in Base.metadata.sorted_tables}
    assert tables == set(HISTORIES), f"list these in HISTORIES with a reason: {sorted(tables ^ set(HISTORIES))}"


def test_a_scoped_user_meets_what_the_list_says_with_records_outside_and_another_events(
    app, database, ids, login_as, make_user
):
    make_user("district-admin", "admin")
    world = _world(database, ids)
    reporter, coordinator = login_as("reporter", scope=BDJ), login_as("coordinator", scope=BDJ)
    first = {
        t.name: v
        for t in Base.metadata.sorted_tables
        if "id" in t.c and (v := database.engine.connect().execute(sa.select(sa.func.min(t.c.id))).scalar()) is not None
    }
    ids.first_ids.update(first)
    ids.area_id = world["outside"]  # another subdistrict's place, in every URL naming an area
    ids.first_ids.update({"briefs": world["brief"], "compile_requests": world["compile_request"]})
    met = []
    for rule in _id_rules(app):
        if "GET" not in rule.methods:
            continue
        urls = [sweep.url_for_rule(rule, ids, report_id=ids.report_out_of_scope)]
        if "report_id" in rule.arguments or "entity_id" in rule.arguments:
            urls.append(sweep.url_for_rule(rule, ids, report_id=world["other_report"]))
        if "event_id" in rule.arguments:
            # The rule's own values: its URL may be served by another rule (timeline.<fmt> with csv: timeline.csv's).
            values = sweep.values_for_rule(rule, ids, report_id=ids.report_out_of_scope)
            urls.append(rule.build({**values, "event_id": world["other_event"]}, append_unknown=False)[1])
        for url in urls:
            for who, client, expected in (
                ("reporter", reporter, READS[rule.endpoint][0]),
                ("coordinator", coordinator, READS[rule.endpoint][1]),
            ):
                got = client.get(url).status_code
                if got != expected:
                    met.append((who, url, got, expected))
    for table, (for_reporter, for_coordinator, _why) in HISTORIES.items():
        row = {"api_tokens": world["token"], "notices": world["notice"]}.get(table) or first.get(table, 1)
        for who, client, expected in (
            ("reporter", reporter, for_reporter),
            ("coordinator", coordinator, for_coordinator),
        ):
            for url in (f"/history/{table}/{row}", f"/history/{table}/{row}/export.json"):
                got = client.get(url).status_code
                if got != expected:
                    met.append((who, url, got, expected))
    assert not met, "\n".join(map(str, met))


def test_no_one_ends_another_accounts_device_or_revokes_its_token(app, database, login_as, session):
    owner, other = login_as("reporter", scope=BDJ), login_as("reporter", username="stranger")
    with database.transaction() as s:
        user = s.scalar(sa.select(User).where(User.username == owner.username))
        token_id = tokens.create_token(s, user, "phone")[0].id
        sign_in = s.execute(sa.text("SELECT max(id) FROM sign_ins WHERE user_id = :u"), {"u": user.id}).scalar()
    before = sweep.fingerprint(database.engine)
    csrf = sweep.csrf_token(other)
    for url in (f"/account/tokens/{token_id}/revoke", f"/account/sign-ins/{sign_in}/end"):
        assert other.post(url, data={"csrf_token": csrf}).status_code == 404, url
    assert sweep.fingerprint(database.engine) == before
    assert owner.get("/account").status_code == 200
