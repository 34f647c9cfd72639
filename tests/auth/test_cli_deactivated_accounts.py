"""The command line acts for a deactivated account no more than the web does (an h2 audit).

Found: `incidents tokens create` gave a deactivated account a token (dead while the account was, live
again the day it was reactivated, though deactivating had revoked every other); `incidents tokens list`
called an expired token active (and a token named with a tab broke its columns); `incidents import
--as` stored rows under a deactivated account.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from incidents.auth import services, tokens
from incidents.auth.models import User
from tests.imports.conftest import count_reports


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


def test_nothing_is_imported_as_a_deactivated_account(runner, make_user, database, seeded, tmp_path):
    _deactivate(database, make_user("gone", "coordinator"))
    path = tmp_path / "log.csv"
    path.write_text("地点,事项,时间\n文峰区/北大街街道,巡查,2021-07-24 09:00\n", encoding="utf-8")
    before = count_reports(database)
    result = runner.invoke(args=["incidents", "import", str(path), "--event", "wenfeng-2021-07-rainstorm",
                                 "--as", "gone"])
    assert result.exit_code == 1, result.output
    assert "--as gone: the account is deactivated: it may import nothing" in result.output
    assert count_reports(database) == before


def test_a_token_name_is_one_line_on_the_page_and_the_cli(client, auth, runner, make_user, database):
    from tests.conftest import csrf_from

    make_user("tabby", "reporter")
    auth.login("tabby")
    page = client.get("/account").get_data(as_text=True)
    made = client.post("/account/tokens", data={"csrf_token": csrf_from(page), "name": "gis\tsync", "once": "k1"})
    assert made.status_code == 400 and "不能有换行、制表符或不可见字符" in made.get_data(as_text=True)
    result = runner.invoke(args=["incidents", "tokens", "create", "tabby", "--name", "gis\nsync"])
    assert result.exit_code == 1 and "name: must be one line" in result.output, result.output
    assert _tokens(database) == 0
