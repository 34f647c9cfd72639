"""An archive written before areas' search keys read names by the lookalike rule is restored with keys by it.

Found (5 December): the migration a7b8c9d0e1f2 made every area's key again (甲\u00a0乙 found by 甲 乙 and 甲乙),
but a restore of an archive written before it kept the keys it carried unless one was too long for its
column: 甲\u00a0乙 restored stayed unfound by 甲乙, as on no upgraded database. The restore runs the same
function (areas/services.rekey) on the rows of an archive older than that revision.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from incidents import migrations
from incidents.areas.models import Area, AreaLevel
from incidents.areas.services import find_areas
from incidents.backup import services
from incidents.db import Database
from tests.backup.conftest import make_app

BEFORE = "f1a2c3d4e5b6"  # the revision before the keys were made again
OLD_KEY = "甲\u00a0乙 jiayi jy"  # the key as the rule before read the name


def test_an_archive_from_before_the_rekey_is_restored_with_keys_by_the_rule(target: Flask, tmp_path: Path) -> None:
    source: Database = make_app(f"sqlite:///{tmp_path / 'old.sqlite3'}", tmp_path).extensions["incidents.db"]
    migrations.upgrade(source.engine, BEFORE)
    with source.engine.begin() as conn:
        conn.execute(Area.__table__.insert().values(id=1, level=AreaLevel.COMMUNITY, name="甲\u00a0乙",
                                                    search_key=OLD_KEY))
    archive = services.backup(source, tmp_path / "old.zip").path
    migrations.upgrade(source.engine)  # what upgrading the database that wrote it leaves
    with source.engine.connect() as conn:
        upgraded = conn.scalar(sa.select(Area.search_key))
    assert upgraded != OLD_KEY

    restored: Database = target.extensions["incidents.db"]
    services.restore(restored, archive)
    with restored.read_session() as s:
        assert s.scalar(sa.select(Area.search_key)) == upgraded
        assert [a.id for a in find_areas(s, "甲乙")] == [1]


def test_an_archive_from_before_radical_signs_were_read_as_characters_is_found_by_the_character(
        target: Flask, tmp_path: Path) -> None:
    """⻄关小区 (the radical sign U+2EC4) stored before c3d4e5f6a7b8: upgraded or restored, 西关 finds it."""
    source: Database = make_app(f"sqlite:///{tmp_path / 'old.sqlite3'}", tmp_path).extensions["incidents.db"]
    migrations.upgrade(source.engine, "e7a1c2d3f4b5")
    with source.engine.begin() as conn:
        conn.execute(Area.__table__.insert().values(id=1, level=AreaLevel.COMMUNITY, name="\u2ec4关小区",
                                                    search_key="\u2ec4关小区"))
    archive = services.backup(source, tmp_path / "old.zip").path
    migrations.upgrade(source.engine)
    with Database(f"sqlite:///{tmp_path / 'old.sqlite3'}").read_session() as s:
        assert [a.id for a in find_areas(s, "西关")] == [1]

    restored: Database = target.extensions["incidents.db"]
    services.restore(restored, archive)
    with restored.read_session() as s:
        assert [a.id for a in find_areas(s, "西关")] == [1]
