"""A file refused at its confirm after rows above the refused one were written (an outage-update file is stored row by
row in file order): the page says nothing was imported, in the reader's language, and it is so — no report, no history
entry, no outage's restoration moved (probed 7 December, mid-morning; held)."""

from __future__ import annotations

import html as htmllib
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area, AreaLevel
from incidents.audit.models import AuditEntry
from incidents.auth.models import User
from incidents.reports.models import PowerOutage
from incidents.reports.services import create_report
from tests.conftest import csrf_from, switch_language
from tests.imports.conftest import count_reports, csv_bytes, user_id
from tests.imports.test_pages import upload

HEADER = ["停电编号", "时间", "已恢复户数（累计）", "仍停电户数", "已全部恢复供电"]
SAID = {"zh": "未导入任何内容：请更正下列各行后重新上传文件。",
        "en": "Nothing was imported: correct the rows below and upload the file again."}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_confirm_refused_below_rows_it_wrote_keeps_nothing_and_says_so(lang, client, auth, event, make_user,
                                                                          database):
    make_user("chen", "coordinator")
    make_user("field", "reporter", scope="文峰区")
    with database.transaction() as s:
        streets = s.scalars(sa.select(Area).where(Area.level == AreaLevel.SUBDISTRICT).order_by(Area.id)).all()
        places = []
        for street in streets:
            community = s.scalar(sa.select(Area.id).where(Area.parent_id == street.id).order_by(Area.id))
            if community is not None:
                places.append((street.id, community))
        (first_street, first), (_other_street, second) = places[:2]
        start = datetime(2021, 7, 22, 0, tzinfo=UTC)
        outages = [create_report(s, "outage", {"event_id": event.id, "area_id": a, "started_at": start,
                                               "households_affected": 100}, user_id(database, "chen"),
                                 now=datetime(2021, 7, 22, 1, tzinfo=UTC)).id for a in (first, second)]
    auth.login("field")
    if lang == "en":
        switch_language(client, "en")
    rows = [HEADER, [outages[0], "2021-07-22 09:00", 100, "", "是"], [outages[1], "2021-07-22 10:00", 40, "", ""]]
    token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows), kind="outage_update")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and f"/imports/{token}/confirm" in page, page
    with database.transaction() as s:  # the office narrows the reporter to the first row's subdistrict
        s.scalar(sa.select(User).where(User.username == "field")).scope_area_id = first_street
    with database.read_session() as s:
        history = s.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    reports = count_reports(database)
    confirmed = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(page), "token": token})
    text = htmllib.unescape(confirmed.get_data(as_text=True))
    assert confirmed.status_code == 422
    assert SAID[lang] in text
    errors = text.split('class="import-errors"', 1)[1].split("</table>", 1)[0]
    assert "<td>3</td>" in errors and "<td>2</td>" not in errors  # the refused row, not the one written before it
    assert count_reports(database) == reports
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == history
        assert s.get(PowerOutage, outages[0]).restored_at is None
