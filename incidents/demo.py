"""Load the demo scenario (data/demo/*.yaml) through the same services the forms use."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import yaml
from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.areas.services import create_area
from incidents.audit.models import IdempotencyKey
from incidents.auth.models import Role, User
from incidents.auth.services import create_user
from incidents.config import CATEGORIES_FILE, ROOT
from incidents.db import now_utc, replayed_at
from incidents.errors import ValidationError
from incidents.events.models import Event
from incidents.events.services import create_event
from incidents.reports.models import Report, ReportKind
from incidents.reports.services import create_report, edit_report, sync_categories
from incidents.vague import parse_local, parse_quantity, precision_field, window

DEMO_FILE = ROOT / "data" / "demo" / "wenfeng-2021-07.yaml"
LOADER_USERNAME = "demo-loader"

TIME_FIELDS = {"observed": "observed_at", "started": "started_at", "etr": "etr_at", "ended": "ended_at",
               "period_start": "period_start", "period_end": "period_end"}
COUNT_FIELDS = ("households_affected", "buildings_affected", "households_restored", "buildings_restored",
                "households_out", "buildings_out", "people", "pumps", "capacity_m3h", "volume_m3",
                "person_times", "staff", "truckloads", "vehicles")
FLAG_FIELDS = ("fully_restored", "cumulative")
TEXT_FIELDS = ("team", "team_en", "title", "note", "source")


class LoadError(ValueError):
    """A bad row: its file, line and reason. Nothing of the load is kept."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line each mapping starts on."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Hashable, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class LoadSummary:
    """What a load added (zero everywhere on a second load)."""

    areas: int = 0
    events: int = 0
    reports: int = 0
    skipped: int = 0
    briefs: int = 0
    keys: list[str] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file keeping line numbers; a syntax error names the line."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise LoadError(path, line, exc.problem or "YAML syntax error") from exc


def loader_user(session: Session) -> User:
    """The account demo and imported reports are attributed to (it cannot log in)."""
    user = session.scalar(sa.select(User).where(User.username == LOADER_USERNAME))
    return user or create_user(session, LOADER_USERNAME, None, Role.REPORTER, display_name="示例数据导入")


def _area_by_path(session: Session, text: str) -> Area | None:
    parent_id = None
    area = None
    for name in text.split("/"):
        area = session.scalar(sa.select(Area).where(Area.name == name, Area.parent_id.is_(parent_id)
                                                    if parent_id is None else Area.parent_id == parent_id))
        if area is None:
            return None
        parent_id = area.id
    return area


def _load_areas(session: Session, nodes: list[dict], parent: Area | None, summary: LoadSummary,
                path: Path) -> None:
    for node in nodes or []:
        line = node.get("__line__", 0)
        name = node.get("name")
        if not name or "level" not in node:
            raise LoadError(path, line, "area needs a name and a level")
        existing = session.scalar(sa.select(Area).where(
            Area.name == name,
            Area.parent_id == parent.id if parent else Area.parent_id.is_(None)))
        area = existing
        if area is None:
            try:
                area = create_area(session, name=name, level=node["level"], parent=parent,
                                   name_en=node.get("name_en"), code=node.get("code"),
                                   latitude=node.get("lat"), longitude=node.get("lon"),
                                   households=node.get("households"), buildings=node.get("buildings"))
            except ValueError as exc:
                raise LoadError(path, line, str(exc)) from exc
            summary.areas += 1
            summary.area_ids.append(area.id)
        _load_areas(session, node.get("children") or [], area, summary, path)


def _place_areas(session: Session, area_ids: list[int]) -> None:
    """The scenario's new areas the offline gazetteer knows get its (approximate) point, through placing.

    The others stay pending: the configured geocoder (the gazetteer again by default, which then
    marks them not found) is asked by the scheduler's job, as for any area saved without coordinates.
    """
    from incidents.areas.placing import apply, pending_ids, within
    from incidents.geo import OfflineGazetteer

    gazetteer = OfflineGazetteer()
    for area_id in pending_ids(session, area_ids, limit=len(area_ids) or 1):
        area = session.get(Area, area_id)
        place = gazetteer.geocode(area.name, within(area)) if area is not None else None
        if area is not None and place is not None:
            apply(session, area, place)


def _load_events(session: Session, rows: list[dict], summary: LoadSummary, path: Path,
                 replay: bool = False) -> dict[str, datetime]:
    """Add the new events; replayed, each is opened at its start and its end returned (code: end) for the
    replay to close it when its clock gets there, as the office would have."""
    later: dict[str, datetime] = {}
    for row in rows or []:
        line = row.get("__line__", 0)
        if session.scalar(sa.select(Event.id).where(Event.code == row.get("code"))) is not None:
            continue
        try:
            tz = ZoneInfo(row.get("timezone", "Asia/Shanghai"))
            starts, _ = parse_local(row["starts"], tz)
            ends = parse_local(row["ends"], tz)[0] if row.get("ends") else None
            area = _area_by_path(session, row["area"]) if row.get("area") else None
            if replay and ends is not None:
                later[row["code"]], ends = ends, None
            with _stamped(starts if replay else None):
                create_event(session, code=row["code"], name=row["name"], name_en=row.get("name_en"),
                             kind=row["kind"], timezone=str(tz), starts_at=starts, ends_at=ends,
                             area_id=area.id if area else None, issuer=row.get("issuer"),
                             issuer_en=row.get("issuer_en"),
                             description=row.get("description"))
        except (KeyError, ValueError) as exc:
            raise LoadError(path, line, f"event: {exc}") from exc
        summary.events += 1
    return later


def _stamped(at: datetime | None) -> AbstractContextManager[None]:
    """A replay's record made at `at` (db.replayed_at); None: at the real time."""
    return replayed_at(at) if at is not None else nullcontext()


def _first_start(rows: list[dict]) -> datetime | None:
    """When the scenario's first event starts (its areas are set up then); None if none says."""
    starts = []
    for row in rows:
        try:
            starts.append(parse_local(row["starts"], ZoneInfo(row.get("timezone", "Asia/Shanghai")))[0])
        except (KeyError, ValueError):
            continue  # _load_events names the row
    return min(starts, default=None)


def report_data(session: Session, row: dict[str, Any], default_source: str | None) -> tuple[str, dict]:
    """Turn one YAML report row into the kind and the field dict the services validate."""
    event = session.scalar(sa.select(Event).where(Event.code == row.get("event")))
    if event is None:
        raise ValueError(f"event: unknown event {row.get('event')!r}")
    area = _area_by_path(session, str(row.get("area", "")))
    if area is None:
        raise ValueError(f"area: unknown area {row.get('area')!r}")
    tz = event.tz
    data: dict[str, Any] = {"event_id": event.id, "area_id": area.id, "source": default_source}
    for yaml_name, name in TIME_FIELDS.items():
        if row.get(yaml_name) is not None:
            data[name], data[precision_field(name)] = parse_local(row[yaml_name], tz)
    for name in COUNT_FIELDS:
        if name in row:
            data[name], data[f"{name}_lb"] = parse_quantity(row[name])
    if "mass_t" in row:
        tonnes, data["mass_kg_lb"] = parse_quantity(row["mass_t"])
        data["mass_kg"] = None if tonnes is None else tonnes * 1000
    for name in FLAG_FIELDS:
        if name in row:
            data[name] = bool(row[name])
    for name in TEXT_FIELDS:
        if name in row:
            data[name] = row[name]
    if "counts" in row:
        data["counts"] = {code: parse_quantity(v) for code, v in row["counts"].items() if code != "__line__"}
    for ref in ("outage", "operation"):
        if ref in row:
            key = session.get(IdempotencyKey, f"demo:{row[ref]}")
            if key is None:
                raise ValueError(f"{ref}: unknown report key {row[ref]!r}")
            data[f"{ref}_id"] = key.entity_id
    return row.get("kind", ""), data


def _reported_at(session: Session, row: dict[str, Any]) -> datetime | None:
    """When the office learned of a row (its `reported`, local to its event); None if not given."""
    event = session.scalar(sa.select(Event).where(Event.code == row.get("event")))
    if event is None or not row.get("reported"):
        return None
    return parse_local(row["reported"], event.tz)[0]


def _ends_learned_later(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row whose `ended` comes after its `reported` becomes two, as the office would have it: the report
    as made, then its end added by an edit when the end was learned (`ended_reported`, else the end itself).

    A report cannot tell what had not happened when it was made (validation refuses it).
    """
    out: list[dict[str, Any]] = []
    for row in rows:
        event = session.scalar(sa.select(Event).where(Event.code == row.get("event"))) \
            if row.get("ended") and row.get("reported") else None
        if event is not None:
            ended, precision = parse_local(row["ended"], event.tz)
            if window(ended, precision, event.tz).earliest > parse_local(row["reported"], event.tz)[0]:
                out.append({k: v for k, v in row.items() if k not in ("ended", "ended_reported")})
                out.append({"__line__": row.get("__line__", 0), "key": f"{row.get('key')}:ended",
                            "edit": row.get("key"), "event": row["event"], "ended": row["ended"],
                            "reported": row.get("ended_reported") or row["ended"]})
                continue
        out.append(row)
    return out


def _add_end(session: Session, row: dict[str, Any], user_id: int) -> Report:
    """Apply an end learned after the report (_ends_learned_later) as an edit of the report."""
    key = session.get(IdempotencyKey, f"demo:{row['edit']}")
    report = session.get(Report, key.entity_id) if key is not None else None
    if report is None:
        raise ValueError(f"edit: unknown report key {row['edit']!r}")
    ended, precision = parse_local(row["ended"], report.event.tz)
    return edit_report(session, report, {"ended_at": ended, "ended_precision": precision}, user_id)


def load_file(session: Session, path: Path = DEMO_FILE,
              progress: Callable[[int, int], None] | None = None, briefs: bool = False) -> LoadSummary:
    """Load one scenario file inside the caller's transaction; a bad row raises LoadError.

    With `briefs`, the file is replayed: reports in the order the office learned them, and each
    brief compiled at its due time once the replay's clock passes it (see incidents.replay).
    """
    doc = read_yaml(path)
    if not isinstance(doc, dict):
        raise LoadError(path, 1, "expected a mapping with areas, events and reports")
    return load_doc(session, doc, path, progress, briefs)


def load_doc(session: Session, doc: dict[str, Any], path: Path,
             progress: Callable[[int, int], None] | None = None, briefs: bool = False) -> LoadSummary:
    """Load a scenario already read (load_file's rows, or ones made up, as the drill's); errors name `path`."""
    from incidents.replay import BriefClock

    summary = LoadSummary()
    events = doc.get("events") or []
    # Replayed, every record is stamped with its time in the scenario (the README: the demo stands as it
    # would had the product run then): areas set up as the first event starts, each report when learned.
    with _stamped(_first_start(events) if briefs else None):
        _load_areas(session, doc.get("areas") or [], None, summary, path)
        _place_areas(session, summary.area_ids)
        ends = _load_events(session, events, summary, path, replay=briefs)
        user = loader_user(session)
    rows = _ends_learned_later(session, doc.get("reports") or [])
    clock = BriefClock(session, [row.get("code") for row in events], ends) if briefs else None
    if clock is not None:
        try:
            known = [(_reported_at(session, row), n) for n, row in enumerate(rows)]
        except ValueError as exc:
            raise LoadError(path, 0, f"reported: {exc}") from exc
        # Rows without a time of their own are learned at the end (stable: file order otherwise).
        rows = [rows[n] for _, n in sorted(known, key=lambda k: (k[0] is None, k[0] or now_utc(), k[1]))]
    for i, row in enumerate(rows, 1):
        line = row.get("__line__", 0)
        key = row.get("key")
        if not key:
            raise LoadError(path, line, "key: required (it makes loading twice change nothing)")
        if session.get(IdempotencyKey, f"demo:{key}") is not None:
            summary.skipped += not row.get("edit")  # reports present; an end added to one is no report
            continue
        # Replayed: the office enters the row when it learns of it (the rows sorted so above).
        try:
            learned = (_reported_at(session, row) or now_utc()) if clock is not None else None
        except ValueError as exc:
            raise LoadError(path, line, f"{key}: reported: {exc}") from exc
        if clock is not None and learned is not None:
            summary.briefs += clock.advance(learned)
        with _stamped(learned):
            try:
                if row.get("edit"):
                    report = _add_end(session, row, user.id)
                    # Its own entity: a key of "reports" names the report it created.
                    session.add(IdempotencyKey(key=f"demo:{key}", user_id=user.id, entity="report_ends",
                                               entity_id=report.id))
                    session.flush()
                    continue
                kind, data = report_data(session, row, doc.get("source"))
                reported_at = None
                if row.get("reported"):
                    event = session.get(Event, data["event_id"])
                    if event is None:  # report_data has just found it by code: only a concurrent delete gets here
                        raise ValueError(f"event: unknown event {row.get('event')!r}")
                    reported_at = parse_local(row["reported"], event.tz)[0]
                if kind not in {k.value for k in ReportKind}:
                    raise ValueError(f"kind: unknown kind {kind!r}")
                report = create_report(session, kind, data, reporter_id=user.id, reported_at=reported_at)
            except ValidationError as exc:
                raise LoadError(path, line, f"{key}: {exc}") from exc
            except (KeyError, ValueError) as exc:
                raise LoadError(path, line, f"{key}: {exc}") from exc
            session.add(IdempotencyKey(key=f"demo:{key}", user_id=user.id, entity="reports",
                                       entity_id=report.id))
            session.flush()
        summary.reports += 1
        summary.keys.append(key)
        if progress:
            progress(i, len(rows))
    if clock is not None and (summary.reports or clock.ends):
        # Only a load that added reports (or events to close) replays on to now: loading again must change
        # nothing, and an event reopened since (no end) would otherwise get a brief for every day up to today
        # (years of them on the 2021 demo); the scheduler catches an open event up, a week at most.
        summary.briefs += clock.advance(now_utc())
    return summary


def load_reference(session: Session) -> int:
    """Load reference lists (disinfection categories); returns how many rows changed."""
    rows = read_yaml(CATEGORIES_FILE)
    return sync_categories(session, [{k: v for k, v in r.items() if k != "__line__"} for r in rows])
