from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.dml import rowcount
from db.repositories.upsert import insert_for


def handled_since(
    update_id: int | BindParameter[Any], since: datetime | BindParameter[Any]
) -> tuple[ColumnElement[bool], ...]:
    """The ledger row that makes `update_id` a redelivery: the same id, begun at `since` or
    later. The id alone is not enough: Telegram numbers updates sequentially, but "if there
    are no new updates for at least a week, then identifier of the next update will be chosen
    randomly" (Bot API, Update), and a Bot API server that starts its numbering again (a new
    emulator) does the same at once. A redelivery comes back within a day: Telegram keeps an
    unconfirmed update "not longer than 24 hours" (getUpdates)."""
    row = models.ProcessedUpdate
    return (row.update_id == update_id, row.started_at >= since)


class UpdateLedger:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def is_handled(self, update_id: int, since: datetime) -> bool:
        """Handled to the end, having arrived at `since` or later. An update that was only
        half handled (the process died in between) is not, and is handled again, which the use
        cases tolerate. An id handled before `since` is another update that was given the same
        id (see `handled_since`)."""
        finished = await self._session.scalar(
            select(models.ProcessedUpdate.finished_at).where(*handled_since(update_id, since))
        )
        return finished is not None

    async def finish(self, handled: list[tuple[int, datetime, datetime]]) -> None:
        """Record (update id, started, finished) of handled updates, in one statement."""
        if not handled:
            return
        table = models.table_of(models.ProcessedUpdate)
        # One row per id: a copy noted twice (Telegram resending while the first copy's note
        # waits) would make PostgreSQL refuse the whole statement ("cannot affect row a
        # second time"), and every later write with it.
        latest = {u: (s, f) for u, s, f in handled}
        statement = insert_for(self._session, table).values(
            [{"update_id": u, "started_at": s, "finished_at": f} for u, (s, f) in latest.items()]
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                # An old row of the id is another update's (see `handled_since`): this one's
                # times replace it, or its own redelivery would not be recognised.
                index_elements=["update_id"],
                set_={
                    "started_at": statement.excluded.started_at,
                    "finished_at": statement.excluded.finished_at,
                },
            )
        )

    async def forget_before(self, before: datetime) -> int:
        result = await self._session.execute(
            delete(models.ProcessedUpdate).where(models.ProcessedUpdate.started_at < before)
        )
        return rowcount(result)
