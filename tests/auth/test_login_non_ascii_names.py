"""An account named with a capital beyond ASCII logs in, on SQLite as on PostgreSQL.

The lookup folded the stored name with the database's lower() and the typed one with Python's:
SQLite folds ASCII only, so "Ölaf" was compared as "Ölaf" against "ölaf" and never matched.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.auth.test_login import post_login
from tests.conftest import PASSWORD


@pytest.mark.parametrize("name", ["Ölaf", "Дима", "Ｂob"])
def test_a_name_with_a_non_ascii_capital_logs_in(client, make_user, name):
    make_user(name, "reporter")
    response = post_login(client, name, PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert client.get("/account").status_code == 200


def test_ascii_case_still_does_not_matter(client, make_user):
    make_user("Ölaf", "reporter")
    assert post_login(client, "öLAF".replace("ö", "Ö"), PASSWORD).status_code == 302


def test_a_full_width_name_is_the_same_account_everywhere(client, auth, make_user):
    # A phone's Chinese keyboard types full-width letters: ａｄｍｉｎ is admin, never a second account.
    make_user("admin", "admin")
    auth.login("admin")
    taken = auth.post("/admin/users/new", {"username": "ａｄｍｉｎ", "display_name": "假管理员", "role": "admin",
                                           "scope_area_id": "",
                                           "password": "another long password"}, form_url="/admin/users/new")
    assert taken.status_code in (400, 422) and "已被占用" in taken.get_data(as_text=True)
    make_user("alice", "reporter")
    fresh = client.application.test_client()
    assert post_login(fresh, "ａｌｉｃｅ", PASSWORD).status_code == 302


def test_full_width_spellings_share_the_accounts_login_limit(client, make_user):
    make_user("alice", "reporter")
    for n in range(5):  # five failures in a minute, from five addresses, typed full-width
        assert post_login(client, "ａｌｉｃｅ", "wrong password", address=f"10.0.0.{n}").status_code != 302
    # The sixth try in the minute is refused, right or wrong, however the name is spelt.
    assert post_login(client, "alice", PASSWORD, address="10.0.1.1").status_code != 302


@pytest.mark.parametrize(("failing", "then"), [("alice", "alİce"), ("alİce", "alice")])
def test_every_spelling_the_database_takes_for_the_account_shares_its_login_limit(client, make_user, session,
                                                                                  failing, then):
    # PostgreSQL's lower() folds the Turkish dotted İ to i where Python's keeps the dot: "alİce" logged in as
    # alice but was counted apart, five more guesses a minute for each i in the name.
    make_user("alice", "reporter")
    if session.scalar(sa.select(sa.func.lower("alİce"))) != "alice":
        pytest.skip("this database's lower() keeps İ apart from i: alİce is no account here")
    for n in range(5):
        assert post_login(client, failing, "wrong password", address=f"10.0.0.{n}").status_code == 401
    assert post_login(client, then, PASSWORD, address="10.0.1.1").status_code == 429
    # A name that is no account's is counted the same way: a refusal that came for an account's spellings
    # alone would tell a guesser which names exist.
    for n in range(5):
        no_one = failing.replace("alice", "alick").replace("alİce", "alİck")
        assert post_login(client, no_one, "wrong password", address=f"10.0.2.{n}").status_code == 401
    assert post_login(client, then.replace("ce", "ck"), "wrong password", address="10.0.3.1").status_code == 429


def test_a_non_ascii_name_in_another_case_is_the_same_account(client, database, make_user):
    # Folded by the database on both sides: SQLite's own lower() left Ö as it is, so "ölaf" was a second
    # account beside "Ölaf" there (PostgreSQL refused it), and "ölaf" could not log in as Ölaf.
    from incidents.auth.services import AccountError, create_user

    make_user("Ölaf", "reporter")
    assert post_login(client, "ölaf", PASSWORD).status_code == 302
    with database.transaction() as s, pytest.raises(AccountError):
        create_user(s, "ölaf", PASSWORD, "reporter")
