"""The events list (the home page) as a Table: each event with its headline figures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from incidents.events.models import Event
from incidents.events.services import headline_figures, list_events
from incidents.reports.parsing import tonnes
from incidents.tables import Column, Table

COLUMNS = [
    Column("id", "编号", "ID"), Column("code", "代码", "Code"), Column("name", "名称", "Name"),
    Column("name_en", "英文名称", "English name"), Column("kind", "类型", "Kind"),
    Column("timezone", "时区", "Time zone"), Column("starts_at", "开始", "Starts"), Column("ends_at", "结束", "Ends"),
    Column("brief_time", "日报编制时间", "Daily brief compiled at"),
    Column("issuer", "日报发布单位", "Brief issued by"),
    Column("reports", "计入的报告", "Counted reports"), Column("open_outages", "未恢复停电", "Open outages"),
    Column("volume_m3", "排水量（m³）", "Volume pumped (m³)"),
    Column("volume_m3_lb", "排水量为下限", "Volume is a lower bound"),
    # 约 on the pages: a period still running counts up to now, so the figure will grow (events/services.py).
    Column("volume_m3_approx", "排水量为约数", "Volume approximate (a period still running)"),
    Column("person_times", "消杀人次", "Person-times"),
    Column("person_times_lb", "人次为下限", "Person-times a lower bound"),
    Column("mass_t", "清运量（吨）", "Debris (t)"), Column("mass_t_lb", "清运量为下限", "Debris a lower bound"),
    Column("mass_t_approx", "清运量为约数", "Debris approximate (a period still running)"),
]
# Stored in kg; the home page and this file give tonnes.
FIGURES = ("reports", "open_outages", "volume_m3", "volume_m3_lb", "volume_m3_approx", "person_times",
           "person_times_lb", "mass_kg", "mass_kg_lb", "mass_kg_approx")


def _local(value: datetime | None, event: Event) -> str | None:
    """An instant in the event's zone with its offset."""
    return value.astimezone(event.tz).isoformat(sep=" ", timespec="seconds") if value else None


def events_table(session: Session, words: Callable[[Any], str], lang: str = "zh") -> Table:
    """Every event, newest first, as the home page lists them, with the same headline figures."""
    events = list_events(session)
    figures = headline_figures(session, [e.id for e in events])
    english = lang == "en"  # the issuing office in the reader's language (a name has both columns already)

    def rows() -> Iterator[list[Any]]:
        """One row per event with its figures."""
        for e in events:
            f = figures.get(e.id, {})
            yield [e.id, e.code, e.name, e.name_en, words(e.kind), e.timezone, _local(e.starts_at, e),
                   _local(e.ends_at, e), e.brief_time.strftime("%H:%M"),
                   e.issuer_en if english and e.issuer_en else e.issuer,
                   *(tonnes(f.get(k)) if k == "mass_kg" else f.get(k) for k in FIGURES)]

    return Table(COLUMNS, rows(), name="events")
