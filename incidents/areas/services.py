"""Areas: create, find by any part of a name or pinyin initials, walk the tree."""

from __future__ import annotations

import sqlalchemy as sa
from pypinyin import Style, lazy_pinyin
from sqlalchemy.orm import Session, aliased

from incidents.areas.models import LEVEL_ORDER, Area, AreaLevel


def search_key(name: str, name_en: str | None = None) -> str:
    """Name, full pinyin and pinyin initials, lower case: `zdl` and `zhangdelu` find 彰德路."""
    full = "".join(lazy_pinyin(name)).lower()
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()
    return " ".join(filter(None, [name.lower(), full, initials, (name_en or "").lower()]))


def create_area(session: Session, *, name: str, level: AreaLevel | str, parent: Area | None = None,
                name_en: str | None = None, code: str | None = None, latitude: float | None = None,
                longitude: float | None = None, households: int | None = None,
                buildings: int | None = None) -> Area:
    """Add an area under a parent; a level must sit below its parent's."""
    level = AreaLevel(level)
    if parent is not None and LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(parent.level):
        raise ValueError(f"level: a {level.value} cannot sit under a {parent.level.value}")
    area = Area(name=name, level=level, parent=parent, name_en=name_en, code=code,
                latitude=latitude, longitude=longitude, households=households, buildings=buildings,
                search_key=search_key(name, name_en))
    session.add(area)
    session.flush()
    return area


def find_areas(session: Session, query: str, limit: int = 20) -> list[Area]:
    """Areas whose name, pinyin or initials contain the query, shortest names first."""
    q = query.strip().lower()
    if not q:
        return []
    like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(session.scalars(
        sa.select(Area).where(Area.search_key.like(like, escape="\\"))
        .order_by(sa.func.length(Area.name), Area.name).limit(limit)
    ))


def path(area: Area) -> list[Area]:
    """The area and its ancestors, root first."""
    chain = []
    node: Area | None = area
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def subtree_ids(session: Session, root_id: int) -> sa.Select:
    """A select of the ids of an area and everything under it (recursive CTE)."""
    tree = sa.select(Area.id).where(Area.id == root_id).cte("tree", recursive=True)
    child = aliased(Area)
    tree = tree.union_all(sa.select(child.id).where(child.parent_id == tree.c.id))
    return sa.select(tree.c.id)


def subdistrict_of() -> sa.Select:
    """(area_id, subdistrict_id) for every area at or below a subdistrict, as a recursive CTE."""
    base = sa.select(Area.id.label("area_id"), Area.id.label("subdistrict_id")).where(
        Area.level == AreaLevel.SUBDISTRICT).cte("sub_of", recursive=True)
    child = aliased(Area)
    base = base.union_all(
        sa.select(child.id, base.c.subdistrict_id).where(child.parent_id == base.c.area_id))
    return sa.select(base.c.area_id, base.c.subdistrict_id)
