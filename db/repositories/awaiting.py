"""What a chat's next typed text or photo may answer, in one statement: most such messages
answer nothing (a stray "halo", spam), and finding that out must stay cheap."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from kinerja.survey import Status


@dataclass(frozen=True, slots=True)
class Awaiting:
    pending_kind: str | None
    """The kind of the chat's pending input (`PendingInputRepository`), if any."""
    report: bool
    """A /lapor draft with its indicator chosen: it takes typed text and photos."""
    survey: bool
    """A survey in progress."""


async def read_awaiting(
    session: AsyncSession, telegram_user_id: int, identity_hash: str
) -> Awaiting:
    """Three scalar subqueries in one round trip, each on a primary key or an index."""
    draft = models.ReportDraft
    response = models.SurveyResponse
    row = (
        await session.execute(
            select(
                select(models.PendingInput.kind)
                .where(models.PendingInput.telegram_user_id == telegram_user_id)
                .scalar_subquery(),
                select(draft.telegram_user_id)
                .where(draft.telegram_user_id == telegram_user_id, draft.metric_id.is_not(None))
                .exists(),
                select(response.id)
                .where(
                    response.respondent_hash == identity_hash,
                    response.status == Status.IN_PROGRESS,
                )
                .exists(),
            )
        )
    ).one()
    return Awaiting(row[0], bool(row[1]), bool(row[2]))
