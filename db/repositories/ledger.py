from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.upsert import upsert


class UpdateLedger:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def is_handled(self, update_id: int) -> bool:
        """Handled to the end before. An update that was only half handled (the process died
        in between) is not, and is handled again, which the use cases tolerate."""
        finished = await self._session.scalar(
            select(models.ProcessedUpdate.finished_at).where(
                models.ProcessedUpdate.update_id == update_id
            )
        )
        return finished is not None

    async def finish(self, update_id: int, started_at: datetime, now: datetime) -> None:
        await upsert(
            self._session,
            models.ProcessedUpdate.__table__,  # type: ignore[arg-type]
            {"update_id": update_id, "started_at": started_at, "finished_at": now},
            ["update_id"],
            ["finished_at"],
        )

    async def forget_before(self, before: datetime) -> int:
        result = await self._session.execute(
            delete(models.ProcessedUpdate).where(models.ProcessedUpdate.started_at < before)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
