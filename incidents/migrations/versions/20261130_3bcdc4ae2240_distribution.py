"""distribution: recipients, the notices told and their deliveries

Revision ID: 3bcdc4ae2240
Revises: dd63222de310
Create Date: 2026-11-30 14:38:46.366873
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import incidents.db

revision: str = '3bcdc4ae2240'
down_revision: str | None = 'dd63222de310'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('channel', sa.Enum('email', 'wecom', 'dingtalk', name='recipient_channel', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=False, comment='an e-mail address, or the webhook URL without its key/access_token'),
    sa.Column('token', sa.String(length=200), nullable=True, comment="the webhook's key or access_token"),
    sa.Column('secret', sa.String(length=200), nullable=True, comment='DingTalk signing secret (SEC...)'),
    sa.Column('lang', sa.String(length=2), server_default='zh', nullable=False),
    sa.Column('briefs', sa.Boolean(), server_default=sa.true(), nullable=False, comment='receives signed briefs'),
    sa.Column('reminders', sa.Boolean(), server_default=sa.false(), nullable=False, comment='receives reminders'),
    sa.Column('alerts', sa.Boolean(), server_default=sa.false(), nullable=False, comment='receives overdue alerts'),
    sa.Column('area_id', sa.Integer(), nullable=True, comment='reminders: the subdistrict it speaks for'),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', incidents.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("lang IN ('zh', 'en')", name=op.f('ck_recipients_lang_known')),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_recipients_area_id_areas'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_recipients_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recipients'))
    )
    with op.batch_alter_table('recipients', schema=None) as batch_op:
        batch_op.create_index('ix_recipients_event', ['event_id', 'active'], unique=False)

    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('brief', 'reminder', 'alert', name='notice_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False, comment='brief:<id>, reminder:<day>:<area>, alert:...'),
    sa.Column('brief_id', sa.Integer(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('facts', sa.JSON(), nullable=False, comment='what the message says, in both languages'),
    sa.Column('created_at', incidents.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_notices_area_id_areas'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['brief_id'], ['briefs.id'], name=op.f('fk_notices_brief_id_briefs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_notices_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices')),
    sa.UniqueConstraint('event_id', 'key', name=op.f('uq_notices_event_id_key'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_brief_id'), ['brief_id'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('email', 'wecom', 'dingtalk', name='delivery_channel', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sending', 'sent', 'failed', name='delivery_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', incidents.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', incidents.db.UTCDateTime(timezone=True), nullable=True, comment='when a sender took it'),
    sa.Column('claim', sa.String(length=32), nullable=True, comment="the sender's claim: only it may finish"),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('sent_at', incidents.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', incidents.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_deliveries_attempts_non_negative')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_deliveries_notice_id_notices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['recipients.id'], name=op.f('fk_deliveries_recipient_id_recipients'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('notice_id', 'recipient_id', name=op.f('uq_deliveries_notice_id_recipient_id'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_recipient_id'), ['recipient_id'], unique=False)



def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_recipient_id'))
        batch_op.drop_index('ix_deliveries_due')

    op.drop_table('deliveries')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notices_brief_id'))

    op.drop_table('notices')
    with op.batch_alter_table('recipients', schema=None) as batch_op:
        batch_op.drop_index('ix_recipients_event')

    op.drop_table('recipients')
