"""Areas: create and edit (the rules an area meets), find by any part of a name or pinyin initials.

Walking the tree (paths, subtrees, ancestry, the reference order) is tree.py's.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import arrival
from incidents.areas import placing
from incidents.areas.far import NULL_ISLAND, far_problem, stored_point
from incidents.areas.models import LEVEL_ORDER, PATH_SEPARATORS, Area, AreaLevel
from incidents.areas.tree import is_within, subtree_ids
from incidents.audit import services as audit
from incidents.auth.lookalikes import skeleton
from incidents.db import add_or_recheck, column_length
from incidents.errors import Message, ValidationError
from incidents.geo import CoordinatesError
from incidents.limits import count_problem, is_id, one_line_problem

# The keyword babel extracts: these messages land in the areas catalog.
_l = Message


# The search key is derived, so it is made to fit its column rather than refused (PostgreSQL would
# refuse a longer one with a 500; SQLite would keep it, and its backup would not restore there).
SEARCH_KEY_LENGTH = column_length(Area, "search_key")


def search_key(name: str, name_en: str | None = None) -> str:
    """Name, full pinyin and pinyin initials, lower case: `zdl` and `zhangdelu` find 彰德路.

    At most SEARCH_KEY_LENGTH characters: when the four parts together are longer (a long name's
    pinyin is up to six times its length), each keeps its beginning, so an area is still found by
    the first words of its name, their pinyin and their initials (see _fit).
    """
    # Imported here: pypinyin reads its phrase dictionary as it is imported (~0.3 s of CPU), which every process
    # paid at its start (each command, worker, scheduler) when this module imported it; few ever make an area.
    from pypinyin import Style, lazy_pinyin

    # Without its separators (typed_key): 文峰汇·十二府 is found by 文峰汇十二府 and wfhsef, as a phone types them.
    syllables = [t for t in (typed_key(s) for s in lazy_pinyin(name)) if t]
    letters = [t for t in (typed_key(s) for s in lazy_pinyin(name, style=Style.FIRST_LETTER)) if t]
    english = (name_en or "").lower()
    # The name as the lookalike rule reads it (name_key): "甲\u00a0乙" is found by "甲 乙" and "甲乙" (find_areas).
    read = typed_key(name)
    key = " ".join(filter(None, [read, "".join(syllables), "".join(letters), english]))
    if len(key) <= SEARCH_KEY_LENGTH:
        return key
    return _fit([list(read), syllables, letters, re.findall(r"\s*\S+", english)], SEARCH_KEY_LENGTH)


# The columns rekey reads and writes, as they stood at the migration a7b8c9d0e1f2: a column added later must
# not be named by the migration that runs before it exists.
_keyed = sa.table("areas", sa.column("id", sa.Integer), sa.column("name", sa.String),
                  sa.column("name_en", sa.String), sa.column("search_key", sa.String))


def rekey(conn: sa.Connection) -> list[str]:
    """Every area's search key again by search_key (migration a7b8c9d0e1f2, and a restore of an archive before it)."""
    changed = [{"i": i, "k": search_key(name, name_en)} for i, name, name_en, key
               in conn.execute(sa.select(_keyed.c.id, _keyed.c.name, _keyed.c.name_en, _keyed.c.search_key))
               if search_key(name, name_en) != key]
    if changed:
        conn.execute(_keyed.update().where(_keyed.c.id == sa.bindparam("i")).values(search_key=sa.bindparam("k")),
                     changed)
    return []  # a key is derived: nothing to tell whoever runs it


def _fit(parts: list[list[str]], limit: int) -> str:
    """Parts of tokens (characters, syllables, initials, words) joined by spaces within `limit` characters.

    The room is shared fairly: a part shorter than its share keeps all of it and leaves the rest to
    the longer ones. Each part is cut at the end of a token (a whole syllable, a whole word), and
    only a single token longer than the part's share is cut inside.
    """
    texts = [tokens for tokens in parts if tokens]
    lengths = [sum(len(t) for t in tokens) for tokens in texts]
    room = limit - (len(texts) - 1)  # the spaces between parts
    shares = [0] * len(texts)
    for done, i in enumerate(sorted(range(len(texts)), key=lambda i: lengths[i])):
        shares[i] = min(lengths[i], room // (len(texts) - done))
        room -= shares[i]
    kept = []
    for tokens, share in zip(texts, shares, strict=True):
        text = ""
        for token in tokens:
            if len(text) + len(token) > share:
                break
            text += token
        kept.append((text or tokens[0][:share]).strip())
    return " ".join(filter(None, kept))


def coordinates_message(exc: CoordinatesError) -> Message:
    """What is wrong with typed coordinates, for the form, the API and the import alike."""
    if exc.reason == "swapped":
        return _l("latitude %(value)s is outside -90 to 90: is the longitude first? The latitude comes first",
                  value=exc.value)
    if exc.reason == "latitude_range":
        return _l("latitude %(value)s is outside -90 to 90", value=exc.value)
    if exc.reason == "longitude_range":
        return _l("longitude %(value)s is outside -180 to 180", value=exc.value)
    if exc.reason == "altitude":
        return _l("give only a latitude and a longitude")
    if exc.reason == "out_of_range":
        return _l("%(value)s is out of range (a latitude is -90 to 90, a longitude -180 to 180)", value=exc.value)
    return _l("cannot read these coordinates (use 36.0906, 114.3572 or 36°05′26″N 114°21′26″E)")


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
        if name == "code" and isinstance(value, str):
            # A phone's Chinese keyboard types ４１０５０２: the code is stored in one spelling (as an event's code).
            value = unicodedata.normalize("NFKC", value).strip()
        if name == "name" and not value:
            errors[name] = _l("required")
        elif value and len(value) > limit:
            errors[name] = _l("is longer than %(n)s characters", n=limit)
        elif isinstance(value, str) and (problem := one_line_problem(value)):
            errors[name] = problem
        elif (name in ("name", "name_en") and isinstance(value, str) and any(sep in value for sep in PATH_SEPARATORS)
              and (area is None or getattr(area, name) != value)):  # a name kept as it was stays
            errors[name] = _l("must not contain %(chars)s: they separate the parts of a place's path "
                              "(文峰区/北大街街道); write 3-4号楼 or 3、4号楼", chars=" ".join(PATH_SEPARATORS))
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
        elif (problem := count_problem(value)) is not None:
            errors[name] = problem
        else:
            clean[name] = value
    if (clean.get("latitude") is None) != (clean.get("longitude") is None) and not (
            {"latitude", "longitude"} & errors.keys()):
        # A place is a point: half of one would be dropped on the map and the distance rules.
        missing = "longitude" if clean.get("longitude") is None else "latitude"
        errors[missing] = _l("give both latitude and longitude, or neither")
    elif (clean.get("latitude"), clean.get("longitude")) == NULL_ISLAND \
            and not {"latitude", "longitude"} & errors.keys() \
            and (area is None or (area.latitude, area.longitude) != NULL_ISLAND):  # one stored before stays editable
        # What a phone without a location fix, or a sheet's blank cell read as a number, gives: the sea off West
        # Africa. Kept, the event's map was drawn around the globe and the district's real sites became one dot.
        errors["latitude"] = _l("0, 0 is no place here (a phone without a location fix gives it): type the "
                                "place's coordinates, or leave them empty")
    parent_id = data.get("parent_id")
    parent = session.get(Area, parent_id) if is_id(parent_id) else None
    if parent_id is not None and parent is None:
        errors["parent_id"] = _l("unknown area")
    clean["parent_id"] = parent_id
    point = stored_point(clean.get("latitude"), clean.get("longitude"))
    if point is not None and not {"latitude", "longitude"} & errors.keys() and (
            area is None or (area.latitude, area.longitude) != point):  # one stored before stays editable
        # A sign dropped (114.35 typed for -114.35) or the numbers swapped: kept, the event's map spanned the globe.
        far = far_problem(point, parent, clean.get("name") if parent is None else None)
        if far is not None:
            errors[far[0]] = far[1]
    level = clean.get("level")
    if parent is not None and level is not None and LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(parent.level):
        errors["level"] = _l("must sit below the level of the area above it")
    if parent_id is None and level is not None and level is not AreaLevel.DISTRICT:
        # A compound at the top of the tree belongs to no subdistrict: briefs and scopes would lose it.
        errors["parent_id"] = _l("only a district stands at the top: choose the area this one lies in")
    if area is not None:
        if parent is not None and session.scalar(
                sa.select(sa.func.count()).where(sa.literal(parent.id).in_(subtree_ids(session, area.id)))):
            errors["parent_id"] = _l("cannot move an area under itself")
        if level is not None:
            deepest = [child.level for child in area.children]
            if any(LEVEL_ORDER.index(c) <= LEVEL_ORDER.index(level) for c in deepest):
                errors["level"] = _l("the areas under it must sit below this level")
    asked = {field: clean[field] for field in ("name", "name_en") if clean.get(field) and field not in errors}
    moved = area is None or area.parent_id != parent_id
    if not moved:  # a pair stored before the rule stays editable: a name is asked only when it or the parent changes
        asked = {field: name for field, name in asked.items() if getattr(area, field) != name}
    errors.update(_sibling_problems(session, asked, parent_id, area))
    if clean.get("code") and "code" not in errors:
        taken = session.scalar(sa.select(Area.id).where(Area.code == clean["code"]))
        if taken is not None and (area is None or taken != area.id):
            errors["code"] = _l("already used by another area")
    if errors:
        raise ValidationError(errors)
    clean["search_key"] = search_key(clean["name"], clean["name_en"])
    for field, column in TWIN_COLUMNS.items():
        # Set as the name is asked; a kept name keeps its key (None for a pair stored before the rule).
        if moved or getattr(area, field) != clean[field]:
            clean[column] = twin_key(clean[field])
    return clean


# Each name's column of the twin indexes (models.Area: unique per parent).
TWIN_COLUMNS = {"name": "twin_key", "name_en": "twin_key_en"}


def twin_key(name: str | None) -> str | None:
    """A name as the siblings' rule compares it (name_key), as a SHA-256 digest: what the twin indexes hold.

    A digest, not the key: NFKC makes one character up to 18 (﷽), past what a PostgreSQL index row holds.
    """
    return hashlib.sha256(name_key(name).encode()).hexdigest() if name else None


def set_twin_keys(conn: sa.Connection) -> list[str]:
    """Every area's twin keys by twin_key (migration f2a3b4c5d6e7, and a restore of an archive before it).

    Of a pair stored before the rule (siblings whose names read the same), the first keeps its key and the others
    none, so the index is made; each is asked again when its name or parent changes. Said, one line a pair.
    """
    areas = sa.table("areas", sa.column("id", sa.Integer), sa.column("parent_id", sa.Integer),
                     sa.column("name", sa.String), sa.column("name_en", sa.String),
                     sa.column("twin_key", sa.String), sa.column("twin_key_en", sa.String))
    seen: dict[tuple[str, int | None, str], int] = {}
    rows, said = [], []
    for i, parent_id, name, name_en in conn.execute(
            sa.select(areas.c.id, areas.c.parent_id, areas.c.name, areas.c.name_en).order_by(areas.c.id)):
        values: dict[str, Any] = {"i": i}
        for field, value in (("name", name), ("name_en", name_en)):
            key = twin_key(value)
            first = seen.setdefault((field, parent_id, key), i) if key is not None else i
            if first != i:
                said.append(f"area #{i} ({field} {value!r}) reads the same as #{first} under the same parent: "
                            f"kept, without a twin key until its {field} or parent changes")
                key = None
            values[TWIN_COLUMNS[field]] = key
        rows.append(values)
    if rows:
        conn.execute(areas.update().where(areas.c.id == sa.bindparam("i")).values(
            twin_key=sa.bindparam("twin_key"), twin_key_en=sa.bindparam("twin_key_en")), rows)
    return said


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """How a place's name reads: spaces of every kind dropped, full width as half, case and lookalike letters folded.

    "甲 乙", "甲\u00a0乙" (pasted from a web page), "甲\u3000乙" and "甲乙" are one place on every page and in
    every brief; so are "ＡＢ小区", "AB小区" and "Аb小区" with a Cyrillic А (the usernames' rule, auth/lookalikes).
    """
    return skeleton("".join(name.split()))


def typed_key(text: str) -> str:
    """A name or a query as the area search reads it: as name_key reads it, without punctuation (·, -, ., brackets).

    A phone's keyboard has no ·: 文峰汇·十二府 is typed 文峰汇十二府 or 文峰汇 十二府 (found 6 December, night).
    """
    return "".join(c for c in name_key(text) if not unicodedata.category(c).startswith("P"))


LOOKS_THE_SAME = _l("reads the same as “%(name)s” (#%(id)s) under the same parent: the names differ only in spaces, "
                    "letter width, case or lookalike letters")
SAME_ENGLISH_NAME = _l("“%(name)s” (#%(id)s) under the same parent has this English name (%(english)s), or one that "
                       "reads the same: in English the two places could not be told apart")


def _sibling_problems(session: Session, names: dict[str, str], parent_id: int | None,
                      area: Area | None) -> dict[str, Message]:
    """Why each name ("name", "name_en") cannot sit under this parent: a sibling has it, or one that reads the same.

    The English name too: two places under one parent both "Xiguan Community" are one place to the English brief,
    map and downloads. The siblings are read once for both; _validate_area asks a name only when it or the parent
    changes (a pair stored before the rule stays editable). The twin indexes keep the same rule (twin_key).
    """
    if not names:
        return {}
    under = Area.parent_id == parent_id if parent_id is not None else Area.parent_id.is_(None)
    others = sa.select(Area.id, Area.name, Area.name_en).where(under).order_by(Area.id)
    if area is not None:
        others = others.where(Area.id != area.id)
    siblings = session.execute(others).all()
    problems: dict[str, Message] = {}
    if (name := names.get("name")) is not None:
        key = name_key(name)
        if any(other == name for _id, other, _english in siblings):
            problems["name"] = _l("another area with this name sits under the same parent")
        elif twin := next(((i, other) for i, other, _english in siblings if name_key(other) == key), None):
            problems["name"] = Message(LOOKS_THE_SAME.msgid, name=twin[1], id=twin[0])
    if (english := names.get("name_en")) is not None:
        key = name_key(english)
        if twin_en := next(((i, other, theirs) for i, other, theirs in siblings
                            if theirs and name_key(theirs) == key), None):
            problems["name_en"] = Message(SAME_ENGLISH_NAME.msgid, name=twin_en[1], id=twin_en[0], english=twin_en[2])
    return problems


def create_area(session: Session, *, name: str, level: AreaLevel | str, parent: Area | None = None,
                name_en: str | None = None, code: str | None = None, latitude: float | None = None,
                longitude: float | None = None, households: int | None = None,
                buildings: int | None = None, user_id: int | None = None) -> Area:
    """Add an area under a parent, with its audit row (user_id None: the system, e.g. the demo loader)."""
    clean = _validate_area(session, {
        "name": name, "level": level, "parent_id": parent.id if parent is not None else None,
        "name_en": name_en, "code": code, "latitude": latitude, "longitude": longitude,
        "households": households, "buildings": buildings})
    # Without coordinates it is saved pending: placed afterwards (areas/placing.py), never waited for.
    area = Area(**clean, **placing.state_for(clean))
    # Its id is given as the row is written: the area list waits for this until the commit (arrival.py).
    arrival.hold_areas(session)
    # A twin (or a code) committed by another request since we read (PostgreSQL: both read before either wrote):
    # said as the check says it, the check now seeing it.
    add_or_recheck(session, area, lambda: _validate_area(session, clean))
    audit.record(session, user_id, "create", area, before=None)
    return area


def update_area(session: Session, area: Area, data: dict[str, Any], user_id: int | None,
                expected_version: int | None = None) -> Area:
    """Change an area's fields with its audit row; a stale version raises StaleEdit, never overwrites."""
    before, merged = audit.begin_edit(area, data, AREA_FIELDS, expected_version)
    clean = _validate_area(session, merged, area)
    clean |= placing.state_for(clean, area)
    changed = audit.changes(area, clean)
    if "parent_id" in changed:
        _refuse_leaving_event_places(session, area, changed["parent_id"])
    if "level" in changed:
        _refuse_level_under(session, area, changed["level"])
    try:
        return audit.record_update(session, user_id, area, changed, before)
    except sa.exc.IntegrityError:
        session.rollback()  # nothing of the change stays; the area is read again as it stands
        _validate_area(session, merged, area)  # the check again, now seeing the twin another request committed
        raise


# The other side of an event's narrowing (events/services.REPORTS_OUTSIDE): a report is never filed
# outside its event's place (reports/validation.OUTSIDE_EVENT), and moving its place must not put it there.
LEAVES_EVENT = _l("%(n)s reports of the event %(event)s are of this place or the places under it (report "
                  "#%(id)s is one), and that event concerns %(place)s only: move or retract them first")


# What rests on a place's level, each refused on its own path: an event's place (events/services), a zero
# report's subdistrict (reports/kind_rules), a reminder recipient's (distribution/services). Changing the
# level under them would leave them standing on a place they could not have been given.
EVENT_ON_IT = _l("the event %(event)s concerns this place, and an event concerns a district or a subdistrict / town")
ZERO_ON_IT = _l("%(n)s zero reports answer for this subdistrict (report #%(id)s is one), and a zero report answers "
                "for a whole subdistrict or town: retract them first")
RECIPIENT_ON_IT = _l("the recipient %(name)s speaks for this subdistrict (its reminders), and a recipient speaks for "
                     "a subdistrict or town: remove it first")


def _refuse_level_under(session: Session, area: Area, level: AreaLevel) -> None:
    """A level change refused while an event, a live zero report or a recipient rests on the place's level."""
    from incidents.distribution.models import Recipient
    from incidents.events.models import EVENT_LEVELS, Event
    from incidents.reports.models import LIVE, Report, ReportKind

    if level not in EVENT_LEVELS:
        event = session.scalar(sa.select(Event.name).where(Event.area_id == area.id).order_by(Event.id).limit(1))
        if event is not None:
            raise ValidationError({"level": Message(EVENT_ON_IT.msgid, event=event)})
    if level is not AreaLevel.SUBDISTRICT:
        count, first = session.execute(sa.select(sa.func.count(Report.id), sa.func.min(Report.id)).where(
            Report.area_id == area.id, Report.kind == ReportKind.ZERO_REPORT, Report.status.in_(LIVE))).one()
        if count:
            raise ValidationError({"level": Message(ZERO_ON_IT.msgid, n=count, id=first)})
        recipient = session.scalar(sa.select(Recipient.name).where(Recipient.area_id == area.id, Recipient.active)
                                   .order_by(Recipient.id).limit(1))
        if recipient is not None:
            raise ValidationError({"level": Message(RECIPIENT_ON_IT.msgid, name=recipient)})


def _refuse_leaving_event_places(session: Session, area: Area, parent_id: int | None) -> None:
    """A place moved out of the place of an event whose live reports it holds: refused, naming the event.

    Those reports would be counted by an event they no longer lie within, out of reach of the coordinator
    scoped to its place. An event whose place moves along (the area itself or one under it) is no matter.
    """
    from incidents.events.models import Event
    from incidents.reports.models import LIVE, Report

    moved = subtree_ids(session, area.id)
    held = session.execute(
        sa.select(Event.name, Event.area_id, sa.func.count(Report.id), sa.func.min(Report.id))
        .join(Report, Report.event_id == Event.id)
        .where(Event.area_id.is_not(None), Event.area_id.not_in(moved), Report.area_id.in_(moved),
               Report.status.in_(LIVE))
        .group_by(Event.id, Event.name, Event.area_id).order_by(Event.id))
    for name, place_id, count, first in held:
        if place_id is not None and (parent_id is None or not is_within(session, parent_id, place_id)):
            place = session.get(Area, place_id)
            raise ValidationError({"parent_id": Message(
                LEAVES_EVENT.msgid, n=count, id=first, event=name, place=place.name if place else place_id)})


def area_errors(session: Session, data: dict[str, Any], area: Area | None = None) -> dict[str, Any]:
    """What saving these fields would refuse (nothing is saved): a form's other mistakes named with its own."""
    merged = data if area is None else {name: getattr(area, name) for name in AREA_FIELDS} | data
    try:
        _validate_area(session, merged, area)
    except ValidationError as exc:
        return dict(exc.errors)
    return {}


def find_areas(session: Session, query: str, limit: int = 20) -> list[Area]:
    """Areas whose name (as the lookalike rule reads it), pinyin or initials contain the query, shortest first."""
    q = query.strip().lower()
    if not q:
        return []
    # As typed (an English name's words keep their spaces), and as the lookalike rule reads it (the name's part).
    likes = [Area.search_key.like("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
                                  escape="\\") for text in dict.fromkeys((q, name_key(q), typed_key(q))) if text]
    return list(session.scalars(
        sa.select(Area).where(sa.or_(*likes))
        .order_by(sa.func.length(Area.name), Area.name).limit(limit)
    ))


def list_areas(session: Session, *, level: AreaLevel | None = None, parent_id: int | None = None,
               within: sa.Select | None = None, after_id: int | None = None, limit: int = 20) -> list[Area]:
    """Areas filtered by level and parent (and to the ids `within` selects), by id (after `after_id`)."""
    query = sa.select(Area).order_by(Area.id).limit(limit)
    if after_id is not None:
        query = query.where(Area.id > after_id)
    if level is not None:
        query = query.where(Area.level == level)
    if parent_id is not None:
        query = query.where(Area.parent_id == parent_id)
    if within is not None:
        query = query.where(Area.id.in_(within))
    return list(session.scalars(query))
