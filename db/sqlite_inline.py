"""SQLite statements of an update run on the event loop's thread, through a synchronous engine.

Through aiosqlite, each DBAPI call is a trip to the connection's own thread and back (a queue,
a future, a wake-up of the loop through its self-pipe), and SQLAlchemy's asyncio layer adds a
greenlet switch for each: a one-row read cost ~300 µs of CPU where SQLite itself takes a few.
Within `statements_on_loop()`, `Database` hands out `LoopSession`s instead: an `AsyncSession`
whose `Session` is bound to a plain pysqlite engine on the same file, so a statement runs where
it is awaited (~130 µs for the same read). What could hold the loop still goes to a thread:

- the `BEGIN IMMEDIATE` of a write transaction, which waits (up to the busy timeout) while
  another process writes, and its `COMMIT`, which now and then copies the WAL back into the
  database file (SQLite's automatic checkpoint: up to ~4 MB and an fsync);
- a read that takes longer than `READ_BUDGET_SECONDS`: SQLite interrupts it (a progress
  handler) and it runs again in a thread. A read has no effect, so running it again is safe;
  a write is never interrupted (that would roll back its whole transaction);
- a transaction of many rows is not run here at all: `Database.transaction(large=True)` (a
  period's figures) and `snapshot(large=True)` (an export's rows, streamed) stay threaded.

Only the task that entered `statements_on_loop()` runs on the loop: tasks and jobs it starts
(a notice in the background, a job scheduled from a handler) do not inherit it. Outside it,
and on PostgreSQL, nothing changes: aiosqlite or asyncpg as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, Result, TextClause, exc
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")

READ_BUDGET_SECONDS = 0.002
"""A read still running after this is moved to a thread (a tap's reads take ~20 µs)."""
_CHECK_EVERY = 1_000
"""SQLite virtual machine steps between two looks at the clock."""

_on_loop: ContextVar[asyncio.Task[Any] | None] = ContextVar("kinerja_sqlite_on_loop", default=None)
"""The task whose statements run on the loop (a context variable is copied into every task and
callback started from it, so it names the one task it is meant for)."""


@contextmanager
def statements_on_loop() -> Iterator[None]:
    """Run the SQLite statements of the current task, within this block, on the loop."""
    token = _on_loop.set(asyncio.current_task())
    try:
        yield
    finally:
        _on_loop.reset(token)


def on_loop() -> bool:
    task = _on_loop.get()
    return task is not None and task is asyncio.current_task()


async def in_thread(call: Callable[[], T]) -> T:
    """`call()` in a thread; if the caller is cancelled meanwhile, the session it uses is
    left alone until the call is over (closing it under a running statement would return
    its connection to the pool mid-transaction)."""
    running = asyncio.ensure_future(asyncio.to_thread(call))
    try:
        return await asyncio.shield(running)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await running
        raise


class LoopSession(AsyncSession):
    """An `AsyncSession` over a synchronous engine: what the repositories await runs at once.

    `execute`, `scalar` and `scalars` of a read are guarded by the read budget; everything
    else is `AsyncSession`'s own, which runs the synchronous call in a greenlet that never
    has to wait."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(expire_on_commit=False)
        self.sync_session.bind = engine

    async def begin_writing(self) -> None:
        """Take a connection and BEGIN IMMEDIATE in a thread (it may wait for another
        process's write lock); the statements that follow run on the loop."""
        await in_thread(self.sync_session.connection)

    async def commit_writing(self) -> None:
        """COMMIT in a thread: it may checkpoint the WAL."""
        await in_thread(self.sync_session.commit)

    async def stream(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        """Not on the loop: its rows would be fetched here, unguarded, as they are read."""
        raise RuntimeError("a streamed read belongs in database.snapshot(large=True)")

    async def execute(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        def run() -> Any:
            return self.sync_session.execute(statement, *args, **kwargs)

        session = self.sync_session
        pending = session.new or session.dirty or session.deleted  # a read would flush them
        if pending or not _is_read(statement):
            return run()
        return await self._read(run)

    async def scalar(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        return (await self.execute(statement, *args, **kwargs)).scalar()

    async def scalars(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        return (await self.execute(statement, *args, **kwargs)).scalars()

    async def _read(self, run: Callable[[], Result[Any]]) -> Result[Any]:
        """The rows read at once within the budget (a synchronous result would fetch them
        later, unguarded), else again in a thread."""

        def read() -> Result[Any]:
            return run().freeze()()

        raw = cast(sqlite3.Connection, self.sync_session.connection().connection.driver_connection)
        deadline = time.perf_counter() + READ_BUDGET_SECONDS
        raw.set_progress_handler(lambda: time.perf_counter() > deadline, _CHECK_EVERY)
        try:
            return read()
        except exc.OperationalError as error:
            if not _interrupted(error.orig):
                raise
        finally:
            raw.set_progress_handler(None, 0)
        return await in_thread(read)


def _is_read(statement: Any) -> bool:
    """A SELECT, or a textual statement that only reads. Erring towards "writes" only costs the
    guard: a write taken for a read and interrupted would roll back its transaction."""
    if isinstance(statement, TextClause):
        return _reads_only(statement.text)
    return bool(getattr(statement, "is_select", False))


_WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA)\b", re.I)


@lru_cache(maxsize=256)
def _reads_only(sql: str) -> bool:
    return sql.lstrip()[:7].upper().startswith(("SELECT", "WITH ")) and not _WRITES.search(sql)


def _interrupted(error: BaseException | None) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.OperationalError) and code == sqlite3.SQLITE_INTERRUPT
