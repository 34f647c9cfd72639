"""Areas: district → subdistrict/town → community/village → site."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.db import Base, UTCDateTime, intpk, now_utc, str_enum

# What separates the parts of a typed place path (文峰区/北大街街道, 文峰区 > 北大街街道): never inside a name,
# or the place could not be named by its path (an import's, the area list's download).
PATH_SEPARATORS = ("/", "／", "＞", ">", "›", "\\")


class AreaLevel(enum.StrEnum):
    """Level of an area in the administrative tree."""

    DISTRICT = "district"
    SUBDISTRICT = "subdistrict"
    COMMUNITY = "community"
    SITE = "site"


LEVEL_ORDER = [AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.COMMUNITY, AreaLevel.SITE]


class LocationState(enum.StrEnum):
    """Where an area's coordinates came from, or why it has none (see areas/placing.py)."""

    ENTERED = "entered"  # typed, pasted or imported by a person
    GEOCODED = "geocoded"  # found by the geocoder (the gazetteer or a service); see location_source
    PENDING = "pending"  # saved without coordinates; the geocoder has not answered yet
    NOT_FOUND = "not_found"  # the geocoder knows no such place: someone must enter the coordinates


class Area(Base):
    """A place reports attach to, at any level of the tree."""

    __tablename__ = "areas"
    __table_args__ = (
        sa.UniqueConstraint("parent_id", "name"),
        # The siblings' rule (areas/services._sibling_problems) kept by the database too: two requests at once
        # (PostgreSQL reads before either writes) cannot both store a twin. A NULL key (a pair stored before the
        # rule, kept by the migration) is no one's twin; a NULL parent is the top, indexed on its own.
        sa.Index("uq_areas_twin_key", "parent_id", "twin_key", unique=True),
        sa.Index("uq_areas_twin_key_top", "twin_key", unique=True, sqlite_where=sa.text("parent_id IS NULL"),
                 postgresql_where=sa.text("parent_id IS NULL")),
        sa.Index("uq_areas_twin_key_en", "parent_id", "twin_key_en", unique=True),
        sa.Index("uq_areas_twin_key_en_top", "twin_key_en", unique=True, sqlite_where=sa.text("parent_id IS NULL"),
                 postgresql_where=sa.text("parent_id IS NULL")),
        sa.CheckConstraint("households IS NULL OR households >= 0", "households_non_negative"),
        sa.CheckConstraint("buildings IS NULL OR buildings >= 0", "buildings_non_negative"),
        sa.CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", "latitude_range"),
        sa.CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", "longitude_range"),
    )

    id: Mapped[intpk]
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("areas.id", ondelete="RESTRICT"), index=True)
    level: Mapped[AreaLevel] = mapped_column(str_enum(AreaLevel, "area_level"))
    name: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str | None] = mapped_column(sa.String(200))
    code: Mapped[str | None] = mapped_column(sa.String(32), unique=True, comment="administrative code")
    latitude: Mapped[float | None] = mapped_column(sa.Float, comment="WGS-84 degrees")
    longitude: Mapped[float | None] = mapped_column(sa.Float, comment="WGS-84 degrees")
    location_state: Mapped[LocationState | None] = mapped_column(
        str_enum(LocationState, "location_state"), index=True,
        comment="entered, geocoded, pending (waiting for the geocoder) or not_found")
    location_source: Mapped[str | None] = mapped_column(sa.String(300), comment="where a geocoded point comes from")
    location_approximate: Mapped[bool] = mapped_column(default=False, server_default=sa.false(),
                                                       comment="the point stands for an area or is an estimate")
    location_precision_m: Mapped[int | None] = mapped_column(comment="how far off an approximate point may be")
    # Retry bookkeeping, written with Core UPDATEs that leave `version` alone: a failed try is not an edit.
    location_tries: Mapped[int] = mapped_column(default=0, server_default="0")
    location_error: Mapped[str | None] = mapped_column(sa.String(300), comment="the geocoder's last failure")
    location_tried_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    households: Mapped[int | None] = mapped_column(comment="households (户)")
    buildings: Mapped[int | None] = mapped_column(comment="buildings (栋)")
    search_key: Mapped[str] = mapped_column(
        sa.String(400), default="", server_default="",
        comment="name, pinyin and pinyin initials, lower case, for the area picker",
    )
    twin_key: Mapped[str | None] = mapped_column(
        sa.String(64), comment="SHA-256 of the name as the lookalike rule reads it: one per parent")
    twin_key_en: Mapped[str | None] = mapped_column(
        sa.String(64), comment="SHA-256 of the English name as the lookalike rule reads it: one per parent")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    parent: Mapped[Area | None] = relationship(remote_side="Area.id", back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent", order_by="Area.name")

    __mapper_args__ = {"version_id_col": version}


class GeocodeCache(Base):
    """A geocoding service's answer for one query, kept so the same name is never asked twice.

    The point is WGS-84 already; `crs` records what the service returned before conversion.
    `found` False caches "no such place" too. Failures (timeouts) are never cached.
    """

    __tablename__ = "geocode_cache"
    __table_args__ = (sa.UniqueConstraint("service", "query"),)

    id: Mapped[intpk]
    service: Mapped[str] = mapped_column(sa.String(40))
    query: Mapped[str] = mapped_column(sa.String(600))
    found: Mapped[bool]
    latitude: Mapped[float | None] = mapped_column(sa.Float, comment="WGS-84 degrees")
    longitude: Mapped[float | None] = mapped_column(sa.Float, comment="WGS-84 degrees")
    crs: Mapped[str] = mapped_column(sa.String(16), comment="the datum the service answered in: wgs84, gcj02, bd09")
    source: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
