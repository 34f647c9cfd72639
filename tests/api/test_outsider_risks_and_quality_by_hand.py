"""Three days of three subdistricts sent through the API with tokens alone (a coordinator, and reporters scoped to
their subdistricts), and each brief's 三、待办与风险 and 五、数据质量 (its JSON, its text and its page) held against
figures worked out here from the scenario table below, read off docs/briefs.md and docs/domain.md (nothing of the
product's reckoning called): reports unverified and verified, one sent back (退回) and corrected, one retracted after
the brief that counted it, updates seen before a cut-off and sent after it (late, and the revisions that show
them), a subdistrict silent (未报送), one with a zero report (零报告) and one that reported, and open outages with an
estimated restoration time (ETR) stated, changed by an update, kept by one that gives none, overdue, never given (未报),
and lost by a full restoration before power went off again; two of them in one community, read as one item.

The product has no notion of a risk or a forecast beyond the open outages and the sites still pumping (docs/briefs.md,
三、待办与风险): an activity entry is a line of 四、工作动态 and nothing else, so none is sent as one here.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from typing import Any

from tests.api.conftest import TokenClient, compiled_with_content, created

# ---- The scenario. Times are local (Asia/Shanghai) in July 2021, written "day HH:MM"; a brief of day d is due at
# d+1 08:00. "now" is a report a scoped reporter sends today, stamped by the server's clock (after every cut-off).
SUBDISTRICTS = ("甲街道", "乙街道", "丙街道")  # created in this order, no codes: the reference order
SITES = {"甲一小区": "甲街道", "甲二小区": "甲街道", "乙一小区": "乙街道", "丙一小区": "丙街道"}
COMMUNITIES = {"甲一小区": "甲东社区", "甲二小区": "甲东社区"}  # 甲东社区 lies in 甲街道; the other sites in none
# report: (kind, place, observed, reported, fields). An outage's observed time is its start.
REPORTS: dict[str, tuple[str, str, str, str, dict[str, Any]]] = {
    "O1": ("outage", "甲一小区", "1 09:00", "1 09:05", {"households_affected": 300, "etr_at": "2021-07-01 18:00"}),
    "A1": ("activity", "甲街道", "1 10:00", "1 10:05", {"title": "甲街道召开防汛会商会"}),
    "A3": ("activity", "丙一小区", "1 15:00", "1 15:05", {"title": "丙一小区转移群众"}),  # retracted after brief 1
    "O2": ("outage", "乙一小区", "1 20:00", "1 20:10", {"households_affected": 100}),  # no ETR, ever
    "u2a": ("outage_update", "O2", "1 23:00", "2 09:00", {"households_restored": 40}),  # late for 1 July
    "u1a": ("outage_update", "O1", "2 10:00", "2 10:05", {"households_restored": 100,
                                                          "etr_at": "2021-07-03 12:00"}),  # the ETR changed
    "u1c": ("outage_update", "O1", "2 16:00", "2 16:05", {"households_restored": 150}),  # keeps its ETR
    "A2": ("activity", "乙街道", "2 11:00", "2 11:05", {"title": "乙街道巡查河道"}),  # sent back, corrected later
    "O3": ("outage", "甲二小区", "2 14:00", "2 14:05", {"households_affected": 50, "etr_at": "2021-07-02 20:00"}),
    "Z3": ("zero_report", "丙街道", "2 18:00", "2 18:00", {"period_day": "2021-07-02"}),
    "u2b": ("outage_update", "O2", "2 22:00", "3 08:30", {"households_out": 50}),  # late for 2 July
    "u3a": ("outage_update", "O3", "3 09:00", "3 09:05", {"fully_restored": True}),
    "u1b": ("outage_update", "O1", "3 11:00", "3 11:05", {"fully_restored": True}),
    "u1d": ("outage_update", "O1", "3 15:00", "3 15:05", {"households_out": 30}),  # out again: no ETR now
    "A4": ("activity", "丙一小区", "3 16:00", "now", {"title": "丙一小区排查隐患"}),  # 丙's reporter, after the brief
}
VERIFIED = {"O1", "A1", "u1a", "u1b"}  # by the coordinator as each arrives; the rest stay submitted (unverified)
RETURNED = "A2"  # sent back before the brief of 2 July, corrected (resubmitted) after it
RETRACTED = "A3"  # after the brief of 1 July
NOW = datetime(2100, 1, 1)  # later than any cut-off of 2021


def at(text: str) -> datetime:
    """'1 14:00' → 1 July 2021 14:00 (local); 'now' → after every cut-off."""
    if text == "now":
        return NOW
    day, clock = text.split()
    return datetime.fromisoformat(f"2021-07-{int(day):02d} {clock}")


def cutoff(day: int) -> datetime:
    """The first brief of `day` is due at 08:00 the next day: what is known then."""
    return datetime(2021, 7, day + 1, 8, 0)


def in_day(t: datetime, day: int) -> bool:
    """Whether t lies in the local day [00:00, 24:00) of July `day`."""
    return datetime(2021, 7, day) <= t < datetime(2021, 7, day + 1)


def subdistrict(name: str) -> str:
    """The subdistrict a report lies in (an update by its outage's place)."""
    kind, place, *_ = REPORTS[name]
    if kind == "outage_update":
        return subdistrict(place)
    return SITES.get(place, place)


# ---- 五、数据质量 by hand (docs/briefs.md: "Data quality", "The zero-report board", "Late reports").
def counted(known: datetime, retracted: bool, returned: bool) -> list[str]:
    """The reports with data known at `known` that count: not retracted (when `retracted`), not sent back (when
    `returned`, the state at that compile), no zero report (they add to no figure)."""
    return [n for n, r in REPORTS.items() if r[0] != "zero_report" and at(r[3]) <= known
            and not (retracted and n == RETRACTED) and not (returned and n == RETURNED)]


def used(day: int, known: datetime, retracted: bool, returned: bool) -> list[str]:
    """quality.reports_used: counted reports observed in the day or stamped in it."""
    return [n for n in counted(known, retracted, returned)
            if in_day(at(REPORTS[n][2]), day) or in_day(at(REPORTS[n][3]), day)]


def board(day: int, known: datetime, retracted: bool, returned: bool) -> tuple[list[str], list[str]]:
    """(零报告, 未报送): subdistricts with a zero report for the day and no data; those with neither."""
    data = {subdistrict(n) for n in used(day, known, retracted, returned)}
    zero = {r[1] for r in REPORTS.values() if r[0] == "zero_report" and r[4]["period_day"] == f"2021-07-0{day}"
            and at(r[3]) <= known}
    return ([s for s in SUBDISTRICTS if s in zero - data],
            [s for s in SUBDISTRICTS if s not in data | zero])


def late(day: int, known: datetime) -> list[tuple[str, str]]:
    """Reports stamped after the day before's first cut-off and by `known`, observed before this day: (name, day)."""
    return [(n, f"2021-07-0{day - 1}") for n, r in REPORTS.items()
            if cutoff(day - 1) < at(r[3]) <= known and at(r[2]) < datetime(2021, 7, day)]


def late_words(day: int, known: datetime, revised: frozenset[int]) -> str:
    """五、数据质量's late reports: 迟报1份（…）：乙一小区停电进展（属7月1日，第1期），7月2日 09:00获知, and
    （已在第1期第2版中体现） where a second revision of the day missed came before this brief; else 迟报：无."""
    listed = late(day, known)
    if not listed:
        return "迟报：无"
    items, shown = [], all(int(missed[-2:]) in revised for _n, missed in listed)
    for n, missed in listed:
        kind, parent, _o, reported, _f = REPORTS[n]
        missed_day = int(missed[-2:])
        items.append(f"{REPORTS[parent][1]}停电进展（属7月{missed_day}日，第{missed_day}期），{local_words(at(reported))}获知"
                     + (f"（已在第{missed_day}期第2版中体现）" if missed_day in revised else ""))
    return f"迟报{len(listed)}份（所属日期的日报编发后" + ("收到" if shown else "获知") + "）：" + "；".join(items)


def added_since(day: int, known: datetime) -> int:
    """A revision's reports received after the first one's cut-off that bear on the day: data up to its end."""
    return sum(cutoff(day) < at(r[3]) <= known and at(r[2]) < datetime(2021, 7, day + 1) for r in REPORTS.values())


def revision_words(day: int, known: datetime, changed: tuple[int, int]) -> str:
    """A second revision's note: 本版替代第1版（数据截至…），新纳入此后获知的报告1份，撤回1份 (a 0 left out)."""
    since = f"2021年{local_words(cutoff(day))}"
    return (f"本版替代第1版（数据截至{since}），新纳入此后获知的报告{added_since(day, known)}份"
            + "".join(f"，{what}{n}份" for what, n in zip(("更正", "撤回"), changed, strict=True) if n))


# ---- 三、待办与风险 by hand (docs/briefs.md, 5; docs/domain.md, "Outages"): each open outage at the day's end, since
# its start or its going out again, with the ETR its latest update giving one (or itself) gave; a full restoration
# keeps the ETR it was given, so out again it has none (未报, never overdue) until a new one is given.
def outage_state(outage: str, day: int, known: datetime) -> tuple[int, datetime, str | None]:
    """(households out at the day's end, out since, its ETR as 'YYYY-MM-DD HH:MM' or None)."""
    end = datetime(2021, 7, day + 1)
    _k, _p, started, _r, fields = REPORTS[outage]
    out, since, etr = fields["households_affected"], at(started), fields.get("etr_at")
    for _n, (kind, parent, observed, reported, news) in sorted(REPORTS.items(), key=lambda kv: at(kv[1][2])):
        if kind == "outage_update" and parent == outage and at(observed) < end and at(reported) <= known:
            if news.get("fully_restored"):
                out, etr = 0, None
                continue
            if not out:  # out again after all were back: out since then
                since = at(observed)
            out = news.get("households_out", fields["households_affected"] - news.get("households_restored", 0))
            etr = news.get("etr_at", etr)
    return out, since, etr


def open_items(day: int, known: datetime) -> list[dict[str, Any]]:
    """Each outage begun by the day's end and still out then, out longest first: its place, households out, since
    when (and whether out again), hours out at 24:00, ETR and whether it had passed by then."""
    end = datetime(2021, 7, day + 1)
    items = []
    for n, (kind, place, started, reported, _f) in REPORTS.items():
        if kind == "outage" and at(started) < end and at(reported) <= known:
            out, since, etr = outage_state(n, day, known)
            if out:
                items.append({"place": place, "out": out, "since": since, "again": since != at(started),
                              "hours": int((end - since).total_seconds() // 3600), "etr": etr,
                              "overdue": etr is not None and datetime.fromisoformat(etr) < end})
    return sorted(items, key=lambda i: i["since"])


def grouped(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The open outages by place (a site's community, else the site), in the order of each place's first."""
    places: dict[str, list[dict[str, Any]]] = {}
    for i in items:
        places.setdefault(COMMUNITIES.get(i["place"], i["place"]), []).append(i)
    return places


def local_words(t: datetime) -> str:
    """7月3日 12:00, as the brief writes a local time."""
    return f"{t.month}月{t.day}日 {t:%H:%M}"


def item_words(place: str, items: list[dict[str, Any]]) -> str:
    """A place's item of 三、待办与风险: one outage's own (甲一小区（甲街道）：自7月1日 09:00起停电，已15小时，
    预计恢复时间7月1日 18:00（已超过预计恢复时间）), several read as one (甲东社区（甲街道）：仍停电2处，共200户，…)."""
    if len(items) == 1:
        i = items[0]
        since = local_words(i["since"])
        since = f"恢复供电后于{since}再次停电" if i["again"] else f"自{since}起停电"
        etr = "未报" if i["etr"] is None else local_words(datetime.fromisoformat(i["etr"]))
        return (f"{i['place']}（{SITES[i['place']]}）：{since}，已{i['hours']}小时，预计恢复时间{etr}"
                + ("（已超过预计恢复时间）" if i["overdue"] else ""))
    sub = SITES[items[0]["place"]]
    words = (f"{place}（{sub}）：仍停电{len(items)}处，共{sum(i['out'] for i in items)}户，"
             f"最早自{local_words(min(i['since'] for i in items))}起停电")
    ahead = [datetime.fromisoformat(i["etr"]) for i in items if i["etr"] and not i["overdue"]]
    none = sum(i["etr"] is None for i in items)
    if ahead:
        words += f"；最早预计恢复时间{local_words(min(ahead))}" + (f"（另有{none}处未报预计恢复时间）" if none else "")
    elif none:
        words += f"；{none}处未报预计恢复时间"
    overdue = [i for i in items if i["overdue"]]
    if overdue:
        words += f"；已超时{len(overdue)}处：" + "、".join(
            f"{i['place']}（预计{local_words(datetime.fromisoformat(i['etr']))}）" for i in overdue)
    return words


def utc(local: str | None) -> str | None:
    """'2021-07-03 12:00' (Asia/Shanghai) as the JSON writes it: '2021-07-03T04:00:00Z'."""
    return None if local is None else (datetime.fromisoformat(local) - timedelta(hours=8)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def squash(text: str) -> str:
    """Words without spaces: the page puts spans between figures and units."""
    return re.sub(r"\s+", "", text)


def in_order(words: list[str], text: str) -> bool:
    """Whether each of `words` is in `text`, each after the one before."""
    at_ = 0
    for w in words:
        at_ = text.find(w, at_)
        if at_ < 0:
            return False
        at_ += len(w)
    return True


def page_text(response: Any) -> str:
    """A page's words, tags dropped, spaces squashed."""
    assert response.status_code == 200
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", response.get_data(as_text=True))
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_three_days_of_risks_and_data_quality_by_hand(database, coordinator_api: TokenClient, token_client):
    api = coordinator_api

    def area(name: str, level: str, parent: int | None = None, **size: int) -> int:
        return created(api, "/api/v1/areas", {"name": name, "level": level, "parent_id": parent, **size})

    district = area("演练区", "district")
    places = {name: area(name, "subdistrict", district) for name in SUBDISTRICTS}
    places["甲东社区"] = area("甲东社区", "community", places["甲街道"])
    places |= {name: area(name, "site", places[COMMUNITIES.get(name, sub)], households=1000)
               for name, sub in SITES.items()}
    event = created(api, "/api/v1/events", {"code": "risks-by-hand", "name": "演练暴雨", "kind": "rainstorm",
                                            "starts_at": "2021-07-01 00:00", "brief_time": "08:00",
                                            "area_id": district})
    url, compile_url = f"/api/v1/events/{event}/reports", f"/api/v1/events/{event}/briefs/compile"
    reporters = {sub: token_client(f"reporter-{i}", "reporter", scope=f"演练区/{sub}")
                 for i, sub in enumerate(SUBDISTRICTS)}
    ids: dict[str, int] = {}

    def status(name: str, action: str, reason: str | None = None) -> None:
        done = api.post(f"/api/v1/reports/{ids[name]}/{action}", json={"reason": reason} if reason else {})
        assert done.status_code == 200, done.get_json()

    def send_known_by(moment: datetime) -> None:
        """Each report of the table known by `moment` and not yet sent, in the order reported: the coordinator's
        stated `reported_at`, a scoped reporter's 'now' stamped by the server."""
        for name, (kind, place, observed, reported, fields) in sorted(REPORTS.items(), key=lambda kv: at(kv[1][3])):
            if name in ids or at(reported) > moment:
                continue
            body: dict[str, Any] = {"kind": kind, **fields}
            if kind == "outage_update":
                body |= {"outage_id": ids[place], "observed_at": f"2021-07-0{observed[0]} {observed[2:]}"}
            else:
                time = "started_at" if kind == "outage" else "observed_at"
                body |= {"area_id": places[place]} | ({} if kind == "zero_report" else {
                    time: f"2021-07-0{observed[0]} {observed[2:]}"})
            if reported == "now":
                ids[name] = created(reporters[subdistrict(name)], url, body)
            else:
                ids[name] = created(api, url, {**body, "reported_at": f"2021-07-0{reported[0]} {reported[2:]}"})
            if name in VERIFIED:
                status(name, "verify")

    def check(brief: dict[str, Any], content: dict[str, Any], day: int, known: datetime, retracted: bool,
              returned: bool, revised: frozenset[int] = frozenset(), changed: tuple[int, int] | None = None) -> None:
        """The brief's 三、待办与风险 and 五、数据质量, JSON, text and page, against the table read by hand; `revised`:
        the days with a second revision by then; `changed`: a revision's reports corrected and retracted since its
        first."""
        quality = content["quality"]
        reports = used(day, known, retracted, returned)
        zero, silent = board(day, known, retracted, returned)
        assert (quality["reports_used"], quality["unverified"]) == (
            len(reports), sum(n not in VERIFIED for n in reports)), (day, reports, quality)
        assert ([a["name"] for a in quality["zero_reported"]], [a["name"] for a in quality["silent"]]) == (
            zero, silent), day
        assert sorted((r["report_id"], r["day"], r["shown_in"]) for r in quality["late"]) == sorted(
            (ids[n], d, 2 if int(d[-2:]) in revised else None) for n, d in late(day, known)), day
        if changed is not None:
            assert (quality["previous_revision"], quality["added_since_previous_revision"],
                    quality["corrected_since_previous_revision"], quality["retracted_since_previous_revision"]) == (
                1, added_since(day, known), *changed), day
        sent_back = returned and RETURNED in ids and at(REPORTS[RETURNED][2]) < datetime(2021, 7, day + 1)
        assert [r["report_id"] for r in quality["returned_reports"]] == ([ids[RETURNED]] if sent_back else []), day
        items = open_items(day, known)
        assert [(o["area"], o["started"]["at"] if not o["out_again"]["at"] else o["out_again"]["at"], o["hours_out"],
                 o["etr"]["at"], o["overdue"]) for o in content["power"]["open"]] == [
            (i["place"], utc(f"{i['since']:%Y-%m-%d %H:%M}"), i["hours"], utc(i["etr"]), i["overdue"])
            for i in items], day
        places_out = grouped(items)
        assert [(g["area"], len(g["outage_ids"]), g["households_out"]["value"], g["no_etr"], g["overdue_total"])
                for g in content["power"]["open_groups"]] == [
            (place, len(out), sum(i["out"] for i in out), sum(i["etr"] is None for i in out),
             sum(i["overdue"] for i in out)) for place, out in places_out.items()], day
        words = [squash(w) for w in (
            *(item_words(place, out) for place, out in places_out.items()),
            f"本期采用报告{len(reports)}份，其中未核实{sum(n not in VERIFIED for n in reports)}份",
            late_words(day, known, revised),
            *([f"零报告（本时段无情况）：{'、'.join(zero)}"] if zero else []),
            f"未报送（零报告制度：本时段既无报告也无零报告）：{'、'.join(silent)}" if silent else
            "各街道（镇）本时段均有报告",
            *([] if changed is None else [revision_words(day, known, changed)]))]
        text = squash(api.get(brief["formats"]["txt"]).get_data(as_text=True))
        page = page_text(api.page(f"/briefs/{brief['id']}"))
        for said in (text, page):  # each in the order above: 三's items, then 五's lines
            assert in_order(words, said), (day, words, said)

    # ---- 1 July, compiled at its cut-off: 丙's activity still counts (retracted only after this brief).
    send_known_by(cutoff(1))
    brief1, day1 = compiled_with_content(api, database, compile_url, {"day": "2021-07-01"})
    check(brief1, day1, 1, cutoff(1), retracted=False, returned=False)
    status(RETRACTED, "retract", "重复报送")

    # ---- 2 July: 乙's activity sent back before the brief; 丙 says it has nothing (零报告).
    send_known_by(cutoff(2))
    status(RETURNED, "return", "地点有误，请核实")
    brief2, day2 = compiled_with_content(api, database, compile_url, {"day": "2021-07-02"})
    check(brief2, day2, 2, cutoff(2), retracted=True, returned=True)
    etag = api.get(f"/api/v1/reports/{ids[RETURNED]}").headers["ETag"]
    fixed = api.patch(f"/api/v1/reports/{ids[RETURNED]}", json={"area_id": places["乙一小区"]},
                      headers={"If-Match": etag})
    assert fixed.status_code == 200 and fixed.json["status"] == "submitted", fixed.get_json()

    # ---- 3 July: 甲二小区 back; 甲一小区 back, then out again with no ETR; 乙's still out (no ETR ever); 丙 silent at
    # the cut-off (乙's late update, sent that day, counts for it).
    send_known_by(cutoff(3))
    brief3, day3 = compiled_with_content(api, database, compile_url, {"day": "2021-07-03"})
    check(brief3, day3, 3, cutoff(3), retracted=True, returned=False)
    # 丙's reporter sends its report of 3 July after that brief; 甲's cannot write in 乙.
    send_known_by(NOW)
    refused = reporters["甲街道"].post(url, json={"kind": "activity", "area_id": places["乙一小区"], "title": "越权",
                                                 "observed_at": "2021-07-03 17:00"})
    assert refused.status_code == 403 and list(refused.json["errors"]) == ["area_id"], refused.get_json()

    # ---- Second revisions now (cut off now: every report as it stands), each day's after the day before's.
    # 1 July: u2a taken in, A3 retracted since; 丙 now silent that day.
    again1, rev1 = compiled_with_content(api, database, f"/api/v1/briefs/{brief1['id']}/recompile")
    check(again1, rev1, 1, NOW, retracted=True, returned=False, changed=(0, 1))
    # 2 July: u2b taken in, A2 corrected (resubmitted) since, so counted again; u2a, late for 1 July, shown there.
    again2, rev2 = compiled_with_content(api, database, f"/api/v1/briefs/{brief2['id']}/recompile")
    check(again2, rev2, 2, NOW, retracted=True, returned=False, revised=frozenset({1}), changed=(1, 0))
    # 3 July: 丙's report of the day taken in; u2b, late for 2 July, shown in that day's second revision.
    again3, rev3 = compiled_with_content(api, database, f"/api/v1/briefs/{brief3['id']}/recompile")
    check(again3, rev3, 3, NOW, retracted=True, returned=False, revised=frozenset({1, 2}), changed=(0, 0))
