"""zero reports (零报告): a report kind of its own, its table, and the kind's CHECK widened

Revision ID: d9f3a7c15e20
Revises: 3bcdc4ae2240
Create Date: 2026-11-30 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'd9f3a7c15e20'
down_revision: str | None = '3bcdc4ae2240'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("'outage', 'outage_update', 'pumping', 'pumping_volume', 'disinfection', 'debris', 'activity'")
NEW = OLD + ", 'zero_report'"
CHECK = "ck_reports_report_kind"


def _kind_check(before: str, after: str) -> None:
    """Replace the allowed kinds in reports.kind's CHECK.

    SQLite cannot alter a CHECK, and copying `reports` (Alembic's batch mode) would drop the table
    that every kind's table cascades from, with foreign keys on inside this transaction: the rows
    of every kind would go with it. SQLite documents editing the stored schema for exactly this
    (a constraint that existing rows still satisfy: ALTER TABLE, "Making Other Kinds Of Table
    Schema Changes"), so the table is left in place and only its CHECK text changes.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        # op.f: the name is final (the naming convention is not applied to it again).
        op.drop_constraint(op.f(CHECK), 'reports', type_='check')
        op.create_check_constraint(op.f(CHECK), 'reports', f"kind IN ({after})")
        return
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'reports'").scalar()
    if not sql or f"kind IN ({before}))" not in sql:
        raise RuntimeError(f"reports.kind's CHECK is not the one expected ({before})")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.execute(sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'reports'"),
                 {"sql": sql.replace(f"kind IN ({before}))", f"kind IN ({after}))")})
    # A new schema version makes every connection read the changed schema again.
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version or 0) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    """Apply."""
    _kind_check(OLD, NEW)
    op.create_table(
        'zero_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period_day', sa.Date(), nullable=False, comment="the brief's local day it answers"),
        sa.ForeignKeyConstraint(['id'], ['reports.id'], name=op.f('fk_zero_reports_id_reports'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_zero_reports')),
    )
    op.create_index(op.f('ix_zero_reports_period_day'), 'zero_reports', ['period_day'], unique=False)


def downgrade() -> None:
    """Revert (refused while any zero report exists: its rows would break the narrower CHECK)."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM reports WHERE kind = 'zero_report'")).scalar():
        raise RuntimeError("zero reports exist: downgrading would lose them")
    op.drop_index(op.f('ix_zero_reports_period_day'), table_name='zero_reports')
    op.drop_table('zero_reports')
    _kind_check(NEW, OLD)
