"""A new password must not be (or contain) the username nor be one of the commonest: everywhere one is set."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.auth import services
from incidents.models import AuditEntry, User
from tests.conftest import PASSWORD, Auth
from tests.security.sweep import form_fields

COMMON = "1q2w3e4r5t"  # in the shipped list (data/common-passwords.txt)


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'id="([a-z_]+)-error"[^>]*>([^<]*)<', html))


@pytest.mark.parametrize(
    ("password", "said"),
    [
        ("zhangwei2021x", "不能包含用户名"),
        ("ZHANGWEI-ZHANGWEI", "不能包含用户名"),
        ("password12", "最常见的密码"),
        ("QWERTYUIOP", "最常见的密码"),
    ],
)
def test_the_new_user_form_refuses_it_naming_the_field(client, auth, make_user, session, password, said):
    make_user("root", "admin")
    auth.login("root")
    response = auth.post(
        "/admin/users/new",
        {"username": "zhangwei", "display_name": "", "role": "viewer", "scope_area_id": "", "password": password},
    )
    assert response.status_code == 400
    assert said in _errors(response.get_data(as_text=True))["password"]
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_an_administrators_reset_refuses_it(client, auth, make_user, session):
    make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    for password, said in (("alice-in-the-office", "不能包含用户名"), (COMMON, "最常见的密码")):
        response = client.post(f"/admin/users/{alice_id}", data={**fields, "password": password})
        assert response.status_code == 400 and said in _errors(response.get_data(as_text=True))["password"]
    session.rollback()
    assert [
        r.action
        for r in session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_id == alice_id, AuditEntry.entity == "users")
        )
    ] == ["create"]


def test_my_account_refuses_it_naming_the_new_password(client, auth, make_user):
    make_user("alice", "reporter")
    auth.login("alice")
    for password, said in (("Alice1234567", "不能包含用户名"), (COMMON, "最常见的密码")):
        response = auth.post("/account", {"current_password": PASSWORD, "new_password": password, "confirm": password})
        assert response.status_code == 400 and said in response.get_data(as_text=True)
    assert Auth(client.application.test_client()).login("alice").status_code == 302  # the old one still works


def test_the_cli_refuses_it(runner, make_user):
    make_user("alice", "reporter")
    result = runner.invoke(args=["incidents", "set-password", "alice", "--password", "alice.password"])
    assert result.exit_code != 0 and "password" in result.output and "username" in result.output, result.output
    made = runner.invoke(args=["incidents", "create-user", "bob", "--role", "viewer", "--password", COMMON])
    assert made.exit_code != 0 and "password" in made.output and "common" in made.output, made.output


def test_a_good_password_passes_and_a_short_username_is_not_a_rule(session):
    assert services.check_new_password("correct horse battery", username="al") == "correct horse battery"
    assert services.check_new_password("river-bank-7731", username="li") == "river-bank-7731"


@pytest.mark.parametrize("password", ["bbbbbbbbbbbb", "。" * 10, "121212121212", "abcabcabcab", "abcdefghijkl",
                                      "ponmlkjihgfe", "ZYXWVUTSRQPO"])
def test_a_few_characters_repeated_or_in_order_are_refused_as_easy_to_guess(client, auth, make_user, password):
    # Probed 7 December, night: bbbbbbbbbbbb and ten 。 were taken as a new password on My account, the list
    # (aaaaaaaaaa, 1234567890) holding only some such spellings.
    make_user("alice", "reporter")
    auth.login("alice")
    response = auth.post("/account", {"current_password": PASSWORD, "new_password": password, "confirm": password})
    assert response.status_code == 400
    assert "重复或按顺序排列" in _errors(response.get_data(as_text=True)).get("new_password", ""), password
    assert Auth(client.application.test_client()).login("alice").status_code == 302  # the old one still works


def test_a_password_with_a_repeat_or_a_run_inside_it_passes(session):
    for password in ("aaaa-river-bank", "abcd-harbour-77", "2021年7月20日暴雨值班"):
        assert services.check_new_password(password) == password
