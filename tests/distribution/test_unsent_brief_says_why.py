"""A brief's 谁收到了这份日报 page, before anything was sent, says why: it said 尚未发送任何消息 (Nothing sent yet)
under a brief compiled and not signed off, as under a provisional one that is never sent, and the coordinator who
opened it to send the brief learned neither that signing off sends it nor that a provisional brief goes to no one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs.models import Brief, BriefStatus
from tests.briefs.conftest import seed_briefs  # noqa: F401 - a fixture used here
from tests.conftest import switch_language

SAID = {
    "zh": (
        "尚未发送：日报签发后即发送给接收人。",
        "不发送：临时稿不签发，不发给任何人；该日结束后编制的日报签发后发送。",
    ),
    "en": (
        "Nothing sent yet: a brief goes to its recipients once it is signed off.",
        "Not sent: a provisional brief is never signed off and goes to no one; the day's brief, compiled once the"
        " day is over, goes when signed off.",
    ),
}


@pytest.mark.usefixtures("seed_briefs")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unsent_brief_says_why_nothing_went(client, auth, database, make_user, lang):
    unsigned, provisional = SAID[lang]
    with database.transaction() as s:
        compiled = s.scalar(sa.select(Brief.id).where(Brief.status == BriefStatus.COMPILED).limit(1))
    make_user("zhou", "coordinator")
    auth.login("zhou")
    if lang == "en":
        switch_language(client, "en")
    assert unsigned in client.get(f"/briefs/{compiled}/deliveries").get_data(as_text=True)
    with database.transaction() as s:
        s.execute(sa.update(Brief).where(Brief.id == compiled).values(status=BriefStatus.PROVISIONAL))
    assert provisional in client.get(f"/briefs/{compiled}/deliveries").get_data(as_text=True)


EMPTY = {
    "zh": "尚未发送：签发的日报、截止前的报送提醒和逾期提醒发给本事件的接收人。",
    "en": "Nothing sent yet: signed briefs, reminders before the cut-off and overdue alerts go to this event’s"
          " recipients.",
}


@pytest.mark.usefixtures("seed_briefs")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nothing_sent_says_what_sends_and_where_the_recipients_are(client, auth, database, make_user, lang):
    """The event's 发送记录 with nothing sent said only 尚未发送任何消息, as did a signed brief that went to no one
    (no recipients): a newcomer learned neither what sends nor where recipients are added."""
    with database.transaction() as s:
        brief = s.scalars(sa.select(Brief).where(Brief.status == BriefStatus.COMPILED).limit(1)).one()
        brief.status = BriefStatus.PUBLISHED
        brief_id, event_id = brief.id, brief.event_id
    make_user("zhou", "coordinator")
    auth.login("zhou")
    if lang == "en":
        switch_language(client, "en")
    for page in (f"/events/{event_id}/deliveries", f"/briefs/{brief_id}/deliveries"):
        html = client.get(page).get_data(as_text=True)
        assert EMPTY[lang] in html, page
        said = html[html.index(EMPTY[lang]):]
        assert said.index(f'href="/events/{event_id}/recipients"') < said.index("</p>"), page
