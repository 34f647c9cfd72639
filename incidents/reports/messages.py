"""The wording of the report rules' shared messages, so forms, JSON parsers, validation and imports say the same."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from incidents.db import now_utc
from incidents.errors import Message
from incidents.limits import NOT_A_WHOLE_NUMBER as NOT_A_WHOLE_NUMBER

# The keyword babel extracts: every message below lands in the reports catalog.
_l = Message

REQUIRED_MSG = _l("required")
NOT_A_TIME = _l("must be a date and time")
# Every spelling parse_day reads, said with the refusal: the one wording of a day refused, on every form, list,
# import, the API and a brief's compile (each of which named only YYYY-MM-DD until 7 December).
NOT_A_DAY = _l("must be a date, e.g. 2026-12-07, 2026/12/7 or 2026年12月7日")
NOT_A_CLOCK = _l("must be a time of day (HH:MM)")
CLOCK_NEEDED = _l("give the time, or choose a part of the day or the whole day")
NOT_A_NUMBER = _l("must be a number")
# A count typed with a unit that is not the field's own ("120人" for person-times): %(unit_en)s and
# %(unit_zh)s are the field's unit in each language (each catalog uses its own), %(typed)s the unit typed.
OTHER_UNIT = _l("must be in %(unit_en)s: \"%(typed)s\" is another unit")
# "累计3000" or "3000 to date" in a volume or count: a running total given where one period's figure goes (it
# would be added to the earlier periods' figures); said as such, not as "must be a whole number".
RUNNING_TOTAL = _l("is a total to date (\"%(typed)s\"): give this report's own figure, as a number")
# "约3000方": no figure is stored as "about" (only "more than", 余); said so, not as "must be a whole number".
ESTIMATE = _l("is an estimate (\"%(typed)s\"): give the number alone, and say in the note that it is an estimate")
AT_MOST = _l("is at most (\"%(typed)s\"): a figure is exact or \"more than\" (余); give the number alone, and say in "
             "the note that it is at most that")
A_RANGE = _l("is a range (\"%(typed)s\"): give one number (the lower with 余 for \"at least\"), and the range in "
             "the note")
UNKNOWN_PRECISION = _l("unknown precision")
NOT_TEXT = _l("must be text")
NOT_A_FLAG = _l("must be true or false")
OUTSIDE_SCOPE = _l("is outside the areas you report for")
# Said above the form shown again with what was sent and a fresh token (a login in another tab made the page's
# token stale): sending it as it stands saves it; a reload would clear what was typed.
FORM_EXPIRED = _l("This page had expired (a login or a password change since it was opened): nothing was saved. "
                  "What you typed is below: send it again.")
# A status button's hidden `action` that is none of its page's: said by name, not a bare "not understood".
UNKNOWN_ACTION = _l("is not an action here (%(actions)s): nothing was changed")
NEAR_DUPLICATE = _l("You saved a report with the same place and figures a few minutes ago (#%(id)s). "
                    "Tick the box below to save this one as well.")
OVERLAPPING_VOLUME = _l("Report #%(id)s already gives %(volume)s m³ pumped by this operation over %(period)s, which "
                        "overlaps these hours: both would be added up. If this is another pump's volume, tick the box "
                        "below to save it as well; if it is a running total, give only the volume of these hours.")
OPEN_OUTAGE_AT = _l("Outage #%(id)s at this place (since %(since)s) is not restored yet: "
                   "if this is the same outage, report its progress instead (Outage update). If it is another one, "
                   "tick the box below to save it as well.")
# A status button's version older than the report's: as the list's bulk bar says of a stale item (bulk.CHANGED).
STATUS_STALE = _l("Nothing was changed: the report was changed by someone else meanwhile (now version %(version)s). "
                  "Look at the newer version and its history below, then choose again.")
FORM_CHANGED = _l("This form was already saved as a report, with other values: your changes were not saved. "
                  "Correct the saved report, or log a new one.")
KEY_LENGTH = _l("must be 1 to %(n)s characters", n=100)
# Local times are never guessed (vague.local_instant): the form asks which, the API wants an offset.
TWICE_CHOOSE = _l("happened twice (the clocks went back): choose which one")
TWICE_OFFSET = _l("happened twice (the clocks went back): send it with its UTC offset, %(first)s or %(second)s")
NEVER_HAPPENED = _l("does not exist: the clocks went forward past it (daylight saving)")
# "2021-07-24 ~" was read as the whole day, its "about" dropped: about needs a clock (vague.AboutWithoutClock).
ABOUT_NO_CLOCK = _l("\"~\" (about) needs a clock time after it, e.g. %(day)s ~14:00; for the whole day give the date "
                    "alone")
# +08:00:30 was read as written; no zone in use has seconds in its offset (vague.OffsetWithSeconds).
OFFSET_SECONDS = _l("has a UTC offset with seconds (%(typed)s): no time zone has one; give hours and minutes, "
                    "e.g. +08:00")
# A subdistrict's own event (its waterlogging) is that subdistrict's: a neighbour's report filed on it
# counted in its figures and brief, and its coordinator, scoped there, could not even send it back.
OUTSIDE_EVENT = _l("is outside the place this event concerns")


def example_day(tz: ZoneInfo, starts_at: datetime | None = None, now: datetime | None = None,
                ends_at: datetime | None = None) -> date:
    """The day example times are written on: today in the event's zone, held within its first and last days."""
    # A 2026 event's clerk shown 2021-07-24 (the demo's day) took the example for a leftover, or copied it; one on
    # the fourth day shown the first day wrote that day's date on today's report. After the end: its last day,
    # whose reports are the ones still coming in late.
    today = (now or now_utc()).astimezone(tz).date()
    if ends_at is not None:
        today = min(today, ends_at.astimezone(tz).date())
    if starts_at is not None:
        today = max(today, starts_at.astimezone(tz).date())
    return today


def time_hint(tz: ZoneInfo, starts_at: datetime | None = None, now: datetime | None = None,
              ends_at: datetime | None = None) -> Message:
    """Text no spelling of the one parser reads ("晚9时许"): the accepted forms on a day of the event (example_day),
    so an API client or a clerk's file can correct it without guessing."""
    day = example_day(tz, starts_at, now, ends_at).isoformat()
    return _l("must be a date and time: %(day)s 21:00, %(day)s ~21:00, %(day)s afternoon or %(day)s", day=day)
