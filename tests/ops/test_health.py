"""/healthz, /readyz and the request log through the test client; the proxy depth setting."""

from __future__ import annotations

import json
import logging
import os
import socket
from datetime import timedelta

import pytest

from incidents import create_app
from incidents.config import ConfigError
from incidents.db import Database, now_utc
from incidents.ops import services as ops
from incidents.ops.logs import log as request_log


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_is_ready_only_while_the_scheduler_beats(client, database):
    body = client.get("/readyz")
    assert body.status_code == 503 and body.json["checks"]["migrations"]["ok"]
    with database.transaction() as s:
        ops.beat(s, now_utc() - ops.STALE_AFTER - timedelta(seconds=5))
    stale = client.get("/readyz")
    assert stale.status_code == 503 and not stale.json["checks"]["scheduler"]["ok"]
    with database.transaction() as s:
        ops.beat(s, now_utc())
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json
    assert ready.headers["Cache-Control"] == "no-store"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def logged():
    handler = _Lines()
    request_log.addHandler(handler)
    yield handler.lines
    request_log.removeHandler(handler)


def test_one_json_line_per_request_with_status_duration_and_user(app, auth, make_user, logged):
    user_id = make_user("field1", "reporter")
    auth.login("field1")
    logged.clear()
    auth.client.get("/account")
    auth.client.get("/no-such-page")
    account, missing = logged
    assert (account["path"], account["status"], account["user"]) == ("/account", 200, user_id)
    assert missing["status"] == 404 and account["ms"] >= 0


def _app_with_proxies(db_url: str, tmp_path, proxies: str):  # noqa: ANN202
    os.environ["INCIDENTS_PROXIES"] = proxies
    try:
        return create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    finally:
        del os.environ["INCIDENTS_PROXIES"]


def test_behind_one_proxy_the_client_address_is_the_forwarded_one(app, db_url, tmp_path, logged):
    behind = _app_with_proxies(db_url, tmp_path, "1")
    behind.test_client().get("/healthz", headers={"X-Forwarded-For": "203.0.113.9, 10.0.0.2"},
                             environ_base={"REMOTE_ADDR": "127.0.0.1"})
    # Exactly one proxy is trusted: its entry (the last) is the client; the forged first one is not.
    assert logged[-1]["ip"] == "10.0.0.2"
    app.test_client().get("/healthz", headers={"X-Forwarded-For": "203.0.113.9"},
                          environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert logged[-1]["ip"] == "127.0.0.1"  # no proxy configured: the header is ignored


def test_a_proxy_count_that_is_not_a_number_is_refused_by_name(db_url, tmp_path):
    with pytest.raises(ConfigError, match="INCIDENTS_PROXIES"):
        _app_with_proxies(db_url, tmp_path, "one")


def test_readyz_tells_the_public_no_hosts_users_or_databases(app, database, client, caplog):
    # /readyz answers anyone (load balancers call it unauthenticated): an unreachable database's
    # driver message, naming its host, port, user and database, goes to the log, not to the caller.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once the socket closes
    app.extensions["incidents.db"] = Database(f"postgresql+psycopg://secret_user@127.0.0.1:{port}/secret_db")
    with caplog.at_level(logging.WARNING, logger="incidents.ops.services"):
        down = client.get("/readyz")
    app.extensions["incidents.db"] = database
    assert down.status_code == 503 and not down.json["checks"]["database"]["ok"]
    assert str(port) not in down.get_data(as_text=True) and "secret" not in down.get_data(as_text=True)
    assert str(port) in caplog.text  # the operator still reads why
    with database.transaction() as s:
        ops.beat(s, now_utc())
    ready = client.get("/readyz").get_data(as_text=True)
    assert " from " not in ready and "pid" not in ready  # the scheduler's host and process stay in its table
