"""An event closed earlier than its briefs had run: no brief after its last day is listed as due, queued or compiled.

Asked of the domain (closed on day 3 while day 4's brief was already out): the briefs list, the scheduler's sweep and
a compile asked for (over the API, or queued before the close) all stop at the day the event ended; the brief of
day 4, compiled while it ran, stays listed, a record (docs/briefs.md, "When").
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from incidents.briefs import queue
from incidents.briefs.models import Brief, CompileRequest
from incidents.briefs.sweep import compile_due
from incidents.models import Event
from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import make_builder

ZONE = ZoneInfo("Asia/Shanghai")


def _day(first: datetime, n: int) -> str:
    """The event's day n (1 is its first), as 2021-07-01."""
    return (first + timedelta(days=n - 1)).date().isoformat()


def test_briefs_stop_at_the_day_the_event_closed(database, coordinator_api: TokenClient, client, auth):
    api = coordinator_api
    # An event begun six days ago: days 1 to 5 are due now, and the briefs of days 1 to 4 were compiled while it ran.
    first = datetime.now(ZONE).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=6)
    b = make_builder(database, starts=first)
    for n in range(1, 5):
        compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": _day(first, n)})
    day_five = api.post(f"/api/v1/events/{b.event_id}/briefs/compile", json={"day": _day(first, 5)})
    assert day_five.status_code == 202, day_five.json  # queued while the event runs, not compiled yet

    ends = (first + timedelta(days=2, hours=15)).isoformat()  # closed on day 3 at 15:00
    closed = api.post(f"/api/v1/events/{b.event_id}/close", json={"ends_at": ends})
    assert closed.status_code == 200, closed.json

    listed = api.get(f"/api/v1/events/{b.event_id}/briefs").json["days"]
    assert [d["day"] for d in listed] == [_day(first, n) for n in (4, 3, 2, 1)]  # day 4 kept, days 5, 6 not due
    assert queue.run_queued(database) == 1
    with database.read_session() as s:
        asked = s.get(CompileRequest, day_five.json["id"])
        assert asked is not None and asked.status == "failed", asked and asked.status
    assert compile_due(database, catchup_days=7) == []  # the scheduler's sweep plans nothing past day 3
    for n in (5, 4):  # a compile, or a new revision of day 4, asked now: refused naming the day
        refused = api.post(f"/api/v1/events/{b.event_id}/briefs/compile", json={"day": _day(first, n)})
        assert refused.status_code == 422 and "day" in refused.json["errors"], refused.json
    with database.read_session() as s:
        assert sorted(str(d) for d in s.scalars(Brief.__table__.select().with_only_columns(Brief.day))) == [
            _day(first, n) for n in (1, 2, 3, 4)]
        assert s.get(Event, b.event_id).ends_at == datetime.fromisoformat(ends).astimezone(UTC)

    # The briefs page: day 4's brief listed, no day after it listed as due or offered to compile.
    auth.login("api-coordinator")
    page = client.get(f"/events/{b.event_id}/briefs").get_data(as_text=True)
    assert "第4期" in page and "第5期" not in page and "第6期" not in page
    assert f'max="{_day(first, 3)}"' in page  # the compile-now date picker ends at the day the event closed
