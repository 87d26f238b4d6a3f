"""Streaming reads for exports: one row at a time, never the whole table in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from kinerja.complaints import TicketStatus
from kinerja.survey import Status


@dataclass(slots=True)
class ResponseRow:
    """One completed response, never with its respondent's identity."""

    response_id: int
    unit_code: str
    template: str
    completed_at: datetime
    verified: bool
    channel: str
    waiting_minutes: int | None
    overall: int | None
    flags: str
    ticket: str | None
    scores: dict[str, int] = field(default_factory=dict)


class ExportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def completed_responses(
        self, unit_ids: Sequence[int], start: datetime, end: datetime
    ) -> AsyncIterator[ResponseRow]:
        """Completed in [start, end), ordered by completion; answers folded into each row."""
        statement = (
            select(
                models.SurveyResponse.id,
                models.OrgUnit.code,
                models.SurveyResponse.template,
                models.SurveyResponse.completed_at,
                models.SurveyResponse.verified,
                models.SurveyResponse.channel,
                models.SurveyResponse.waiting_minutes,
                models.SurveyResponse.overall_score,
                models.SurveyResponse.flags,
                models.Complaint.ticket,
                models.SurveyAnswer.element_code,
                models.SurveyAnswer.value,
            )
            .join(models.OrgUnit, models.OrgUnit.id == models.SurveyResponse.unit_id)
            .outerjoin(
                models.Complaint,
                and_(
                    models.Complaint.response_id == models.SurveyResponse.id,
                    models.Complaint.status != TicketStatus.WITHDRAWN,
                ),
            )
            .outerjoin(
                models.SurveyAnswer, models.SurveyAnswer.response_id == models.SurveyResponse.id
            )
            .where(
                models.SurveyResponse.unit_id.in_(unit_ids),
                models.SurveyResponse.status == Status.COMPLETED,
                models.SurveyResponse.completed_at >= start,
                models.SurveyResponse.completed_at < end,
            )
            .order_by(models.SurveyResponse.completed_at, models.SurveyResponse.id)
            .execution_options(yield_per=2000)
        )
        current: ResponseRow | None = None
        async for row in await self._session.stream(statement):
            if current is None or current.response_id != row[0]:
                if current is not None:
                    yield current
                completed_at = row[3]
                assert completed_at is not None  # noqa: S101 - completed rows have a time
                current = ResponseRow(
                    row[0],
                    row[1],
                    str(row[2]),
                    completed_at,
                    row[4],
                    str(row[5]),
                    row[6],
                    row[7],
                    row[8],
                    row[9],
                )
            if row[10] is not None:
                current.scores[row[10]] = row[11]
        if current is not None:
            yield current
