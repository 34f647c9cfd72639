"""areas.search_key: the name part as the lookalike rule reads it (甲\u00a0乙 found by 甲 乙 and 甲乙)

Revision ID: a7b8c9d0e1f2
Revises: f1a2c3d4e5b6
Create Date: 2026-12-03 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'a7b8c9d0e1f2'
down_revision: str | None = 'f1a2c3d4e5b6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

areas = sa.table("areas", sa.column("id", sa.Integer), sa.column("name", sa.String),
                 sa.column("name_en", sa.String), sa.column("search_key", sa.String))


def upgrade() -> None:
    """Each area's key again by the areas' own rule (a data change; no column changes)."""
    from incidents.areas.services import search_key  # the one rule; a derived column, as a restore rebuilds it

    conn = op.get_bind()
    changed = [{"i": i, "k": search_key(name, name_en)} for i, name, name_en, key
               in conn.execute(sa.select(areas.c.id, areas.c.name, areas.c.name_en, areas.c.search_key))
               if search_key(name, name_en) != key]
    if changed:
        conn.execute(areas.update().where(areas.c.id == sa.bindparam("i")).values(search_key=sa.bindparam("k")),
                     changed)


def downgrade() -> None:
    """Nothing to undo: a key that reads names by the rule finds what the older one did, and more."""
