"""`incidents restore` of an archive whose values its schema cannot hold (checksums made to match): one line
naming table, row and column, a non-zero exit, nothing written — on SQLite and PostgreSQL alike. Secrets a
backup leaves out are not brought back by an archive that has them; a derived search key written too long
by an older version is made again."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from incidents.auth.models import User
from incidents.auth.services import hash_password
from incidents.backup.archive import encode_row
from incidents.models import Area, AuditEntry, Event
from tests.conftest import PASSWORD, Auth

Rows = list[dict[str, Any]]


def doctored(archive: Path, out: Path, changes: dict[str, Callable[[Rows], Rows]],
             added: dict[str, tuple[list[str], Rows]] | None = None) -> Path:
    """A copy of the archive with some tables' rows changed (or tables added), its manifest made to match."""
    with zipfile.ZipFile(archive) as src:
        manifest = json.loads(src.read("manifest.json"))
        members = {n: src.read(n) for n in src.namelist() if n != "manifest.json"}
    for name, (columns, rows) in (added or {}).items():
        manifest["tables"].append({"name": name, "member": f"tables/{name}.jsonl", "columns": columns,
                                   "rows": 0, "sha256": ""})
        members[f"tables/{name}.jsonl"] = b"".join(encode_row(r) for r in rows)
    for entry in manifest["tables"]:
        if entry["name"] in changes:
            rows = [json.loads(line) for line in members[entry["member"]].splitlines()]
            members[entry["member"]] = b"".join(encode_row(r) for r in changes[entry["name"]](rows))
        data = members[entry["member"]]
        entry["rows"], entry["sha256"] = data.count(b"\n"), hashlib.sha256(data).hexdigest()
    with zipfile.ZipFile(out, "w") as dst:
        for name, data in members.items():
            dst.writestr(name, data)
        dst.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
    return out


def first(column: str, value: Any) -> Callable[[Rows], Rows]:
    """Set one column of the first row."""
    def change(rows: Rows) -> Rows:
        rows[0][column] = value
        return rows
    return change


def restore(app: Flask, archive: Path):  # noqa: ANN201
    return app.test_cli_runner().invoke(args=["incidents", "restore", str(archive)])


def rows_in(app: Flask, model: type) -> int:
    with app.extensions["incidents.db"].read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize(("table", "column", "value", "message"), [
    ("reports", "kind", "nuke", "archive refused: reports row 1: kind: 'nuke' is not one of outage, "),
    ("events", "starts_at", "not a time", "archive refused: events row 1: starts_at: cannot read 'not a time'"),
    ("events", "name", "长" * 201, "archive refused: events row 1: name: is longer than 200 characters"),
    ("areas", "households", "many", "archive refused: areas row 1: households: 'many' is not a whole number"),
    ("events", "starts_at", "2021-07-22T00:00:00", "events row 1: starts_at: 2021-07-22T00:00:00 has no time zone"),
    ("users", "username", None, "archive refused: users row 1: username: is empty"),
])
def test_a_value_the_schema_cannot_hold_is_refused_in_one_line(source_archive: Path, target: Flask, tmp_path: Path,
                                                               table: str, column: str, value: Any,
                                                               message: str) -> None:
    bad = doctored(source_archive, tmp_path / "bad.zip", {table: first(column, value)})
    result = restore(target, bad)
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception  # a message, not a traceback
    assert message in result.output, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert rows_in(target, Area) == rows_in(target, Event) == 0  # nothing written


def test_secrets_in_an_archive_are_not_restored(source_archive: Path, target: Flask, tmp_path: Path) -> None:
    digest = hash_password(PASSWORD)

    def with_hashes(rows: Rows) -> Rows:
        for row in rows:
            row["password_hash"] = digest
        return rows

    def with_secret_in_the_trail(rows: Rows) -> Rows:
        rows[0]["after"] = {**(rows[0]["after"] or {}), "password_hash": digest}
        return rows

    with zipfile.ZipFile(source_archive) as z:
        columns = next(t["columns"] for t in json.loads(z.read("manifest.json"))["tables"] if t["name"] == "recipients")
    robot = {c: None for c in columns} | {
        "id": 1, "event_id": 1, "name": "区防指群", "channel": "dingtalk", "address": "https://oapi.dingtalk.com/robot/send",
        "token": "tok-leaked-1234", "secret": "SEC-leaked-5678", "lang": "zh", "briefs": True, "reminders": False,
        "alerts": False, "active": True, "created_at": "2026-11-30T00:00:00+00:00"}
    archive = doctored(source_archive, tmp_path / "secrets.zip",
                       {"users": with_hashes, "audit_entries": with_secret_in_the_trail,
                        "recipients": lambda rows: [*rows, robot] if not rows else
                        [{**r, "token": "tok-leaked-1234", "secret": "SEC-leaked-5678"} for r in rows]})
    result = restore(target, archive)
    assert result.exit_code == 0, result.output
    with target.extensions["incidents.db"].read_session() as s:
        assert set(s.scalars(sa.select(User.password_hash))) == {None}
        tokens = s.execute(sa.text("SELECT token, secret FROM recipients")).all()
        assert tokens and set(tokens) == {(None, None)}
        trail = s.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).first()
        assert trail is not None and "password_hash" not in (trail.after or {})
    # The restored accounts have no password, as backup.md says: the archive's hash does not log in.
    assert Auth(target.test_client()).login("viewer").status_code != 302


def test_an_archive_with_a_table_backups_leave_out_is_refused(source_archive: Path, target: Flask,
                                                              tmp_path: Path) -> None:
    columns = ["id", "user_id", "name", "token_hash", "created_at"]
    bad = doctored(source_archive, tmp_path / "tokens.zip", {},
                   added={"api_tokens": (columns, [{"id": 1, "user_id": 1, "name": "x", "token_hash": "ab" * 32,
                                                    "created_at": "2026-11-30T00:00:00+00:00"}])})
    result = restore(target, bad)
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit), result.output
    assert "archive refused: the archive holds tables a backup leaves out: api_tokens (secret" in result.output


def test_an_area_search_key_an_older_version_wrote_too_long_is_derived_again(source_archive: Path, target: Flask,
                                                                              tmp_path: Path) -> None:
    length = Area.__table__.c.search_key.type.length  # type: ignore[attr-defined]
    with zipfile.ZipFile(source_archive) as z:
        areas = [json.loads(line) for line in z.read("tables/areas.jsonl").splitlines()]
    name = "长" * 150  # its key was 150 + 1 + 900 + 1 + 150 characters, kept by SQLite
    leaf = max(areas, key=lambda a: a["id"])

    def long_name(rows: Rows) -> Rows:
        for row in rows:
            if row["id"] == leaf["id"]:
                row["name"], row["search_key"] = name, " ".join([name, "chang" * 150, "c" * 150])
        return rows

    result = restore(target, doctored(source_archive, tmp_path / "long.zip", {"areas": long_name}))
    assert result.exit_code == 0, result.output
    with target.extensions["incidents.db"].read_session() as s:
        key = s.scalar(sa.select(Area.search_key).where(Area.id == leaf["id"]))
        others = dict(s.execute(sa.select(Area.id, Area.search_key).where(Area.id != leaf["id"])).all())
    assert key is not None and len(key) <= length and key.startswith("长长长") and " changchang" in key
    assert others == {a["id"]: a["search_key"] for a in areas if a["id"] != leaf["id"]}  # the rest as archived
