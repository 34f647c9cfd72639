"""The brief's speed tricks, each in one place and measured by benches/brief_bench.py (docs/performance.md)."""

from __future__ import annotations

from typing import Any

from incidents.briefs import counts
from incidents.briefs.content_json import load
from incidents.briefs.quantities import Qty, When


class StoredFigures:
    """The previous brief's to-date figures, read by path straight from its stored JSON.

    A brief needs only a few dozen to-date figures of the day before's (to flag a fall and show
    "previous"), but rebuilding that whole content as dataclasses (BriefContent.from_json: every
    subdistrict row, outage and activity line, through typing hints) took ~0.23 s of a 1M-report
    compile (benches/brief_bench.py, profiled). Here each figure asked for is one dict lookup,
    and the same Qty from_json would have made.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._subs: dict[int | None, dict[str, Any]] | None = None
        self._categories: dict[str, dict[str, Any]] | None = None

    def to_date(self, path: str) -> Qty | None:
        """A to-date figure by dotted path (pumping.volume_m3, disinfection:<code>, sub:<id>:<name>)."""
        if path.startswith("disinfection:"):
            code = path.split(":", 1)[1]
            section = self.data["disinfection"]
            if code == counts.PERSON_TIMES:
                return _qty(section["person_times"]["to_date"])
            if code == counts.STAFF:
                return _qty(section["staff"]["to_date"])
            if self._categories is None:
                self._categories = {}
                for c in section.get("categories") or []:
                    self._categories.setdefault(c["code"], c)  # the first, as a scan would find
            found = self._categories.get(code)
            return _qty(found["figure"]["to_date"]) if found is not None else None
        if path.startswith("sub:"):
            _, sub_id, name = path.split(":")
            if self._subs is None:
                self._subs = {}
                for r in self.data.get("subdistricts") or []:
                    self._subs.setdefault(r["area_id"], r)
            row = self._subs.get(None if sub_id == "" else int(sub_id))
            return _qty(row[name]["to_date"]) if row is not None else None
        section, name = path.split(".")
        return _qty(self.data[section][name]["to_date"])

    def qty(self, path: str) -> Qty | None:
        """A stored quantity by dotted path (power.households_affected); None where the brief stored none."""
        section, name = path.split(".")
        return _qty(self.data[section].get(name))

    def count(self, path: str) -> int | None:
        """A count by dotted path (debris.reports_to_date); None where the brief stored none (stored before it)."""
        section, name = path.split(".")
        value = self.data[section].get(name)
        return None if value is None else int(value)

    def outages_listed(self) -> tuple[dict[int, When], bool]:
        """The outages its power section listed: still out (When()) or restored in its period (when), and whether
        it listed every one (neither list cut at 30)."""
        power = self.data["power"]
        out, back = power.get("open") or [], power.get("restored") or []
        listed = {int(line["outage_id"]): When() for line in out}
        listed.update({int(line["outage_id"]): load(When, line["restored"]) for line in back})
        whole = len(out) >= (power.get("open_total") or 0) and len(back) >= (power.get("restored_total") or 0)
        return listed, whole

    def sub_categories(self) -> set[tuple[int | None, str]]:
        """(subdistrict, category) pairs whose to date was above 0 in a row of 二、分街道."""
        return {(r["area_id"], c["code"]) for r in self.data.get("subdistricts") or []
                for c in r.get("disinfection") or [] if (_qty(c["figure"]["to_date"]) or Qty()).value}


def _qty(data: dict[str, Any] | None) -> Qty | None:
    """A stored Qty as from_json reads it (unknown keys ignored, missing ones their defaults)."""
    if data is None:
        return None
    return Qty(**{k: v for k, v in data.items() if k in _QTY_FIELDS})


_QTY_FIELDS = frozenset(Qty.__dataclass_fields__)
