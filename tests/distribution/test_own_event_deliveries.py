"""A subdistrict's coordinator sees where its own event's brief went: the district's recipients' deliveries of it.

It compiles and signs the brief of an event of its subdistrict, which goes to the brief recipients the district office
set up for that event; their deliveries were hidden from it ("who got this brief" empty, no failure counted, no retry),
as the recipients themselves are (they are the district's to manage). Another event's deliveries to the same district
recipient stay hidden, and so does every recipient's page.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.demo import _area_by_path
from incidents.distribution.models import Delivery, DeliveryStatus, NoticeKind, Recipient
from incidents.distribution.services import RecipientFields, save_recipient, tell
from incidents.events.models import Event
from incidents.events.services import create_event
from tests.briefs.conftest import local
from tests.conftest import csrf_from, switch_language
from tests.distribution.helpers import compile_day

BDJ, YXDJ = "文峰区/北大街街道", "文峰区/银杏大街街道"


def _event_of(database, code: str, place: str) -> int:  # noqa: ANN001
    with database.transaction() as s:
        return create_event(s, code=code, name=f"{code} 暴雨", kind="rainstorm", starts_at=local("2021-07-22 00:00"),
                            timezone="Asia/Shanghai", area_id=_area_by_path(s, place).id).id


def _told(database, event_id: int, recipient_id: int, key: str, brief_id: int | None = None) -> int:  # noqa: ANN001
    """A notice of the event to the recipient, its delivery failed; the delivery's id."""
    with database.transaction() as s:
        kind = NoticeKind.BRIEF if brief_id else NoticeKind.ALERT
        facts = {"day": "2021-07-22", "number": 1, "revision": 1} if brief_id else {}
        notice = tell(s, event_id, kind, key, facts, [s.get(Recipient, recipient_id)], brief_id=brief_id)
        delivery = s.scalar(sa.select(Delivery).where(Delivery.notice_id == notice.id))
        delivery.status, delivery.last_error = DeliveryStatus.FAILED, "SMTP 550 mailbox unavailable"
        return delivery.id


def test_a_subdistricts_coordinator_sees_its_own_events_brief_deliveries(client, auth, make_user, database,
                                                                         rainstorm):
    make_user("sub", "coordinator", scope=BDJ)
    own, other = _event_of(database, "bdj-storm", BDJ), _event_of(database, "yxdj-storm", YXDJ)
    district_recipient: dict[int, int] = {}
    with database.transaction() as s:
        for event_id in (own, other, rainstorm.id):
            district_recipient[event_id] = save_recipient(s, None, s.get(Event, event_id), RecipientFields(
                name=f"区防指{event_id}", channel="email", address=f"fzb{event_id}@example.org", briefs=True)).id
    brief = compile_day(database, own, "2021-07-22", local("2021-07-23 09:00"))
    mine = _told(database, own, district_recipient[own], f"brief:{brief}", brief)
    other_brief = compile_day(database, other, "2021-07-22", local("2021-07-23 09:00"))
    theirs = _told(database, other, district_recipient[other], f"brief:{other_brief}", other_brief)
    districts = _told(database, rainstorm.id, district_recipient[rainstorm.id], "alert:test")
    auth.login("sub")
    switch_language(client, "en")

    who_got_it = client.get(f"/briefs/{brief}/deliveries").get_data(as_text=True)
    assert f"区防指{own}" in who_got_it and "SMTP 550 mailbox unavailable" in who_got_it, who_got_it[-3000:]
    assert f"区防指{own}" in client.get(f"/events/{own}/deliveries").get_data(as_text=True)
    recipients_page = client.get(f"/events/{own}/recipients").get_data(as_text=True)
    assert "1 failed" in recipients_page
    assert f"fzb{own}@example.org" not in recipients_page  # the recipient itself stays the district's
    assert client.get(f"/recipients/{district_recipient[own]}/edit").status_code == 403
    assert client.get(f"/history/deliveries/{mine}").status_code == 200
    retried = client.post(f"/deliveries/{mine}/retry", data={"csrf_token": csrf_from(who_got_it)})
    assert retried.status_code == 303

    # Another subdistrict's event and the district's: nothing of them shown, nothing retried.
    assert f"区防指{other}" not in client.get(f"/briefs/{other_brief}/deliveries").get_data(as_text=True)
    assert f"区防指{rainstorm.id}" not in client.get(f"/events/{rainstorm.id}/deliveries").get_data(as_text=True)
    assert "1 failed" not in client.get(f"/events/{other}/recipients").get_data(as_text=True)
    for delivery in (theirs, districts):
        assert client.get(f"/history/deliveries/{delivery}").status_code == 403
        assert client.post(f"/deliveries/{delivery}/retry", data={"csrf_token": csrf_from(who_got_it)}).status_code \
            == 403
    with database.read_session() as s:
        assert {d.id: d.status for d in s.scalars(sa.select(Delivery))} == {
            mine: DeliveryStatus.PENDING, theirs: DeliveryStatus.FAILED, districts: DeliveryStatus.FAILED}


def test_its_own_deliveries_are_listed_past_the_districts_newest_500(client, auth, make_user, database, rainstorm):
    """The deliveries page lists the 500 newest rows: taken before the scope was asked, a subdistrict's coordinator
    whose reminder went out before a district alert to 500 groups saw an empty page."""
    from datetime import timedelta

    from incidents.db import now_utc

    make_user("sub", "coordinator", scope=BDJ)
    with database.transaction() as s:
        event = s.get(Event, rainstorm.id)
        own = save_recipient(s, None, event, RecipientFields(
            name="北大街街道办", channel="email", address="bdj@example.org", briefs=False, reminders=True,
            area_id=_area_by_path(s, BDJ).id))
        facts = {"area": "北大街街道", "area_en": "", "day": "2021-07-23", "due": "08:00"}
        tell(s, event.id, NoticeKind.REMINDER, "reminder:own", facts, [own], now=now_utc() - timedelta(hours=1))
        groups = [Recipient(event_id=event.id, name=f"群{n}", channel="email", address=f"g{n}@example.org",
                            lang="zh", briefs=True) for n in range(500)]
        s.add_all(groups)
        s.flush()
        tell(s, event.id, NoticeKind.ALERT, "alert:many", {}, groups)
    auth.login("sub")
    page = client.get(f"/events/{rainstorm.id}/deliveries").get_data(as_text=True)
    assert "bdj@example.org" in page, page[page.find("<h1"):][:1500]
