"""A token's history is its owner's and the administrators': to anyone else it does not exist (404).

Its trail holds the owner, the token's name, its prefix and its times; any viewer used to read
every user's at /history/api_tokens/<id> and its downloads.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.auth import tokens
from incidents.auth.models import User
from tests.conftest import Auth


@pytest.fixture
def token(database, make_user) -> tuple[int, str]:
    """A token of the reporter "owner", revoked (two audit rows): (id, prefix)."""
    owner = make_user("owner", "reporter")
    with database.transaction() as s:
        row, _plain = tokens.create_token(s, s.get(User, owner), "night pumping sync")
        tokens.revoke_token(s, row, owner)
        return row.id, row.prefix


URLS = ["/history/api_tokens/{id}", "/history/api_tokens/{id}/export.json", "/history/api_tokens/{id}/export.csv",
        "/history/api_tokens/{id}/export.xlsx"]


@pytest.mark.parametrize("role", ["viewer", "reporter", "coordinator"])
def test_others_get_404(client, auth, make_user, seeded, token, role):
    token_id, prefix = token
    make_user("someone", role)
    auth.login("someone")
    for url in URLS:
        response = client.get(url.format(id=token_id))
        assert response.status_code == 404, url
        body = response.get_data(as_text=True)
        assert prefix not in body and "night pumping sync" not in body
    # The same as a token that never was: nothing tells one from the other.
    assert client.get("/history/api_tokens/999999").status_code == 404


def test_the_demo_viewer_reads_no_token_history_of_the_demo_accounts(app, client, auth, database, seeded):
    from incidents.cli import ensure_demo_accounts

    passwords = ensure_demo_accounts(app)
    with database.transaction() as s:
        ids = [tokens.create_token(s, s.scalar(sa.select(User).where(User.username == name)), "demo")[0].id
               for name in ("coordinator", "admin", "reporter")]
    auth.login("viewer", passwords["viewer"])
    for token_id in ids:
        assert client.get(f"/history/api_tokens/{token_id}").status_code == 404
        assert client.get(f"/history/api_tokens/{token_id}/export.json").status_code == 404


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_the_owner_and_administrators_still_read_it(client, auth, make_user, token, who):
    token_id, prefix = token
    if who == "admin":
        make_user("root", "admin")
    auth.login("root" if who == "admin" else "owner")
    page = client.get(f"/history/api_tokens/{token_id}")
    assert page.status_code == 200
    assert "night pumping sync" in page.get_data(as_text=True)
    export = client.get(f"/history/api_tokens/{token_id}/export.json")
    assert export.status_code == 200 and prefix in export.get_data(as_text=True)


@pytest.mark.parametrize("role", ["viewer", "reporter"])
def test_a_recipients_history_is_for_coordinators(app, client, auth, make_user, database, seeded, role):
    # Only coordinators see where an event's notices go; its history used to show any viewer the address.
    from incidents.distribution.services import RecipientFields, save_recipient
    from incidents.events.models import Event

    make_user("office", "admin")
    with database.transaction() as s:
        event = s.scalar(sa.select(Event).limit(1))
        recipient = save_recipient(s, None, event,
                                   RecipientFields(name="区防办", channel="email", address="duty@example.org"))
        recipient_id = recipient.id
    make_user("someone", role)
    auth.login("someone")
    for url in ("/history/recipients/{id}", "/history/recipients/{id}/export.json"):
        response = client.get(url.format(id=recipient_id))
        assert response.status_code == 403 and "duty@example.org" not in response.get_data(as_text=True)
    office = app.test_client()
    Auth(office).login("office")
    assert "duty@example.org" in office.get(f"/history/recipients/{recipient_id}").get_data(as_text=True)


def test_a_scoped_administrator_traces_only_the_accounts_it_manages(app, client, auth, make_user, database, seeded):
    # Found by the 5 December afternoon probe: an administrator scoped to 北大街街道, refused the unscoped
    # administrator's account page (403), read that account's history and its tokens' (their names, prefixes, when
    # made and revoked) at /history/users/<id>, /history/api_tokens/<id> and their downloads.
    root = make_user("root", "admin")
    local = make_user("local", "reporter", scope="文峰区/北大街街道")
    make_user("sadmin", "admin", scope="文峰区/北大街街道")
    with database.transaction() as s:
        ids = {who: tokens.create_token(s, s.get(User, who), f"script of {who}")[0].id for who in (root, local)}
    auth.login("sadmin")
    assert client.get(f"/admin/users/{root}").status_code == 403  # the account's page, the rule followed
    for url in (f"/history/users/{root}", f"/history/users/{root}/export.json"):
        assert client.get(url).status_code == 403, url
    for url in (f"/history/api_tokens/{ids[root]}", f"/history/api_tokens/{ids[root]}/export.csv"):
        response = client.get(url)
        assert response.status_code == 404 and f"script of {root}" not in response.get_data(as_text=True), url
    # The users page links the history of the accounts it may open only.
    listing = client.get("/admin/users").get_data(as_text=True)
    assert f"/history/users/{root}\"" not in listing and f"/history/users/{local}\"" in listing
    # The accounts within its scope, and their tokens, it still traces.
    assert client.get(f"/admin/users/{local}").status_code == 200
    assert client.get(f"/history/users/{local}").status_code == 200
    assert f"script of {local}" in client.get(f"/history/api_tokens/{ids[local]}").get_data(as_text=True)
