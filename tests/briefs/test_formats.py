"""Every format renders from the one stored structure and says the same things, honestly."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from incidents.briefs import formats, services
from incidents.briefs.content import BriefContent

from .conftest import compile_seed, local


@pytest.fixture(scope="module")
def brief_0724(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> BriefContent:
    """The 07-24 brief as the scheduler compiles it (its previous days first, like the scheduler)."""
    return compile_seed(db_url, str(tmp_path_factory.mktemp("formats")), local("2021-07-25 08:00"), 3)["2021-07-24"]


def test_content_round_trips_through_json(brief_0724):
    again = BriefContent.from_json(json.loads(json.dumps(brief_0724.to_json())))
    assert again == brief_0724


def test_text_for_a_chat(brief_0724):
    text = formats.as_text(brief_0724, "zh")
    lines = text.splitlines()
    assert lines[:2] == ["文峰区防汛救灾工作日报", "第3期"]
    assert "统计时段：2021年7月24日 0:00—24:00（北京时间）" in text
    assert "数据截至：2021年7月25日 08:00 已获知的报告" in text
    for heading in ("一、总体情况", "二、分街道（镇）情况", "三、待办与风险", "四、工作动态", "五、数据质量"):
        assert heading in lines
    # Honest: unknown is 未报, vague stays vague, nothing invented.
    assert "本日排水量未报" in text and "约21:00" in text and "7月24日下午" in text
    assert "零报告制度" in text and "银杏大街街道" in text
    assert max(len(line) for line in lines if not line.startswith(("停电", "排涝", "较上期", "2.", "3."))) < 400


def test_english_says_the_same_in_the_same_order(brief_0724):
    text = formats.as_text(brief_0724, "en")
    order = ["1. Overview", "2. By subdistrict / town", "3. Outstanding items and risks", "4. Activity log",
             "5. Data quality"]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)
    assert "not reported" in text and "≈21:00" in text and "24 Jul afternoon" in text
    assert "Beijing time" in text and "No. 3" in text


def test_markdown_tables(brief_0724):
    md = formats.as_markdown(brief_0724, "zh")
    assert md.startswith("# 文峰区防汛救灾工作日报\n")
    assert "| 项目 | 单位 | 本日 | 累计 | 上期累计 | 备注 |" in md
    # 安彩嘉园二期 out and two back with no count given: 未报, not a bare count (test_subdistrict_size_unreported.py)
    assert "| 北大街街道 | 1（户数、栋数未报） | 2（户数、栋数未报） |" in md


def test_csv_tables(brief_0724):
    rows = list(csv.reader(io.StringIO(formats.as_csv(brief_0724, "subdistricts").lstrip("\ufeff"))))
    assert rows[0][0] == "街道（镇）" and len(rows) == 1 + 5
    assert rows[1][:3] == ["北大街街道", "1（户数、栋数未报）", "2（户数、栋数未报）"]
    outages = list(csv.reader(io.StringIO(formats.as_csv(brief_0724, "outages").lstrip("\ufeff"))))
    assert [r[0] for r in outages[1:]] == ["文峰汇·十二府", "安彩嘉园二期"]
    assert outages[2][4] == "24" and outages[2][5] == "未报"
    figures = list(csv.reader(io.StringIO(formats.as_csv(brief_0724, "figures", "en").lstrip("\ufeff"))))
    volume = next(r for r in figures if r[0] == "Volume pumped")
    # Sites pumped on the day and none said how much: 未报, as the text says (本日排水量未报), not "—".
    assert "volume pumped in the period not reported" in formats.as_text(brief_0724, "en")
    assert volume[2:4] == ["Not reported", "Not reported"]
    zh = list(csv.reader(io.StringIO(formats.as_csv(brief_0724, "figures").lstrip("\ufeff"))))
    assert "本日排水量未报" in formats.as_text(brief_0724) and next(r for r in zh if r[0] == "排水量")[2] == "未报"
    with pytest.raises(ValueError):
        formats.as_csv(brief_0724, "nope")


def test_json_is_the_structure(brief_0724):
    data = json.loads(formats.as_json(brief_0724, {"id": 7}))
    assert data["id"] == 7 and data["content"]["power"]["buildings_out"] == {
        "value": 24, "lb": False, "approx": False, "cum": False}
    assert data["content"]["pumping"]["volume_m3"]["to_date"]["value"] is None  # null, never 0


def test_docx_reads_back_like_a_government_daily_report(brief_0724):
    from docx import Document
    from docx.shared import RGBColor

    doc = Document(io.BytesIO(formats.as_docx(brief_0724, "zh")))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "文峰区防汛救灾工作日报" and paragraphs[1] == "第3期"
    title = doc.paragraphs[0].runs[0]
    assert title.font.color.rgb == RGBColor(0xC0, 0x00, 0x00)  # 红头
    assert title.font.size.pt == 26
    assert "文峰区防汛抗旱指挥部办公室\t" in paragraphs[2] and paragraphs[2].endswith("待签发")
    assert "<w:pBdr>" in doc.paragraphs[2]._p.xml or "w:pBdr" in doc.paragraphs[2]._p.xml  # the red rule
    for heading in ("一、总体情况", "二、分街道（镇）情况", "三、待办与风险", "四、工作动态", "五、数据质量"):
        assert heading in paragraphs
    assert any(p.startswith("停电：截至24时，仍停电2处") for p in paragraphs)
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    subs = doc.tables[1]
    assert subs.rows[0].cells[0].text == "街道（镇）" and subs.rows[1].cells[0].text == "北大街街道"
    east_asia = title._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asia == formats.XIAOBIAOSONG


def test_docx_tables_keep_rows_whole_repeat_their_header_and_pages_are_numbered(brief_0724):
    """Word breaks a long table (the key figures run to 30 rows) across pages: no row is cut in two,
    each page's part has its column headings, and every page carries its number (— 1 —), as the PDF does."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(formats.as_docx(brief_0724, "zh")))
    assert len(doc.tables[0].rows) > 10
    for table in doc.tables:
        rows = table.rows
        assert rows[0]._tr.trPr is not None and rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])
    footer = doc.sections[0].footer.paragraphs[0]
    codes = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert codes == ["PAGE"]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_an_outage_open_under_an_hour_is_not_said_to_be_zero_hours_old(brief_0724):
    """Found by a newcomer: 自12月2日 06:53起停电，已0小时 in a brief compiled at 07:20; English "1 hours"."""
    content = BriefContent.from_json(json.loads(json.dumps(brief_0724.to_json())))
    first = content.power.open[0]
    lines = [dataclasses.replace(first, hours_out=h, hours_approx=False) for h in (0, 1, 5, None)]
    content.power.open = lines
    content.power.open_groups = []  # one item per outage, as for a place with one outage open
    zh, en = formats.as_text(content, "zh"), formats.as_text(content, "en")
    assert "起停电，不足1小时，预计" in zh and "起停电，已1小时，预计" in zh and "起停电，已5小时，预计" in zh
    assert "已0小时" not in zh and "已小时" not in zh
    assert ", for under an hour;" in en and ", for 1 hour;" in en and ", for 5 hours;" in en
    assert "1 hours" not in en and "0 hours" not in en


def test_docx_says_its_text_is_chinese_not_japanese(brief_0724):
    """python-docx's template sets East Asian text to ja-JP: Word then proofs it as Japanese and may pick a
    Japanese face for text without a font of its own."""
    import zipfile

    for lang, latin in (("zh", "zh-CN"), ("en", "en-US")):
        parts = zipfile.ZipFile(io.BytesIO(formats.as_docx(brief_0724, lang)))
        styles, settings = parts.read("word/styles.xml").decode(), parts.read("word/settings.xml").decode()
        assert f'w:val="{latin}" w:eastAsia="zh-CN"' in styles and "ja-JP" not in styles + settings
        assert 'w:eastAsia="zh-CN"' in settings


def test_docx_table_cells_are_styled_without_a_style_lookup_each(brief_0724, monkeypatch):
    """Every cell's paragraph is "Brief Table" (empty cells as low as full ones), set by the style's id: through
    `paragraph.style = ...` python-docx scanned every style for the default one per cell, over half the DOCX's time."""
    from docx import Document
    from docx.styles.styles import Styles

    scans: list[object] = []
    default = Styles.default
    monkeypatch.setattr(Styles, "default", lambda self, kind: scans.append(kind) or default(self, kind))
    data = formats.as_docx(brief_0724, "zh")
    made = len(scans)
    doc = Document(io.BytesIO(data))
    cells = [cell for table in doc.tables for row in table.rows for cell in row.cells]
    assert len(cells) > 100 and {cell.paragraphs[0].style.name for cell in cells} == {"Brief Table"}
    assert made <= len(doc.tables)  # the tables' own style ("Table Grid"), once a table


def test_the_seed_briefs_are_compiled_once_a_worker_and_each_reader_has_its_own(brief_0724, db_url, tmp_path,
                                                                              monkeypatch):
    """Five modules read the compiled seed (1-2 s a compile on SQLite): the second asking copies the first's."""
    monkeypatch.setattr(services, "compile_due", lambda *args, **kw: pytest.fail("the seed compiled again"))
    again = compile_seed(db_url, str(tmp_path), local("2021-07-25 08:00"), 3)["2021-07-24"]
    assert again == brief_0724 and again is not brief_0724
    again.power.open.clear()  # a reader changing its copy changes no other's
    assert compile_seed(db_url, str(tmp_path), local("2021-07-25 08:00"), 3)["2021-07-24"] == brief_0724
