"""Every validation rule, through the form: its message on its field, what was typed kept, 4xx, nothing stored."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.models import AuditEntry, IdempotencyKey, Report
from tests.conftest import switch_language
from tests.reports.conftest import when

TOMORROW = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=1)).date().isoformat()
DAY = when("observed_at", "2021-07-27", precision="day")

# (case, kind, place, form data, field the message is on, the Chinese message, a typed value kept)
CASES = [
    ("required", "activity", "天宁寺", {**DAY, "title": ""}, "title", "必填", None),
    ("required time", "outage", "西钟楼巷", {"started_at-day": "", "started_at-time": ""}, "started_at", "必填", None),
    ("no place", "activity", None, {**DAY, "title": "巡查"}, "area_id", "必填", "巡查"),
    ("not a number", "pumping", "兴泰路", {**DAY, **when("observed_at", "2021-07-27", "08:00"), "team": "消防",
                                           "people": "十二"}, "people", "须为整数", "十二"),
    ("negative", "disinfection", "兴泰路", {**DAY, "person_times": "-5"}, "person_times", "不能为负数", "-5"),
    ("implausible count", "disinfection", "兴泰路", {**DAY, "count_street": "20000000"}, "count_street",
     "数值过大，不合常理（超过10,000,000）", "20000000"),
    # Sixteen digits are a number too large, not "not a whole number".
    ("huge count", "disinfection", "兴泰路", {**DAY, "person_times": "1234567890123456"}, "person_times",
     "数值过大，不合常理（超过10,000,000）", "1234567890123456"),
    ("nothing counted", "disinfection", "兴泰路", {**DAY}, "counts", "请填写出动人次，或至少一个类别的数量", None),
    ("volume per day", "pumping_volume", "文峰汇·十二府",
     {"operation_id": "@hengshui-wfh-pumping", **when("period_start", "2021-07-27", precision="morning"),
      **when("period_end", "2021-07-27", precision="evening"), "volume_m3": "50000000"},
     "volume_m3", "超过每天10,000,000立方米", "50000000"),
    ("more than the buildings of the area", "outage", "安彩嘉园二期",
     {**when("started_at", "2021-07-23", "19:00"), "buildings_affected": "30"},
     "buildings_affected", "超过该地点的24栋", "30"),
    # "More than 24" of a place of 24 buildings is more than it has (24 itself is all of it, accepted).
    ("more than all the buildings of the area", "outage", "安彩嘉园二期",
     {**when("started_at", "2021-07-23", "19:00"), "buildings_affected": "24余"},
     "buildings_affected", "超过该地点的24栋", "24余"),
    ("restoration before the outage", "outage_update", "安彩嘉园二期",
     {"outage_id": "@acjy2-outage", **when("observed_at", "2021-07-23", "08:00"), "fully_restored": "y"},
     "observed_at", "早于停电开始时间", None),
    ("restored more than affected", "outage_update", "安彩嘉园二期",
     {"outage_id": "@acjy2-outage", **when("observed_at", "2021-07-24", "08:00"), "buildings_restored": "30"},
     "buildings_restored", "超过该地点的24栋", "30"),
    ("full while some still out", "outage_update", "文峰汇·十二府",
     {"outage_id": "@wfh-outage-shops", **when("observed_at", "2021-07-24", "08:00"), "fully_restored": "y",
      "households_out": "5"}, "fully_restored", "仍有停电时不能标记为全部恢复", "5"),
    ("update says nothing", "outage_update", "文峰汇·十二府",
     {"outage_id": "@wfh-outage-shops", **when("observed_at", "2021-07-24", "08:00")}, "fully_restored",
     "请说明变化", None),
    ("an operation as the outage", "outage_update", "文峰汇·十二府",
     {"outage_id": "@hengshui-wfh-pumping", **when("observed_at", "2021-07-24", "08:00"), "fully_restored": "y"},
     "outage_id", "是排涝作业，不是停电", None),
    ("a year out of range", "outage", "西钟楼巷", when("started_at", "0001-01-01", "10:00"),
     "started_at", "须在1900年至2999年之间", None),
    ("estimate before the start", "outage", "西钟楼巷",
     {**when("started_at", "2021-07-23", "19:00"), **when("etr_at", "2021-07-23", precision="morning")},
     "etr_at", "早于停电开始时间", None),
    ("end before the start", "debris", "兴泰路",
     {**when("period_start", "2021-07-26", precision="afternoon"),
      **when("period_end", "2021-07-26", precision="morning"), "mass_t": "30"}, "period_end", "早于开始时间", "30"),
    ("pumping ended before it began", "pumping", "兴泰路",
     {**when("observed_at", "2021-07-26", "10:00"), **when("ended_at", "2021-07-25", precision="day"),
      "team": "消防"}, "ended_at", "早于作业开始时间", "消防"),
    ("in the future", "activity", "天宁寺", {**when("observed_at", TOMORROW, precision="morning"), "title": "巡查"},
     "observed_at", "晚于当前时间", "巡查"),
    ("clock needed", "activity", "天宁寺", {**when("observed_at", "2021-07-27", "", "exact"), "title": "巡查"},
     "observed_at", "请填写时刻", "巡查"),
    ("bad day", "activity", "天宁寺", {**when("observed_at", "2021-02-30", "10:00"), "title": "巡查"},
     "observed_at", "须为日期", "巡查"),
    ("bad clock", "activity", "天宁寺", {**when("observed_at", "2021-07-27", "25:99"), "title": "巡查"},
     "observed_at", "须为时刻", "巡查"),
    ("unknown precision", "activity", "天宁寺", {**when("observed_at", "2021-07-27", "", "teatime"),
                                                "title": "巡查"}, "observed_at", "未知的时间精度", "巡查"),
    ("tonnes not a number", "debris", "兴泰路", {**when("period_start", "2021-07-26", precision="day"),
                                                 "mass_t": "三十"}, "mass_t", "须为数字", "三十"),
    ("too long", "activity", "天宁寺", {**DAY, "title": "巡" * 301}, "title", "超过300个字符", None),
    ("control characters", "activity", "天宁寺", {**DAY, "title": "巡查\x07"}, "title", "含有无法保存的控制字符", None),
]


def _stored(database) -> tuple[int, int, int]:
    with database.read_session() as s:
        return tuple(s.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Report, AuditEntry, IdempotencyKey))


@pytest.mark.parametrize(("kind", "place", "data", "field", "message", "kept"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_message_on_its_field_and_nothing_stored(kind, place, data, field, message, kept, client, auth, forms,
                                                      event, make_user, area_id, session, database):
    make_user("li", "reporter")
    auth.login("li")
    data = {k: (str(session.get(IdempotencyKey, f"demo:{v[1:]}").entity_id) if isinstance(v, str)
                and v.startswith("@") else v) for k, v in data.items()}
    if place:
        data["area_id"] = area_id(place)
    before = _stored(database)
    response = forms.submit(f"/events/{event.id}/reports/new/{kind}", data)
    html = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500, html
    errors = re.findall(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    assert errors and message in errors[0], (errors, html[html.find("<main"):][:3000])
    assert "未保存" in html
    if kept is not None:
        assert f'value="{kept}"' in html or f">{kept}<" in html
    assert _stored(database) == before


def test_messages_in_english_too(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    switch_language(client, "en")
    response = forms.submit(f"/events/{event.id}/reports/new/disinfection",
                            {"area_id": area_id("兴泰路"), **DAY, "count_street": "20000000"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "is implausibly large (over 10,000,000)" in html
    assert "Nothing was saved" in html


def test_an_estimated_restoration_may_lie_ahead(client, auth, forms, live, make_user, area_id, database):
    """An ETR is a forecast: tomorrow afternoon is accepted and kept as tomorrow afternoon, not clamped to now."""
    from incidents.models import PowerOutage

    # A running event: an outage begun today on one that ended in 2021 is over 7 days after its end.
    event = live
    make_user("li", "reporter")
    auth.login("li")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    response = forms.submit(f"/events/{event.id}/reports/new/outage",
                            {"area_id": area_id("西钟楼巷"), **when("started_at", today, "00:00"),
                             **when("etr_at", TOMORROW, precision="afternoon"), "households_affected": "40"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with database.read_session() as s:
        outage = s.scalars(sa.select(PowerOutage).order_by(PowerOutage.id.desc())).first()
        etr = outage.etr_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert etr.date().isoformat() == TOMORROW and 12 <= etr.hour < 18
