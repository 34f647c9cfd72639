"""Migrations build the schema from empty, and the head matches the models."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from incidents import migrations
from incidents.models import Base


def test_upgrade_from_empty_reaches_head(database):
    assert migrations.current(database.engine) == migrations.head()
    names = set(sa.inspect(database.engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= names


def test_migration_head_matches_models(database):
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migration_files_are_date_prefixed():
    files = [p.name for p in (migrations.HERE / "versions").glob("*.py")]
    assert files and all(name[:8].isdigit() and name[8] == "_" for name in files)
