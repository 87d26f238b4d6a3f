"""Small ledgers of the chat shell: pending typed input, the outbox, alert cooldowns, tokens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.upsert import insert_if_absent, upsert


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
            models.PendingInput.__table__,  # type: ignore[arg-type]
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


COMPLAINT_ALERT = "complaint"
"""A new complaint, to the unit's supervisors; the payload carries its text."""
_COMPLAINT_COPIES = ("complaint_photo", "complaint_follow_up")
"""Outbox kinds that copy a citizen's complaint photo or answer them in their chat."""


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    chat_id: int
    kind: str
    payload: dict[str, Any]
    attempts: int


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, chat_id: int, kind: str, payload: dict[str, Any], now: datetime) -> int:
        row = models.OutboxMessage(
            chat_id=chat_id,
            kind=kind,
            payload=payload,
            created_at=now,
            next_attempt_at=now,
            attempts=0,
        )
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def due(
        self, now: datetime, limit: int = 100, ids: list[int] | None = None
    ) -> list[OutboxItem]:
        statement = (
            select(models.OutboxMessage)
            .where(
                models.OutboxMessage.sent_at.is_(None),
                models.OutboxMessage.failed_at.is_(None),
                models.OutboxMessage.next_attempt_at <= now,
            )
            .order_by(models.OutboxMessage.id)
            .limit(limit)
        )
        if ids is not None:
            statement = statement.where(models.OutboxMessage.id.in_(ids))
        return [
            OutboxItem(row.id, row.chat_id, row.kind, dict(row.payload), row.attempts)
            for row in await self._session.scalars(statement)
        ]

    async def claim_due(
        self, now: datetime, lease: timedelta, ids: Sequence[int] | None = None, limit: int = 100
    ) -> list[OutboxItem]:
        """Due items this caller may send: each is leased by one atomic conditional update."""
        claimed: list[OutboxItem] = []
        for item in await self.due(now, limit=limit, ids=list(ids) if ids is not None else None):
            result = await self._session.execute(
                update(models.OutboxMessage)
                .where(
                    models.OutboxMessage.id == item.id,
                    models.OutboxMessage.sent_at.is_(None),
                    models.OutboxMessage.next_attempt_at <= now,
                )
                .values(next_attempt_at=now + lease)
            )
            if result.rowcount:  # type: ignore[attr-defined]
                claimed.append(item)
        return claimed

    async def mark_sent(self, item_id: int, now: datetime) -> None:
        await self._session.execute(
            update(models.OutboxMessage)
            .where(models.OutboxMessage.id == item_id)
            .values(sent_at=now, attempts=models.OutboxMessage.attempts + 1)
        )

    async def mark_retry(self, item_id: int, next_at: datetime, error: str) -> None:
        await self._session.execute(
            update(models.OutboxMessage)
            .where(models.OutboxMessage.id == item_id)
            .values(
                next_attempt_at=next_at, error=error, attempts=models.OutboxMessage.attempts + 1
            )
        )

    async def mark_failed(self, item_id: int, now: datetime, error: str) -> None:
        await self._session.execute(
            update(models.OutboxMessage)
            .where(models.OutboxMessage.id == item_id)
            .values(failed_at=now, error=error, attempts=models.OutboxMessage.attempts + 1)
        )

    async def failed(self, limit: int = 200) -> list[tuple[int, str, datetime, str]]:
        """(chat id, kind, when, error) of messages given up on: blocked bots, deleted accounts."""
        rows = await self._session.execute(
            select(
                models.OutboxMessage.chat_id,
                models.OutboxMessage.kind,
                models.OutboxMessage.failed_at,
                models.OutboxMessage.error,
            )
            .where(models.OutboxMessage.failed_at.is_not(None))
            .order_by(models.OutboxMessage.failed_at.desc())
            .limit(limit)
        )
        return [(r[0], r[1], r[2], r[3] or "") for r in rows if r[2] is not None]

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
        touched = int(deleted.rowcount)  # type: ignore[attr-defined]
        for row_id, payload in await self._session.execute(
            select(o.id, o.payload).where(o.kind == COMPLAINT_ALERT, of_these)
        ):
            await self._session.execute(
                update(o).where(o.id == row_id).values(payload={**payload, "text": None})
            )
            touched += 1
        return touched

    async def pending_count(self) -> int:
        return int(
            await self._session.scalar(
                select(func.count())
                .select_from(models.OutboxMessage)
                .where(
                    models.OutboxMessage.sent_at.is_(None),
                    models.OutboxMessage.failed_at.is_(None),
                )
            )
            or 0
        )


class AlertCooldownRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, unit_id: int, kind: str, now: datetime, cooldown: timedelta) -> bool:
        """True when this alert may go out now; atomic, so two processes never both send."""
        table = models.AlertCooldown.__table__
        if await insert_if_absent(
            self._session,
            table,  # type: ignore[arg-type]
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
        return bool(result.rowcount)  # type: ignore[attr-defined]


class VisitTokenLedger:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def is_used(self, digest: str) -> bool:
        return await self._session.get(models.VisitTokenUse, digest) is not None

    async def claim(self, digest: str, unit_id: int, now: datetime) -> bool:
        return await insert_if_absent(
            self._session,
            models.VisitTokenUse.__table__,  # type: ignore[arg-type]
            {"digest": digest, "unit_id": unit_id, "used_at": now},
            ["digest"],
        )
