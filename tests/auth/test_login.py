"""Login: one generic failure message, throttling stored in the database, a fresh session."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents.auth import services
from incidents.db import now_utc
from incidents.models import LoginAttempt, User
from tests.conftest import PASSWORD, switch_language
from tests.security.sweep import csrf_token

WRONG = "not the password"


def post_login(client, username: str, password: str, address: str = "127.0.0.1", next_url: str = ""):  # noqa: ANN001, ANN201
    token = csrf_token(client)
    return client.post("/login" + (f"?next={next_url}" if next_url else ""),
                       data={"username": username, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_failures_all_read_the_same(client, make_user, database):
    make_user("alice", "reporter")
    make_user("gone", "reporter")
    with database.transaction() as s:
        user = s.scalar(sa.select(User).where(User.username == "gone"))
        services.update_user(s, user, {"active": False}, None)
    pages = [post_login(client, "alice", WRONG), post_login(client, "nobody", WRONG),
             post_login(client, "gone", PASSWORD)]
    for page in pages:
        assert page.status_code == 401
        assert "登录失败" in page.get_data(as_text=True)
    # Up to the username field (whose value is what was typed) the pages are identical, CSRF token aside.
    bodies = {re.sub(r'value="[^"]*"', "", p.get_data(as_text=True)).split('name="username"')[0] for p in pages}
    assert len(bodies) == 1  # nothing hints which case it was


def test_login_is_case_insensitive_and_starts_a_fresh_session(client, make_user):
    make_user("alice", "reporter")
    switch_language(client, "en")
    with client.session_transaction() as s:
        s["planted"] = "by an attacker"
    response = post_login(client, "Alice", PASSWORD)
    assert response.status_code == 302
    with client.session_transaction() as s:
        assert "planted" not in s and s["lang"] == "en" and s["_user_id"]
    assert client.get("/").status_code == 200


def test_empty_form_names_what_is_missing(client):
    response = post_login(client, "", "")
    assert response.status_code == 400
    assert "请输入用户名和密码" in response.get_data(as_text=True)


def test_sixth_wrong_password_in_a_minute_is_refused_even_with_the_right_one(client, make_user, session):
    make_user("alice", "reporter")
    for _ in range(5):
        assert post_login(client, "alice", WRONG).status_code == 401
    refused = post_login(client, "alice", PASSWORD)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) in range(1, 62)
    assert "登录失败次数过多" in refused.get_data(as_text=True)
    with client.session_transaction() as s:
        assert "_user_id" not in s
    # Other accounts from the same address are not locked out by one account's failures.
    make_user("bob", "reporter")
    assert post_login(client, "bob", PASSWORD).status_code == 302


def test_the_lock_lifts_when_the_minute_has_passed(client, make_user, database):
    make_user("alice", "reporter")
    for _ in range(5):
        post_login(client, "alice", WRONG)
    assert post_login(client, "alice", PASSWORD).status_code == 429
    with database.transaction() as s:
        s.execute(sa.update(LoginAttempt).values(at=now_utc() - timedelta(seconds=61)))
    assert post_login(client, "alice", PASSWORD).status_code == 302


def test_per_address_limit_covers_many_accounts(app, client, make_user):
    make_user("alice", "reporter")
    for i in range(20):
        post_login(client, f"guess{i}", WRONG, address="203.0.113.9")
    assert post_login(client, "alice", PASSWORD, address="203.0.113.9").status_code == 429
    assert post_login(client, "alice", PASSWORD, address="198.51.100.7").status_code == 302


def test_throttle_service_counts_only_recent_failures(database):
    limits = services.LoginLimits(per_account=3, per_address=10, window_seconds=60)
    now = now_utc()
    with database.transaction() as s:
        carol = services.account_key(s, "carol")
        for seconds in (90, 50, 40):
            assert services.record_login_attempt(s, carol, "10.0.0.1", False, limits,
                                                 now=now - timedelta(seconds=seconds)) == 0
        # A success elsewhere (10.0.0.1 stays an unknown address: its failures count with 10.0.0.2's).
        services.record_login_attempt(s, carol, "10.0.0.9", True, limits, now=now - timedelta(seconds=30))
        assert services.account_key(s, "Carol ") == carol
        assert services.login_wait(s, carol, "10.0.0.2", limits, now=now) == 0  # two failures in the window
        services.record_login_attempt(s, carol, "10.0.0.1", False, limits, now=now)
        wait = services.login_wait(s, carol, "10.0.0.2", limits, now=now)
        assert wait == 60 - 50 + 1  # when the failure of 50 s ago ages out
        assert services.record_login_attempt(s, carol, "10.0.0.1", False, limits, now=now) == wait


# One process for both of its turns, each a line on stdin ("password times"), its codes a line on stdout: a second
# process paid Python's and the app's start again (1.2 s CPU, 2-3 s wall on a quiet machine).
OTHER_PROCESS = textwrap.dedent("""
    import re, sys
    from incidents import create_app
    app = create_app({"DATABASE_URL": sys.argv[1], "INSTANCE_PATH": sys.argv[2], "SECRET_KEY": "other-process"})
    client = app.test_client()
    for line in sys.stdin:
        password, _, times = line.rstrip("\\n").rpartition(" ")
        codes = []
        for _ in range(int(times)):
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").get_data(as_text=True))[1]
            codes.append(client.post("/login", data={"username": "alice", "password": password,
                                                     "csrf_token": token}).status_code)
        print(" ".join(map(str, codes)), flush=True)
""")


@pytest.mark.slow
def test_throttle_holds_across_processes(client, make_user, db_url, tmp_path):
    """Three failures in another process, two here: the 6th try is refused in either process."""
    make_user("alice", "reporter")
    other = subprocess.Popen([sys.executable, "-c", OTHER_PROCESS, db_url, str(tmp_path / "other")],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def in_other(password: str, times: int) -> list[int]:
        assert other.stdin is not None and other.stdout is not None
        other.stdin.write(f"{password} {times}\n")
        other.stdin.flush()
        line = other.stdout.readline()
        assert line, other.communicate(timeout=30)[1][-2000:]
        return [int(c) for c in line.split()]

    try:
        assert in_other(WRONG, 3) == [401, 401, 401]
        assert post_login(client, "alice", WRONG).status_code == 401
        assert post_login(client, "alice", WRONG).status_code == 401
        assert in_other(PASSWORD, 1) == [429]
        assert post_login(client, "alice", PASSWORD).status_code == 429
    finally:
        _, errors = other.communicate(timeout=120)  # stdin closed: its loop ends
        assert other.returncode == 0, errors[-2000:]


def test_throttle_holds_across_two_app_instances(app, db_url, tmp_path, make_user):
    """Two app instances (two engines, two pools) on one database: the count is shared."""
    from incidents import create_app

    make_user("alice", "reporter")
    second = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path / "second"),
                         "SECRET_KEY": "second-instance"})
    try:
        first_client, second_client = app.test_client(), second.test_client()
        for i in range(5):
            assert post_login(first_client if i % 2 else second_client, "alice", WRONG).status_code == 401
        assert post_login(first_client, "alice", PASSWORD).status_code == 429
        assert post_login(second_client, "alice", PASSWORD).status_code == 429
    finally:
        second.extensions["incidents.db"].engine.dispose()


@pytest.mark.slow
def test_simultaneous_wrong_passwords_let_exactly_five_through(app, make_user, database):
    """Ten tries at the same moment (as from several workers): five are judged, five refused."""
    from concurrent.futures import ThreadPoolExecutor

    make_user("alice", "reporter")
    clients = [app.test_client() for _ in range(10)]
    tokens = [csrf_token(c) for c in clients]

    def attempt(i: int) -> int:
        return clients[i].post("/login", data={"username": "alice", "password": WRONG,
                                               "csrf_token": tokens[i]}).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = sorted(pool.map(attempt, range(10)))
    assert codes == [401] * 5 + [429] * 5
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == 5
