"""What the apps one test worker creates share: their compiled templates and URL builders.

Every test gets a fresh app (no state leaks from one test to the next), and each fresh app compiled
its templates and its 107 URL rules again. Measured 2 December, one process, tests/reports (275 tests):
157 s; 129 s with the templates shared; create_app alone was 88 ms of a typical test's setup, most
of it Werkzeug building each rule's URL builder (Python source compiled twice per rule).
"""

from __future__ import annotations

from typing import Any

import jinja2
import jinja2.bccache
from werkzeug.routing.rules import Rule


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


def share() -> None:
    """Share URL builders between this process's apps (templates are shared per app: TEMPLATE_CODE)."""
    assert Rule._compile_builder is _compile_builder or Rule._compile_builder is _shared_builder
    Rule._compile_builder = _shared_builder  # type: ignore[method-assign]
