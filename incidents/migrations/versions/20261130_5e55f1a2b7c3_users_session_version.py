"""users.session_version: bound into session cookies so logout, password changes and
deactivation end every earlier session

Revision ID: 5e55f1a2b7c3
Revises: 55c5cd3a649c
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '5e55f1a2b7c3'
down_revision: str | None = '55c5cd3a649c'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False,
                                   comment='raised to end every earlier session of the user'))


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table('users') as batch:
        batch.drop_column('session_version')
