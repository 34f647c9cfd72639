"""Every migration an archive can predate that changes rows is either run again by a restore or says why not.

Found (5 December): a restore brings an older archive into the newest schema without running the migrations
it predates; one that changes rows has to be listed in backup/load.py's REPLAYED, and nothing noticed a
missing entry, so a later one would have been skipped on every restore of an older archive. Each such
migration is now in REPLAYED or in NOT_REPLAYED with the reason a restore needs nothing.

"Changes rows" is read from the script as the migrations here write it: an INSERT, UPDATE or DELETE
statement in its text (op.execute, sa.text, bind.execute; a trigger's body inside CREATE TRIGGER is not one),
op.bulk_insert, the connection (op.get_bind()) handed to a function or a Session, or an import of the
application's code other than its column types (incidents.db): a domain function doing the change.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from alembic.script import ScriptDirectory

from incidents import migrations
from incidents.backup.load import FIRST_ARCHIVED, NOT_REPLAYED, REPLAYED

DML = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _strings(node: ast.AST, constants: dict[str, str]) -> list[str]:
    """The SQL-like text of each string under node: literals, f-strings' leading text, module constants named."""
    # An f-string's statement is its leading text: a later piece (" AFTER INSERT OR ...") starts no statement.
    inner = {id(part) for f in ast.walk(node) if isinstance(f, ast.JoinedStr) for part in f.values[1:]}
    found = []
    for child in ast.walk(node):
        if id(child) in inner:
            continue
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            found.append(child.value)
        elif isinstance(child, ast.Name) and child.id in constants:
            found.append(constants[child.id])
    return found


def _is_bind(node: ast.AST, binds: set[str]) -> bool:
    """op.get_bind(), or a name it was assigned to."""
    if isinstance(node, ast.Name):
        return node.id in binds
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_bind"


def changes_rows(path: Path) -> list[str]:
    """What in the migration's upgrade (its module but downgrade) changes rows; empty if nothing does."""
    module = ast.parse(path.read_text(encoding="utf-8"))
    constants = {target.id: stmt.value.value for stmt in module.body if isinstance(stmt, ast.Assign)
                 for target in stmt.targets if isinstance(target, ast.Name)
                 and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)}
    # A module constant counts where a statement runs it (by name), not where it is defined.
    body = [stmt for stmt in module.body if not isinstance(stmt, ast.Assign)
            and not (isinstance(stmt, ast.FunctionDef) and stmt.name == "downgrade")]
    binds = {target.id for stmt in body for node in ast.walk(stmt) if isinstance(node, ast.Assign)
             and _is_bind(node.value, set()) for target in node.targets if isinstance(target, ast.Name)}
    reasons = []
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [f"{node.module}.{a.name}" if isinstance(node, ast.ImportFrom) else a.name for a in node.names]
                reasons += [f"imports {n}" for n in names
                            if n.startswith("incidents.") and n != "incidents.db" and not n.startswith("incidents.db.")]
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Attribute) and node.func.attr == "bulk_insert":
                reasons.append("op.bulk_insert")
            if any(_is_bind(arg, binds) for arg in [*node.args, *(k.value for k in node.keywords)]):
                reasons.append("hands the connection (op.get_bind()) to a call")
            if isinstance(node.func, ast.Attribute) and node.func.attr in ("execute", "exec_driver_sql", "text"):
                reasons += [f"runs {s.strip().split()[0]}" for s in _strings(node, constants) if DML.match(s)]
    return list(dict.fromkeys(reasons))


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrations.alembic_config())


def _after_first_archived() -> dict[str, Path]:
    """The migrations an archive can predate (those after FIRST_ARCHIVED), by revision."""
    scripts = _scripts()
    passed = {s.revision for s in scripts.iterate_revisions(FIRST_ARCHIVED, "base")}
    return {s.revision: Path(s.path) for s in scripts.walk_revisions() if s.revision not in passed}


def test_every_row_changing_migration_an_archive_can_predate_is_listed() -> None:
    unlisted = {revision: reasons for revision, path in _after_first_archived().items()
                if (reasons := changes_rows(path)) and revision not in REPLAYED and revision not in NOT_REPLAYED}
    assert unlisted == {}, ("row-changing migrations in neither backup/load.py REPLAYED (a restore of an older "
                            f"archive runs its function) nor NOT_REPLAYED (the reason it needs nothing): {unlisted}")


def test_the_lists_name_migrations_an_archive_can_predate_once_with_a_reason() -> None:
    later = _after_first_archived()
    assert set(REPLAYED) <= set(later) and set(NOT_REPLAYED) <= set(later)
    assert not set(REPLAYED) & set(NOT_REPLAYED)
    assert all(reason.strip() for reason in NOT_REPLAYED.values())


def test_the_reading_finds_what_the_migrations_really_do() -> None:
    # Checked against every migration, older ones too: the data changes they make and the schema-only ones.
    found = {s.revision: bool(changes_rows(Path(s.path))) for s in _scripts().walk_revisions()}
    assert {revision for revision, changes in found.items() if changes} == {
        "47545fc8cb77",  # op.execute(sa.text(REOPENED)): UPDATE power_outages
        "b7e3a91c5d20",  # op.execute(sa.text(MIRROR)): UPDATE power_outages
        "dd63222de310",  # op.execute("UPDATE areas SET location_state ...")
        "d9f3a7c15e20",  # bind.execute(sa.text("UPDATE sqlite_master ...")): SQLite's stored CHECK
        "f1a2c3d4e5b6",  # restoration.resync(Session(bind=op.get_bind()))
        "a7b8c9d0e1f2",  # rekey(op.get_bind())
        "b8c9d0e1f2a3",  # INSERT INTO cache_generation (its CREATE TRIGGER ... UPDATE bodies alone would not count)
        "d0e1f2a3b4c5",  # fold_stored_codes(op.get_bind())
        "e7a1c2d3f4b5",  # place_after_reported(op.get_bind())
        "c3d4e5f6a7b8",  # rekey(op.get_bind())
        "d4e5f6a7b8c9",  # rekey(op.get_bind())
        "f2a3b4c5d6e7",  # set_twin_keys(op.get_bind())
        "a1b2c3d4e5f7",  # set_twin_keys(op.get_bind())
    }
