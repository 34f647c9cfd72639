"""The guarded baseline keeps every guarantee it is measured for: a refusal stores nothing, a create its 4 rows.

benches/guarded_app.py is the bare app with issue 14's guarantees written lean over the product's schema; its
figure (benches/load_floor.py, `guarded`) says what those guarantees cost on this stack. A stick that skipped
one would flatter the target: each is checked here through its HTTP route.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from benches import guarded_app
from benches.load_setup import prepare_product


@pytest.fixture
def product(tmp_path: Path, db_url: str):  # noqa: ANN201
    # On the kind of database under test (PostgreSQL's path adds the event's arrival lock), in a database of its
    # own: the bench's set-up drops and makes its database.
    if db_url.startswith("postgresql"):
        url = sa.make_url(db_url)
        made = prepare_product(url.set(database=f"{url.database}_guarded").render_as_string(False), tmp_path)
    else:
        made = prepare_product(f"sqlite:///{tmp_path / 'guarded.sqlite3'}", tmp_path)
    yield made
    made.drop()


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = {t: int(conn.scalar(sa.text(f"SELECT count(*) FROM {t}")))
                 for t in ("reports", "activity_entries", "audit_entries", "idempotency_keys")}
    engine.dispose()
    return found


def test_every_refusal_stores_nothing_and_a_create_stores_its_four_rows(product) -> None:  # noqa: ANN001
    client = guarded_app.create_app(product.url).test_client()
    before = _counts(product.url)
    refused = {
        "no token": client.post(product.path, json=product.body()),
        "unknown token": client.post(product.path, json=product.body(), headers={"Authorization": "Bearer il_x"}),
        "outside the reporter's area": client.post(product.path, json={**product.body(), "area_id": 1},
                                                   headers=product.headers("a")),
        "no offset": client.post(product.path, json={**product.body(), "observed_at": "2021-07-21T10:00"},
                                 headers=product.headers("b")),
        "before the event": client.post(product.path, json={**product.body(), "observed_at": "2021-07-01T10:00+08:00"},
                                        headers=product.headers("c")),
        "empty title": client.post(product.path, json={**product.body(), "title": " "}, headers=product.headers("d")),
        "another kind": client.post(product.path, json={**product.body(), "kind": "outage"},
                                    headers=product.headers("e")),
    }
    assert {why: r.status_code for why, r in refused.items()} == {
        "no token": 401, "unknown token": 401, "outside the reporter's area": 403, "no offset": 422,
        "before the event": 422, "empty title": 422, "another kind": 422}
    assert _counts(product.url) == before
    key = str(uuid.uuid4())
    made = client.post(product.path, json=product.body(), headers=product.headers(key))
    assert made.status_code == 201, made.json
    assert _counts(product.url) == {t: n + 1 for t, n in before.items()}
    again = client.post(product.path, json=product.body(), headers=product.headers(key))
    assert (again.status_code, again.json["id"]) == (200, made.json["id"])
    other = client.post(product.path, json=product.body("另一条"), headers=product.headers(key))
    assert other.status_code == 422
    assert _counts(product.url) == {t: n + 1 for t, n in before.items()}
    engine = sa.create_engine(product.url)
    with engine.connect() as conn:
        audit = conn.execute(sa.text("SELECT action, entity, entity_id FROM audit_entries ORDER BY id DESC")).first()
    engine.dispose()
    assert tuple(audit) == ("create", "reports", made.json["id"])
