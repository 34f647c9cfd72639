"""An e-mail recipient is a mailbox a mail server takes, checked by email-validator (no DNS lookup).

Found by an auditor: a@[127.0.0.1] (a bracketed IP) and ａ@example.org (a full-width letter, which needs SMTPUTF8)
were saved and every brief to them failed unseen. Both are refused on the address; nothing saved."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.distribution.models import Recipient
from tests.conftest import csrf_from


def _addresses(database) -> list[str]:  # noqa: ANN001
    with database.read_session() as s:
        return list(s.scalars(sa.select(Recipient.address)))


def _post(client, url: str, address: str):  # noqa: ANN001, ANN202
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"name": "北大街街道办", "channel": "email", "address": address, "lang": "zh",
                                  "briefs": "y", "area_id": "", "csrf_token": token})


@pytest.mark.parametrize("address", ["a@[127.0.0.1]", "ａ@example.org", "bdj@localhost", "张三@example.gov.cn"])
def test_an_address_no_mail_server_takes_is_refused(client, auth, make_user, database, rainstorm, address):
    make_user("coord", "coordinator")
    auth.login("coord")
    response = _post(client, f"/events/{rainstorm.id}/recipients", address)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "name@example.gov.cn" in html[html.index('id="address"'):][:1500]
    assert _addresses(database) == []


@pytest.mark.parametrize("address", ["bdj@example.gov.cn", "wang.li+flood@mail.anyang.gov.cn", "a@例子.中国"])
def test_ordinary_addresses_are_kept(client, auth, make_user, database, rainstorm, address):
    make_user("coord", "coordinator")
    auth.login("coord")
    assert _post(client, f"/events/{rainstorm.id}/recipients", address).status_code in (302, 303)
    assert _addresses(database) == [address]
