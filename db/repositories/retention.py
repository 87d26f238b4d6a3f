"""Retention: personal and optional data past its date is removed; aggregates stay."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.complaints import PERSONAL_COLUMNS
from db.repositories.dml import rowcount


class RetentionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def anonymise_responses(self, now: datetime) -> int:
        r = models.SurveyResponse
        return rowcount(
            await self._session.execute(
                update(r)
                .where(
                    r.retain_until < now,
                    or_(
                        r.respondent_hash.is_not(None),
                        r.sex.is_not(None),
                        r.age.is_not(None),
                        r.education.is_not(None),
                        r.occupation.is_not(None),
                    ),
                )
                .values(respondent_hash=None, sex=None, age=None, education=None, occupation=None)
            )
        )

    async def redact_complaints(self, now: datetime) -> int:
        c = models.Complaint
        return rowcount(
            await self._session.execute(
                update(c)
                .where(
                    c.retain_until < now,
                    or_(*(getattr(c, column).is_not(None) for column in PERSONAL_COLUMNS)),
                )
                .values(dict.fromkeys(PERSONAL_COLUMNS))
            )
        )

    async def drop_evidence(self, before: datetime) -> int:
        a = models.AsnReport
        return rowcount(
            await self._session.execute(
                update(a)
                .where(a.created_at < before, a.evidence_file_id.is_not(None))
                .values(evidence_file_id=None)
            )
        )

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
