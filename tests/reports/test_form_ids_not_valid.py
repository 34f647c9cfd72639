"""A report form's select or hidden id sent garbled is named as no valid id (422), not "required" as if left empty.

Found by an auditor: the forms read any id that was not plain digits as none, so a tampered or mangled outage,
operation or place ("٣", "abc", -3, 20 digits) was "必填" beside a choice the person had made. Nothing is saved.
"""

from __future__ import annotations

import html as htmllib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from incidents.reports import services
from tests.reports.conftest import count_reports, when

TZ = ZoneInfo("Asia/Shanghai")
JUNK = ["-3", "٣", "12345678901234567890", "1.5", "abc", "0"]
ZH = "不是有效的编号：记录编号是从1起的整数"


@pytest.mark.parametrize("junk", JUNK)
def test_a_garbled_id_on_a_form_is_not_a_valid_id(database, event, area_id, make_user, auth, forms, junk):
    office = make_user("office", "coordinator")
    place = area_id("西钟楼巷")
    with database.transaction() as s:
        outage = services.create_report(
            s,
            "outage",
            {
                "event_id": event.id,
                "area_id": place,
                "households_affected": 80,
                "started_at": datetime(2021, 7, 26, 9, 30, tzinfo=TZ),
                "started_precision": "exact",
            },
            office,
        ).id
    auth.login("office")
    before = count_reports(database)
    new = f"/events/{event.id}/reports/new"
    sent = {
        "outage_id": (
            f"{new}/outage_update",
            {"outage_id": junk, **when("observed_at", "2021-07-26", "12:00"), "households_restored": "20"},
        ),
        "area_id": (
            f"{new}/activity",
            {"area_id": junk, "title": "会商", **when("observed_at", "2021-07-26", "12:00")},
        ),
        "operation_id": (
            f"{new}/pumping_volume",
            {
                "operation_id": junk,
                "volume_m3": "50",
                **when("period_start", "2021-07-26", "10:00"),
                **when("period_end", "2021-07-26", "12:00"),
            },
        ),
    }
    for field, (url, data) in sent.items():
        answer = forms.submit(url, data)
        page = htmllib.unescape(answer.get_data(as_text=True))
        assert answer.status_code == 422, (field, answer.status_code)
        assert ZH in page, field
        assert "必填" not in page, field
    # An edit's place too.
    edit = forms.submit(
        f"/reports/{outage}/edit",
        {"area_id": junk, "households_affected": "80", **when("started_at", "2021-07-26", "09:30")},
    )
    assert edit.status_code == 422 and ZH in htmllib.unescape(edit.get_data(as_text=True))
    assert count_reports(database) == before


def test_an_empty_choice_is_still_required(database, event, make_user, auth, forms):
    make_user("office", "coordinator")
    auth.login("office")
    url = f"/events/{event.id}/reports/new/outage_update"
    answer = forms.submit(
        url, {"outage_id": "", **when("observed_at", "2021-07-26", "12:00"), "households_restored": "20"}
    )
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 422 and "必填" in page and ZH not in page
