"""compile requests: compiles asked for from the web, queued for the scheduler process

Revision ID: 55c5cd3a649c
Revises: 47545fc8cb77
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '55c5cd3a649c'
down_revision: str | None = '47545fc8cb77'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status IN ('queued', 'running')")


def upgrade() -> None:
    """Apply."""
    op.create_table(
        'compile_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False, comment='the local calendar day to compile'),
        sa.Column('new_revision', sa.Boolean(), server_default=sa.false(), nullable=False,
                  comment='recompile: a new revision even if final'),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='compile_state',
                                    native_enum=False, create_constraint=True, length=24), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('brief_id', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=True, comment='created | exists'),
        sa.Column('error', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['brief_id'], ['briefs.id'], name=op.f('fk_compile_requests_brief_id_briefs'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_compile_requests_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                                name=op.f('fk_compile_requests_requested_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_compile_requests')),
    )
    op.create_index('ix_compile_requests_open', 'compile_requests', ['event_id', 'day', 'new_revision'],
                    unique=True, sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index('ix_compile_requests_status', 'compile_requests', ['status', 'id'], unique=False)


def downgrade() -> None:
    """Revert."""
    op.drop_index('ix_compile_requests_status', table_name='compile_requests')
    op.drop_index('ix_compile_requests_open', table_name='compile_requests')
    op.drop_table('compile_requests')
