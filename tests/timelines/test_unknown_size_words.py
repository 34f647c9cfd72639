"""An outage that gave no count of households or buildings is worded alike by the timeline's bar label and the
brief (户数、栋数未报 / size not reported: formatting.size_not_reported), where the timeline said 数量未报.

Found 7 December: the same outage read 数量未报 on the timeline and 户数、栋数未报 in the day's brief.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from incidents.briefs import services
from incidents.briefs.models import BriefStatus
from incidents.briefs.render import Reading
from incidents.events.models import Event
from tests.conftest import switch_language


def _labels(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", f) for f in re.findall(r'<span class="facts">(.*?)</span></div>', page, re.S)]


def _brief(database, event_id: int, lang: str) -> str:  # noqa: ANN001
    with database.read_session() as s:
        cutoff = datetime(2021, 7, 24, 0, 0, tzinfo=UTC)
        c = services.build_content(s, s.get(Event, event_id), date(2021, 7, 23), cutoff=cutoff, revision=1,
                                   status=BriefStatus.COMPILED, compiled_at=cutoff)
    return Reading(c, lang).power()


def test_the_timeline_says_an_unknown_size_as_the_brief_does(build, database, client, auth, make_user):
    build.outage("site-c")  # no households, no buildings
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    zh = _labels(client.get(f"/events/{build.event_id}/timeline").get_data(as_text=True))
    assert len(zh) == 1 and "户数、栋数未报" in zh[0] and "数量未报" not in zh[0].replace("户数、栋数未报", ""), zh
    assert "户数、栋数未报" in _brief(database, build.event_id, "zh")
    switch_language(client, "en")
    en = _labels(client.get(f"/events/{build.event_id}/timeline").get_data(as_text=True))
    assert "size not reported" in en[0], en
    assert "size not reported" in _brief(database, build.event_id, "en")
