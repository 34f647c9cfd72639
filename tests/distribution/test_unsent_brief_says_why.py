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
