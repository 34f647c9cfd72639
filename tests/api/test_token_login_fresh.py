"""A token login answers by the database as it is now: nothing of a token or its owner is kept between requests.

Each test first sends requests with the token (a create, the write path; a list, the read path), then changes the
token or its owner through another engine (another process: its own connections, plain SQL, no hook of this app),
then checks that the very next request answers by the change. Both databases. A login kept per process (a token's
owner remembered by its hash, say) fails them.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.auth.models import User
from incidents.auth.tokens import ApiToken
from incidents.db import now_utc
from tests.api.conftest import TokenClient

EVENTS = "/api/v1/events"


def _body(area: int) -> dict:
    return {"kind": "activity", "area_id": area, "observed_at": "2021-07-30 14:30", "title": "巡查"}


class Sender:
    """Creates and reads with one token, each create under a new key."""

    def __init__(self, api: TokenClient, url: str) -> None:
        self.api, self.url, self.sent = api, url, 0

    def create(self, area: int) -> int:
        """The status of a create of an activity report at area."""
        self.sent += 1
        made = self.api.post(self.url, json=_body(area), headers={"Idempotency-Key": f"fresh-{self.sent}"})
        return int(made.status_code)

    def read(self) -> int:
        """The status of the event list."""
        return int(self.api.get(EVENTS).status_code)

    def warmed(self, area: int, created: int = 201) -> Sender:
        """After two creates and two reads answered as expected."""
        for _ in range(2):
            assert self.create(area) == created
            assert self.read() == 200
        return self


def _set(engine: sa.Engine, statement: sa.Update) -> None:
    with engine.begin() as conn:
        assert conn.execute(statement).rowcount == 1


def _token_of(api: TokenClient) -> sa.ColumnElement[bool]:
    return ApiToken.user_id == api.user_id


def test_a_token_revoked_elsewhere_is_refused_at_the_next_request(where, other, reporter_api: TokenClient):
    url, area = where
    sender = Sender(reporter_api, url).warmed(area)
    _set(other, sa.update(ApiToken).where(_token_of(reporter_api)).values(revoked_at=now_utc()))
    assert sender.create(area) == 401
    assert sender.read() == 401


def test_a_token_expired_since_is_refused_at_the_next_request(where, other, reporter_api: TokenClient):
    url, area = where
    sender = Sender(reporter_api, url).warmed(area)
    _set(other, sa.update(ApiToken).where(_token_of(reporter_api))
         .values(expires_at=now_utc() - timedelta(seconds=1)))
    assert sender.create(area) == 401
    assert sender.read() == 401


def test_an_owner_deactivated_elsewhere_is_refused_and_reactivated_served(where, other, reporter_api: TokenClient):
    url, area = where
    sender = Sender(reporter_api, url).warmed(area)
    _set(other, sa.update(User).where(User.id == reporter_api.user_id).values(active=False))
    assert sender.create(area) == 401
    assert sender.read() == 401
    # Back on (by plain SQL: the product's own reactivation revokes the tokens), served again at once.
    _set(other, sa.update(User).where(User.id == reporter_api.user_id).values(active=True))
    assert sender.create(area) == 201
    assert sender.read() == 200


def test_a_role_changed_elsewhere_decides_the_next_request(where, other, reporter_api: TokenClient):
    url, area = where
    sender = Sender(reporter_api, url).warmed(area)
    _set(other, sa.update(User).where(User.id == reporter_api.user_id).values(role="viewer"))
    assert sender.create(area) == 403
    assert sender.read() == 200
    _set(other, sa.update(User).where(User.id == reporter_api.user_id).values(role="reporter"))
    assert sender.create(area) == 201


def test_a_scope_changed_elsewhere_decides_the_next_request(where, other, scoped_api: TokenClient):
    url, area = where  # inside the scoped reporter's 北大街街道
    sender = Sender(scoped_api, url).warmed(area)
    with other.connect() as conn:  # read now: the `session` fixture's snapshot may predate the user
        scope = conn.scalar(sa.select(User.scope_area_id).where(User.id == scoped_api.user_id))
        elsewhere = conn.scalar(sa.select(Area.id).where(Area.level == "subdistrict", Area.id != scope)
                                .order_by(Area.id))
    assert scope is not None and elsewhere is not None
    _set(other, sa.update(User).where(User.id == scoped_api.user_id).values(scope_area_id=elsewhere))
    assert sender.create(area) == 403
    _set(other, sa.update(User).where(User.id == scoped_api.user_id).values(scope_area_id=None))
    assert sender.create(area) == 201
    _set(other, sa.update(User).where(User.id == scoped_api.user_id).values(scope_area_id=elsewhere))
    assert sender.create(area) == 403
    _set(other, sa.update(User).where(User.id == scoped_api.user_id).values(scope_area_id=scope))
    assert sender.create(area) == 201


def test_the_login_builds_its_owner_from_plain_columns(where, reporter_api: TokenClient):
    # TOKEN_ROW: the owner is read as columns of a Core row, not loaded as an ORM entity (no ORM load of a User).
    url, area = where
    sender = Sender(reporter_api, url).warmed(area)
    loaded: list[User] = []

    def note(user: User, _context: object) -> None:
        loaded.append(user)

    sa.event.listen(User, "load", note)
    try:
        assert sender.create(area) == 201
        assert sender.read() == 200
    finally:
        sa.event.remove(User, "load", note)
    assert loaded == []
