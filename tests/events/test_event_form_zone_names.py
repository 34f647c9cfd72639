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
    # The rest keep their tz names, still sent as they are.
    assert ("Europe/Paris", "Europe/Paris") in options
