"""Sites as numbered markers with words: the order, the labels and the tooltips the page and the brief share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from incidents.maps.services import DISINFECTED, OUT, PUMPING, RESTORED, STATUSES, Site
from incidents.maps.svg import COLOURS, Marker

__all__ = ["COLOURS", "ordered", "markers", "words", "legend", "status_rank"]


def words(_: Callable[[str], str]) -> dict[str | None, str]:
    """Each status in the reader's language (None: a site with reports only)."""
    return {OUT: _("Without power"), PUMPING: _("Pumping"), RESTORED: _("Power restored"),
            DISINFECTED: _("Disinfected in the period"), None: _("Other reports")}


def legend(w: dict[str | None, str]) -> list[tuple[str | None, str]]:
    """The legend's entries in status order."""
    return [(s, w[s]) for s in (*STATUSES, None)]


def status_rank(status: str | None) -> int:
    """Most urgent first; a site with reports only last."""
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)


class Placed(Protocol):
    """What a marker is made from: a Site, or a brief's stored point."""

    area_id: int
    name: str
    name_en: str | None
    latitude: float | None
    longitude: float | None
    households_affected: int | None
    households_affected_lb: bool

    @property
    def status(self) -> str | None: ...

    @property
    def statuses(self) -> list[str]: ...


def ordered(sites: Sequence[Site]) -> list[Site]:
    """The order sites are numbered and listed in: most urgent, then most households, then name."""
    return sorted(sites, key=lambda s: (status_rank(s.status), -(s.households_affected or 0), s.name, s.area_id))


def households_text(households: int | None, lb: bool, lang: str) -> str:
    """1,200户 / 1,200+ households; empty when no figure was reported."""
    if households is None:
        return ""
    if lang == "zh":
        return f"{households:,}{'余' if lb else ''}户"
    return f"{households:,}{'+' if lb else ''} households"


def markers(sites: Sequence[Placed], lang: str, w: dict[str | None, str],
            href: Callable[[Placed], str | None] | None = None) -> list[Marker]:
    """Numbered markers (1, 2, ... in the given order) with a tooltip: name, statuses, households."""
    found = []
    for number, s in enumerate(sites, start=1):
        if s.latitude is None or s.longitude is None:
            continue
        name = s.name_en if lang == "en" and s.name_en else s.name
        states = "、".join(w[x] for x in s.statuses) if lang == "zh" else ", ".join(w[x] for x in s.statuses)
        size = households_text(s.households_affected, s.households_affected_lb, lang)
        title = f"{number}. {name}" + (f" · {states}" if states else "") + (f" · {size}" if size else "")
        found.append(Marker(number, s.latitude, s.longitude, s.status, s.households_affected, title,
                            href(s) if href else None, s.statuses[1] if len(s.statuses) > 1 else None))
    return found
