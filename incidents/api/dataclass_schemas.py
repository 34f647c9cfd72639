"""Marshmallow schemas generated from dataclasses, so that the document describes a brief's JSON from the classes
that make it (briefs/content.py) and cannot drift from them.

A field is required unless the JSON leaves it out while false (content.omitted_when_false), nullable when its
hint is `X | None`; a nested dataclass is its own component, named after the class (Qty, Figure, BriefContent).
A hint this does not know is an error when the document is built, never a field described as anything.
Each component and property carries its description from api/brief_fields.py (units, periods, what null says).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from typing import Any

from marshmallow import Schema, fields

from incidents.api.brief_fields import component_description, field_description
from incidents.briefs.content_json import omitted_when_false

# Exact types only: a bool is not an int here, nor a datetime a date (content_json.dump writes each its own way).
SCALARS: dict[Any, type[fields.Field]] = {int: fields.Integer, float: fields.Float, bool: fields.Boolean,
                                          str: fields.String, datetime: fields.DateTime, date: fields.Date}

_MADE: dict[type, type[Schema]] = {}


def dataclass_schema(cls: type) -> type[Schema]:
    """The schema of a dataclass as content_json.dump writes it (made once: one component per class)."""
    if cls not in _MADE:
        hints = typing.get_type_hints(cls)
        made = Schema.from_dict({f.name: _field(hints[f.name], required=not omitted_when_false(f),
                                                metadata=_described(field_description(cls, f.name)))
                                 for f in dataclasses.fields(cls)}, name=f"{cls.__name__}Schema")
        # Not Meta.description: apispec then leaves out additionalProperties: false, and the schema stops being strict.
        made.component_description = component_description(cls)  # type: ignore[attr-defined]
        _MADE[cls] = made
    return _MADE[cls]


def _described(description: Any) -> dict[str, Any]:
    return {} if description is None else {"description": description}


def _field(hint: Any, **options: Any) -> fields.Field:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"{hint!r}: only `X | None` is described")
        return _field(inner[0], **options, allow_none=True)
    if origin is list:
        return fields.List(_field(args[0]), **options)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return fields.Nested(dataclass_schema(hint), **options)
    if hint in SCALARS:
        return SCALARS[hint](**options)
    raise TypeError(f"{hint!r}: no schema for this type (add it to dataclass_schemas.SCALARS)")
