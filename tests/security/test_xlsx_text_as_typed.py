"""Text that spells a spreadsheet error (probed 6 December, night): a clerk's "#N/A" for a note or a title
(meaning "not applicable"), or a place named "#NULL!", was written to every XLSX download as an error cell
(openpyxl reads a string equal to one of Excel's error codes as that error): the sheet showed #N/A as an error,
not the text typed, and a formula over the column (COUNTIF, a lookup) met an error; a spreadsheet opening the CSV
read it so too. Now such text is a string cell, and a CSV cell with the quote, as formula-like text already was
(`csvfile.formula_like`, read by `tables.to_xlsx` and `csvfile.safe_cell`)."""

from __future__ import annotations

import csv
import io

import openpyxl
import sqlalchemy as sa

from incidents.areas.models import Area
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import event_id_of

ERRORS = ["#N/A", "#REF!", "#DIV/0!", "#NULL!", "#NAME?", "#NUM!", "#VALUE!"]


def _cells(body: bytes) -> dict[str, str]:
    """Every cell of the first sheet whose value is text starting with #: its value and its data type."""
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    return {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and cell.value.startswith("#")}


def test_a_title_or_note_spelling_an_error_is_text_in_the_workbook(coordinator_api, seeded, database,  # noqa: F811
                                                                   session):
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    place = session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
    for i, text in enumerate(ERRORS):
        made = coordinator_api.post(f"/api/v1/events/{event_id}/reports", json={
            "kind": "activity", "area_id": place, "title": text, "note": text if i % 2 else None,
            "observed_at": f"2021-07-22 1{i}:00"})
        assert made.status_code == 201, made.json
    response = coordinator_api.get(f"/events/{event_id}/reports/export.xlsx")
    assert response.status_code == 200
    assert _cells(response.data) == dict.fromkeys(ERRORS, "s")


def test_a_place_named_as_an_error_is_text_in_the_area_list(coordinator_api, seeded, session):  # noqa: F811
    parent = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    made = coordinator_api.post("/api/v1/areas", json={"name": "#NULL!", "name_en": "#NAME?", "level": "site",
                                                       "parent_id": parent})
    assert made.status_code == 201, made.json
    response = coordinator_api.get("/areas/export.xlsx")
    assert response.status_code == 200
    cells = _cells(response.data)
    assert cells.get("#NULL!") == "s" and cells.get("#NAME?") == "s", cells


def test_a_title_spelling_an_error_is_text_in_the_csv_and_reads_back_as_typed(coordinator_api, seeded,  # noqa: F811
                                                                              database, session):
    """A spreadsheet opening the CSV reads #N/A (any case) as the error too: the cell carries the quote formula-like
    text carries, which the reports import takes off again (imports.csv_reading._unquoted)."""
    from incidents.csvfile import iter_csv
    from incidents.imports.csv_reading import _unquoted

    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    place = session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
    for i, text in enumerate([*ERRORS, "#n/a"]):
        made = coordinator_api.post(f"/api/v1/events/{event_id}/reports", json={
            "kind": "activity", "area_id": place, "title": text, "observed_at": f"2021-07-22 1{i}:00"})
        assert made.status_code == 201, made.json
    body = coordinator_api.get(f"/events/{event_id}/reports/export.csv").get_data(as_text=True)
    cells = {cell for row in csv.reader(io.StringIO(body)) for cell in row}
    assert {f"'{text}" for text in [*ERRORS, "#n/a"]} <= cells
    assert not cells & {*ERRORS, "#n/a"}
    assert {_unquoted(f"'{text}") for text in ERRORS} == set(ERRORS)
    assert "".join(iter_csv(["a"], [["#1 楼"], ["#N/A 待核"]], bom=False)) == "a\r\n#1 楼\r\n#N/A 待核\r\n"
