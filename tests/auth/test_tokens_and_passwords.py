"""A new password and the account's API tokens: each path says what happens to them, and offers the other way.

Found (sessions/accounts/tokens audit, 4 December): changing one's own password kept every API token,
unsaid — someone who changed a password because it had leaked was not told that a token made from the
stolen session still worked, nor offered to end it there. An administrator's reset revoked every token,
also unsaid — a reset for a forgotten password silently stopped the field team's scripts, with no way to
keep them. An administrator could set their own password on the accounts page without the current one
(the check My account makes, so a session left open cannot lock its owner out). And a bearer token could
revoke its owner's other tokens through the account page's form, as it could not log their browsers out.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.auth import tokens
from incidents.auth.models import User
from incidents.models import AuditEntry
from tests.api.conftest import TokenClient
from tests.conftest import PASSWORD, Auth, csrf_from, switch_language
from tests.security.sweep import form_fields

NEW_PASSWORD = "a much longer secret"


def _token(database, user_id: int, name: str = "gis import") -> tuple[int, str]:  # noqa: ANN001
    with database.transaction() as s:
        row, secret = tokens.create_token(s, s.get(User, user_id), name)
        return row.id, secret


def _api(app, database, user_id: int, name: str = "gis import") -> TokenClient:  # noqa: ANN001
    return TokenClient(app, _token(database, user_id, name)[1], user_id)


def _change_own(client, **extra: str):  # noqa: ANN001, ANN202
    page = client.get("/account").get_data(as_text=True)
    return client.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                         "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD, **extra},
                       follow_redirects=True)


def _revocations(database, user_id: int) -> list[int | None]:  # noqa: ANN001
    with database.read_session() as s:
        return list(s.scalars(sa.select(AuditEntry.user_id).where(AuditEntry.action == "token.revoke")))


def test_own_change_keeps_tokens_and_says_so(app, make_user, database):
    alice_id = make_user("alice", "reporter")
    alice = app.test_client()
    Auth(alice).login("alice")
    api = _api(app, database, alice_id)
    page = alice.get("/account").get_data(as_text=True)
    assert 'name="revoke_tokens"' in page  # offered beside the password, not only in the list below
    done = _change_own(alice)
    assert done.status_code == 200
    assert "您的 1 个 API 令牌仍然有效" in done.get_data(as_text=True)
    assert api.get("/api/v1/events").status_code == 200
    assert _revocations(database, alice_id) == []


def test_the_hint_beside_the_tick_says_what_not_ticking_leaves(app, make_user, database):
    # Found by a newcomer's pass (6 December): the Chinese hint read "如果密码可能已泄露，请勾选：用它创建的令牌会
    # 继续有效" — tick it and tokens keep working — dropping the English "would" (if left unticked).
    alice_id = make_user("alice", "reporter")
    alice = app.test_client()
    Auth(alice).login("alice")
    _token(database, alice_id)
    page = alice.get("/account").get_data(as_text=True)
    assert "如果密码可能已泄露，请勾选：否则他人用泄露的密码创建的令牌会继续有效。" in page
    switch_language(alice, "en")
    english = alice.get("/account").get_data(as_text=True)
    assert ("Tick it if your password may have leaked: otherwise a token someone made with it goes on working."
            in english)


def test_own_change_can_revoke_every_token_audited(app, make_user, database):
    alice_id = make_user("alice", "reporter")
    alice = app.test_client()
    Auth(alice).login("alice")
    apis = [_api(app, database, alice_id, name) for name in ("gis import", "pump team")]
    switch_language(alice, "en")
    done = _change_own(alice, revoke_tokens="y")
    assert done.status_code == 200
    assert "Your password has been changed, and your 2 API tokens revoked." in done.get_data(as_text=True)
    assert [api.get("/api/v1/events").status_code for api in apis] == [401, 401]
    assert _revocations(database, alice_id) == [alice_id, alice_id]
    assert alice.get("/account").status_code == 200  # this browser stays signed in


def test_a_wrong_current_password_revokes_nothing(app, make_user, database):
    alice_id = make_user("alice", "reporter")
    alice = app.test_client()
    Auth(alice).login("alice")
    api = _api(app, database, alice_id)
    page = alice.get("/account").get_data(as_text=True)
    refused = alice.post("/account", data={"csrf_token": csrf_from(page), "current_password": "not it at all",
                                           "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                           "revoke_tokens": "y"})
    assert refused.status_code == 400
    assert api.get("/api/v1/events").status_code == 200


def test_an_administrators_reset_says_it_revokes_and_may_keep_them(app, client, auth, make_user, database):
    make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    api = _api(app, database, alice_id)
    auth.login("root")
    page = client.get(f"/admin/users/{alice_id}").get_data(as_text=True)
    # Unticked by default: the safe way (an account taken back) needs no click, and a form sent
    # without the box (an older page) revokes.
    assert 'name="keep_tokens"' in page and "checked" not in page.split('name="keep_tokens"')[1].split(">")[0]
    fields = form_fields(page)
    kept = client.post(f"/admin/users/{alice_id}", data={**fields, "password": "a forgotten one reset",
                                                         "keep_tokens": "y"}, follow_redirects=True)
    assert kept.status_code == 200
    assert "其 1 个 API 令牌仍然有效" in kept.get_data(as_text=True)
    assert api.get("/api/v1/events").status_code == 200
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    revoked = client.post(f"/admin/users/{alice_id}", data={**fields, "password": "taken back for good"},
                          follow_redirects=True)
    assert "其 1 个 API 令牌已吊销" in revoked.get_data(as_text=True)
    assert api.get("/api/v1/events").status_code == 401


def test_an_administrator_sets_their_own_password_on_my_account_only(app, client, auth, make_user, database):
    root_id = make_user("root", "admin")
    make_user("second", "admin")
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{root_id}").get_data(as_text=True))
    with database.read_session() as s:
        before = s.get(User, root_id).password_hash
    refused = client.post(f"/admin/users/{root_id}", data={**fields, "password": "set without the old one"})
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert "请在“我的账号”中修改自己的密码" in body
    with database.read_session() as s:
        assert s.get(User, root_id).password_hash == before
    assert client.get("/account").status_code == 200  # still signed in: nothing happened
    assert Auth(app.test_client()).login("root").status_code == 302  # the old password still works


def test_a_token_cannot_revoke_or_make_tokens_through_the_account_page(app, make_user, database):
    alice_id = make_user("alice", "reporter")
    other_id, other_secret = _token(database, alice_id, "pump team")
    script = _api(app, database, alice_id)
    # A token opens no page (not logged in there): the account page's forms are refused as without a login.
    assert script.post(f"/account/tokens/{other_id}/revoke").status_code == 400
    assert script.post("/account/tokens", data={"name": "minted"}).status_code == 400
    assert TokenClient(app, other_secret, alice_id).get("/api/v1/events").status_code == 200
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(tokens.ApiToken)) == 2


def test_the_cli_reset_says_it_revoked_the_tokens(app, runner, make_user, database):
    alice_id = make_user("alice", "reporter")
    api = _api(app, database, alice_id)
    result = runner.invoke(args=["incidents", "set-password", "alice", "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    assert "password set for alice; its API tokens revoked: 1" in result.output
    assert api.get("/api/v1/events").status_code == 401


def test_disabling_an_account_says_its_tokens_were_revoked(app, client, auth, make_user, database):
    make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    api = _api(app, database, alice_id)
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    fields.pop("active")
    done = client.post(f"/admin/users/{alice_id}", data=fields, follow_redirects=True).get_data(as_text=True)
    assert "已停用账号 alice" in done and "其 1 个 API 令牌已吊销" in done
    assert api.get("/api/v1/events").status_code == 401
