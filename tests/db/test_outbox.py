"""The outbox stores a message by its name with its fields as JSON, and a claim rebuilds it;
a row that fits no message is claimed as Unreadable, never as a crash of the whole run."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from db import models
from db.engine import Database
from db.repositories.messaging import Unreadable
from kinerja.audit import AuditAction
from kinerja.messages import (
    ComplaintAlert,
    ComplaintPhoto,
    FollowUp,
    LowScoreAlert,
    Message,
    Reminder,
    ReportFeedback,
)
from kinerja.types import Language

NOW = datetime(2026, 11, 25, 3, tzinfo=UTC)
TICKET = "PKM-PAUH-2026-000001"

MESSAGES: list[Message] = [
    ComplaintAlert(7, TICKET, "Poli Umum", "Antrean <b>lama</b>", True, Language.EN),
    ComplaintAlert(8, TICKET, "Poli Umum", None, False),
    ComplaintPhoto(TICKET, "AgAD-photo"),
    LowScoreAlert("Poli Umum", ("U3", "U7")),
    FollowUp(7, TICKET, "Sudah ditangani"),
    ReportFeedback("ANC", "Kunjungan ANC", "ANC visits", date(2026, 11, 24), "dr. Andi", "Bagus"),
    Reminder("Siti", Language.EN),
]


async def test_claimed_messages_are_rebuilt_equal(database: Database) -> None:
    async with database.transaction() as tx:
        ids = [await tx.outbox.add(1000 + n, m, NOW) for n, m in enumerate(MESSAGES)]

    async with database.transaction() as tx:  # a second session reads what was committed
        claimed = await tx.outbox.claim_due(NOW, "test:1")
    assert [item.id for item in claimed] == ids
    assert [item.message for item in claimed] == MESSAGES
    assert [item.kind for item in claimed] == [m.KIND for m in MESSAGES]


async def test_a_row_of_unknown_kind_is_claimed_as_unreadable(database: Database) -> None:
    async with database.transaction() as tx:
        reminder = await tx.outbox.add(1001, Reminder("Siti"), NOW)
        tx.session.add(
            models.OutboxMessage(
                chat_id=1002,
                kind="carrier_pigeon",
                payload={"to": "Padang"},
                status="pending",
                created_at=NOW,
                next_attempt_at=NOW,
                attempts=0,
            )
        )

    async with database.transaction() as tx:
        first, second = await tx.outbox.claim_due(NOW, "test:1")
    assert (first.id, first.message) == (reminder, Reminder("Siti"))
    assert second.kind == "carrier_pigeon"
    assert second.message == Unreadable("outbox message 'carrier_pigeon': no message has this name")


async def test_audit_actions_are_stored_as_their_old_strings(database: Database) -> None:
    """No migration: rows written before the enum and after it hold the same values."""
    async with database.transaction() as tx:
        await tx.audit.record(NOW, "cli", AuditAction.OUTBOX_RESEND, "7")
        await tx.audit.record(NOW, "chat", AuditAction.INVITE_FAILED, "hash")
    async with database.snapshot() as tx:
        stored = (await tx.session.scalars(select(models.AuditEntry.action))).all()
        failures = await tx.audit.count_since(AuditAction.INVITE_FAILED, "hash", NOW)
    assert sorted(stored) == ["invite_failed", "outbox_resend"]
    assert all(type(action) is str for action in stored)
    assert failures == 1
