"""sign_ins: one row per login on one device

Revision ID: e5c3b8c00ba7
Revises: d9f3a7c15e20
Create Date: 2026-12-02 14:07:08.707344
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import incidents.db

revision: str = 'e5c3b8c00ba7'
down_revision: str | None = 'd9f3a7c15e20'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('sign_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False, comment='random; the signed session cookie carries it'),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', incidents.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', incidents.db.UTCDateTime(timezone=True), nullable=True, comment='logged out, or ended from another device'),
    sa.Column('device', sa.String(length=300), nullable=False, comment="the browser's User-Agent, cut"),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sign_ins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_ins')),
    sa.UniqueConstraint('key', name=op.f('uq_sign_ins_key'))
    )
    with op.batch_alter_table('sign_ins', schema=None) as batch_op:
        batch_op.create_index('ix_sign_ins_user_id', ['user_id', 'ended_at'], unique=False)
    # Cookies issued before this revision name no sign-in: their holders log in once more.



def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table('sign_ins', schema=None) as batch_op:
        batch_op.drop_index('ix_sign_ins_user_id')

    op.drop_table('sign_ins')
