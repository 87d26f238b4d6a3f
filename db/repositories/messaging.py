"""Small ledgers of the chat shell: pending typed input, the outbox, alert cooldowns, tokens."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories import leases
from db.repositories.dml import rowcount
from db.repositories.upsert import insert_if_absent, upsert
from kinerja.delivery import GIVEN_UP, Delivery, Recipient
from kinerja.messages import (
    ComplaintAlert,
    ComplaintEdited,
    ComplaintPhoto,
    ComplaintReopened,
    FollowUp,
    Message,
    UnreadableMessage,
    message_from_stored,
    stored_fields,
)


@dataclass(frozen=True, slots=True)
class PendingInput:
    kind: str
    ref_id: int
    created_at: datetime


class PendingInputRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def expect(self, telegram_user_id: int, kind: str, ref_id: int, now: datetime) -> None:
        await upsert(
            self._session,
            models.table_of(models.PendingInput),
            {
                "telegram_user_id": telegram_user_id,
                "kind": kind,
                "ref_id": ref_id,
                "created_at": now,
            },
            conflict=["telegram_user_id"],
            update=["kind", "ref_id", "created_at"],
        )

    async def get(self, telegram_user_id: int) -> PendingInput | None:
        row = await self._session.get(models.PendingInput, telegram_user_id)
        return None if row is None else PendingInput(row.kind, row.ref_id, row.created_at)

    async def clear(self, telegram_user_id: int) -> None:
        await self._session.execute(
            delete(models.PendingInput).where(
                models.PendingInput.telegram_user_id == telegram_user_id
            )
        )


_COMPLAINT_COPIES = (ComplaintPhoto.KIND, FollowUp.KIND)
"""Messages that copy a citizen's complaint photo or answer them in their chat."""

_COMPLAINT_ALERTS = (ComplaintAlert.KIND, ComplaintEdited.KIND, ComplaintReopened.KIND)
"""Supervisors' alerts that quote the complaint (and a reopening, the answer to it too)."""
_QUOTES = ("text", "follow_up")


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A claimed row that rebuilds into no message (an unknown name, a field that does not
    fit): it cannot be sent, and `reason` says why."""

    reason: str


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    chat_id: int
    kind: str
    """The stored name, also for a row that is Unreadable."""
    message: Message | Unreadable
    attempts: int
    recipient: Recipient | None = None
    """The staff member it was queued for, as they are now; None for a citizen."""


@dataclass(frozen=True, slots=True)
class GivenUp:
    """A message the bot stopped trying to send, for the operator."""

    id: int
    kind: str
    status: Delivery
    at: datetime
    error: str
    recipient_name: str | None
    """The staff member's name; None for a citizen (whose chat is never shown)."""


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        chat_id: int,
        message: Message,
        now: datetime,
        *,
        person_id: int | None = None,
    ) -> int:
        row = models.OutboxMessage(
            chat_id=chat_id,
            kind=message.KIND,
            payload=stored_fields(message),
            person_id=person_id,
            status=Delivery.PENDING,
            created_at=now,
            next_attempt_at=now,
            attempts=0,
        )
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def release_lost_claims(
        self, now: datetime, lease: timedelta, resend_kinds: Collection[str]
    ) -> tuple[int, int]:
        """Claims not renewed within the lease (their process died mid-send): kinds in
        `resend_kinds` are pending again, every other kind's outcome is unknown. Returns
        (pending again, unknown)."""
        o = models.OutboxMessage
        lost = (o.status == Delivery.SENDING) & (o.claimed_at < now - lease)
        again = await self._session.execute(
            update(o)
            .where(lost, o.kind.in_(resend_kinds))
            .values(status=Delivery.PENDING, next_attempt_at=now, claimed_by=None)
        )
        unknown = await self._session.execute(
            update(o)
            .where(lost, o.kind.not_in(resend_kinds))
            .values(
                status=Delivery.UNKNOWN,
                failed_at=now,
                error="claim lost: the sending process stopped, the outcome is unknown",
            )
        )
        return (
            rowcount(again),
            rowcount(unknown),
        )

    async def claim_due(
        self, now: datetime, by: str, ids: Sequence[int] | None = None, limit: int = 100
    ) -> list[OutboxItem]:
        """Due items this caller may send, each moved to "sending" by one atomic conditional
        update, rebuilt into its message, with their recipient as they are now."""
        o, p = models.OutboxMessage, models.Person
        statement = (
            select(o, p.role, p.active, p.telegram_user_id)
            .outerjoin(p, p.id == o.person_id)
            .where(o.status == Delivery.PENDING, o.next_attempt_at <= now)
            .order_by(o.id)
            .limit(limit)
        )
        if ids is not None:
            statement = statement.where(o.id.in_(list(ids)))
        claimed: list[OutboxItem] = []
        for row, role, active, telegram_user_id in (await self._session.execute(statement)).all():
            result = await self._session.execute(
                update(o)
                .where(o.id == row.id, o.status == Delivery.PENDING)
                .values(status=Delivery.SENDING, claimed_at=now, claimed_by=by)
            )
            if not rowcount(result):
                continue  # another process claimed it first
            recipient = None if row.person_id is None else Recipient(role, active, telegram_user_id)
            message: Message | Unreadable
            try:
                message = message_from_stored(row.kind, row.payload)
            except UnreadableMessage as problem:
                message = Unreadable(str(problem))
            claimed.append(
                OutboxItem(row.id, row.chat_id, row.kind, message, row.attempts, recipient)
            )
        return claimed

    async def renew_claims(self, by: str, now: datetime) -> None:
        await leases.renew_claims(self._session, models.OutboxMessage, by, now)

    async def finish(
        self,
        item_id: int,
        status: Delivery,
        now: datetime,
        *,
        next_attempt_at: datetime | None = None,
        error: str | None = None,
        attempted: bool = True,
    ) -> None:
        """Record the outcome of a claimed item: PENDING (at `next_attempt_at`) or final."""
        o = models.OutboxMessage
        values: dict[str, Any] = {"status": status, "error": error, "claimed_by": None}
        if attempted:
            values["attempts"] = o.attempts + 1
        if status is Delivery.SENT:
            values["sent_at"] = now
        elif status is Delivery.PENDING:
            values["next_attempt_at"] = next_attempt_at or now
        else:
            values["failed_at"] = now
        await self._session.execute(update(o).where(o.id == item_id).values(**values))

    async def requeue(self, item_id: int, now: datetime) -> str | None:
        """The operator's explicit resend of a message given up on; returns its kind, or
        None when there is no such message given up on."""
        o = models.OutboxMessage
        kind = await self._session.scalar(
            select(o.kind).where(o.id == item_id, o.status.in_(list(GIVEN_UP)))
        )
        if kind is None:
            return None
        await self._session.execute(
            update(o)
            .where(o.id == item_id)
            .values(status=Delivery.PENDING, next_attempt_at=now, failed_at=None, error=None)
        )
        return kind

    async def status(self, item_id: int) -> Delivery | None:
        value = await self._session.scalar(
            select(models.OutboxMessage.status).where(models.OutboxMessage.id == item_id)
        )
        return None if value is None else Delivery(value)

    async def given_up(self, limit: int = 200) -> list[GivenUp]:
        """Messages not sent and no longer tried: refused (blocked bot, deleted account),
        of unknown outcome (a timeout), or cancelled (the recipient left the role)."""
        o, p = models.OutboxMessage, models.Person
        rows = await self._session.execute(
            select(o.id, o.kind, o.status, o.failed_at, o.error, p.full_name)
            .outerjoin(p, p.id == o.person_id)
            .where(o.status.in_(list(GIVEN_UP)))
            .order_by(o.failed_at.desc(), o.id.desc())
            .limit(limit)
        )
        return [
            GivenUp(r[0], r[1], Delivery(r[2]), r[3], r[4] or "", r[5])
            for r in rows
            if r[3] is not None
        ]

    async def forget_complaints(self, tickets: Sequence[str]) -> int:
        """/hapus: every outbox copy of these complaints, sent or pending. The follow-ups to the
        citizen (their chat id, a reply quoting them) and the forwarded photos are deleted; the
        supervisors' alerts stay, as the case record, with the complaint text removed."""
        if not tickets:
            return 0
        o = models.OutboxMessage
        of_these = o.payload["ticket"].as_string().in_(tickets)
        deleted = await self._session.execute(
            delete(o).where(o.kind.in_(_COMPLAINT_COPIES), of_these)
        )
        touched = rowcount(deleted)
        for row_id, payload in await self._session.execute(
            select(o.id, o.payload).where(o.kind.in_(_COMPLAINT_ALERTS), of_these)
        ):
            blanked = {**payload, **{key: None for key in _QUOTES if key in payload}}
            await self._session.execute(update(o).where(o.id == row_id).values(payload=blanked))
            touched += 1
        return touched

    async def pending_count(self) -> int:
        return int(
            await self._session.scalar(
                select(func.count())
                .select_from(models.OutboxMessage)
                .where(models.OutboxMessage.status.in_([Delivery.PENDING, Delivery.SENDING]))
            )
            or 0
        )


class AlertCooldownRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, unit_id: int, kind: str, now: datetime, cooldown: timedelta) -> bool:
        """True when this alert may go out now; atomic, so two processes never both send."""
        table = models.table_of(models.AlertCooldown)
        if await insert_if_absent(
            self._session,
            table,
            {"unit_id": unit_id, "kind": kind, "last_at": now},
            ["unit_id", "kind"],
        ):
            return True
        result = await self._session.execute(
            update(models.AlertCooldown)
            .where(
                models.AlertCooldown.unit_id == unit_id,
                models.AlertCooldown.kind == kind,
                models.AlertCooldown.last_at <= now - cooldown,
            )
            .values(last_at=now)
        )
        return bool(rowcount(result))


class VisitTokenLedger:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def is_used(self, digest: str) -> bool:
        return await self._session.get(models.VisitTokenUse, digest) is not None

    async def claim(self, digest: str, unit_id: int, now: datetime) -> bool:
        return await insert_if_absent(
            self._session,
            models.table_of(models.VisitTokenUse),
            {"digest": digest, "unit_id": unit_id, "used_at": now},
            ["digest"],
        )
