"""An account taken back takes its API tokens with it (fifth outside audit).

Found: deactivating an account refused its tokens only while it stayed inactive — reactivated, every
old token worked again, though its sessions "end now, and stay ended"; and an administrator's
password reset (how an office takes back a lost phone's or a shared account) ended the sessions but
left every token, including one made from a stolen session, working. One's own password change
keeps them: a script's token must not die because its owner changed a password.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.auth import tokens
from incidents.models import AuditEntry
from tests.api.conftest import TokenClient
from tests.conftest import PASSWORD, Auth, csrf_from
from tests.security.sweep import form_fields

NEW_PASSWORD = "a much longer secret"


def _token(database, user_id: int) -> str:  # noqa: ANN001
    with database.transaction() as s:
        from incidents.auth.models import User

        return tokens.create_token(s, s.get(User, user_id), "gis import")[1]


def test_a_deactivated_accounts_tokens_stay_dead_after_it_is_reactivated(app, client, auth, make_user, database):
    admin_id = make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    api = TokenClient(app, _token(database, alice_id), alice_id)
    assert api.get("/api/v1/events").status_code == 200
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    fields.pop("active")
    assert client.post(f"/admin/users/{alice_id}", data=fields).status_code == 302
    assert api.get("/api/v1/events").status_code == 401
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    assert client.post(f"/admin/users/{alice_id}", data={**fields, "active": "y"}).status_code == 302
    assert api.get("/api/v1/events").status_code == 401
    with database.read_session() as s:
        [row] = s.scalars(sa.select(AuditEntry).where(AuditEntry.action == "token.revoke"))
        assert row.user_id == admin_id


def test_an_administrators_reset_revokes_the_tokens_ones_own_change_keeps_them(app, client, auth, make_user,
                                                                                database):
    make_user("root", "admin")
    alice_id = make_user("alice", "reporter")
    # Alice changes her own password: her script's token goes on working.
    alice = app.test_client()
    Auth(alice).login("alice")
    api = TokenClient(app, _token(database, alice_id), alice_id)
    page = alice.get("/account").get_data(as_text=True)
    changed = alice.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                           "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    assert api.get("/api/v1/events").status_code == 200
    # The office takes the account back: sessions and tokens alike end.
    auth.login("root")
    fields = form_fields(client.get(f"/admin/users/{alice_id}").get_data(as_text=True))
    assert client.post(f"/admin/users/{alice_id}", data={**fields, "password": "yet another secret"}).status_code == 302
    assert api.get("/api/v1/events").status_code == 401
    assert alice.get("/").status_code == 302
