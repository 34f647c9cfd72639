"""Two administrators taking each other's role at once leave one (fifth outside audit).

Each counted the active administrators (two), saw the other stay, and both changes went through on
PostgreSQL: no administrator was left to manage accounts. The count now locks the administrators'
rows, so the second waits for the first and counts again. SQLite runs writers one at a time.
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from incidents.auth import services
from incidents.auth.models import Role, User


def test_two_administrators_deactivating_each_other_at_once_leave_one(database, make_user):
    if database.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: no two counts can overlap")
    ann, bob = make_user("ann", "admin"), make_user("bob", "admin")
    outcome: dict[str, object] = {}

    def bob_deactivates_ann() -> None:
        try:
            with database.transaction() as s:
                services.update_user(s, s.get(User, ann), {"active": False}, bob)
            outcome["bob"] = "saved"
        except services.AccountError as exc:
            outcome["bob"] = exc.field

    with database.transaction() as s:
        services.update_user(s, s.get(User, bob), {"active": False}, ann)
        second = threading.Thread(target=bob_deactivates_ann)
        second.start()
        time.sleep(0.5)  # bob's count runs while ann's change is not yet committed
    second.join(timeout=10)
    assert outcome == {"bob": "active"}
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(User).where(
            User.role == Role.ADMIN, User.active)) == 1
