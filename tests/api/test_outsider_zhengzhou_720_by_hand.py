"""Zhengzhou's "7·20" rainstorm (20–22 July 2021) replayed through the HTTP API by an outside tester: compounds of
金水区丰产路街道 and 二七区淮河路街道 cut off for safety, restored over two days, one out again after the second storm
cell. Every figure of the timeline API (each outage's state, the groups, the curve points, peaks and shares, the
statistics) and of the briefs' power sections is held against tests/api/zhengzhou_model.py at each hour of 21 July, at
the cut-offs, and at 21 July's last instant and 22 July 00:00. Covered: an older update sent after a newer one, a
count corrected, an update retracted, out again after a full restoration and back again, an outage of unknown size,
余 counts (and 不超过 / 约 read off them), an ETR moved later twice, one outage reported from two phones (the API
stores both: doubled until the duplicate is retracted), and a scoped office refused for another subdistrict (nothing
stored).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.api.conftest import TokenClient, compiled_with_content, count_reports, created
from tests.api.outsider_arithmetic import CST
from tests.api.zhengzhou_model import (
    ALL,
    BACK,
    EPS,
    OUT,
    SITES,
    SUBS,
    ZERO,
    Fig,
    Outage,
    Update,
    World,
    approx_share,
    day_bounds,
    day_power,
    local,
    pct,
    reached,
    reports_in_day,
    sum_marks,
    unit_marks,
    weighted_median,
)

F = Fig
OUTAGES = {
    "O1": Outage("丰庆花园", F(500), F(18), "20 16:30", "20 16:40", etr="21 12:00"),
    # Corrected to 380 households; its ETR, kept by the full restoration at 21 20:00, is gone once out again.
    "O2": Outage("鑫苑小区", F(400), F(16), "20 17:00", "20 17:05", etr="21 18:00"),
    "O2b": Outage("鑫苑小区", F(400), F(16), "20 17:02", "20 17:12"),  # the same, from a second phone: retracted
    "O3": Outage("淮河东路1号院", F(300), F(10), "20 18:00", "20 18:10"),
    "O4": Outage("嵩山南路小区", F(600, lb=True), F(22), "20 19:00", "20 19:20"),
    "O5": Outage("兴华北街小区", None, None, "21 02:00", "21 02:30"),  # size not reported
}
UPDATES = {
    "a1": Update("O1", "21 10:00", "21 10:05", BACK, F(200), F(6), etr="21 16:00"),  # ETR later; overdue 16–18
    "a2": Update("O1", "21 18:00", "21 18:10", BACK, F(350, lb=True), F(12), etr="22 10:00"),  # and again
    "a3": Update("O1", "22 09:30", "22 09:40", ALL),
    "b1": Update("O2", "21 08:00", "21 08:20", OUT, F(250), F(10)),
    "b2": Update("O2", "21 20:00", "21 20:05", ALL),
    "b3": Update("O2", "22 03:00", "22 03:10", OUT, F(120), F(5)),  # out again: the second storm cell
    "b4": Update("O2", "22 11:00", "22 11:05", ALL),
    "c1": Update("O3", "21 09:00", "21 09:10", BACK, F(100), F(3)),  # retracted: another compound's
    "c2": Update("O3", "21 15:00", "21 15:05", BACK, F(220), F(7)),
    "c0": Update("O3", "21 07:00", "21 16:00", BACK, F(60), F(2)),  # seen first, sent after c2
    "c3": Update("O3", "22 08:00", "22 08:10", ALL),
    "d1": Update("O4", "21 14:00", "21 14:10", OUT, F(200, lb=True), F(8)),
    "d2": Update("O4", "22 00:00", "22 00:20", OUT, F(100), F(4)),  # at midnight exactly
    "d3": Update("O4", "22 15:00", "22 15:10", ALL),
    "e1": Update("O5", "22 06:00", "22 06:15", ALL),
}
SIZES = {"丰庆花园": (800, 24), "鑫苑小区": (500, 20), "淮河东路1号院": (400, 12), "嵩山南路小区": (900, 30),
         "兴华北街小区": (300, 10)}
Z = "+08:00"


def sent(text: str) -> str:
    return local(text).strftime("%Y-%m-%d %H:%M")


def qty(prefix: str, f: Fig | None) -> dict[str, Any]:
    return {} if f is None else {prefix: f.value, **({f"{prefix}_lb": True} if f.lb else {})}


def fig(value: int | None, lb: bool, ub: bool = False, approx: bool = False) -> tuple[Any, ...] | None:
    return None if value is None else (value, lb, ub, approx)


def told(f: Fig | None) -> tuple[Any, ...] | None:
    return None if f is None else f.marks()


def iso(t: datetime) -> str:
    return t.isoformat() + Z


def local_of(text: str) -> datetime:
    """An instant the API wrote (UTC, ISO 8601) as event-local wall time."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(CST).replace(tzinfo=None)


def check_timeline(api: TokenClient, event: int, w: World, as_of: datetime, known: datetime,
                   ids: dict[str, int]) -> None:
    """Every figure of /timeline and /outages at `as_of` as known at `known`, held against the model."""
    q = {"as_of": iso(as_of), "known_at": iso(known)}
    got = api.get(f"/api/v1/events/{event}/timeline", query_string=q)
    assert got.status_code == 200, got.get_json()
    tl = got.json
    where = (as_of, known)
    # ---- the groups, subdistrict by subdistrict
    groups = []
    for sub in SUBS:
        begun = w.begun(as_of, known, sub)
        (h, hs), (b, bs) = w.out(as_of, known, sub), w.out(as_of, known, sub, 1)
        opened = [o for o in begun if w.is_open(o, as_of, known)]
        groups.append((sub, len(begun), len(opened), told(h), hs, told(b), bs, sorted(ids[o] for o in begun)))
    assert [(g["subdistrict_name"], g["outages"], g["open"],
             fig(g["households_out"], g["households_out_lb"], g["households_out_ub"], g["households_out_approx"]),
             g["households_not_reported"],
             fig(g["buildings_out"], g["buildings_out_lb"], g["buildings_out_ub"], g["buildings_out_approx"]),
             g["buildings_not_reported"], sorted(g["outage_ids"])) for g in tl["groups"] if g["outages"]] == [
        g for g in groups if g[1]], where
    # ---- the curve, whole and by subdistrict: every point, the peak, what is out now, the share of the peak back
    for curve, sub in [(tl["curve"], None)] + [(c, c["subdistrict_name"]) for c in tl["curves_by_subdistrict"]]:
        expected = w.curve(as_of, known, sub)
        assert [(local_of(p["at"]), told_point(p, "households"), told_point(p, "buildings"), p["open_outages"],
                 p["households_unknown"], p["buildings_unknown"]) for p in curve["points"]] == [
            (i, told(h), told(b), n, hs, bs) for i, h, b, n, hs, bs in expected], (sub, where)
        for unit, name in ((0, "households"), (1, "buildings")):
            m = curve[name]
            top, top_at = w.peak(as_of, known, sub, unit)
            now = w.out(as_of, known, sub, unit)[0]
            assert (m["peak"], m["peak_lb"], m["peak_ub"], m["peak_approx"], local_of(m["peak_at"])) == (
                *top.marks(), top_at), (sub, name, where)
            assert fig(m["current"], m["current_lb"], m["current_ub"], m["current_approx"]) == told(now), (
                sub, name, where)
            for share in (50, 90, 95, 100):
                first = reached(w, as_of, known, sub, unit, share)
                assert (m["reached"][str(share)] and local_of(m["reached"][str(share)]),
                        h4(m["hours_from_peak"][str(share)])) == (
                    first, h4(first and (first - top_at).total_seconds() / 3600)), (sub, name, share, where)
            assert (m["restored_pct_of_peak"], m["restored_pct_of_peak_approx"], m["counts_lost"]) == (
                pct(top, now) if now is not None else None, approx_share(top, now), 0), (sub, name, where)
    # ---- the statistics
    s, begun = tl["stats"], w.begun(as_of, known)
    opened = [o for o in begun if w.is_open(o, as_of, known)]
    durations = sorted((w.duration(o, as_of, known).total_seconds() / 3600, ids[o]) for o in begun)
    n = len(durations)
    middle = durations[(n + 1) // 2 - 1:(n + 2) // 2]
    assert (s["outages"], s["open"], s["overdue"], s["with_etr"]) == (
        n, len(opened), sum(overdue(w, o, as_of, known) for o in opened),
        sum(bool(w.etrs(o, as_of, known)) for o in begun)), where
    assert round(s["mean_hours"], 4) == round(sum(d for d, _ in durations) / n, 4), where
    assert round(s["median_hours"], 4) == round(sum(d for d, _ in middle) / len(middle), 4), where
    longest = min(durations, key=lambda d: (-d[0], d[1]))
    assert (s["longest_outage_id"], round(s["longest_hours"], 4)) == (longest[1], round(longest[0], 4)), where
    for unit, name in ((0, "households"), (1, "buildings")):
        units = [u for o in begun for u in w.spells(o, as_of, known, unit)]
        per = s[name]
        now = w.out(as_of, known, None, unit)[0]
        hours = sum(h * k for h, k, _o in units)
        assert per["interrupted"] == sum(k for _h, k, _o in units), (name, where)
        assert fig(per["still_out"], per["still_out_lb"], per["still_out_ub"], per["still_out_approx"]) == (
            told(now) if now is None or now.value else (0, False, False, False)), (name, where)
        assert round(per["unit_hours"], 4) == round(hours, 4), (name, where)
        assert round(per["mean_hours"], 4) == round(hours / per["interrupted"], 4), (name, where)
        assert round(per["median_hours"], 4) == round(weighted_median(units), 4), (name, where)
        flags = unit_marks(w, as_of, known, unit)
        still = bool(now is None or now.value)
        middle_open = median_open(units)
        assert {k: per[k] for k in (*flags, "median_open", "mean_is_lower_bound", "mean_is_upper_bound",
                                    "mean_is_approx")} == {
            **flags, "median_open": middle_open,
            **dict(zip(("mean_is_lower_bound", "mean_is_upper_bound", "mean_is_approx"),
                       sum_marks(still or flags["hours_lb"], flags["hours_ub"]), strict=True))}, (name, where)
    slips = [(w.restored_at(o, as_of, known) - w.etrs(o, as_of, known)[0]).total_seconds() / 3600 for o in begun
             if w.restored_at(o, as_of, known) and w.etrs(o, as_of, known)]
    assert (h4(s["etr_slip_mean_hours"]), h4(s["etr_slip_max_hours"])) == (
        h4(sum(slips) / len(slips) if slips else None), h4(max(slips) if slips else None)), where
    for curve, sub in [(tl["curve"], None)] + [(c, c["subdistrict_name"]) for c in tl["curves_by_subdistrict"]]:
        assert curve["open_outages_peak"] == max(n for _i, _h, _b, n, *_u in w.curve(as_of, known, sub)), where
    # ---- each outage's row
    rows = api.get(f"/api/v1/events/{event}/outages", query_string=q)
    assert rows.status_code == 200, rows.get_json()
    by_id = {r["outage_id"]: r for r in rows.json["outages"]}
    names = {v: k for k, v in ids.items()}
    assert sorted(names[i] for i in by_id) == sorted(begun), where
    for o in begun:
        r, (h, b) = by_id[ids[o]], w.state(o, as_of, known)  # type: ignore[misc]
        etrs = w.etrs(o, as_of, known)
        restored = w.restored_at(o, as_of, known)
        assert (r["open"], fig(r["households_out"], r["households_out_lb"], r["households_out_ub"],
                               r["households_out_approx"]),
                fig(r["buildings_out"], r["buildings_out_lb"], r["buildings_out_ub"], r["buildings_out_approx"]),
                r["subdistrict_name"], r["area_name"]) == (
            w.is_open(o, as_of, known), told(h), told(b), SITES[OUTAGES[o].place], OUTAGES[o].place), (o, where)
        assert (*(r[k] and local_of(r[k]) for k in ("restored_at", "first_etr_at", "etr_at", "fell_at", "out_again_at",
                                                    "started_at")), r["overdue"], r["restored"]) == (
            restored, etrs[0] if etrs else None, w.etr(o, as_of, known), w.fell_at(o, as_of, known),
            w.again_at(o, as_of, known), local(OUTAGES[o].started), overdue(w, o, as_of, known),
            restored is not None), (o, where)
        assert round(r["duration_hours"], 4) == round(w.duration(o, as_of, known).total_seconds() / 3600, 4), (
            o, where)
        size = (OUTAGES[o].households, OUTAGES[o].buildings) if o != "O2" else (w.outages[o].households,
                                                                               w.outages[o].buildings)
        assert (fig(r["households_affected"], r["households_affected_lb"]), fig(r["buildings_affected"],
                                                                              r["buildings_affected_lb"])) == (
            size[0] and told(size[0]), size[1] and told(size[1])), (o, where)
        seen = [t for t, _n in w.updates_of(o, known) if t <= as_of]
        assert (r["updates"], r["last_update_at"] and local_of(r["last_update_at"]), h4(r["update_age_hours"]),
                r["duration_hours_min"], r["duration_hours_max"]) == (
            len(seen), seen[-1] if seen else None,
            round((as_of - (seen[-1] if seen else local(OUTAGES[o].started))).total_seconds() / 3600, 4),
            r["duration_hours"], r["duration_hours"]), (o, where)
        given = [(local(OUTAGES[o].started), local(OUTAGES[o].etr))] if OUTAGES[o].etr else []
        given += [(t, local(w.updates[n].etr)) for t, n in w.updates_of(o, known) if t <= as_of and w.updates[n].etr]
        assert [(local_of(e["etr_at"]), local_of(e["given_at"]), e["slip"]) for e in r["etrs"]] == [
            (e, g, (e - given[i - 1][1]).total_seconds() / 3600 if i else None) for i, (g, e) in enumerate(given)], (
            o, where)
        assert [(local_of(p["at"]), p["households_out"], p["buildings_out"], p["restored"]) for p in r["steps"]] == [
            (t, h and h.value, b and b.value, (h, b) == (ZERO, ZERO)) for t, h, b in w.points(o, as_of, known)], (
            o, where)
        slip = (restored - etrs[0]).total_seconds() / 3600 if restored and etrs else None
        assert (None if r["etr_slip_hours"] is None else round(r["etr_slip_hours"], 4)) == (
            None if slip is None else round(slip, 4)), (o, where)
    # Still out, longest first: the open outages.
    assert sorted(rows.json["outstanding"]) == sorted(ids[o] for o in opened), where


def overdue(w: World, o: str, t: datetime, known: datetime) -> bool:
    """Open and the ETR in force has passed."""
    etr = w.etr(o, t, known)
    return w.is_open(o, t, known) and etr is not None and etr < t


def h4(hours: float | None) -> float | None:
    """Hours to four decimals (the API's)."""
    return None if hours is None else round(hours, 4)


def median_open(units: list[tuple[float, int, bool]]) -> bool:
    """Whether the median unit is still out."""
    total, running = sum(n for _h, n, _o in units), 0
    # At a tie those back come first: those still out will be out longer.
    for _hours, n, still in sorted(units, key=lambda u: (u[0], u[2], u[1])):
        running += n
        if running * 2 >= total:
            return still
    return False


def told_point(p: dict[str, Any], unit: str) -> tuple[Any, ...] | None:
    return fig(p[f"{unit}_out"], p[f"{unit}_out_lb"], p[f"{unit}_out_ub"], p[f"{unit}_out_approx"])


def test_zhengzhou_720_outages_by_hand(database, token_client):
    desk = token_client("zz-desk", "coordinator")

    def area(name: str, level: str, parent: int | None = None, **size: int) -> int:
        return created(desk, "/api/v1/areas", {"name": name, "level": level, "parent_id": parent, **size})

    district = area("郑州演练区", "district")
    subs = {name: area(name, "subdistrict", district) for name in SUBS}
    places = {name: area(name, "site", subs[sub], households=SIZES[name][0], buildings=SIZES[name][1])
              for name, sub in SITES.items()}
    event = created(desk, "/api/v1/events", {"code": "zz-720", "name": "郑州7·20特大暴雨", "kind": "rainstorm",
                                             "starts_at": "2021-07-20 00:00", "brief_time": "08:00",
                                             "area_id": district})
    url = f"/api/v1/events/{event}/reports"
    # Two phones at 丰产路街道's office (scoped coordinators, who may state when a report arrived).
    phone_a = token_client("fengchan-a", "coordinator", scope="郑州演练区/丰产路街道")
    phone_b = token_client("fengchan-b", "coordinator", scope="郑州演练区/丰产路街道")
    ids: dict[str, int] = {}

    def send_known_by(moment: datetime) -> None:
        rows = [(local(o.reported), n) for n, o in OUTAGES.items()] + [
            (local(u.reported), n) for n, u in UPDATES.items()]
        for reported, n in sorted(rows):
            if n in ids or reported > moment:
                continue
            if n in OUTAGES:
                o = OUTAGES[n]
                body = {"kind": "outage", "area_id": places[o.place], "started_at": sent(o.started),
                        **qty("households_affected", o.households), **qty("buildings_affected", o.buildings),
                        **({"etr_at": sent(o.etr)} if o.etr else {})}
            else:
                u = UPDATES[n]
                word = {BACK: "restored", OUT: "out"}.get(u.what, "")
                body = {"kind": "outage_update", "outage_id": ids[u.outage], "observed_at": sent(u.observed),
                        **({"fully_restored": True} if u.what == ALL else {}),
                        **qty(f"households_{word}", u.households), **qty(f"buildings_{word}", u.buildings),
                        **({"etr_at": sent(u.etr)} if u.etr else {})}
            client = phone_b if n == "O2b" else phone_a if n in ("O1", "O2") else desk
            ids[n] = created(client, url, {**body, "reported_at": sent(OUTAGES[n].reported if n in OUTAGES
                                                                        else UPDATES[n].reported)})

    # ---- The first evening: the two phones' reports of 鑫苑小区 are both stored, and both count.
    send_known_by(local("20 20:00"))
    doubled = World(OUTAGES, UPDATES)
    for t in ("20 17:30", "20 19:30"):
        check_timeline(desk, event, doubled, local(t), local("20 20:00"), ids)

    # ---- A scoped office writes for another subdistrict: refused, nothing stored.
    send_known_by(local("21 10:30"))
    stored = count_reports(database)
    other_update = phone_a.post(url, json={"kind": "outage_update", "outage_id": ids["O3"],
                                           "households_restored": 150, "observed_at": "2021-07-21 10:00",
                                           "reported_at": "2021-07-21 10:20"})
    assert other_update.status_code == 403 and list(other_update.json["errors"]) == ["outage_id"], other_update.json
    other_outage = phone_a.post(url, json={"kind": "outage", "area_id": places["嵩山南路小区"],
                                           "households_affected": 50, "started_at": "2021-07-21 10:00",
                                           "reported_at": "2021-07-21 10:20"})
    assert other_outage.status_code == 403 and list(other_outage.json["errors"]) == ["area_id"], other_outage.json
    assert count_reports(database) == stored

    # ---- The duplicate retracted; 鑫苑小区's households corrected; 淮河东路1号院's first figure retracted.
    assert desk.post(f"/api/v1/reports/{ids['O2b']}/retract", json={"reason": "同一停电，两部手机重复上报"}
                     ).status_code == 200
    etag = desk.get(f"/api/v1/reports/{ids['O2']}").headers["ETag"]
    fixed = desk.patch(f"/api/v1/reports/{ids['O2']}", json={"households_affected": 380}, headers={"If-Match": etag})
    assert fixed.status_code == 200, fixed.get_json()
    assert desk.post(f"/api/v1/reports/{ids['c1']}/retract", json={"reason": "报错小区"}).status_code == 200
    send_known_by(local("23 12:00"))
    now = World({**OUTAGES, "O2": Outage("鑫苑小区", F(380), F(16), "20 17:00", "20 17:05", etr="21 18:00")}, UPDATES,
                {"O2b", "c1"})

    # ---- The timeline: each hour of 21 July as known at its end, the cut-offs, 21 July's last instant and 00:00.
    end = local("23 12:00")
    moments = [(datetime(2021, 7, 21, h), end) for h in range(24)]
    moments += [(datetime(2021, 7, 22) - EPS, local("22 08:00")), (datetime(2021, 7, 22), local("22 08:00")),
                (datetime(2021, 7, 21) - EPS, local("21 08:00")), (datetime(2021, 7, 23) - EPS, local("23 08:00")),
                (local("21 12:00"), local("21 12:00")), (local("21 15:30"), local("21 15:30")),
                (local("21 15:30"), local("21 16:00")), (local("22 12:00"), end)]
    for as_of, known in moments:
        check_timeline(desk, event, now, as_of, known, ids)

    # ---- The briefs of 20, 21 and 22 July compiled now, at their cut-offs: the power section, 二、分街道's power
    # cells and the trend, every figure by hand.
    compile_url = f"/api/v1/events/{event}/briefs/compile"
    for day in (20, 21, 22):
        _, content = compiled_with_content(desk, database, compile_url, {"day": f"2021-07-{day}"})
        check_brief(content, now, day, ids)


def q4(q: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """A brief's quantity as (value, 余, 不超过, 约); value None: 未报."""
    return None if q is None or q["value"] is None else (q["value"], q["lb"], q.get("ub", False), q["approx"])


def check_brief(content: dict[str, Any], w: World, day: int, ids: dict[str, int]) -> None:
    """The brief's power figures against the model's, the whole district's and each subdistrict's."""
    p, want = content["power"], day_power(w, day)
    # The JSON names outages back with no count only where there are some.
    want = {k: v for k, v in want.items() if not (k.endswith("_back_unknown") and v == 0)}
    got = {k: q4(v) if isinstance(v, dict) else v for k, v in p.items() if k in want}
    assert got == {k: told(v) if isinstance(v, Fig) or v is None and k[-4:] in ("_out", "ored") else v
                   for k, v in want.items()}, day
    start, end, known = day_bounds(day)
    # No outage counted in the peak lost its count (none out again silent on a unit); every open one listed.
    assert (p["households_lost"], p["buildings_lost"], p["open_total"], p["restored_total"]) == (
        0, 0, want["open_outages"], want["restored_in_period"]), day
    names = {v: k for k, v in ids.items()}
    opened = [o for o in w.begun(end, known) if w.is_open(o, end, known)]
    assert sorted((names[r["outage_id"]], q4(r["households_out"]), q4(r["buildings_out"]), r["hours_out"],
                   r["etr"]["at"] and local_of(r["etr"]["at"]), r["overdue"]) for r in p["open"]) == sorted(
        (o, told(w.state(o, end, known)[0]), told(w.state(o, end, known)[1]),  # type: ignore[index]
         int((end + EPS - local(OUTAGES[o].started) - w.back_spells(o, end, known)).total_seconds() // 3600),
         w.etr(o, end, known), overdue(w, o, end, known)) for o in opened), day
    assert sorted((names[r["outage_id"]], local_of(r["restored"]["at"])) for r in p["restored"]) == sorted(
        (o, w.restored_at(o, end, known)) for o in w.begun(end, known)
        if not w.is_open(o, end, known) and w.restored_at(o, end, known) >= start), day
    rows = {r["name"]: r for r in content["subdistricts"]}
    for sub in SUBS:
        r, mine = rows[sub], day_power(w, day, sub)
        assert (r["open_outages"], r["restored_in_period"], r["reports"],
                *(q4(r[f"{u}_{k}"]) for u in ("households", "buildings") for k in ("out", "restored")),
                r["households_unknown"], r["buildings_unknown"]) == (
            mine["open_outages"], mine["restored_in_period"], reports_in_day(w, day, sub),
            *(told(mine[f"{u}_{k}"]) for u in ("households", "buildings") for k in ("out", "restored")),
            mine["households_unknown"], mine["buildings_unknown"]), (day, sub)
    # 较上期变化: an outage out again after its full restoration, with the households that went out again.
    again = [(c["area"], local_of(c["when"]["at"]), q4(c["qty"])) for c in content["changes"]
             if c["kind"] == "outage_again"]
    assert again == [(OUTAGES[o].place, w.again_at(o, local(u.observed), known), told(u.households))
                     for o in w.begun(end, known) for u in UPDATES.values()
                     if u.outage == o and u.what == OUT and start <= local(u.observed) <= end
                     and w.again_at(o, local(u.observed), known) == local(u.observed)], day
    trend = {t["day"]: t for t in content["trend"]}
    for d in range(20, day + 1):
        t, _s, _e = trend[f"2021-07-{d}"], *day_bounds(d)[:2]
        mine = day_power(w, d)
        h, b = mine["households_out"], mine["buildings_out"]
        assert (t["open_outages"], t["households_out"], t["households_out_lb"], t.get("households_out_approx", False),
                t["buildings_out"], t["buildings_out_lb"]) == (
            mine["open_outages"], h.value, h.lb, h.approx, b.value, b.lb), (day, d)
