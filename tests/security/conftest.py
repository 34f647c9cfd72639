"""Security fixtures: seed ids and one logged-in test client per role."""

from __future__ import annotations

import pytest

from tests.conftest import Auth
from tests.security.sweep import SeedIds, seed_ids, seed_recipient


@pytest.fixture
def ids(seeded, database, session) -> SeedIds:
    """Ids of seed records every swept URL points at (plus a recipient: the demo has none)."""
    with database.transaction() as s:
        seed_recipient(s)
    return seed_ids(session)


@pytest.fixture
def login_as(app, make_user):
    """A fresh client logged in as a new user of the role: login_as('viewer'), login_as('reporter', scope=...)."""

    def login(role: str, scope: str | None = None, username: str | None = None):  # noqa: ANN202
        username = username or f"{role}-{scope.split('/')[-1] if scope else 'all'}"
        make_user(username, role, scope=scope)
        client = app.test_client()
        response = Auth(client).login(username)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        client.username = username
        return client

    return login
