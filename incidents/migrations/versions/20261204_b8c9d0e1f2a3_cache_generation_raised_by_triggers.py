"""cache_generation: one number that triggers raise on every write to events and areas (GENERATION_SHELF)

Revision ID: b8c9d0e1f2a3
Revises: a7b8c9d0e1f2
Create Date: 2026-12-04 08:00:00
"""

import time
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b8c9d0e1f2a3'
down_revision: str | None = 'a7b8c9d0e1f2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("events", "areas")
# PostgreSQL: once per transaction, at its commit (a deferred constraint trigger runs per row; the
# transaction-local setting lets only the first raise the number). A transaction rolled back raises nothing.
BUMP = """
CREATE FUNCTION cache_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('incidents.generation_raised', true), '') <> 'yes' THEN
        PERFORM set_config('incidents.generation_raised', 'yes', true);
        UPDATE cache_generation SET n = n + 1;
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    """The table, its one row, and the triggers on events and areas (both databases)."""
    op.create_table(
        "cache_generation",
        sa.Column("n", sa.BigInteger(), nullable=False,
                  comment="raised by triggers on every write to events and areas (incidents/generation.py)"),
        comment="one row: the generation of what processes keep of events and areas",
    )
    # Started at the clock in µs, not 0: a database made again at the same address never gives a
    # process still running a number it has already shelved values for.
    op.execute(sa.text("INSERT INTO cache_generation (n) VALUES (:n)").bindparams(n=time.time_ns() // 1000))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(BUMP)
        for table in TABLES:
            op.execute(f"CREATE CONSTRAINT TRIGGER cache_generation_{table} AFTER INSERT OR UPDATE OR DELETE "
                       f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_generation_bump()")
            op.execute(f"CREATE TRIGGER cache_generation_{table}_truncate AFTER TRUNCATE ON {table} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION cache_generation_bump()")
        return
    for table in TABLES:
        for action in ("INSERT", "UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER cache_generation_{table}_{action.lower()} AFTER {action} ON {table} "
                       f"BEGIN UPDATE cache_generation SET n = n + 1; END")


def downgrade() -> None:
    """Triggers, function and table gone."""
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER cache_generation_{table} ON {table}")
            op.execute(f"DROP TRIGGER cache_generation_{table}_truncate ON {table}")
        op.execute("DROP FUNCTION cache_generation_bump()")
    else:
        for table in TABLES:
            for action in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER cache_generation_{table}_{action}")
    op.drop_table("cache_generation")
