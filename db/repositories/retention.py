"""Retention: personal and optional data past its date is removed; aggregates stay."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.complaints import PERSONAL_COLUMNS
from db.repositories.dml import rowcount

RESPONDENT_COLUMNS = ("respondent_hash", "sex", "age", "education", "occupation")
"""What could point at a respondent: gone at the retention date, the answers stay."""


class RetentionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _clear(
        self, model: type[models.Base], deadline: str, before: datetime, columns: Sequence[str]
    ) -> int:
        """Empty the columns of every row whose deadline has passed and that still holds any."""
        return rowcount(
            await self._session.execute(
                update(model)
                .where(
                    getattr(model, deadline) < before,
                    or_(*(getattr(model, column).is_not(None) for column in columns)),
                )
                .values(dict.fromkeys(columns))
            )
        )

    async def anonymise_responses(self, now: datetime) -> int:
        return await self._clear(models.SurveyResponse, "retain_until", now, RESPONDENT_COLUMNS)

    async def redact_complaints(self, now: datetime) -> int:
        return await self._clear(models.Complaint, "retain_until", now, PERSONAL_COLUMNS)

    async def drop_evidence(self, before: datetime) -> int:
        return await self._clear(models.AsnReport, "created_at", before, ("evidence_file_id",))

    async def purge_outbox(self, before: datetime) -> int:
        o = models.OutboxMessage
        return rowcount(
            await self._session.execute(
                delete(o).where(
                    o.created_at < before, or_(o.sent_at.is_not(None), o.failed_at.is_not(None))
                )
            )
        )

    async def purge(self, model: type[models.Base], column: str, before: datetime) -> int:
        return rowcount(
            await self._session.execute(delete(model).where(getattr(model, column) < before))
        )
