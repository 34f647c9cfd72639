"""Restoration timelines, the domain's public face: what views, briefs, benchmarks and the API import.

The parts, one idea each: the outage state rule in SQL (`rule`); reading each outage's state
and the curve from the rule's rows (`states`, `curves`); the timeline's bars and their groups
(`rows`); statistics (`stats`); the whole timeline from one application of the rule
(`timeline`); JSON and CSV (`exports`); and the speed tricks they rely on (`speedups`).
"""

from __future__ import annotations

from incidents.timelines.curves import Curve, CurvePoint, Measure
from incidents.timelines.exports import CsvWords, curve_csv, curve_dict, row_dict, timeline_csv, timeline_dict
from incidents.timelines.rows import SORTS, Group, OutageRow
from incidents.timelines.speedups import collector_paused
from incidents.timelines.states import (
    EtrMark,
    OutageState,
    Step,
    outage_states,
    restoration_curve,
    restoration_curves,
    states_and_curve,
)
from incidents.timelines.stats import PerUnit, Stats
from incidents.timelines.timeline import Timeline, restoration_timeline

__all__ = [
    "SORTS", "CsvWords", "Curve", "CurvePoint", "EtrMark", "Group", "Measure", "OutageRow",
    "OutageState", "PerUnit", "Stats", "Step", "Timeline", "collector_paused", "curve_csv", "curve_dict",
    "outage_states", "restoration_curve", "restoration_curves", "restoration_timeline", "row_dict",
    "states_and_curve", "timeline_csv", "timeline_dict",
]
