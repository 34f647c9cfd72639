"""Areas: district → subdistrict/town → community/village → site."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.db import Base, UTCDateTime, intpk, now_utc, str_enum


class AreaLevel(enum.StrEnum):
    """Level of an area in the administrative tree."""

    DISTRICT = "district"
    SUBDISTRICT = "subdistrict"
    COMMUNITY = "community"
    SITE = "site"


LEVEL_ORDER = [AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.COMMUNITY, AreaLevel.SITE]


class Area(Base):
    """A place reports attach to, at any level of the tree."""

    __tablename__ = "areas"
    __table_args__ = (
        sa.UniqueConstraint("parent_id", "name"),
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
    households: Mapped[int | None] = mapped_column(comment="households (户)")
    buildings: Mapped[int | None] = mapped_column(comment="buildings (栋)")
    search_key: Mapped[str] = mapped_column(
        sa.String(400), default="", server_default="",
        comment="name, pinyin and pinyin initials, lower case, for the area picker",
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    parent: Mapped[Area | None] = relationship(remote_side="Area.id", back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent", order_by="Area.name")

    __mapper_args__ = {"version_id_col": version}
