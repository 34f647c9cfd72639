"""The API's own pages: the OpenAPI document and a readable page made from it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from incidents.api.docs import documented, spec_for
from incidents.api.problems import TITLES, localized
from incidents.auth.decorators import requires
from incidents.auth.permissions import READ

bp = Blueprint("api", __name__)

# The page's headings for the spec's tags (the tags themselves stay stable identifiers).
TAG_LABELS = {"events": _l("Events"), "areas": _l("Areas"), "reports": _l("Reports"), "briefs": _l("Daily briefs"),
              "maps": _l("Map"), "timelines": _l("Restoration timeline"), "meta": _l("This document")}
# Where a parameter goes (OpenAPI's `in`), said in the page's language.
IN_LABELS = {"path": _l("in the path"), "query": _l("query string"), "header": _l("header")}


@bp.route("/api/v1/openapi.json")
@documented(_l("This document: the OpenAPI 3.1 description of the API"), tag="meta",
            responses={200: {"type": "object"}})
@requires(READ)
def openapi() -> ResponseReturnValue:
    """The OpenAPI 3.1 document, generated from the documented routes."""
    return spec_for(current_app)


def _resolve(spec: dict[str, Any], schema: dict[str, Any] | None) -> dict[str, Any]:
    """A schema with its $ref followed (components only)."""
    while schema and "$ref" in schema:
        schema = spec["components"]["schemas"].get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema or {}


def _type(schema: dict[str, Any]) -> str:
    kind = schema.get("type", "")
    shown = " | ".join(kind) if isinstance(kind, list) else str(kind)
    if "enum" in schema:
        shown += " (" + ", ".join(map(str, schema["enum"])) + ")"
    return shown or "any"


def _fields(spec: dict[str, Any], schema: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The rows of a body schema: name, type, required, description (a oneOf lists each choice's)."""
    schema = _resolve(spec, schema)
    if "oneOf" in schema:
        return [{"name": _resolve(spec, choice).get("title") or choice.get("$ref", "").rsplit("/", 1)[-1],
                 "choice": True, "fields": _fields(spec, choice)} for choice in schema["oneOf"]]
    if schema.get("type") == "array":
        return _fields(spec, schema.get("items"))
    required = set(schema.get("required", ()))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        # A member's own words (beside its $ref) say what it is here; the component's are the fallback.
        said = prop.get("description")
        prop = _resolve(spec, prop) if "$ref" in prop else prop
        rows.append({"name": name, "type": _type(prop), "required": name in required,
                     "description": said or prop.get("description", ""),
                     "nested": _fields(spec, prop.get("items")) if prop.get("type") == "array" else []})
    return rows


def _operations(spec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every operation grouped by tag, ready for the page."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            responses = []
            for code, answer in op["responses"].items():
                content = answer.get("content", {})
                json_schema = content.get("application/json", {}).get("schema")
                responses.append({"code": code, "description": answer["description"], "media": list(content),
                                  "fields": _fields(spec, json_schema) if json_schema else []})
            groups.setdefault(op["tags"][0], []).append({
                "method": method.upper(), "path": path, "summary": op["summary"],
                "description": op.get("description", ""), "public": op.get("security") == [],
                "parameters": op.get("parameters", []), "body": _fields(spec, body) if body else [],
                "responses": responses, "anchor": op["operationId"]})
    return groups


@bp.route("/api/docs")
@requires(READ)
def docs() -> ResponseReturnValue:
    """The API described for people: each route with its parameters, fields and answers, by tag."""
    spec = spec_for(current_app)
    problems = [(code, localized(title)) for code, title in sorted(TITLES.items())]
    return render_template("api/docs.html", spec=spec, groups=_operations(spec), problems=problems,
                           tag_labels={tag: localized(label) for tag, label in TAG_LABELS.items()},
                           in_labels={where: localized(label) for where, label in IN_LABELS.items()})
