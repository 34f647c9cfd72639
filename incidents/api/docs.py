"""The OpenAPI 3.1 document, built from the code: `documented` beside each view, `build_spec` walks the URL map.

apispec documents; it does not validate. Every rule on what a valid record is stays in the
domains (reports/validation.py and the services); the marshmallow schemas here only describe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from marshmallow import Schema
from werkzeug.routing import Rule

from incidents.api.problems import MEDIA_TYPE, TITLES, localized

SchemaRef = type[Schema] | Schema | dict[str, Any] | None
# Methods the spec lists: HEAD and OPTIONS are Flask's own.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Operation:
    """What one documented view declares; the builder adds what the URL and decorators tell."""

    summary: Any
    tag: str
    request: SchemaRef = None
    query: type[Schema] | None = None
    responses: Mapping[int, SchemaRef] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    headers: tuple[tuple[str, Any], ...] = ()
    description: Any = None
    media: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    # False where the view reads no body as an empty object (a status action's optional reason).
    body_required: bool = True
    # The answers (by status) that carry the record's version as `ETag`.
    etag: tuple[int, ...] = ()
    # A path part's values, where the route takes any so that another is named, not a bare 404 (a brief's `fmt`).
    path_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def documented(summary: Any, *, tag: str, request: SchemaRef = None, query: type[Schema] | None = None,
               responses: Mapping[int, SchemaRef] | None = None, errors: Iterable[int] = (),
               headers: Iterable[tuple[str, Any]] = (), description: Any = None,
               media: Mapping[int, tuple[str, ...]] | None = None, body_required: bool = True,
               etag: Iterable[int] = (), path_values: Mapping[str, Iterable[str]] | None = None,
               ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a view in the OpenAPI document: summary, tag, request/query schema, responses, error codes.

    `body_required=False` for a view that takes no body as an empty object: a generated client then may omit it.
    `etag`: the statuses whose answer carries the record's version as `ETag`.
    `path_values`: {path part: its values} for a route that takes any value there to name the wrong one.

    Put it between `@bp.route` and `@requires` (it marks the function the route registers).
    Implied and added by the builder: 400 (malformed input), 401 unless public, 403 with `requires`,
    404 when the path has arguments, 413 and 422 when there is a request body (a query's view that answers 422
    lists it).
    """
    operation = Operation(summary, tag, request, query, dict(responses or {200: None}), tuple(errors),
                          tuple(headers), description, dict(media or {}), body_required, tuple(etag),
                          {name: tuple(values) for name, values in (path_values or {}).items()})

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view.api_operation = operation  # type: ignore[attr-defined]
        return view

    return mark


def openapi_path(rule: Rule) -> tuple[str, list[dict[str, Any]]]:
    """A Flask rule as an OpenAPI path (`/events/{event_id}`) and its path parameters."""
    params = []
    for match in ARGUMENT.finditer(rule.rule):
        converter, name = match.group("converter") or "default", match.group("name")
        schema: dict[str, Any] = {"type": "string"}
        if converter == "int":
            schema = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
        elif converter == "any":  # <any(json,md):fmt>: exactly these values
            schema["enum"] = [v.strip().strip("'\"") for v in (match.group("args") or "").split(",")]
        params.append({"in": "path", "name": name, "required": True, "schema": schema})
    return ARGUMENT.sub(r"{\g<name>}", rule.rule), params


def _content(schema: SchemaRef, media: tuple[str, ...] = ("application/json",)) -> dict[str, Any]:
    # A JSON-based type (application/geo+json) has a schema too.
    return {m: ({"schema": schema} if schema is not None and (m == "application/json" or m.endswith("+json"))
                else {}) for m in media}


def _operation(op: Operation, view: Callable[..., Any], path_params: list[dict[str, Any]]) -> dict[str, Any]:
    public = bool(getattr(view, "is_public", False))
    codes = set(op.errors) | {400}
    if not public:
        codes.add(401)
    if getattr(view, "required_permission", None):
        codes.add(403)
    if path_params:
        codes.add(404)
    # A query's bad value is a 400 in most views (the report list, the moments): one that answers 422 says so.
    # A body over MAX_CONTENT_LENGTH (2 MB) is refused before any view reads it: 413.
    if op.request is not None:
        codes |= {413, 422}
    responses: dict[str, Any] = {}
    for code, schema in sorted(op.responses.items()):
        responses[str(code)] = {"description": localized(TITLES.get(code, _SUCCESS.get(code, _SUCCESS[200]))),
                                **({"content": _content(schema, op.media.get(code, ("application/json",)))}
                                   if schema is not None or code in op.media else {})}
    for code in sorted(codes):
        responses[str(code)] = {"description": localized(TITLES.get(code, code)),
                                "content": {MEDIA_TYPE: {"schema": "Problem"}}}
    for code, headers in _response_headers(op).items():
        if str(code) in responses:
            responses[str(code)]["headers"] = headers
    parameters = list(path_params)
    if op.query is not None:
        parameters.append({"in": "query", "schema": op.query})
    for name, description in op.headers:
        parameters.append({"in": "header", "name": name, "required": False,
                           "schema": {"type": "string", "minLength": 1, "maxLength": 100},
                           "description": localized(description)})
    body: dict[str, Any] = {
        "summary": localized(op.summary), "tags": [op.tag], "operationId": view.__module__.rsplit(".", 1)[-1]
        + "_" + view.__name__, "parameters": parameters, "responses": responses,
        "security": [] if public else [{"bearer": []}],
    }
    if op.description:
        body["description"] = localized(op.description)
    if op.request is not None:
        body["requestBody"] = {"required": op.body_required, "content": _content(op.request)}
    return body


def _header(description: Any, required: bool) -> dict[str, Any]:
    return {"description": localized(description), "required": required, "schema": {"type": "string"}}


def _response_headers(op: Operation) -> dict[int, dict[str, Any]]:
    """The headers a client reads off the answers: ETag, Location, Idempotent-Replayed (docs/api.md)."""
    # A client polls a compile by its Location and sends a GET's ETag back as If-Match: a generated
    # client sees only what the document declares.
    out: dict[int, dict[str, Any]] = {code: {} for code in op.responses}
    replays = any(name == "Idempotency-Key" for name, _ in op.headers)
    for code in op.responses:
        if code == 201:
            out[code]["Location"] = _header(_HEADERS["created"], True)
        elif code == 202:
            out[code]["Location"] = _header(_HEADERS["queued"], True)
        elif code == 200 and replays:
            out[code]["Location"] = _header(_HEADERS["replayed_location"], False)
            out[code]["Idempotent-Replayed"] = _header(_HEADERS["replayed"], False)
    for code in op.etag:
        out.setdefault(code, {})["ETag"] = _header(_HEADERS["etag"], code in op.responses)
    if 503 in op.errors:
        out[503] = {"Retry-After": _header(_HEADERS["retry_after"], True)}
    return {code: headers for code, headers in out.items() if headers}


_HEADERS = {
    "created": _l("the new record's URL"),
    "queued": _l("the compile request's status: GET it until its status is done or failed"),
    "replayed_location": _l("the record's URL (a compile request's status), as the first answer gave it"),
    "replayed": _l("true: the first answer to this Idempotency-Key, given again; nothing was saved twice"),
    "etag": _l('the record\'s version, quoted ("3"): send it back as If-Match to change it'),
    "retry_after": _l("seconds to wait before asking again"),
}


# Not "OK"/"Created": those ids are taken by other screens' words (创建时间), and catalogs are merged.
_SUCCESS = {200: _l("Success"), 201: _l("Created: the new record"), 202: _l("Accepted: queued"),
            204: _l("Done: no content")}


def documented_rules(app: Flask) -> list[tuple[Rule, Callable[..., Any], Operation]]:
    """Every route whose view is documented, in path order."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        view = app.view_functions.get(rule.endpoint)
        operation = getattr(view, "api_operation", None)
        if view is not None and operation is not None:
            found.append((rule, view, operation))
    return found


# SPEC_ONCE: the document is built once per language and process, then kept (routes and schemas do
# not change while the app runs): building it walks every route and schema. The reference page took
# 117 ms, then 41-55 ms once kept (test client, 1 December); under the dev server on a busy machine
# a newcomer saw it pass 1 s.
_SPECS = "incidents.api_specs"


def spec_for(app: Flask) -> dict[str, Any]:
    """build_spec in the request's language, built on first use and kept per language (SPEC_ONCE)."""
    from flask_babel import get_locale

    specs = app.extensions.setdefault(_SPECS, {})
    language = str(get_locale())
    if language not in specs:
        specs[language] = build_spec(app)
    return specs[language]


class _Plugin(MarshmallowPlugin):
    """MarshmallowPlugin that also writes a schema class's `component_description` (dataclass_schemas sets it)."""

    # MarshmallowPlugin's own signature, which differs from BasePlugin's (apispec is untyped there).
    def schema_helper(self, name: Any, _: Any, schema: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
        """The component's JSON schema, with its description when the class carries one."""
        json_schema = super().schema_helper(name, _, schema=schema, **kwargs)
        description = getattr(schema, "component_description", None)
        if json_schema is not None and description is not None:
            json_schema["description"] = description
        return json_schema


def build_spec(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every documented route, in the reader's language."""
    from flask_babel import gettext as _

    from incidents.api.schemas import ProblemSchema

    spec = APISpec(title=_("Incident Log API"), version="1", openapi_version="3.1.0",
                   plugins=[_Plugin()],
                   info={"description": _("Reports, events, areas and briefs of the incident log. "
                                          "Authenticate with a personal API token: Authorization: Bearer <token>.")})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Problem", schema=ProblemSchema)
    paths: dict[str, dict[str, Any]] = {}
    for rule, view, operation in documented_rules(app):
        path, params = openapi_path(rule)
        for param in params:
            if param["name"] in operation.path_values:
                param["schema"]["enum"] = list(operation.path_values[param["name"]])
        for method in sorted(m for m in (rule.methods or ()) if m in METHODS):
            paths.setdefault(path, {})[method.lower()] = _operation(operation, view, params)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return _resolved(spec.to_dict())


def _resolved(node: Any) -> Any:
    """The document with every lazy message (a field description marked `_l`) in the reader's language."""
    # apispec copies a field's metadata as it is: the lazy string must become text here, in this request's language.
    if isinstance(node, dict):
        return {key: _resolved(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolved(value) for value in node]
    return str(node) if isinstance(node, LazyString) else node
