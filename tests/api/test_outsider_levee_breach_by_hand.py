"""A real disaster replayed through the API as an outside tester would, in a zone that is not China's: the Pajaro
River levee breach (Monterey County, California, 10–13 March 2023), whose third day is the day the clocks went
forward (America/Los_Angeles, 02:00 PST → 03:00 PDT on 12 March: a day of 23 hours). A district token (the county
desk, stating `reported_at`) and one scoped token per subdistrict (帕哈罗, 沃森维尔: stamped by the server's
clock, so after every first brief) send outages restored in steps and out again, volumes in 方, 立方米 and 万方,
areas disinfected in 平方米, ㎡ and 万平方米 with a total to date, corrections (on a stale ETag first), retractions,
reports at and a second past a cut-off (one stamped with the winter offset a fixed clock gives), and a time the
clocks skipped; every brief is compiled through the compile endpoint, then revised. Each figure is computed here
from what was sent, with plain Python (`Model`, from docs/domain.md and docs/briefs.md), never the product's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.api.conftest import TokenClient, compiled_with_content, marks
from tests.api.outsider_arithmetic import Sent

LA = ZoneInfo("America/Los_Angeles")
DAYS = ("2023-03-10", "2023-03-11", "2023-03-12", "2023-03-13")


def at(text: str) -> datetime:
    """A time as the tester sends it (event-local without an offset, or ISO with one) as a UTC instant."""
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=LA)).astimezone(UTC)


def bounds(day: str) -> tuple[datetime, datetime]:
    """A local day's [00:00, 24:00) in UTC: 23 hours on 12 March."""
    d = date.fromisoformat(day)
    start = datetime(d.year, d.month, d.day, tzinfo=LA)
    following = d + timedelta(days=1)
    return start.astimezone(UTC), datetime(following.year, following.month, following.day, tzinfo=LA).astimezone(UTC)


def cutoff(day: str) -> datetime:
    """The first final brief's cut-off: 08:00 local the next day."""
    following = date.fromisoformat(day) + timedelta(days=1)
    return datetime(following.year, following.month, following.day, 8, tzinfo=LA).astimezone(UTC)


def share(volume: int, start: datetime, end: datetime, upto: datetime) -> int:
    """F(x) = ⌊V · (x − s) / (t − s)⌋ in whole seconds, clamped to the interval."""
    x = min(max(upto, start), end)
    return volume * int((x - start).total_seconds()) // int((end - start).total_seconds())


class Model:
    """The tester's own arithmetic over what was sent."""

    def __init__(self) -> None:
        self.sent: dict[str, Sent] = {}
        # Each day's latest brief's to-date m³ and person-times as it stored them (the next day's 上期).
        self.stored: dict[str, tuple[Any, Any]] = {}
        self.shown: dict[str, dict[str, Any]] = {}  # each day's latest brief's trend figures, as it said them

    def known(self, by: datetime) -> list[Sent]:
        """Live reports stamped by `by` (as they stand now: a brief compiled now reads corrections made since)."""
        return [r for r in self.sent.values() if r.live and r.reported <= by]

    # -- power ----------------------------------------------------------------------------------------------
    def out_at(self, outage: Sent, when: datetime, by: datetime) -> int:
        """Households still out at `when`: the latest update at or before it (stated out, affected less restored,
        0 when all back)."""
        if outage.fields["started"] > when:
            return 0
        out = outage.fields["households"]
        updates = sorted((u for u in self.known(by) if u.kind == "update" and u.fields["outage"] == outage.key
                          and u.fields["observed"] <= when), key=lambda u: u.fields["observed"])
        for u in updates[-1:]:
            f = u.fields
            out = 0 if f.get("full") else f["out"] if "out" in f else outage.fields["households"] - f["restored"]
        return out

    def outages(self, by: datetime) -> list[Sent]:
        """The outages known by `by`."""
        return [r for r in self.known(by) if r.kind == "outage"]

    def power(self, day: str, by: datetime) -> dict[str, Any]:
        """The power section: out at the day's last instant, what came back (the day telescoped), the peak."""
        start, end = bounds(day)
        last = end - timedelta(microseconds=1)
        before = start - timedelta(microseconds=1)
        out = back = 0
        for o in self.outages(by):
            if o.fields["started"] >= end:
                continue
            points = sorted({u.fields["observed"] for u in self.known(by) if u.kind == "update"
                             and u.fields["outage"] == o.key and start <= u.fields["observed"] < end})
            went = 0  # a rise from none out (all back, then out again)
            previous = self.out_at(o, before, by)
            for p in points:
                now = self.out_at(o, p, by)
                went += max(0, now - previous) if previous == 0 else 0
                previous = now
            new = o.fields["households"] if o.fields["started"] >= start else 0
            out_end = self.out_at(o, last, by)
            out += out_end
            back += self.out_at(o, before, by) + new + went - out_end  # out before − back + new + again = out now
        changes = sorted({o.fields["started"] for o in self.outages(by)} | {
            u.fields["observed"] for u in self.known(by) if u.kind == "update"})
        peak = max([sum(self.out_at(o, c, by) for o in self.outages(by)) for c in changes if c < end], default=0)
        return {"out": out, "back": back or None, "peak": peak,
                "pct": round(100 * (peak - out) / peak, 1) if peak else None}

    def counts(self, day: str, by: datetime) -> tuple[int, int, int, int, int]:
        """Open outages at 24:00, begun in the day, restored in it (read at 24:00), to date, restored to date."""
        start, end = bounds(day)
        last, before = end - timedelta(microseconds=1), start - timedelta(microseconds=1)
        begun = [o for o in self.outages(by) if o.fields["started"] < end]
        new = [o for o in begun if o.fields["started"] >= start]
        back = [o for o in begun if self.out_at(o, last, by) == 0]
        return (len(begun) - len(back), len(new), len([o for o in back if o in new or self.out_at(o, before, by)]),
                len(begun), len(back))

    def bears(self, r: Sent, start: datetime, end: datetime) -> bool:
        """Data observed in [start, end), or an interval reaching into it."""
        if r.kind == "volume":
            return r.fields["start"] < end and r.fields["end"] > start
        return start <= first(r) < end

    def used(self, day: str, by: datetime) -> dict[str, int]:
        """Reports bearing on the day or stamped in it, by subdistrict (二、分街道's 报告数)."""
        start, end = bounds(day)
        rows = {"帕哈罗": 0, "沃森维尔": 0}
        for r in self.known(by):
            if self.bears(r, start, end) or start <= r.reported < end:
                rows[SUBDISTRICT[r.place]] += 1
        return rows

    def late(self, day: str, by: datetime) -> list[tuple[int, str]]:
        """Stamped after the day before's first cut-off and by `by`, first seen before the day (on a day with a
        brief): (id, that day)."""
        start, _ = bounds(day)
        previous = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        if previous not in DAYS:
            return []
        return sorted((r.id, first(r).astimezone(LA).date().isoformat()) for r in self.known(by)
                      if cutoff(previous) < r.reported and bounds(DAYS[0])[0] <= first(r) < start)

    def revised(self, day: str, first_cutoff: datetime, compiled: datetime, by: datetime) -> tuple[int, int, int]:
        """A revision's 新纳入 / 更正 / 撤回: received after the first cut-off and bearing on the day (up to its
        end); earlier ones corrected or retracted since the first was compiled."""
        _, end = bounds(day)
        added = [r for r in self.known(by) if r.reported > first_cutoff and first(r) < end]
        earlier = [r for r in self.sent.values() if r.reported <= first_cutoff and first(r) < end]
        changed = {what: len([r for r in earlier if any(w == what and when > compiled for when, w in r.history)])
                   for what in ("corrected", "retracted")}
        return len(added), changed["corrected"], changed["retracted"]

    # -- pumped volumes ---------------------------------------------------------------------------------------
    def m3(self, day: str, by: datetime) -> tuple[tuple[int | None, bool, bool], tuple[int | None, bool, bool]]:
        """The day's m³ and the total to date before 24:00, each (value, more than, estimate)."""
        start, end = bounds(day)
        period = to_date = 0
        lb = cut = to_date_lb = runs_past = False
        reached = 0
        for v in (r for r in self.known(by) if r.kind == "volume"):
            s, t, m3 = v.fields["start"], v.fields["end"], v.fields["m3"]
            part = share(m3, s, t, end) - share(m3, s, t, start)
            if s < end and t > start:
                reached += 1
                period += part
                lb |= v.fields.get("lb", False)
                cut |= s < start or t > end
            if s < end:
                to_date += share(m3, s, t, end)
                to_date_lb |= v.fields.get("lb", False)
                runs_past |= t > end
        return ((period if reached else None), lb, cut), (to_date or None, to_date_lb, runs_past)

    # -- disinfection -----------------------------------------------------------------------------------------
    def disinfected(self, what: str, upto: datetime, by: datetime) -> int:
        """A category's (or person-times') total before `upto`: per place, a total to date replaces what was
        observed at or before it, later rounds add."""
        total = 0
        for place in {r.place for r in self.known(by) if r.kind == "disinfection"}:
            rounds = sorted((r for r in self.known(by) if r.kind == "disinfection" and r.place == place
                             and r.fields["observed"] < upto and what in r.fields),
                            key=lambda r: (r.fields["observed"], r.reported))
            figure = 0
            for r in rounds:
                figure = r.fields[what] if r.fields.get("cumulative") else figure + r.fields[what]
            total += figure
        return total


SUBDISTRICT = {"帕哈罗村": "帕哈罗", "机场片区": "沃森维尔"}


def first(r: Sent) -> datetime:
    """A report's first moment: an outage's start, a volume's period start, else its observed time."""
    return r.fields.get("started") or r.fields.get("start") or r.fields["observed"]


def send(api: TokenClient, url: str, model: Model, key: str, kind: str, place: str, body: dict[str, Any],
         facts: dict[str, Any], headers: dict[str, str] | None = None) -> Sent:
    """POST a report, expect a 201, and record it with the facts the tester reads off what was sent."""
    made = api.post(url, json=body, headers=headers)
    assert made.status_code == 201, (key, made.get_json())
    reported = at(body["reported_at"]) if "reported_at" in body else datetime.fromisoformat(made.json["reported_at"])
    report = Sent(key, kind, place, reported, facts, id=made.json["id"])
    model.sent[key] = report
    return report


def test_the_pajaro_levee_breach_by_hand(database, token_client):
    county = token_client("county-desk", "coordinator")
    areas: dict[str, int] = {}
    for name, level, parent, size in (("北蒙特雷县", "district", None, {}), ("帕哈罗", "subdistrict", "北蒙特雷县", {}),
                                      ("沃森维尔", "subdistrict", "北蒙特雷县", {}),
                                      ("帕哈罗村", "site", "帕哈罗", {"households": 1000, "buildings": 400}),
                                      ("机场片区", "site", "沃森维尔", {"households": 600, "buildings": 200})):
        made = county.post("/api/v1/areas", json={"name": name, "level": level, **size,
                                                  **({"parent_id": areas[parent]} if parent else {})})
        assert made.status_code == 201, made.get_json()
        areas[name] = made.json["id"]
    event = county.post("/api/v1/events", json={
        "code": "pajaro-2023", "name": "帕哈罗河决堤", "kind": "flood", "timezone": "America/Los_Angeles",
        "starts_at": "2023-03-10 18:00", "brief_time": "08:00", "area_id": areas["北蒙特雷县"]})
    assert event.status_code == 201, event.get_json()
    url = f"/api/v1/events/{event.json['id']}/reports"
    compile_url = f"/api/v1/events/{event.json['id']}/briefs/compile"
    pajaro = token_client("pajaro-office", "reporter", scope="北蒙特雷县/帕哈罗")
    watsonville = token_client("watsonville-office", "reporter", scope="北蒙特雷县/沃森维尔")
    model = Model()

    def desk(key: str, kind: str, place: str, body: dict[str, Any], facts: dict[str, Any]) -> Sent:
        return send(county, url, model, key, kind, place, body, facts)

    def outage(key: str, place: str, households: int, started: str, reported: str, **more: Any) -> Sent:
        return desk(key, "outage", place, {"kind": "outage", "area_id": areas[place], "households_affected": households,
                                           "started_at": started, "reported_at": reported, **more},
                    {"households": households, "started": at(started)})

    def update(key: str, of: str, observed: str, reported: str, facts: dict[str, Any], **body: Any) -> Sent:
        parent = model.sent[of]
        return desk(key, "update", parent.place, {"kind": "outage_update", "outage_id": parent.id,
                                                  "observed_at": observed, "reported_at": reported, **body},
                    {"outage": of, "observed": at(observed), **facts})

    def volume(key: str, m3: str, start: str, end: str, reported: str, facts: dict[str, Any]) -> Sent:
        return desk(key, "volume", "帕哈罗村", {"kind": "pumping_volume", "operation_id": model.sent["P1"].id,
                                              "volume_m3": m3, "period_start": start, "period_end": end,
                                              "reported_at": reported},
                    {"start": at(start), "end": at(end), **facts})

    def disinfection(key: str, place: str, surface: str, people: int, observed: str, reported: str | None,
                     facts: dict[str, Any], by: TokenClient = county, **more: Any) -> Sent:
        body = {"kind": "disinfection", "area_id": areas[place], "counts": {"surface": surface},
                "person_times": people, "observed_at": observed, **more}
        return send(by, url, model, key, "disinfection", place,
                    {**body, "reported_at": reported} if reported else body,
                    {"observed": at(observed), "person_times": people, **facts})

    # ---- 10 March: the levee gives way just before midnight ---------------------------------------------------
    outage("O1", "帕哈罗村", 800, "2023-03-10 23:50", "2023-03-11 00:10", buildings_affected=300)
    desk("P1", "pumping", "帕哈罗村", {"kind": "pumping", "area_id": areas["帕哈罗村"], "team": "县消防排涝队",
                                     "people": 12, "pumps": 4, "observed_at": "2023-03-10 23:55",
                                     "reported_at": "2023-03-11 00:20"}, {"observed": at("2023-03-10 23:55")})
    # 沃森维尔 had nothing on the 10th and says so (零报告) before the brief time: the period still open is the 10th.
    # On the 12th the brief time is 08:00 PDT: a desk clock left on winter time reads 07:00 for it, and 06:59:59 for
    # the second before, which still answers the 11th. Zero reports add to no figure (not in `model`).
    for stamped, day in (("2023-03-11 07:59:59", "2023-03-10"), ("2023-03-12T06:59:59-08:00", "2023-03-11"),
                         ("2023-03-12T07:00:00-08:00", "2023-03-12")):
        zero = county.post(url, json={"kind": "zero_report", "area_id": areas["沃森维尔"], "reported_at": stamped})
        assert zero.status_code == 201, zero.get_json()
        assert county.get(f"/api/v1/reports/{zero.json['id']}").json["period_day"] == day, stamped
    compiled: dict[str, datetime] = {}
    briefs = {"2023-03-10": compiled_with_content(county, database, compile_url, {"day": "2023-03-10"})}
    check(model, "2023-03-10", cutoff("2023-03-10"), *briefs["2023-03-10"], county)
    compiled["2023-03-10"] = datetime.now(UTC)

    # ---- 11 March ---------------------------------------------------------------------------------------------
    volume("V1", "1.2万方", "2023-03-11 00:00", "2023-03-11 12:00", "2023-03-11 12:30", {"m3": 12000})
    weighed = county.post(url, json={"kind": "pumping_volume", "operation_id": model.sent["P1"].id,
                                     "volume_m3": "100吨", "period_start": "2023-03-11 12:00",
                                     "period_end": "2023-03-11 13:00", "reported_at": "2023-03-11 13:05"})
    assert weighed.status_code == 422 and list(weighed.json["errors"]) == ["volume_m3"], weighed.get_json()
    outage("O2", "机场片区", 200, "2023-03-11 14:00", "2023-03-11 14:10")
    disinfection("S1", "机场片区", "1.5万平方米", 20, "2023-03-11 16:00", "2023-03-11 16:30", {"surface": 15000})
    update("U1", "O1", "2023-03-11 20:00", "2023-03-11 20:30", {"restored": 300}, households_restored=300,
           buildings_restored=100)
    # 18:00 PST to 06:00 PDT is 11 hours, 6 of them on the 11th.
    volume("V2", "3600立方米", "2023-03-11 18:00", "2023-03-12 06:00", "2023-03-12 06:30", {"m3": 3600})
    # Stamped by a clock left on winter time: 07:00-08:00 is 08:00 PDT, the brief of the 11th's very cut-off.
    volume("V3", "8000余方", "2023-03-11 12:00", "2023-03-11 18:00", "2023-03-12T07:00:00-08:00",
           {"m3": 8000, "lb": True})
    # A second after that cut-off: late, in the brief of the 12th.
    update("U2", "O1", "2023-03-11 23:00", "2023-03-12T08:00:01-07:00", {"restored": 500}, households_restored=500)
    briefs["2023-03-11"] = compiled_with_content(county, database, compile_url, {"day": "2023-03-11"})
    text = check(model, "2023-03-11", cutoff("2023-03-11"), *briefs["2023-03-11"], county)
    # Only the volume across midnight was spread over days: one pumped within the day is said as it was sent.
    assert "帕哈罗村报告3月11日 00:00 PST至3月11日 12:00 PST共排水12,000立方米；" in text, text
    assert "3月11日 18:00 PST至3月12日 06:00 PDT共排水3,600立方米，已按作业时段分摊至各日" in text, text
    compiled["2023-03-11"] = datetime.now(UTC)

    # ---- 12 March, 23 hours -------------------------------------------------------------------------------------
    # The 1.2万方 was 10,000: a correction on a stale ETag first (412, nothing changed), then on the one read.
    v1 = f"/api/v1/reports/{model.sent['V1'].id}"
    stale = county.patch(v1, json={"volume_m3": 10000}, headers={"If-Match": '"2"'})
    assert stale.status_code == 412 and county.get(v1).json["volume_m3"] == 12000, stale.get_json()
    fixed = county.patch(v1, json={"volume_m3": 10000}, headers={"If-Match": county.get(v1).headers["ETag"]})
    assert fixed.status_code == 200, fixed.get_json()
    model.sent["V1"].fields["m3"] = 10000
    model.sent["V1"].history.append((datetime.now(UTC), "corrected"))
    # 机场片区 was 220 households out, not 200: the peak of the 11th grows in every brief compiled after.
    o2 = f"/api/v1/reports/{model.sent['O2'].id}"
    fixed = county.patch(o2, json={"households_affected": 220}, headers={"If-Match": county.get(o2).headers["ETag"]})
    assert fixed.status_code == 200, fixed.get_json()
    model.sent["O2"].fields["households"] = 220
    model.sent["O2"].history.append((datetime.now(UTC), "corrected"))
    update("U3", "O2", "2023-03-12 01:30", "2023-03-12 01:45", {"full": True}, fully_restored=True)
    # 02:30 never showed on the clocks that night: refused naming the field.
    gap = county.post(url, json={"kind": "outage_update", "outage_id": model.sent["O2"].id, "households_out": 50,
                                 "observed_at": "2023-03-12 02:30", "reported_at": "2023-03-12 03:40"})
    assert gap.status_code == 422 and list(gap.json["errors"]) == ["observed_at"], gap.get_json()
    update("U4", "O2", "2023-03-12 03:30", "2023-03-12T11:00:00Z", {"out": 50}, households_out=50)
    disinfection("S2", "帕哈罗村", "3000㎡", 6, "2023-03-12 10:00", "2023-03-12 10:10", {"surface": 3000})
    update("U5", "O1", "2023-03-12 15:00", "2023-03-12 15:10", {"out": 100}, households_out=100)
    volume("V4", "5000", "2023-03-12 06:00", "2023-03-13 06:00", "2023-03-13 06:10", {"m3": 5000})
    briefs["2023-03-12"] = compiled_with_content(county, database, compile_url, {"day": "2023-03-12"})
    text = check(model, "2023-03-12", cutoff("2023-03-12"), *briefs["2023-03-12"], county)
    assert "共23小时（时钟拨快1小时）" in text and "机场片区恢复供电后于3月12日 03:30 PDT再次停电（50户）" in text, text
    compiled["2023-03-12"] = datetime.now(UTC)
    # The outages "as of" the day's last instant as known at its cut-off say what the brief says; a moment the
    # clocks skipped is refused naming it, never guessed.
    outages = f"/api/v1/events/{event.json['id']}/outages"
    skipped = county.get(f"{outages}?as_of=2023-03-12 02:30")
    assert skipped.status_code == 400 and list(skipped.json["errors"]) == ["as_of"], skipped.get_json()
    states = county.get(f"{outages}?as_of=2023-03-12T23:59:59.999999-07:00&known_at=2023-03-13T08:00:00-07:00")
    assert sum(o["households_out"] for o in states.json["outages"] if o["open"]) == model.power(
        "2023-03-12", cutoff("2023-03-12"))["out"], states.get_json()
    # The 3000㎡ was the 沃森维尔 round's area logged twice: retracted after the brief that counted it.
    s2 = model.sent["S2"]
    assert county.post(f"/api/v1/reports/{s2.id}/retract", json={"reason": "重复报送"}).status_code == 200
    s2.live = False
    s2.history.append((datetime.now(UTC), "retracted"))

    # ---- 13 March ---------------------------------------------------------------------------------------------
    update("U6", "O2", "2023-03-13 09:00", "2023-03-13 09:05", {"full": True}, fully_restored=True)
    update("U7", "O1", "2023-03-13 12:00", "2023-03-13 12:05", {"full": True}, fully_restored=True)
    disinfection("S3", "机场片区", "2.5万平方米", 50, "2023-03-13 10:00", "2023-03-13 10:30",
                 {"surface": 25000, "cumulative": True}, cumulative=True)
    briefs["2023-03-13"] = compiled_with_content(county, database, compile_url, {"day": "2023-03-13"})
    check(model, "2023-03-13", cutoff("2023-03-13"), *briefs["2023-03-13"], county)
    compiled["2023-03-13"] = datetime.now(UTC)


    # ---- Today: each subdistrict's own token (stamped by the server's clock) --------------------------------------
    outside = pajaro.post(url, json={"kind": "disinfection", "area_id": areas["机场片区"], "counts": {"surface": 100},
                                     "observed_at": "2023-03-13 14:00"})
    assert outside.status_code == 403 and list(outside.json["errors"]) == ["area_id"], outside.get_json()
    stated = watsonville.post(url, json={"kind": "disinfection", "area_id": areas["机场片区"],
                                         "counts": {"surface": 100}, "observed_at": "2023-03-12 20:00",
                                         "reported_at": "2023-03-12 20:10"})
    assert stated.status_code == 422 and list(stated.json["errors"]) == ["reported_at"], stated.get_json()
    w1 = disinfection("W1", "机场片区", "4000平方米", 8, "2023-03-12 20:00", None, {"surface": 4000},
                      by=watsonville)
    foreign = pajaro.patch(f"/api/v1/reports/{w1.id}", json={"counts": {"surface": 5000}},
                           headers={"If-Match": '"1"'})
    assert foreign.status_code == 403, foreign.get_json()
    own = watsonville.patch(f"/api/v1/reports/{w1.id}", json={"counts": {"surface": "5000平方米"}},
                            headers={"If-Match": '"1"'})
    assert own.status_code == 200, own.get_json()
    w1.fields["surface"] = 5000
    disinfection("R1", "帕哈罗村", "2000平方米", 4, "2023-03-13 14:00", None, {"surface": 2000}, by=pajaro)
    twice = disinfection("R2", "帕哈罗村", "2000平方米", 4, "2023-03-13 14:00", None, {"surface": 2000}, by=pajaro)
    assert pajaro.post(f"/api/v1/reports/{twice.id}/retract", json={"reason": "重复发送"}).status_code == 200
    twice.live = False

    # Revisions of the last three days, compiled now, in the order of their days.
    for day in ("2023-03-11", "2023-03-12", "2023-03-13"):
        brief = briefs[day][0]
        revised = compiled_with_content(county, database, f"/api/v1/briefs/{brief['id']}/recompile")
        now = datetime.fromisoformat(revised[1]["header"]["cutoff"])
        check(model, day, now, *revised, county)
        quality = revised[1]["quality"]
        assert (quality["added_since_previous_revision"], quality["corrected_since_previous_revision"],
                quality["retracted_since_previous_revision"]) == model.revised(
            day, cutoff(day), compiled[day], now), (day, quality)



def check(model: Model, day: str, by: datetime, brief: dict[str, Any], content: dict[str, Any],
          api: TokenClient) -> str:
    """The brief's JSON and text against the tester's figures for `day` as known at `by`; its text.

    上期 (`previous`) is the to-date of the day before's latest revision cut off by this one's cut-off, whenever it
    was compiled (the first briefs here are compiled in 2026 for 2023's cut-offs), as that brief stored it."""
    power = model.power(day, by)
    got = content["power"]
    assert (got["households_out"]["value"], got["households_restored"]["value"], got["peak_households"]["value"],
            got["pct_restored_households"]) == (power["out"], power["back"], power["peak"], power["pct"]), (day, got)
    period, to_date = model.m3(day, by)
    m3 = content["pumping"]["volume_m3"]
    assert (marks(m3["period"]), marks(m3["to_date"])) == (period, to_date), (day, m3)
    start, end = bounds(day)
    surface = {c["code"]: c["figure"] for c in content["disinfection"]["categories"]}.get("surface")
    want = (model.disinfected("surface", end, by) - model.disinfected("surface", start, by),
            model.disinfected("surface", end, by))
    told = (surface["period"]["value"], surface["to_date"]["value"]) if surface else (None, None)
    assert told == tuple(v or None for v in want), (day, surface)
    people = content["disinfection"]["person_times"]
    assert (people["period"]["value"], people["to_date"]["value"]) == tuple(
        v or None for v in (model.disinfected("person_times", end, by) - model.disinfected("person_times", start, by),
                            model.disinfected("person_times", end, by))), (day, people)
    assert (got["open_outages"], got["new_in_period"], got["restored_in_period"], got["outages_to_date"],
            got["restored_to_date"]) == model.counts(day, by), (day, got)
    assert content["header"]["period_hours"] == (23 if day == "2023-03-12" else 24)
    assert {r["name"]: r["reports"] for r in content["subdistricts"]} == model.used(day, by), day
    quality = content["quality"]
    # The board: 沃森维尔's zero report of the 10th stands for it that day; every other day both sent data.
    assert ([a["name"] for a in quality["zero_reported"]], quality["silent"]) == (
        ["沃森维尔"] if day == "2023-03-10" else [], []), (day, quality)
    assert sorted((r["report_id"], r["day"]) for r in quality["late"]) == model.late(day, by), (day, quality)
    assert quality["reports_used"] == sum(model.used(day, by).values()), (day, quality)
    # The text says the same figures.
    before = model.stored.get((date.fromisoformat(day) - timedelta(days=1)).isoformat())
    assert (marks(m3["previous"]), people["previous"] and people["previous"]["value"]) == (
        before or (None, None)), (day, m3["previous"], people["previous"])
    model.stored[day] = (marks(m3["to_date"]), people["to_date"]["value"])
    # The trend: each day as now known, marked where it differs from what that day's own latest brief said.
    for point in content["trend"]:
        figures = {"open_outages": model.counts(point["day"], by)[0],
                   "households_out": model.power(point["day"], by)["out"],
                   "volume_m3": model.m3(point["day"], by)[0]}
        assert (point["open_outages"], point["households_out"], marks(point["volume_m3"])) == tuple(
            figures.values()), (day, point)
        said = figures if point["day"] == day else model.shown.get(point["day"], figures)  # its own day: this brief
        assert sorted(point["revised"]) == sorted(k for k in figures if figures[k] != said[k]), (day, point)
    model.shown[day] = {"open_outages": got["open_outages"], "households_out": got["households_out"]["value"],
                        "volume_m3": marks(m3["period"])}
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert f"停电峰值{power['peak']:,}户，已恢复{power['pct']:g}%" in text, text
    if power["back"]:
        assert f"本日恢复供电{power['back']}户" in text or f"栋、{power['back']}户（" in text, text
    if to_date[0]:
        assert f"累计{to_date[0]:,}{'余' if to_date[1] else ''}立方米" in text, text
    if want[1]:
        assert f"累计消杀面积{want[1]:,}平方米" in text, text
    return text
