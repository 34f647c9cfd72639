"""A distribution page refused is the product's 403 page saying what is missing, not only "您无权执行此操作".

A viewer or a reporter is told only coordinators set up recipients (their role); a subdistrict's
coordinator, that another place's recipient is outside their areas, or that a brief recipient is the
district office's. The recipients and deliveries pages, the retry and remove buttons, and the
recipients' and deliveries' history pages alike; nothing is changed.
"""

from __future__ import annotations

import html

import sqlalchemy as sa

from incidents.auth.models import User
from incidents.demo import _area_by_path
from incidents.distribution.models import Recipient
from incidents.distribution.services import RecipientFields, save_recipient
from incidents.events.models import Event
from tests.conftest import Auth, csrf_from, switch_language

BDJ, OTHER = "文峰区/北大街街道", "文峰区/东关街道"
ROLE = "角色：只有协调员才能设置和查看日报、提醒和预警发往何处"


def _recipients(database, event_id: int) -> tuple[int, int]:  # noqa: ANN001
    """A district brief recipient naming BDJ, and another subdistrict's reminder recipient (both by the office)."""
    with database.transaction() as s:
        office = s.scalar(sa.select(User).where(User.username == "office"))
        event = s.get(Event, event_id)

        def made(name: str, place: str, briefs: bool) -> int:
            fields = RecipientFields(name=name, channel="email", address=f"{len(name)}@example.org", lang="zh",
                                     briefs=briefs, reminders=not briefs, alerts=False,
                                     area_id=_area_by_path(s, place).id, secret=None)
            return save_recipient(s, office, event, fields).id

        return made("区指挥部", BDJ, True), made("东关街道办", OTHER, False)


def _shown(response) -> str:  # noqa: ANN001
    return html.unescape(response.get_data(as_text=True))


def test_a_role_without_the_right_is_told_it_is_for_coordinators(client, make_user, database, rainstorm):
    make_user("office", "coordinator")
    brief, _reminder = _recipients(database, rainstorm.id)
    for role in ("viewer", "reporter"):
        make_user(role, role)
        browser = client.application.test_client()
        Auth(browser).login(role)
        for url in (f"/events/{rainstorm.id}/recipients", f"/events/{rainstorm.id}/deliveries",
                    f"/recipients/{brief}/edit", f"/history/recipients/{brief}"):
            refused = browser.get(url)
            assert refused.status_code == 403 and refused.mimetype == "text/html", (role, url)
            assert ROLE in _shown(refused), (role, url)
        token = csrf_from(browser.get("/account").get_data(as_text=True))
        removed = browser.post(f"/recipients/{brief}/remove", data={"csrf_token": token})
        assert removed.status_code == 403 and ROLE in _shown(removed)
    with database.read_session() as s:
        assert s.get(Recipient, brief).active
    english = client.application.test_client()
    Auth(english).login("viewer")
    switch_language(english, "en")
    refused = english.get(f"/events/{rainstorm.id}/recipients")
    assert "Role: only a coordinator sets up and sees where briefs, reminders and alerts are sent" in _shown(refused)


def test_a_subdistricts_coordinator_is_told_which_field_is_not_theirs(client, auth, make_user, database, rainstorm):
    make_user("office", "coordinator")
    make_user("sub", "coordinator", scope=BDJ)
    brief, reminder = _recipients(database, rainstorm.id)
    auth.login("sub")
    for url in (f"/recipients/{brief}/edit", f"/history/recipients/{brief}"):
        refused = client.get(url)
        assert refused.status_code == 403, url
        assert "签发的日报：日报和逾期提醒发往何处由区级协调员决定" in _shown(refused), url
    for url in (f"/recipients/{reminder}/edit", f"/history/recipients/{reminder}"):
        refused = client.get(url)
        assert refused.status_code == 403, url
        assert "地点：不在您管理的地点范围内" in _shown(refused), url
    token = csrf_from(client.get(f"/events/{rainstorm.id}/recipients").get_data(as_text=True))
    removed = client.post(f"/recipients/{reminder}/remove", data={"csrf_token": token})
    assert removed.status_code == 403 and "地点：不在您管理的地点范围内" in _shown(removed)
    with database.read_session() as s:
        assert s.get(Recipient, reminder).active
