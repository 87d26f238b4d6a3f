"""The summary delivery ledger: a unique (supervisor, period) row claimed before sending."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories import leases
from db.repositories.dml import rowcount
from db.repositories.upsert import insert_if_absent
from kinerja.delivery import Delivery


class Claim(enum.StrEnum):
    """What a claim attempt found."""

    NEW = "new"
    """Claimed: never tried before."""
    RESUMED = "resumed"
    """Claimed: left unfinished before (its process died, or a send failed on the way)."""
    RESEND = "resend"
    """Claimed again although sent or failed, because the operator asked."""
    ALREADY_SENT = "already_sent"
    FAILED_BEFORE = "failed_before"
    """Given up on before; sent again only on the operator's request."""
    HELD = "held"
    """Being sent by another process, which renews its claim."""


class DeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(
        self,
        person_id: int,
        period_key: str,
        now: datetime,
        by: str,
        lease: timedelta,
        *,
        resend: bool = False,
    ) -> Claim:
        """Whether this caller may send now, and why (not).

        A new row is claimed by inserting it. A row left pending, or claimed by a process that
        stopped renewing its claim for a lease, is taken over; a sent or failed one only with
        `resend`. The conditional update is the claim: two callers never both win.
        """
        if await insert_if_absent(
            self._session,
            models.table_of(models.SummaryDelivery),
            {
                "person_id": person_id,
                "period_key": period_key,
                "claimed_at": now,
                "claimed_by": by,
                "status": Delivery.SENDING,
                "late": False,
            },
            ["person_id", "period_key"],
        ):
            return Claim.NEW
        before = await self.status(person_id, period_key)
        d = models.SummaryDelivery
        takeable = (d.status == Delivery.PENDING) | (
            (d.status == Delivery.SENDING) & (d.claimed_at < now - lease)
        )
        if resend:
            takeable = takeable | d.status.in_([Delivery.SENT, Delivery.FAILED])
        result = await self._session.execute(
            update(d)
            .where(d.person_id == person_id, d.period_key == period_key, takeable)
            .values(claimed_at=now, claimed_by=by, status=Delivery.SENDING)
        )
        if rowcount(result):
            return Claim.RESEND if before in (Delivery.SENT, Delivery.FAILED) else Claim.RESUMED
        if before is Delivery.SENT:
            return Claim.ALREADY_SENT
        if before is Delivery.FAILED:
            return Claim.FAILED_BEFORE
        return Claim.HELD

    async def renew_claims(self, by: str, now: datetime) -> None:
        await leases.renew_claims(self._session, models.SummaryDelivery, by, now)

    async def finish(
        self,
        person_id: int,
        period_key: str,
        status: Delivery,
        now: datetime,
        *,
        late: bool = False,
        error: str | None = None,
    ) -> None:
        await self._session.execute(
            update(models.SummaryDelivery)
            .where(
                models.SummaryDelivery.person_id == person_id,
                models.SummaryDelivery.period_key == period_key,
            )
            .values(
                status=status,
                sent_at=now if status is Delivery.SENT else None,
                late=late,
                error=error,
            )
        )

    async def status(self, person_id: int, period_key: str) -> Delivery | None:
        value = await self._session.scalar(
            select(models.SummaryDelivery.status).where(
                models.SummaryDelivery.person_id == person_id,
                models.SummaryDelivery.period_key == period_key,
            )
        )
        return None if value is None else Delivery(value)
