"""A new username that passes for an existing one on a screen is refused, naming that account.

Found by probes from outside: beside "admin" an administrator could create "аdmin" (its а Cyrillic), an
account a reviewer of the audit trail or the account list reads as admin. Full width (ａｄｍｉｎ) and another
case (Admin) were refused already, as "已被占用" without saying by whom.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.auth.services import AccountError, create_user
from incidents.models import User
from tests.auth.test_login import post_login
from tests.conftest import PASSWORD

NEW_PASSWORD = "a much longer secret"


def _create(auth, username: str):
    return auth.post("/admin/users/new", {"username": username, "display_name": "", "role": "admin",
                                          "scope_area_id": "", "password": NEW_PASSWORD},
                     form_url="/admin/users/new")


def _username_error(response) -> str:
    html = response.get_data(as_text=True)
    return dict(re.findall(r'id="([a-z_]+)-error"[^>]*>([^<]*)<', html)).get("username", "")


# Cyrillic а; Cyrillic capitals; Latin alpha ɑ; Ukrainian і (U+0456); a mark that shows nothing (the combining
# grapheme joiner, a variation selector) after a letter, which one_line_problem keeps in a name: admin to the eye.
@pytest.mark.parametrize("name", ["аdmin", "АDMIN", "ɑdmin", "adm\u0456n", "admin\u034f", "ad\ufe0fmin",
                                  "admin\U000e0100"])
def test_a_lookalike_of_an_existing_account_is_refused_naming_it(client, auth, make_user, session, name):
    make_user("admin", "admin")
    auth.login("admin")
    refused = _create(auth, name)
    assert refused.status_code == 400
    assert _username_error(refused) == "与现有账号 admin 形近，容易混淆：请换一个不会被认错的用户名"
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


# A radical sign (⻢ U+2EE2, ⻄ U+2EC4) or a katakana letter (エ) passes for the Chinese character (probed 6 December).
@pytest.mark.parametrize(("existing", "name"), [("马丽", "\u2ee2丽"), ("西西", "\u2ec4西"), ("工人", "\u30a8人")])
def test_a_chinese_name_written_with_a_lookalike_sign_is_refused_naming_it(client, auth, make_user, session,
                                                                           existing, name):
    make_user("admin", "admin")
    make_user(existing, "reporter")
    auth.login("admin")
    refused = _create(auth, name)
    assert refused.status_code == 400
    assert _username_error(refused) == f"与现有账号 {existing} 形近，容易混淆：请换一个不会被认错的用户名"
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


def test_the_same_name_in_another_case_or_width_names_the_account_it_is(client, auth, make_user, session):
    make_user("admin", "admin")
    auth.login("admin")
    for name in ("Admin", "ａｄｍｉｎ", "ａdmin"):
        assert _username_error(_create(auth, name)) == "已被占用（admin）"


def test_a_name_mixing_latin_and_cyrillic_is_refused_even_alone(database):
    with database.transaction() as s, pytest.raises(AccountError) as refused:
        create_user(s, "pаypal", PASSWORD, "viewer")  # no paypal yet: it would pass for one made later
    assert refused.value.field == "username"
    assert str(refused.value.message).startswith("mixes alphabets")


def test_names_people_use_are_still_taken_and_log_in(client, database, make_user):
    # Chinese with Latin initials, Cyrillic alone, distinct Latin names, digits: none confusable.
    for name in ("wfq管理员", "北大街张伟", "Дима", "li", "li2", "bdj-zhang.wei"):
        make_user(name, "reporter")
    for name in ("wfq管理员", "Дима", "li2"):
        fresh = client.application.test_client()
        assert post_login(fresh, name, PASSWORD).status_code == 302, name


def test_lookalike_accounts_made_before_the_rule_still_log_in_each_as_itself(client, database, make_user):
    from werkzeug.security import generate_password_hash

    make_user("admin", "admin")
    with database.transaction() as s:  # as one made before this rule: stored directly
        s.add(User(username="аdmin", display_name="旧账号", role="viewer",
                   password_hash=generate_password_hash(PASSWORD)))
    for typed, role in (("аdmin", "查看者"), ("admin", "管理员")):
        fresh = client.application.test_client()
        assert post_login(fresh, typed, PASSWORD).status_code == 302, typed
        assert role in fresh.get("/account").get_data(as_text=True), typed
