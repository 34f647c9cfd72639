"""benches/view_parts.py keeps timing what it names: each part of the API create's view, and restores what it wraps."""

from __future__ import annotations

from pathlib import Path

from benches import view_parts


def test_a_short_run_names_each_part_of_the_view(tmp_path: Path) -> None:
    from incidents.api import auth
    from incidents.api import reports as view_module

    before = (view_module.json_object, view_module.report_json, auth.bearer_token)
    found = view_parts.measure(f"sqlite:///{tmp_path / 'view.sqlite3'}", turns=5, rounds=1,
                               also=("incidents.inputs:GuardedJSONProvider.loads",))
    parts = {name: (us, calls) for name, us, calls in found}
    for name in ("request (wsgi_app)", "view", "event_or_404", "json_object", "json_data",
                 "report_json", "add_report_once", "commit", "make_response", "loads"):
        assert parts.get(name, (0, 0))[0] > 0, (name, parts)
    # The answer's two paths, by url_for or by their routes (ROUTE_PATHS).
    assert (parts.get("url_for") or parts.get("route_path") or (0, 0))[1] == 2
    assert parts["bearer_token"][1] == 5
    assert parts["request (wsgi_app)"][0] > parts["view"][0] > parts["add_report_once"][0]
    assert (view_module.json_object, view_module.report_json, auth.bearer_token) == before
