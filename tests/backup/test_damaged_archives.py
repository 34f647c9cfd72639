"""Archives damaged or crafted in ways the auditor found: each refused in one line, nothing written, never a
traceback — a changed byte inside a member's compressed data, brackets nested 100,000 deep, NaN or an
infinite number, one area id given twice (its second row was silently dropped)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from incidents.models import Area, Event
from tests.backup.test_restore_refusals import doctored, first, restore, rows_in


def _refused(app: Flask, archive: Path, words: str) -> None:
    result = restore(app, archive)
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception  # a message, not a traceback
    assert words in result.output, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    engine = app.extensions["incidents.db"].engine
    if sa.inspect(engine).has_table("areas"):  # refused before the schema was made: nothing at all written
        assert rows_in(app, Area) == rows_in(app, Event) == 0


def _with_line(archive: Path, out: Path, member: str, line: bytes) -> Path:
    """The archive with the member's first line replaced by raw bytes, its manifest made to match."""
    with zipfile.ZipFile(archive) as src:
        manifest = json.loads(src.read("manifest.json"))
        members = {n: src.read(n) for n in src.namelist() if n != "manifest.json"}
    members[member] = line + b"\n" + members[member].split(b"\n", 1)[1]
    for entry in manifest["tables"]:
        data = members[entry["member"]]
        entry["rows"], entry["sha256"] = data.count(b"\n"), hashlib.sha256(data).hexdigest()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(name, data)
        dst.writestr("manifest.json", json.dumps(manifest))
    return out


def test_a_changed_byte_inside_a_compressed_member(source_archive: Path, target: Flask, tmp_path: Path) -> None:
    data = bytearray(source_archive.read_bytes())
    with zipfile.ZipFile(source_archive) as z:
        info = z.getinfo("tables/areas.jsonl")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x55
    damaged = tmp_path / "flipped.zip"
    damaged.write_bytes(bytes(data))
    _refused(target, damaged, "tables/areas.jsonl")
    check = target.test_cli_runner().invoke(args=["incidents", "restore", "--check", str(damaged)])
    assert check.exit_code != 0 and isinstance(check.exception, SystemExit), check.output


def test_brackets_nested_past_any_row(source_archive: Path, target: Flask, tmp_path: Path) -> None:
    deep = b'{"id":1,"x":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    _refused(target, _with_line(source_archive, tmp_path / "deep.zip", "tables/audit_entries.jsonl", deep),
             "nested too deeply")


def test_nan_and_infinity(source_archive: Path, target: Flask, tmp_path: Path) -> None:
    _refused(target, doctored(source_archive, tmp_path / "nan.zip", {"areas": first("latitude", float("nan"))}),
             "NaN is not a number a backup writes")
    with zipfile.ZipFile(source_archive) as z:
        line = z.read("tables/areas.jsonl").split(b"\n", 1)[0]
    row = json.loads(line)
    row["latitude"], row["longitude"] = "LAT", 114.35
    huge = json.dumps(row).replace('"LAT"', "1e999").encode()
    _refused(target, _with_line(source_archive, tmp_path / "inf.zip", "tables/areas.jsonl", huge),
             "latitude: inf is not a number")


def test_an_area_id_given_twice(source_archive: Path, target: Flask, tmp_path: Path) -> None:
    archive = doctored(source_archive, tmp_path / "twice.zip", {"areas": lambda rows: [*rows, dict(rows[-1])]})
    _refused(target, archive, "appears twice")
