"""The event form's time zone list named its first choices by their tz names (Asia/Shanghai, Asia/Tokyo)
in the Chinese form, while every page then says 北京时间 / 东京时间 of the event: a clerk had to know that
Asia/Shanghai is Beijing time. The usual zones now read as the pages say them, their tz name beside."""

from __future__ import annotations

import re

import pytest

from tests.conftest import switch_language


def _options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select[^>]*name="timezone".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


@pytest.mark.parametrize(("lang", "first"), [
    ("zh", [("Asia/Shanghai", "北京时间（Asia/Shanghai）"), ("Asia/Hong_Kong", "香港时间（Asia/Hong_Kong）"),
               ("Asia/Taipei", "台北时间（Asia/Taipei）"), ("Asia/Tokyo", "东京时间（Asia/Tokyo）")]),
    ("en", [("Asia/Shanghai", "Beijing time (Asia/Shanghai)"), ("Asia/Hong_Kong", "Hong Kong time (Asia/Hong_Kong)"),
            ("Asia/Taipei", "Taipei time (Asia/Taipei)"), ("Asia/Tokyo", "Tokyo time (Asia/Tokyo)")]),
])
def test_the_usual_zones_are_named_as_the_pages_name_them(seeded, client, auth, make_user, lang, first):
    make_user("co", "coordinator")
    auth.login("co")
    switch_language(client, lang)
    options = _options(client.get("/events/new").get_data(as_text=True))
    assert options[:4] == first
    assert options[4] == ("UTC", {"zh": "协调世界时（UTC）", "en": "Coordinated Universal Time (UTC)"}[lang])
    # The rest follow, each named in the page's language too (Babel's names, the CLDR's), still sent as its tz name.
    rest = dict(options[5:])
    assert len(rest) > 400 and "Asia/Shanghai" not in rest
    assert rest["Europe/Paris"] == {"zh": "中欧时间（Europe/Paris）",
                                    "en": "Central European Time (Europe/Paris)"}[lang]
    assert rest["America/New_York"] == {"zh": "北美东部时间（America/New_York）",
                                        "en": "Eastern Time (America/New_York)"}[lang]
    # No English left in the Chinese form but the tz names in brackets and Etc/GMT+5's kind (they have no name).
    if lang == "zh":
        assert not [label for label in rest.values() if re.match(r"[A-Za-z]", label) and not label.startswith("Etc/")]
    assert rest["Etc/GMT-8"] == "Etc/GMT-8"
    assert list(rest) == sorted(rest)


def test_a_zone_chosen_from_the_named_list_is_stored_as_its_tz_name(seeded, client, auth, make_user, database):
    from tests.conftest import csrf_from

    make_user("co", "coordinator")
    auth.login("co")
    html = client.get("/events/new").get_data(as_text=True)
    answer = client.post("/events/new", data={
        "csrf_token": csrf_from(html), "name": "巴黎水灾", "code": "paris-flood", "kind": "rainstorm",
        "timezone": "Europe/Paris", "starts_at": "2021-07-22T00:00", "brief_time": "08:00"})
    assert answer.status_code in (302, 303), answer.get_data(as_text=True)[:500]
    import sqlalchemy as sa

    from incidents.models import Event
    with database.read_session() as s:
        assert s.scalar(sa.select(Event.timezone).where(Event.code == "paris-flood")) == "Europe/Paris"
