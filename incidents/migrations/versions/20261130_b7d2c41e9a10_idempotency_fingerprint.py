"""idempotency keys keep a fingerprint of what was sent

Revision ID: b7d2c41e9a10
Revises: b7e3a91c5d20
Create Date: 2026-11-30 09:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b7d2c41e9a10'
down_revision: str | None = 'b7e3a91c5d20'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply: keys made before have no fingerprint and replay as before."""
    with op.batch_alter_table('idempotency_keys') as batch:
        batch.add_column(sa.Column('fingerprint', sa.String(length=64), nullable=True,
                                   comment='sha256 of the normalised submission'))


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table('idempotency_keys') as batch:
        batch.drop_column('fingerprint')
