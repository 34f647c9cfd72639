"""Hurricane Sandy over Monmouth County, New Jersey (29 October – 9 November 2012), replayed through the HTTP API in
English as an outside tester would; every figure held against tests/api/sandy_model.py.

The county's office of emergency management (a desk token) and two borough offices on scoped tokens send what the
utilities and public works phone in; figures are illustrative, not the utilities' records. What it holds:
- the event in America/New_York across the end of daylight saving time: 4 November has 25 hours, its brief counts
  updates of both 01:xx hours; a time of 01:30 without an offset is refused naming the field with both readings,
  with its offset it is kept; the 3 November brief is cut off at 08:00 EST;
- outages of thousands of customers (households) restored in steps over days, ETRs given and missed, out again in
  the nor'easter of 7 November and back; a duplicate retracted, a size corrected through If-Match, a create
  replayed with its Idempotency-Key, a borough office refused (403) for another borough's place;
- a late update (after 5 November's cut-off, counted on the 5th, listed late);
- pumping in gallons (converted to m³ by the model: the product takes m³), across the repeated hour's night;
- figures written as English speakers do: 1,200 and 300+ read; "about 300" and "over 40" refused by field name.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import docx

from tests.api.conftest import TokenClient, compiled_with_content
from tests.api.outsider_places import Places
from tests.api.sandy_model import ET, Model, Sent, at, bounds, cutoff, m3_of_gallons

SUBS = ["Sea Bright", "Long Branch", "Middletown"]
CODES = {"Sea Bright": "3402566330", "Long Branch": "3402541310", "Middletown": "3402545990"}
COMMUNITIES = {"Sea Bright": ["North Beach", "Downtown Sea Bright"], "Long Branch": ["West End", "Elberon"],
               "Middletown": ["Port Monmouth", "Belford"]}
EN = {"Accept-Language": "en"}
# The days whose briefs are compiled and read (each compile is about half a second on PostgreSQL): landfall, the
# first steps, the days either side of the clocks going back, the late update's day, the nor'easter and after.
DAYS = ["2012-10-29", "2012-10-31", "2012-11-02", "2012-11-03", "2012-11-04", "2012-11-05", "2012-11-07",
        "2012-11-08"]
MISMATCHES: list[str] = []


def same(what: str, told: Any, computed: Any) -> None:
    """Note a figure the brief states that the model computes otherwise (all reported at the end)."""
    if told != computed:
        MISMATCHES.append(f"{what}: brief {told!r}, by hand {computed!r}")


def q(qty: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """A quantity as (value, more than)."""
    return None if qty is None or qty["value"] is None else (qty["value"], qty["lb"])


def test_sandy_in_monmouth_by_hand(database, token_client):
    MISMATCHES.clear()
    desk = token_client("monmouth-oem", "coordinator")
    places = Places(desk)
    places.city("Monmouth County", "34025", SUBS, CODES, COMMUNITIES)
    ids, sub_of = places.ids, places.sub_of
    made = desk.post("/api/v1/events", headers=EN, json={
        "code": "sandy-2012", "name": "Hurricane Sandy", "kind": "typhoon", "timezone": "America/New_York",
        "starts_at": "2012-10-29 00:00", "brief_time": "08:00", "area_id": ids["Monmouth County"]})
    assert made.status_code == 201, made.get_json()
    event = made.json["id"]
    url = f"/api/v1/events/{event}/reports"
    sea_bright = token_client("sea-bright-oem", "coordinator", scope="Monmouth County/Sea Bright")
    middletown = token_client("middletown-oem", "coordinator", scope="Monmouth County/Middletown")
    model = Model()

    def send(key: str, kind: str, place: str, body: dict[str, Any], facts: dict[str, Any],
             by: TokenClient = desk, idem: str | None = None) -> Sent:
        got = by.post(url, json={"kind": kind, **body}, headers={**EN, **({"Idempotency-Key": idem} if idem else {})})
        assert got.status_code == 201, (key, got.get_json())
        sent = Sent(key, kind, sub_of[place], at(body["reported_at"]), facts, id=got.json["id"])
        model.sent[key] = sent
        return sent

    def outage(key: str, place: str, households: int, started: str, reported: str, by: TokenClient = desk,
               idem: str | None = None, typed: str | None = None, **body: Any) -> Sent:
        return send(key, "outage", place, {"area_id": ids[place], "households_affected": typed or f"{households:,}",
                                           "started_at": started, "reported_at": reported, **body},
                    {"households": households, "started": at(started), "observed": at(started)}, by=by, idem=idem)

    def update(key: str, of: str, observed: str, reported: str, facts: dict[str, Any], by: TokenClient = desk,
               **body: Any) -> Sent:
        o = model.sent[of]
        place = next(name for name, i in ids.items() if sub_of[name] == o.sub)
        return send(key, "outage_update", place, {"outage_id": o.id, "observed_at": observed,
                                                  "reported_at": reported, **body},
                    {"outage": of, "observed": at(observed), **facts}, by=by)

    # ---- what English figures the product reads, what it refuses by name -----------------------------------------
    # 1,200 and 300+ are read; "about 300" and "up to 30" are no figure, refused saying which; customers are
    # households here (one meter, one household), read as such (O1's "1,400 customers", U1's "5,000 customers").
    for typed, said in (("about 300", 'is an estimate ("about")'), ("up to 30", 'is at most ("up to")')):
        refused = desk.post(url, headers=EN, json={"kind": "outage", "area_id": ids["Belford"], "started_at":
                                                   "2012-10-29 20:00", "reported_at": "2012-10-29 21:00",
                                                   "households_affected": typed})
        assert refused.status_code == 422, refused.get_json()
        assert refused.json["errors"]["households_affected"].startswith(said), refused.get_json()

    # ---- 29 October: landfall near Brigantine at about 20:00; the county goes dark ---------------------------------
    outage("O1", "North Beach", 1400, "2012-10-29 19:30", "2012-10-29 20:15", by=sea_bright, typed="1,400 customers",
           etr_at="2012-11-03 18:00")
    outage("O2", "West End", 12000, "2012-10-29 20:00", "2012-10-29 21:00", idem="lb-west-end-1")
    replay = desk.post(url, headers={**EN, "Idempotency-Key": "lb-west-end-1"}, json={
        "kind": "outage", "area_id": ids["West End"], "households_affected": "12,000",
        "started_at": "2012-10-29 20:00", "reported_at": "2012-10-29 21:00"})
    assert replay.status_code in (200, 201) and replay.json["replayed"] is True, replay.get_json()
    assert replay.json["id"] == model.sent["O2"].id
    outage("O3", "Port Monmouth", 3500, "2012-10-29 21:00", "2012-10-29 22:30", by=middletown,
           etr_at="2012-11-02 23:00")
    outage("O4", "Port Monmouth", 3500, "2012-10-29 21:00", "2012-10-29 23:10", by=middletown)  # the same, twice
    # "over 300" is 300+ (as 300余): the clerk's words kept, the bound read.
    outage("O5", "Elberon", 300, "2012-10-29 22:00", "2012-10-29 23:30", typed="over 300")
    model.sent["O5"].facts["lb"] = True
    # A borough office is refused another borough's place: 403, nothing stored.
    before = len(desk.get(url, query_string={"limit": 200}).json["reports"])
    refused = sea_bright.post(url, headers=EN, json={"kind": "outage", "area_id": ids["Elberon"],
                                                     "households_affected": 50, "started_at": "2012-10-29 23:00",
                                                     "reported_at": "2012-10-29 23:30"})
    assert refused.status_code == 403, refused.get_json()
    assert len(desk.get(url, query_string={"limit": 200}).json["reports"]) == before
    refused = sea_bright.post(url, headers=EN, json={"kind": "outage_update", "outage_id": model.sent["O2"].id,
                                                     "households_out": 0, "observed_at": "2012-10-29 23:40",
                                                     "reported_at": "2012-10-29 23:45"})
    assert refused.status_code == 403, refused.get_json()
    # The Sea Bright OEM pumps the flooded streets; the DPW gives gallons, the clerk types m³.
    op = send("P1", "pumping", "North Beach", {"area_id": ids["North Beach"], "team": "Sea Bright OEM pumps",
                                               "observed_at": "2012-10-30 08:00", "reported_at": "2012-10-30 08:30"},
              {"observed": at("2012-10-30 08:00")}, by=sea_bright)

    def volume(key: str, gallons: int, start: str, end: str, reported: str, lb: bool = False) -> None:
        m3 = m3_of_gallons(gallons)
        send(key, "pumping_volume", "North Beach", {"operation_id": op.id, "volume_m3": f"{m3:,}{'+' if lb else ''} m³",
                                                    "period_start": start, "period_end": end, "reported_at": reported},
             {"operation": "P1", "m3": m3, "lb": lb, "start": at(start), "end": at(end), "observed": at(start)},
             by=sea_bright)

    volume("V1", 500_000, "2012-10-30 08:00", "2012-10-30 20:00", "2012-10-30 20:30")
    volume("V2", 800_000, "2012-10-31 06:00", "2012-11-01 06:00", "2012-11-01 07:00")
    # ---- restoration in steps; ETRs missed ----------------------------------------------------------------------
    update("U1", "O2", "2012-10-31 18:00", "2012-10-31 18:30", {"restored": 5000},
           households_restored="5,000 customers")
    # The duplicate is retracted.
    gone = middletown.post(f"/api/v1/reports/{model.sent['O4'].id}/retract", json={"reason": "duplicate"})
    assert gone.status_code == 200, gone.get_json()
    model.sent["O4"].live = False
    # Port Monmouth's size corrected: 3,800 customers, not 3,500.
    o3 = desk.get(f"/api/v1/reports/{model.sent['O3'].id}")
    fixed = desk.patch(f"/api/v1/reports/{model.sent['O3'].id}", headers={"If-Match": o3.headers["ETag"], **EN},
                       json={"households_affected": "3,800"})
    assert fixed.status_code == 200, fixed.get_json()
    model.sent["O3"].facts["households"] = 3800
    update("U2", "O2", "2012-11-02 18:00", "2012-11-02 19:00", {"out": 3000, "lb": True},
           households_out="3,000+", etr_at="2012-11-05 18:00")
    update("U3", "O1", "2012-11-02 12:00", "2012-11-02 12:30", {"out": 900}, by=sea_bright,
           households_out="900", etr_at="2012-11-05 18:00")
    update("U4", "O3", "2012-11-03 12:00", "2012-11-03 13:00", {"out": 1000}, by=middletown,
           households_out="1,000", etr_at="2012-11-04 18:00")
    volume("V3", 700_000, "2012-11-03 22:00", "2012-11-04 06:00", "2012-11-04 07:00")  # 9 hours, not 8
    # ---- 4 November: 01:00–02:00 happens twice ----------------------------------------------------------------------
    twice = sea_bright.post(url, headers=EN, json={"kind": "outage_update", "outage_id": model.sent["O1"].id,
                                                   "households_out": 600, "observed_at": "2012-11-04 01:30",
                                                   "reported_at": "2012-11-04 03:00"})
    assert twice.status_code == 422, twice.get_json()
    assert twice.json["candidates"] == {"observed_at": ["2012-11-04T01:30:00-04:00", "2012-11-04T01:30:00-05:00"]}
    assert "observed_at" in twice.json["errors"]
    update("U5", "O2", "2012-11-04 00:30", "2012-11-04 00:50", {"out": 2000}, households_out="2,000")
    update("U6", "O1", "2012-11-04T01:30-04:00", "2012-11-04T01:45-04:00", {"out": 600}, by=sea_bright,
           households_out="600")
    update("U7", "O1", "2012-11-04T01:20-05:00", "2012-11-04T01:40-05:00", {"out": 400}, by=sea_bright,
           households_out="400")
    # The 25th hour: 23:45 EST is 04:45 UTC on the 5th, still the 4th's.
    update("U17", "O1", "2012-11-04 23:45", "2012-11-04 23:55", {"out": 350}, by=sea_bright, households_out="350")
    update("U8", "O3", "2012-11-04 09:00", "2012-11-04 09:30", {"full": True}, by=middletown, fully_restored=True)
    update("U9", "O5", "2012-11-04 15:00", "2012-11-04 15:20", {"full": True}, fully_restored=True)
    # Learned the next morning after the cut-off (08:00 EST): late, counted on the 5th.
    update("U10", "O2", "2012-11-04 23:30", "2012-11-05 08:30", {"out": 500}, households_out="500")
    update("U11", "O2", "2012-11-05 12:00", "2012-11-05 12:10", {"full": True}, fully_restored=True)
    update("U12", "O1", "2012-11-06 16:00", "2012-11-06 16:30", {"full": True}, by=sea_bright, fully_restored=True)
    # ---- 7 November: the nor'easter puts some back in the dark ----------------------------------------------------
    update("U13", "O1", "2012-11-07 19:00", "2012-11-07 19:30", {"out": 300}, by=sea_bright, households_out="300",
           etr_at="2012-11-08 12:00")
    update("U14", "O2", "2012-11-07 20:00", "2012-11-07 20:20", {"out": 1200}, households_out="1,200")
    update("U15", "O1", "2012-11-08 14:00", "2012-11-08 14:10", {"full": True}, by=sea_bright, fully_restored=True)
    update("U16", "O2", "2012-11-08 10:00", "2012-11-08 10:30", {"full": True}, fully_restored=True)

    # ---- each day's brief, compiled as the API does, against the model --------------------------------------------
    for day in DAYS:
        brief, content = compiled_with_content(desk, database, f"/api/v1/events/{event}/briefs/compile", {"day": day})
        check(model, content, day)
        check_text(model, desk.get(brief["formats"]["txt"] + "?lang=en").get_data(as_text=True), day)
        if day in ("2012-11-04", "2012-11-07"):
            check_files(model, desk, brief["formats"], day)
    assert not MISMATCHES, "\n".join(MISMATCHES)


def check(model: Model, content: dict[str, Any], day: str) -> None:
    """Every power and pumping figure of one brief's JSON, its period and cut-off."""
    cut = cutoff(day)
    start, end = bounds(day)
    head = content["header"]
    same(f"{day} period", (head["period_start"], head["period_end"], head["period_hours"]),
         (f"{start:%Y-%m-%dT%H:%M:%SZ}", f"{end:%Y-%m-%dT%H:%M:%SZ}", int((end - start).total_seconds() // 3600)))
    same(f"{day} cutoff", datetime.fromisoformat(head["cutoff"]), cut)
    power, got = content["power"], model.power(day, cut)
    same(f"{day} out", q(power["households_out"]), got["out"])
    same(f"{day} open", power["open_outages"], got["open"])
    same(f"{day} new", power["new_in_period"], got["new"])
    same(f"{day} restored", power["restored_in_period"], got["restored"])
    same(f"{day} back", q(power["households_restored"]), got["back"] if got["back"][0] or got["restored"] else None)
    if got["back"][0]:
        same(f"{day} back at most", power["households_restored"].get("ub", False), got["back_at_most"])
    same(f"{day} peak", q(power["peak_households"]), got["peak"])
    again = sum(c["qty"]["value"] for c in content["changes"] if c["kind"] == "outage_again")
    same(f"{day} out again", again, got["again"])
    rows = {r["name"]: r for r in content["subdistricts"]}
    for sub in SUBS:
        mine = model.power(day, cut, sub)
        same(f"{day} {sub} out", q(rows[sub]["households_out"]), mine["out"])
        same(f"{day} {sub} reports", rows[sub]["reports"], model.reports_used(day, cut, sub))
    m3 = content["pumping"]["volume_m3"]
    same(f"{day} m³", q(m3["period"]) and (*q(m3["period"]), m3["period"]["approx"]),
         model.m3(day, cut) if model.m3(day, cut)[0] is not None else None)
    same(f"{day} m³ to date", q(m3["to_date"]), model.m3(day, cut, True)[:2]
         if model.m3(day, cut, True)[0] is not None else None)
    same(f"{day} reports used", content["quality"]["reports_used"], model.reports_used(day, cut))
    by_id = {s.id: k for k, s in model.sent.items()}
    same(f"{day} late", sorted((by_id[x["report_id"]], x["day"]) for x in content["quality"]["late"]),
         model.late(day, cut))


def told(value: int, lb: bool, approx: bool = False) -> str:
    """A figure as the English brief writes it: 2,400, 1,300+, ≈2,062."""
    return f"{'≈' if approx else ''}{value:,}{'+' if lb else ''}"


def check_text(model: Model, text: str, day: str) -> None:
    """The English text: no Chinese, the period's hours, the power and pumping figures as the model words them."""
    same(f"{day} text Chinese", "".join(c for c in text if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"), "")
    # A hurricane, though its kind is typhoon: the title said "typhoon response" until 7 December.
    same(f"{day} title", text.split("\n", 1)[0].endswith(" hurricane response daily brief"), True)
    start, end = bounds(day)
    hours = int((end - start).total_seconds() // 3600)
    same(f"{day} text hours", f", {hours} hours" in text, hours != 24)
    # Daylight saving ended that night: the reader is told the clocks went back, not merely "daylight saving".
    same(f"{day} text why {hours} hours", f", {hours} hours (clocks went back an hour)" in text, hours == 25)
    got = model.power(day, cutoff(day))
    out, open_ = got["out"], got["open"]
    said = [f"peak {told(*got['peak'])} households without power",
            f"Still without power at 24:00: {open_}" if open_ else "",
            f"{told(*out)} households still out" if open_ else "",
            f"power back in the period for {'at most ' if got['back_at_most'] else ''}{told(*got['back'])} households"
            if got["back"][0] else "",
            f"District total: Still without power {open_}"]
    said.append(f"Figures: reports known by {cutoff(day).astimezone(ET):%-d %b %Y %H:%M %Z}")
    said += {"2012-11-02": ["estimated restoration 2 Nov 23:00 EDT (overdue)"],
             "2012-11-04": ["West End (Long Branch): without power since 29 Oct 20:00 EDT, for 149 hours; estimated "
                            "restoration 5 Nov 18:00 EST."],
             # North Beach's ETR passed at 18:00 with 350 still out.
             "2012-11-05": ["estimated restoration 5 Nov 18:00 EST (overdue)"]}.get(day, [])
    m3 = model.m3(day, cutoff(day))
    if m3[0]:
        said.append(f"pumped in the period {told(*m3)} m³")
    for words in filter(None, said):
        same(f"{day} text says {words!r}", words in text, True)


def check_files(model: Model, desk: TokenClient, formats: dict[str, str], day: str) -> None:
    """The CSV's key figures and the DOCX in English against the model."""
    cut = cutoff(day)
    rows = {r[0]: r[1:] for r in csv.reader(io.StringIO(desk.get(
        formats["csv"] + "?table=figures&lang=en").get_data(as_text=True).lstrip("\ufeff")))}
    got = model.power(day, cut)
    same(f"{day} csv households out", rows["Households without power"][1], told(*got["out"]))
    same(f"{day} csv households back", rows["Households with power back"][1],
         f"{'at most ' if got['back_at_most'] else ''}{told(*got['back'])}" if got["back"][0] else "—")
    same(f"{day} csv outages open", rows["Outages still open"][1:3], [str(got["open"]), "4"])
    m3, to_date = model.m3(day, cut), model.m3(day, cut, to_date=True)
    same(f"{day} csv m³", rows["Volume pumped"][1:3],
         [told(*m3) if m3[0] is not None else "Not reported", told(*to_date)])
    document = docx.Document(io.BytesIO(desk.get(formats["docx"] + "?lang=en").get_data()))
    words = "\n".join(p.text for p in document.paragraphs)
    same(f"{day} docx Chinese", "".join(c for c in words if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"), "")
    same(f"{day} docx out", f"{told(*got['out'])} households still out" in words or not got["open"], True)
