"""A figure and its unit symbol are written one way on every page and in both languages: 50,000 m³ (docs/domain.md).

The event and home pages wrote 累计排水 50,000m³ in Chinese (no space) beside Pumped 50,000 m³ in English;
a Chinese unit word still follows its figure directly (30余吨, 24户).
"""

import pytest
import sqlalchemy as sa

from incidents.formatting import fmt_quantity
from incidents.models import Event
from incidents.timelines.display import fast_qty
from tests.conftest import switch_language


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_and_event_pages_write_the_volume_alike(client, auth, seeded, make_user, session, lang):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, lang)
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    for url in ("/", f"/events/{event.id}"):
        html = client.get(url).get_data(as_text=True)
        assert '<span class="nb">50,000 m³</span>' in html, url
        assert "50,000m³" not in html, url
    if lang == "zh":  # a unit word is not parted from its figure
        assert "30余吨" in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_the_fast_timeline_writer_agrees():
    for lang in ("zh", "en"):
        for unit in ("m³", "m³/h", "户", "households", ""):
            assert fast_qty(50000, False, unit, lang) == fmt_quantity(50000, False, unit, lang)
    assert fmt_quantity(50000, True, "m³", "zh") == "50,000余 m³"
    assert fmt_quantity(24, False, "户", "zh") == "24户"
