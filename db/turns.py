"""A sender's turn across processes: several `kinerja run --webhook` on one PostgreSQL database.

Telegram sends a chat's messages one at a time and a user's taps one at a time, each only once
the webhook answered the one before. But a message and a tap of one user are two queues, which a
load balancer may hand to two processes at once; and a copy of an update whose answer timed out
may reach another process while the first still handles it. Within a process the update
processor gives each sender their turn; this gives it across processes: a PostgreSQL advisory
lock per sender, held until the update is handled and its ledger note committed, so the other
process's update waits for it and a copy then finds the note.

One connection per process holds all its locks. `pg_try_advisory_lock` answers at once, so no
update waits on that connection for another sender's turn; a lock another process holds is
tried again after a short, growing sleep (one sender's updates in two processes at once are
rare). If the connection is lost, PostgreSQL releases its locks: the turns it held end early,
never late.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger("kinerja.turns")

LOCK_CLASS = 0x4B4E4A54
"""The first key of the two-key advisory locks ("KNJT"): these never meet the one-key form."""
FIRST_WAIT = 0.001
LONGEST_WAIT = 0.02
_TRY = "SELECT pg_try_advisory_lock($1, $2)"
_RELEASE = "SELECT pg_advisory_unlock($1, $2)"


def lock_key(sender: int) -> int:
    """A sender's id (Telegram's are up to 52 bits) folded into the lock's signed 32-bit key.
    Two senders that share a key only take turns they did not need to."""
    folded = (sender ^ (sender >> 32)) & 0xFFFFFFFF
    return folded - (1 << 32) if folded >= 1 << 31 else folded


class SharedTurns:
    """Each sender's turn among every process on the database (see the module)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._driver: Any = None
        """asyncpg's connection under `_connection` (asyncpg has no type hints)."""
        self._using = asyncio.Lock()
        """One statement at a time on the connection (asyncpg allows no more)."""
        self.waits = 0
        """Tries that found a sender's turn taken elsewhere: how often processes met."""

    @contextlib.asynccontextmanager
    async def turn(self, sender: int) -> AsyncIterator[None]:
        key = lock_key(sender)
        held_on = await self._take(key)
        try:
            yield
        finally:
            await self._release(key, held_on)

    async def _take(self, key: int) -> AsyncConnection:
        wait = FIRST_WAIT
        while True:
            taken, connection = await self._ask(_TRY, key)
            if taken:
                return connection
            self.waits += 1
            await asyncio.sleep(wait)
            wait = min(2 * wait, LONGEST_WAIT)

    async def _release(self, key: int, held_on: AsyncConnection) -> None:
        """On the connection the lock was taken on; if that one was lost, so was the lock."""
        if held_on is not self._connection:
            return
        try:
            await self._ask(_RELEASE, key)
        except Exception:  # the lock went with the connection; the update itself was handled
            log.warning("a sender's turn could not be released; its connection was reset")

    async def _ask(self, statement: str, key: int) -> tuple[bool, AsyncConnection]:
        """On asyncpg's own connection, with its cached prepared statement: a fraction of what
        the same statement costs through SQLAlchemy, twice for every update."""
        async with self._using:
            connection, driver = await self._connected()
            try:
                answer = await driver.fetchval(statement, LOCK_CLASS, key)
            except Exception:
                await self._reset()
                raise
            return bool(answer), connection

    async def _connected(self) -> tuple[AsyncConnection, Any]:
        if self._connection is None:
            connection = await self._engine.connect()
            self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            self._driver = (await self._connection.get_raw_connection()).driver_connection
        return self._connection, self._driver

    async def _reset(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()

    async def close(self) -> None:
        """Release every turn still held (none once the updates in hand are done)."""
        async with self._using:
            await self._reset()
