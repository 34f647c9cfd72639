"""A database of a migration test's own, migrated to the revision before the one under test.

A SQLite file in the test's folder, or on PostgreSQL a schema beside the suite's (dropped after).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from incidents import migrations
from incidents.db import Database


@contextmanager
def at_revision(db_url: str, tmp_path: Path, revision: str, name: str) -> Iterator[sa.Engine]:
    """An engine on a database of its own at `revision` (`name`: its SQLite file's, its schema's prefix)."""
    url = sa.make_url(db_url)
    schema = f"{name}_{uuid.uuid4().hex[:8]}"
    if url.get_backend_name() == "sqlite":
        url = url.set(database=str(tmp_path / f"{name}.sqlite3"))
    else:
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    engine = Database(url.render_as_string(hide_password=False)).engine
    migrations.upgrade(engine, revision)
    yield engine
    engine.dispose()
    if url.get_backend_name() != "sqlite":
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
