"""A recipient's address is one line of visible text, as its name is.

An e-mail address with a right-to-left override (bdj@example.gov.cn + U+202E) or a zero-width space was
saved: the page showed it otherwise than it was stored, and every brief sent to it failed unseen. It is
now refused on the address, from the page (CSRF on) and the CLI's check alike; nothing saved.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.distribution.models import Recipient
from tests.conftest import csrf_from

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"


def _count(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Recipient))


@pytest.mark.parametrize("channel, address", [
    ("email", "bdj@example.gov.cn\u202e"), ("email", "bdj\u200b@example.gov.cn"),
    ("wecom", f"{WECOM}\u202e?key=k")])
def test_an_address_with_hidden_characters_is_refused(client, auth, make_user, database, rainstorm, channel,
                                                      address):
    make_user("coord", "coordinator")
    auth.login("coord")
    url = f"/events/{rainstorm.id}/recipients"
    token = csrf_from(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"name": "北大街街道办", "channel": channel, "address": address, "lang": "zh",
                                      "briefs": "y", "area_id": "", "csrf_token": token})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "须为一行可见文字" in html[html.index('id="address"'):][:1500]
    assert _count(database) == 0
