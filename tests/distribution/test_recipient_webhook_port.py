"""A webhook URL whose port is no port (out of range, not a number) or whose host cannot be read is refused on the
address, nothing saved (probed 5 December, evening).

urlsplit reads such a URL, and asking it for its port or host raises ValueError: the recipients' page answered
500 for https://qyapi.weixin.qq.com:99999/…, and the command line printed a traceback.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.distribution.models import Recipient
from tests.conftest import csrf_from

WECOM = "qyapi.weixin.qq.com"
ADDRESSES = [f"https://{WECOM}:99999/cgi-bin/webhook/send?key=k", f"https://{WECOM}:abc/cgi-bin/webhook/send?key=k",
             f"https://{WECOM}:-1/cgi-bin/webhook/send?key=k", "https://[::1/cgi-bin/webhook/send?key=k"]


def _count(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Recipient))


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_webhook_url_with_no_port_to_read_is_refused_on_the_page(client, auth, make_user, database, rainstorm,
                                                                   address):
    make_user("coord", "coordinator")
    auth.login("coord")
    url = f"/events/{rainstorm.id}/recipients"
    token = csrf_from(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"name": "区防指群", "channel": "wecom", "address": address, "lang": "zh",
                                      "briefs": "y", "area_id": "", "csrf_token": token})
    assert response.status_code == 400, response.status_code
    html = response.get_data(as_text=True)
    assert "请填写群机器人的 Webhook 地址" in html[html.index('id="address"'):][:1500], html[-2000:]
    assert _count(database) == 0


def test_a_webhook_url_with_no_port_to_read_is_refused_by_the_command(runner, database, rainstorm):
    result = runner.invoke(args=["incidents", "recipients", "add", "--event", rainstorm.code, "--name", "区防指群",
                                 "--channel", "wecom", "--address", ADDRESSES[0]])
    assert result.exit_code == 1 and "address:" in result.output, (result.exit_code, result.output)
    assert _count(database) == 0
