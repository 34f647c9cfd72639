"""areas: where their coordinates came from (entered, geocoded, pending); the geocode cache

Revision ID: dd63222de310
Revises: c4a1e2f09b77
Create Date: 2026-11-30 14:39:46.011462
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import incidents.db

revision: str = 'dd63222de310'
down_revision: str | None = 'c4a1e2f09b77'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply."""
    op.create_table('geocode_cache',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service', sa.String(length=40), nullable=False),
    sa.Column('query', sa.String(length=600), nullable=False),
    sa.Column('found', sa.Boolean(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True, comment='WGS-84 degrees'),
    sa.Column('longitude', sa.Float(), nullable=True, comment='WGS-84 degrees'),
    sa.Column('crs', sa.String(length=16), nullable=False, comment='the datum the service answered in: wgs84, gcj02, bd09'),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.Column('created_at', incidents.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_geocode_cache')),
    sa.UniqueConstraint('service', 'query', name=op.f('uq_geocode_cache_service_query'))
    )
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('location_state', sa.Enum('entered', 'geocoded', 'pending', 'not_found', name='location_state', native_enum=False, create_constraint=True, length=24), nullable=True, comment='entered, geocoded, pending (waiting for the geocoder) or not_found'))
        batch_op.add_column(sa.Column('location_source', sa.String(length=300), nullable=True, comment='where a geocoded point comes from'))
        batch_op.add_column(sa.Column('location_approximate', sa.Boolean(), server_default=sa.false(), nullable=False, comment='the point stands for an area or is an estimate'))
        batch_op.add_column(sa.Column('location_precision_m', sa.Integer(), nullable=True, comment='how far off an approximate point may be'))
        batch_op.add_column(sa.Column('location_tries', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('location_error', sa.String(length=300), nullable=True, comment="the geocoder's last failure"))
        batch_op.add_column(sa.Column('location_tried_at', incidents.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_areas_location_state'), ['location_state'], unique=False)
    # Coordinates stored before this revision were typed or imported by people; areas without are
    # handed to the geocoder (the scheduler's job places them).
    op.execute("UPDATE areas SET location_state = 'entered' WHERE latitude IS NOT NULL")
    op.execute("UPDATE areas SET location_state = 'pending' WHERE latitude IS NULL")



def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_areas_location_state'))
        batch_op.drop_column('location_tried_at')
        batch_op.drop_column('location_error')
        batch_op.drop_column('location_tries')
        batch_op.drop_column('location_precision_m')
        batch_op.drop_column('location_approximate')
        batch_op.drop_column('location_source')
        batch_op.drop_column('location_state')

    op.drop_table('geocode_cache')
