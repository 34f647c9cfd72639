"""A pumped volume over hours another volume of the same operation already covers is asked about before saving.

Two volumes over the same hours are added up: right for two pumps, twice the water when the second one is a
running total ("3000方" at 02:00 after "1200方" for 00:30–02:00), which every figure then carried.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from incidents.models import Area, PumpingVolume
from incidents.reports.services import create_report
from tests.reports.conftest import count_reports, hidden, when


def _operation(database, event, reporter: int) -> int:
    """A second pumping at 文峰汇·十二府, from 07-28 00:00 and still running (the seed's ended on 07-27)."""
    with database.transaction() as s:
        area = s.scalar(sa.select(Area.id).where(Area.name == "文峰汇·十二府"))
        operation = create_report(s, "pumping", {"event_id": event.id, "area_id": area, "team": "排涝二队",
                                                 "observed_at": datetime(2021, 7, 27, 16, tzinfo=UTC)}, reporter,
                                  reported_at=datetime(2021, 7, 27, 16, 5, tzinfo=UTC))
        return operation.id


def _volume(day: str, start: str, end: str, m3: str, operation: int) -> dict[str, str]:
    return {"operation_id": str(operation), **when("period_start", day, start), **when("period_end", day, end),
            "volume_m3": m3}


@pytest.fixture
def first_volume(auth, forms, event, make_user, database) -> tuple[str, int]:
    """A reporter logged in, and 1,200 m³ for 07-28 00:30–02:00 on the seed's pumping: (form URL, operation)."""
    reporter = make_user("li", "reporter")
    auth.login("li")
    operation = _operation(database, event, reporter)
    url = f"/events/{event.id}/reports/new/pumping_volume?operation={operation}"
    assert forms.submit(url, _volume("2021-07-28", "00:30", "02:00", "1200", operation)).status_code == 302
    return url, operation


def test_an_overlapping_volume_asks_first_and_saves_when_confirmed(client, forms, database, first_volume):
    url, operation = first_volume
    before = count_reports(database)

    asked = forms.submit(url, _volume("2021-07-28", "01:00", "02:00", "3000", operation))
    page = asked.get_data(as_text=True)
    assert asked.status_code == 409
    assert "已填报本作业7月28日 00:30—7月28日 02:00的排水量1,200立方米" in page and "两份会相加" in page
    assert 'name="confirm_duplicate"' in page
    assert count_reports(database) == before  # nothing saved until asked

    confirmed = client.post(url, data={**forms.open(url), "token": hidden(page, "token"),
                                       **_volume("2021-07-28", "01:00", "02:00", "3000", operation),
                                       "confirm_duplicate": "1"})
    assert confirmed.status_code == 302 and count_reports(database) == before + 1


def test_the_hours_after_a_volume_are_saved_without_a_question(forms, database, first_volume):
    url, operation = first_volume
    # Touching at 02:00 is the next stretch of work, not an overlap.
    assert forms.submit(url, _volume("2021-07-28", "02:00", "04:00", "900", operation)).status_code == 302
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(PumpingVolume)
                        .where(PumpingVolume.operation_id == operation)) == 2  # the first volume and this one


def test_the_outbox_is_told_to_ask(forms, first_volume):
    """A form sent by the phone's outbox gets the question as JSON: its "save it as well" box (duplicate)."""
    url, operation = first_volume
    answer = forms.submit(url, _volume("2021-07-28", "01:30", "03:00", "500", operation),
                          headers={"X-Outbox": "queue"})
    assert answer.status_code == 409
    body = answer.get_json()
    assert body["duplicate"] is True and body["report"]["id"]
    assert any(e["field"] == "period_start" and "两份会相加" in e["message"] for e in body["errors"])
