"""Tables. Alembic migrations are the only way this schema reaches a database.

Enums are stored as their string values (no native enum types) so that adding a member needs no
ALTER TYPE on PostgreSQL and the same migration runs on SQLite.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import UTCDateTime
from kinerja.types import (
    Aggregation,
    IndicatorSource,
    Language,
    MetricType,
    PeriodKind,
    Polarity,
    Role,
    SurveyTemplate,
    UnitKind,
)

# Deterministic constraint names on both backends, so migrations can alter or drop them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(enum_type: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(
        enum_type,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


HASH = String(64)
"""Hex HMAC-SHA256: how a citizen's chat identity is kept (domain.md §5)."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 - SQLAlchemy reads it at class creation
        datetime: UTCDateTime(),
        Decimal: Numeric(14, 4),
    }


class OrgUnit(Base):
    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[UnitKind] = mapped_column(_enum(UnitKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    survey_template: Mapped[SurveyTemplate] = mapped_column(
        _enum(SurveyTemplate), default=SurveyTemplate.SKM
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
    type: Mapped[MetricType] = mapped_column(_enum(MetricType))
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
    source: Mapped[IndicatorSource] = mapped_column(_enum(IndicatorSource))
    polarity: Mapped[Polarity] = mapped_column(_enum(Polarity))
    target_low: Mapped[Decimal]
    target_high: Mapped[Decimal | None]
    period: Mapped[PeriodKind] = mapped_column(_enum(PeriodKind))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    unit_kind: Mapped[UnitKind | None] = mapped_column(_enum(UnitKind))
    aggregation: Mapped[Aggregation | None] = mapped_column(_enum(Aggregation))
    metric_id: Mapped[int | None] = mapped_column(ForeignKey("metrics.id"))
    element_code: Mapped[str | None] = mapped_column(String(4))
    threshold_minutes: Mapped[int | None] = mapped_column(Integer)
    cap_percent: Mapped[Decimal | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Person(Base):
    """Staff: ASN, supervisors and admins. Citizens are never stored as persons."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str | None] = mapped_column(String(18), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    """One Telegram account holds at most one person."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    deactivated_at: Mapped[datetime | None]
    registered_at: Mapped[datetime | None]


class ChatPreference(Base):
    """Per-account settings, keyed by the identity hash so citizens stay anonymous."""

    __tablename__ = "chat_preferences"

    identity_hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    language: Mapped[Language] = mapped_column(_enum(Language, 8))
    updated_at: Mapped[datetime]


class SurveyResponse(Base):
    __tablename__ = "survey_responses"
    __table_args__ = (
        Index("ix_survey_responses_unit_completed", "unit_id", "completed_at"),
        # A period's aggregates read one time range across every unit: without this the
        # weekly computation grew with the whole history.
        Index("ix_survey_responses_completed", "completed_at"),
        Index("ix_survey_responses_respondent", "respondent_hash", "unit_id"),
        # At most one survey in progress per citizen, even with two processes racing.
        Index(
            "uq_survey_responses_one_in_progress",
            "respondent_hash",
            unique=True,
            sqlite_where=text("status = 'in_progress'"),
            postgresql_where=text("status = 'in_progress'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    respondent_hash: Mapped[str | None] = mapped_column(HASH)
    """Null once the citizen asked for deletion or retention expired; answers stay."""
    template: Mapped[SurveyTemplate] = mapped_column(_enum(SurveyTemplate))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    """True when the visit came through a single-use token printed on a queue ticket."""
    status: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(16), default="")
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    waiting_minutes: Mapped[int | None] = mapped_column(Integer)
    important_element: Mapped[str | None] = mapped_column(String(4))
    overall_score: Mapped[int | None] = mapped_column(SmallInteger)
    flags: Mapped[str] = mapped_column(String(200), default="")
    retain_until: Mapped[datetime | None]
    consent_at: Mapped[datetime | None]
    skipped: Mapped[str] = mapped_column(String(60), default="")
    """Comma-separated steps the citizen chose to skip."""
    complaint_done: Mapped[bool] = mapped_column(Boolean, default=False)
    photo_done: Mapped[bool] = mapped_column(Boolean, default=False)
    visit_token_digest: Mapped[str | None] = mapped_column(String(24))
    message_id: Mapped[int | None] = mapped_column(Integer)
    """The survey message edited in place as the survey moves on."""
    sex: Mapped[str | None] = mapped_column(String(16))
    age: Mapped[str | None] = mapped_column(String(16))
    education: Mapped[str | None] = mapped_column(String(16))
    occupation: Mapped[str | None] = mapped_column(String(16))


class SurveyCooldown(Base):
    """ "This account rated this unit recently": one keyed marker per account and unit, kept
    when /hapus unlinks the responses (else deleting one's data reopened the survey).

    Deliberately nothing else: no unit, no response id, no hash shared with `survey_responses`,
    and an end time on a coarse grid (the day's end), so a marker cannot be tied to a response.
    Retention deletes it once the cooldown is over.
    """

    __tablename__ = "survey_cooldowns"

    marker: Mapped[str] = mapped_column(HASH, primary_key=True)
    until: Mapped[datetime] = mapped_column(index=True)


class SurveyAnswer(Base):
    """One row per element answered, keyed by element code (never by position)."""

    __tablename__ = "survey_answers"
    __table_args__ = (CheckConstraint("value BETWEEN 1 AND 4", name="score_range"),)

    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    element_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    value: Mapped[int] = mapped_column(SmallInteger)


class Complaint(Base):
    """A complaint or suggestion with its ticket; the text is shown to staff, never who wrote it."""

    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_unit_created", "unit_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket: Mapped[str] = mapped_column(String(48), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("survey_responses.id"))
    text: Mapped[str | None] = mapped_column(Text)
    photo_file_id: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    serious: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    taken_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    closed_at: Mapped[datetime | None]
    follow_up: Mapped[str | None] = mapped_column(Text)
    reporter_hash: Mapped[str | None] = mapped_column(HASH, index=True)
    citizen_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    """Kept with the citizen's consent to send the follow-up; removed by /hapus or retention."""
    citizen_language: Mapped[Language] = mapped_column(_enum(Language, 8), default=Language.ID)
    handling_rating: Mapped[int | None] = mapped_column(SmallInteger)
    retain_until: Mapped[datetime | None]


class TicketCounter(Base):
    """Ticket sequences per prefix and year, advanced by one atomic upsert."""

    __tablename__ = "ticket_counters"

    prefix: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class VisitTokenUse(Base):
    """The single-use ledger of visit tokens: a token's digest, once claimed, is spent."""

    __tablename__ = "visit_token_uses"

    digest: Mapped[str] = mapped_column(String(24), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    used_at: Mapped[datetime]


class PendingInput(Base):
    """What a user's next typed message answers (e.g. a follow-up note), kept across restarts."""

    __tablename__ = "pending_inputs"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    ref_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class OutboxMessage(Base):
    """Messages the bot sends on its own (alerts, follow-ups, reminders): written in the use
    case's transaction, sent after it commits. `status` follows kinerja.delivery's state
    machine; each kind is delivered at most or at least once as kinerja.delivery decides."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    """The staff member it is for, checked again when it is claimed; null for a citizen."""
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    """When the sending process last renewed its claim; older than the lease means it died."""
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    """When it was given up: failed, unknown or cancelled."""
    error: Mapped[str | None] = mapped_column(Text)


class AlertCooldown(Base):
    """When a unit last alerted its supervisors of a kind, so a bad day is one message."""

    __tablename__ = "alert_cooldowns"

    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_at: Mapped[datetime]


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


class Invitation(Base):
    """A one-time registration link; only the hash of its secret code is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(HASH, unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


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


class SummaryDelivery(Base):
    """The ledger that makes "once per period per supervisor" a database fact.

    A delivery is claimed by inserting its row before sending; the unique key turns a second
    claim (another process, a restart) into a no-op. `status` is a kinerja.delivery state:
    "sending" while a process holds the claim (renewing `claimed_at`), "pending" when it is
    to be sent again whole, "sent" or "failed".
    """

    __tablename__ = "summary_deliveries"
    __table_args__ = (UniqueConstraint("person_id", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    period_key: Mapped[str] = mapped_column(String(10))
    claimed_at: Mapped[datetime]
    claimed_by: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime | None]
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Admin actions, role changes, exports and deletions; staff-performance data is
    systematic scoring of employees (UU 27/2022), so its processing is logged."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ProcessedUpdate(Base):
    """Telegram update ids already handled: a redelivered update (after a crash, before the
    offset or the webhook answer confirmed it) is recognised and not applied twice."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None] = mapped_column(index=True)
