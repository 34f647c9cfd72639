"""A day typed alone on a page or the command line reads the spellings a time's day reads (2021/7/24, 2021年7月24日,
full-width digits), as the API does (tests/api/test_day_spellings.py): the zero report form, the report list's ?day=,
the brief compile form, a token's last day. What is no day is still refused naming the field, nothing saved.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from incidents.auth import tokens
from incidents.briefs.models import CompileRequest
from incidents.briefs.periods import current_period
from incidents.db import now_utc
from incidents.models import Area, ZeroReport
from tests.conftest import csrf_from

from .conftest import hidden
from .test_list import listed


def spelled(day: date) -> list[str]:
    """A day as a clerk types it: with slashes, in Chinese, in full-width digits."""
    full_width = str.maketrans("0123456789-", "０１２３４５６７８９－")
    return [f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日",
            f"{day.year}-{day.month:02d}-{day.day:02d}".translate(full_width)]


def test_the_zero_report_form_reads_the_day_as_typed(live, make_user, auth, client, database, session):
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    auth.login("bdj")
    url = f"/events/{live.id}/reports/new/zero_report"
    today = current_period(live, now_utc())
    page = client.get(url).get_data(as_text=True)
    area_id = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    form = {"csrf_token": hidden(page, "csrf_token"), "token": hidden(page, "token"), "area_id": str(area_id),
            "period_day": "2021-02-30", "note": "辖区无险情"}
    refused = client.post(url, data=form)
    assert refused.status_code == 422 and 'id="period_day-error"' in refused.get_data(as_text=True)
    sent = client.post(url, data={**form, "period_day": spelled(today)[1]})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    with database.read_session() as s:
        assert list(s.scalars(sa.select(ZeroReport.period_day))) == [today]


@pytest.fixture
def viewer(client, auth, make_user, app, seeded):
    app.config["PAGE_SIZE"] = 1000
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client


def test_the_report_list_filters_a_day_as_typed(viewer, event):
    base = f"/events/{event.id}/reports?"
    iso = listed(viewer, base + "day=2021-07-24")
    assert iso
    for day in spelled(date(2021, 7, 24)):
        assert listed(viewer, base + f"day={day}") == iso, day
        page = viewer.get(base + f"day={day}").get_data(as_text=True)
        assert 'value="2021-07-24" selected' in page  # the select shows the day read
    for day in ("7/24", "2021-02-30"):
        refused = viewer.get(base + f"day={day}")
        assert refused.status_code == 400 and "日期：须为日期" in refused.get_data(as_text=True), day


def test_the_brief_compile_form_reads_the_day_as_typed(client, auth, make_user, database, event):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    url, form_url = f"/events/{event.id}/briefs/compile", f"/events/{event.id}/briefs"
    refused = auth.post(url, {"day": "7/24"}, form_url=form_url)
    assert refused.status_code == 400 and "日期：" in refused.get_data(as_text=True)
    queued = auth.post(url, {"day": "2021年7月24日"}, form_url=form_url)
    assert queued.status_code == 303, queued.get_data(as_text=True)
    with database.read_session() as s:
        assert list(s.scalars(sa.select(CompileRequest.day))) == [date(2021, 7, 24)]


@pytest.mark.parametrize("day", spelled(date(2099, 1, 31)))
def test_a_tokens_last_day_reads_as_typed(client, auth, make_user, database, day):
    make_user("tok", "reporter")
    auth.login("tok")
    page = client.get("/account").get_data(as_text=True)
    made = client.post("/account/tokens", data={"name": "sync", "expires_on": day, "csrf_token": csrf_from(page)})
    assert made.status_code == 200, made.get_data(as_text=True)
    with database.read_session() as s:
        last = tokens.last_day(s.scalar(sa.select(tokens.ApiToken.expires_at)), "Asia/Shanghai")
    assert last == date(2099, 1, 31)


@pytest.mark.parametrize("day", ["1/31", "2099-02-30"])
def test_a_tokens_last_day_that_is_no_day_is_named(client, auth, make_user, database, day):
    make_user("tok", "reporter")
    auth.login("tok")
    page = client.get("/account").get_data(as_text=True)
    refused = client.post("/account/tokens", data={"name": "sync", "expires_on": day, "csrf_token": csrf_from(page)})
    html = refused.get_data(as_text=True)
    said = 'id="expires_on-error">须为日期，如 2026-12-07、2026/12/7 或 2026年12月7日'
    assert refused.status_code == 400 and said in html, html
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(tokens.ApiToken)) == 0


def test_the_cli_reads_a_tokens_last_day_as_typed(runner, make_user, database):
    make_user("cli-tok", "coordinator")
    made = runner.invoke(args=["incidents", "tokens", "create", "cli-tok", "--name", "n", "--expires", "2099年1月31日"])
    assert made.exit_code == 0, made.output
    refused = runner.invoke(args=["incidents", "tokens", "create", "cli-tok", "--name", "m", "--expires", "1/31"])
    assert refused.exit_code == 2 and "--expires" in refused.output, refused.output
    with database.read_session() as s:
        days = [tokens.last_day(at, "Asia/Shanghai") for at in s.scalars(sa.select(tokens.ApiToken.expires_at))]
    assert days == [date(2099, 1, 31)]


def day_input(html: str, name: str) -> str:
    """The <input> a day was typed in, as the page shows it again."""
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert found is not None, html[:3000]
    return found.group()


def outage_refused_with_day(forms, event, area_id, typed: str) -> str:  # noqa: ANN001
    """The outage form sent with `typed` as its start's day and a count that is no number: the page shown again."""
    refused = forms.submit(f"/events/{event.id}/reports/new/outage",
                           {"area_id": area_id("西钟楼巷"), "started_at-day": typed, "started_at-time": "08:00",
                            "started_at-precision": "exact", "households_affected": "abc"})
    assert refused.status_code == 422
    return refused.get_data(as_text=True)


@pytest.mark.parametrize(("typed", "shown"), [
    ("2021/7/27", 'type="date" name="started_at-day" value="2021-07-27"'),
    ("2021年7月27日", 'type="date" name="started_at-day" value="2021-07-27"'),
    # No day: shown as typed in a text input, which a browser shows (a date input would show it empty).
    ("7/27", 'type="text" name="started_at-day" value="7/27"')])
def test_a_loose_day_is_shown_again_as_read_after_another_refusal(client, auth, forms, event, make_user, area_id,
                                                                   typed, shown):
    """A date input shows only YYYY-MM-DD: "2021/7/27" sent again as typed came back empty."""
    make_user("li", "reporter")
    auth.login("li")
    assert shown in day_input(outage_refused_with_day(forms, event, area_id, typed), "started_at-day")


@pytest.mark.parametrize(("typed", "shown"), [("2099/1/31", ('type="date"', 'value="2099-01-31"')),
                                              ("1/31", ('type="text"', 'value="1/31"'))])
def test_a_tokens_loose_last_day_is_shown_again_as_read(client, auth, make_user, typed, shown):
    make_user("tok", "reporter")
    auth.login("tok")
    page = client.get("/account").get_data(as_text=True)
    refused = client.post("/account/tokens", data={"name": "", "expires_on": typed, "csrf_token": csrf_from(page)})
    assert refused.status_code == 400
    field = day_input(refused.get_data(as_text=True), "expires_on")
    assert all(s in field for s in shown), field


@pytest.mark.parametrize(("typed", "shown"), [("2019/7/24", ('type="date"', 'value="2019-07-24"')),
                                              ("7/24", ('type="text"', 'value="7/24"'))])
def test_the_brief_compile_forms_day_is_shown_again_as_read(client, auth, make_user, event, typed, shown):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    refused = auth.post(f"/events/{event.id}/briefs/compile", {"day": typed}, form_url=f"/events/{event.id}/briefs")
    assert refused.status_code == 400
    field = day_input(refused.get_data(as_text=True), "day")
    assert all(s in field for s in shown), field
