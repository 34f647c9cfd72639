"""A brief's ?table= picks one of its CSV download's tables: sent with another format it is refused by name."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.briefs.models import Brief
from tests import seedcopy


@pytest.fixture
def brief_id(ids, database) -> int:
    """The seed event's first daily brief, compiled as the scheduler would on 23 July."""
    now = datetime(2021, 7, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert seedcopy.compiled(database, ids.event_id, now, 30)
    with database.read_session() as s:
        return s.scalar(sa.select(Brief.id).order_by(Brief.id).limit(1))


@pytest.fixture
def reporter(ids, login_as):
    return login_as("reporter", scope="文峰区/北大街街道")


@pytest.mark.parametrize("fmt", ["txt", "md", "json", "docx"])
def test_a_table_asked_of_a_format_without_tables_is_refused_by_name(reporter, brief_id, fmt):
    # It was ignored: ?table=outages on the JSON or the text gave the whole brief, as though it were that table.
    page = reporter.get(f"/briefs/{brief_id}/export/{fmt}?table=outages")
    assert page.status_code == 400, page.status_code
    assert "表格：" in page.get_data(as_text=True)
    api = reporter.get(f"/api/v1/briefs/{brief_id}/{fmt}?table=outages")
    assert api.status_code == 400, api.status_code
    assert list(api.get_json()["errors"]) == ["table"]


def test_the_csv_takes_its_tables(reporter, brief_id):
    for url in (f"/briefs/{brief_id}/export/csv?table=outages", f"/api/v1/briefs/{brief_id}/csv?table=outages",
                f"/briefs/{brief_id}/export/txt", f"/briefs/{brief_id}/export/txt?table="):
        assert reporter.get(url).status_code == 200, url
