"""Three days of power outages in two subdistricts and their restoration, sent through the HTTP API with tokens alone
(areas and event included) as an outside tester would send them, and every outage figure of each compiled brief (its
JSON and its page) and of the timeline (its API and its page) held against figures worked out here from the scenario
table below by small plain functions that read docs/domain.md's outage rule (nothing of the product's reckoning
called): households and buildings out and back over several updates, an outage all back, out again and back again
across midnight, an update retracted after the brief that counted it, an outage's households corrected after its
brief, an update seen before a cut-off and sent after it, an update restoring more than were out refused, and a
reporter of 甲街道 refused an update of 乙街道's outage.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from tests.api.conftest import TokenClient, compiled_with_content, count_reports, created, marks

# ---- The scenario. Times are local (Asia/Shanghai) in July 2021, written "day HH:MM".
SITES = {"甲一小区": "甲街道", "甲二小区": "甲街道", "乙一小区": "乙街道", "乙二小区": "乙街道"}
# outage: (place, households, buildings, started, reported)
OUTAGES = {
    "O1": ("甲一小区", 300, 12, "1 09:00", "1 09:10"),
    "O2": ("甲二小区", 200, 8, "1 15:00", "1 15:05"),  # its households corrected to 240 after the brief of 1 July
    "O3": ("乙一小区", 400, 15, "1 18:00", "1 18:05"),
    "O4": ("乙二小区", 80, 3, "2 20:00", "2 20:10"),
}
BACK, OUT, ALL = "back", "out", "all"  # restored so far / still out (stated) / fully restored
# update: name → (outage, observed, reported, what, households, buildings)
UPDATES = {
    "u1a": ("O1", "1 14:00", "1 14:10", BACK, 100, 4),
    "u1b": ("O1", "1 20:00", "1 20:10", BACK, 180, 7),
    "u3a": ("O3", "1 21:00", "1 21:05", BACK, 150, 5),  # retracted after the brief of 1 July (another compound)
    "u2a": ("O2", "1 22:00", "1 22:05", BACK, 50, 2),
    "u2b": ("O2", "1 23:30", "2 08:30", BACK, 80, 3),  # late: seen before the cut-off (2 July 08:00), sent after
    "u3b": ("O3", "2 09:00", "2 09:05", BACK, 100, 4),
    "u1c": ("O1", "2 10:00", "2 10:05", BACK, 250, 10),
    "u2c": ("O2", "2 12:00", "2 12:05", BACK, 200, 6),
    "u3c": ("O3", "2 16:00", "2 16:05", BACK, 300, 11),
    "u1d": ("O1", "2 18:00", "2 18:05", ALL, None, None),
    "u1e": ("O1", "2 22:00", "2 22:10", OUT, 60, 3),  # out again after its full restoration
    "u1f": ("O1", "3 03:00", "3 03:10", ALL, None, None),  # and back again after midnight
    "u2d": ("O2", "3 09:00", "3 09:05", ALL, None, None),
    "u4a": ("O4", "3 10:00", "3 10:05", ALL, None, None),
    "u3d": ("O3", "3 11:00", "3 11:05", ALL, None, None),
}


def at(text: str) -> datetime:
    """'1 14:00' → 1 July 2021 14:00 (local)."""
    day, clock = text.split()
    return datetime.fromisoformat(f"2021-07-{int(day):02d} {clock}")


def sent(text: str) -> str:
    """'1 14:00' as the API is sent it: '2021-07-01 14:00' (event-local)."""
    return at(text).strftime("%Y-%m-%d %H:%M")


def cutoff(day: int) -> datetime:
    """The brief of `day` is due at 08:00 the next day: what is known then."""
    return datetime(2021, 7, day + 1, 8, 0)


def day_end(day: int) -> datetime:
    """A brief reads its day's last instant, just before 24:00."""
    return datetime(2021, 7, day + 1) - timedelta(microseconds=1)


@dataclass(frozen=True)
class World:
    """The reports as they stand when a figure is computed: corrections and retractions made by then."""

    households: dict[str, int] = field(default_factory=dict)  # corrected affected households
    retracted: frozenset[str] = frozenset()


FIRST = World()  # the brief of 1 July, compiled before anything was corrected
LATER = World({"O2": 240}, frozenset({"u3a"}))  # everything compiled after the corrections


# ---- The rule (docs/domain.md, "Outages"), by hand.
def affected(outage: str, w: World) -> tuple[int, int]:
    """An outage's households and buildings affected, as corrected."""
    _place, households, buildings, _start, _reported = OUTAGES[outage]
    return w.households.get(outage, households), buildings


def known_updates(outage: str, known: datetime, w: World) -> list[tuple[datetime, str]]:
    """The outage's updates known at `known` and not retracted, by observed time."""
    return sorted((at(u[1]), name) for name, u in UPDATES.items()
                  if u[0] == outage and at(u[2]) <= known and name not in w.retracted)


def level(outage: str, t: datetime, known: datetime, w: World) -> tuple[int, int] | None:
    """Households and buildings out at t (its latest update at or before t); None before it began or was known."""
    if at(OUTAGES[outage][3]) > t or at(OUTAGES[outage][4]) > known:
        return None
    seen = [name for when, name in known_updates(outage, known, w) if when <= t]
    if not seen:
        return affected(outage, w)
    _o, _seen, _rep, what, households, buildings = UPDATES[seen[-1]]
    if what == ALL:
        return 0, 0
    if what == OUT:
        return households, buildings
    total_h, total_b = affected(outage, w)
    return total_h - households, total_b - buildings


def changes(outage: str, until: datetime, known: datetime, w: World) -> list[tuple[datetime, tuple[int, int]]]:
    """The outage's level at its start and at each update up to `until`."""
    if level(outage, until, known, w) is None:
        return []
    times = [at(OUTAGES[outage][3])] + [when for when, _name in known_updates(outage, known, w) if when <= until]
    return [(t, level(outage, t, known, w)) for t in times]  # type: ignore[misc]


def out(t: datetime, known: datetime, w: World, subdistrict: str | None = None) -> tuple[int, int]:
    """Households and buildings out at t, summed over the outages (of one subdistrict)."""
    levels = [level(o, t, known, w) for o in OUTAGES if subdistrict in (None, SITES[OUTAGES[o][0]])]
    return sum(lv[0] for lv in levels if lv), sum(lv[1] for lv in levels if lv)


def back_in_day(day: int, known: datetime, w: World, subdistrict: str | None = None) -> tuple[int, int]:
    """What came back in the day: each fall of each outage between 00:00 and the day's end."""
    start, households, buildings = datetime(2021, 7, day), 0, 0
    for o in OUTAGES:
        if subdistrict not in (None, SITES[OUTAGES[o][0]]):
            continue
        before = level(o, start - timedelta(microseconds=1), known, w)
        for t, now in changes(o, day_end(day), known, w):
            if t >= start and before is not None:
                households += max(before[0] - now[0], 0)
                buildings += max(before[1] - now[1], 0)
            before = now
    return households, buildings


def peak(until: datetime, known: datetime, w: World) -> tuple[int, int]:
    """The most households (buildings) out at any instant up to `until`."""
    instants = [t for o in OUTAGES for t, _lv in changes(o, until, known, w)]
    return max(out(t, known, w)[0] for t in instants), max(out(t, known, w)[1] for t in instants)


def share(peak_value: int, still_out: int) -> float:
    """100 × (peak − out) / peak to one decimal, the even neighbour on a tie."""
    exact = Decimal(100 * (peak_value - still_out)) / Decimal(peak_value)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN))


def spells(outage: str, until: datetime, known: datetime, w: World) -> list[tuple[float, int]]:
    """Each household's time without power, in hours (hours, households): a fall restores households out since the
    outage began, or since it went out again after a full restoration; those still out count their time so far.
    docs/domain.md: its hours without power leave out the spells it was back."""
    result, since, previous = [], None, 0
    for t, (households, _b) in changes(outage, until, known, w):
        if previous == 0 and households:
            since = t
        if households < previous:
            result.append(((t - since).total_seconds() / 3600, previous - households))
        previous = households
    if previous:
        result.append(((until - since).total_seconds() / 3600, previous))
    return result


def household_hours(until: datetime, known: datetime, w: World) -> float:
    """Households out times how long, summed up to `until`."""
    return sum(hours * n for o in OUTAGES for hours, n in spells(o, until, known, w))


def median(weighted: list[tuple[float, int]]) -> float:
    """The median of durations weighted by households: the first whose running count reaches half."""
    total, running = sum(n for _h, n in weighted), 0
    for hours, n in sorted(weighted):
        running += n
        if running * 2 >= total:
            return hours
    raise AssertionError("no units")


def page_text(response: Any) -> str:
    """A page's words, tags dropped."""
    assert response.status_code == 200
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def power_of(day: dict[str, Any]) -> dict[str, Any]:
    """The brief's power figures an outsider checks, quantities as marks() writes them."""
    p = day["power"]
    return {k: marks(v) if isinstance(v, dict) else v for k, v in p.items() if k in EXPECTED_KEYS}


EXPECTED_KEYS = ("households_out", "buildings_out", "households_restored", "buildings_restored",
                 "households_affected", "buildings_affected", "peak_households", "peak_buildings",
                 "pct_restored_households", "pct_restored_buildings", "open_outages", "new_in_period",
                 "restored_in_period", "partial_in_period", "outages_to_date", "restored_to_date")


def expected_power(day: int, w: World, opened: int, new: int, restored: int, partial: int, to_date: int,
                   restored_to_date: int, known: datetime | None = None) -> dict[str, Any]:
    """The power figures of the brief of `day` as known at its cut-off (or `known`): out at the day's end, what came
    back, the affected totals, the peak and the share of it restored (the counts of outages stated by the caller)."""
    known, end = known or cutoff(day), day_end(day)
    (h_out, b_out), (h_back, b_back) = out(end, known, w), back_in_day(day, known, w)
    h_peak, b_peak = peak(end, known, w)
    begun = [o for o in OUTAGES if level(o, end, known, w) is not None]
    exact = lambda v: (v, False, False)  # noqa: E731
    return {"households_out": exact(h_out), "buildings_out": exact(b_out),
            "households_restored": exact(h_back or None), "buildings_restored": exact(b_back or None),
            "households_affected": exact(sum(affected(o, w)[0] for o in begun)),
            "buildings_affected": exact(sum(affected(o, w)[1] for o in begun)),
            "peak_households": exact(h_peak), "peak_buildings": exact(b_peak),
            "pct_restored_households": share(h_peak, h_out), "pct_restored_buildings": share(b_peak, b_out),
            "open_outages": opened, "new_in_period": new, "restored_in_period": restored,
            "partial_in_period": partial, "outages_to_date": to_date, "restored_to_date": restored_to_date}


def expected_rows(day: int, w: World) -> dict[str, tuple[Any, ...]]:
    """二、分街道's power figures: households and buildings out at the day's end, and back in the day."""
    known, end = cutoff(day), day_end(day)
    return {sub: tuple((v, False, False) for v in (*out(end, known, w, sub),
                                                   *(n or None for n in back_in_day(day, known, w, sub))))
            for sub in ("甲街道", "乙街道")}


def rows_of(day: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    """The brief's JSON rows by subdistrict, as expected_rows writes them."""
    return {r["name"]: tuple(marks(r[k]) for k in ("households_out", "buildings_out", "households_restored",
                                                   "buildings_restored")) for r in day["subdistricts"]}


def still_out_words(day: int, w: World, known: datetime | None = None) -> str:
    """一、总体情况's power sentence up to what came back: each open outage's buildings and households, their sums."""
    known, end = known or cutoff(day), day_end(day)
    levels = [(OUTAGES[o][0], level(o, end, known, w)) for o in OUTAGES]
    opened = [(place, lv) for place, lv in levels if lv and lv != (0, 0)]
    each = " ；".join(f"{place}： {b}栋 ， {h}户" for place, (h, b) in opened)
    return f"截至24时，仍停电 {len(opened)}处 （{each} ），{totals_words(day, w, known)}"


def totals_words(day: int, w: World, known: datetime | None = None) -> str:
    """The sums of that sentence: buildings and households out at 24:00, and back in the day."""
    known, end = known or cutoff(day), day_end(day)
    (h_out, b_out), (h_back, b_back) = out(end, known, w), back_in_day(day, known, w)
    return f"共 {b_out}栋 、 {h_out}户 ；本日恢复供电 {b_back}栋 、 {h_back}户"


def row_words(day: int, w: World, sub: str | None, restored: int = 0) -> str:
    """二、分街道's power cells of a subdistrict (None: 合计): open outages (buildings and households out), restored
    (back; a unit of which none came back is left out)."""
    known, end = cutoff(day), day_end(day)
    opened = sum(1 for o in OUTAGES if sub in (None, SITES[OUTAGES[o][0]]) and level(o, end, known, w) not in (
        None, (0, 0)))
    # The page wraps a cell between its clauses (each a span: a space in page_text), 2（11栋、 270户）.
    h_out, b_out = out(end, known, w, sub)
    still = f"{opened}（{b_out}栋、 {h_out}户）" if opened else "0"  # none open: no households said
    h_back, b_back = back_in_day(day, known, w, sub)
    back = "、 ".join([f"{b_back}栋"] * bool(b_back) + [f"{h_back}户"] * bool(h_back))
    return f"{sub or '合计'} {still} {restored}" + (f"（恢复{back}）" if back else "")


def hours_words(hours: float) -> str:
    """A duration under a day as the timeline page says it: 17小时11分, 21小时."""
    minutes = round(hours * 60)
    return f"{minutes // 60}小时" + (f"{minutes % 60}分" if minutes % 60 else "")


def test_three_days_of_outages_and_their_restoration_by_hand(database, coordinator_api: TokenClient, token_client):
    # `database` only for the scheduler's queue job that runs the compiles asked over the API (compiled_brief).
    api = coordinator_api

    def area(name: str, level_: str, parent: int | None = None, **size: int) -> int:
        return created(api, "/api/v1/areas", {"name": name, "level": level_, "parent_id": parent, **size})

    district = area("演练区", "district")
    subdistricts = {name: area(name, "subdistrict", district) for name in ("甲街道", "乙街道")}
    sizes = {"甲一小区": (400, 16), "甲二小区": (300, 12), "乙一小区": (500, 20), "乙二小区": (200, 10)}
    places = {name: area(name, "site", subdistricts[sub], households=sizes[name][0], buildings=sizes[name][1])
              for name, sub in SITES.items()}
    event = created(api, "/api/v1/events", {"code": "outages-by-hand", "name": "演练停电", "kind": "rainstorm",
                                            "starts_at": "2021-07-01 00:00", "brief_time": "08:00",
                                            "area_id": district})
    url, compile_url = f"/api/v1/events/{event}/reports", f"/api/v1/events/{event}/briefs/compile"
    ids: dict[str, int] = {}

    def send_known_by(moment: datetime) -> None:
        """Every outage and update of the table reported by `moment` and not yet sent, in the order reported."""
        rows = [(at(o[4]), name) for name, o in OUTAGES.items()] + [(at(u[2]), name) for name, u in UPDATES.items()]
        for _reported, name in sorted(rows):
            if name in ids or _reported > moment:
                continue
            if name in OUTAGES:
                place, households, buildings, started, reported = OUTAGES[name]
                body = {"kind": "outage", "area_id": places[place], "households_affected": households,
                        "buildings_affected": buildings, "started_at": sent(started)}
            else:
                outage, observed, reported, what, households, buildings = UPDATES[name]
                body = {"kind": "outage_update", "outage_id": ids[outage], "observed_at": sent(observed),
                        **({"fully_restored": True} if what == ALL else
                           {f"households_{'restored' if what == BACK else 'out'}": households,
                            f"buildings_{'restored' if what == BACK else 'out'}": buildings})}
            ids[name] = created(api, url, {**body, "reported_at": sent(reported)})

    def page(brief: dict[str, Any]) -> str:
        return page_text(api.page(f"/briefs/{brief['id']}"))

    # ---- 1 July, compiled at its cut-off.
    send_known_by(cutoff(1))
    brief1, day1 = compiled_with_content(api, database, compile_url, {"day": "2021-07-01"})
    # 3 open, all 3 begun in the day, none restored, all 3 partly restored (something back, still out at 24:00).
    assert power_of(day1) == expected_power(1, FIRST, opened=3, new=3, restored=0, partial=3, to_date=3,
                                            restored_to_date=0)
    # By hand: out 120 + 150 + 250 = 520户, 5 + 6 + 10 = 21栋; back 180 + 50 + 150 = 380户, 7 + 2 + 5 = 14栋;
    # peak 800户 at 18:00 (300 − 100 + 200 + 400), 35.0% restored.
    assert (day1["power"]["households_out"]["value"], day1["power"]["peak_households"]["value"]) == (520, 800)
    assert rows_of(day1) == expected_rows(1, FIRST)
    text = page(brief1)
    for said in (still_out_words(1, FIRST) + " （含部分恢复）",
                 "停电峰值 31栋 ，已恢复32.3%；停电峰值 800户 ，已恢复35%",  # the page drops a .0
                 *(row_words(1, FIRST, sub) for sub in ("甲街道", "乙街道", None))):
        assert said in text, (said, text)

    # ---- After that brief: 甲二小区's households corrected to 240; 乙一小区's 150 back retracted (another compound).
    etag = api.get(f"/api/v1/reports/{ids['O2']}").headers["ETag"]
    fixed = api.patch(f"/api/v1/reports/{ids['O2']}", json={"households_affected": 240}, headers={"If-Match": etag})
    assert fixed.status_code == 200, fixed.get_json()
    assert api.post(f"/api/v1/reports/{ids['u3a']}/retract", json={"reason": "报错小区"}).status_code == 200

    # ---- 2 July. Two refusals first, nothing stored by either.
    send_known_by(datetime(2021, 7, 2, 16, 30))
    stored = count_reports(database)
    too_many = api.post(url, json={"kind": "outage_update", "outage_id": ids["O3"], "households_restored": 450,
                                   "observed_at": "2021-07-02 17:00", "reported_at": "2021-07-02 17:05"})
    assert too_many.status_code == 422 and list(too_many.json["errors"]) == ["households_restored"], too_many.json
    assert "400" in too_many.json["errors"]["households_restored"]  # more than the 400 affected
    jia_reporter = token_client("jia-reporter", "reporter", scope="演练区/甲街道")
    elsewhere = jia_reporter.post(url, json={"kind": "outage_update", "outage_id": ids["O3"],
                                             "households_restored": 350, "observed_at": "2021-07-02 17:00"})
    assert elsewhere.status_code == 403 and list(elsewhere.json["errors"]) == ["outage_id"], elsewhere.json
    assert count_reports(database) == stored
    # Refused for the scope it writes in, not for reading: a scope limits writing (docs/domain.md).
    assert jia_reporter.get(f"/api/v1/reports/{ids['O3']}").status_code == 200
    send_known_by(cutoff(2))
    brief2, day2 = compiled_with_content(api, database, compile_url, {"day": "2021-07-02"})
    # 4 open; 乙二小区 new; 甲一小区 all back at 18:00 but out again at 24:00: neither restored nor partly restored
    # (docs/briefs.md); 甲二小区 and 乙一小区 partly restored.
    assert power_of(day2) == expected_power(2, LATER, opened=4, new=1, restored=0, partial=2, to_date=4,
                                            restored_to_date=0)
    # By hand: at 00:00 (as now known) 120 + 160 + 400 = 680 out; back 120 + 120 + 300 = 540; new 80; out again 60:
    # 680 − 540 + 80 + 60 = 280. Peak 840 on 1 July 18:00 (O2 as corrected, u3a retracted); 66.7% restored.
    assert (day2["power"]["households_out"]["value"], day2["power"]["households_restored"]["value"],
            day2["power"]["peak_households"]["value"]) == (280, 540, 840)
    assert rows_of(day2) == expected_rows(2, LATER)
    # 较上期变化: the new outage and the outage out again, with their households; two partly restored; one late.
    assert [(c["kind"], c["area"], marks(c["qty"]) if c["qty"] else c["count"]) for c in day2["changes"]] == [
        ("outage_new", "乙二小区", (OUTAGES["O4"][1], False, False)),
        ("outage_again", "甲一小区", (UPDATES["u1e"][4], False, False)), ("partial", None, 2), ("late", None, 1)]
    assert [(r["report_id"], r["day"]) for r in day2["quality"]["late"]] == [(ids["u2b"], "2021-07-01")]
    # The trend: each day's households still out at 24:00 as the reports stand now (1 July revised since).
    assert [(t["day"], t["households_out"], t["buildings_out"], t["open_outages"]) for t in day2["trend"]] == [
        (f"2021-07-0{d}", *out(day_end(d), cutoff(2), LATER), 3 if d == 1 else 4) for d in (1, 2)]
    assert day2["trend"][0]["revised"] == ["buildings_out", "households_out"]
    text = page(brief2)
    # 甲一小区, back at 3 July 03:00 and known by the cut-off, is out at 24:00 and said to be back since.
    for said in (totals_words(2, LATER) + " （含部分恢复）", "共 12栋 、 280户 ；本日恢复供电 19栋 、 540户",
                 # Out again since 22:00, the shortest out of the four: named last (out longest first).
                 f"；甲一小区： {UPDATES['u1e'][5]}栋 ， {UPDATES['u1e'][4]}户 ，已于 7月3日 03:00 恢复，计入下期）",
                 f"较上期变化： 乙二小区于 7月2日 20:00 停电（ {OUTAGES['O4'][1]}户 ）；"
                 f"甲一小区恢复供电后于 7月2日 22:00 再次停电（ {UPDATES['u1e'][4]}户 ）；"
                 " 2处 部分恢复供电；新获知迟报 1份",
                 *(row_words(2, LATER, sub) for sub in ("甲街道", "乙街道", None)),
                 "迟报 1份 （所属日期的日报编发后获知）：甲二小区停电进展（属 7月1日 ，第1期）， 7月2日 08:30 获知"):
        assert said in text, (said, text)

    # ---- 3 July: all four back (甲一小区 again at 03:00).
    send_known_by(cutoff(3))
    brief3, day3 = compiled_with_content(api, database, compile_url, {"day": "2021-07-03"})
    assert power_of(day3) == expected_power(3, LATER, opened=0, new=0, restored=4, partial=0, to_date=4,
                                            restored_to_date=4)
    assert (day3["power"]["households_out"]["value"], day3["power"]["households_restored"]["value"]) == (0, 280)
    assert rows_of(day3) == expected_rows(3, LATER)
    text = page(brief3)
    for said in (*(row_words(3, LATER, sub, restored=2 if sub else 4) for sub in ("甲街道", "乙街道", None)),
                 "本日恢复供电 12栋 、 280户", "本日全部恢复供电的停电点 4处", "累计报告停电 4处 ，已恢复 4处",
                 "停电峰值 840户 ，已恢复100%"):
        assert said in text, (said, text)

    # ---- A revision of 1 July now (cut off now: every report counts as it stands): u2b, late, counts; O2 is 240;
    # u3a counts nowhere, so 乙一小区 has nothing back that day: 2 partly restored.
    _, again1 = compiled_with_content(api, database, f"/api/v1/briefs/{brief1['id']}/recompile")
    assert power_of(again1) == expected_power(1, LATER, opened=3, new=3, restored=0, partial=2, to_date=3,
                                              restored_to_date=0, known=cutoff(3))
    assert (again1["power"]["households_out"]["value"], again1["power"]["households_restored"]["value"]) == (680, 260)
    quality = again1["quality"]
    assert (quality["added_since_previous_revision"], quality["corrected_since_previous_revision"],
            quality["retracted_since_previous_revision"]) == (1, 1, 1)

    # ---- The timeline over the API: at each day's end as known at its cut-off, and at the first cut-off itself.
    moments = [(day_end(d), cutoff(d)) for d in (1, 2, 3)] + [(cutoff(1), cutoff(1))]
    for as_of, known in moments:
        body = api.get(f"/api/v1/events/{event}/timeline",
                       query_string={"as_of": as_of.isoformat() + "+08:00", "known_at": known.isoformat() + "+08:00"})
        assert body.status_code == 200, body.get_json()
        timeline = body.json
        h_out, b_out = out(as_of, known, LATER)
        h_peak, b_peak = peak(as_of, known, LATER)
        begun = [o for o in OUTAGES if level(o, as_of, known, LATER) is not None]
        opened = [o for o in begun if level(o, as_of, known, LATER) != (0, 0)]
        stats = timeline["stats"]
        assert (stats["outages"], stats["open"], stats["households"]["still_out"], stats["buildings"]["still_out"],
                timeline["curve"]["households"]["peak"], timeline["curve"]["buildings"]["peak"],
                timeline["curve"]["households"]["restored_pct_of_peak"]) == (
            len(begun), len(opened), h_out, b_out, h_peak, b_peak, share(h_peak, h_out)), as_of
        assert [(g["subdistrict_name"], g["outages"], g["open"], g["households_out"], g["buildings_out"])
                for g in timeline["groups"]] == [
            (sub, sum(SITES[OUTAGES[o][0]] == sub for o in begun), sum(SITES[OUTAGES[o][0]] == sub for o in opened),
             *out(as_of, known, LATER, sub)) for sub in ("甲街道", "乙街道")], as_of
        # Household-hours, and per household (CAIDI): a spell out again counts from when it went out again.
        units = [s for o in OUTAGES for s in spells(o, as_of, known, LATER)]
        households = stats["households"]
        assert households["interrupted"] == sum(n for _h, n in units), as_of
        assert round(households["unit_hours"], 3) == round(household_hours(as_of, known, LATER), 3), as_of
        assert round(households["mean_hours"], 3) == round(household_hours(as_of, known, LATER)
                                                           / households["interrupted"], 3), as_of
        assert round(households["median_hours"], 3) == round(median(units), 3), as_of

    # ---- The timeline page at the end of 2 July as known at its cut-off: the same groups and statistics.
    as_of, known = day_end(2), cutoff(2)
    text = page_text(api.page(f"/events/{event}/timeline",
                              query_string={"at": as_of.isoformat() + "+08:00", "known": known.isoformat() + "+08:00"}))
    units = [s for o in OUTAGES for s in spells(o, as_of, known, LATER)]
    interrupted = sum(n for _h, n in units)
    mean = household_hours(as_of, known, LATER) / interrupted
    for sub in ("甲街道", "乙街道"):
        b_sub = out(as_of, known, LATER, sub)
        assert f"{sub} 2 处 中 2 处 未恢复 · 仍停电： {b_sub[1]}栋 、 {b_sub[0]}户" in text, (sub, text)
    for said in (f"每户停电时长（平均 / 中位数） ≥{hours_words(mean)} / {hours_words(median(units))}",
                 f"共停电 {interrupted:,}，仍停电 {out(as_of, known, LATER)[0]}", "已恢复（占峰值） 66.7%"):
        assert said in text, (said, text)
