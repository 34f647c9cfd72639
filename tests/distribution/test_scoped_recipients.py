"""A subdistrict's coordinator sets up its reminder recipients only (fifth outside audit).

docs/distribution.md: a coordinator scoped to a subdistrict manages "only that subdistrict's reminder
recipients". The check was on the subdistrict alone, so such a coordinator could add (or turn an
existing contact into) a recipient of every signed brief and every overdue alert of the whole
district, at any e-mail address or robot it chose, and see and change the district office's
brief recipients that happened to name its subdistrict.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.demo import _area_by_path
from incidents.distribution.models import Recipient
from incidents.distribution.services import RecipientFields, save_recipient
from incidents.events.models import Event
from tests.conftest import csrf_from, switch_language

BDJ = "文峰区/北大街街道"


def _post(client, url: str, data: dict):  # noqa: ANN001, ANN202
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def _own(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return _area_by_path(s, BDJ).id


def test_a_subdistricts_coordinator_adds_no_brief_or_alert_recipient(client, auth, make_user, database, rainstorm):
    make_user("sub", "coordinator", scope=BDJ)
    auth.login("sub")
    url, own = f"/events/{rainstorm.id}/recipients", str(_own(database))
    switch_language(client, "en")
    form = client.get(url).get_data(as_text=True)
    assert '<input checked id="reminders"' in form and '<input id="briefs"' in form  # what it may add
    assert "None (every subdistrict" not in form  # a district-wide recipient is not its to add
    for receives in ({"briefs": "y"}, {"alerts": "y"}, {"reminders": "y", "briefs": "y", "alerts": "y"}):
        refused = _post(client, url, {"name": "私人邮箱", "channel": "email", "address": "me@example.org", "lang": "zh",
                                      "area_id": own, **receives})
        assert refused.status_code == 400, receives
        assert "a subdistrict&#39;s coordinator adds reminder recipients" in refused.get_data(as_text=True)
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Recipient)) == 0
    made = _post(client, url, {"name": "北大街街道办", "channel": "email", "address": "bdj@example.org", "lang": "zh",
                               "area_id": own, "reminders": "y"})
    assert made.status_code == 303
    with database.read_session() as s:
        row = s.scalar(sa.select(Recipient))
        assert (row.briefs, row.reminders, row.alerts) == (False, True, False)
    # Nor turned into one afterwards.
    turned = _post(client, f"/recipients/{row.id}/edit", {"name": "北大街街道办", "channel": "email",
                                                          "address": "bdj@example.org", "lang": "zh", "area_id": own,
                                                          "reminders": "y", "alerts": "y"})
    assert turned.status_code == 400
    with database.read_session() as s:
        assert s.get(Recipient, row.id).alerts is False


def test_the_district_offices_brief_recipient_for_a_subdistrict_is_not_the_subdistricts(
        client, auth, make_user, database, rainstorm):
    make_user("sub", "coordinator", scope=BDJ)
    with database.transaction() as s:
        event = s.get(Event, rainstorm.id)
        district = save_recipient(s, None, event, RecipientFields(
            name="北大街书记", channel="email", address="secretary@example.org", briefs=True, reminders=True,
            area_id=_own(database))).id
    auth.login("sub")
    page = client.get(f"/events/{rainstorm.id}/recipients").get_data(as_text=True)
    assert "secretary@example.org" not in page
    assert client.get(f"/recipients/{district}/edit").status_code == 403
    moved = client.post(f"/recipients/{district}/edit", data={
        "csrf_token": csrf_from(page), "name": "x", "channel": "email", "address": "me@example.org", "lang": "zh",
        "briefs": "y", "reminders": "y", "area_id": str(_own(database))})
    assert moved.status_code == 403
    assert client.get(f"/history/recipients/{district}").status_code == 403
    with database.read_session() as s:
        assert s.get(Recipient, district).address == "secretary@example.org"


def test_a_subdistricts_coordinator_counts_only_its_own_failed_deliveries(client, auth, make_user, database,
                                                                           rainstorm):
    from incidents.distribution.models import Delivery, DeliveryStatus, NoticeKind
    from incidents.distribution.services import tell

    make_user("sub", "coordinator", scope=BDJ)
    with database.transaction() as s:
        event = s.get(Event, rainstorm.id)
        district = save_recipient(s, None, event, RecipientFields(
            name="区防办", channel="email", address="district@example.org", briefs=True, alerts=True))
        tell(s, event.id, NoticeKind.ALERT, "alert:test", {}, [district])
        for delivery in s.scalars(sa.select(Delivery)):
            delivery.status = DeliveryStatus.FAILED
    auth.login("sub")
    switch_language(client, "en")
    page = client.get(f"/events/{rainstorm.id}/recipients").get_data(as_text=True)
    assert "1 failed" not in page  # the district's failure is not on its page, nor on its deliveries page
    assert "district@example.org" not in client.get(f"/events/{rainstorm.id}/deliveries").get_data(as_text=True)


def test_a_delivery_history_follows_the_deliveries_page(client, auth, make_user, database, rainstorm):
    """/history/deliveries/<id>: a subdistrict's coordinator traces its own reminder recipient's deliveries, as
    its deliveries page lists them and its retry button retries them (may_manage), not the district's (403)."""
    from incidents.distribution.models import Delivery, NoticeKind
    from incidents.distribution.services import tell

    make_user("sub", "coordinator", scope=BDJ)
    make_user("root", "admin")
    with database.transaction() as s:
        event = s.get(Event, rainstorm.id)
        own = save_recipient(s, None, event, RecipientFields(
            name="北大街街道办", channel="email", address="bdj@example.org", briefs=False, reminders=True,
            area_id=_own(database)))
        district = save_recipient(s, None, event, RecipientFields(
            name="区防办", channel="email", address="district@example.org", briefs=True, alerts=True))
        facts = {"area": "北大街街道", "area_en": "", "day": "2021-07-23", "due": "08:00"}
        tell(s, event.id, NoticeKind.REMINDER, "reminder:test", facts, [own])
        tell(s, event.id, NoticeKind.ALERT, "alert:test", {}, [district])
        mine = s.scalar(sa.select(Delivery.id).where(Delivery.recipient_id == own.id))
        theirs = s.scalar(sa.select(Delivery.id).where(Delivery.recipient_id == district.id))
        own_id = own.id
    auth.login("sub")
    listed = client.get(f"/events/{rainstorm.id}/deliveries").get_data(as_text=True)
    assert "bdj@example.org" in listed and "district@example.org" not in listed
    assert client.get(f"/history/recipients/{own_id}").status_code == 200
    assert client.get(f"/history/deliveries/{mine}").status_code == 200
    assert client.get(f"/history/deliveries/{mine}/export.csv").status_code == 200
    assert client.get(f"/history/deliveries/{theirs}").status_code == 403
    assert client.get(f"/history/deliveries/{theirs}/export.csv").status_code == 403
    # The district office's administrator traces both, as before.
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/account").get_data(as_text=True))})
    auth.login("root")
    assert client.get(f"/history/deliveries/{mine}").status_code == 200
    assert client.get(f"/history/deliveries/{theirs}").status_code == 200
