"""Display names for stored codes (kinds, statuses, roles, levels, precisions) and for fields, translatable."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from incidents.csvfile import standalone
from incidents.inputs import SECOND_NAMES

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
    # an event's state, the badge beside its name
    "ended": _l("ended"),
    # brief statuses
    "provisional": _l("provisional"),
    "compiled": _l("awaiting sign-off"),
    "published": _l("signed off"),
}


# An error page's heading names its status in the reader's language, "404 · 找不到" as "404 · Not Found": every
# status the app serves as a page (web._register_errors), werkzeug's English names as the English msgids.
STATUS_NAMES = {
    400: _l("Bad Request"), 401: _l("Unauthorized"), 403: _l("Forbidden"), 404: _l("Not Found"),
    405: _l("Method Not Allowed"), 409: _l("Conflict"), 413: _l("Request Entity Too Large"),
    415: _l("Unsupported Media Type"), 422: _l("Unprocessable Entity"), 429: _l("Too Many Requests"),
    500: _l("Internal Server Error"), 503: _l("Service Unavailable"), 507: _l("Insufficient Storage"),
}


def error_heading(code: int, name: str) -> str:
    """An error page's heading and title, "code · name": its status's translated name, else werkzeug's."""
    return f"{code} · {STATUS_NAMES.get(code, name)}"


# The account the demo loader writes under is no person: pages name it by this label, in the reader's
# language, not by its stored display_name (示例数据导入, which the API and exports keep).
# Keyed by username (demo.LOADER_USERNAME).
SYSTEM_ACCOUNTS = {"demo-loader": _l("Demo data import")}


def person_name(user: Any) -> str:
    """The name a page shows for an account: a system account's translated label, else its display name."""
    if user is None:
        return ""
    system = SYSTEM_ACCOUNTS.get(user.username)
    return str(system) if system is not None else str(user.display_name)


def signed_in_as(user: Any, written: Callable[[str], Any] = str) -> Any:
    """The header's "name · role", the role left out where it would only repeat the name (coordinator · coordinator).

    `written` marks the name (written.as_written for a page, which then escapes the role)."""
    name, role = person_name(user), label(user.role)
    # Markup + str escapes the str: the role stays text on a page.
    return written(name) if name.casefold() == role.casefold() else written(name) + " · " + role


def label(code: str | enum.Enum | None) -> str:
    """The translated display name of a stored code; the code itself if none is known."""
    if code is None:
        return ""
    key = code.value if isinstance(code, enum.Enum) else str(code)
    text = LABELS.get(key)
    if text is None:
        return key
    # A code's label stands alone as a name (a status badge, the header's role, "Level: District", a select's
    # choices, a spreadsheet's cell), never inside a sentence: capitalised (csvfile.standalone, the rule of every
    # standalone word). The msgids stay lower case: "District" is another catalog's word (an event's 所属区县).
    return standalone(str(text))


# A field's name as people read it, by its key: a record's columns (the history pages) and what a page refuses
# (a form's hidden fields, a query's parameters, the field a scope refusal names). The API keeps the keys.
# A field a form shows is named here by the form's own label (tests/foundation/test_field_labels_match_forms.py):
# a refusal of 停电时间 said 停电开始. A key whose forms word it apart (observed_at: 时间, a pumping's 开始时间) keeps
# a general word here, and a page refusing on such a form names it by that form's labels (form_labels).
FIELD_LABELS = {
    "kind": _l("Kind"), "event_id": _l("Event"), "area_id": _l("Place"), "observed_at": _l("Happened"),
    "reported_at": _l("Known at"), "reporter_id": _l("Reported by"), "source": _l("Source (who told us)"),
    "note": _l("Note"),
    "status": _l("Status"), "status_reason": _l("Reason"), "verified_by_id": _l("Verified by"),
    "verified_at": _l("Verified at"), "created_at": _l("Created"),
    "households_affected": _l("Households affected"), "buildings_affected": _l("Buildings affected"),
    "households_restored": _l("Households restored so far"), "buildings_restored": _l("Buildings restored so far"),
    "households_out": _l("Households still out"), "buildings_out": _l("Buildings still out"),
    "started_at": _l("Power went off"), "etr_at": _l("Expected restoration"), "restored_at": _l("Fully restored"),
    "fully_restored": _l("Power fully restored"), "outage_id": _l("Outage"), "team": _l("Team or unit"),
    "people": _l("People"), "pumps": _l("Pumps"), "capacity_m3h": _l("Pump capacity (m³/h)"),
    "ended_at": _l("Ended"), "operation_id": _l("Pumping operation"), "period_start": _l("From"),
    "period_end": _l("Until"), "volume_m3": _l("Volume pumped (m³)"),
    "person_times": _l("Personnel (person-times)"),
    "cumulative": _l("Totals since the event began (to date)"), "counts": _l("Counts per category"),
    "mass_kg": _l("Mass cleared (t)"), "mass_t": _l("Mass cleared (t)"),
    "truckloads": _l("Truckloads"), "vehicles": _l("Vehicles"), "title": _l("What happened"),
    "code": _l("Code"), "name": _l("Name"), "name_en": _l("English name"), "timezone": _l("Time zone"),
    "starts_at": _l("Starts (local time)"), "ends_at": _l("Ends"),
    "brief_time": _l("Daily brief compiled at (local time)"),
    "issuer": _l("Office that issues the briefs"), "description": _l("Description"), "parent_id": _l("Under"),
    "level": _l("Level"), "latitude": _l("Latitude"), "longitude": _l("Longitude"),
    "households": _l("Households"), "buildings": _l("Buildings"), "username": _l("Username"),
    "display_name": _l("Name shown"), "role": _l("Role"), "scope_area_id": _l("May report for"),
    "active": _l("Active (may log in)"), "locale": _l("Language"), "last_event_id": _l("Last event used"),
    "last_area_id": _l("Last area used"),
    "staff": _l("Staff on duty (people, not person-times)"), "team_en": _l("Team or unit, English name"),
    "period_day": _l("Period (the brief's day)"),
    "issuer_en": _l("Its English name"), "session_version": _l("Sign-in version"),
    "location_state": _l("Geocoding state"), "location_source": _l("Location source"),
    "location_approximate": _l("Location approximate"), "location_precision_m": _l("Location precision (m)"),
    "location_tries": _l("Geocoding attempts"), "location_error": _l("Geocoding error"),
    "location_tried_at": _l("Last geocoding attempt"),
    # A brief's trail (briefs/compiling._summary).
    "day": _l("Day"), "revision": _l("Revision"), "number": _l("Issue number"), "cutoff": _l("Cut-off"),
    "published_at": _l("Signed off at"), "published_by_id": _l("Signed off by"),
    # What a page refuses by name beyond a record's columns: hidden form fields, query parameters, the field a
    # refusal names (auth/policy.py's reporter and status; distribution's briefs and alerts).
    "version": _l("Version"), "token": _l("Form key"), "body": _l("What was sent"), "action": _l("Action"),
    "reporter": _l("Reporter"), "reason": _l("Reason"), "report": _l("Reports"), "password": _l("Password"),
    "area": _l("Place"), "subdistrict": _l("Subdistrict / town"), "event": _l("Event"), "under": _l("Under"),
    "km": _l("Distance (km)"), "page": _l("Page"), "unplaced": _l("Page of places without coordinates"),
    "table": _l("Table"), "sort": _l("Sort"), "dir": _l("Sort direction"), "axis": _l("Time axis"), "at": _l("As of"),
    "known": _l("Known at"), "briefs": _l("Signed briefs"), "reminders": _l("Reminders before the cut-off"),
    "alerts": _l("Overdue alerts"), "fmt": _l("Format"),
    # The report list's search (its box's label): a search it cannot read said "q：最多 200 个字符".
    "q": _l("Words or #number"),
    # The timeline's lists shown whole on request (timelines/display.SHOWN).
    "bars": _l("Every bar on one page"), "outstanding": _l("Every outage still out"),
    "thresholds": _l("Every subdistrict's time to restore"),
    # The fields of forms whose undecodable or NUL-holding text the error page refuses before any form reads it
    # (web.py, inputs.BadField): the forms' own labels.
    "coordinates": _l("Coordinates (WGS-84)"), "current_password": _l("Current password"),
    "new_password": _l("New password"), "confirm": _l("New password again"), "channel": _l("Channel"),
    "address": _l("E-mail address or webhook URL"), "secret": _l("DingTalk signing secret (SEC…)"),
    "lang": _l("Language"), "file": _l("File (CSV or XLSX)"), "next": _l("Page to return to"),
    "expires_on": _l("Valid through (optional)"), "once": _l("Form key"), "cursor": _l("Position in the list"),
    "revoke_tokens": _l("Also revoke my API tokens"),
    "keep_tokens": _l("Keep its API tokens (the password was only forgotten)"),
    "confirm_duplicate": _l("Yes, this is another report: save it as well"),
    # A header a refusal names (request_bodies.refuse_bad_text: no body is taken compressed): the API's problem keeps
    # its name.
    "Content-Encoding": _l("What was sent"),
}


def form_labels(form: Any) -> dict[str, str]:
    """Each field of `form` (a WTForms form) by name, as the form labels it: a page's `nearer` for field_label."""
    return {field.name: str(field.label.text) for field in form}


def field_label(name: str, nearer: Mapping[str, Any] | None = None) -> str:
    """A field's name as a page says it: the page's own label (`nearer`), else FIELD_LABELS', else the key."""
    # A part of a field (started_at-day, households_affected-more) is named by its field: one label on the form.
    for key in (name, name.split("-")[0], SECOND_NAMES.get(name, name)):
        found = (nearer or {}).get(key) or FIELD_LABELS.get(key)
        if found:
            return str(found)
    return name


def field_problem(name: str, problem: Any, nearer: Mapping[str, Any] | None = None) -> str:
    """How a page names a refused field and its problem, "label：problem" (the API's JSON keeps the key)."""
    return f"{field_label(name, nearer)}{_(': ')}{_after_label(str(problem))}" if name else str(problem)


# A sentence's first word in English: a capital, then only lower case, then a space ("The", "A", "Don't"; not "I",
# "WeCom", "SMTP" or "Asia/…").
SENTENCE_START = re.compile(r"(?:A|[A-Z][a-z]+(?:'[a-z]+)?) ")


# The same message also stands alone (the event and area forms say GARBLED_VERSION as a sentence), so its id keeps
# its capital and the page that puts a label before it lowers it.
def _after_label(problem: str) -> str:
    """An English problem read after "Label: " goes on the sentence: "Version: the form's version…"."""
    locale = get_locale()
    if locale is None or locale.language != "en" or not SENTENCE_START.match(problem):
        return problem
    return problem[0].lower() + problem[1:]
