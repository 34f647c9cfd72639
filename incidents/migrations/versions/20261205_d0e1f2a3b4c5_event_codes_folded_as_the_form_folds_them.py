"""events.code: codes stored before folding (ＦＸ２０２１) folded as the form and the API fold them (FX2021)

Revision ID: d0e1f2a3b4c5
Revises: b8c9d0e1f2a3
Create Date: 2026-12-05 05:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'd0e1f2a3b4c5'
down_revision: str | None = 'b8c9d0e1f2a3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Fold each unfolded code by the one fold, printing each code renamed or left as stored.

    The fold is the application's (events/folding.py), not a copy here: a restore of an archive written
    before this revision runs it too, so the restored codes end as an upgrade of that database leaves them.
    """
    from incidents.events.folding import fold_stored_codes

    for note in fold_stored_codes(op.get_bind()):
        print(note)


def downgrade() -> None:
    """Nothing to undo: a folded code is found as typed in either spelling (events.services.by_code)."""
