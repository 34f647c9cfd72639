"""A token's last day at the end of the calendar is a form error on that field, never a 500.

`expires_on=9999-12-31` has no next midnight (OverflowError); the log holds nothing from the year
3000 (limits.LATEST), so a token may not outlive it either. The same on the CLI.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.audit.models import AuditEntry
from incidents.auth import tokens
from tests.conftest import csrf_from


def _stored(database) -> tuple[int, int]:  # noqa: ANN001
    with database.read_session() as s:
        return (s.scalar(sa.select(sa.func.count()).select_from(tokens.ApiToken)),
                s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)))


@pytest.mark.parametrize("day", ["9999-12-31", "9999-12-30", "3000-01-01", "2999-12-31"])
def test_the_account_form_refuses_a_last_day_past_the_logs_calendar(client, auth, make_user, database, day):
    make_user("far", "reporter")
    auth.login("far")
    before = _stored(database)
    page = client.get("/account", headers={"Accept-Language": "en"}).get_data(as_text=True)
    form = {"name": "far-away-token", "expires_on": day, "csrf_token": csrf_from(page)}
    response = client.post("/account/tokens", data=form, headers={"Accept-Language": "en"})
    if day == "2999-12-31":  # its next midnight in Beijing is still 2999 in UTC: the last day there is
        assert response.status_code == 200, response.get_data(as_text=True)
        with database.read_session() as s:
            assert s.scalar(sa.select(tokens.ApiToken.expires_at)).year == 2999
        return
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html
    assert "必须早于 3000 年" in html  # the page speaks the reader's language (zh by default)
    assert 'name="expires_on"' in html and "far-away-token" in html  # the form again, what was typed kept
    assert _stored(database) == before


def test_the_cli_refuses_it_too(runner, make_user, database):
    make_user("cli-far", "coordinator")
    before = _stored(database)
    result = runner.invoke(args=["incidents", "tokens", "create", "cli-far", "--name", "far",
                                 "--expires", "9999-12-31"])
    assert result.exit_code == 1 and result.exception is not None and isinstance(result.exception, SystemExit), (
        result.output, result.exception)
    assert "expires_at: must be before the year 3000" in result.output
    assert _stored(database) == before
