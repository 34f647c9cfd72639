"""A recipient's webhook address, key and secret longer than their columns are refused by name, from the
page (CSRF on) and the CLI alike; PostgreSQL answered them with a 500 (StringDataRightTruncation)."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.auth.models import User
from incidents.distribution.models import Recipient
from tests.conftest import csrf_from

COLUMNS = Recipient.__table__.c  # type: ignore[attr-defined]
ADDRESS, TOKEN, SECRET = COLUMNS.address.type.length, COLUMNS.token.type.length, COLUMNS.secret.type.length
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
DINGTALK = "https://oapi.dingtalk.com/robot/send"


def _count(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Recipient))


def _post(client, url: str, data: dict):  # noqa: ANN001, ANN202
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"lang": "zh", "briefs": "y", "area_id": "", **data, "csrf_token": token})


def _english_coordinator(auth, make_user, database) -> None:  # noqa: ANN001
    user_id = make_user("coord", "coordinator")
    with database.transaction() as s:
        s.get_one(User, user_id).locale = "en"
    auth.login("coord")


def test_the_page_refuses_an_address_key_or_secret_longer_than_its_column(client, auth, make_user, database,
                                                                          rainstorm):
    _english_coordinator(auth, make_user, database)
    url = f"/events/{rainstorm.id}/recipients"
    cases = [
        ({"channel": "wecom", "address": f"{WECOM}/{'p' * ADDRESS}?key=k"},
         f"Is longer than {ADDRESS} characters"),
        ({"channel": "wecom", "address": f"{WECOM}?key={'k' * (TOKEN + 1)}"},
         f"key= is longer than {TOKEN} characters"),
        ({"channel": "dingtalk", "address": f"{DINGTALK}?access_token={'t' * (TOKEN + 1)}"},
         f"access_token= is longer than {TOKEN} characters"),
        ({"channel": "dingtalk", "address": f"{DINGTALK}?access_token=t", "secret": "S" * (SECRET + 1)},
         f"Is longer than {SECRET} characters"),
    ]
    for data, message in cases:
        response = _post(client, url, {"name": "群", **data})
        html = response.get_data(as_text=True)
        assert response.status_code == 400, (data["channel"], response.status_code)
        assert message in html, message
    assert _count(database) == 0
    # At the limits exactly: saved (on PostgreSQL too).
    response = _post(client, url, {"name": "群", "channel": "dingtalk", "secret": "S" * SECRET,
                                   "address": DINGTALK
                                   + "/" + "p" * (ADDRESS - len(DINGTALK) - 1) + "?access_token=" + "t" * TOKEN})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    with database.read_session() as s:
        row = s.scalars(sa.select(Recipient)).one()
        assert (len(row.address), len(row.token), len(row.secret)) == (ADDRESS, TOKEN, SECRET)


def test_the_cli_refuses_them_with_the_same_words(runner, database, rainstorm):
    def add(address: str, secret: str | None = None):  # noqa: ANN202
        args = ["incidents", "recipients", "add", "--event", "wenfeng-2021-07-rainstorm", "--name", "值班群",
                "--channel", "dingtalk", "--address", address]
        return runner.invoke(args=args + (["--secret", secret] if secret else []))

    long_path = add(f"{DINGTALK}/{'p' * ADDRESS}?access_token=t")
    assert long_path.exit_code != 0 and f"address: is longer than {ADDRESS} characters" in long_path.output
    long_key = add(f"{DINGTALK}?access_token={'t' * (TOKEN + 1)}")
    assert long_key.exit_code != 0 and f"address: its access_token= is longer than {TOKEN}" in long_key.output
    long_secret = add(f"{DINGTALK}?access_token=t", "S" * (SECRET + 1))
    assert long_secret.exit_code != 0 and f"secret: is longer than {SECRET} characters" in long_secret.output
    assert "Traceback" not in long_path.output + long_key.output + long_secret.output
    assert _count(database) == 0
