"""The English brief of the demo, in every format, holds no Chinese but the data's own (a place or a person typed
in Chinese with no English name): an outside reader found "(截至目前)" left in its notes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs import formats, pdf
from incidents.models import Brief
from tests.conftest import switch_language
from tests.english import chinese_left, data_strings, docx_text, visible

from .conftest import content

pytestmark = pytest.mark.any_database  # the English brief's wording (tests/conftest.py)


def renderings(c) -> dict[str, str]:
    """The English brief as each format writes it."""
    out = {"text": formats.as_text(c, "en"), "markdown": formats.as_markdown(c, "en"),
           "docx": docx_text(formats.as_docx(c, "en")), "pdf": visible(pdf.brief_html(c, "en"))}
    for table in formats.CSV_TABLES:
        out[f"csv {table}"] = formats.as_csv(c, table, "en")
    return out


def test_the_english_brief_holds_no_chinese_but_the_datas(database, seed_briefs):
    with database.read_session() as s:
        data = data_strings(s)
        days = s.scalars(sa.select(Brief.day).where(Brief.event_id == seed_briefs.id).distinct()).all()
    found: dict[str, set[str]] = {}
    assert len(days) == 9
    for day in days:
        for name, text in renderings(content(database, seed_briefs.id, day)).items():
            for run, around in chinese_left(text, data):
                found.setdefault(run, set()).add(f"{name}: {around}")
    assert not found, found


@pytest.fixture
def english_coordinator(client, auth, make_user):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    switch_language(client, "en")
    return client


def test_the_english_brief_pages_hold_no_chinese_but_the_datas(english_coordinator, database, seed_briefs):
    with database.read_session() as s:
        data = data_strings(s)
        ids = s.scalars(sa.select(Brief.id).where(Brief.event_id == seed_briefs.id)).all()
    assert len(ids) == 9
    found: dict[str, set[str]] = {}
    for brief_id in ids:
        for url in (f"/briefs/{brief_id}", f"/briefs/{brief_id}/print"):
            response = english_coordinator.get(url)
            assert response.status_code == 200, url
            for run, around in chinese_left(visible(response.get_data(as_text=True)), data):
                found.setdefault(run, set()).add(f"{url.split('/')[-1]}: {around}")
    assert not found, found
