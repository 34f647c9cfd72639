"""held_forms: a form sent after its sign-in ended, kept on the server for its author

Revision ID: bfc74aa50972
Revises: e7a1c2d3f4b5
Create Date: 2026-12-06 14:50:06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import incidents.db

revision: str = 'bfc74aa50972'
down_revision: str | None = 'e7a1c2d3f4b5'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('held_forms',
    sa.Column('handle', sa.String(length=64), nullable=False, comment='random; the signed session cookie carries it, nothing else'),
    sa.Column('user_id', sa.Integer(), nullable=False, comment='its author'),
    sa.Column('path', sa.Text(), nullable=False, comment='the page it is given back on'),
    sa.Column('fields', sa.JSON(), nullable=False, comment='[[name, value], ...] as sent, the CSRF token left out'),
    sa.Column('created_at', incidents.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_held_forms_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('handle', name=op.f('pk_held_forms'))
    )
    with op.batch_alter_table('held_forms', schema=None) as batch_op:
        batch_op.create_index('ix_held_forms_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_held_forms_user_id', ['user_id', 'created_at'], unique=False)
    # Forms held in session cookies before this revision are not moved: their authors type them again.


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table('held_forms', schema=None) as batch_op:
        batch_op.drop_index('ix_held_forms_user_id')
        batch_op.drop_index('ix_held_forms_created_at')

    op.drop_table('held_forms')
