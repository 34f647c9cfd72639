"""A refused password form names every problem of every field at once, and saves nothing."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import AuditEntry, User
from tests.conftest import PASSWORD, Auth, switch_language
from tests.security.sweep import form_fields

MEGABYTE = "x" * 1_000_000


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'id="([a-z_]+)-error"[^>]*>([^<]*)<', html))


def _password_audits(session, user_id: int) -> list[str]:  # noqa: ANN001
    session.rollback()
    return list(session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.entity == "users", AuditEntry.entity_id == user_id, AuditEntry.action == "password")))


def test_my_account_names_a_megabyte_new_password_beside_the_mismatch(client, auth, make_user, session):
    alice = make_user("alice", "reporter")
    auth.login("alice")
    response = auth.post("/account", {"current_password": PASSWORD, "new_password": MEGABYTE, "confirm": "something"})
    assert response.status_code == 400
    errors = _errors(response.get_data(as_text=True))
    assert "最多 200 个字符" in errors.get("new_password", ""), errors
    assert "与新密码不一致" in errors.get("confirm", ""), errors
    assert MEGABYTE[:1000] not in response.get_data(as_text=True)  # the password is not sent back
    assert _password_audits(session, alice) == []
    assert Auth(client.application.test_client()).login("alice").status_code == 302  # the old one still works


def test_my_account_names_a_wrong_current_password_with_the_new_ones_problems(client, auth, make_user, session):
    alice = make_user("alice", "reporter")
    auth.login("alice")
    short = auth.post("/account", {"current_password": "not my password", "new_password": "short", "confirm": "short"})
    assert short.status_code == 400
    errors = _errors(short.get_data(as_text=True))
    assert "与当前密码不符" in errors.get("current_password", ""), errors
    assert "至少 10 个字符" in errors.get("new_password", ""), errors
    mismatch = auth.post("/account", {"current_password": "not my password", "new_password": "a fine new password",
                                      "confirm": "another"})
    assert mismatch.status_code == 400
    errors = _errors(mismatch.get_data(as_text=True))
    assert set(errors) == {"current_password", "confirm"}, errors
    assert _password_audits(session, alice) == []


def test_the_administrators_forms_name_the_password_beside_the_other_fields(client, auth, make_user, session):
    make_user("root", "admin")
    alice = make_user("alice", "reporter")
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{alice}").get_data(as_text=True))
    reset = client.post(f"/admin/users/{alice}", data={**fields, "display_name": "名" * 121, "password": "short"})
    assert reset.status_code == 400
    errors = _errors(reset.get_data(as_text=True))
    assert "display_name" in errors and "至少 10 个字符" in errors.get("password", ""), errors
    assert _password_audits(session, alice) == []
    assert session.get(User, alice).display_name == "alice"

    fields = form_fields(client.get("/admin/users/new").get_data(as_text=True))
    for username, display_name in (("", ""), ("bob", "名" * 121)):
        made = client.post("/admin/users/new", data={**fields, "username": username, "display_name": display_name,
                                                     "role": "viewer", "password": "short"})
        assert made.status_code == 400
        errors = _errors(made.get_data(as_text=True))
        assert ("username" if not username else "display_name") in errors, errors
        assert "至少 10 个字符" in errors.get("password", ""), errors
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


def test_a_short_new_password_is_said_once_not_twice(client, auth, make_user):
    """The error under the field said the hint's words again (至少 10 个字符 / 至少 10 个字符。): one is enough."""
    make_user("alice", "reporter")
    auth.login("alice")
    page = auth.post("/account", {"current_password": PASSWORD, "new_password": "short", "confirm": "short"})
    assert page.get_data(as_text=True).count("至少 10 个字符") == 1
    assert "至少 10 个字符" in _errors(page.get_data(as_text=True)).get("new_password", "")
    assert "至少 10 个字符。" in client.get("/account").get_data(as_text=True)  # the hint, before any error
    switch_language(client, "en")
    page = auth.post("/account", {"current_password": PASSWORD, "new_password": "short", "confirm": "short"})
    assert page.get_data(as_text=True).lower().count("at least 10 characters") == 1
