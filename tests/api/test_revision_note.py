"""A new revision's note says what changed since the one it replaces, not only the reports received since.

Found by replaying a flood through the API: revision 2 of 第1期 said "新纳入此后收到的报告0份" although a
PATCH had moved the households out from 400余 to 420余. A correction, a retraction, a report sent back
or restored, a zero report change a revision's figures as much as a new report does.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports.models import COUNTED, Report, ReportKind
from tests.api.conftest import TokenClient, compiled_brief

DAY = "2021-07-25"


def _compiled(api: TokenClient, database, url: str, body: dict | None = None) -> dict:  # noqa: ANN001
    """The brief's JSON, compiled over the API."""
    return api.get(compiled_brief(api, database, url, body)["formats"]["json"]).json


def _text(api: TokenClient, brief_id: int) -> str:
    return api.get(f"/api/v1/briefs/{brief_id}/txt?lang=en").get_data(as_text=True)


def _quality(brief: dict) -> dict:
    q = brief["content"]["quality"]
    return {k: q[f"{k}_since_previous_revision"] for k in ("added", "corrected", "retracted", "returned",
                                                         "restored")}


def test_a_revision_counts_corrections_retractions_and_restores(seeded, database,
                                                               coordinator_api: TokenClient):
    api = coordinator_api
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        place = s.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
        subdistrict = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
        later = s.scalar(sa.select(Report.id).where(  # a point report, not an interval reaching back
            Report.event_id == event.id, Report.status.in_(COUNTED), Report.kind == ReportKind.DISINFECTION,
            Report.observed_at > datetime(2021, 7, 27, tzinfo=UTC)))
    url = f"/api/v1/events/{event.id}/reports"
    # Four clearances of the day, known (reported_at) before its brief was due.
    ids = []
    for n in range(4):
        made = api.post(url, json={"kind": "debris", "area_id": place, "mass_kg": 1000 + n,
                                   "period_start": f"{DAY} 08:00", "period_end": f"{DAY} 12:00",
                                   "reported_at": f"{DAY} 20:0{n}"})
        assert made.status_code == 201, made.get_data(as_text=True)
        ids.append(made.json["id"])
    corrected, retracted, returned, restored = ids

    first = _compiled(api, database, f"/api/v1/events/{event.id}/briefs/compile", {"day": DAY})
    assert first["content"]["debris"]["mass_kg"]["period"]["value"] >= 4006
    # A second revision at once takes in the seed's late reports: the third starts from there.
    assert api.post(f"/api/v1/reports/{restored}/retract").status_code == 200
    second = _compiled(api, database, f"/api/v1/briefs/{first['id']}/recompile")
    assert second["content"]["header"]["revision"] == 2

    report = api.get(f"/api/v1/reports/{corrected}").json
    fixed = api.patch(f"/api/v1/reports/{corrected}", json={"version": report["version"], "mass_kg": 2000})
    assert fixed.status_code == 200, fixed.get_data(as_text=True)
    report = api.get(f"/api/v1/reports/{later}").json  # after the day: changes nothing of it
    assert api.patch(f"/api/v1/reports/{later}", json={"version": report["version"], "note": "x"}).status_code == 200
    assert api.post(f"/api/v1/reports/{retracted}/retract").status_code == 200
    assert api.post(f"/api/v1/reports/{returned}/return", json={"reason": "数字有误"}).status_code == 200
    assert api.post(f"/api/v1/reports/{restored}/restore").status_code == 200
    made = api.post(url, json={"kind": "activity", "area_id": place, "title": "补报巡查",
                               "observed_at": f"{DAY} 15:00"})
    assert made.status_code == 201, made.get_data(as_text=True)
    zero = api.post(url, json={"kind": "zero_report", "area_id": subdistrict, "period_day": DAY})
    assert zero.status_code == 201, zero.get_data(as_text=True)

    third = _compiled(api, database, f"/api/v1/briefs/{second['id']}/recompile")
    assert third["content"]["header"]["revision"] == 3
    # The clearances: 2000 (corrected) + 1003 (restored) in place of 1000 + 1001 + 1002.
    assert (third["content"]["debris"]["mass_kg"]["period"]["value"]
            - second["content"]["debris"]["mass_kg"]["period"]["value"]) == 2000 + 1003 - 1000 - 1001 - 1002
    assert _quality(third) == {"added": 2, "corrected": 1, "retracted": 1, "returned": 1, "restored": 1}
    text = _text(api, third["id"])
    assert ("This revision replaces revision 2 (reports known by " in text
            and "since then 2 new reports are included, 1 corrected, 1 retracted, 1 sent back, 1 restored."
            in text), text
    chinese = api.get(f"/api/v1/briefs/{third['id']}/txt?lang=zh").get_data(as_text=True)
    assert "新纳入此后获知的报告2份，更正1份，撤回1份，退回1份，恢复1份。" in chinese, chinese

    # Nothing changed since: a recompile says 0 and names no other change.
    fourth = _compiled(api, database, f"/api/v1/briefs/{third['id']}/recompile")
    assert _quality(fourth) == {"added": 0, "corrected": 0, "retracted": 0, "returned": 0, "restored": 0}
    text = _text(api, fourth["id"])
    assert "since then 0 new reports are included." in text, text

    # Only a correction since: the note names it and leaves out the new reports' 0.
    report = api.get(f"/api/v1/reports/{corrected}").json
    assert api.patch(f"/api/v1/reports/{corrected}", json={"version": report["version"], "mass_kg": 2100}
                     ).status_code == 200
    fifth = _compiled(api, database, f"/api/v1/briefs/{fourth['id']}/recompile")
    assert _quality(fifth) == {"added": 0, "corrected": 1, "retracted": 0, "returned": 0, "restored": 0}
    assert "since then, 1 corrected." in _text(api, fifth["id"])
    chinese = api.get(f"/api/v1/briefs/{fifth['id']}/txt?lang=zh").get_data(as_text=True)
    assert "此后，更正1份。" in chinese and "报告0份" not in chinese, chinese
