"""The account page dates sign-ins and tokens as every page does: no year for this year's, the year for another's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from incidents.auth.models import User
from incidents.auth.tokens import ApiToken, create_token
from tests.conftest import PASSWORD, Auth, unspanned


def _account(app, username: str) -> str:  # noqa: ANN001
    client = app.test_client()
    assert Auth(client).login(username, PASSWORD).status_code == 302
    return unspanned(client.get("/account").get_data(as_text=True))


def test_a_sign_in_of_today_is_dated_without_the_year_and_a_token_of_another_year_with_it(app, make_user, session):
    make_user("worker1", "reporter")
    user = session.scalar(sa.select(User).where(User.username == "worker1"))
    create_token(session, user, "old script")
    session.commit()
    long_ago = datetime.now(UTC) - timedelta(days=800)
    session.execute(sa.update(ApiToken).where(ApiToken.user_id == user.id).values(created_at=long_ago))
    session.commit()
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    old = long_ago.astimezone(ZoneInfo("Asia/Shanghai"))
    page = _account(app, "worker1").replace(" ", "")
    assert f"登录于{today.month}月{today.day}日" in page
    assert f"{today.year}年{today.month}月{today.day}日" not in page
    assert f"{old.year}年{old.month}月{old.day}日" in page
