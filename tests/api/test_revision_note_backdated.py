"""A report entered after a revision was compiled, with a stated `reported_at` before its cut-off, is new to the next.

Found by replaying a flood through the API: a coordinator entered a clearance the office had learned
of the evening before (its real `reported_at`) after the morning's brief was compiled. The recompile
counted its tonnes, but the revision's note read "since then 0 new reports are included": the note
took only reports whose `reported_at` is after the previous cut-off, not those the previous revision
never saw (the ledger's rule, `queries.new_reports`).
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import local, make_builder


def _compiled(api: TokenClient, database, url: str, body: dict | None = None) -> dict:  # noqa: ANN001
    """The brief's JSON, compiled over the API."""
    return api.get(compiled_brief(api, database, url, body)["formats"]["json"]).json


def test_a_backdated_report_entered_after_the_compile_is_new_to_the_revision(database,
                                                                              coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"

    def clearance(kg: int, reported_at: str) -> None:
        made = api.post(url, json={"kind": "debris", "area_id": b.areas["site-a"], "mass_kg": kg,
                                   "period_start": "2021-07-01 08:00", "period_end": "2021-07-01 12:00",
                                   "reported_at": reported_at})
        assert made.status_code == 201, made.get_data(as_text=True)

    clearance(1000, "2021-07-01 13:00")
    first = _compiled(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    assert first["content"]["debris"]["mass_kg"]["period"]["value"] == 1000
    # Learned at 20:00 the day before the brief was due, entered only now.
    clearance(500, "2021-07-01 20:00")
    second = _compiled(api, database, f"/api/v1/briefs/{first['id']}/recompile")
    assert second["content"]["debris"]["mass_kg"]["period"]["value"] == 1500
    assert second["content"]["quality"]["added_since_previous_revision"] == 1
    text = api.get(f"/api/v1/briefs/{second['id']}/txt?lang=en").get_data(as_text=True)
    assert "since then 1 new reports are included." in text, text
