"""The areas file: the tree by path ("文峰区/北大街街道/彰德路64号院"), with codes and coordinates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from incidents.areas.models import LEVEL_ORDER, Area, AreaLevel
from incidents.areas.services import area_errors, coordinates_message, create_area, update_area
from incidents.auth.policy import OUTSIDE_YOUR_AREAS, can_manage_place
from incidents.errors import Message, ValidationError
from incidents.geo import CoordinatesError, parse_point
from incidents.imports.checks import STEP, Checked, Problem, enough
from incidents.imports.paths import add_place, find_place
from incidents.imports.reading import Table
from incidents.imports.rows import Row, cell_text, place_key
from incidents.imports.speedups import load_places
from incidents.imports.templates import AREAS, accepted_columns
from incidents.reports.parsing import exact_count
from incidents.reports.validation import COUNT_UNITS

_l = Message
Progress = Callable[[int, int], None]
# Levels as people type them, in either language.
LEVEL_WORDS = {"区": AreaLevel.DISTRICT, "街道": AreaLevel.SUBDISTRICT, "镇": AreaLevel.SUBDISTRICT,
               "乡": AreaLevel.SUBDISTRICT, "社区": AreaLevel.COMMUNITY, "村": AreaLevel.COMMUNITY,
               "点位": AreaLevel.SITE, "地点": AreaLevel.SITE, **{lv.value: lv for lv in AreaLevel},
               # as the area list's download writes them (labels.py, both languages)
               "街道/镇": AreaLevel.SUBDISTRICT, "社区/村": AreaLevel.COMMUNITY,
               "subdistrict / town": AreaLevel.SUBDISTRICT, "community / village": AreaLevel.COMMUNITY}


def _fields(row: Row) -> dict[str, Any]:
    """The area fields of a row as areas.services takes them; parse problems go to row.errors."""
    cells = row.cells
    fields: dict[str, Any] = {"name_en": cell_text(cells.get("name_en")) or None,
                              "code": cell_text(cells.get("code")) or None}
    level = cell_text(cells.get("level")).lower()
    if level:
        fields["level"] = LEVEL_WORDS.get(level, level)  # an unknown word: the area rule names it
    point, column = cell_text(cells.get("coordinates")), "coordinates"
    latitude, longitude = cell_text(cells.get("latitude")), cell_text(cells.get("longitude"))
    if not point and (latitude or longitude):  # the area list's two columns
        point, column = f"{latitude},{longitude}", "latitude"
        if not (latitude and longitude):
            column = "longitude" if latitude else "latitude"
            row.errors[column] = _l("required with the other of latitude and longitude")
    if point and not row.errors:
        try:
            fields["latitude"], fields["longitude"] = parse_point(point)
        except CoordinatesError as exc:
            row.errors[column] = coordinates_message(exc)
    for name in ("households", "buildings"):
        text = cell_text(cells.get(name))
        if text.strip():  # read as the area form reads it
            fields[name] = exact_count(text, COUNT_UNITS[f"{name}_affected"])
    return fields


def import_areas(session: Session, table: Table, user_id: int, progress: Progress | None = None) -> Checked:
    """Create the areas a file lists and correct those it lists again, row by row through areas.services.

    A row's parents must exist or come on an earlier row; the level defaults to the depth (区, 街道,
    社区, 点位). The same file again changes nothing: every row finds its area and nothing differs.
    The caller rolls back when any problem is found (all or nothing).
    """
    from incidents.auth.models import User
    from incidents.imports.checks import read_rows

    user = session.get(User, user_id)
    assert user is not None  # the caller loaded the importer
    checked = Checked(AREAS, accepted_columns(AREAS), total=len(table.rows))
    places = load_places(session).places
    # A path's first line: a second row of it corrected, without a word, the area the first had just made.
    listed: dict[str, int] = {}
    for index, row in enumerate(read_rows(table, checked.columns, user), start=1):
        if progress is not None and index % STEP == 0:
            progress(index, len(table.rows))
        path = place_key(cell_text(row.cells.get("path")))
        fields = _fields(row)
        parent_path, _, name = path.rpartition("/")
        parent_id = find_place(places, parent_path) if parent_path else None
        named = cell_text(row.cells.get("name"))
        if not path:
            row.errors["path"] = _l("required")
        elif (first := listed.setdefault(path, row.line)) != row.line:
            row.errors["path"] = _l("is the same area as line %(line)s: list each area on one row", line=first)
        elif named and named != name:
            row.errors["name"] = _l("is not the last part of the path (%(name)s)", name=name)
        elif parent_path and parent_id is None:
            row.errors["path"] = _l("the area above, %(name)s, is neither stored nor on an earlier row",
                                    name=parent_path)
        depth = path.count("/")
        fields.setdefault("level", LEVEL_ORDER[min(depth, len(LEVEL_ORDER) - 1)])
        if row.errors:
            if path and "path" not in row.errors and "name" not in row.errors:
                # The row's other mistakes too (a bad level beside bad coordinates), not one per upload.
                existing_area = session.get(Area, places[path]) if path in places else None
                others = area_errors(session, {"name": name, "parent_id": parent_id, **fields}, existing_area)
                for k, v in others.items():
                    row.errors.setdefault(_column(k), v)
            checked.problems += [Problem(row.line, k, v) for k, v in row.errors.items()]
            if enough(checked, row.line):
                break
            continue
        # Its own name as written: one that only reads the same as a stored sibling's is refused naming it.
        existing = places.get(path)
        # The area forms' rule (policy.can_change_area): a manager scoped to a subdistrict sets up the
        # areas under it only, new or stored. A row outside that changes nothing passes (the whole area
        # list, downloaded and imported back).
        if not can_manage_place(session, user, parent_id):
            area = session.get(Area, existing) if existing is not None else None
            if area is None or any(getattr(area, k) != v for k, v in fields.items() if v is not None):
                checked.problems.append(Problem(row.line, "path", OUTSIDE_YOUR_AREAS))
                if enough(checked, row.line):
                    break
            else:
                checked.skipped += 1
            continue
        try:
            if existing is not None:
                area = session.get(Area, existing)
                assert area is not None  # loaded with the places
                before = area.version
                update_area(session, area, {k: v for k, v in fields.items() if v is not None}, user_id)
                checked.skipped += area.version == before
                checked.updated += area.version != before
                continue
            parent = session.get(Area, parent_id) if parent_id is not None else None
            area = create_area(session, name=name, parent=parent, user_id=user_id, **fields)
            add_place(places, path, area.id)
        except ValidationError as exc:
            checked.problems += [Problem(row.line, _column(k), v) for k, v in exc.errors.items()]
            if enough(checked, row.line):
                break
            continue
        checked.rows.append(row)
    if progress is not None:
        progress(len(table.rows), len(table.rows))
    return checked


def _column(field_name: str) -> str:
    """The column of an area rule's field: name and parent live in the path, coordinates in one cell."""
    if field_name in ("name", "parent_id"):
        return "path"
    if field_name in ("latitude", "longitude"):
        return "coordinates"
    return field_name
