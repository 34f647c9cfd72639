"""Audit trail: one row per change, written in the caller's transaction."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import partial
from operator import itemgetter
from typing import Any, TypeVar

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from incidents.audit.models import AuditEntry
from incidents.db import Base, now_utc
from incidents.errors import StaleEdit, ValidationError
from incidents.formatting import iso_utc

B = TypeVar("B", bound=Base)


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Always UTC in the trail: the same instant must read the same before and after,
        # whether a form assigned it in local time or the database returned it in UTC.
        return value.astimezone(UTC).isoformat()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def as_given(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored record as the history and the trail's download give it: its instants in UTC with Z, as the record
    itself is given (`formatting.iso_utc`); text that looks like a time stays text."""
    # The audit row keeps isoformat's "+00:00": a client comparing `after.started_at` with the report's
    # `started_at` saw two spellings of one instant (the API's history until 6 December, the download until 7).
    if record is None:
        return None
    out = dict(record)
    for key, value in record.items():
        if key.endswith("_at") and isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                continue
            if moment.tzinfo is not None:
                out[key] = iso_utc(moment)
    return out


def entity_name(obj: Base) -> str:
    """The audit name of a record: its base table (a power outage is a `reports` row)."""
    table = sa.inspect(obj).mapper.base_mapper.local_table
    if not isinstance(table, sa.Table):  # every model maps a Table; a select-mapped class has no table name
        raise TypeError(f"{type(obj).__name__} is not mapped to a table")
    return table.name


# Never copied into the trail: a password or token hash in an audit row is one anyone with READ could take.
SECRET_FIELDS = frozenset({"password_hash", "token_hash"})


def snapshot(obj: Base) -> dict[str, Any]:
    """Every mapped column of a record (all tables of a joined subclass) as JSON-able values; no secrets."""
    counts = getattr(obj, "counts", None)
    return snapshot_of(type(obj), partial(getattr, obj),
                       None if counts is None else [(c.category_code, c.count, c.count_lb) for c in counts])


# A model's snapshot keys (its column attributes less secrets, in the mapper's order), worked out once per process.
_SNAPSHOT_KEYS: dict[type[Base], tuple[str, ...]] = {}


def snapshot_of(model: type[Base], value_of: Callable[[str], Any],
                counts: list[tuple[str, int, bool]] | None = None) -> dict[str, Any]:
    """snapshot() of a record given by each column's value (`value_of` an attribute key) and a disinfection's counts."""
    keys = _SNAPSHOT_KEYS.get(model)
    if keys is None:
        keys = _SNAPSHOT_KEYS[model] = tuple(attr.key for attr in sa.inspect(model).column_attrs
                                             if attr.key not in SECRET_FIELDS)
    data = {}
    for key in keys:
        value = value_of(key)
        # A plain value is JSON as it is: no call for most of a report's thirty columns.
        data[key] = value if value.__class__ in _PLAIN else _jsonable(value)
    if counts is not None:
        data["counts"] = {code: [count, lb] for code, count, lb in counts}
    return data


def snapshot_values(values: dict[str, Any], memo: dict[Any, Any], special: Iterable[str]) -> dict[str, Any]:
    """Column values about to be stored in bulk (an import) as a trail's `after`, as snapshot() writes them.

    `special`: the only keys whose values may need converting (special_columns); the rest are
    copied as they are. `memo` remembers each instant's text and each enum's value across the rows
    of one bulk store (they share a few hundred instants, the file's times and the import's own
    clock, and a handful of kinds, statuses and precisions).
    """
    # SPECIAL_ONLY: a copy, then a dozen keys converted, not thirty checked: 12 µs a row of an
    # import's ~140 became about 4 (benches/import_bench.py, 2026-12-01).
    return _converted(dict(values), special, _remembered(memo))


def _converted(after: dict[str, Any], keys: Iterable[str], convert: Any) -> dict[str, Any]:
    """A row's copy as a trail's `after`: secrets dropped, the values of `keys` not stored as they are converted."""
    for key in SECRET_FIELDS.intersection(after):
        del after[key]
    for key in keys:
        value = after.get(key)
        if value is not None and value.__class__ not in _PLAIN:
            after[key] = convert(value)
    return after


def snapshot_rows(rows: list[dict[str, Any]], memo: dict[Any, Any], special: Iterable[str],
                  in_place: bool = False) -> list[dict[str, Any]]:
    """snapshot_values of each row, its special columns converted column by column.

    COLUMN_WISE (an import's batch): each special column's values converted at once, an instant's text or
    an enum's value looked up by value (a dict hit, no Python call), then each row copied with its
    converted values put back; a column mixing classes (True beside 1, a decimal, a day) goes value by
    value through snapshot_values' own conversion. The dicts are snapshot_values' to the key order
    (tests/imports/test_fast_paths.py).

    `in_place`: the rows are the caller's to change (an import's, stored already): each becomes its `after`
    instead of a copy (IN_PLACE: 3.8 → 2.4 µs a row of the bench's, the copy of thirty keys and a call a row).
    """
    convert = _remembered(memo)
    names, rest, converted = [], [], []
    for key in dict.fromkeys(special):
        try:
            column = list(map(itemgetter(key), rows))
        except KeyError:  # a key some rows lack: those rows convert it one by one, below
            rest.append(key)
            continue
        classes = set(map(type, column)) - {type(None)}
        if classes <= _PLAIN:
            # PLAIN_KEPT: a column whose values are JSON as they are (ids, a time never set) is in the row already,
            # and in its copy: not put back into each. With SECRETS_LOOKED_UP below: 2.26 → 2.03 µs a row in place,
            # 2.78 → 2.44 copied (5,000 debris records, best of 15, 4 December).
            continue
        names.append(key)
        if classes == {datetime} or (len(classes) == 1 and issubclass(next(iter(classes)), enum.Enum)):
            # One class of value (instants, or one enum): equal values read alike, so the memo may answer.
            converted.append(list(map(_MemoOf(convert).__getitem__, column)))
        else:
            converted.append([v if v.__class__ in _PLAIN else convert(v) for v in column])
    found = []
    for row, values in zip(rows, zip(*converted, strict=True) if converted else ((),) * len(rows), strict=True):
        after = row if in_place else dict(row)
        after.update(zip(names, values, strict=True))
        # SECRETS_LOOKED_UP: the row's keys tested against the two secret names (two lookups), not the row's
        # thirty keys each against them (frozenset.isdisjoint(dict) walks the dict).
        found.append(_converted(after, rest, convert) if rest or not after.keys().isdisjoint(SECRET_FIELDS) else after)
    return found


class _MemoOf(dict[Any, Any]):
    """A column's converted values by value, None as None; filled on first sight (dict.__missing__)."""

    def __init__(self, convert: Any) -> None:
        super().__init__({None: None})
        self.convert = convert

    def __missing__(self, value: Any) -> Any:
        found = self[value] = self.convert(value)
        return found


def special_columns(*tables: sa.Table) -> list[str]:
    """The columns whose values snapshot() converts (instants, enums, days, decimals): not JSON as they are."""
    found = []
    for table in tables:
        for column in table.c:
            try:
                plain = column.type.python_type in _PLAIN
            except NotImplementedError:  # a type that cannot say: convert to be safe
                plain = False
            if not plain:
                found.append(column.name)
    return found


def _remembered(memo: dict[Any, Any]) -> Any:
    """_jsonable, an instant's text or an enum's value looked up in `memo` first (and kept there)."""
    def convert(value: Any) -> Any:
        if value.__class__ is not datetime and not isinstance(value, enum.Enum):
            return _jsonable(value)  # a day or a decimal: rare, and equal decimals may read differently
        found = memo.get(value)
        if found is None:
            found = memo[value] = _jsonable(value)
        return found

    return convert


_PLAIN = frozenset({str, int, float, bool, type(None)})


def record(session: Session, user_id: int | None, action: str, obj: Base,
           before: dict[str, Any] | None, after: dict[str, Any] | None = None) -> AuditEntry:
    """Add an audit row for obj; flushed with the change so both commit or neither."""
    session.flush()
    identity = sa.inspect(obj).identity
    if identity is None:  # flushed just above: only an object never added to the session has none
        raise ValueError(f"{type(obj).__name__} is not in the session; nothing to audit")
    entity_id = identity[0]
    # Stamped now, not at the flush that inserts it: a replay's clock (db.replayed_at) may have moved on by then.
    entry = AuditEntry(
        at=now_utc(), user_id=user_id, action=action, entity=entity_name(obj), entity_id=entity_id,
        before=before, after=after if after is not None else snapshot(obj),
    )
    session.add(entry)
    return entry


def begin_edit(obj: Any, data: dict[str, Any], fields: Iterable[str],
               expected_version: int | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The row as it was (for the audit) and its fields merged with the edit, once the edit may apply.

    A stale version raises StaleEdit, never a silent overwrite; a field outside `fields` is refused.
    """
    if expected_version is not None and expected_version != obj.version:
        raise StaleEdit(obj)
    fields = list(fields)
    unknown = set(data) - set(fields)
    if unknown:
        raise ValidationError({name: _l("cannot be changed") for name in sorted(unknown)})
    return snapshot(obj), {name: getattr(obj, name) for name in fields} | data


def changes(obj: Base, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from the record's own: what an edit changes (record_update of none records nothing)."""
    return {name: value for name, value in values.items() if getattr(obj, name) != value}


def record_update(session: Session, user_id: int | None, obj: B, changed: dict[str, Any],
                  before: dict[str, Any]) -> B:
    """Set the changed fields and flush under the row's version, with an "update" audit row.

    Nothing changed, nothing is written: saving an unchanged form is not a new version. Someone who
    committed a newer version between our read and this write wins: StaleEdit carries their row, and
    nothing of ours is written. Events, areas and accounts are never deleted, so that row is there.
    """
    if not changed:
        return obj
    identity = sa.inspect(obj).identity
    for name, value in changed.items():
        setattr(obj, name, value)
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        current = session.get(type(obj), identity)
        assert current is not None
        raise StaleEdit(current) from exc
    record(session, user_id, "update", obj, before=before)
    return obj


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """Every audit row of one record, oldest first."""
    return list(session.scalars(
        sa.select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id)
    ))


# ---- versions side by side ---------------------------------------------------------------

# Columns every change touches or that are derived: shown in a column's heading or not at all.
BOOKKEEPING = frozenset({"id", "version", "updated_at", "search_key", "twin_key", "twin_key_en"})


def companions(name: str, keys: Iterable[str]) -> list[str]:
    """The columns shown inside a field's cell: its "more than" flag and its time precision."""
    from incidents.vague import precision_field

    keys = set(keys)
    found = [f"{name}_lb"] if f"{name}_lb" in keys else []
    if name.endswith("_at") or name.startswith("period_"):
        precision = precision_field(name)
        if precision != name and precision in keys:
            found.append(precision)
    return found


@dataclass
class Version:
    """One state of a record: the audit row that produced it (None: the state before the trail began)."""

    entry: AuditEntry | None
    values: dict[str, Any]
    changed: frozenset[str] = frozenset()


@dataclass
class VersionTable:
    """A record's states in order, and its fields: those that ever changed first, then the steady ones."""

    versions: list[Version] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)
    steady_fields: list[str] = field(default_factory=list)


def version_table(entries: list[AuditEntry]) -> VersionTable:
    """Arrange a record's audit rows as versions side by side, each marked where it differs from its before."""
    table = VersionTable()
    if not entries:
        return table
    if entries[0].before is not None:
        # The trail starts with a change, not a creation: show what it changed from too.
        table.versions.append(Version(None, entries[0].before))
    for entry in entries:
        table.versions.append(Version(entry, entry.after or {}))
    keys: dict[str, None] = {}
    for version in table.versions:
        keys.update(dict.fromkeys(version.values))
    grouped = {c for k in keys for c in companions(k, keys)}
    mains = [k for k in keys if k not in grouped and k not in BOOKKEEPING]
    ever: set[str] = set()
    for version in table.versions:
        before = version.entry.before if version.entry is not None else None
        if before is None:
            continue
        version.changed = frozenset(
            k for k in mains
            if any(before.get(m) != version.values.get(m) for m in (k, *companions(k, keys))))
        ever |= version.changed
    table.changed_fields = [k for k in mains if k in ever]
    table.steady_fields = [k for k in mains if k not in ever]
    return table
