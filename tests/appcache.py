"""What the apps one test worker creates share: their compiled templates, URL builders and SQL.

Every test gets a fresh app (no state leaks from one test to the next), and each fresh app compiled
its templates and its 107 URL rules again. Measured 2 December, one process, tests/reports (275 tests):
157 s; 129 s with the templates shared; create_app alone was 88 ms of a typical test's setup, most
of it Werkzeug building each rule's URL builder (Python source compiled twice per rule).
"""

from __future__ import annotations

from typing import Any

import jinja2
import jinja2.bccache
import sqlalchemy as sa
from sqlalchemy.util import LRUCache
from werkzeug.routing.rules import Rule

from incidents import db as _db


class TemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept for every app of this process (Jinja checks each against its source)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = TemplateCode()

_compile_builder = Rule._compile_builder
_builders: dict[tuple[Any, ...], Any] = {}


def _shared_builder(self: Rule, append_unknown: bool = True) -> Any:
    """Rule._compile_builder, built once per rule shape: the function takes the rule as its first argument."""
    # What the builder's source depends on: the parsed rule (its trace), the defaults folded into it
    # by their converters, and whether unknown arguments are appended as a query string.
    key = (tuple(self._trace), repr(sorted((self.defaults or {}).items())), append_unknown,
           tuple((name, type(conv), repr(vars(conv))) for name, conv in self._converters.items()
                 if name in (self.defaults or {})))
    if key not in _builders:
        _builders[key] = _compile_builder(self, append_unknown)
    return _builders[key]


_compile = Rule.compile
_compiled: dict[tuple[Any, ...], tuple[list[Any], list[Any], dict[str, Any]]] = {}


def _shared_compile(self: Rule) -> None:
    """Rule.compile, its parse kept per rule string: each app parsed its ~110 rules again, half of create_app."""
    # What the parse reads: the rule and its domain part, slash merging, and the map's converter classes. The
    # converters made once serve every map (they hold the map, read by none: they are fixed regexes and
    # to_python/to_url); the builders are shared by _shared_builder.
    host = self.map.host_matching
    key = (self.rule, self.merge_slashes, host, (self.host if host else self.subdomain) or "",
           tuple(sorted(self.map.converters.items())))
    if key not in _compiled:
        _compile(self)
        _compiled[key] = (list(self._parts), list(self._trace), dict(self._converters))
        return
    parts, trace, converters = _compiled[key]
    self._parts, self._trace, self._converters = list(parts), list(trace), dict(converters)
    self.arguments.update(converters)
    self._build = self._compile_builder(False).__get__(self, None)
    self._build_unknown = self._compile_builder(True).__get__(self, None)


# Every test's app makes an engine, and each engine compiled every statement it ran again: its
# compiled-SQL cache is its own and keyed by its dialect object. Measured 2 December, one process,
# 39 tests (report list, carried peaks, API writes, timeline views): 21.3 s, 16.6 s sharing both.
_make_engine = _db.make_engine
_dialects: dict[str, Any] = {}
_COMPILED_SQL = LRUCache(20_000)


def _engine_sharing_compiled_sql(url: str, echo: bool = False) -> Any:
    """db.make_engine, the engine taking this process's dialect of its kind and compiled-SQL cache."""
    engine = _make_engine(url, echo)
    key = f"{engine.dialect.name}+{engine.dialect.driver}"
    shared = _dialects.get(key)
    if shared is None:
        # Shared only once initialized (server version, features), which its first connection does.
        sa.event.listen(engine, "first_connect", lambda *_: _dialects.setdefault(key, engine.dialect))
        return engine
    engine.dialect = shared
    engine.pool._dialect = shared
    engine._compiled_cache = _COMPILED_SQL
    return engine


def share() -> None:
    """Share URL rules' parses and builders and compiled SQL between this process's apps (templates: TEMPLATE_CODE)."""
    assert Rule._compile_builder is _compile_builder or Rule._compile_builder is _shared_builder
    Rule._compile_builder = _shared_builder  # type: ignore[method-assign]
    assert Rule.compile is _compile or Rule.compile is _shared_compile
    Rule.compile = _shared_compile  # type: ignore[method-assign]
    _db.make_engine = _engine_sharing_compiled_sql
