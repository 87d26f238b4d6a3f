"""Staff: people, invitations, daily reports and their drafts, leave and reminders."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import HASH, Base, enum_column
from kinerja.types import Role


class Person(Base):
    """Staff: ASN, supervisors and admins. Citizens are never stored as persons."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str | None] = mapped_column(String(18), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    """One Telegram account holds at most one person."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    deactivated_at: Mapped[datetime | None]
    registered_at: Mapped[datetime | None]


class Invitation(Base):
    """A one-time registration link; only the hash of its secret code is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(HASH, unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class AsnReport(Base):
    __tablename__ = "asn_reports"
    __table_args__ = (
        UniqueConstraint("person_id", "metric_id", "report_date"),
        Index("ix_asn_reports_unit_date", "unit_id", "report_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id"))
    report_date: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal]
    denominator: Mapped[Decimal | None]
    note: Mapped[str | None] = mapped_column(Text)
    evidence_file_id: Mapped[str | None] = mapped_column(String(200))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    verified_at: Mapped[datetime | None]
    feedback: Mapped[str | None] = mapped_column(Text)
    """The supervisor's umpan balik (PermenPAN-RB 6/2022: continuous feedback)."""
    feedback_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    feedback_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ReportDraft(Base):
    """A /lapor in progress, one per account, so a restart loses nothing typed."""

    __tablename__ = "report_drafts"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    report_date: Mapped[date] = mapped_column(Date)
    metric_id: Mapped[int | None] = mapped_column(ForeignKey("metrics.id"))
    step: Mapped[str] = mapped_column(String(16))
    value: Mapped[Decimal | None]
    denominator: Mapped[Decimal | None]
    note: Mapped[str | None] = mapped_column(Text)
    evidence_file_id: Mapped[str | None] = mapped_column(String(200))
    message_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime]


class LeaveDay(Base):
    __tablename__ = "leave_days"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    created_at: Mapped[datetime]


class ReminderDelivery(Base):
    """One reminder per person per working day, claimed by inserting its row."""

    __tablename__ = "reminder_deliveries"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    claimed_at: Mapped[datetime]
