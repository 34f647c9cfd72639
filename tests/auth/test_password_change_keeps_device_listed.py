"""A password change starts this device's login afresh: its cookie and its sign-in row agree on when.

Found by an auditor: changing one's password renewed the session's login stamp (the password just typed proves it
is still them, so it lives SESSION_LIFETIME_HOURS from then) but not its sign-in row. Once the row was older than
the lifetime, the account page no longer listed the device, though it was still logged in (it could not be ended
from the list), and the user's next login elsewhere deleted that row as outlived, logging the device out with
"ended from another device, or this account changed its password": neither had happened.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from incidents.auth.models import SignIn
from incidents.auth.views import SIGN_IN, SIGNED_IN_AT
from tests.auth.test_login import post_login
from tests.conftest import PASSWORD, csrf_from

NEW = "river gauge at dawn 42"


def _age(client, database, hours: float) -> None:  # noqa: ANN001
    """Move this device's login back by `hours`: the cookie's stamp and its sign-in row together."""
    with client.session_transaction() as s:
        s[SIGNED_IN_AT] -= int(hours * 3600)
        key = s[SIGN_IN]
    with database.transaction() as t:
        row = t.scalar(sa.select(SignIn).where(SignIn.key == key))
        row.created_at -= timedelta(hours=hours)


def test_the_device_stays_listed_and_logged_in(app, client, make_user, database):
    app.config["SESSION_LIFETIME_HOURS"] = 2
    make_user("alice", "reporter")
    assert post_login(client, "alice", PASSWORD).status_code == 302
    _age(client, database, 1.5)
    page = client.get("/account").get_data(as_text=True)
    changed = client.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                            "new_password": NEW, "confirm": NEW})
    assert changed.status_code == 302
    _age(client, database, 1)  # 2.5 hours after the first login, 1 after the change
    account = client.get("/account")
    assert account.status_code == 200
    assert '<span class="here">本设备</span>' in account.get_data(as_text=True)  # listed, marked as the one asking
    other = app.test_client()
    assert post_login(other, "alice", NEW).status_code == 302
    assert client.get("/account").status_code == 200  # the other login did not end this one
