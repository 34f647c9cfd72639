"""benches/request_hooks.py keeps timing what it names: every hook of an API create, the view and the request."""

from __future__ import annotations

from pathlib import Path

from benches import request_hooks


def test_a_short_run_names_each_hook_a_create_pays(tmp_path: Path) -> None:
    parts = dict(request_hooks.measure(f"sqlite:///{tmp_path / 'hooks.sqlite3'}", turns=5, rounds=1))
    for name in ("request (wsgi_app)", "session: save_session", "before: refuse_bad_text",
                 "before: _token_login", "view", "after: _security_headers", "after: _log_request"):
        assert parts.get(name, 0) > 0, (name, parts)
    assert parts["request (wsgi_app)"] > parts["view"] + parts["before: _token_login"]
