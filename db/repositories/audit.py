from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditEntry


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self,
        at: datetime,
        actor: str,
        action: str,
        subject: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        self._session.add(
            AuditEntry(at=at, actor=actor, action=action, subject=subject, details=details or {})
        )
        await self._session.flush()
