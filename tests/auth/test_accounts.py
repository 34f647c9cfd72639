"""Accounts: an administrator creates and changes users in the UI; a user changes their password."""

from __future__ import annotations

import re

import sqlalchemy as sa
from werkzeug.security import check_password_hash

from incidents.auth import services
from incidents.models import Area, AuditEntry, User
from tests.conftest import PASSWORD, PRODUCT_PASSWORD_METHOD, Auth, switch_language
from tests.security.sweep import csrf_token, form_fields

NEW_PASSWORD = "a much longer secret"


def audit_rows(session, user_id: int) -> list[AuditEntry]:  # noqa: ANN001
    session.rollback()  # a fresh snapshot: the app committed in other sessions
    return list(session.scalars(sa.select(AuditEntry).where(
        AuditEntry.entity == "users", AuditEntry.entity_id == user_id).order_by(AuditEntry.id)))


def test_admin_creates_a_scoped_reporter_who_can_then_log_in(app, client, auth, make_user, seeded, session):
    admin_id = make_user("root", "admin")
    auth.login("root")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert "北大街街道" in page and "文峰区 › 北大街街道" in page
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    response = auth.post("/admin/users/new", {
        "username": "zhangwei", "display_name": "北大街街道 张伟", "role": "reporter",
        "scope_area_id": str(bdj.id), "password": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    session.rollback()
    user = session.scalar(sa.select(User).where(User.username == "zhangwei"))
    assert user.role == "reporter" and user.scope_area_id == bdj.id and user.active
    assert user.password_hash.startswith("scrypt:")
    [row] = audit_rows(session, user.id)
    assert (row.action, row.user_id) == ("create", admin_id)
    assert "password_hash" not in row.after and row.after["scope_area_id"] == bdj.id
    listing = client.get("/admin/users").get_data(as_text=True)
    assert "zhangwei" in listing and "北大街街道 张伟" in listing
    other = app.test_client()
    assert Auth(other).login("zhangwei", NEW_PASSWORD).status_code == 302


def test_bad_account_data_names_the_field_and_saves_nothing(client, auth, make_user, session):
    make_user("root", "admin")
    make_user("taken", "viewer")
    auth.login("root")
    cases = [
        ({"username": "Taken", "password": NEW_PASSWORD}, "已被占用"),
        ({"username": "short", "password": "short"}, "至少 10 个字符"),
        ({"username": "has space", "password": NEW_PASSWORD}, "不能有空格"),
        ({"username": "nopass", "password": ""}, "必填"),
    ]
    before = session.scalar(sa.select(sa.func.count()).select_from(User))
    for data, message in cases:
        response = auth.post("/admin/users/new", {"display_name": "", "role": "viewer", "scope_area_id": "", **data})
        assert response.status_code == 400, data
        html = response.get_data(as_text=True)
        assert message in html and 'aria-invalid="true"' in html, data
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == before
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 2  # the two made by fixtures


def test_admin_changes_role_scope_and_active_flag(app, client, auth, make_user, seeded, session):
    admin_id = make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    alice = app.test_client()
    Auth(alice).login("alice")
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    assert fields["role"] == "reporter" and fields["version"] == "1" and fields["active"] == "y"
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    response = client.post(f"/admin/users/{alice_id}", data={
        **fields, "role": "coordinator", "scope_area_id": str(bdj.id), "display_name": "Alice W"})
    assert response.status_code == 302
    session.rollback()
    user = session.get(User, alice_id)
    assert (user.role, user.scope_area_id, user.display_name) == ("coordinator", bdj.id, "Alice W")
    # The change applies at once: her next page shows the new role.
    assert "协调员" in alice.get("/").get_data(as_text=True)
    # Disabling her ends her session on the next request.
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    fields.pop("active")
    assert client.post(f"/admin/users/{alice_id}", data=fields).status_code == 302
    assert alice.get("/").status_code == 302
    rows = audit_rows(session, alice_id)
    assert [r.action for r in rows] == ["create", "update", "update"]
    assert rows[1].user_id == admin_id
    assert rows[1].before["role"] == "reporter" and rows[1].after["role"] == "coordinator"
    assert rows[2].before["active"] is True and rows[2].after["active"] is False


def test_admin_resets_a_password(app, client, auth, make_user, session):
    make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    assert client.post(f"/admin/users/{alice_id}", data={**fields, "password": NEW_PASSWORD}).status_code == 302
    assert [r.action for r in audit_rows(session, alice_id)] == ["create", "password"]
    assert Auth(app.test_client()).login("alice", PASSWORD).status_code == 401
    assert Auth(app.test_client()).login("alice", NEW_PASSWORD).status_code == 302


def test_two_admins_editing_one_account_the_second_gets_the_conflict(app, client, auth, make_user, session):
    make_user("root", "admin")
    make_user("root2", "admin")
    alice_id = make_user("alice", "reporter")
    auth.login("root")
    second = app.test_client()
    Auth(second).login("root2")
    mine = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    theirs = form_fields(second.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    assert client.post(f"/admin/users/{alice_id}", data={**mine, "role": "viewer"}).status_code == 302
    response = second.post(f"/admin/users/{alice_id}", data={**theirs, "display_name": "Alice (old form)"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "已被他人先行修改" in html and 'value="2"' in html  # the newer version, to edit on top of
    session.rollback()
    user = session.get(User, alice_id)
    assert user.role == "viewer" and user.display_name == "alice"
    assert [r.action for r in audit_rows(session, alice_id)] == ["create", "update"]


def test_the_last_administrator_cannot_demote_themselves(client, auth, make_user, session):
    root_id = make_user("root", "admin")
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{root_id}").get_data(as_text=True))
    response = client.post(f"/admin/users/{root_id}", data={**fields, "role": "viewer"})
    assert response.status_code == 400
    assert "最后一个启用的管理员" in response.get_data(as_text=True)
    assert session.get(User, root_id).role == "admin"


def test_a_user_changes_their_own_password(app, client, auth, make_user, session):
    alice_id = make_user("alice", "viewer")
    auth.login("alice")
    page = client.get("/account").get_data(as_text=True)
    assert "alice" in page and "查看者" in page
    wrong = auth.post("/account", {"current_password": "not it", "new_password": NEW_PASSWORD,
                                   "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and "与当前密码不符" in wrong.get_data(as_text=True)
    mismatch = auth.post("/account", {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                      "confirm": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 400 and "与新密码不一致" in mismatch.get_data(as_text=True)
    short = auth.post("/account", {"current_password": PASSWORD, "new_password": "short",
                                   "confirm": "short"})
    assert short.status_code == 400 and "至少 10 个字符" in short.get_data(as_text=True)
    done = auth.post("/account", {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                  "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert "密码已修改" in client.get("/account").get_data(as_text=True)
    rows = audit_rows(session, alice_id)
    assert [(r.action, r.user_id) for r in rows] == [("create", None), ("password", alice_id)]
    assert Auth(app.test_client()).login("alice", NEW_PASSWORD).status_code == 302


def test_guessing_the_current_password_is_throttled_too(client, auth, make_user):
    make_user("alice", "viewer")
    auth.login("alice")
    for _ in range(5):
        response = client.post("/account", data={"current_password": "guess", "new_password": NEW_PASSWORD,
                                                 "confirm": NEW_PASSWORD, "csrf_token": csrf_token(client)})
        assert response.status_code == 400
    response = client.post("/account", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                             "confirm": NEW_PASSWORD, "csrf_token": csrf_token(client)})
    assert response.status_code == 429


def test_only_administrators_manage_accounts(client, auth, make_user):
    make_user("coord", "coordinator")
    auth.login("coord")
    assert client.get("/admin/users").status_code == 403
    assert "/admin/users" not in client.get("/").get_data(as_text=True)


def test_cli_create_user_leaves_a_system_audit_row(runner, session):
    result = runner.invoke(args=["incidents", "create-user", "ops", "--role", "admin", "--password",
                                 NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    user = session.scalar(sa.select(User).where(User.username == "ops"))
    [row] = audit_rows(session, user.id)
    assert (row.action, row.user_id) == ("create", None)


def test_cli_create_user_without_a_password_and_no_terminal_says_what_is_missing(runner, session):
    # Found replaying an event from a script: it printed only "Aborted!", and the account was not made.
    result = runner.invoke(args=["incidents", "create-user", "ops", "--role", "admin"])
    assert result.exit_code == 2 and "--password" in result.output and "Aborted" not in result.output, result.output
    assert session.scalar(sa.select(User).where(User.username == "ops")) is None


def test_service_rules(database):
    with database.transaction() as s:
        user = services.create_user(s, "Dora", PASSWORD, "viewer")
        for bad, field in (({"role": "boss"}, "role"), ({"scope_area_id": 999}, "scope_area_id"),
                           ({"password_hash": "x"}, "password_hash"), ({"display_name": " "}, "display_name")):
            try:
                services.update_user(s, user, bad, None)
            except services.AccountError as exc:
                assert exc.field == field
            else:
                raise AssertionError(bad)
        assert services.authenticate(s, "dora", PASSWORD) is user
        assert services.authenticate(s, "dora", "x" * 500) is None


def test_the_product_hashes_passwords_at_scrypts_full_cost(monkeypatch):
    # The suite hashes its own accounts cheaply (conftest); a deployed server must not.
    monkeypatch.setattr(services, "PASSWORD_METHOD", PRODUCT_PASSWORD_METHOD)
    hashed = services.hash_password(NEW_PASSWORD)
    assert hashed.startswith("scrypt:32768:8:1$")
    assert check_password_hash(hashed, NEW_PASSWORD) and not check_password_hash(hashed, NEW_PASSWORD + "x")


def test_in_english_the_scope_list_and_the_accounts_name_places_in_english(client, auth, make_user, seeded):
    make_user("root", "admin")
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    auth.login("root")
    switch_language(client, "en")
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert "Wenfeng District › Beidajie Subdistrict" in form and "文峰区 › 北大街街道" not in form
    listing = client.get("/admin/users").get_data(as_text=True)
    assert "Beidajie Subdistrict" in listing and "北大街街道" not in listing


def test_in_english_ones_own_account_page_names_ones_place_in_english(client, auth, make_user, seeded):
    # The account page showed 北大街街道 under "May report for" in English, where the users' list said Beidajie.
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    auth.login("bdj")
    switch_language(client, "en")
    page = client.get("/account").get_data(as_text=True)
    assert "Beidajie Subdistrict" in page and "北大街街道" not in page
    switch_language(client, "zh")
    assert "北大街街道" in client.get("/account").get_data(as_text=True)


def test_an_empty_new_account_names_both_missing_fields_at_once(client, auth, make_user, session):
    # Not the password first and the username on the next try: both are marked on the first refusal.
    make_user("root", "admin")
    auth.login("root")
    response = auth.post("/admin/users/new", {"username": "  ", "display_name": "", "role": "viewer",
                                              "scope_area_id": "", "password": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="username-error"' in html and 'id="password-error"' in html
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_a_taken_name_and_a_short_password_are_named_together(client, auth, make_user, session):
    """Not the name on this refusal and the password on the next: every problem on the first answer."""
    make_user("root", "admin")
    make_user("taken", "viewer")
    auth.login("root")
    response = auth.post("/admin/users/new", {"username": "Taken", "display_name": "", "role": "viewer",
                                              "scope_area_id": "", "password": "short"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    errors = dict(re.findall(r'id="([a-z_]+)-error"[^>]*>([^<]*)<', html))
    assert "已被占用" in errors["username"] and "至少 10 个字符" in errors["password"], errors
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


def test_an_account_edit_names_a_bad_name_and_a_short_password_together(client, auth, make_user, session):
    make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    response = client.post(f"/admin/users/{alice_id}", data={**fields, "display_name": "Alice\nW",
                                                              "password": "short"})
    assert response.status_code == 400
    errors = dict(re.findall(r'id="([a-z_]+)-error"[^>]*>([^<]*)<', response.get_data(as_text=True)))
    assert {"display_name", "password"} <= errors.keys(), errors
    session.rollback()
    assert session.get(User, alice_id).display_name == "alice" and audit_rows(session, alice_id)[-1].action == "create"


def test_disabling_and_enabling_an_account_says_so(client, auth, make_user):
    # "Account alice saved." after unticking "Active" left the administrator to guess whether she was out.
    make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    fields.pop("active")
    page = client.post(f"/admin/users/{alice_id}", data=fields, follow_redirects=True).get_data(as_text=True)
    assert "已停用账号 alice：不能再登录，已登录的设备也已退出。" in page
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    page = client.post(f"/admin/users/{alice_id}", data={**fields, "active": "y"},
                       follow_redirects=True).get_data(as_text=True)
    assert "已重新启用账号 alice，可以登录。" in page
    switch_language(client, "en")
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    page = client.post(f"/admin/users/{alice_id}", data={**fields, "display_name": "Alice"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Account alice saved." in page


def test_the_token_header_shows_its_placeholder(client, auth, make_user):
    # "Send it as Authorization: Bearer <token>." reached the browser as a <token> tag: it read "Bearer ."
    make_user("alice", "reporter")
    auth.login("alice")
    assert "Authorization: Bearer &lt;令牌&gt;" in client.get("/account").get_data(as_text=True)
    switch_language(client, "en")
    assert "Authorization: Bearer &lt;token&gt;" in client.get("/account").get_data(as_text=True)
