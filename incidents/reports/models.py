"""Field reports: one base row per report, a table per kind (joined inheritance)."""

from __future__ import annotations

import enum
import functools
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.db import Base, UTCDateTime, intpk, lower_bound, now_utc, str_enum
from incidents.vague import Precision


class ReportKind(enum.StrEnum):
    """The kinds of field report."""

    OUTAGE = "outage"
    OUTAGE_UPDATE = "outage_update"
    PUMPING = "pumping"
    PUMPING_VOLUME = "pumping_volume"
    DISINFECTION = "disinfection"
    DEBRIS = "debris"
    ACTIVITY = "activity"
    ZERO_REPORT = "zero_report"


class ReportStatus(enum.StrEnum):
    """Where a report stands in review."""

    SUBMITTED = "submitted"
    VERIFIED = "verified"
    RETURNED = "returned"
    RETRACTED = "retracted"


# Statuses whose reports are listed as live (not retracted).
LIVE = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED, ReportStatus.RETURNED)
# Statuses whose reports count in figures (timelines, briefs, headline figures): a report sent
# back counts like a retracted one until it is resubmitted.
COUNTED = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)


class CategoryKind(enum.StrEnum):
    """What a disinfection count counts: sites of a category or pieces of equipment."""

    SITE = "site"
    EQUIPMENT = "equipment"


def precision_column(name: str, nullable: bool = False) -> Mapped:
    """A precision column beside a time column; its CHECK is named after the column."""
    return mapped_column(str_enum(Precision, name), nullable=nullable)


def count_column(comment: str) -> Mapped:
    """A non-negative count; NULL means not reported (never 0)."""
    return mapped_column(sa.Integer, nullable=True, comment=comment)


class Report(Base):
    """What every report has: event, area, two clocks, reporter, source, status."""

    __tablename__ = "reports"
    # Each kind's table has its own (checks, not indexes): declared wide enough for them all.
    __table_args__: tuple[sa.schema.SchemaItem, ...] = (
        sa.Index("ix_reports_event_kind_observed", "event_id", "kind", "observed_at"),
        sa.Index("ix_reports_event_reported", "event_id", "reported_at"),
    )

    id: Mapped[intpk]
    kind: Mapped[ReportKind] = mapped_column(str_enum(ReportKind, "report_kind"))
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="RESTRICT"))
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("areas.id", ondelete="RESTRICT"), index=True)
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="when it happened (UTC)")
    observed_precision: Mapped[Precision] = precision_column("observed_precision")
    reported_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=now_utc, comment="when the office learned it (UTC)"
    )
    reporter_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    source: Mapped[str | None] = mapped_column(sa.String(400), comment="who or what told us")
    note: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[ReportStatus] = mapped_column(
        str_enum(ReportStatus, "report_status"), default=ReportStatus.SUBMITTED
    )
    status_reason: Mapped[str | None] = mapped_column(sa.String(400))
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, onupdate=now_utc)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    event = relationship("Event")
    area = relationship("Area")
    reporter = relationship("User", foreign_keys=[reporter_id])

    __mapper_args__ = {"polymorphic_on": kind, "version_id_col": version}


class PowerOutage(Report):
    """A power outage at a site or area: what was affected, since when, the promised restoration."""

    __tablename__ = "power_outages"
    __table_args__ = (
        sa.CheckConstraint("households_affected IS NULL OR households_affected >= 0", "households_non_negative"),
        sa.CheckConstraint("buildings_affected IS NULL OR buildings_affected >= 0", "buildings_non_negative"),
        sa.CheckConstraint("restored_at IS NULL OR restored_at >= started_at", "restored_after_start"),
        sa.CheckConstraint("etr_at IS NULL OR etr_precision IS NOT NULL", "etr_has_precision"),
    )

    id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    households_affected: Mapped[int | None] = count_column("households (户) without power")
    households_affected_lb: Mapped[lower_bound]
    buildings_affected: Mapped[int | None] = count_column("buildings (栋) without power")
    buildings_affected_lb: Mapped[lower_bound]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), comment="outage start (UTC)")
    started_precision: Mapped[Precision] = precision_column("started_precision")
    etr_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="first estimated restoration")
    etr_precision: Mapped[Precision | None] = precision_column("etr_precision", nullable=True)
    # Kept by the service when a full restoration is recorded, so the database itself can
    # refuse a restoration before the start; the timeline still derives from the updates.
    restored_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True, comment="full restoration")
    restored_precision: Mapped[Precision | None] = precision_column("restored_precision", nullable=True)

    updates: Mapped[list[OutageUpdate]] = relationship(
        back_populates="outage", foreign_keys="OutageUpdate.outage_id",
        order_by="OutageUpdate.observed_at",
    )

    __mapper_args__ = {"polymorphic_identity": ReportKind.OUTAGE}


class OutageUpdate(Report):
    """A later word on an outage: restored so far, still out, more affected, a new ETR, or full."""

    __tablename__ = "outage_updates"
    __table_args__ = (
        sa.CheckConstraint(
            "households_restored IS NULL OR households_affected IS NULL "
            "OR households_restored <= households_affected", "households_restored_le_affected"),
        sa.CheckConstraint(
            "buildings_restored IS NULL OR buildings_affected IS NULL "
            "OR buildings_restored <= buildings_affected", "buildings_restored_le_affected"),
        sa.CheckConstraint(
            "COALESCE(households_affected, 0) >= 0 AND COALESCE(households_restored, 0) >= 0 "
            "AND COALESCE(households_out, 0) >= 0", "households_non_negative"),
        sa.CheckConstraint(
            "COALESCE(buildings_affected, 0) >= 0 AND COALESCE(buildings_restored, 0) >= 0 "
            "AND COALESCE(buildings_out, 0) >= 0", "buildings_non_negative"),
        sa.CheckConstraint("NOT fully_restored OR (COALESCE(households_out, 0) = 0 AND COALESCE(buildings_out, 0) = 0)",
                           "full_means_none_out"),
    )

    id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    outage_id: Mapped[int] = mapped_column(sa.ForeignKey("power_outages.id", ondelete="RESTRICT"), index=True)
    households_affected: Mapped[int | None] = count_column("new total of households affected (it may grow)")
    households_affected_lb: Mapped[lower_bound]
    buildings_affected: Mapped[int | None] = count_column("new total of buildings affected")
    buildings_affected_lb: Mapped[lower_bound]
    households_restored: Mapped[int | None] = count_column("households restored so far (cumulative)")
    households_restored_lb: Mapped[lower_bound]
    buildings_restored: Mapped[int | None] = count_column("buildings restored so far (cumulative)")
    buildings_restored_lb: Mapped[lower_bound]
    households_out: Mapped[int | None] = count_column("households still out, as the field reports it")
    households_out_lb: Mapped[lower_bound]
    buildings_out: Mapped[int | None] = count_column("buildings still out, as reported")
    buildings_out_lb: Mapped[lower_bound]
    fully_restored: Mapped[bool] = mapped_column(default=False, server_default=sa.false(), comment="fully restored")
    etr_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="new estimated restoration")
    etr_precision: Mapped[Precision | None] = precision_column("etr_precision", nullable=True)

    outage: Mapped[PowerOutage] = relationship(back_populates="updates", foreign_keys=[outage_id])

    __mapper_args__ = {"polymorphic_identity": ReportKind.OUTAGE_UPDATE}


class PumpingOperation(Report):
    """A pumping (drainage) operation: who, with what, from when (observed_at) until when."""

    __tablename__ = "pumping_operations"
    __table_args__ = (
        sa.CheckConstraint("COALESCE(people, 0) >= 0 AND COALESCE(pumps, 0) >= 0 "
                           "AND COALESCE(capacity_m3h, 0) >= 0", "non_negative"),
    )

    id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    team: Mapped[str] = mapped_column(sa.String(200), comment="team or unit pumping")
    team_en: Mapped[str | None] = mapped_column(sa.String(200), comment="the team's English name")
    people: Mapped[int | None] = count_column("people (人)")
    people_lb: Mapped[lower_bound]
    pumps: Mapped[int | None] = count_column("pumps (台)")
    pumps_lb: Mapped[lower_bound]
    capacity_m3h: Mapped[int | None] = count_column("total pump capacity, m³/h")
    capacity_m3h_lb: Mapped[lower_bound]
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True, comment="operation ended (UTC)")
    ended_precision: Mapped[Precision | None] = precision_column("ended_precision", nullable=True)

    volumes: Mapped[list[PumpingVolume]] = relationship(
        back_populates="operation", foreign_keys="PumpingVolume.operation_id",
        order_by="PumpingVolume.period_start",
    )

    __mapper_args__ = {"polymorphic_identity": ReportKind.PUMPING}


class PumpingVolume(Report):
    """Volume pumped over an interval; apportioned to days by overlap."""

    __tablename__ = "pumping_volumes"
    __table_args__ = (
        sa.CheckConstraint("volume_m3 >= 0", "volume_non_negative"),
        sa.CheckConstraint("period_end >= period_start", "period_ordered"),
    )

    id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    operation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pumping_operations.id", ondelete="RESTRICT"), index=True
    )
    period_start: Mapped[datetime] = mapped_column(UTCDateTime(), comment="interval start (UTC)")
    period_start_precision: Mapped[Precision] = precision_column("period_start_precision")
    # Indexed: a day's brief finds the intervals reaching into it without reading the history.
    period_end: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, comment="interval end (UTC)")
    period_end_precision: Mapped[Precision] = precision_column("period_end_precision")
    volume_m3: Mapped[int] = mapped_column(sa.BigInteger, comment="m³ pumped over the interval")
    volume_m3_lb: Mapped[lower_bound]

    operation: Mapped[PumpingOperation] = relationship(back_populates="volumes", foreign_keys=[operation_id])

    __mapper_args__ = {"polymorphic_identity": ReportKind.PUMPING_VOLUME}


class Category(Base):
    """Reference data: a site category or equipment type counted by disinfection reports."""

    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    kind: Mapped[CategoryKind] = mapped_column(str_enum(CategoryKind, "category_kind"))
    name_zh: Mapped[str] = mapped_column(sa.String(100))
    name_en: Mapped[str] = mapped_column(sa.String(100))
    unit_zh: Mapped[str] = mapped_column(sa.String(10), comment="counter word, e.g. 条, 个, 座")
    unit_en: Mapped[str] = mapped_column(sa.String(20))
    sort: Mapped[int] = mapped_column(default=0)

    @property
    def units(self) -> tuple[str, ...]:
        """The unit words a typed count of this category may carry ("12条"): its counter words."""
        return tuple(u for u in (self.unit_zh, self.unit_en) if u)


class Disinfection(Report):
    """A disinfection round: person-times and, per category, sites or equipment counted."""

    __tablename__ = "disinfections"
    __table_args__ = (sa.CheckConstraint("COALESCE(person_times, 0) >= 0", "person_times_non_negative"),)

    id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    person_times: Mapped[int | None] = count_column("personnel, person-times (人次)")
    person_times_lb: Mapped[lower_bound]
    # People on duty are not person-times: 700 workers on duty for a week are not 700 rounds.
    staff: Mapped[int | None] = count_column("staff on duty, people (人), not person-times")
    staff_lb: Mapped[lower_bound]
    cumulative: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(),
        comment="counts are totals since the event began (截至目前), not this round's",
    )

    counts: Mapped[list[DisinfectionCount]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="DisinfectionCount.category_code",
    )

    __mapper_args__ = {"polymorphic_identity": ReportKind.DISINFECTION}


class DisinfectionCount(Base):
    """One category's count in a disinfection report."""

    __tablename__ = "disinfection_counts"
    __table_args__ = (sa.CheckConstraint("count >= 0", "count_non_negative"),)

    report_id: Mapped[int] = mapped_column(sa.ForeignKey("disinfections.id", ondelete="CASCADE"), primary_key=True)
    category_code: Mapped[str] = mapped_column(sa.ForeignKey("categories.code", ondelete="RESTRICT"),
                                               primary_key=True)
    count: Mapped[int] = mapped_column(comment="sites or pieces of equipment")
    count_lb: Mapped[lower_bound]

    report: Mapped[Disinfection] = relationship(back_populates="counts")
    category: Mapped[Category] = relationship(lazy="joined")


class DebrisClearance(Report):
    """Debris cleared at a time or over an interval (apportioned to days like pumping)."""

    __tablename__ = "debris_clearances"
    __table_args__ = (
        sa.CheckConstraint("COALESCE(mass_kg, 0) >= 0 AND COALESCE(truckloads, 0) >= 0 "
                           "AND COALESCE(people, 0) >= 0 AND COALESCE(vehicles, 0) >= 0", "non_negative"),
        sa.CheckConstraint("period_end IS NULL OR period_end >= period_start", "period_ordered"),
    )

    id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    period_start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, comment="interval start (UTC)")
    period_start_precision: Mapped[Precision] = precision_column("period_start_precision")
    period_end: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True, comment="interval end (UTC)")
    period_end_precision: Mapped[Precision | None] = precision_column("period_end_precision", nullable=True)
    mass_kg: Mapped[int | None] = mapped_column(sa.BigInteger, comment="mass cleared, kg (shown in tonnes)")
    mass_kg_lb: Mapped[lower_bound]
    truckloads: Mapped[int | None] = count_column("truckloads (车)")
    truckloads_lb: Mapped[lower_bound]
    people: Mapped[int | None] = count_column("people (人)")
    people_lb: Mapped[lower_bound]
    vehicles: Mapped[int | None] = count_column("vehicles (辆)")
    vehicles_lb: Mapped[lower_bound]

    __mapper_args__ = {"polymorphic_identity": ReportKind.DEBRIS}


class ActivityEntry(Report):
    """An activity-log entry: a line for the brief's log of the day."""

    __tablename__ = "activity_entries"

    id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))

    __mapper_args__ = {"polymorphic_identity": ReportKind.ACTIVITY}


class ZeroReport(Report):
    """零报告: a subdistrict or town has nothing to report for one brief period (a day); it adds to no figure."""

    __tablename__ = "zero_reports"

    id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    # The brief day it answers: a report sent at 07:00 before an 08:00 brief answers the day before.
    period_day: Mapped[date] = mapped_column(sa.Date, index=True, comment="the brief's local day it answers")

    __mapper_args__ = {"polymorphic_identity": ReportKind.ZERO_REPORT}


@functools.lru_cache(maxsize=8)
def news_of_counted(model: type[Report] | Any = Report) -> tuple[sa.ColumnElement[bool], ...]:
    """Leave out an outage's update and a pumped volume whose outage or operation does not count (retracted, sent
    back): news counts only while what it is news of does — in the figures (briefs/sql.known) and in the report
    list's `counted` alike. Looked up by id for each report found, so the cost follows the rows, not the history;
    built once a model (its aliases and EXISTS cost milliseconds of Python, briefs/sql._counted)."""
    owner = sa.orm.aliased(Report)  # the operation or outage a report is news of
    conds = []
    for name, model_of, parent in (("withdrawn_volumes", PumpingVolume, "operation_id"),
                                   ("withdrawn_updates", OutageUpdate, "outage_id")):
        child = model_of.__table__.alias(name)
        conds.append(~sa.exists().where(child.c.id == model.id, owner.id == child.c[parent],
                                        owner.status.not_in(COUNTED)))
    return tuple(conds)
