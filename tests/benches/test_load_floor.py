"""The floor bench's cut-short apps measure what they say: `checks` checks all and stores nothing, `login` logs in."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from benches import load_floor
from benches.load_setup import prepare_product


@pytest.fixture
def product(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    made = prepare_product(f"sqlite:///{tmp_path / 'floor.sqlite3'}", tmp_path)
    monkeypatch.setenv("DATABASE_URL", made.url)
    monkeypatch.setenv("SECRET_KEY", "floor")
    monkeypatch.setenv("INCIDENTS_INSTANCE", str(tmp_path / "instance"))
    return made


def _reports(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = conn.scalar(sa.text("SELECT count(*) FROM reports"))
    engine.dispose()
    return int(found)


def test_checks_refuses_what_the_product_refuses_and_stores_nothing(product) -> None:  # noqa: ANN001
    app = load_floor.create_app("checks")
    client = app.test_client(use_cookies=False)
    answered = client.post(product.path, json=product.body(), headers=product.headers(str(uuid.uuid4())))
    assert answered.status_code == 201, answered.json
    sent: list[str] = []
    sa.event.listen(app.extensions["incidents.db"].engine, "before_cursor_execute",
                    lambda _c, _cur, statement, *_a: sent.append(statement))
    assert client.post(product.path, json=product.body(), headers=product.headers("2")).status_code == 201
    # As the product's view until its first write (the event and the walk now kept per process): the
    # login's SELECT in a transaction that has not taken SQLite's write lock (BEGIN IMMEDIATE, were the
    # cut-short view to lose the real one's marks).
    assert [s.split()[0] for s in sent] == ["BEGIN", "SELECT"], sent
    # Validation still runs: an observation after the report arrives is refused as by the product.
    late = client.post(product.path, json={**product.body(), "observed_at": "2099-01-01T10:00:00+08:00"},
                       headers=product.headers(str(uuid.uuid4())))
    assert late.status_code == 422 and "observed_at" in late.json["errors"]
    unknown = client.post(product.path, json=product.body(), headers={"Idempotency-Key": "x"})
    assert unknown.status_code == 401
    assert _reports(product.url) == 0
    # The stub was the view's only while it ran: the process's own create is untouched.
    from incidents.reports import services
    assert services.create_report_once.__module__ == "incidents.reports.services"


def test_login_answers_after_the_token_login_only(product) -> None:  # noqa: ANN001
    client = load_floor.create_app("login").test_client(use_cookies=False)
    assert client.post(product.path, json={}, headers=product.headers("k")).status_code == 201
    assert client.post(product.path, json={}, headers={"Authorization": "Bearer il_nope"}).status_code == 401
    assert _reports(product.url) == 0
