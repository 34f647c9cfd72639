"""areas.search_key: the name part as the lookalike rule reads it (甲\u00a0乙 found by 甲 乙 and 甲乙)

Revision ID: a7b8c9d0e1f2
Revises: f1a2c3d4e5b6
Create Date: 2026-12-03 16:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'a7b8c9d0e1f2'
down_revision: str | None = 'f1a2c3d4e5b6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Each area's key again by the areas' own rule (a data change; no column changes)."""
    # The rule's function, not a copy: a restore of an archive written before this revision runs it too.
    from incidents.areas.services import rekey

    rekey(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: a key that reads names by the rule finds what the older one did, and more."""
