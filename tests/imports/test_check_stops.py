"""A file whose rows are all wrong is refused after its first 500 errors, saying where the check stopped: checking
every one of 1,000,000 such rows (a 4 MB file) held a worker for minutes, past gunicorn's 60 s, and gigabytes."""

from __future__ import annotations

from incidents.imports.checks import MAX_PROBLEMS
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload

JUNK_ROWS = 3 * MAX_PROBLEMS


def _problem_lines(html: str) -> list[str]:
    import re

    errors = html.split('class="import-errors"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(\d+)</td>", errors)


def test_a_reports_file_of_junk_stops_at_the_500th_error(client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    rows = [["area", "title", "observed_at"]] + [["不存在的地点", "巡查", "2021-07-24 10:00"]] * JUNK_ROWS
    _token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows), kind="activity")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    lines = _problem_lines(html)
    assert len(lines) == MAX_PROBLEMS + 1, len(lines)
    # Lines 2..501 are the errors; the note stands on the line the check stopped at.
    assert lines[-1] == str(MAX_PROBLEMS + 1)
    assert "检查在此行停止：已发现500处错误，请改正后重新上传" in html


def test_an_areas_file_of_junk_stops_too(client, auth, make_user, seeded):
    make_user("root", "admin")
    auth.login("root")
    rows = [["路径", "级别"]] + [[f"不存在/地点{i}", "社区"] for i in range(JUNK_ROWS)]
    _token, preview = upload(client, "/areas/import", csv_bytes(rows), "areas.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert len(_problem_lines(html)) == MAX_PROBLEMS + 1
    assert "检查在此行停止" in html


def test_outage_updates_checked_as_stored_stop_too(client, auth, event, make_user):
    """Outage updates are checked by storing each in file order (services._store_in_order): the same stop."""
    make_user("co", "coordinator")
    auth.login("co")
    rows = [["outage_id", "observed_at", "households_restored"]] + [["999999", "2021-07-24 10:00", "5"]] * JUNK_ROWS
    _token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows), kind="outage_update")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert len(_problem_lines(html)) == MAX_PROBLEMS + 1
