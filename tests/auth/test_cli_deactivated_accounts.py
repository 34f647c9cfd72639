"""The command line acts for a deactivated account no more than the web does (an h2 audit).

Found: `incidents tokens create` gave a deactivated account a token (dead while the account was, live
again the day it was reactivated, though deactivating had revoked every other); `incidents tokens list`
called an expired token active.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from incidents.auth import services, tokens
from incidents.auth.models import User


def _deactivate(database, user_id: int) -> None:  # noqa: ANN001
    with database.transaction() as s:
        services.update_user(s, s.get(User, user_id), {"active": False}, None)


def _tokens(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(tokens.ApiToken)) or 0


def test_no_token_is_made_for_a_deactivated_account(runner, make_user, database):
    _deactivate(database, make_user("gone", "reporter"))
    result = runner.invoke(args=["incidents", "tokens", "create", "gone", "--name", "sync"])
    assert result.exit_code == 1, result.output
    assert "deactivated" in result.output and "il_" not in result.output
    assert _tokens(database) == 0


def test_an_expired_token_is_listed_as_expired(runner, make_user, database):
    user_id = make_user("old", "reporter")
    with database.transaction() as s:
        token, _ = tokens.create_token(s, s.get(User, user_id), "sheet")
        token.expires_at = datetime.now(UTC) - timedelta(days=1)
    listed = runner.invoke(args=["incidents", "tokens", "list", "old"])
    assert listed.exit_code == 0 and listed.output.rstrip().endswith("expired"), listed.output
