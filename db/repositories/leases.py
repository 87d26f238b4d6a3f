"""Claims with a lease, as the summary ledger and the outbox both hold them: a row being sent is
claimed by one process, which renews the claim while it lives; a claim not renewed within the
lease is lost and may be taken over."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from kinerja.delivery import Delivery


async def renew_claims(
    session: AsyncSession,
    model: type[models.SummaryDelivery] | type[models.OutboxMessage],
    by: str,
    now: datetime,
) -> None:
    """The sending process is alive: its claims stay its own for another lease."""
    await session.execute(
        update(model)
        .where(model.status == Delivery.SENDING, model.claimed_by == by)
        .values(claimed_at=now)
    )
