"""A heading holding an invisible character (a second byte-order mark, a zero-width space pasted with it) is read as
the heading it shows.

Found (import audit, round 2): a CSV saved by a tool that wrote its byte-order mark twice, or a heading pasted from a
web page with a zero-width space, was refused as "unknown column area" / 未知列 事项 — a name the clerk reads as
known, the character that made it unknown unseen. Now headings are looked up without format characters (Unicode
Cf: U+FEFF, U+200B, U+200D, U+00AD...)."""

from __future__ import annotations

from incidents.imports.reading import header_key
from tests.imports.conftest import csv_bytes, xlsx_bytes

PLACE = "文峰区/北大街街道"


def test_a_heading_with_an_invisible_character_is_read_as_it_shows(app, event, make_user, run):
    make_user("co", "coordinator")
    doubled = b"\xef\xbb\xbf" + csv_bytes([["area", "title", "observed_at"], [PLACE, "巡查", "2021-07-24 21:00"]])
    assert run(doubled, "co", event, kind="activity", store=False).problems == []
    zero_width = xlsx_bytes([["地点", "事项\u200b", "\u2060时间"], [PLACE, "巡查", "2021-07-24 21:00"]])
    outcome = run(zero_width, "co", event, kind="activity", filename="log.xlsx", store=False)
    assert outcome.problems == [] and outcome.created == 1


def test_the_key_drops_format_characters_only():
    assert header_key("\ufeffTi\u00adtle\u200d") == "title"
    assert header_key("停电\n户数（户）") == "停电户数(户)"
