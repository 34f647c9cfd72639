"""Approximate times stored after their report (约21:00 told at 20:50, stored at 21:00) placed by it, as the rules now place them

Revision ID: e7a1c2d3f4b5
Revises: d0e1f2a3b4c5
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'e7a1c2d3f4b5'
down_revision: str | None = 'd0e1f2a3b4c5'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Move each such time by vague.representative's rule, printing each report moved.

    The rule is the application's (reports/approximate.py), not a copy here: a restore of an archive written
    before this revision runs it too, so the restored times end as an upgrade of that database leaves them.
    """
    from incidents.reports.approximate import place_after_reported

    for note in place_after_reported(op.get_bind()):
        print(note)


def downgrade() -> None:
    """Nothing to undo: the older code reads a time placed at its report as any other approximate time."""
