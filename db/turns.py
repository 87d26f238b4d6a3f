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
import time
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger("kinerja.turns")

LOCK_CLASS = 0x4B4E4A54
"""The first key of the two-key advisory locks ("KNJT"): these never meet the one-key form."""
FIRST_WAIT = 0.001
LONGEST_WAIT = 0.02
LONGEST_HOLD = 60.0
"""Seconds an update waits for a sender's turn held elsewhere before it fails (a process that
hangs with its connection alive would otherwise hold the sender in every process)."""
_TRY = "SELECT pg_try_advisory_lock($1, $2)"
_RELEASE = "SELECT pg_advisory_unlock($1, $2)"


def lock_key(sender: int) -> int:
    """A sender's id (Telegram's are up to 52 bits) folded into the lock's signed 32-bit key.
    Two senders that share a key only take turns they did not need to."""
    folded = (sender ^ (sender >> 32)) & 0xFFFFFFFF
    return folded - (1 << 32) if folded >= 1 << 31 else folded


class TurnNotFree(RuntimeError):
    """A sender's turn stayed taken elsewhere for `LONGEST_HOLD` seconds: the update fails, its
    webhook request is answered 500, and Telegram sends it again later."""


class SharedTurns:
    """Each sender's turn among every process on the database (see the module)."""

    def __init__(self, engine: AsyncEngine) -> None:
        # A connection of its own, outside the pool: a pooled one would go back to the pool on
        # a reset with its session, and so its locks, still alive.
        self._engine = create_async_engine(engine.url, poolclass=NullPool)
        self._connection: AsyncConnection | None = None
        self._driver: Any = None
        """asyncpg's connection under `_connection` (asyncpg has no type hints)."""
        self._using = asyncio.Lock()
        """One statement at a time on the connection (asyncpg allows no more)."""
        self.waits = 0
        """Tries that found a sender's turn taken elsewhere: how often processes met."""

    @contextlib.asynccontextmanager
    async def turn(self, sender: int) -> AsyncIterator[None]:
        """Entered after the process's own turn for the sender, so that a process asks for a
        sender's lock for one update at a time."""
        key = lock_key(sender)
        held_on = await self._take(key)
        try:
            yield
        finally:
            await self._release(key, held_on)

    async def _take(self, key: int) -> AsyncConnection:
        wait = FIRST_WAIT
        started = time.monotonic()
        warned = False
        while True:
            async with self._using:
                connection, driver = await self._connected()
                if await self._asked(driver, _TRY, key):
                    return connection
            self.waits += 1
            waited = time.monotonic() - started
            if waited > LONGEST_HOLD:
                raise TurnNotFree(f"a sender's turn stayed taken for {LONGEST_HOLD:.0f} s")
            if not warned and waited > 5:
                log.warning("an update has waited 5 s for its sender's turn in another process")
                warned = True
            await asyncio.sleep(wait)
            wait = min(2 * wait, LONGEST_WAIT)

    async def _release(self, key: int, held_on: AsyncConnection) -> None:
        """On the connection the lock was taken on, checked while no reset can come between;
        if that one was lost, so was the lock, and nothing is released on another."""
        async with self._using:
            if held_on is not self._connection:
                return
            try:
                await self._asked(self._driver, _RELEASE, key)
            except Exception:  # the connection is closed now, and the lock went with it
                log.warning("a sender's turn could not be released; its connection was reset")

    async def _asked(self, driver: Any, statement: str, key: int) -> bool:
        """On asyncpg's own connection, with its cached prepared statement: a fraction of what
        the same statement costs through SQLAlchemy, twice for every update. Any failure or
        cancellation mid-statement leaves the lock's state unknown: the connection is closed,
        which ends every turn it held (they end early, never late)."""
        try:
            return bool(await driver.fetchval(statement, LOCK_CLASS, key))
        except BaseException:
            await self._reset()
            raise

    async def _connected(self) -> tuple[AsyncConnection, Any]:
        if self._connection is None:
            connection = await self._engine.connect()
            try:
                self._driver = (await connection.get_raw_connection()).driver_connection
            except BaseException:
                await connection.close()
                raise
            self._connection = connection
        return self._connection, self._driver

    async def _reset(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            log.warning("the connection of the senders' turns was closed; turns held end now")
            with contextlib.suppress(Exception):
                await connection.close()

    async def close(self) -> None:
        """Close the connection, which ends every turn still held (none once the updates in
        hand are done)."""
        async with self._using:
            await self._reset()
        await self._engine.dispose()
