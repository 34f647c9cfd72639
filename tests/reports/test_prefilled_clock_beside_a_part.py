"""A new report's form without JavaScript: the clock it filled in itself ("now") is no clock beside a part of the day.

Without JavaScript the clock input stays shown (and sent) beside 下午. A worker at 20:00 who picks 下午 and leaves the
clock met the 422 "20:00不在下午（12:00–18:00）内" for a time they never gave. The page marks the clock it prefilled
(a hidden `<name>-prefilled`); left so beside a part of the day it is dropped, the report at that part's placement; a
clock the worker typed is kept inside the part or refused outside it, as before (docs/domain.md, "Time").
"""

from __future__ import annotations

import html as htmllib
import re

import sqlalchemy as sa

from incidents.models import ActivityEntry, Area
from tests.reports.conftest import hidden


def _opened(client, url: str) -> dict[str, str]:  # noqa: ANN001
    """The form's inputs as the page filled them (a browser without JavaScript sends them back)."""
    page = client.get(url).get_data(as_text=True)
    sent = {name: hidden(page, name) for name in ("csrf_token", "token", "observed_at-prefilled")}
    for name in ("observed_at-day", "observed_at-time"):
        sent[name] = re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
    return sent


def _title_saved(database, title: str) -> ActivityEntry | None:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(ActivityEntry).where(ActivityEntry.title == title))


def test_the_prefilled_clock_left_beside_afternoon_is_dropped(client, auth, make_user, live, session, database,
                                                               at_eight_yesterday):
    place = str(session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷")))
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{live.id}/reports/new/activity"
    sent = _opened(client, url)
    assert (sent["observed_at-time"], sent["observed_at-prefilled"]) == ("20:00", "20:00")
    assert sent["observed_at-day"] == at_eight_yesterday.date().isoformat()
    # Refused for another field, the page keeps the mark: sent again untouched, the clock is still the page's own.
    refused = client.post(url, data={**sent, "area_id": place, "title": "", "observed_at-precision": "afternoon"})
    assert refused.status_code == 422
    again = refused.get_data(as_text=True)
    assert "不在下午" not in htmllib.unescape(again)
    assert hidden(again, "observed_at-prefilled") == "20:00"
    saved = client.post(url, data={**sent, "area_id": place, "title": "午后巡查", "observed_at-precision": "afternoon"})
    assert saved.status_code == 302, htmllib.unescape(saved.get_data(as_text=True))[-1500:]
    entry = _title_saved(database, "午后巡查")
    assert entry is not None and entry.observed_precision == "afternoon"
    assert entry.observed_at.astimezone(live.tz) == at_eight_yesterday.replace(hour=15)  # the afternoon's middle


def test_a_typed_clock_beside_afternoon_is_kept_or_refused(client, auth, make_user, live, session, database,
                                                            at_eight_yesterday):
    place = str(session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷")))
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{live.id}/reports/new/activity"
    outside = client.post(url, data={**_opened(client, url), "area_id": place, "title": "上午巡查",
                                     "observed_at-time": "09:00", "observed_at-precision": "afternoon"})
    assert outside.status_code == 422
    assert "09:00不在下午（12:00–18:00）" in htmllib.unescape(outside.get_data(as_text=True))
    assert _title_saved(database, "上午巡查") is None
    inside = client.post(url, data={**_opened(client, url), "area_id": place, "title": "下午巡查",
                                    "observed_at-time": "16:30", "observed_at-precision": "afternoon"})
    assert inside.status_code == 302
    entry = _title_saved(database, "下午巡查")
    assert entry is not None and entry.observed_at.astimezone(live.tz) == at_eight_yesterday.replace(hour=16, minute=30)
    # The prefilled clock kept as "at 20:00" is what the worker chose: an exact time, as ever.
    exact = client.post(url, data={**_opened(client, url), "area_id": place, "title": "晚间巡查",
                                   "observed_at-precision": "exact"})
    assert exact.status_code == 302
    entry = _title_saved(database, "晚间巡查")
    assert entry is not None and entry.observed_at.astimezone(live.tz) == at_eight_yesterday
