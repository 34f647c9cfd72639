"""An apportioned share of a "more than" volume is an estimate, and every format of the brief says so.

Found in a brief: 1,500余 m³ pumped over two days showed in 二、分街道 as "750余" — read as a firm lower
bound of that day's pumping, while it is the day's share of the total estimated by the hours worked (the
key figures said 按作业时段分摊; the table had no word for it). Now such a cell carries the estimate's mark
(750余（估）), explained in 五、数据质量 as the brief's other marks are; the key figures, the overview, text,
Markdown, CSV, DOCX and the page say the same, and the JSON keeps both flags.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest
import sqlalchemy as sa

from incidents.briefs import formats, services
from incidents.briefs.render import Reading
from incidents.models import Brief
from tests.conftest import switch_language, unspanned

from .conftest import content, day_of, local, make_builder


def _brief(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="apportioned-lb")
    op = b.report("pumping", "site-a", local("2021-07-01 12:10"), observed_at=local("2021-07-01 12:00"),
                  team="消防")
    # 1,500余 m³ from noon on the 1st to noon on the 2nd: half of it, 750余, falls on each day by the hours.
    b.report("pumping_volume", "site-a", local("2021-07-02 12:30"), operation_id=op,
             period_start=local("2021-07-01 12:00"), period_end=local("2021-07-02 12:00"),
             volume_m3=1500, volume_m3_lb=True)
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=3, event_ids=[b.event_id])
    return content(database, b.event_id, day_of("2021-07-02"))


def test_the_subdistrict_table_marks_an_apportioned_more_than_share(database):
    c = _brief(database)
    row = next(r for r in c.subdistricts if r.name == "甲街道")
    assert row.volume_m3.period.value == 750 and row.volume_m3.period.lb and row.volume_m3.period.approx
    zh, en = Reading(c, "zh"), Reading(c, "en")
    cells = {r[0]: r for r in zh.subdistrict_table().rows}
    assert cells["甲街道"][3] == "750余（估） / 1,500余"
    en_cells = {r[0]: r for r in en.subdistrict_table().rows}
    assert en_cells["甲街道"][3] == "750+ (est.) / 1,500+"
    # The mark is explained where the brief's marks are (五、数据质量), in both languages.
    assert any("（估）" in line and "分摊" in line and "不是确切的下限" in line for line in zh.quality())
    assert any("(est.)" in line and "not a firm lower bound" in line for line in en.quality())
    # The key figures and the overview say so too.
    fig = next(f for f in zh.figures() if f.item == "排水量")
    assert fig.period == "750余（估）" and "按作业时段分摊" in fig.note
    assert "750余立方米（按作业时段分摊估算）" in zh.pumping()


def test_every_format_carries_the_mark(database):
    c = _brief(database)
    text = formats.as_text(c, "zh")
    assert "750余（估）" in text and "不是确切的下限" in text
    md = formats.as_markdown(c, "zh")
    assert "750余（估）" in md and "不是确切的下限" in md
    assert "750余（估）" in formats.as_csv(c, "subdistricts", "zh")
    docx = zipfile.ZipFile(io.BytesIO(formats.as_docx(c, "zh"))).read("word/document.xml").decode()
    assert "750余（估）" in docx
    data = json.loads(formats.as_json(c))["content"]
    sub = next(r for r in data["subdistricts"] if r["name"] == "甲街道")
    assert sub["volume_m3"]["period"] == {"value": 750, "lb": True, "approx": True, "cum": False}


def test_the_page_and_the_print_page_carry_the_mark(client, auth, make_user, database):
    c = _brief(database)
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.day == c.header.day).order_by(Brief.revision.desc()))
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    for url in (f"/briefs/{brief_id}", f"/briefs/{brief_id}/print"):
        html = unspanned(client.get(url).get_data(as_text=True))
        cell = re.search(r'<th scope="row">甲街道</th>(.*?)</tr>', html, re.S)
        assert cell and "750余（估） / 1,500余" in cell.group(1), url
        assert "不是确切的下限" in html
    switch_language(client, "en")
    assert "750+ (est.) / 1,500+" in unspanned(client.get(f"/briefs/{brief_id}").get_data(as_text=True))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_the_pdf_carries_the_mark(database):
    c = _brief(database)
    text = subprocess.run(["pdftotext", "-", "-"], input=formats.as_pdf(c, "zh"), capture_output=True,
                          check=True).stdout.decode()
    squeezed = re.sub(r"\s+", "", text)
    assert "750余（估）/1,500余" in squeezed and "不是确切的下限" in squeezed
