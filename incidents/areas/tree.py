"""The district tree walked: a path, a subtree, ancestry (remembered per transaction), the reference order."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from incidents import generation
from incidents.areas.models import Area, AreaLevel


def reference_key(code: str | None, area_id: int) -> tuple[bool, str, int]:
    """Where an area stands among its siblings in a reference list: by administrative code, then those without one,
    as they were created.

    The order the office gave its areas, the same on every page, brief and select that lists subdistricts for
    reference (a ranking says it is one). Never by name: codepoint order of Chinese names means nothing to a reader.
    Compared in Python, so both databases give one order whatever their collation.
    """
    return (code is None, code or "", area_id)


def in_reference_order(areas: Iterable[Area]) -> list[Area]:
    """The areas sorted by reference_key."""
    return sorted(areas, key=lambda area: reference_key(area.code, area.id))


def tree_key(area: Any, by_id: Mapping[int, Any]) -> list[tuple[bool, str, int]]:
    """An area's place in tree order (each under its parent, siblings by reference_key): its path's keys, root first.

    `area` and `by_id`'s values are areas or rows with id, parent_id and code; a parent not in `by_id` ends the path.
    """
    keys = [reference_key(area.code, area.id)]
    while area.parent_id in by_id:
        area = by_id[area.parent_id]
        keys.append(reference_key(area.code, area.id))
    return keys[::-1]


def reference_positions(session: Session, ids: Iterable[int | None]) -> dict[int, int]:
    """Each area id's place in the reference order among the ids given (one statement), for lists keyed by id."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    areas = session.scalars(sa.select(Area).where(Area.id.in_(wanted)))
    return {area.id: n for n, area in enumerate(in_reference_order(areas))}


def path(area: Area) -> list[Area]:
    """The area and its ancestors, root first."""
    chain = []
    node: Area | None = area
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def subtree_ids(session: Session, root_id: int, name: str = "tree") -> sa.Select:
    """The ids of an area and everything under it: a recursive CTE named `name` (one name per walk in a statement)."""
    return _subtree_walk(name).params({f"{name}_root": root_id})


_AREAS = Area.__table__


@functools.cache
def _subtree_walk(name: str) -> sa.Select:
    """subtree_ids's walk named `name`, its root a parameter: built once per process, each use binds the root.

    Building the recursive CTE cost 0.45–0.7 ms of Python a call (the alias proxying every column), binding
    a built one ~4 µs: a scoped field worker's form POST walked its scope once for the place choices, 17% of
    the POST (benches/ingest_profile.py --via form, 7 December).
    """
    tree = sa.select(_AREAS.c.id).where(_AREAS.c.id == sa.bindparam(f"{name}_root", type_=sa.Integer)) \
        .cte(name, recursive=True)
    child = _AREAS.alias(f"{name}_child")  # a Core alias: an ORM one configures every mapper at import
    tree = tree.union_all(sa.select(child.c.id).where(child.c.parent_id == tree.c.id))
    return sa.select(tree.c.id)


def _within_statement() -> sa.Select:
    """Whether :area_id is :root_id or lies under it: a recursive walk up from the area, built once per process.

    Building a recursive CTE over an alias of Area costs about 1 ms of Python (the alias proxies
    every column; 3 ms on a busy machine), more than running it: the scope check of a created
    report paid it twice, a tenth of the create's time (benches/ingest_profile.py). Built once, each
    use only binds two numbers and its SQL comes from SQLAlchemy's compiled cache. A statement with
    fixed parameter names, so it is run alone, never embedded in another.
    """
    up = sa.select(Area.id, Area.parent_id).where(Area.id == sa.bindparam("area_id", type_=sa.Integer)) \
        .cte("up", recursive=True)
    parent = _AREAS.alias("parent")  # a Core alias: an ORM one configures every mapper at import
    up = up.union_all(sa.select(parent.c.id, parent.c.parent_id).where(parent.c.id == up.c.parent_id))
    return sa.select(sa.literal(True)).select_from(up) \
        .where(up.c.id == sa.bindparam("root_id", type_=sa.Integer)).limit(1)


_WITHIN = _within_statement()


def is_within(session: Session, area_id: int, root_id: int) -> bool:
    """Whether an existing area is root_id or lies under it (the walk is the area's depth, not the root's subtree)."""
    return session.execute(_WITHIN, {"area_id": area_id, "root_id": root_id}).scalar() is not None


def _ancestry_statement() -> sa.Select:
    """The area :area_id and every area above it: the walk of _within_statement, every step kept.

    UNION, not UNION ALL: were a parent ever to point back down the tree, the walk would end.
    AREAS_WITH_THE_WALK: the areas' rows, not only their ids, so that the report's place is in the
    session when validation looks it up (a SELECT of its own was one of a created report's 11
    statements, benches/ingest_profile.py, 3 December).
    """
    up = sa.select(Area.id, Area.parent_id).where(Area.id == sa.bindparam("area_id", type_=sa.Integer)) \
        .cte("ancestry", recursive=True)
    parent = _AREAS.alias("parent")
    up = up.union(sa.select(parent.c.id, parent.c.parent_id).where(parent.c.id == up.c.parent_id))
    return sa.select(Area).join(up, Area.id == up.c.id)


_ANCESTRY = _ancestry_statement()
# ancestry()'s answers within one transaction, in session.info: a created report asks for its place's
# twice or more (the view's scope check, create_report's, and whether it lies within the event's
# place), and each walk was a statement, the event's a session.get per level (benches/ingest_profile.py).
# Forgotten when the transaction ends and whenever an area is flushed (every write to areas goes
# through the ORM, here).
ANCESTRY_MEMO = "incidents.area_ancestry"
# The areas the walks loaded, held with the memo (the session itself keeps only weak references):
# session.get of one of them is then an identity-map hit.
ANCESTRY_ROWS = "incidents.area_ancestry_rows"


def ancestry(session: Session, area_id: int) -> frozenset[int]:
    """The area's id and its ancestors' (empty for no such area), remembered for the transaction."""
    memo: dict[int, frozenset[int]] = session.info.setdefault(ANCESTRY_MEMO, {})
    found = memo.get(area_id)
    if found is None:
        # GENERATION_SHELF (incidents/generation.py): the walk and its rows kept per process while the
        # areas do not change; one of an API create's nine statements.
        cache_generation = generation.usable(session)
        shelved = generation.shelved(session, cache_generation, (Area, area_id)) \
            if cache_generation is not None else None
        if shelved is not None:
            found, values = shelved
            rows = [generation.attach(session, Area, one) for one in values]
        else:
            rows = list(session.scalars(_ANCESTRY, {"area_id": area_id}))
            found = frozenset(area.id for area in rows)
            if cache_generation is not None:
                generation.shelve(session, cache_generation, (Area, area_id),
                                  (found, [generation.values_of(area) for area in rows]))
        session.info.setdefault(ANCESTRY_ROWS, []).extend(rows)
        memo[area_id] = found
    return found


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_ancestry_at_end(session: Session, transaction: sa.orm.SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(ANCESTRY_MEMO, None)
        session.info.pop(ANCESTRY_ROWS, None)


@sa.event.listens_for(Session, "after_flush")
def _forget_ancestry_when_areas_change(session: Session, _context: object) -> None:
    if ANCESTRY_MEMO in session.info and any(
            isinstance(obj, Area) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop(ANCESTRY_MEMO, None)
        session.info.pop(ANCESTRY_ROWS, None)


@functools.cache
def subdistrict_of() -> sa.Select:
    """(area_id, subdistrict_id) for every area at or below a subdistrict, as a recursive CTE (built once).

    It has no parameters, and building it (an alias of Area proxies every column) cost a brief's
    compile about a tenth of its time: nine calls a brief (benches/brief_bench.py).
    """
    base = sa.select(Area.id.label("area_id"), Area.id.label("subdistrict_id")).where(
        Area.level == AreaLevel.SUBDISTRICT).cte("sub_of", recursive=True)
    child = aliased(Area)
    base = base.union_all(
        sa.select(child.id, base.c.subdistrict_id).where(child.parent_id == base.c.area_id))
    return sa.select(base.c.area_id, base.c.subdistrict_id)


def first_root(session: Session) -> Area | None:
    """The first top-level area (the district, in an office with one), or None before any place exists."""
    return session.scalar(sa.select(Area).where(Area.parent_id.is_(None)).order_by(Area.id).limit(1))
