"""Failures from elsewhere do not lock an account out of the places it logs in from.

Found (sessions audit, 4 December): the account limit counted every failure alike. Five wrong passwords a
minute from anywhere on the internet, for a name on a brief (the district coordinator), kept that person
from logging in at all — in the office, on the computer they log in from every day — for as long as the
sender kept it up: right or wrong, the sixth was refused. Now an address the account logged in from in
the past week keeps its own count: failures from other addresses fill theirs, not its. A guesser still gets
five a minute from unknown addresses and five from a known one (which it would have to share).
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import LoginAttempt
from tests.auth.test_login import WRONG, post_login
from tests.conftest import PASSWORD

OFFICE, ATTACKER, ELSEWHERE = "10.20.0.8", "203.0.113.9", "198.51.100.7"


def test_failures_from_elsewhere_do_not_lock_out_an_address_the_account_logs_in_from(app, make_user):
    make_user("coordinator1", "coordinator")
    assert post_login(app.test_client(), "coordinator1", PASSWORD, address=OFFICE).status_code == 302
    attacker = app.test_client()
    codes = [post_login(attacker, "coordinator1", WRONG, address=ATTACKER).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    # Right or wrong, a new address is still refused: the guesser gets no more tries by moving.
    assert post_login(app.test_client(), "coordinator1", PASSWORD, address=ELSEWHERE).status_code == 429
    # The office computer logs in.
    assert post_login(app.test_client(), "coordinator1", PASSWORD, address=OFFICE).status_code == 302


def test_a_known_address_has_its_own_limit(app, make_user, database):
    make_user("coordinator1", "coordinator")
    assert post_login(app.test_client(), "coordinator1", PASSWORD, address=OFFICE).status_code == 302
    office = app.test_client()
    codes = [post_login(office, "coordinator1", WRONG, address=OFFICE).status_code for _ in range(5)]
    assert codes == [401] * 5
    assert post_login(office, "coordinator1", PASSWORD, address=OFFICE).status_code == 429
    # Its failures do not lock the account out of the other addresses either (they have their own five).
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)
                        .where(LoginAttempt.succeeded.is_(False))) == 5


def test_a_success_older_than_a_week_makes_no_address_known(app, make_user, database):
    from datetime import timedelta

    from incidents.db import now_utc

    make_user("coordinator1", "coordinator")
    assert post_login(app.test_client(), "coordinator1", PASSWORD, address=OFFICE).status_code == 302
    with database.transaction() as s:
        s.execute(sa.update(LoginAttempt).values(at=now_utc() - timedelta(days=8)))
    attacker = app.test_client()
    for _ in range(5):
        post_login(attacker, "coordinator1", WRONG, address=ATTACKER)
    assert post_login(app.test_client(), "coordinator1", PASSWORD, address=OFFICE).status_code == 429
