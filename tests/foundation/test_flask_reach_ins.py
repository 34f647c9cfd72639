"""A module that is not a view reaches into Flask from inside a function only where its job is the request.

inputs.lang_param read `flask.request.args` itself (an import inside the function, unseen at the top of the
module): a foundations module depending on a request it was never handed. It now takes the query's args, as
refuse_nul does, the views passing `request.args`. The functions below are the request's own glue, kept.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from incidents import inputs

PACKAGE = Path(inputs.__file__).parent

# (module, function): why its job is the request or the app, so reaching into Flask is no reach-in.
REQUEST_GLUE = {
    ("formatting.py", "reader_lang"): "the one place the reader's language is read, for views and templates",
    ("formatting.py", "_translations_of"): "a template filter's fallback where no context processor ran",
    ("formatting.py", "init_app"): "registers the template filters and context processor",
    ("formatting.py", "_lang_ctx"): "the template context processor",
    ("web.py", "init_app"): "the app's web wiring",
    ("web.py", "_event_links"): "a template context processor",
    ("web.py", "event_links"): "a template context processor",
    ("web.py", "_register_errors"): "the app's error pages",
    ("cliapp.py", "cli_app"): "the app a command runs in",
    ("api/docs.py", "spec_for"): "the API reference in the request's language",
    ("api/docs.py", "build_spec"): "the API reference in the request's language",
    ("api/problems.py", "from_http_exception"): "the API's answer to an HTTP error",
}


def _flask_imports_in_functions() -> set[tuple[str, str]]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if path.name.endswith("views.py") or relative.parts[0] == "migrations":
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                if any(name.split(".")[0].startswith("flask") for name in names):
                    found.add((relative.as_posix(), function.name))
    return found


def test_no_module_but_the_request_glue_imports_flask_inside_a_function():
    # Equal, not within: an entry whose reach-in has gone (db.py's, moved to request_db.py) is dropped from the list.
    assert _flask_imports_in_functions() == set(REQUEST_GLUE)


def test_lang_param_reads_the_args_it_is_given_outside_any_request():
    assert inputs.lang_param(MultiDict(), "zh") == "zh"
    assert inputs.lang_param(MultiDict({"lang": ""}), "en") == "en"
    assert inputs.lang_param(MultiDict({"lang": "en"}), "zh") == "en"
    for value in ("xx", "EN", "en-US"):
        with pytest.raises(inputs.BadField) as refused:
            inputs.lang_param(MultiDict({"lang": value}), "zh")
        assert refused.value.field == "lang"
