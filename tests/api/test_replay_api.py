"""Issue 13's proof: a past event replayed through the API alone makes the briefs it made live.

Live: `incidents load-demo` learns the July 2021 reports in the order the office learned them and
compiles each brief at its due time, with the controlled clock of the replay (incidents.replay).
Through the API: in a fresh database (the same areas and events), a coordinator's token posts
every report with its real `reported_at`, then the scheduler's catch-up (`incidents scheduler
--once`) compiles every missing brief at once, days later. A correction (a pumping's end, learned
after its report) is sent when it came, the scheduler first catching up to that moment: a brief
counts a report as it stands when compiled. Every brief's JSON must be the same
field for field; only ids (compared as the reports, places and events they name) and the
compile time differ.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from incidents import demo
from incidents.models import Area, Brief, Event, IdempotencyKey
from incidents.vague import parse_local
from tests.conftest import empty_tables

# Keys naming a report in a brief's JSON, and those naming a place or an event.
REPORT_KEYS = ("report_id", "outage_id", "operation_id")
NOT_COMPARED = ("compiled_at",)  # when the compile ran: at the due time live, days later in the catch-up


def normalised(value: Any, reports: dict[int, str], areas: dict[int, str], events: dict[int, str]) -> Any:
    """A brief's JSON with ids as the demo keys, area names and event codes they stand for."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in NOT_COMPARED:
                continue
            if key in REPORT_KEYS and item is not None:
                item = reports[item]
            elif key == "area_id" and item is not None:
                item = areas[item]
            elif key == "event_id":
                item = events[item]
            else:
                item = normalised(item, reports, areas, events)
            out[key] = item
        return out
    if isinstance(value, list):
        return [normalised(v, reports, areas, events) for v in value]
    return value


def briefs_json(database, reports: dict[int, str]) -> dict[tuple[str, str, int], Any]:
    """Every stored brief's JSON, normalised, by (event code, day, revision)."""
    with database.read_session() as s:
        areas = {a.id: a.name for a in s.scalars(sa.select(Area))}
        events = {e.id: e.code for e in s.scalars(sa.select(Event))}
        return {(events[b.event_id], b.day.isoformat(), b.revision): normalised(b.content, reports, areas, events)
                for b in s.scalars(sa.select(Brief).order_by(Brief.id))}


def differences(live: Any, replayed: Any, path: str = "") -> list[str]:
    """Every field path where two JSON values differ."""
    if isinstance(live, dict) and isinstance(replayed, dict):
        found = [f"{path}/{k}: only one side" for k in set(live) ^ set(replayed)]
        for key in live.keys() & replayed.keys():
            found += differences(live[key], replayed[key], f"{path}/{key}")
        return found
    if isinstance(live, list) and isinstance(replayed, list) and len(live) == len(replayed):
        return [d for i, (a, b) in enumerate(zip(live, replayed, strict=True))
                for d in differences(a, b, f"{path}[{i}]")]
    return [] if live == replayed else [f"{path}: {live!r} != {replayed!r}"]


AREA_FIELDS = ("name", "name_en", "level", "code", "households", "buildings")
EVENT_FIELDS = ("code", "name", "name_en", "kind", "timezone", "issuer", "issuer_en", "description")


def post_areas(api, nodes: list[dict[str, Any]], parent_id: int | None, above: str, ids: dict[str, int]) -> None:
    """The demo's area tree, posted parent first; ids by path (文峰区/北大街街道)."""
    for node in nodes or []:
        body = {name: node[name] for name in AREA_FIELDS if name in node}
        body.update(parent_id=parent_id, latitude=node.get("lat"), longitude=node.get("lon"))
        response = api.post("/api/v1/areas", json=body)
        assert response.status_code == 201, response.get_json()
        path = f"{above}/{node['name']}" if above else node["name"]
        ids[path] = response.get_json()["id"]
        post_areas(api, node.get("children") or [], ids[path], path, ids)


def body_for(row: dict[str, Any], session, ids: dict[str, int], source: str | None) -> dict[str, Any]:
    """One demo row as a client sends it: JSON times with their precisions, [count, more-than] counts,
    the parent by the id the API gave it, and `reported_at` as the office's local time."""
    refs = {ref: row[ref] for ref in ("outage", "operation") if ref in row}
    kind, data = demo.report_data(session, {k: v for k, v in row.items() if k not in refs}, source)
    body: dict[str, Any] = {"kind": kind, "reported_at": row["reported"]}
    for name, value in data.items():
        if name == "event_id":
            continue
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, enum.Enum):
            value = value.value
        elif name == "counts":
            value = {code: [n, lb] for code, (n, lb) in value.items()}
        body[name] = value
    for ref, key in refs.items():
        body[f"{ref}_id"] = ids[key]
    return body


def test_briefs_replayed_through_the_api_equal_the_live_replay(app, database, runner, token_client):
    # Live: load-demo, the controlled clock compiling each brief at its due time.
    result = runner.invoke(args=["incidents", "load-demo"])
    assert result.exit_code == 0, result.output
    with database.read_session() as s:
        keys = {k.entity_id: k.key.removeprefix("demo:")
                for k in s.scalars(sa.select(IdempotencyKey).where(IdempotencyKey.key.like("demo:%"),
                                                                  IdempotencyKey.entity == "reports"))}
    live = briefs_json(database, keys)
    assert len(live) == 14

    # A fresh database, and everything through the API: the places, the events, then the reports.
    empty_tables(database.engine)
    with database.transaction() as s:
        demo.load_reference(s)
    api = token_client("replay-coordinator", "coordinator")
    doc = demo.read_yaml(demo.DEMO_FILE)
    areas: dict[str, int] = {}
    post_areas(api, doc["areas"], None, "", areas)
    for row in doc["events"]:
        body = {name: row[name] for name in EVENT_FIELDS if name in row}
        body.update(starts_at=row["starts"], ends_at=row["ends"], area_id=areas[row["area"]])
        response = api.post("/api/v1/events", json=body)
        assert response.status_code == 201, response.get_json()

    # Through the API: every report, in the order the office learned it, with when it learned it.
    ids: dict[str, int] = {}
    with database.read_session() as s:
        # An end learned after its report is sent when it came, as a correction (demo._ends_learned_later).
        rows = demo._ends_learned_later(s, doc["reports"])
        events = {e.code: e for e in s.scalars(sa.select(Event))}
        order = sorted(range(len(rows)), key=lambda n: (demo._reported_at(s, rows[n]), n))
        for n in order:
            row = rows[n]
            if row.get("edit"):
                # A correction counts from when it is sent, in every brief compiled after: the scheduler
                # catches up to that moment first, as it ran live while the correction had not come.
                learned = demo._reported_at(s, row)
                caught = runner.invoke(args=["incidents", "scheduler", "--once", "--as-of", learned.isoformat(),
                                             "--catchup-days", "30"])
                assert caught.exit_code == 0, caught.output
                report = api.get(f"/api/v1/reports/{ids[row['edit']]}").get_json()
                ended, precision = parse_local(row["ended"], events[row["event"]].tz)
                response = api.patch(f"/api/v1/reports/{report['id']}", json={
                    "ended_at": ended.isoformat(), "ended_precision": precision.value, "version": report["version"]})
                assert response.status_code == 200, (row["key"], response.get_json())
                continue
            body = body_for(row, s, ids, doc.get("source"))
            response = api.post(f"/api/v1/events/{events[row['event']].id}/reports", json=body,
                                headers={"Idempotency-Key": f"replay-{row['key']}"})
            assert response.status_code == 201, (row["key"], response.get_json())
            ids[row["key"]] = response.get_json()["id"]
    with database.read_session() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(Brief))
    assert 0 < before < 14  # compiled up to the last correction only

    # The scheduler's catch-up, well after both events: every due and missing brief, oldest first.
    result = runner.invoke(args=["incidents", "scheduler", "--once", "--as-of", "2021-08-05T09:00+08:00",
                                 "--catchup-days", "30"])
    assert result.exit_code == 0, result.output
    assert f"{14 - before} briefs compiled" in result.output
    replayed = briefs_json(database, {v: k for k, v in ids.items()})

    assert sorted(replayed) == sorted(live)
    for brief in sorted(live):
        assert differences(live[brief], replayed[brief]) == [], brief
