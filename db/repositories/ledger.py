from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.dml import rowcount
from db.repositories.upsert import insert_for


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

    async def finish(self, handled: list[tuple[int, datetime, datetime]]) -> None:
        """Record (update id, started, finished) of handled updates, in one statement."""
        if not handled:
            return
        table = models.table_of(models.ProcessedUpdate)
        statement = insert_for(self._session, table).values(
            [{"update_id": u, "started_at": s, "finished_at": f} for u, s, f in handled]
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["update_id"], set_={"finished_at": statement.excluded.finished_at}
            )
        )

    async def forget_before(self, before: datetime) -> int:
        result = await self._session.execute(
            delete(models.ProcessedUpdate).where(models.ProcessedUpdate.started_at < before)
        )
        return rowcount(result)
