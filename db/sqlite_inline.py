"""SQLite statements of an update run on the event loop's thread instead of aiosqlite's.

Each aiosqlite call is a trip to the connection's own thread and back: a queue, a future and a
wake-up of the loop through its self-pipe, about 50 µs of CPU. A survey tap makes a dozen such
calls (cursor, execute, fetch, close for each statement; begin and commit) for statements that
take SQLite itself a few µs each. Within `statements_on_loop()` the calls run where they are
made. Two kinds still go to the thread, so the loop never waits long:

- `BEGIN IMMEDIATE`, which waits (up to the busy timeout) while another process writes;
- a read that takes longer than `READ_BUDGET_SECONDS`: SQLite interrupts it (a progress
  handler) and it runs again in the thread. A read has no effect, so running it again is safe;
  a write is never interrupted (that would roll back its whole transaction), and the writes of
  an update are a few rows.

Fetching rows one chunk at a time (a streamed result) always goes to the thread: a chunk
already handed out could not be taken back to run the read again.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, partial
from typing import Any

import aiosqlite

READ_BUDGET_SECONDS = 0.002
"""A read still running after this is moved to the thread (a tap's reads take ~20 µs)."""
_CHECK_EVERY = 1_000
"""SQLite virtual machine steps between two looks at the clock."""

_on_loop: ContextVar[bool] = ContextVar("kinerja_sqlite_on_loop", default=False)
_INLINE = frozenset({"cursor", "execute", "executemany", "fetchall", "close", "commit", "rollback"})


@contextmanager
def statements_on_loop() -> Iterator[None]:
    """Run the SQLite calls made in this context (and in tasks it starts) on the loop."""
    token = _on_loop.set(True)
    try:
        yield
    finally:
        _on_loop.reset(token)


class LoopConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run on the calling thread within
    `statements_on_loop()`; the SQLAlchemy adapter drives one connection one call at a time,
    so the two threads never use it at once."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._thread.daemon = True  # as SQLAlchemy's aiosqlite dialect does for its own
        self._reads: dict[int, tuple[str, Any] | None] = {}
        """The read in hand of each cursor: what to run again if its fetch runs long, or None
        when it already went to the thread (so does its fetch)."""

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        name = getattr(fn, "__name__", "")
        owner = id(getattr(fn, "__self__", None))  # the sqlite3 cursor or connection
        if not _on_loop.get() or name not in _INLINE or not self._running or not self._connection:
            return await self._in_thread(partial(fn, *args, **kwargs))
        if name == "execute":
            sql = args[0]
            if sql.startswith("BEGIN IMMEDIATE"):
                return await self._in_thread(partial(fn, *args, **kwargs))
            if _is_read(sql):
                return await self._read(partial(fn, *args, **kwargs), owner, (sql, args[1:]))
        elif name == "fetchall" and owner in self._reads:
            return await self._fetch(fn, self._reads.pop(owner))
        elif name == "close":
            self._reads.pop(owner, None)
        return fn(*args, **kwargs)

    async def _in_thread(self, call: Callable[[], Any]) -> Any:
        return await super()._execute(call)  # type: ignore[no-untyped-call]

    async def _read(self, call: Callable[[], Any], cursor: int, read: tuple[str, Any]) -> Any:
        try:
            with self._budget():
                result = call()
        except sqlite3.OperationalError as error:
            if not _interrupted(error):
                raise
            self._reads[cursor] = None
            return await self._in_thread(call)
        self._reads[cursor] = read
        return result

    async def _fetch(self, fetchall: Callable[[], Any], read: tuple[str, Any] | None) -> Any:
        cursor = fetchall.__self__  # type: ignore[attr-defined]
        if read is None:
            return await self._in_thread(fetchall)
        sql, parameters = read
        try:
            with self._budget():
                return fetchall()
        except sqlite3.OperationalError as error:
            if not _interrupted(error):
                raise

        def again() -> Any:
            cursor.execute(sql, *parameters)
            return cursor.fetchall()

        return await self._in_thread(again)

    @contextmanager
    def _budget(self) -> Iterator[None]:
        deadline = time.perf_counter() + READ_BUDGET_SECONDS
        connection = self._conn
        connection.set_progress_handler(lambda: time.perf_counter() > deadline, _CHECK_EVERY)
        try:
            yield
        finally:
            connection.set_progress_handler(None, 0)


_WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA)\b", re.I)


@lru_cache(maxsize=1024)
def _is_read(sql: str) -> bool:
    """A statement that only reads. Erring towards "writes" only costs the guard: a write taken
    for a read and interrupted would roll back its transaction."""
    head = sql.lstrip()[:7].upper()
    return head.startswith(("SELECT", "WITH ")) and not _WRITES.search(sql)


def _interrupted(error: sqlite3.OperationalError) -> bool:
    return str(error) == "interrupted"


def connector(database: str, **kwargs: Any) -> Callable[[], LoopConnection]:
    """SQLAlchemy's `async_creator`: a connection usable from both threads."""
    connect = partial(sqlite3.connect, database, check_same_thread=False, **kwargs)
    return lambda: LoopConnection(connect)
