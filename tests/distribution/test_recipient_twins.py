"""The same mailbox or robot added twice to an event: refused on the form, its edit and the CLI, naming the
address and the recipient already there. Before, both were saved and every brief reached that group twice."""

from __future__ import annotations

import re

from tests.conftest import switch_language
from tests.distribution.test_recipients import _post, _rows

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key="
ALREADY = "已是接收人 区防指 的地址，它也接收日报：每条都会重复收到"


def _add(client, event_id: int, name: str, channel: str, address: str, **kw):  # noqa: ANN001, ANN003, ANN202
    return _post(client, f"/events/{event_id}/recipients",
                 {"name": name, "channel": channel, "address": address, "lang": "zh", "briefs": "y", "area_id": "",
                  **kw})


def _refused(response, message: str = ALREADY) -> None:  # noqa: ANN001
    """A 400 whose error stands under the address field, naming the recipient already there."""
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'<p class="error" id="address-error">[^<]*' + re.escape(message), page), page[-2000:]


def test_a_second_recipient_at_the_same_address_is_refused(client, auth, make_user, database, rainstorm):
    make_user("coord", "coordinator")
    auth.login("coord")
    assert _add(client, rainstorm.id, "区防指", "email", "Fzb@Wenfeng.example").status_code == 303
    # As a mail server reads it: the case and the spaces around it do not make another mailbox.
    _refused(_add(client, rainstorm.id, "防指邮箱", "email", "  fzb@wenfeng.EXAMPLE "))
    assert _add(client, rainstorm.id, "值班群", "wecom", WECOM + "k-1111").status_code == 303
    _refused(_add(client, rainstorm.id, "值班群2", "wecom", WECOM + "k-1111"), "已是接收人 值班群 的地址")
    assert _add(client, rainstorm.id, "另一群", "wecom", WECOM + "k-2222").status_code == 303  # another robot
    assert [r.name for r in _rows(database)] == ["区防指", "值班群", "另一群"]
    # Changed to the address of another: refused too; saved unchanged, its own address is no twin.
    other = _rows(database)[2]
    _refused(_post(client, f"/recipients/{other.id}/edit",
                   {"name": "另一群", "channel": "email", "address": "fzb@wenfeng.example", "lang": "zh",
                    "briefs": "y", "area_id": ""}))
    assert _post(client, f"/recipients/{other.id}/edit",
                 {"name": "另一群", "channel": "wecom", "address": WECOM + "k-2222", "lang": "zh", "briefs": "y",
                  "area_id": ""}).status_code == 303
    # Removed, its address may be added again.
    first = _rows(database)[0]
    assert _post(client, f"/recipients/{first.id}/remove", {}).status_code in (302, 303)
    assert _add(client, rainstorm.id, "防指邮箱", "email", "fzb@wenfeng.example").status_code == 303


def test_the_cli_refuses_a_twin_naming_the_address_and_the_recipient(runner, database, rainstorm):
    add = ["incidents", "recipients", "add", "--event", "wenfeng-2021-07-rainstorm", "--channel", "wecom",
           "--receives", "briefs", "--address", WECOM + "k-3333"]
    assert runner.invoke(args=[*add, "--name", "值班群"]).exit_code == 0
    twice = runner.invoke(args=[*add, "--name", "值班群again"])
    assert twice.exit_code != 0
    assert "address: is already the address of recipient 值班群" in twice.output
    assert [r.name for r in _rows(database)] == ["值班群"]


def test_a_subdistricts_coordinator_is_refused_without_the_districts_recipient_named(client, auth, make_user,
                                                                                    database, rainstorm):
    from incidents.demo import _area_by_path

    make_user("coord", "coordinator")
    make_user("sub", "coordinator", scope="文峰区/北大街街道")
    auth.login("coord")
    # Every subdistrict's reminders beside the briefs: a subdistrict's reminders there would reach it twice.
    assert _add(client, rainstorm.id, "防汛办邮箱", "email", "fzb@wenfeng.example", reminders="y").status_code == 303
    client.get("/logout")
    auth.login("sub")
    with database.read_session() as s:
        own = _area_by_path(s, "文峰区/北大街街道").id
    twin = _post(client, f"/events/{rainstorm.id}/recipients",
                 {"name": "北大街", "channel": "email", "address": "FZB@wenfeng.example", "lang": "zh",
                  "reminders": "y", "area_id": str(own)})
    _refused(twin, "已是区级协调员设置的接收人的地址，它也接收报送提醒：每条都会重复收到")
    assert "防汛办邮箱" not in twin.get_data(as_text=True)
    assert [r.name for r in _rows(database)] == ["防汛办邮箱"]


def test_a_twin_is_the_same_address_for_the_same_purpose(client, auth, make_user, database, rainstorm):
    """The district's briefs mailbox may take a subdistrict's reminders too: nothing reaches it twice. It was refused
    as a twin, and the subdistrict had to use another address for what no one else sent there."""
    from incidents.demo import _area_by_path

    make_user("coord", "coordinator")
    make_user("sub", "coordinator", scope="文峰区/北大街街道")
    with database.read_session() as s:
        own, other = (_area_by_path(s, f"文峰区/{name}").id for name in ("北大街街道", "东关街道"))
    auth.login("coord")
    assert _add(client, rainstorm.id, "区防指", "email", "fzb@wenfeng.example").status_code == 303  # briefs only
    assert _add(client, rainstorm.id, "区防指告警", "email", "FZB@wenfeng.example", briefs="",
                alerts="y").status_code == 303
    client.get("/logout")
    auth.login("sub")
    reminders = {"briefs": "", "reminders": "y", "area_id": str(own)}
    assert _add(client, rainstorm.id, "北大街提醒", "email", "fzb@wenfeng.example", **reminders).status_code == 303
    # The same subdistrict's reminders at that address again: each reminder would reach it twice.
    _refused(_add(client, rainstorm.id, "北大街提醒2", "email", "fzb@wenfeng.example", **reminders),
             "已是接收人 北大街提醒 的地址，它也接收报送提醒")
    client.get("/logout")
    auth.login("coord")
    # Another subdistrict's reminders there: each hears its own subdistrict's, nothing twice.
    assert _add(client, rainstorm.id, "东关提醒", "email", "fzb@wenfeng.example",
                **{**reminders, "area_id": str(other)}).status_code == 303
    # Every subdistrict's reminders there: 北大街's would reach it twice.
    _refused(_add(client, rainstorm.id, "全区提醒", "email", "fzb@wenfeng.example", briefs="", reminders="y"),
             "已是接收人 北大街提醒 的地址，它也接收报送提醒")
    # Said in English too, naming what would arrive twice (it said "everything", of a mailbox sharing one thing).
    switch_language(client, "en")
    _refused(_add(client, rainstorm.id, "Alerts again", "email", "fzb@wenfeng.example", briefs="", alerts="y"),
             "Is already the address of recipient 区防指告警, which receives alerts too: each would arrive "
             "twice")
    switch_language(client, "zh")
    _refused(_add(client, rainstorm.id, "区防指2", "email", "fzb@wenfeng.example"))  # briefs: 区防指's
    assert [r.name for r in _rows(database)] == ["区防指", "区防指告警", "北大街提醒", "东关提醒"]
