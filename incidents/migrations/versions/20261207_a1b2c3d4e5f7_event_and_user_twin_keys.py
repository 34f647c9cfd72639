"""events.twin_key, users.twin_key: the lookalike rule of codes and usernames kept by unique indexes

Revision ID: a1b2c3d4e5f7
Revises: f2a3b4c5d6e7
Create Date: 2026-12-07 00:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'a1b2c3d4e5f7'
down_revision: str | None = 'f2a3b4c5d6e7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply: the columns and their unique indexes, then every key by the rule's own function."""
    if op.get_bind().dialect.name == "postgresql":
        # As f2a3b4c5d6e7: deferred trigger events an earlier revision's UPDATE left pending run now.
        op.execute("SET CONSTRAINTS ALL IMMEDIATE")
        op.execute("SET CONSTRAINTS ALL DEFERRED")
    for table, column in (("events", "code"), ("users", "username")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('twin_key', sa.String(length=64), nullable=True,
                                          comment=f"SHA-256 of the {column}'s skeleton (lookalikes.twin_key): one "
                                                  "each"))
            batch_op.create_index(f'uq_{table}_twin_key', ['twin_key'], unique=True)  # an index: SQLite adds it in place
    # The rule's function, not a copy: a restore of an archive written before this revision runs it too.
    from incidents.auth.lookalikes import set_twin_keys

    for line in set_twin_keys(op.get_bind()):
        print(line)


def downgrade() -> None:
    """Revert."""
    for table in ("users", "events"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'uq_{table}_twin_key')
            batch_op.drop_column('twin_key')
