"""What the bot sends and remembers: outbox, pending inputs, alert cooldowns, the summary
delivery ledger, processed updates, chat preferences and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import HASH, Base, enum_column
from kinerja.types import Language


class ChatPreference(Base):
    """Per-account settings, keyed by the identity hash so citizens stay anonymous."""

    __tablename__ = "chat_preferences"

    identity_hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    language: Mapped[Language] = mapped_column(enum_column(Language, 8))
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    """Chosen with /bahasa. Otherwise the language a staff member's app was last seen in,
    which the next update in another language replaces (kinerja.language)."""
    updated_at: Mapped[datetime]


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


class ProcessedUpdate(Base):
    """Telegram update ids already handled: a redelivered update (after a crash, before the
    offset or the webhook answer confirmed it) is recognised and not applied twice."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None] = mapped_column(index=True)


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
