from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditEntry
from kinerja.audit import AuditAction, AuditRecord


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

    async def entries(
        self, *, since: datetime | None, actor: str | None, limit: int
    ) -> list[AuditRecord]:
        """Newest first. `actor` is an actor as stored ("person:12", "cli") or its kind
        ("person": every person)."""
        query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        if since is not None:
            query = query.where(AuditEntry.at >= since)
        if actor is not None:
            query = query.where(
                or_(
                    AuditEntry.actor == actor,
                    AuditEntry.actor.startswith(f"{actor}:", autoescape=True),
                )
            )
        rows = await self._session.scalars(query.limit(limit))
        return [
            AuditRecord(r.id, r.at, r.actor, r.action, r.subject, dict(r.details or {}))
            for r in rows
        ]
