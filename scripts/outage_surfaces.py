"""Every surface that shows outage figures, held against each other and against figures worked out independently.

The awkward replay's scenario and ledger (scripts/awkward_replay.py: partial and full restorations, out again after a
full one, an update edited from still out to restored and back, a retracted update, outages retracted and restored,
sizes not given, late reports after a cut-off, corrections), read after each brief and at the end at instants across
the three days, as known at each cut-off and now; then two small events of its own: "more than" sizes and counts, a
size given later, a retracted outage, a late report after a brief's cut-off and the revision (event B); out again with
households only, a partial restoration superseded by a full one sent later, an outage moved to another subdistrict,
one sent back, a vague start restored before its stored instant, a start corrected, the event closed between a
restoration and the outage going out again (event C).

Surfaces: GET /api/v1/events/{id}/outages, /timeline and /map; the page's timeline.json, timeline.csv and curve.csv;
the timeline page's figures; the event page's headline and 分街道; the events download; each brief's power section
(its figures, open and restored lists, open groups, 二、分街道) against the timeline at its day's last instant as
known at its cut-off. Run through scripts/outage-surfaces (gunicorn, SQLite or PostgreSQL); not part of .ci/run.

    python scripts/outage_surfaces.py --base http://127.0.0.1:51100 --token il_... --user U --password P
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from awkward_replay import (
    DAYS,
    INCIDENTS,
    LAST,
    SUBS,
    UNK,
    Replay,
    affected,
    at,
    bounds,
    due,
    iso,
    parse,
    restored_since,
    state,
)

Mark = tuple[Any, bool, bool, bool]  # value, more than, at most, about


def q(v: int, lb: bool = False, ub: bool = False, approx: bool = False) -> Mark:
    return (v, lb, ub, approx)


def bq(j: dict[str, Any] | None) -> Mark | None:
    """A brief's quantity as (value, lb, ub, approx)."""
    return None if j is None else (j["value"], j["lb"], j.get("ub", False), j["approx"])


def mark(o: dict[str, Any], unit: str) -> Mark | None:
    """An outage's (a site's) still out with its marks."""
    v = o.get(f"{unit}_out")
    if v is None:
        return None
    return (v, o.get(f"{unit}_out_lb", False), o.get(f"{unit}_out_ub", False), o.get(f"{unit}_out_approx", False))


def page_rows(html: str) -> dict[str, tuple[int, int]]:
    """The event page's 分街道: name → (outages, open)."""
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]:
        cells = re.sub(r"<[^>]+>", " ", tr).split()
        if len(cells) > 1:
            text = cells[1] + (cells[2] if len(cells) > 2 and cells[2].startswith("（") else "")
            m = re.match(r"(\d+)(?:（(\d+)处未恢复）)?", text)
            if m:
                rows[cells[0]] = (int(m.group(1)), int(m.group(2) or 0))
    return rows


def headline(html: str) -> int | None:
    h = re.search(r"<dt>未恢复停电处数</dt><dd>(?:<a[^>]*>)?([\d,]+)", html)
    return int(h.group(1).replace(",", "")) if h else None


class Surveyor(Replay):
    """The awkward replay, every outage surface read and compared at each brief and at the end."""

    def __init__(self, base: str, token: str, user: str, password: str):
        super().__init__(base, token)
        self.base = base.rstrip("/")
        self.user, self.password = user, password
        self.found: list[str] = []
        self.compared = 0
        self.web = requests.Session()
        self.web.headers["Accept-Language"] = "zh"
        self.logged_in = False

    def login(self) -> None:
        page = self.web.get(self.base + "/login").text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        r = self.web.post(self.base + "/login", allow_redirects=False,
                          data={"csrf_token": token.group(1), "username": self.user, "password": self.password})
        assert r.status_code in (302, 303), r.status_code
        self.logged_in = True

    def bad(self, label: str, what: str, want: Any, got: Any) -> None:
        self.compared += 1
        if want != got:
            self.found.append(f"[{label}] {what}: expected {want!r}, got {got!r}")

    def get(self, path: str, params: dict[str, str] | None = None) -> Any:
        return self.api.call("GET", path, params=params).json()

    # ---- the ledger's figures (docs/domain.md, Outages)
    def model(self, t: datetime, known: datetime) -> dict[int, dict[str, Any]]:
        res = {}
        for o in self.w.known(known, "outage"):
            if o.data["start"] > t:
                continue
            ups = self.w.ups(known, o)
            hh, bl = state(o, ups, t, "households"), state(o, ups, t, "buildings")
            res[o.id] = {"key": o.key, "sub": SUBS[o.sub][0], "place": o.place, "start": o.data["start"],
                         "hh": None if hh == UNK else hh, "bl": None if bl == UNK else bl,
                         "open": restored_since(ups, t) is None, "restored_at": restored_since(ups, t),
                         "hh_aff": affected(o, ups, t, "households"), "bl_aff": affected(o, ups, t, "buildings")}
        return res

    @staticmethod
    def total(ms: list[dict[str, Any]], unit: str) -> int | None:
        """docs/domain.md: 0 when none is open; 未报 when every open one is silent; else the figures given."""
        opens = [m for m in ms if m["open"]]
        vals = [m[unit] for m in opens if m[unit] is not None]
        return 0 if not opens else (sum(vals) if vals else None)

    # ---- one instant, every surface
    def survey(self, label: str, instants: list[datetime], knowns: list[datetime]) -> None:
        for t in instants:
            for k in knowns:
                self.survey_one(f"{label} as_of={t:%m-%d %H:%M:%S} known={k:%m-%d %H:%M:%S}", t, k)

    def survey_one(self, label: str, t: datetime, k: datetime) -> None:
        params = {"as_of": t.isoformat(), "known_at": k.isoformat()}
        m, ev = self.model(t, k), self.event
        outs = self.get(f"/events/{ev}/outages", params)
        tl = self.get(f"/events/{ev}/timeline", params)
        mp = self.get(f"/events/{ev}/map", params)
        got = {o["outage_id"]: o for o in outs["outages"]}
        self.bad(label, "outages listed", sorted(x["key"] for x in m.values()),
                 sorted(self.ids.get(i, str(i)) for i in got))
        for i, mo in m.items():
            g = got.get(i)
            if not g:
                continue
            key = mo["key"]
            self.bad(label, f"{key} households_out", mo["hh"] if mo["open"] else 0, g["households_out"])
            self.bad(label, f"{key} buildings_out", mo["bl"] if mo["open"] else 0, g["buildings_out"])
            self.bad(label, f"{key} open", mo["open"], g["open"])
            self.bad(label, f"{key} restored_at", mo["restored_at"],
                     parse(g["restored_at"]) if g["restored_at"] else None)
            self.bad(label, f"{key} started_at", mo["start"], parse(g["started_at"]))
            self.bad(label, f"{key} households_affected", mo["hh_aff"], g["households_affected"])
            self.bad(label, f"{key} buildings_affected", mo["bl_aff"], g["buildings_affected"])
        self.bad(label, "outstanding", sorted(mo["key"] for mo in m.values() if mo["open"]),
                 sorted(self.ids.get(i, str(i)) for i in outs["outstanding"]))
        ms = list(m.values())
        n_open = sum(1 for x in ms if x["open"])
        pts = [p for p in tl["curve"]["points"] if parse(p["at"]) <= t]
        for unit, u in (("hh", "households"), ("bl", "buildings")):
            want = self.total(ms, unit)
            self.bad(label, f"timeline curve.{u}.current", want, tl["curve"][u]["current"])
            self.bad(label, f"timeline stats.{u}.still_out", want, tl["stats"][u]["still_out"])
            if pts:
                self.bad(label, f"timeline last curve point {u}_out", want, pts[-1][f"{u}_out"])
        self.bad(label, "stats.open", n_open, tl["stats"]["open"])
        self.bad(label, "stats.outages", len(ms), tl["stats"]["outages"])
        if pts:
            self.bad(label, "last curve point open_outages", n_open, pts[-1]["open_outages"])
        groups = {g["subdistrict_name"]: g for g in tl["groups"]}
        curves = {c["subdistrict_name"]: c for c in tl["curves_by_subdistrict"]}
        subs = sorted({x["sub"] for x in ms})
        self.bad(label, "groups", subs, sorted(groups))
        for s in subs:
            sm = [x for x in ms if x["sub"] == s]
            for unit, u in (("hh", "households"), ("bl", "buildings")):
                self.bad(label, f"group {s} {u}_out", self.total(sm, unit), (groups.get(s) or {}).get(f"{u}_out"))
                self.bad(label, f"curve of {s} {u}.current", self.total(sm, unit),
                         (curves.get(s) or {}).get(u, {}).get("current"))
            self.bad(label, f"group {s} open", sum(1 for x in sm if x["open"]), (groups.get(s) or {}).get("open"))
            self.bad(label, f"group {s} outages", len(sm), (groups.get(s) or {}).get("outages"))
        sites = {f["name"]: f for f in mp["unplaced"]} | {f["properties"]["name"]: f["properties"]
                                                           for f in mp["features"]}
        for p in sorted({x["place"] for x in ms}):
            pm = [x for x in ms if x["place"] == p]
            f = sites.get(p) or {}
            self.bad(label, f"map {p} open_outages", sum(1 for x in pm if x["open"]), f.get("open_outages"))
            self.bad(label, f"map {p} outages", len(pm), f.get("outages"))
            self.bad(label, f"map {p} households_out", self.total(pm, "hh"), f.get("households_out"))
            affs = [x["hh_aff"] for x in pm if x["hh_aff"] is not None]
            self.bad(label, f"map {p} households_affected", sum(affs) if affs else None, f.get("households_affected"))
        self.downloads(label, ev, params, outs, tl)
        if self.logged_in:
            figs = dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)<",
                                   self.web.get(self.base + f"/events/{ev}/timeline", params=params).text))
            self.bad(label, "timeline page 未恢复停电数", str(n_open), figs.get("未恢复停电数"))
            for unit, name in (("hh", "停电户数"), ("bl", "停电楼栋")):
                want = self.total(ms, unit)
                if want is not None:
                    self.bad(label, f"timeline page {name}", f"{want:,}", figs.get(name))

    def downloads(self, label: str, ev: int, params: dict[str, str], outs: dict[str, Any],
                  tl: dict[str, Any]) -> None:
        """timeline.json, timeline.csv and curve.csv (a token reads them) against the API's answers."""
        s = self.api.s
        wj = s.get(self.base + f"/events/{ev}/timeline.json", params=params).json()
        wo = {o["outage_id"]: o for o in wj["outages"]}
        rows = list(csv.reader(io.StringIO(s.get(self.base + f"/events/{ev}/timeline.csv", params=params)
                                           .content.decode("utf-8-sig"))))
        ix = {h: i for i, h in enumerate(rows[0])}
        byid = {int(r[0]): r for r in rows[1:]}
        self.bad(label, "timeline.csv outages", sorted(o["outage_id"] for o in outs["outages"]), sorted(byid))
        for o in outs["outages"]:
            key = self.ids.get(o["outage_id"], str(o["outage_id"]))
            for f in ("households_out", "households_out_lb", "households_out_ub", "households_out_approx",
                      "buildings_out", "open", "restored_at", "started_at", "households_affected"):
                self.bad(label, f"timeline.json {key} {f} vs API", o[f], (wo.get(o["outage_id"]) or {}).get(f))
            r = byid.get(o["outage_id"])
            if r is None:
                continue
            for col, f in (("仍停电户数", "households_out"), ("仍停电楼栋数", "buildings_out"),
                           ("受影响户数", "households_affected")):
                self.bad(label, f"timeline.csv {key} {col} vs API", "" if o[f] is None else str(o[f]), r[ix[col]])
            for col, f in (("仍停电户数为下限（余）", "households_out_lb"),
                           ("仍停电户数为上限（不超过）", "households_out_ub"),
                           ("仍停电", "open")):
                self.bad(label, f"timeline.csv {key} {col} vs API", "是" if o[f] else "否", r[ix[col]])
        for u in ("households", "buildings"):
            self.bad(label, f"timeline.json curve.{u}.current vs API", tl["curve"][u]["current"],
                     wj["curve"][u]["current"])
        curve = list(csv.reader(io.StringIO(s.get(self.base + f"/events/{ev}/curve.csv", params=params)
                                            .content.decode("utf-8-sig"))))
        whole = [r for r in curve[1:] if r and r[0] == "全区"]
        self.bad(label, "curve.csv 全区 rows vs timeline points", len(tl["curve"]["points"]), len(whole))
        for r, pt in zip(whole, tl["curve"]["points"], strict=False):
            for n, f in ((4, "households_out"), (5, "buildings_out"), (6, "open_outages")):
                self.bad(label, f"curve.csv {r[3]} {f} vs timeline point", "" if pt[f] is None else str(pt[f]), r[n])

    # ---- the brief against the timeline at its day's last instant, as known at its cut-off
    def brief_vs_timeline(self, label: str, ev: int, c: dict[str, Any], t: datetime, k: datetime) -> None:
        params = {"as_of": t.isoformat(), "known_at": k.isoformat()}
        tl, outs = self.get(f"/events/{ev}/timeline", params), self.get(f"/events/{ev}/outages", params)
        p = c["power"]
        for u in ("households", "buildings"):
            cu = tl["curve"][u]
            self.bad(label, f"brief {u}_out vs timeline current",
                     (cu["current"], cu["current_lb"], cu["current_ub"], cu["current_approx"]), bq(p[f"{u}_out"]))
            self.bad(label, f"brief peak_{u} vs timeline peak",
                     (cu["peak"], cu["peak_lb"], cu["peak_ub"], cu["peak_approx"]), bq(p[f"peak_{u}"]))
            self.bad(label, f"brief pct_restored_{u} vs timeline", cu["restored_pct_of_peak"], p[f"pct_restored_{u}"])
            known = [o[f"{u}_affected"] for o in outs["outages"] if o[f"{u}_affected"] is not None]
            self.bad(label, f"brief {u}_affected vs the outages'",
                     (sum(known) if known else None, any(o[f"{u}_affected_lb"] for o in outs["outages"])),
                     (p[f"{u}_affected"]["value"], p[f"{u}_affected"]["lb"]))
            last = tl["curve"]["points"][-1][f"{u}_unknown"] if tl["curve"]["points"] else 0
            self.bad(label, f"brief {u}_unknown vs timeline", last, p[f"{u}_unknown"])
        self.bad(label, "brief open_outages vs timeline", tl["stats"]["open"], p["open_outages"])
        self.bad(label, "brief outages_to_date vs timeline", tl["stats"]["outages"], p["outages_to_date"])
        self.bad(label, "brief restored_to_date vs outages restored",
                 sum(1 for o in outs["outages"] if not o["open"]), p["restored_to_date"])
        self.bad(label, "brief open list vs timeline outstanding", sorted(outs["outstanding"]),
                 sorted(o["outage_id"] for o in p["open"]))
        by = {o["outage_id"]: o for o in outs["outages"]}
        for o in p["open"] + p["restored"]:
            g = by.get(o["outage_id"])
            w = f"brief outage #{o['outage_id']} ({o['area']})"
            if g is None:
                self.bad(label, f"{w} on the timeline", "present", None)
                continue
            self.bad(label, f"{w} started vs timeline bar", (g["started_at"], g["started_precision"]),
                     (o["started"]["at"], o["started"]["precision"]))
            self.bad(label, f"{w} households_out vs timeline", (g["households_out"], g["households_out_lb"]),
                     (o["households_out"]["value"], o["households_out"]["lb"]))
            self.bad(label, f"{w} buildings_out vs timeline", g["buildings_out"], o["buildings_out"]["value"])
            self.bad(label, f"{w} affected vs timeline", g["households_affected"], o["households_affected"]["value"])
            if o in p["restored"]:
                self.bad(label, f"{w} restored vs timeline bar", (g["restored_at"], g["restored_precision"]),
                         (o["restored"]["at"], o["restored"]["precision"]))
        for grp in p["open_groups"]:
            known = [by[i]["households_out"] for i in grp["outage_ids"]
                     if i in by and by[i]["households_out"] is not None]
            self.bad(label, f"brief open group {grp['area']} households_out vs its outages",
                     sum(known) if known else None, grp["households_out"]["value"])
        groups = {g["subdistrict_name"]: g for g in tl["groups"]}
        for row in c["subdistricts"]:
            g = groups.get(row["name"])
            for u in ("households", "buildings"):
                self.bad(label, f"brief 二、分街道 {row['name']} {u}_out vs timeline group",
                         0 if g is None else g[f"{u}_out"], row[f"{u}_out"]["value"])
            self.bad(label, f"brief 二、分街道 {row['name']} open vs timeline group", (g or {}).get("open", 0),
                     row["open_outages"])

    def download_open(self, code: str) -> str:
        """The events download's 未恢复停电 of the event with this code."""
        text = self.web.get(self.base + "/events/export.csv").content.decode("utf-8-sig")
        return next(r for r in csv.DictReader(io.StringIO(text)) if r["代码"] == code)["未恢复停电"]

    # ---- the replay's hooks
    def compile(self, d: Any) -> None:
        if not self.logged_in:
            self.login()
        super().compile(d)
        c = self.briefs[d][-1]
        cut = due(d)
        a, b = bounds(d)
        self.brief_vs_timeline(f"brief {d} rev{c['header']['revision']}", self.event, c, b - LAST, cut)
        now = datetime.now(UTC) - timedelta(seconds=2)
        self.survey(f"after the brief of {d}", [a + timedelta(hours=12), b - LAST], [cut, now])

    def recompile(self, d: Any) -> dict[str, Any]:
        c = super().recompile(d)
        now = datetime.now(UTC) - timedelta(seconds=2)
        self.brief_vs_timeline(f"brief {d} rev{c['header']['revision']}", self.event, c, bounds(d)[1] - LAST, now)
        return c

    def report(self) -> int:
        now = datetime.now(UTC) - timedelta(seconds=2)
        instants = [at(x) for x in ("06-10 09:00", "06-10 18:00", "06-10 22:00", "06-11 00:00", "06-11 10:00",
                                    "06-11 15:00", "06-11 17:00", "06-12 00:00", "06-12 09:00", "06-12 10:00",
                                    "06-12 12:00", "06-12 13:30")] + [bounds(DAYS[-1])[1] - LAST]
        self.survey("end", instants, [now])
        html = self.web.get(self.base + f"/events/{self.event}").text
        m = list(self.model(now, now).values())
        n_open = sum(1 for x in m if x["open"])
        self.bad("event page", "未恢复停电处数", n_open, headline(html))
        rows = page_rows(html)
        for s in sorted({x["sub"] for x in m}):
            sm = [x for x in m if x["sub"] == s]
            self.bad("event page", f"分街道 {s} outages (open)", (len(sm), sum(1 for x in sm if x["open"])),
                     rows.get(s))
        self.bad("events download", "未恢复停电", str(n_open), self.download_open("awkward-0610"))
        EventB(self).run()
        EventC(self).run()
        for f in self.found:
            print("DISAGREES", f)
        print(f"outage surfaces: {self.compared} comparisons, {len(self.found)} disagreements")
        status = super().report()
        return 1 if self.found else status


class Small:
    """An event of its own, each report sent with a stated `reported_at`, figures by hand."""

    code = ""

    def __init__(self, s: Surveyor):
        self.s, self.api = s, s.api
        self.ids: dict[str, int] = {}
        self.ev = self.api.call("POST", "/events", {"code": self.code, "kind": "rainstorm", "name": self.code,
                                                    "starts_at": "2024-06-10T00:00+08:00"}).json()["id"]

    def post(self, key: str, body: dict[str, Any], reported: str) -> None:
        r = self.api.call("POST", f"/events/{self.ev}/reports", {**body, "reported_at": iso(at(reported))},
                          headers={"Idempotency-Key": self.code + key})
        self.ids[key] = r.json()["id"]

    def outage(self, key: str, place: str, reported: str, start: str, hh: Any = None, bl: Any = None) -> None:
        body: dict[str, Any] = {"kind": "outage", "area_id": self.s.places[place],
                                "started_at": start if "午" in start else iso(at(start))}
        if hh is not None:
            body["households_affected"] = hh
        if bl is not None:
            body["buildings_affected"] = bl
        self.post(key, body, reported)

    def update(self, key: str, outage: str, reported: str, when: str, **fields: Any) -> None:
        self.post(key, {"kind": "outage_update", "outage_id": self.ids[outage], "observed_at": iso(at(when)),
                        **fields}, reported)

    def patch(self, key: str, body: dict[str, Any]) -> None:
        r = self.api.call("GET", f"/reports/{self.ids[key]}")
        self.api.call("PATCH", f"/reports/{self.ids[key]}", body, headers={"If-Match": r.headers["ETag"]})

    def now(self) -> datetime:
        return datetime.now(UTC) - timedelta(seconds=1)

    def surfaces(self, label: str, t: datetime, k: datetime, outages: dict[str, tuple[Mark | None, Mark | None]],
                 hh_total: Mark, n_open: int) -> None:
        """Each outage's still out by hand; the totals; groups, sites and downloads against the outages."""
        s, label = self.s, f"{self.code} {label} as_of={t:%m-%d %H:%M} known={k:%m-%d %H:%M}"
        params = {"as_of": t.isoformat(), "known_at": k.isoformat()}
        outs = s.get(f"/events/{self.ev}/outages", params)
        tl = s.get(f"/events/{self.ev}/timeline", params)
        mp = s.get(f"/events/{self.ev}/map", params)
        names = {v: key for key, v in self.ids.items()}
        got = {names.get(o["outage_id"], str(o["outage_id"])): o for o in outs["outages"]}
        s.bad(label, "outages listed", sorted(outages), sorted(got))
        for key, (hh, bl) in outages.items():
            if key in got:
                s.bad(label, f"{key} households_out", hh, mark(got[key], "households"))
                s.bad(label, f"{key} buildings_out", bl, mark(got[key], "buildings"))
        c, st = tl["curve"]["households"], tl["stats"]["households"]
        s.bad(label, "timeline curve.households.current", hh_total,
              (c["current"], c["current_lb"], c["current_ub"], c["current_approx"]))
        s.bad(label, "timeline stats.households.still_out", hh_total,
              (st["still_out"], st["still_out_lb"], st["still_out_ub"], st["still_out_approx"]))
        s.bad(label, "stats.open", n_open, tl["stats"]["open"])
        for g in tl["groups"]:
            mine = [o for o in outs["outages"] if o["subdistrict_id"] == g["subdistrict_id"] and o["open"]]
            known = [o["households_out"] for o in mine if o["households_out"] is not None]
            s.bad(label, f"group {g['subdistrict_name']} households_out = its outages'",
                  sum(known) if known else (0 if not mine else None), g["households_out"])
        sites = {f["area_id"]: f for f in mp["unplaced"]} | {f["properties"]["area_id"]: f["properties"]
                                                              for f in mp["features"]}
        byplace: dict[int, list[dict[str, Any]]] = {}
        for o in outs["outages"]:
            byplace.setdefault(o["area_id"], []).append(o)
        for aid, os_ in byplace.items():
            f, name = sites.get(aid) or {}, os_[0]["area_name"]
            opens = [o for o in os_ if o["open"]]
            s.bad(label, f"map {name} open_outages", len(opens), f.get("open_outages"))
            known = [o for o in opens if o["households_out"] is not None]
            want = (sum(o["households_out"] for o in known) if known else (0 if not opens else None))
            s.bad(label, f"map {name} households_out vs its outages'", want, f.get("households_out"))
            aff = [o["households_affected"] for o in os_ if o["households_affected"] is not None]
            s.bad(label, f"map {name} affected vs its outages'",
                  (sum(aff) if aff else None, any(o["households_affected_lb"] for o in os_)),
                  (f.get("households_affected"), f.get("households_affected_lb")))
        s.ids, saved = {v: key for key, v in self.ids.items()}, s.ids
        s.downloads(label, self.ev, params, outs, tl)
        s.ids = saved


class EventB(Small):
    """"More than" sizes and counts, a size given later, a retracted outage, a late report, the revision."""

    code = "surv-b"

    def run(self) -> None:
        self.outage("M1", "甲一社区", "06-10 10:05", "06-10 10:00", "200余", 8)
        self.outage("M2", "乙一社区", "06-10 11:05", "06-10 11:00")
        self.outage("M3", "丙村", "06-10 12:05", "06-10 12:00", 50, 2)
        self.outage("M4", "乙二社区", "06-10 13:05", "06-10 13:00", "90余")
        self.update("M1u1", "M1", "06-10 14:05", "06-10 14:00", households_restored=50)
        self.update("M4u1", "M4", "06-10 15:05", "06-10 15:00", households_out="60余")
        self.update("M2u1", "M2", "06-10 16:05", "06-10 16:00", households_restored="40余")
        self.update("M1u2", "M1", "06-10 18:05", "06-10 18:00", households_out=30)
        self.update("M1u3", "M1", "06-10 20:05", "06-10 20:00", fully_restored=True)
        self.surfaces("before M2's size", at("06-10 17:00"), self.now(), {
            "M1": (q(150, lb=True), q(8)), "M2": (None, None), "M3": (q(50), q(2)), "M4": (q(60, lb=True), None)},
            q(260, lb=True), 4)
        self.patch("M2", {"households_affected": 120, "buildings_affected": 6})        # its size, given later
        self.api.call("POST", f"/reports/{self.ids['M3']}/retract", {"reason": "重复"})
        k = self.now()
        self.surfaces("M2 sized, M3 retracted", at("06-10 17:00"), k, {
            "M1": (q(150, lb=True), q(8)), "M2": (q(80, ub=True), q(6)), "M4": (q(60, lb=True), None)},
            q(290, approx=True), 3)
        self.surfaces("M2 sized, M3 retracted", at("06-10 21:00"), k, {
            "M1": (q(0), q(0)), "M2": (q(80, ub=True), q(6)), "M4": (q(60, lb=True), None)}, q(140, approx=True), 2)
        self.surfaces("as known then", at("06-10 12:30"), at("06-10 12:30"), {
            "M1": (q(200, lb=True), q(8)), "M2": (q(120), q(6))}, q(320, lb=True), 2)
        subprocess.run([INCIDENTS, "scheduler", "--once", "--as-of", due(DAYS[0]).isoformat()], check=True,
                       capture_output=True)
        self.update("M4u2", "M4", "06-11 09:00", "06-10 23:00", households_out=10)      # late: after the cut-off
        day = next(x for x in self.s.get(f"/events/{self.ev}/briefs")["days"] if x["day"] == DAYS[0].isoformat())
        bid = day["briefs"][-1]["id"]
        t = bounds(DAYS[0])[1] - LAST
        c = self.s.get(f"/briefs/{bid}/json")["content"]
        self.s.brief_vs_timeline(f"{self.code} brief 06-10 rev1", self.ev, c, t, due(DAYS[0]))
        self.s.bad(f"{self.code} brief 06-10 rev1", "households_out by hand", q(140, approx=True),
                   bq(c["power"]["households_out"]))
        job = self.api.call("POST", f"/briefs/{bid}/recompile", {}, want=(202,))
        subprocess.run([INCIDENTS, "scheduler", "--once"], check=True, capture_output=True)
        done = self.s.get(job.headers["Location"])
        c = self.s.get(f"/briefs/{self.s.get(done['brief_url'])['id']}/json")["content"]
        k = self.now()
        self.s.brief_vs_timeline(f"{self.code} brief 06-10 rev2", self.ev, c, t, k)
        self.s.bad(f"{self.code} brief 06-10 rev2", "households_out by hand", q(90, ub=True),
                   bq(c["power"]["households_out"]))
        self.surfaces("after the late report", t, k, {
            "M1": (q(0), q(0)), "M2": (q(80, ub=True), q(6)), "M4": (q(10), None)}, q(90, ub=True), 2)
        self.s.bad(self.code, "event page 未恢复停电处数", 2,
                   headline(self.s.web.get(self.s.base + f"/events/{self.ev}").text))


class EventC(Small):
    """Out again with households only, a stale partial superseded, a move, a send-back, a vague start, a close."""

    code = "surv-c"

    def run(self) -> None:
        self.outage("N1", "甲一社区", "06-10 08:05", "06-10 08:00", 100, 5)
        self.outage("N6", "乙一社区", "06-10 08:10", "06-10 07:00", 80)
        self.outage("N2", "乙一社区", "06-10 09:05", "06-10 09:00", 200, 10)
        self.update("N1u1", "N1", "06-10 10:05", "06-10 10:00", fully_restored=True)
        self.outage("N3", "丙村", "06-10 10:05", "06-10 10:00", 60)
        self.outage("N4", "乙二社区", "06-10 11:05", "06-10 11:00", 30)
        self.update("N1u2", "N1", "06-10 12:05", "06-10 12:00", households_out=40)     # out again, households only
        self.update("N2p", "N2", "06-10 15:05", "06-10 15:00", households_restored=150)  # a stale reading...
        self.update("N2f", "N2", "06-10 16:00", "06-10 14:00", fully_restored=True)    # ...superseded, sent later
        self.outage("N5", "甲二社区", "06-10 16:10", "2024-06-10 下午", 25)
        self.update("N5u1", "N5", "06-10 16:20", "06-10 14:00", fully_restored=True)   # back at 14:00, begun 下午
        self.update("N3u1", "N3", "06-10 15:05", "06-10 15:00", households_restored=20)
        self.patch("N3", {"area_id": self.s.places["丁村"]})                          # moved to 丁镇, its update too
        self.api.call("POST", f"/reports/{self.ids['N4']}/return", {"reason": "地点有误"})
        self.patch("N6", {"started_at": iso(at("06-10 08:00"))})                     # its start corrected
        k = self.now()
        self.surfaces("", at("06-10 07:30"), k, {}, q(0), 0)
        self.surfaces("", at("06-10 11:30"), k, {
            "N1": (q(0), q(0)), "N2": (q(200), q(10)), "N3": (q(60), None), "N6": (q(80), None)}, q(340), 3)
        self.surfaces("", at("06-10 13:00"), k, {
            "N1": (q(40), None), "N2": (q(200), q(10)), "N3": (q(60), None), "N6": (q(80), None)}, q(380), 4)
        self.surfaces("", at("06-10 15:30"), k, {
            "N1": (q(40), None), "N2": (q(0), q(0)), "N3": (q(40), None), "N5": (q(0), q(0)), "N6": (q(80), None)},
            q(160), 3)
        self.surfaces("before the full restoration arrived", at("06-10 15:30"), at("06-10 15:30"), {
            "N1": (q(40), None), "N2": (q(50), q(10)), "N3": (q(40), None), "N6": (q(80), None)}, q(210), 4)
        outs = {o["outage_id"]: o for o in self.s.get(f"/events/{self.ev}/outages", {
            "as_of": at("06-10 23:00").isoformat(), "known_at": k.isoformat()})["outages"]}
        n2, n3, n5 = (outs[self.ids[x]] for x in ("N2", "N3", "N5"))
        self.s.bad(self.code, "N2 restored at 14:00", at("06-10 14:00"), parse(n2["restored_at"]))
        self.s.bad(self.code, "N5 restored at its start", n5["started_at"], n5["restored_at"])
        self.s.bad(self.code, "N3 in 丁镇", "丁镇", n3["subdistrict_name"])
        for key in ("N1", "N2", "N3", "N5", "N6"):
            stored = self.s.get(f"/reports/{self.ids[key]}").get("restored_at")
            now = self.s.get(f"/events/{self.ev}/outages", {"known_at": k.isoformat()})["outages"]
            live = next(o for o in now if o["outage_id"] == self.ids[key])["restored_at"]
            self.s.bad(self.code, f"{key} stored restored_at vs the timeline's",
                       live and parse(live), stored and parse(stored))
        self.api.call("POST", f"/events/{self.ev}/close", {"ends_at": "2024-06-10T11:00+08:00"})
        tl = self.s.get(f"/events/{self.ev}/timeline")
        html = self.s.web.get(self.s.base + f"/events/{self.ev}").text
        self.s.bad(f"{self.code} closed at 11:00", "timeline open by hand (N2, N3, N6)", 3, tl["stats"]["open"])
        self.s.bad(f"{self.code} closed at 11:00", "event page 未恢复停电处数", tl["stats"]["open"], headline(html))
        self.s.bad(f"{self.code} closed at 11:00", "event page 分街道 open",
                   {g["subdistrict_name"]: g["open"] for g in tl["groups"]},
                   {n: o for n, (_c, o) in page_rows(html).items()
                    if n in {g["subdistrict_name"] for g in tl["groups"]}})
        self.s.bad(f"{self.code} closed at 11:00", "events download 未恢复停电", str(tl["stats"]["open"]),
                   self.s.download_open(self.code))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--base", default="http://127.0.0.1:51100")
    ap.add_argument("--token", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    a = ap.parse_args()
    sys.exit(Surveyor(a.base, a.token, a.user, a.password).run())
