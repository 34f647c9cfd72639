"""areas.search_key: a name's separators left out (文峰汇·十二府 found by 文峰汇十二府, wfhsef)

Revision ID: d4e5f6a7b8c9
Revises: c3d4e5f6a7b8
Create Date: 2026-12-06 18:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'd4e5f6a7b8c9'
down_revision: str | None = 'c3d4e5f6a7b8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Each area's key again by the areas' own rule (a data change; no column changes)."""
    # The rule's function, not a copy: a restore of an archive written before this revision runs it too.
    from incidents.areas.services import rekey

    rekey(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: the older rule's search still finds a name typed with its separator by the name's part."""
