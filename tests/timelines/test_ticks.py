"""Axis ticks (issue 10, item 1): spacing chosen by the span, from an hour to five years, and labels
never closer than their width — where every label shows and where only the majors do."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from incidents.ticks import GAP_PX, WIDE_PX, axis_ticks, label_width

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
SPANS = [timedelta(hours=1), timedelta(hours=3), timedelta(hours=7), timedelta(days=1), timedelta(days=2),
         timedelta(days=4), timedelta(days=10), timedelta(days=20), timedelta(days=45), timedelta(days=100),
         timedelta(days=250), timedelta(days=400), timedelta(days=2 * 365), timedelta(days=5 * 365 + 1)]


def extents(ticks, start, end, room):
    """(left, right) in px of each label shown on a chart `room` px wide."""
    span = (end - start).total_seconds()
    out = []
    for t in ticks:
        if not t.label:
            continue
        x = room * (t.at - start).total_seconds() / span
        w = label_width(t.label)
        left = x if t.anchor == "start" else x - w if t.anchor == "end" else x - w / 2
        out.append((left, left + w, t.label))
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("span", SPANS, ids=lambda s: f"{s.days}d{s.seconds // 3600}h")
@pytest.mark.parametrize("tz", [SHANGHAI, NEW_YORK], ids=["shanghai", "new_york"])
def test_labels_never_touch(span, lang, tz):
    start = datetime(2021, 7, 22, 3, 17, tzinfo=tz)
    end = start + span
    ticks = axis_ticks(start, end, tz, lang)
    labelled = [t for t in ticks if t.label]
    assert labelled, "an axis with no label"
    assert len(labelled) >= (1 if span < timedelta(hours=2) else 2)
    assert all(start <= t.at <= end for t in ticks)
    # Every label where all show (WIDE_PX and wider), the majors alone on half of that.
    for room, shown in ((WIDE_PX, ticks), (WIDE_PX / 2, [t for t in ticks if t.major])):
        boxes = extents(shown, start, end, room)
        for (_l1, r1, a), (l2, _r2, b) in zip(boxes, boxes[1:], strict=False):
            assert l2 - r1 >= GAP_PX - 0.01, (room, a, b)
        assert all(left >= -0.01 and right <= room + 0.01 for left, right, _ in boxes)


@pytest.mark.parametrize(("span", "unit"), [
    (timedelta(hours=6), ":00"), (timedelta(days=1), ":00"), (timedelta(days=10), "月"),
    (timedelta(days=100), "月"), (timedelta(days=5 * 365), "年")])
def test_spacing_follows_the_span(span, unit):
    start = datetime(2021, 7, 22, 0, 0, tzinfo=SHANGHAI)
    labels = [t.label for t in axis_ticks(start, start + span, SHANGHAI, "zh") if t.label]
    assert all(unit in label or "日" in label for label in labels), labels
    assert 2 <= len(labels) <= 12, labels
    if span >= timedelta(days=100):
        assert not any("日" in label for label in labels)  # months or years, not days
    if span <= timedelta(days=1):
        assert any(":00" in label for label in labels)      # hours


def test_ticks_stay_on_whole_local_hours_across_the_autumn_change():
    start = datetime(2012, 11, 3, 18, 0, tzinfo=NEW_YORK)
    ticks = axis_ticks(start, start + timedelta(hours=30), NEW_YORK, "en")
    local = [t.at.astimezone(NEW_YORK) for t in ticks]
    assert all(t.minute == 0 for t in local)
    assert len({t.at.timestamp() for t in ticks}) == len(ticks)  # never the same instant twice
    assert any(t.day and t.label == "4 Nov" for t in ticks)


def test_a_five_year_timeline_axis_is_readable():
    """The demo seen 'now' in 2026 once spanned five years with 60 labels in one black band."""
    from incidents.timelines.charts import Scale, ticks

    start = datetime(2021, 7, 22, tzinfo=SHANGHAI)
    shown = [t for t in ticks(Scale(start, datetime(2026, 11, 30, tzinfo=SHANGHAI)), SHANGHAI) if t.label]
    assert 2 <= len(shown) <= 8


def test_hour_labels_say_which_reading_where_the_clocks_change():
    """On the autumn night in New York the hours say which reading they are (01:00 happens twice)."""
    ny = ZoneInfo("America/New_York")
    start = datetime(2012, 11, 3, 22, 0, tzinfo=ny)
    ticks = axis_ticks(start, start + timedelta(hours=8), ny, "en", width_px=1200)
    hours = [t.label for t in ticks if t.label and ":" in t.label]
    assert any(h.endswith(" EDT") for h in hours) and any(h.endswith(" EST") for h in hours), hours
    on_the_day = [h for t, h in ((t, t.label) for t in ticks) if h and ":" in h and t.at.astimezone(ny).day == 4]
    assert on_the_day and all(h.endswith((" EDT", " EST")) for h in on_the_day), on_the_day
    shanghai = ZoneInfo("Asia/Shanghai")
    plain = [t.label for t in axis_ticks(datetime(2021, 7, 24, 0, 0, tzinfo=shanghai),
                                         datetime(2021, 7, 24, 8, 0, tzinfo=shanghai), shanghai, "zh", 1200)
             if t.label and ":" in t.label]
    assert plain and all(re.fullmatch(r"\d\d:\d\d", label) for label in plain), plain  # no zone named


@pytest.mark.parametrize("width", [WIDE_PX, 720.0, 1000.0])
def test_the_latest_day_near_the_right_edge_keeps_its_label(width):
    # It used to lose to the label before it: a timeline then did not say which day it reached.
    dropped = []
    for days in range(1, 40):
        for hour in range(0, 24, 3):
            start = datetime(2021, 7, 22, hour, tzinfo=SHANGHAI)
            end = start + timedelta(days=days, hours=hour)
            ticks = axis_ticks(start, end, SHANGHAI, "zh", width)
            last = ticks[-1]
            if last.day and not last.label:
                dropped.append((days, hour))
            boxes = extents(ticks, start, end, width)
            assert all(b[0] - a[1] >= GAP_PX - 0.01 for a, b in zip(boxes, boxes[1:], strict=False))
    assert dropped == []
