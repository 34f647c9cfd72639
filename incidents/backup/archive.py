"""The archive format: a zip of one JSON-lines file per table and a manifest with their checksums.

    manifest.json            format, format_version, app_version, revision (Alembic), created_at,
                             tables: [{name, member, columns, rows, sha256}] in restore order
    tables/<table>.jsonl     one JSON object per row, in primary-key order

The manifest is written last, once every member's count and digest is known, and read first; a
member whose bytes do not match its digest refuses the whole archive.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

FORMAT = "incidents-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 16


class ArchiveError(ValueError):
    """An archive that cannot be restored: unreadable, tampered with, or of another format."""


@dataclass
class TableEntry:
    """One table's member: its columns, how many rows and the sha256 of its bytes."""

    name: str
    member: str
    columns: list[str]
    rows: int = 0
    sha256: str = ""


@dataclass
class Manifest:
    """What an archive holds and where it came from."""

    app_version: str
    revision: str | None
    created_at: str
    source: str
    tables: list[TableEntry] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        """The manifest as indented UTF-8 JSON."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Parse a manifest; ArchiveError on anything but this format at a version we read."""
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):  # a list or a number: say what it is, not Python's AttributeError
                raise ArchiveError(f"{MANIFEST} is unreadable: a JSON object was expected, not {type(data).__name__}")
            if data.get("format") != FORMAT:
                raise ArchiveError(f"not an Incident Log backup (format {data.get('format')!r})")
            if data.get("format_version") != FORMAT_VERSION:
                raise ArchiveError(f"archive format version {data.get('format_version')} is not "
                                   f"{FORMAT_VERSION}, the one this version reads")
            tables = [TableEntry(**t) for t in data.pop("tables")]
            return cls(**data, tables=tables)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            if isinstance(exc, ArchiveError):
                raise
            raise ArchiveError(f"{MANIFEST} is unreadable: {exc}") from exc


def encode_row(row: dict[str, Any]) -> bytes:
    """One row as one line, columns in table order and JSON values' keys in their stored order.

    Keys are not sorted: an audit row's before/after is shown in its stored order, and a restore
    must give the same page. The same rows give the same bytes on either database.
    """
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


class Writer:
    """Writes an archive member by member; the manifest goes in on close."""

    def __init__(self, path: Path, manifest: Manifest, stamp: datetime) -> None:
        self.path = path
        self.stamp = stamp.timetuple()[:6]
        self.manifest = manifest
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)

    def add_table(self, name: str, columns: list[str], rows: Iterable[dict[str, Any]]) -> TableEntry:
        """Stream one table's rows into its member, counting and hashing as they go."""
        entry = TableEntry(name=name, member=f"tables/{name}.jsonl", columns=columns)
        digest = hashlib.sha256()
        info = zipfile.ZipInfo(entry.member, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        with self.zip.open(info, "w") as out:
            for row in rows:
                line = encode_row(row)
                digest.update(line)
                out.write(line)
                entry.rows += 1
        entry.sha256 = digest.hexdigest()
        self.manifest.tables.append(entry)
        return entry

    def close(self) -> None:
        """Write the manifest and finish the zip."""
        info = zipfile.ZipInfo(MANIFEST, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, self.manifest.to_json())
        self.zip.close()

    def abort(self) -> None:
        """Close and delete a half-written archive."""
        self.zip.close()
        self.path.unlink(missing_ok=True)


class Reader:
    """Reads an archive: the manifest at once, each member verified as it is read."""

    def __init__(self, path: Path) -> None:
        try:
            self.zip = zipfile.ZipFile(path)
            self.manifest = Manifest.from_json(self.zip.read(MANIFEST))
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise ArchiveError(f"{path}: not a readable backup archive ({exc})") from exc

    def __enter__(self) -> Reader:
        """The reader itself."""
        return self

    def __exit__(self, *_exc: object) -> None:
        """Close the zip."""
        self.zip.close()

    def _open(self, entry: TableEntry) -> IO[bytes]:
        """A member's bytes; ArchiveError when the manifest lists a member that is not there."""
        try:
            return self.zip.open(entry.member)
        except KeyError as exc:
            raise ArchiveError(f"{entry.member} is listed in the manifest but missing") from exc

    def verify(self) -> None:
        """Check every member's row count and sha256 against the manifest, reading nothing into memory."""
        for entry in self.manifest.tables:
            digest = hashlib.sha256()
            lines = 0
            try:
                with self._open(entry) as member:
                    for line in member:
                        digest.update(line)
                        lines += 1
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a changed byte inside the compressed data
                raise ArchiveError(f"{entry.member} is damaged: {exc}") from exc
            if digest.hexdigest() != entry.sha256:
                raise ArchiveError(f"{entry.member} does not match its checksum: the archive was "
                                   "changed or damaged after it was written")
            if lines != entry.rows:
                raise ArchiveError(f"{entry.member} holds {lines} rows, the manifest says {entry.rows}")

    def rows(self, entry: TableEntry) -> Iterator[dict[str, Any]]:
        """The rows of one member (call verify() first: these are not checked again)."""
        with self._open(entry) as member:
            for number, line in enumerate(member, 1):
                try:
                    yield json.loads(line, parse_constant=_no_constant)
                except (ValueError, RecursionError) as exc:  # RecursionError: brackets nested past any row's
                    raise ArchiveError(f"{entry.member} line {number}: {_why(exc)}") from exc


def _no_constant(name: str) -> Any:
    """NaN and Infinity: JSON has no such numbers and a backup never writes them."""
    raise ValueError(f"{name} is not a number a backup writes")


def _why(exc: BaseException) -> str:
    return "nested too deeply to be a row" if isinstance(exc, RecursionError) else str(exc)
