from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.upsert import insert_if_absent


class UpdateLedger:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def begin(self, update_id: int, now: datetime) -> bool:
        """False when the update was already handled to the end; a half-handled one (the
        process died in between) is handled again, which the use cases tolerate."""
        if await insert_if_absent(
            self._session,
            models.ProcessedUpdate.__table__,  # type: ignore[arg-type]
            {"update_id": update_id, "started_at": now},
            ["update_id"],
        ):
            return True
        finished = await self._session.scalar(
            select(models.ProcessedUpdate.finished_at).where(
                models.ProcessedUpdate.update_id == update_id
            )
        )
        return finished is None

    async def finish(self, update_id: int, now: datetime) -> None:
        await self._session.execute(
            update(models.ProcessedUpdate)
            .where(models.ProcessedUpdate.update_id == update_id)
            .values(finished_at=now)
        )

    async def forget_before(self, before: datetime) -> int:
        result = await self._session.execute(
            delete(models.ProcessedUpdate).where(models.ProcessedUpdate.started_at < before)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
