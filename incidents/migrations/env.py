"""Alembic environment: the URL comes from the caller's config (see incidents.migrations)."""

from alembic import context

from incidents.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run migrations on the connection handed over by incidents.migrations.upgrade."""
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters via table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
