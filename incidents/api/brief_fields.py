"""What each class and field of a brief's JSON means, for the OpenAPI document (units, periods, what null says).

The one home of these descriptions: dataclass_schemas reads them when it builds a component from briefs/content.py.
They say what docs/briefs.md ("Computing a brief's figures yourself") says, in one line each; a field added to the
content without a line here fails tests/api/test_brief_json_schema.py.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# Kept apart from briefs/content.py: 270 lines of words would take it past 600, and the domain stays Flask-free.
DAY = _l("the local day [00:00, 24:00) in the event's zone, YYYY-MM-DD")
AREA = _l("the place's name (Chinese)")
AREA_EN = _l("the place's English name; null: none recorded")
AREA_ID = _l("the area's id")
LEVEL = _l("the area's level (district, subdistrict, town, community, village, compound...)")
SUBDISTRICT = _l("its subdistrict or town (Chinese); null: none above it")
SUBDISTRICT_EN = _l("its subdistrict's English name; null: none")
OUTAGE_ID = _l("the outage report's id")
HOUSEHOLDS_OUT = _l("households still without power at the day's last instant, as known at the cut-off")
BUILDINGS_OUT = _l("buildings still without power at the day's last instant, as known at the cut-off")
HOUSEHOLDS_UNKNOWN = _l("open outages that gave no household count: left out of the sum, said beside it")
BUILDINGS_UNKNOWN = _l("open outages that gave no building count: left out of the sum, said beside it")
RESTORED_LATER = _l("of its open outages, how many were restored after the day, known by the cut-off")
RESTORED_AFTER = _l("when the last of those restored after the day was")
VOLUME = _l("pumped volume in whole cubic metres (m³), each report apportioned over the day by overlap")
DEBRIS = _l("debris cleared in kilograms (kg; the text shows tonnes to one decimal)")
REPORT_ID = _l("the report's id")
REPORT_KIND = _l("the report's kind (outage, pumping, disinfection, debris, activity, zero_report...)")
OBSERVED = _l("when what it tells was observed (an interval's start)")
SINCE = _l("when it went out (or out again)")
ETR = _l("the estimated restoration time given; at null: none given")
ETR_AFTER = _l("true: that estimated restoration was given after the day's end, known by the cut-off")
LB_OUT = _l("true: the sum is \"more than\" (an open outage's count was)")
UB_OUT = _l("true: the sum is \"at most\"; left out while false")
APPROX_OUT = _l("true: the sum is about; left out while false")

COMPONENTS: dict[str, LazyString] = {
    "Qty": _l("A quantity as honestly as it is known; its unit is the field's that holds it."),
    "Figure": _l("A figure of the day beside the figure to date and the day before's brief's to-date; each a Qty."),
    "When": _l("A time with its precision: at is stored at the middle of its window, never after it was reported."),
    "Header": _l("Which brief: event, issue number, revision, the day's bounds, cut-off, due and compile times."),
    "OutageLine": _l("One outage: where, since when, how many still out, its estimated and actual restoration."),
    "OverdueLine": _l("An open outage past its estimated restoration, named in its place's outstanding item."),
    "OutageGroup": _l("An item of section 3 (outstanding items and risks): the open outages at one place (a "
                      "community or the outage's own)."),
    "PlaceLine": _l("A place with more than one open outage, named once with their counts summed."),
    "PlaceOver": _l("A place whose open outages add up to more households than live there (said, not capped)."),
    "ReadingsDisagree": _l("An outage whose day ends on households (or buildings) out read off a count restored so "
                           "far above the last figure stated, or begins on such a reading below the figure it ends "
                           "on: that day's sum does not hold (section 5 says so). One per unit: a buildings' entry "
                           "has households_stated and households_read null."),
    "Power": _l("Power: outages still out at the day's last instant, restored in the day, totals to date."),
    "Operation": _l("A pumping operation at work in the day (begun before 24:00, ended after 00:00 or begun then)."),
    "Pumping": _l("Pumping: the volume pumped (m³), operations at work, their people and pumps."),
    "CategoryFigure": _l("A disinfection count of one site category or equipment type, in its own unit."),
    "Disinfection": _l("Disinfection: person-times, staff and counts per category."),
    "Debris": _l("Debris clearance: mass (kg), truckloads, people and vehicles deployed."),
    "SubdistrictRow": _l("One subdistrict or town (or the district itself) in section 2, the table by subdistrict."),
    "ActivityLine": _l("An activity-log entry observed in the day."),
    "Change": _l("Something that changed since the previous brief, a sentence a leader can read aloud."),
    "LateReport": _l("A counted report that arrived after the first final brief of the day it belongs to."),
    "ReturnedReport": _l("A report sent back for correction: counted in no figure until resubmitted."),
    "AreaName": _l("A subdistrict named in the data-quality section."),
    "Quality": _l("Data quality: reports used, unverified, late and sent back, silent subdistricts, revisions."),
    "DayPoint": _l("One day of the recent trend drawn in the brief's charts, as known at this brief's cut-off."),
    "MapPoint": _l("A place on the brief's small map and its statuses at the day's end."),
    "BriefContent": _l("The whole brief: its facts as compiled at the cut-off; every format renders from them."),
}

FIELDS: dict[str, dict[str, LazyString]] = {
    "Qty": {
        "value": _l("the number in the field's unit; null: no report gave one (not reported, or no report reached "
                    "the day)"),
        "lb": _l("true: \"more than\" (30+): a count reported as a lower bound went in"),
        "approx": _l("true: an estimate, e.g. a share of an interval the day cuts at 00:00 or 24:00"),
        "cum": _l("true: counts reported as totals to date went into the figure"),
        "ub": _l("true: \"at most\", read off a \"more than\" restored count; left out while false"),
    },
    "Figure": {
        "period": _l("the day's figure: the sum of the day's shares of every counted report"),
        "to_date": _l("every share before 24:00 of every counted report, recomputed at this compile"),
        "previous": _l("to_date of the day before's brief as that brief stored it; null: none (the first brief, a "
                       "category that brief did not count, or a subdistrict row's disinfection category, whose "
                       "previous is not kept)"),
        "fell": _l("true: to_date reads lower than previous, a smaller number whatever its marks or the same one "
                   "without its \"more than\" (60 then 50+, 60+ then 60; a report corrected or retracted since)"),
    },
    "When": {
        "at": _l("the instant (ISO 8601, UTC); null: not given"),
        "precision": _l("exact, approximate (±30 min), a part of a day or a whole day; null: no time"),
    },
    "Header": {
        "event_id": _l("the event's id"),
        "event_code": _l("the event's code"),
        "event_name": _l("the event's name (Chinese)"),
        "event_name_en": _l("the event's English name; null: none"),
        "issuer": _l("who issues the brief (Chinese); null: not set"),
        "district": _l("the event's district (Chinese); null: not set"),
        "district_en": _l("the district's English name; null: none"),
        "timezone": _l("the event's zone (IANA), in which the day is read"),
        "day": DAY,
        "number": _l("the issue number, counted from the event's first day"),
        "revision": _l("1 for the day's first brief, then one more per recompile"),
        "status": _l("provisional (compiled during the day) or compiled (final); published once signed off"),
        "period_start": _l("the day's start, 00:00 local, in UTC"),
        "period_end": _l("the day's end, 24:00 local, in UTC (excluded: the day is [start, end))"),
        "period_hours": _l("the day's length in hours: 23 or 25 across a daylight-saving change"),
        "cutoff": _l("only reports stamped at or before it count: the due time for the first final brief, "
                     "else the moment it was compiled"),
        "due_at": _l("when the brief is due: the brief time on the next day"),
        "compiled_at": _l("when it was compiled"),
        "compiled_by": _l("who asked for the compile; null: the scheduler"),
        "provisional": _l("true: compiled before the day was over"),
        "event_kind": _l("the event's kind (flood, typhoon...); null: briefs stored before"),
        "issuer_en": _l("the issuer's English name; null: none"),
        "signed_by": _l("who signed it off; null: not signed"),
        "signed_at": _l("when it was signed off; null: not signed"),
    },
    "OutageLine": {
        "outage_id": OUTAGE_ID,
        "area": AREA,
        "area_en": AREA_EN,
        "subdistrict": SUBDISTRICT,
        "subdistrict_en": SUBDISTRICT_EN,
        "started": _l("when it began"),
        "households_affected": _l("households affected: its latest affected figure"),
        "buildings_affected": _l("buildings affected: its latest affected figure"),
        "households_out": HOUSEHOLDS_OUT,
        "buildings_out": BUILDINGS_OUT,
        "hours_out": _l("whole hours out by the day's end, counted from going out (again); null: restored"),
        "hours_approx": _l("true: hours_out is counted from a vague time"),
        "etr": ETR,
        "etr_after": ETR_AFTER,
        "overdue": _l("true: still out past its estimated restoration"),
        "restored": _l("when it was fully restored; at null: still out"),
        "restored_after": _l("its restoration after the day, known by the cut-off; at null: none"),
        "out_again": _l("out again after a full restoration: since when; at null: never"),
        "area_id": _l("the place whose outstanding item counts it; null in briefs stored before"),
        "place_id": _l("that place's area id; null in briefs stored before"),
        "place": _l("that place's name (Chinese); null in briefs stored before"),
        "place_en": _l("that place's English name; null: none"),
    },
    "OverdueLine": {"outage_id": OUTAGE_ID, "area": AREA, "area_en": AREA_EN, "etr": ETR},
    "OutageGroup": {
        "area_id": AREA_ID,
        "area": AREA,
        "area_en": AREA_EN,
        "level": LEVEL,
        "subdistrict": SUBDISTRICT,
        "subdistrict_en": SUBDISTRICT_EN,
        "outage_ids": _l("the ids of its open outages"),
        "households_out": HOUSEHOLDS_OUT,
        "buildings_out": BUILDINGS_OUT,
        "since": _l("the longest-running one's start (or its going out again)"),
        "etr": _l("the earliest estimated restoration not yet passed; at null: none"),
        "etr_after": ETR_AFTER,
        "households_unknown": HOUSEHOLDS_UNKNOWN,
        "buildings_unknown": BUILDINGS_UNKNOWN,
        "no_etr": _l("open outages with no estimated restoration"),
        "overdue": _l("the first of its outages past their estimated restoration, longest-running first"),
        "overdue_total": _l("all of its outages past their estimated restoration"),
        "restored_later": RESTORED_LATER,
        "restored_after": RESTORED_AFTER,
    },
    "PlaceLine": {
        "area": AREA,
        "area_en": AREA_EN,
        "outages": _l("its open outages"),
        "buildings_out": BUILDINGS_OUT,
        "households_out": HOUSEHOLDS_OUT,
        "buildings_unknown": BUILDINGS_UNKNOWN,
        "households_unknown": HOUSEHOLDS_UNKNOWN,
        "restored_later": RESTORED_LATER,
        "restored_after": RESTORED_AFTER,
    },
    "PlaceOver": {
        "area_id": AREA_ID,
        "area": AREA,
        "area_en": AREA_EN,
        "level": LEVEL,
        "households": _l("the households living there, as its area record says"),
        "households_out": _l("its open outages' households still out, summed as reported (never capped)"),
        "outages": _l("its open outages"),
    },
    "ReadingsDisagree": {
        "outage_id": OUTAGE_ID,
        "area": AREA,
        "area_en": AREA_EN,
        "households_stated": _l("the last households still out stated in so many words (or the affected total); "
                                "where the day begins on the reading, the figure it ends on"),
        "stated": _l("when that figure was stated"),
        "households_read": _l("the households out read off the count restored so far: at the day's end, or at its "
                              "start where that is the earlier time"),
        "read": _l("when that count was given"),
        "both_read": _l("true: the day's later figure is read off a count restored so far too, one lowered since; "
                        "left out otherwise"),
        "buildings_stated": _l("the last buildings still out stated (or the affected total), for a buildings' entry; "
                               "left out otherwise"),
        "buildings_read": _l("the buildings out at the day's end, read off the count restored so far, for a "
                             "buildings' entry; left out otherwise"),
    },
    "Power": {
        "available": _l("false: the section could not be computed"),
        "open_outages": _l("outages still out at the day's last instant (just before 24:00), as known at the cut-off"),
        "households_out": HOUSEHOLDS_OUT,
        "households_unknown": HOUSEHOLDS_UNKNOWN,
        "buildings_out": BUILDINGS_OUT,
        "buildings_unknown": BUILDINGS_UNKNOWN,
        "restored_in_period": _l("outages whose restoration time (restored_at) is in the day"),
        "households_restored": _l("households back in the day: the sum of the falls in households out, partial "
                                  "restorations counted; null: nothing came back or no count was given"),
        "buildings_restored": _l("buildings back in the day: the sum of the falls in buildings out"),
        "households_back_unknown": _l("outages fully back in the day whose households back are not known (none "
                                      "given, or out again with the households left unsaid): left out of "
                                      "households_restored"),
        "buildings_back_unknown": _l("outages fully back in the day whose buildings back are not known (none "
                                     "given, or out again with the buildings left unsaid): left out of "
                                     "buildings_restored"),
        "partial_in_period": _l("outages partly restored with an update in the day and still out at its end (one "
                                "fully restored in the day is in restored_in_period only)"),
        "new_in_period": _l("outages begun in the day"),
        "outages_to_date": _l("every counted outage begun before 24:00"),
        "restored_to_date": _l("every counted outage restored by 24:00"),
        "households_affected": _l("households affected to date: the latest affected figure of each outage"),
        "households_affected_unknown": _l("outages that gave no affected households: left out of the sum"),
        "buildings_affected": _l("buildings affected to date: the latest affected figure of each outage"),
        "buildings_affected_unknown": _l("outages that gave no affected buildings: left out of the sum"),
        "previous_outages_to_date": _l("outages_to_date of the day before's brief; null: none, or one that did not "
                                       "store it"),
        "previous_restored_to_date": _l("restored_to_date of the day before's brief; null: none, or one that did "
                                        "not store it"),
        "previous_households_affected": _l("households_affected of the day before's brief; null: none, or one that "
                                           "did not store it"),
        "previous_buildings_affected": _l("buildings_affected of the day before's brief; null: none, or one that "
                                          "did not store it"),
        "previous_peak_households": _l("peak_households of the day before's brief (said beside this one's where it "
                                       "reads lower); null: none"),
        "previous_peak_buildings": _l("peak_buildings of the day before's brief (said beside this one's where it "
                                      "reads lower); null: none"),
        "peak_households": _l("the highest sum of households out at any instant to date, recomputed"),
        "peak_households_unknown": _l("outages out at the peak that gave no household count"),
        "peak_buildings": _l("the highest sum of buildings out at any instant to date, recomputed"),
        "peak_buildings_unknown": _l("outages out at the peak that gave no building count"),
        "pct_restored_households": _l("100 × (peak − out now) / peak, one decimal (even neighbour on a tie); "
                                      "null: no peak known"),
        "pct_restored_buildings": _l("the same share for buildings; null: no peak known"),
        "pct_restored_households_approx": _l("true: the share is an estimate, read off a \"more than\" count"),
        "pct_restored_buildings_approx": _l("true: the buildings' share is an estimate"),
        "households_lost": _l("open outages out again that gave a household count once and give none now"),
        "buildings_lost": _l("open outages out again that gave a building count once and give none now"),
        "open": _l("the first 30 open outages, longest-running first"),
        "open_total": _l("all open outages (open is cut at 30)"),
        "restored": _l("the first 30 outages restored in the day"),
        "restored_total": _l("all outages restored in the day (restored is cut at 30)"),
        "restored_after_period": _l("open outages restored after the day, known by the cut-off"),
        "open_places": _l("places with more than one open outage, each named once; left out while empty"),
        "open_places_total": _l("all such places; left out while 0"),
        "open_groups": _l("section 3 (outstanding items) by place, every open outage in one group; left out while "
                          "empty"),
        "open_groups_total": _l("all such groups; left out while 0"),
        "over_households": _l("places whose open outages state more households out than live there, the first "
                              "30; left out while empty"),
        "readings_disagree": _l("outages whose day ends on a reading above the last stated figure, or begins on "
                                "a reading below the figure it ends on, stated and not above the last stated one, so "
                                "the day's sum does not hold, the first 30; left out while empty"),
        "readings_disagree_total": _l("all such readings (readings_disagree holds the first 30); left out while 0"),
        "over_households_total": _l("all such places (over_households holds the first 30); left out while 0"),
    },
    "Operation": {
        "operation_id": _l("the pumping operation report's id"),
        "area": AREA,
        "area_en": AREA_EN,
        "team": _l("the team (Chinese)"),
        "people": _l("people at work; value null: not reported"),
        "pumps": _l("pumps at work; value null: not reported"),
        "started": _l("when it began"),
        "ended": _l("when it ended; at null: still pumping"),
        "team_en": _l("the team's English name; null: none"),
        "subdistrict": SUBDISTRICT,
        "subdistrict_en": SUBDISTRICT_EN,
    },
    "Pumping": {
        "volume_m3": VOLUME,
        "active": _l("operations at work in the day"),
        "people": _l("people of the operations at work, summed; value null: none at work or none reported"),
        "pumps": _l("pumps of the operations at work, summed; value null: none at work or none reported"),
        "operations_to_date": _l("operations begun before 24:00"),
        "operations": _l("the operations at work in the day (cut; operations_total counts them all)"),
        "operations_total": _l("all operations at work in the day"),
        "still_pumping": _l("operations with no end or one after 24:00 (one ending at 24:00 is not)"),
        "volume_reports_in_period": _l("volume reports reaching the day; 0: volume_m3 is null"),
        "unmeasured": _l("operations to date with no volume reported: the volume to date leaves them out"),
        "previous_operations_to_date": _l("operations_to_date of the day before's brief; null: none, or one that "
                                          "did not store it; 0: its volume to date was \"—\", nothing reported"),
    },
    "CategoryFigure": {
        "code": _l("the category's code (surface: the area disinfected, in square metres, m²)"),
        "kind": _l("site (a site category) or equipment"),
        "name_zh": _l("the category's Chinese name"),
        "name_en": _l("the category's English name"),
        "unit_zh": _l("its unit in Chinese (for sites, square metres...)"),
        "unit_en": _l("its unit in English (sites, m²...)"),
        "figure": _l("the count in that unit; a total to date (cum) replaces what was observed before it"),
    },
    "Disinfection": {
        "person_times": _l("person-times"),
        "categories": _l("the counts per category, each in its own unit: unlike things are never added"),
        "reports_in_period": _l("the day's counted disinfection reports; 0: its figures are null"),
        "staff": _l("people on duty, never person-times: period the day's reports' sum; to_date and previous add "
                    "every day's, a sum over days, not a number of people (the brief shows the day's only)"),
        "reports_to_date": _l("counted disinfection reports observed before 24:00; 0: a null to_date is \"—\", "
                              "nothing reported (above 0: reports that gave none, \"not reported\"); null: a brief "
                              "stored before this count"),
        "previous_reports_to_date": _l("reports_to_date of the day before's brief; null: none, or one that did not "
                                       "store it"),
    },
    "Debris": {
        "mass_kg": DEBRIS,
        "truckloads": _l("truckloads carried away"),
        "people": _l("people deployed"),
        "vehicles": _l("vehicles deployed"),
        "reports_in_period": _l("the day's counted clearance reports; 0: its figures are null"),
        "reports_to_date": _l("counted clearance reports begun before 24:00; 0: a null to_date is \"—\", nothing "
                              "reported (above 0: reports that gave none, \"not reported\"); null: a brief stored "
                              "before this count"),
        "previous_reports_to_date": _l("reports_to_date of the day before's brief; null: none, or one that did not "
                                       "store it"),
    },
    "SubdistrictRow": {
        "area_id": _l("the subdistrict's area id; null: the row of reports on the district itself or outside any "
                      "subdistrict"),
        "name": _l("its name (Chinese); null: that row"),
        "name_en": _l("its English name; null: none"),
        "open_outages": _l("outages still out at the day's last instant"),
        "households_out": HOUSEHOLDS_OUT,
        "households_unknown": HOUSEHOLDS_UNKNOWN,
        "restored_in_period": _l("outages restored in the day"),
        "households_restored": _l("households back in the day, as Power's"),
        "households_back_unknown": _l("outages fully back in the day whose households back are not known, as "
                                      "Power's; left out while 0"),
        "buildings_out": BUILDINGS_OUT,
        "buildings_unknown": BUILDINGS_UNKNOWN,
        "buildings_restored": _l("buildings back in the day, as Power's"),
        "buildings_back_unknown": _l("outages fully back in the day whose buildings back are not known, as "
                                     "Power's; left out while 0"),
        "volume_m3": VOLUME,
        "disinfection": _l("its disinfection counts per category, each in its own unit; their previous is null: "
                           "the district's categories (Disinfection.categories) carry it"),
        "debris_kg": DEBRIS,
        "reports": _l("its counted reports bearing on the day"),
        "pumping_active": _l("its pumping operations at work in the day (as Pumping.active): a day's volume none "
                             "of them gave is not reported; left out while 0"),
        "debris_reports_in_period": _l("its clearances reaching into the day (as Debris.reports_in_period): tonnes "
                                       "none of them gave are not reported; left out while 0"),
        "pumping_operations_to_date": _l("its pumping operations begun before 24:00 (as Pumping.operations_to_date): "
                                         "a volume to date none of them gave is not reported; left out while 0"),
        "debris_reports_to_date": _l("its clearances begun before 24:00 (as Debris.reports_to_date): tonnes to "
                                     "date none of them gave are not reported; left out while 0"),
    },
    "ActivityLine": {
        "when": _l("when it was observed"),
        "area": AREA,
        "area_en": AREA_EN,
        "title": _l("what was done"),
        "source": _l("where it was told (a newspaper, a call...); null: not given"),
        "note": _l("the reporter's note; null: none"),
    },
    "Change": {
        "kind": _l("what changed (a new outage, a restoration, out again, an operation begun or ended...)"),
        "area": _l("where (Chinese); null: the district as a whole"),
        "area_en": AREA_EN,
        "when": _l("when it happened; at null: no time"),
        "until": _l("until when; at null: open"),
        "count": _l("how many (outages, operations...); null: not a count"),
        "qty": _l("the quantity it says, in the kind's unit (households, m³...); null: none"),
        "text": _l("the words it carries (a sentence, a figure's name); null: none"),
        "text_en": _l("the sentence in English; null: none"),
        "names": _l("places named (Chinese)"),
        "names_en": _l("the places' English names"),
        "was": _l("the time the previous brief gave, corrected since (a restoration's); null: none corrected"),
    },
    "LateReport": {
        "report_id": REPORT_ID,
        "kind": REPORT_KIND,
        "area": AREA,
        "area_en": AREA_EN,
        "observed": OBSERVED,
        "reported_at": _l("when it was stamped: after that day's first cut-off"),
        "day": _l("the day whose brief it missed (YYYY-MM-DD)"),
        "number": _l("that brief's issue number"),
        "shown_in": _l("the revision of that day's brief that now shows it; null: none compiled since"),
    },
    "ReturnedReport": {
        "report_id": REPORT_ID,
        "kind": REPORT_KIND,
        "area": AREA,
        "area_en": AREA_EN,
        "observed": OBSERVED,
        "reason": _l("why it was sent back; null: no reason given"),
    },
    "AreaName": {
        "area_id": AREA_ID,
        "name": _l("its name (Chinese)"),
        "name_en": _l("its English name; null: none"),
    },
    "Quality": {
        "reports_used": _l("counted reports with data bearing on the day or stamped in it (zero reports not)"),
        "unverified": _l("of them, submitted but not yet verified"),
        "returned": _l("reports sent back observed by the day's end, counted in no figure"),
        "returned_reports": _l("those reports (cut)"),
        "late": _l("the first 30 late reports (late_total counts them all)"),
        "late_total": _l("all reports late for an earlier day's first final brief, known by this cut-off"),
        "silent": _l("subdistricts that sent nothing for the day"),
        "zero_reported": _l("subdistricts that answered with a zero report (nothing to report)"),
        "blank_sections": _l("sections with no report at all"),
        "falls": _l("to-date figures below the previous brief's (Figure.fell; power.outages_to_date, the "
                   "affected households and buildings and the peaks too), by name"),
        "approximate": _l("true: some figure is an estimate"),
        "previous_revision": _l("the revision this one follows; null: the day's first"),
        "previous_cutoff": _l("that revision's cut-off; null: the day's first"),
        "added_since_previous_revision": _l("reports counted now that were stamped after that cut-off"),
        "corrected_since_previous_revision": _l("earlier reports corrected since that cut-off"),
        "retracted_since_previous_revision": _l("earlier reports retracted since that cut-off"),
        "returned_since_previous_revision": _l("earlier reports sent back since that cut-off"),
        "restored_since_previous_revision": _l("earlier reports restored since that cut-off"),
    },
    "DayPoint": {
        "day": DAY,
        "open_outages": _l("outages still out at that day's last instant; null: unknown"),
        "buildings_out": _l("buildings out at that day's last instant; null: none reported"),
        "households_out": _l("households out at that day's last instant; null: none reported"),
        "buildings_out_lb": LB_OUT,
        "households_out_lb": LB_OUT,
        "buildings_out_ub": UB_OUT,
        "households_out_ub": UB_OUT,
        "buildings_out_approx": APPROX_OUT,
        "households_out_approx": APPROX_OUT,
        "volume_m3": VOLUME,
        "debris_kg": DEBRIS,
        "no_pumping": _l("true: no pumping at work and no volume that day (shown —, not as not reported); left out "
                         "while false"),
        "no_clearance": _l("true: no clearance report that day; left out while false"),
        "revised": _l("the figures that differ from what that day's own brief said"),
    },
    "MapPoint": {
        "area_id": AREA_ID,
        "name": _l("its name (Chinese)"),
        "name_en": _l("its English name; null: none"),
        "latitude": _l("WGS-84 degrees; null: no coordinates"),
        "longitude": _l("WGS-84 degrees; null: no coordinates"),
        "statuses": _l("out, pumping, restored, disinfected (in the day), most urgent first"),
        "households_affected": _l("households affected there; null: none reported"),
        "households_affected_lb": _l("true: that count is \"more than\""),
        "doubtful": _l("true: its stored point lies over 300 km from the event's place (a doubtful location), given "
                       "but not drawn; left out while false"),
    },
    "BriefContent": {
        "header": _l("which brief, its day and cut-off"),
        "power": _l("power: outages out at the day's end, restored in it, to date"),
        "pumping": _l("pumping"),
        "disinfection": _l("disinfection"),
        "debris": _l("debris clearance"),
        "subdistricts": _l("section 2: a row per subdistrict or town"),
        "activity": _l("section 4, activity: the first 100 entries observed in the day, by time then id"),
        "activity_total": _l("all activity entries observed in the day"),
        "changes": _l("what changed since the previous brief"),
        "quality": _l("section 5: data quality"),
        "trend": _l("the recent days' figures drawn in the charts"),
        "map": _l("every place with a status in the day (placed or not), most urgent first"),
        "schema": _l("the content's format version"),
    },
}


# The modules whose dataclasses make a brief's content (another module's class of the same name is not one).
CONTENT_MODULES = frozenset({"incidents.briefs.content", "incidents.briefs.content_power",
                             "incidents.briefs.quantities"})


def component_description(cls: type) -> LazyString | None:
    """The description of a brief's class, if it is one."""
    return COMPONENTS.get(cls.__name__) if cls.__module__ in CONTENT_MODULES else None


def field_description(cls: type, name: str) -> LazyString | None:
    """The description of one field of a brief's class, if it has one."""
    return FIELDS.get(cls.__name__, {}).get(name) if cls.__module__ in CONTENT_MODULES else None
