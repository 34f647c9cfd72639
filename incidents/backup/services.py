"""Backup and restore, the public face: write an archive, keep the last N in a folder, check, restore."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from incidents.backup.archive import ArchiveError, Manifest, Reader
from incidents.backup.dump import dump
from incidents.backup.load import RestoreRefused, RestoreSummary, restore
from incidents.db import Database

__all__ = ["ArchiveError", "Backup", "RestoreRefused", "RestoreSummary", "archive_name", "backup",
           "backup_to_folder", "check", "prune", "restore"]

log = logging.getLogger(__name__)

# incidents-20261130T023000Z.zip: sorts by time, so the oldest are the first in a listing.
NAME = re.compile(r"^incidents-\d{8}T\d{6}Z\.zip$")


@dataclass(frozen=True)
class Backup:
    """A written archive: where, and its manifest."""

    path: Path
    manifest: Manifest

    @property
    def rows(self) -> int:
        """Rows in the archive, all tables together."""
        return sum(t.rows for t in self.manifest.tables)


def archive_name(now: datetime) -> str:
    """The file name of a backup taken at now (UTC, to the second)."""
    return f"incidents-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.zip"


def backup(database: Database, path: Path, now: datetime | None = None) -> Backup:
    """Write one archive of the whole log to path (which must not exist yet)."""
    return Backup(path, dump(database, path, now=now))


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in folder (only files named like ours); returns those deleted."""
    ours = sorted(p for p in folder.iterdir() if p.is_file() and NAME.match(p.name))
    gone = ours[:-keep] if keep > 0 else []
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def backup_to_folder(database: Database, folder: Path, keep: int | None = None,
                     now: datetime | None = None) -> Backup:
    """A timestamped archive in folder; with keep, older archives beyond the newest `keep` are deleted."""
    now = now or datetime.now(UTC)
    done = backup(database, folder / archive_name(now), now=now)
    if keep:
        for path in prune(folder, keep):
            log.info("backup: removed %s (keeping the newest %s)", path.name, keep)
    return done


def check(path: Path) -> Manifest:
    """Verify an archive's checksums and row counts without writing anywhere; ArchiveError if bad."""
    with Reader(path) as reader:
        reader.verify()
        return reader.manifest

