"""areas.twin_key, twin_key_en: the siblings' rule kept by unique indexes (two requests at once store no twins)

Revision ID: f2a3b4c5d6e7
Revises: e1f2a3b4c5d6
Create Date: 2026-12-07 00:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'f2a3b4c5d6e7'
down_revision: str | None = 'e1f2a3b4c5d6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOP = sa.text("parent_id IS NULL")


def upgrade() -> None:
    """Apply: the columns and their indexes, then every area's keys by the rule's own function."""
    if op.get_bind().dialect.name == "postgresql":
        # An earlier revision's UPDATE of areas in this transaction (rekey) left cache_generation's deferred
        # trigger events pending, and PostgreSQL alters no table that has some: they run now, and stay deferred.
        op.execute("SET CONSTRAINTS ALL IMMEDIATE")
        op.execute("SET CONSTRAINTS ALL DEFERRED")
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('twin_key', sa.String(length=64), nullable=True,
                                      comment='SHA-256 of the name as the lookalike rule reads it: one per parent'))
        batch_op.add_column(sa.Column('twin_key_en', sa.String(length=64), nullable=True,
                                      comment='SHA-256 of the English name as the lookalike rule reads it: one per '
                                              'parent'))
        # The indexes before the keys, for the same reason (the UPDATE below leaves such events); the keys are
        # unique already (a pair's second keeps none).
        batch_op.create_index('uq_areas_twin_key', ['parent_id', 'twin_key'], unique=True)
        batch_op.create_index('uq_areas_twin_key_top', ['twin_key'], unique=True, sqlite_where=TOP,
                              postgresql_where=TOP)
        batch_op.create_index('uq_areas_twin_key_en', ['parent_id', 'twin_key_en'], unique=True)
        batch_op.create_index('uq_areas_twin_key_en_top', ['twin_key_en'], unique=True, sqlite_where=TOP,
                              postgresql_where=TOP)
    # The rule's function, not a copy: a restore of an archive written before this revision runs it too.
    from incidents.areas.services import set_twin_keys

    for line in set_twin_keys(op.get_bind()):
        print(line)


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table('areas', schema=None) as batch_op:
        for name in ('uq_areas_twin_key_en_top', 'uq_areas_twin_key_en', 'uq_areas_twin_key_top', 'uq_areas_twin_key'):
            batch_op.drop_index(name)
        batch_op.drop_column('twin_key_en')
        batch_op.drop_column('twin_key')
