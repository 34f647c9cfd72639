"""A report edit whose hidden `version` is garbled is a 400 naming the version, not the 409 "someone changed it".

Found by an auditor: -1, 20 digits or "abc" in the hidden input were read as version -1, and the page said another
person had changed the report first, which nobody had. A stale whole version is still the 409; nothing is saved.
"""

from __future__ import annotations

import html as htmllib

import pytest
import sqlalchemy as sa

from incidents.reports.models import PowerOutage
from tests.reports.conftest import when

GARBLED = ["-1", "12345678901234567890", "abc", "0", "١", ""]


def _outage(forms, event, area_id) -> int:  # noqa: ANN001
    created = forms.submit(
        f"/events/{event.id}/reports/new/outage",
        {"area_id": str(area_id("西钟楼巷")), **when("started_at", "2021-07-23", "19:00"), "households_affected": "46"},
    )
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    return int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])


@pytest.mark.parametrize("version", GARBLED)
def test_a_garbled_version_is_a_400_naming_it(client, auth, forms, event, make_user, area_id, database, version):
    make_user("wang", "coordinator")
    auth.login("wang")
    report_id = _outage(forms, event, area_id)
    url = f"/reports/{report_id}/edit"
    sent = {
        "area_id": str(area_id("西钟楼巷")),
        **when("started_at", "2021-07-23", "19:00"),
        "households_affected": "99",
    }
    answer = forms.submit(url, {**sent, "version": version})
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400, answer.status_code
    assert "version" in page and "表单的版本号" in page
    assert "他人已先修改了这份报告" not in page
    with database.read_session() as s:
        stored = s.get(PowerOutage, report_id)
        assert (stored.version, stored.households_affected) == (1, 46)


def test_a_stale_version_is_still_a_409(client, auth, forms, event, make_user, area_id, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    report_id = _outage(forms, event, area_id)
    url = f"/reports/{report_id}/edit"
    sent = {"area_id": str(area_id("西钟楼巷")), **when("started_at", "2021-07-23", "19:00")}
    assert forms.submit(url, {**sent, "households_affected": "50"}).status_code == 302
    stale = forms.submit(url, {**sent, "households_affected": "99", "version": "1"})
    assert stale.status_code == 409
    with database.read_session() as s:
        assert s.scalar(sa.select(PowerOutage.households_affected).where(PowerOutage.id == report_id)) == 50
