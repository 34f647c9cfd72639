"""A form field sent twice is refused naming it (probed 5 December, morning), as a query parameter and a JSON key are.

A form's field sent twice (`area_id=3&area_id=8`) was read as its first value, without a word: a script's report
was saved on a place it had not settled on, and a scoped reporter's second `area_id` outside the scope passed
unseen. No page of the product sends a field twice but the report list's checkboxes (`report`, one per report
ticked), which its view declares (`auth.decorators.repeatable`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from incidents import demo
from incidents.reports.models import Report, ReportStatus
from tests.security import sweep
from tests.security.test_scope_sweep import as_form, bodies

BDJ = "文峰区/北大街街道"


def _areas(database: Any) -> tuple[int, int]:
    with database.read_session() as s:
        return (
            demo._area_by_path(s, f"{BDJ}/彰德路64号院").id,
            demo._area_by_path(s, "文峰区/银杏大街街道/安彩嘉园社区/安彩嘉园二期").id,
        )


def test_a_place_sent_twice_on_the_report_form_is_refused_naming_it(app, database, ids, login_as):
    reporter = login_as("reporter", scope=BDJ)
    inside, outside = _areas(database)
    url = f"/events/{ids.event_id}/reports/new/outage"
    form = as_form(bodies(inside, 0, None, None)["outage"], sweep.form_fields(reporter.get(url).get_data(as_text=True)))
    before = sweep.fingerprint(database.engine)
    for first, second in ((inside, outside), (outside, inside), (inside, inside)):
        data = MultiDict(
            [*((k, v) for k, v in form.items() if k != "area_id"), ("area_id", str(first)), ("area_id", str(second))]
        )
        response = reporter.post(url, data=data)
        assert response.status_code == 400, (first, second, response.status_code)
        assert "地点：出现了不止一次" in response.get_data(as_text=True), response.get_data(as_text=True)[-1500:]
    assert sweep.fingerprint(database.engine) == before
    # Sent once, the same form saves.
    assert reporter.post(url, data={**form, "area_id": str(inside)}).status_code == 302


def test_every_form_route_refuses_a_field_sent_twice(app, database, ids, login_as):
    """Enumerates app.url_map: a write route added later refuses a repeated field too, unless it declares it."""
    coordinator, admin = login_as("coordinator"), login_as("admin")
    tokens = sweep.csrf_tokens(coordinator, admin)  # each post refused: the sessions stay as they were
    before = sweep.fingerprint(database.engine)
    checked = 0
    for rule, writes, client, url in sweep.page_writes(app, ids, coordinator, admin, but=frozenset({"auth.login"})):
        page = client.get(url) if "GET" in rule.methods else None
        fields = sweep.form_fields(page.get_data(as_text=True)) if page is not None and page.status_code == 200 else {}
        fields = {**sweep.ATTEMPT, **fields, "csrf_token": tokens[client]}
        for name in sorted(set(fields) - {"csrf_token"}):
            data = MultiDict([*fields.items(), (name, fields[name])])  # the same value twice: still refused
            for method in writes:
                response = client.open(url, method=method, data=data)
                checked += 1
                assert response.status_code == 400, (method, url, name, response.status_code)
                assert "出现了不止一次" in response.get_data(as_text=True), (method, url, name)
    assert checked > 40, checked
    assert sweep.fingerprint(database.engine) == before


def test_the_report_lists_checkboxes_still_send_many(app, database, ids, login_as):
    coordinator = login_as("coordinator")
    wanted = [ids.reports[k] for k in ("bdj-outage-zdl64", "hengshui-wfh-pumping")]
    with database.read_session() as s:
        versions = {r.id: r.version for r in s.scalars(sa.select(Report).where(Report.id.in_(wanted)))}
    data = MultiDict(
        [
            ("csrf_token", sweep.csrf_token(coordinator)),
            ("action", "verify"),
            *(("report", f"{i}:{v}") for i, v in versions.items()),
        ]
    )
    response = coordinator.post(f"/events/{ids.event_id}/reports/bulk", data=data)
    assert response.status_code == 200, response.status_code
    with database.read_session() as s:
        assert set(s.scalars(sa.select(Report.status).where(Report.id.in_(wanted)))) == {ReportStatus.VERIFIED}
