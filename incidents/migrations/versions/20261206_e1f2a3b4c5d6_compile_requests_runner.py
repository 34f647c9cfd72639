"""compile_requests.runner: the run that took a request, whose heartbeat says whether it is still at it

Revision ID: e1f2a3b4c5d6
Revises: d4e5f6a7b8c9
Create Date: 2026-12-06 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'e1f2a3b4c5d6'
down_revision: str | None = 'd4e5f6a7b8c9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    with op.batch_alter_table('compile_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('runner', sa.String(length=40), nullable=True,
                                      comment="the run that took it: its heartbeats row while it is at it"))
    # A request running before this revision has no runner: it is taken again 15 minutes after it began, as before.


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table('compile_requests', schema=None) as batch_op:
        batch_op.drop_column('runner')
