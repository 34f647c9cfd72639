"""Text XML cannot hold in a download (probed 7 December, morning).

U+FFFE and U+FFFF are no characters (Unicode's noncharacters) and XML 1.0 forbids them. A reporter's one activity
titled "排水\\ufffe作业" over the API (201) made every XLSX download holding it a 500 — the event's report list, the
area list for a place so named, the report's history — and the day's brief as DOCX (lxml refuses the text), for
everyone. The writers drop what XML forbids (`tables.xml_text`, the XLSX cells' and the DOCX runs' one rule): a row
stored before the input rule, or restored from an archive, still downloads.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile

import openpyxl
import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.reports.models import Report
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import event_id_of

TYPED = "排水\ufffe作业\uffff"
SHOWN = "排水作业"


def _texts(body: bytes) -> set[str]:
    """Every text cell of the workbook's first sheet."""
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    return {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}


def test_a_stored_noncharacter_still_downloads_as_xlsx(coordinator_api, seeded, database, session):  # noqa: F811
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    place = session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
    made = coordinator_api.post(f"/api/v1/events/{event_id}/reports", json={
        "kind": "activity", "area_id": place, "title": "排水作业", "observed_at": "2021-07-22 10:00"})
    assert made.status_code == 201, made.json
    # As a row stored before the input refused such text (or restored from an archive of then) holds it.
    with database.transaction() as s:
        report = s.get_one(Report, made.json["id"])
        report.title, report.note = TYPED, TYPED  # type: ignore[attr-defined]
        s.get_one(Area, place).name = "西钟楼巷\ufffe"
    for path in (f"/events/{event_id}/reports/export.xlsx", "/areas/export.xlsx",
                 f"/history/reports/{made.json['id']}/export.xlsx"):
        response = coordinator_api.get(path)
        assert response.status_code == 200, (path, response.status_code)
        texts = _texts(response.data)
        assert not any("\ufffe" in t or "\uffff" in t for t in texts), path
    assert SHOWN in _texts(coordinator_api.get(f"/events/{event_id}/reports/export.xlsx").data)
    assert "西钟楼巷" in _texts(coordinator_api.get("/areas/export.xlsx").data)


@pytest.mark.any_database  # the DOCX written from a brief's content
def test_a_stored_noncharacter_still_writes_the_brief_as_docx(db_url, tmp_path_factory):
    from incidents.briefs import formats
    from tests.briefs.conftest import compile_seed, local

    content = compile_seed(db_url, str(tmp_path_factory.mktemp("docx")), local("2021-07-25 08:00"), 3)["2021-07-24"]
    line = dataclasses.replace(content.activity[0], title=TYPED)
    header = dataclasses.replace(content.header, event_name="暴雨\ufffe", issuer="办公室\uffff")
    content = dataclasses.replace(content, activity=[*content.activity, line], header=header)
    for lang in ("zh", "en"):
        body = formats.as_docx(content, lang)
        document = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
        assert SHOWN in document and "\ufffe" not in document and "\uffff" not in document
