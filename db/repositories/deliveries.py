"""The summary delivery ledger: a unique (supervisor, period) row claimed before sending."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.upsert import insert_if_absent

CLAIMED = "claimed"
SENT = "sent"
FAILED = "failed"


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
    ) -> bool:
        """True when this caller may send now.

        A new row is claimed by inserting it. A claim whose process died before recording the
        outcome (status still "claimed" after the lease) may be taken over; a failed one may be
        retried; a sent one only with `resend`.
        """
        if await insert_if_absent(
            self._session,
            models.SummaryDelivery.__table__,  # type: ignore[arg-type]
            {
                "person_id": person_id,
                "period_key": period_key,
                "claimed_at": now,
                "claimed_by": by,
                "status": CLAIMED,
                "late": False,
            },
            ["person_id", "period_key"],
        ):
            return True
        d = models.SummaryDelivery
        takeable = (d.status == FAILED) | ((d.status == CLAIMED) & (d.claimed_at < now - lease))
        if resend:
            takeable = takeable | (d.status == SENT)
        result = await self._session.execute(
            update(d)
            .where(d.person_id == person_id, d.period_key == period_key, takeable)
            .values(claimed_at=now, claimed_by=by, status=CLAIMED)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def finish(
        self,
        person_id: int,
        period_key: str,
        status: str,
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
            .values(status=status, sent_at=now if status == SENT else None, late=late, error=error)
        )

    async def status(self, person_id: int, period_key: str) -> str | None:
        return await self._session.scalar(
            select(models.SummaryDelivery.status).where(
                models.SummaryDelivery.person_id == person_id,
                models.SummaryDelivery.period_key == period_key,
            )
        )
