"""An edit sent back for a typing error is judged as an edit: a figure and place left as they were stored are not
refused against an area lowered since (the allowance the save itself gives, kind_rules._kept). Before, the
typing-error path judged the form as a new report and named the unchanged figure beside the typo."""

from __future__ import annotations

import html as htmllib

import sqlalchemy as sa

from incidents.models import Area, Report
from tests.reports.conftest import when


def test_an_edit_with_a_typo_does_not_refuse_the_unchanged_figure_of_a_lowered_area(
    client, auth, forms, event, make_user, area_id, database
):
    make_user("wang", "coordinator")
    auth.login("wang")
    place = area_id("西钟楼巷")
    with database.transaction() as s:
        s.execute(sa.update(Area).where(Area.id == place).values(households=600))
    created = forms.submit(
        f"/events/{event.id}/reports/new/outage",
        {"area_id": str(place), **when("started_at", "2021-07-23", "19:00"), "households_affected": "460"},
    )
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    report_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    with database.transaction() as s:
        s.execute(sa.update(Area).where(Area.id == place).values(households=100))
    url = f"/reports/{report_id}/edit"
    sent = {"area_id": str(place), **when("started_at", "2021-07-23", "19:00"), "households_affected": "460"}
    # An unreadable ETR beside the unchanged figure: only the ETR is named.
    typo = forms.submit(url, {**sent, **when("etr_at", "2021-07-24", "25:99")})
    page = htmllib.unescape(typo.get_data(as_text=True))
    assert typo.status_code == 422
    assert 'id="etr_at-error"' in page
    assert 'id="households_affected-error"' not in page, "the unchanged figure was judged as a new report's"
    # The same form without the typo is saved: the two paths agree.
    saved = forms.submit(url, sent)
    assert saved.status_code == 302
    with database.read_session() as s:
        assert s.get(Report, report_id).households_affected == 460
