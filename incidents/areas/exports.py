"""The area tree (or one branch of it) as a Table, in tree order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.areas.tree import in_reference_order, subtree_ids
from incidents.tables import Column, Table

COLUMNS = [
    Column("id", "编号", "ID"), Column("parent_id", "上级编号", "Parent ID"), Column("level", "层级", "Level"),
    Column("name", "名称", "Name"), Column("name_en", "英文名称", "English name"),
    Column("code", "行政代码", "Administrative code"), Column("path", "路径", "Path"),
    Column("latitude", "纬度", "Latitude"), Column("longitude", "经度", "Longitude"),
    Column("households", "户数", "Households"), Column("buildings", "栋数", "Buildings"),
]


def areas_table(session: Session, words: Callable[[Any], str], under: int | None = None,
                level: str | None = None) -> Table:
    """Areas in tree order (each under its parent, siblings by reference_key), optionally one branch or one level."""
    query = sa.select(Area)
    if under is not None:
        query = query.where(Area.id.in_(subtree_ids(session, under)))
    areas = {a.id: a for a in session.scalars(query)}
    children: dict[int | None, list[Area]] = {}
    for a in areas.values():
        parent = a.parent_id if a.parent_id in areas else None  # a branch's root stands at the top
        children.setdefault(parent, []).append(a)

    def walk(parent: int | None, trail: list[str]) -> Iterator[list[Any]]:
        """The areas under `parent`, each followed by its own branch."""
        for a in in_reference_order(children.get(parent, [])):
            path = [*trail, a.name]
            if level is None or a.level.value == level:
                yield [a.id, a.parent_id, words(a.level), a.name, a.name_en, a.code, " › ".join(path),
                       a.latitude, a.longitude, a.households, a.buildings]
            yield from walk(a.id, path)

    return Table(COLUMNS, walk(None, []), name="areas")
