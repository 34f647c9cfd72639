"""A login asks the database to fold the typed name once, and the throttle's check and record count that one key.

Found (5 December): the login view's check (login_wait, in the read session) and its record under the lock
(record_login_attempt) each sent SELECT lower(name) of their own, as did the account page's check and its record of a
wrong current password: a statement more per login than the rule needs. What the throttle counts is unchanged: the
tests of test_login.py, test_login_non_ascii_names.py (alİce on PostgreSQL) and the lockout tests say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from tests.auth.test_accounts import NEW_PASSWORD
from tests.auth.test_login import WRONG, post_login
from tests.conftest import PASSWORD
from tests.security.sweep import csrf_token

FOLD = re.compile(r"^\s*SELECT lower\(", re.I)  # account_key's statement; the account lookup's lower() is in a WHERE


@contextmanager
def folds(database) -> Iterator[list[str]]:  # noqa: ANN001
    """The fold statements sent to the database inside the block."""
    sent: list[str] = []

    def seen(_conn, _cursor, statement: str, *_rest) -> None:  # noqa: ANN001
        if FOLD.match(statement):
            sent.append(statement)

    sa.event.listen(database.engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        sa.event.remove(database.engine, "before_cursor_execute", seen)


def test_a_login_folds_the_name_once_right_or_wrong(client, make_user, database) -> None:  # noqa: ANN001
    make_user("alice", "reporter")
    csrf_token(client)  # the form's page, before counting
    with folds(database) as sent:
        assert post_login(client, "Alice", WRONG).status_code == 401
    assert len(sent) == 1, sent
    with folds(database) as sent:
        assert post_login(client, "ａｌｉｃｅ", PASSWORD).status_code == 302
    assert len(sent) == 1, sent


def test_a_wrong_current_password_on_the_account_page_folds_the_name_once(client, auth, make_user,  # noqa: ANN001
                                                                         database) -> None:
    make_user("alice", "viewer")
    auth.login("alice")
    token = csrf_token(client)
    with folds(database) as sent:
        refused = client.post("/account", data={"current_password": "guess", "new_password": NEW_PASSWORD,
                                                "confirm": NEW_PASSWORD, "csrf_token": token})
    assert refused.status_code == 400
    assert len(sent) == 1, sent
