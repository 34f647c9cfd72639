"""power_outages.restored_at: set by the timeline's rule (nothing still out), not by a tick of 全部恢复

Revision ID: f1a2c3d4e5b6
Revises: e5c3b8c00ba7
Create Date: 2026-12-03 16:20:00
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy.orm import Session

revision: str = 'f1a2c3d4e5b6'
down_revision: str | None = 'e5c3b8c00ba7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Set every outage's mirror from the rule (a data change; no column changes)."""
    # The rule is one SQL statement of the application's (timelines/rule.py); written out again
    # here it would be a second copy. It reads columns every revision since the initial one has.
    from incidents.reports import restoration

    with Session(bind=op.get_bind()) as session:
        restoration.resync(session)


def downgrade() -> None:
    """Nothing to undo: the older code sets the mirror again on the next update of each outage."""
