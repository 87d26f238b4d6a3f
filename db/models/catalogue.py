"""The catalogue: units, metrics, indicators and the results computed for them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, enum_column
from kinerja.types import (
    Aggregation,
    IndicatorSource,
    MetricType,
    PeriodKind,
    Polarity,
    SurveyTemplate,
    UnitKind,
)


class OrgUnit(Base):
    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[UnitKind] = mapped_column(enum_column(UnitKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    survey_template: Mapped[SurveyTemplate] = mapped_column(
        enum_column(SurveyTemplate), default=SurveyTemplate.SKM
    )
    skippable_elements: Mapped[str] = mapped_column(String(40), default="")
    """Comma-separated element codes the citizen may skip, e.g. "U9"."""
    ask_importance: Mapped[bool] = mapped_column(Boolean, default=False)
    ask_profile: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id])


class Metric(Base):
    __tablename__ = "metrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit_of_measure: Mapped[str] = mapped_column(String(40))
    unit_of_measure_en: Mapped[str] = mapped_column(String(40))
    type: Mapped[MetricType] = mapped_column(enum_column(MetricType))
    minimum: Mapped[Decimal]
    maximum: Mapped[Decimal]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class UnitMetric(Base):
    """Which metrics the ASN of a unit report; inherited by the units below it."""

    __tablename__ = "unit_metrics"

    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), primary_key=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id"), primary_key=True)


class Indicator(Base):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    source: Mapped[IndicatorSource] = mapped_column(enum_column(IndicatorSource))
    polarity: Mapped[Polarity] = mapped_column(enum_column(Polarity))
    target_low: Mapped[Decimal]
    target_high: Mapped[Decimal | None]
    period: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    unit_kind: Mapped[UnitKind | None] = mapped_column(enum_column(UnitKind))
    aggregation: Mapped[Aggregation | None] = mapped_column(enum_column(Aggregation))
    metric_id: Mapped[int | None] = mapped_column(ForeignKey("metrics.id"))
    element_code: Mapped[str | None] = mapped_column(String(4))
    threshold_minutes: Mapped[int | None] = mapped_column(Integer)
    cap_percent: Mapped[Decimal | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class IndicatorResult(Base):
    """One indicator for one unit and period, recomputed while the period is open or late data
    arrives."""

    __tablename__ = "indicator_results"
    __table_args__ = (UniqueConstraint("indicator_id", "unit_id", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    period_key: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    realisation: Mapped[Decimal | None]
    n: Mapped[int] = mapped_column(Integer, default=0)
    capaian_raw: Mapped[Decimal | None]
    capaian_capped: Mapped[Decimal | None]
    category: Mapped[str | None] = mapped_column(String(20))
    grade: Mapped[str | None] = mapped_column(String(1))
    sample_required: Mapped[int | None] = mapped_column(Integer)
    sample_ok: Mapped[bool | None] = mapped_column(Boolean)
    computed_at: Mapped[datetime]
