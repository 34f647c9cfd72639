"""brief sign-off (签发人), English names of issuers and teams, disinfection staff on duty

Revision ID: b7e3a91c5d20
Revises: 5e55f1a2b7c3
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b7e3a91c5d20'
down_revision: str | None = '5e55f1a2b7c3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.add_column('events', sa.Column('issuer_en', sa.String(length=200), nullable=True,
                                      comment="the issuing office's English name"))
    op.add_column('pumping_operations', sa.Column('team_en', sa.String(length=200), nullable=True,
                                                  comment="the team's English name"))
    op.add_column('disinfections', sa.Column('staff', sa.Integer(), nullable=True,
                                             comment='staff on duty, people (人), not person-times'))
    op.add_column('disinfections', sa.Column('staff_lb', sa.Boolean(), server_default=sa.text('false'),
                                             nullable=False,
                                             comment='the quantity is a lower bound (30余 = at least 30)'))
    with op.batch_alter_table('briefs') as batch:
        batch.add_column(sa.Column('published_by_id', sa.Integer(), nullable=True,
                                   comment='who signed it off (签发人)'))
        batch.create_foreign_key(op.f('fk_briefs_published_by_id_users'), 'users', ['published_by_id'], ['id'],
                                 ondelete='RESTRICT')
    # A report sent back (returned) no longer counts until resubmitted: an outage's restoration
    # mirror follows its latest update that counts.
    op.execute(sa.text(MIRROR))


MIRROR = """
UPDATE power_outages SET restored_at = NULL, restored_precision = NULL
WHERE restored_at IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM outage_updates u JOIN reports r ON r.id = u.id
    WHERE u.outage_id = power_outages.id AND u.fully_restored AND r.status IN ('submitted', 'verified'))
"""


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table('briefs') as batch:
        batch.drop_constraint(op.f('fk_briefs_published_by_id_users'), type_='foreignkey')
        batch.drop_column('published_by_id')
    op.drop_column('disinfections', 'staff_lb')
    op.drop_column('disinfections', 'staff')
    op.drop_column('pumping_operations', 'team_en')
    op.drop_column('events', 'issuer_en')
