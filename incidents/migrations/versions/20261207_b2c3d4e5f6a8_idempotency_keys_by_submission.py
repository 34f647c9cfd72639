"""idempotency_keys by user and submission: the form's "sent a moment ago?" check reads an index, not every key

Revision ID: b2c3d4e5f6a8
Revises: a1b2c3d4e5f7
Create Date: 2026-12-07 03:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'b2c3d4e5f6a8'
down_revision: str | None = 'a1b2c3d4e5f7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_index('ix_idempotency_keys_submission', 'idempotency_keys', ['user_id', 'fingerprint', 'created_at'])


def downgrade() -> None:
    """Revert."""
    op.drop_index('ix_idempotency_keys_submission', table_name='idempotency_keys')
