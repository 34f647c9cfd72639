"""零报告 (zero reports) through every write path: the form (CSRF on), the one-tap button, the API (a token),
an import; the subdistrict rule, the scope rule and one live zero report per subdistrict and period."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.auth import tokens
from incidents.auth.models import User
from incidents.briefs.periods import current_period
from incidents.db import now_utc
from incidents.imports import services as imports
from incidents.models import Area, Report, ReportKind, ZeroReport

from .conftest import hidden

BEIDAJIE = "文峰区/北大街街道"


@pytest.fixture
def office(make_user, auth):
    """北大街街道's office (a reporter scoped to it), logged in."""
    make_user("bdj", "reporter", scope=BEIDAJIE)
    auth.login("bdj")


def zero_reports(database) -> list[tuple[str, str, str]]:
    """(area, period_day, status) of every zero report, read fresh."""
    with database.read_session() as s:
        return [(r.area.name, r.period_day.isoformat(), r.status.value)
                for r in s.scalars(sa.select(ZeroReport).order_by(ZeroReport.id))]


def area(session, name: str) -> int:
    return session.scalar(sa.select(Area.id).where(Area.name == name))


def test_the_form_sends_one_zero_report_and_refuses_a_second_naming_the_period(live, office, client, database,
                                                                              session):
    url = f"/events/{live.id}/reports/new/zero_report"
    page = client.get(url).get_data(as_text=True)
    # Only whole subdistricts in the office's scope are offered, its own chosen; the open period first.
    picker = page.split('name="area_id"')[1].split("</select>")[0]
    places = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', picker)
    assert [name for _id, name in places] == ["北大街街道"]
    today = current_period(live, now_utc()).isoformat()
    assert f'<option value="{today}" selected' in page
    form = {"csrf_token": hidden(page, "csrf_token"), "token": hidden(page, "token"),
            "area_id": str(area(session, "北大街街道")), "period_day": today, "note": "辖区无险情"}
    assert client.post(url, data={**form, "csrf_token": ""}).status_code == 400  # CSRF on
    sent = client.post(url, data=form)
    assert sent.status_code == 302
    assert zero_reports(database) == [("北大街街道", today, "submitted")]
    shown = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "零报告" in shown and "辖区无险情" in shown

    again = client.get(url).get_data(as_text=True)
    second = client.post(url, data={**form, "csrf_token": hidden(again, "csrf_token"), "token": hidden(again, "token")})
    assert second.status_code == 422
    text = second.get_data(as_text=True)
    assert "该街道（镇）本时段已报送零报告" in text and 'id="period_day-error"' in text
    assert len(zero_reports(database)) == 1


@pytest.mark.parametrize("clock", ["07:00", "09:00"])
def test_the_prompt_names_the_brief_that_counts_the_open_period(live, office, client, monkeypatch, clock):
    """Before the 08:00 brief the open period is yesterday's: the prompt says which brief counts it and that what is
    seen today counts in the next (a worker who reported at dawn read "nothing sent" as a fault); after it, today's."""
    from zoneinfo import ZoneInfo

    from incidents.reports import zero_views

    tz = ZoneInfo("Asia/Shanghai")
    today = now_utc().astimezone(tz).date()
    at = datetime.combine(today, time.fromisoformat(clock), tz)
    monkeypatch.setattr(zero_views, "now_utc", lambda: at.astimezone(UTC))
    page = client.get(f"/events/{live.id}").get_data(as_text=True)
    section = page.split('class="zero-taps"')[1].split("</section>")[0]
    day = date.fromisoformat(hidden(section, "period_day"))
    assert day == (today - timedelta(days=1) if clock == "07:00" else today)
    due = day + timedelta(days=1)
    said = f"{day.month}月{day.day}日尚未报送（{due.month}月{due.day}日 08:00编发的日报统计此时段"
    assert said + ("；今天观察到的情况计入下一期日报）。" if clock == "07:00" else "）。") in section, section


def test_a_zero_report_answers_for_a_whole_subdistrict_only(live, make_user, auth, client, database, session):
    make_user("coord", "coordinator")
    auth.login("coord")
    url = f"/events/{live.id}/reports/new/zero_report"
    page = client.get(url).get_data(as_text=True)
    # The place list offers subdistricts only; a site sent anyway is refused by the rule, by name.
    assert "彰德路64号院" not in page
    form = {"csrf_token": hidden(page, "csrf_token"), "token": hidden(page, "token"),
            "area_id": str(area(session, "彰德路64号院"))}
    refused = client.post(url, data=form)
    assert refused.status_code == 422 and 'id="area_id-error"' in refused.get_data(as_text=True)
    assert zero_reports(database) == []


def test_the_button_answers_the_open_period_once_confirmed_and_disappears(live, office, client, database, session):
    page = client.get(f"/events/{live.id}").get_data(as_text=True)
    assert page.count('class="zero-tap"') == 1 and "本时段零报告 · 北大街街道" in page
    tap = {name: hidden(page.split('class="zero-taps"')[1], name)
           for name in ("csrf_token", "area_id", "period_day", "token", "next")}
    tap["confirmed"] = "1"  # as static/zero.js sends it once the browser's confirm says yes
    assert client.post(f"/events/{live.id}/zero-report", data={**tap, "csrf_token": "x"}).status_code == 400
    sent = client.post(f"/events/{live.id}/zero-report", data=tap)
    assert sent.status_code == 303 and sent.headers["Location"] == f"/events/{live.id}"
    after = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "已报送北大街街道" in after  # the confirmation
    assert "zero-tap" not in after  # answered: no button
    assert zero_reports(database) == [("北大街街道", tap["period_day"], "submitted")]
    # A double tap (the same token) is the same report, not a second.
    assert client.post(f"/events/{live.id}/zero-report", data=tap).status_code == 303
    assert len(zero_reports(database)) == 1
    # The home page, where the office lands, offers nothing more either.
    assert "zero-tap" not in client.get("/").get_data(as_text=True)


def test_the_button_shows_on_the_home_page_and_never_answers_for_another_subdistrict(live, office, client,
                                                                                    database, session):
    home = client.get("/").get_data(as_text=True)
    assert "本时段零报告 · 北大街街道" in home
    tap = {name: hidden(home.split('class="zero-taps"')[1], name)
           for name in ("csrf_token", "period_day", "token", "next")}
    other = client.post(f"/events/{live.id}/zero-report", data={**tap, "area_id": str(area(session, "银杏大街街道"))})
    assert other.status_code == 403
    assert zero_reports(database) == []


def test_a_tap_asks_first_and_sends_nothing_until_confirmed(live, office, client, database, session):
    page = client.get("/").get_data(as_text=True)
    section = page.split('class="zero-taps"')[1].split("</section>")[0]
    # ＋新报告 comes first and filled; the zero report is an outline button after it, asking before it sends.
    assert section.index("zero-new") < section.index("zero-tap") and 'class="zero-tap"' in section
    assert 'data-confirm="确定为北大街街道报送' in section and "/static/zero.js" in page
    tap = {name: hidden(section, name) for name in ("csrf_token", "area_id", "period_day", "token", "next")}
    # Without JavaScript nothing says "confirmed": the server asks on a page of its own and sends nothing yet.
    asked = client.post(f"/events/{live.id}/zero-report", data=tap)
    assert asked.status_code == 200 and zero_reports(database) == []
    text = asked.get_data(as_text=True)
    assert "报送零报告？" in text and "北大街街道" in text and 'href="/"' in text  # cancel: back where it was
    sent = client.post(f"/events/{live.id}/zero-report", data={
        name: hidden(text.split('class="zero-confirm"')[1], name)
        for name in ("csrf_token", "area_id", "period_day", "token", "next", "confirmed")})
    assert sent.status_code == 303 and sent.headers["Location"] == "/"
    assert zero_reports(database) == [("北大街街道", tap["period_day"], "submitted")]
    # Asking never answers for a subdistrict outside the office's scope.
    other = client.post(f"/events/{live.id}/zero-report", data={**tap, "area_id": str(area(session, "银杏大街街道"))})
    assert other.status_code == 403


def test_a_report_with_data_takes_the_button_away(live, office, client, database, session):
    from incidents.briefs.periods import current_period
    from tests.reports.conftest import Forms, when

    local = now_utc().astimezone(live.tz)
    # Observed inside the open period: before the brief's hour that is yesterday (noon), else now.
    day = current_period(live, now_utc())
    clock = local.strftime("%H:%M") if day == local.date() else "12:00"
    url = f"/events/{live.id}/reports/new/activity"
    sent = Forms(client).submit(url, {"area_id": str(area(session, "西钟楼巷")), "title": "巡查",
                                      **when("observed_at", day.isoformat(), clock)})
    assert sent.status_code == 302
    assert "zero-tap" not in client.get(f"/events/{live.id}").get_data(as_text=True)


def api_client(app, database, username: str, role: str, scope: str | None):
    """A cookie-less client and the headers carrying a new personal token."""
    with database.transaction() as s:
        found = demo._area_by_path(s, scope) if scope else None
        from incidents.auth.services import create_user

        user = create_user(s, username, None, role, scope_area_id=found.id if found else None)
        _row, plaintext = tokens.create_token(s, s.get(User, user.id), "test", None)
    return app.test_client(use_cookies=False), {"Authorization": f"Bearer {plaintext}"}


def test_the_api_takes_the_reporters_own_subdistrict_and_refuses_a_duplicate(app, live, database, session):
    client, headers = api_client(app, database, "bdj-api", "reporter", BEIDAJIE)
    url = f"/api/v1/events/{live.id}/reports"
    made = client.post(url, json={"kind": "zero_report", "note": "无情况"}, headers=headers)
    assert made.status_code == 201, made.get_json()
    body = client.get(made.get_json()["url"].replace("/reports/", "/api/v1/reports/"), headers=headers).get_json()
    assert body["kind"] == "zero_report" and body["area"]["name"] == "北大街街道"
    assert body["period_day"] == current_period(live, now_utc()).isoformat()
    assert body["observed_precision"] == "day"

    twice = client.post(url, json={"kind": "zero_report"}, headers=headers)
    assert twice.status_code == 422 and "period_day" in twice.get_json()["errors"]
    elsewhere = client.post(url, json={"kind": "zero_report", "area_id": area(session, "银杏大街街道")},
                            headers=headers)
    assert elsewhere.status_code == 403 and "area_id" in elsewhere.get_json()["errors"]
    later = client.post(url, json={"kind": "zero_report", "period_day": "2999-01-01"}, headers=headers)
    assert later.status_code == 422 and "period_day" in later.get_json()["errors"]
    garbled = client.post(url, json={"kind": "zero_report", "period_day": "yesterday"}, headers=headers)
    assert garbled.status_code == 422 and "period_day" in garbled.get_json()["errors"]
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Report)
                        .where(Report.kind == ReportKind.ZERO_REPORT)) == 1


def test_the_openapi_document_describes_the_kind(app, client, make_user, auth):
    make_user("reader", "viewer")
    auth.login("reader")
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    assert "period_day" in schemas["ZeroReportReport"]["properties"]
    assert "period_day" in schemas["ZeroReportStored"]["properties"]


def test_an_import_refuses_a_second_zero_report_for_the_same_day_in_the_file(live, make_user, database):
    make_user("bdj-import", "reporter", scope=BEIDAJIE)
    day = current_period(live, now_utc())
    earlier = (day - timedelta(days=1)).isoformat()
    rows = [["地点", "时段", "备注"], ["文峰区/北大街街道", day.isoformat(), "无情况"],
            ["文峰区/北大街街道", earlier, ""], ["文峰区/北大街街道", day.isoformat(), "重复"]]
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    data = out.getvalue().encode("utf-8")
    with database.transaction() as s:
        user_id = s.scalar(sa.select(User.id).where(User.username == "bdj-import"))
        outcome = imports.run_import(s, filename="zero.csv", data=data, user_id=user_id, event_id=live.id,
                                     kind=None, store=True)
    assert outcome.kind == "zero_report"
    assert [(p.line, p.column) for p in outcome.problems] == [(4, "period_day")]
    assert zero_reports(database) == []  # all or nothing
    rows.pop()
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with database.transaction() as s:
        outcome = imports.run_import(s, filename="zero.csv", data=out.getvalue().encode("utf-8"), user_id=user_id,
                                     event_id=live.id, kind=None, store=True)
    assert outcome.problems == [] and outcome.created == 2
    assert sorted(zero_reports(database)) == sorted([("北大街街道", day.isoformat(), "submitted"),
                                                     ("北大街街道", earlier, "submitted")])
