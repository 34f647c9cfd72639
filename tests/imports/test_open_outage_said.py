"""An outage row at a place whose outage is not restored yet is said in the import's preview, as the report form asks
before saving a second one there (reports/doubts.py, one rule): a file re-logging an outage already open doubled the
place's households out in the timeline and the brief without a word (7 December)."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Area, PowerOutage
from tests.conftest import csrf_from, switch_language
from tests.imports.conftest import count_reports, csv_bytes
from tests.imports.test_repeated_rows_said import said

ROWS = [["地点", "停电时间", "停电户数"],
        ["文峰区/北大街街道/文峰汇·十二府", "2021-07-25 10:00", "30"],
        ["文峰区/北大街街道/西钟楼巷", "2021-07-25 10:00", "10"],
        ["文峰区/北大街街道/西钟楼巷", "2021-07-25 11:00", "12"]]


def _open_one(session) -> PowerOutage:  # noqa: ANN001
    place = session.scalar(sa.select(Area).where(Area.name == "文峰汇·十二府"))
    return session.scalar(sa.select(PowerOutage).where(PowerOutage.area_id == place.id,
                                                       PowerOutage.restored_at.is_(None)))


def test_the_preview_names_the_open_outage_at_each_rows_place(client, auth, event, make_user, database, session):
    from tests.imports.test_pages import upload

    open_one = _open_one(session)
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    token, preview = upload(client, url, csv_bytes(ROWS))
    assert preview.status_code == 200
    warned = [item for item in said(preview) if "尚未恢复" in item]
    assert warned == [f"此地点已有尚未恢复的停电（第2行：停电#{open_one.id}，自7月22日起；第4行：第3行的停电）："
                      "如是同一次停电，请删去该行，改报“停电进展”；如确是另一次停电，照常导入"], said(preview)
    # A warning, as the form's box: the rows are imported when confirmed.
    before = count_reports(database)
    done = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(preview.get_data(as_text=True)),
                                                          "token": token})
    assert done.status_code == 302 and count_reports(database) == before + 3
    _token, again = upload(client, url, csv_bytes(ROWS))  # nothing new: nothing to warn of
    assert not [item for item in said(again) if "尚未恢复" in item]
    switch_language(client, "en")
    _token, english = upload(client, url, csv_bytes([ROWS[0], ["文峰区/北大街街道/西钟楼巷", "2021-07-26 09:00", "5"]]))
    with database.read_session() as fresh:  # the latest of the place's two, as the form's question names
        stored = fresh.scalar(sa.select(sa.func.max(PowerOutage.id)))
    assert (f"An outage not restored yet is already logged at the place of line 2 (outage #{stored}, since 25 Jul "
            "11:00): if it is the same outage, delete the row and report its progress instead (Outage update); if it "
            "is another one, import it as it is") in said(english), said(english)


def test_the_command_says_it_too(runner, event, make_user, tmp_path, session):
    open_one = _open_one(session)
    make_user("co", "coordinator")
    path = tmp_path / "outages.csv"
    path.write_bytes(csv_bytes(ROWS))
    result = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert (f"an outage not restored yet is already logged at the place of line 2 (outage #{open_one.id}, since "
            "22 Jul), line 4 (line 3's outage): if it is the same outage, delete the row and report its "
            "progress instead (outage update)") in result.output, result.output
