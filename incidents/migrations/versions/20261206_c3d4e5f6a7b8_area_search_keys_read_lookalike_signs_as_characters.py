"""areas.search_key: a radical sign or katakana that passes for a Chinese character read as it (⻄关 found by 西关)

Revision ID: c3d4e5f6a7b8
Revises: bfc74aa50972
Create Date: 2026-12-06 15:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'c3d4e5f6a7b8'
down_revision: str | None = 'bfc74aa50972'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Each area's key again by the areas' own rule (a data change; no column changes)."""
    # The rule's function, not a copy: a restore of an archive written before this revision runs it too.
    from incidents.areas.services import rekey

    rekey(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: a key that reads such signs as their characters finds what the older one did, and more."""
