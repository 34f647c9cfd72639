"""A report form's time and count inputs are read as sent, whole: never cut to their first 40 characters."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.models import Area, Report
from tests.security import sweep

SCOPE = "文峰区/北大街街道"


@pytest.fixture
def outage_form(ids, login_as, session):
    """A scoped reporter's client and the new-outage form's fields, filled for a place in its scope."""
    client = login_as("reporter", scope=SCOPE)
    url = f"/events/{ids.event_id}/reports/new/outage"
    fields = sweep.form_fields(client.get(url).get_data(as_text=True))
    place = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    fields.update({"area_id": str(place), "started_at-day": "2021-07-22", "started_at-time": "08:00",
                   "started_at-precision": "exact", "households_affected": "40"})
    return client, url, fields


def newest(database) -> tuple[int, int | None]:
    """The id and households of the report stored last."""
    with database.read_session() as s:
        report = s.scalar(sa.select(Report).order_by(Report.id.desc()).limit(1))
        return report.id, getattr(report, "households_affected", None)


def test_a_count_longer_than_40_characters_is_read_whole(outage_form, database):
    client, url, fields = outage_form
    before, _households = newest(database)
    # Spaces group digits ("12 345" is 12345): cut at 40 characters, "12", 38 spaces and "345" was stored as 12.
    response = client.post(url, data={**fields, "households_affected": "12" + " " * 38 + "345"})
    assert response.status_code in (302, 303), response.status_code
    saved, households = newest(database)
    assert saved != before and households == 12345


def test_a_day_longer_than_40_characters_is_refused_by_name(outage_form, database):
    client, url, fields = outage_form
    before = sweep.fingerprint(database.engine)
    # Cut at 40 characters, "2021-07-22", 30 spaces and "x" was the day 2021-07-22: saved.
    response = client.post(url, data={**fields, "started_at-day": "2021-07-22" + " " * 30 + "x"})
    assert response.status_code == 422, response.status_code
    said = "须为日期，如 2026-12-07、2026/12/7 或 2026年12月7日"
    assert re.search(f'id="started_at-error"[^>]*>{re.escape(said)}<', response.get_data(as_text=True))
    assert sweep.fingerprint(database.engine) == before
