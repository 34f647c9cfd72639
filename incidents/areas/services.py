"""Areas: create, find by any part of a name or pinyin initials, walk the tree."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from pypinyin import Style, lazy_pinyin
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from incidents.areas.models import LEVEL_ORDER, Area, AreaLevel
from incidents.audit import services as audit
from incidents.errors import Message, StaleEdit, ValidationError

# The keyword babel extracts: these messages land in the areas catalog.
_l = Message


def search_key(name: str, name_en: str | None = None) -> str:
    """Name, full pinyin and pinyin initials, lower case: `zdl` and `zhangdelu` find 彰德路."""
    full = "".join(lazy_pinyin(name)).lower()
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()
    return " ".join(filter(None, [name.lower(), full, initials, (name_en or "").lower()]))


# The fields a form may change; anything else is refused by name.
AREA_FIELDS = ("name", "name_en", "level", "parent_id", "code", "latitude", "longitude", "households",
               "buildings")
TEXT_LIMITS = {"name": 200, "name_en": 200, "code": 32}


def _validate_area(session: Session, data: dict[str, Any], area: Area | None = None) -> dict[str, Any]:
    """Check an area's fields (all of them, merged); return clean values or raise ValidationError."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        value = data.get(name)
        value = value.strip() if isinstance(value, str) else value
        if name == "name" and not value:
            errors[name] = _l("required")
        elif value and len(value) > limit:
            errors[name] = _l("is longer than %(n)s characters", n=limit)
        clean[name] = value or None
    try:
        clean["level"] = AreaLevel(data.get("level") or "")  # missing: "" is no level, so ValueError below
    except ValueError:
        errors["level"] = _l("unknown level")
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        value = data.get(name)
        if value is None or value == "":
            clean[name] = None
        elif isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            errors[name] = _l("must be a number from %(low)s to %(high)s", low=low, high=high)
        else:
            clean[name] = float(value)
    for name in ("households", "buildings"):
        value = data.get(name)
        if value is None or value == "":
            clean[name] = None
        elif isinstance(value, bool) or not isinstance(value, int):
            errors[name] = _l("must be a whole number")
        elif value < 0:
            errors[name] = _l("must not be negative")
        else:
            clean[name] = value
    parent_id = data.get("parent_id")
    parent = session.get(Area, parent_id) if isinstance(parent_id, int) else None
    if parent_id is not None and parent is None:
        errors["parent_id"] = _l("unknown area")
    clean["parent_id"] = parent_id
    level = clean.get("level")
    if parent is not None and level is not None and LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(parent.level):
        errors["level"] = _l("must sit below the level of the area above it")
    if area is not None:
        if parent is not None and session.scalar(
                sa.select(sa.func.count()).where(sa.literal(parent.id).in_(subtree_ids(session, area.id)))):
            errors["parent_id"] = _l("cannot move an area under itself")
        if level is not None:
            deepest = [child.level for child in area.children]
            if any(LEVEL_ORDER.index(c) <= LEVEL_ORDER.index(level) for c in deepest):
                errors["level"] = _l("the areas under it must sit below this level")
    if clean.get("name") and "name" not in errors:
        sibling = session.scalar(sa.select(Area.id).where(
            Area.name == clean["name"],
            Area.parent_id == parent_id if parent_id is not None else Area.parent_id.is_(None)))
        if sibling is not None and (area is None or sibling != area.id):
            errors["name"] = _l("another area with this name sits under the same parent")
    if clean.get("code") and "code" not in errors:
        taken = session.scalar(sa.select(Area.id).where(Area.code == clean["code"]))
        if taken is not None and (area is None or taken != area.id):
            errors["code"] = _l("already used by another area")
    if errors:
        raise ValidationError(errors)
    clean["search_key"] = search_key(clean["name"], clean["name_en"])
    return clean


def create_area(session: Session, *, name: str, level: AreaLevel | str, parent: Area | None = None,
                name_en: str | None = None, code: str | None = None, latitude: float | None = None,
                longitude: float | None = None, households: int | None = None,
                buildings: int | None = None, user_id: int | None = None) -> Area:
    """Add an area under a parent, with its audit row (user_id None: the system, e.g. the demo loader)."""
    clean = _validate_area(session, {
        "name": name, "level": level, "parent_id": parent.id if parent is not None else None,
        "name_en": name_en, "code": code, "latitude": latitude, "longitude": longitude,
        "households": households, "buildings": buildings})
    area = Area(**clean)
    session.add(area)
    session.flush()
    audit.record(session, user_id, "create", area, before=None)
    return area


def update_area(session: Session, area: Area, data: dict[str, Any], user_id: int | None,
                expected_version: int | None = None) -> Area:
    """Change an area's fields with its audit row; a stale version raises StaleEdit, never overwrites."""
    if expected_version is not None and expected_version != area.version:
        raise StaleEdit(area)
    unknown = set(data) - set(AREA_FIELDS)
    if unknown:
        raise ValidationError({name: _l("cannot be changed") for name in sorted(unknown)})
    before = audit.snapshot(area)
    merged = {name: getattr(area, name) for name in AREA_FIELDS} | data
    clean = _validate_area(session, merged, area)
    changed = {name: value for name, value in clean.items() if getattr(area, name) != value}
    if not changed:
        return area  # nothing to record: saving an unchanged form is not a new version
    for name, value in changed.items():
        setattr(area, name, value)
    try:
        session.flush()
    except StaleDataError as exc:
        # Someone committed a newer version between our read and this write.
        session.rollback()
        current = session.get(Area, area.id)
        # Areas are never deleted (no code path removes one), so the row whose version moved is there.
        assert current is not None
        raise StaleEdit(current) from exc
    audit.record(session, user_id, "update", area, before=before)
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
