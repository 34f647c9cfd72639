"""Display names for stored codes (kinds, statuses, roles, levels, precisions), translatable."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

LABELS = {
    # report kinds
    "outage": _l("Power outage"),
    "outage_update": _l("Outage update"),
    "pumping": _l("Pumping operation"),
    "pumping_volume": _l("Pumped volume"),
    "disinfection": _l("Disinfection"),
    "debris": _l("Debris clearance"),
    "activity": _l("Activity log"),
    "zero_report": _l("Zero report"),
    # report statuses
    "submitted": _l("submitted"),
    "verified": _l("verified"),
    "returned": _l("sent back"),
    "retracted": _l("retracted"),
    # roles
    "reporter": _l("reporter"),
    "coordinator": _l("coordinator"),
    "viewer": _l("viewer"),
    "admin": _l("administrator"),
    # area levels
    "district": _l("district"),
    "subdistrict": _l("subdistrict / town"),
    "community": _l("community / village"),
    "site": _l("site"),
    # event kinds
    "typhoon": _l("typhoon"),
    "rainstorm": _l("rainstorm"),
    "flood": _l("flood"),
    "other": _l("other"),
    # time precisions
    "exact": _l("exact"),
    # "about", as the form's choice says: the msgid "approximate" is also the area page's badge, whose
    # catalog (约略位置, "approximate location") wins the merge of the catalogs over the time's 约.
    "approximate": _l("about"),
    "morning": _l("morning"),
    "afternoon": _l("afternoon"),
    "evening": _l("evening"),
    "night": _l("night"),
    "day": _l("that day"),
    # where an area's coordinates came from (areas.location_state)
    "entered": _l("entered by hand"),
    "geocoded": _l("found by the geocoder"),
    "pending": _l("waiting for the geocoder"),
    "not_found": _l("not found by the geocoder"),
    # brief statuses
    "provisional": _l("provisional"),
    "compiled": _l("awaiting sign-off"),
    "published": _l("signed off"),
}


def label(code: str | enum.Enum | None) -> str:
    """The translated display name of a stored code; the code itself if none is known."""
    if code is None:
        return ""
    key = code.value if isinstance(code, enum.Enum) else str(code)
    return str(LABELS.get(key, key))
