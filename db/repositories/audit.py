from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditEntry
from kinerja.audit import AuditAction


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self,
        at: datetime,
        actor: str,
        action: AuditAction,
        subject: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        self._session.add(
            AuditEntry(at=at, actor=actor, action=action, subject=subject, details=details or {})
        )
        await self._session.flush()

    async def count_since(self, action: AuditAction, subject: str, since: datetime) -> int:
        return int(
            await self._session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(
                    AuditEntry.action == action,
                    AuditEntry.subject == subject,
                    AuditEntry.at >= since,
                )
            )
            or 0
        )
