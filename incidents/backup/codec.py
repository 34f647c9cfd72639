"""One column value to JSON and back, the same on SQLite and PostgreSQL.

Values are read and written through the columns' SQLAlchemy types, so each backend's storage
(SQLite's naive UTC text and 0/1, PostgreSQL's timestamptz and booleans) is its own business: the
archive holds instants as ISO 8601 in UTC, days and times of day as ISO, enums as their stored
string, booleans as JSON booleans and JSON columns as JSON.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from incidents.backup.tables import SNAPSHOT_TABLES, scrub


def _or_none(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """parse, letting None through."""
    return lambda value: None if value is None else parse(value)


def _instant(value: datetime) -> str:
    """An aware instant as ISO 8601 in UTC."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: every instant is stored in UTC")
    return value.astimezone(UTC).isoformat()


def _enum(value: Any) -> Any:
    """An enum member as its stored value."""
    return value.value if isinstance(value, enum.Enum) else value


def encoder(column: sa.Column[Any]) -> Callable[[Any], Any] | None:
    """How to turn the column's values (as its type reads them) into JSON; None when they are JSON already.

    Chosen once per column, not per value: a backup encodes millions of values.
    """
    kind = column.type
    if isinstance(kind, sa.JSON):
        return _or_none(scrub) if column.table.name in SNAPSHOT_TABLES else None
    if isinstance(kind, sa.Enum):
        return _or_none(_enum)
    if isinstance(kind, sa.TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, sa.DateTime):
        return _or_none(_instant)
    if isinstance(kind, sa.Date | sa.Time):
        return _or_none(lambda value: value.isoformat())
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return _or_none(str)
    return None


def encode(column: sa.Column[Any], value: Any) -> Any:
    """One value read through the column's type, as a JSON value."""
    convert = encoder(column)
    return value if convert is None else convert(value)


def _json_value(value: Any) -> Any:
    """A JSON column's value, None as SQL NULL."""
    # SQL NULL, not the JSON literal null: what reads back as None in both cases.
    return sa.null() if value is None else value


def decoder(column: sa.Column[Any]) -> Callable[[Any], Any] | None:
    """How to turn the column's archive values back into bindable ones; None when they bind as they are.

    Chosen once per column, not per value: a restore decodes millions of values.
    """
    kind = column.type
    if isinstance(kind, sa.JSON):
        return _json_value
    if isinstance(kind, sa.TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, sa.DateTime):
        return _or_none(datetime.fromisoformat)
    if isinstance(kind, sa.Date):
        return _or_none(date.fromisoformat)
    if isinstance(kind, sa.Time):
        return _or_none(time.fromisoformat)
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return _or_none(Decimal)
    return None


# What the databases take: PostgreSQL refuses an integer beyond its column (SQLite stores any).
INTEGER_RANGE = {sa.SmallInteger: 2**15, sa.BigInteger: 2**63, sa.Integer: 2**31}


def checker(column: sa.Column[Any]) -> Callable[[Any], str | None] | None:
    """What is wrong with a column's value as decoded from an archive (None when it fits), checked
    before any is written, so both databases refuse the same archive with the same words; None when
    the column takes any value (JSON).

    Chosen once per column, not per value. Each problem names the value's fault, not the column's:
    the caller says which table, row and column.
    """
    kind = column.type
    nullable = column.nullable

    def empty(value: Any) -> str | None:
        return None if nullable or value is not None else "is empty; the column needs a value"

    if isinstance(kind, sa.JSON):
        return None if nullable else empty
    if isinstance(kind, sa.Enum):
        allowed = list(kind.enums)

        def member(value: Any) -> str | None:
            if value is None or value in allowed:
                return empty(value)
            return f"{shown(value)} is not one of {', '.join(allowed)}"
        return member
    if isinstance(kind, sa.TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, sa.String):
        length = kind.length

        def text(value: Any) -> str | None:
            if value is None:
                return empty(value)
            if not isinstance(value, str):
                return f"{shown(value)} is not text"
            if length is not None and len(value) > length:
                return f"is longer than {length} characters ({len(value)})"
            return None
        return text
    if isinstance(kind, sa.Boolean):
        return lambda value: empty(value) if value is None or isinstance(value, bool) else \
            f"{shown(value)} is not true or false"
    if isinstance(kind, sa.Integer):
        limit = next(v for k, v in INTEGER_RANGE.items() if isinstance(kind, k))

        def whole(value: Any) -> str | None:
            if value is None:
                return empty(value)
            if isinstance(value, bool) or not isinstance(value, int):
                return f"{shown(value)} is not a whole number"
            return None if -limit <= value < limit else f"{value} is out of range"
        return whole
    if isinstance(kind, sa.Float):
        def number(value: Any) -> str | None:
            if value is None:
                return empty(value)
            # 1e999 reads as infinity: no coordinate or capacity is one, and PostgreSQL would keep it.
            return None if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) \
                else f"{shown(value)} is not a number"
        return number
    if isinstance(kind, sa.DateTime):
        zoned = kind.timezone

        def instant(value: Any) -> str | None:
            if value is None:
                return empty(value)
            return f"{value.isoformat()} has no time zone" if zoned and value.tzinfo is None else None
        return instant
    return empty


def shown(value: Any) -> str:
    """A value as a message quotes it, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
