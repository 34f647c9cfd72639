"""The brief's dataclasses as JSON and back: how BriefContent.to_json writes them and from_json reads them.

Generic over dataclasses: a field marked OMIT_FALSE (content.py) is left out while false, 0 or empty;
instants are written in UTC with Z, dates as ISO dates; unknown keys are ignored on reading and missing
ones take their defaults, so briefs stored under an older or newer schema still read.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from incidents.formatting import iso_utc


def omitted_when_false(f: dataclasses.Field[Any]) -> bool:
    """A field the JSON leaves out while it is false, 0 or empty (OMIT_FALSE); every other field is always there."""
    return bool(f.metadata and f.metadata.get("omit_false"))


# Values stored as they are: most of the ~59,000 values of a quick bench brief. Asking
# dataclasses.fields and is_dataclass of each was two thirds of to_json's time (3 December).
_PLAIN = frozenset({str, int, float, bool, type(None)})
# Per dataclass: its fields' names, each with whether it is left out while false (OMIT_FALSE).
_SHAPES: dict[type, tuple[tuple[str, bool], ...]] = {}


def _shape(cls: type) -> tuple[tuple[str, bool], ...]:
    if cls not in _SHAPES:
        _SHAPES[cls] = tuple((f.name, omitted_when_false(f)) for f in dataclasses.fields(cls))
    return _SHAPES[cls]


def dump(value: Any) -> Any:
    """A dataclass (and what it holds) as JSON-able values."""
    cls = type(value)
    if cls in _PLAIN:
        return value
    if cls in _SHAPES or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        out = {}
        for name, omit in _shape(cls):
            v = getattr(value, name)
            if not (omit and (v is False or v == 0 or v == [])):
                out[name] = dump(v)
        return out
    if isinstance(value, datetime) and value.tzinfo is not None:
        return iso_utc(value)  # as every other answer states an instant: UTC with Z
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):  # a database SUM may come back as Decimal
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def load(tp: Any, value: Any) -> Any:
    """A value of type `tp` rebuilt from what dump wrote."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return load(inner[0], value)
    if origin is list:
        (inner,) = typing.get_args(tp)
        return [load(inner, v) for v in value]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):  # a hint is a class, never an instance
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        # Unknown keys (a newer schema) are ignored; missing ones take their defaults.
        return tp(**{k: load(hints[k], v) for k, v in value.items() if k in names})
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    return value
