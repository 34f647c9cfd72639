"""Text spelling an OOXML escape (probed 7 December, morning): ECMA-376 reads `_xHHHH_` in a cell's text (ST_Xstring,
Part 1 §22.9.2.19) as the character U+HHHH, and `_x005F_` as the underscore that keeps a typed one literal. A place
named "_x0041_仓库" or a title "_x000D_" was written to every XLSX download as typed, which Excel shows as "A仓库" and a
line break; the area list's workbook imported back gave the name as typed only because the import did not read
escapes either, so a workbook Excel had saved (shared strings, `_x005F_` before a typed escape, `_x000D_` for a
carriage return) came in unlike what the clerk saw. Now the writer (`tables.to_xlsx`) escapes the underscore of such
text, and the import reads every string cell as ECMA-376 says (`imports/xlsx_reading`)."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import sqlalchemy as sa

from incidents import demo
from incidents.areas.models import Area
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import csrf_from, empty_tables, event_id_of
from tests.imports.test_pages import upload

TYPED = ["_x0041_仓库", "泵站_x000D_", "_x005F_x0041_", "_X0041_", "_x00411_", "a_x4E2D_b"]
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _as_excel_shows(text: str) -> str:
    """A cell's stored text as a spreadsheet following ECMA-376 shows it."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _sheet_texts(body: bytes) -> set[str]:
    """Every string the first sheet stores (inline or shared), shown as Excel shows it."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        parts = [archive.read(name) for name in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml")
                 if name in archive.namelist()]
    tag = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t"
    return {_as_excel_shows(t.text or "") for part in parts for t in ElementTree.fromstring(part).iter(tag)}


def test_a_title_spelling_an_escape_shows_as_typed_in_the_workbook(coordinator_api, seeded, database,  # noqa: F811
                                                                    session):
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    place = session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
    for i, text in enumerate(TYPED):
        made = coordinator_api.post(f"/api/v1/events/{event_id}/reports", json={
            "kind": "activity", "area_id": place, "title": text, "observed_at": f"2021-07-22 1{i}:00"})
        assert made.status_code == 201, made.json
    body = coordinator_api.get(f"/events/{event_id}/reports/export.xlsx").data
    shown = _sheet_texts(body)
    assert set(TYPED) <= shown, set(TYPED) - shown
    assert not {"A仓库", "泵站\r", "_x0041_", "a中b"} & shown


def test_a_place_spelling_an_escape_comes_back_as_typed_through_the_area_lists_workbook(client, auth, make_user,
                                                                                         seeded, database):
    with database.transaction() as s:
        from incidents.areas import services
        from incidents.areas.models import AreaLevel

        parent = s.get(Area, demo._area_by_path(s, "文峰区/北大街街道").id)
        services.create_area(s, parent=parent, user_id=None, name="_x0041_仓库", name_en="Depot _x005F_x0041_",
                             level=AreaLevel.SITE)
    make_user("root", "admin")
    auth.login("root")
    book = client.get("/areas/export.xlsx").get_data()
    assert {"_x0041_仓库", "Depot _x005F_x0041_"} <= _sheet_texts(book)
    tree = _tree(client)
    empty_tables(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
    make_user("root", "admin")
    auth.login("root")
    token, preview = upload(client, "/areas/import", book, "areas.xlsx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    confirm = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert confirm.status_code == 302
    assert _tree(client) == tree
    with database.read_session() as s:
        assert s.scalar(sa.select(Area.name_en).where(Area.name == "_x0041_仓库")) == "Depot _x005F_x0041_"


def _tree(client) -> list[dict[str, str]]:
    """The area list as downloaded (CSV), without this database's own numbers."""
    text = client.get("/areas/export.csv").get_data().decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(text))
    return [{k: v for k, v in row.items() if k not in ("编号", "上级编号")} for row in rows]


def _excel_saved(rows: list[list[str]]) -> bytes:
    """A workbook as Excel saves one: every text in the shared strings, escaped as ECMA-376 says."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    strings = [s for row in rows for s in row]
    shared = "".join(
        f"<si><t xml:space=\"preserve\">{re.sub(r'_(?=x[0-9A-Fa-f]{4}_)', '_x005F_', s).replace(chr(13), '_x000D_')}"
        "</t></si>" for s in strings)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source:
        members = {m.filename: source.read(m.filename) for m in source.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    index = iter(range(len(strings)))
    sheet = re.sub(r'<c r="([A-Z]+\d+)" t="inlineStr"><is><t[^>]*>[^<]*</t></is></c>',
                   lambda m: f'<c r="{m.group(1)}" t="s"><v>{next(index)}</v></c>', sheet)
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    members["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>').encode()
    types = members["[Content_Types].xml"].decode()
    if "sharedStrings" not in types:
        members["[Content_Types].xml"] = types.replace("</Types>", (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sharedStrings+xml"/></Types>')).encode()
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    if "sharedStrings" not in rels:
        members["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", (
            '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>')).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return out.getvalue()


def test_a_workbook_excel_saved_imports_what_the_clerk_saw(client, auth, make_user, seeded, database):
    from incidents.imports.xlsx_reading import xlsx_rows

    typed = ["_x0041_仓库", "x005F_ 标记", "第一行\r\n第二行"]
    book = _excel_saved([["名称", "备注"], [typed[0], typed[1]], [typed[2], "_x005F_"]])
    refused: list = []
    rows = [values for _number, values in xlsx_rows(book, refused)]
    assert refused == []
    assert rows == [["名称", "备注"], [typed[0], typed[1]], [typed[2], "_x005F_"]]


def test_an_inline_string_spelling_an_escape_imports_as_excel_shows_it():
    """Another program's workbook (inline strings, as openpyxl writes them) holding `_x0041_`: Excel shows A, the
    import reads A; `_x005F_x0041_` is the typed `_x0041_`."""
    from openpyxl import Workbook

    from incidents.imports.xlsx_reading import xlsx_rows

    book = Workbook()
    book.active.append(["_x0041_仓库", "_x005F_x0041_", "_x004"])
    out = io.BytesIO()
    book.save(out)
    refused: list = []
    assert [values for _n, values in xlsx_rows(out.getvalue(), refused)] == [["A仓库", "_x0041_", "_x004"]]


def test_an_escape_of_half_a_character_is_refused_by_its_cell(client, auth, make_user, seeded, database):
    """`_xD800_` alone is half of a UTF-16 pair, no character: the preview was a 500 (the page could not be written);
    now its cell is refused by line and column. A whole pair (`_xD83D__xDE00_`) is its one character."""
    from openpyxl import Workbook

    from tests.imports.conftest import count_reports

    make_user("co", "coordinator")
    auth.login("co")
    event_id = event_id_of(database, "wenfeng-2021-07-rainstorm")
    book = Workbook()
    book.active.append(["地点", "事项", "时间"])
    book.active.append(["文峰区/北大街街道/西钟楼巷", "_xD800_巡查", "2021-07-24 09:00"])
    book.active.append(["文峰区/北大街街道/西钟楼巷", "_xD83D__xDE00_巡查", "2021-07-24 10:00"])
    out = io.BytesIO()
    book.save(out)
    before = count_reports(database)
    _token, preview = upload(client, f"/events/{event_id}/import", out.getvalue(), "log.xlsx", kind="activity")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422, html
    errors = html.split('class="import-errors"', 1)[1].split("</table>", 1)[0]
    assert "<td>2</td><td>事项</td><td>含有孤立代理字符（不是有效的Unicode）</td>" in errors, errors
    assert "<td>3</td>" not in errors and "😀巡查" in html
    assert count_reports(database) == before


def test_any_text_of_underscores_and_hex_reads_back_as_written():
    """The writer's escape and the reader's unescape undo each other, whatever run of underscores, x and hex digits
    is typed (`__x0041_`, `_x0041_x0042_`, `_x005F_`)."""
    import random

    from incidents.imports.xlsx_reading import unescaped
    from incidents.tables import xlsx_text

    letters = ["_", "x", "X", "0", "4", "1", "5", "F", "f", "D", "8", "中"]
    picked = random.Random(7)
    for _ in range(20_000):
        text = "".join(picked.choice(letters) for _ in range(picked.randint(0, 16)))
        assert unescaped(xlsx_text(text)) == text, text
        assert _as_excel_shows(xlsx_text(text)) == text, text


# The shared strings LibreOffice Calc 7.4.7 wrote for text typed there (scripts/xlsx_escapes_libreoffice.py,
# 7 December): a cell mixing Latin and Chinese is rich text, one run per font; a typed escape's opening underscore
# is _x005F_.
LIBREOFFICE_SHARED = [
    '<t xml:space="preserve">事项</t>',
    '<r><rPr><sz val="10"/><rFont val="Arial"/><family val="2"/></rPr><t xml:space="preserve">_x005F_x0041_</t></r>'
    '<r><rPr><sz val="10"/><rFont val="Noto Sans CJK SC"/><family val="2"/></rPr><t xml:space="preserve">仓库</t></r>',
    '<r><rPr><sz val="10"/><rFont val="Noto Sans CJK SC"/><family val="2"/></rPr><t xml:space="preserve">泵站</t></r>'
    '<r><rPr><sz val="10"/><rFont val="Arial"/><family val="2"/></rPr><t xml:space="preserve">_x005F_x000D_</t></r>',
    '<t xml:space="preserve">a_x005F_x4E2D_b</t>',
]


def test_a_workbook_libreoffice_saved_imports_what_was_typed():
    """Typed in LibreOffice and saved as XLSX: each rich-text cell's runs joined, then read as ECMA-376 says."""
    from incidents.imports.xlsx_reading import xlsx_rows

    book = _excel_saved([["事项"], ["1"], ["2"], ["3"]])
    with zipfile.ZipFile(io.BytesIO(book)) as source:
        members = {m.filename: source.read(m.filename) for m in source.infolist()}
    members["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="4" uniqueCount="4">{"".join(f"<si>{si}</si>" for si in LIBREOFFICE_SHARED)}</sst>').encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    refused: list = []
    rows = [values for _n, values in xlsx_rows(out.getvalue(), refused)]
    assert refused == [] and rows == [["事项"], ["_x0041_仓库"], ["泵站_x000D_"], ["a_x4E2D_b"]]
