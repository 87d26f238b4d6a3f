"""Engine and session factories: built from a URL, never at import time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, QueuePool, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from db.sqlite_inline import LoopSession, on_loop
from db.transaction import Transaction

SQLITE_BUSY_TIMEOUT_MS = 30_000
_READ_ONLY = "kinerja_read_only"


@dataclass(frozen=True, slots=True)
class Database:
    """One engine with a write and a read session factory (and on SQLite a second,
    synchronous engine for the statements of an update, db/sqlite_inline.py).

    On SQLite every write transaction starts with BEGIN IMMEDIATE: a deferred BEGIN under WAL
    fails with "database is locked" when two read-modify-writes race, and the driver's default
    mode silently loses one of them. Reads start deferred so they never wait for a writer.
    """

    engine: AsyncEngine
    _writes: async_sessionmaker[AsyncSession]
    _reads: async_sessionmaker[AsyncSession]
    _writer: asyncio.Lock | None = None
    """SQLite has one writer at a time. Waiting for this lock queues writers in order; without
    it they meet in SQLite's busy handler, which sleeps and polls (throughput fell to ~30
    updates/s under load)."""

    @property
    def sync_engines(self) -> tuple[Engine, ...]:
        """Every engine that runs statements, for listeners of their events."""
        return (self.engine.sync_engine,) + (() if self._loop is None else (self._loop,))

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    _loop: Engine | None = None
    """SQLite through pysqlite, for the statements of `statements_on_loop()`."""
    _loop_reads: Engine | None = None

    @asynccontextmanager
    async def transaction(self, *, large: bool = False) -> AsyncIterator[Transaction]:
        """One use case, one transaction: commits on success, rolls back on any error.
        `large`: many rows (a period's figures), never on the loop."""
        if self._writer is not None and self._loop is not None and on_loop() and not large:
            on_the_loop = LoopSession(self._loop)
            async with self._writer:
                with on_the_loop.sync_session:  # closing rolls back what was not committed
                    await on_the_loop.begin_writing()
                    yield Transaction(on_the_loop)
                    await on_the_loop.commit_writing()
            return
        if self._writer is None:
            async with self._writes() as session, session.begin():
                yield Transaction(session)
            return
        async with self._writer, self._writes() as session, session.begin():
            yield Transaction(session)

    @asynccontextmanager
    async def snapshot(self, *, large: bool = False) -> AsyncIterator[Transaction]:
        """A read-only transaction; anything written in it is rolled back. `large`: rows
        streamed (an export), never on the loop."""
        if self._loop_reads is not None and on_loop() and not large:
            on_the_loop = LoopSession(self._loop_reads)
            with on_the_loop.sync_session as sync:
                sync.begin()
                yield Transaction(on_the_loop)
                sync.expunge_all()  # as below
                sync.rollback()
            return
        async with self._reads() as session:
            try:
                async with session.begin():
                    yield Transaction(session)
                    # Keep what was read usable after the block (a rollback would expire it).
                    session.expunge_all()
                    await session.rollback()
            finally:
                await session.close()

    async def ping(self) -> bool:
        """Whether the database answers a trivial query (for /healthz)."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._loop is not None:
            self._loop.dispose()


SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
"""What SQLite keeps beside the database file (WAL mode, shared memory, rollback journal)."""


def sqlite_files(url: str) -> tuple[Path, ...]:
    """The SQLite file of the URL and its companions, as the database opens them (relative to
    the working directory); none for PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return ()
    path = Path(str(parsed.database))
    return (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS))


def create_database(url: str, *, echo: bool = False, pool_size: int = 10) -> Database:
    """`hide_parameters`: a statement's parameters (identity hashes, Telegram user ids) stay out
    of its exception's message and of the echo log; the error log shows the SQL alone."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise ValueError("kinerja needs a SQLite file, not an in-memory database")
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    else:
        kwargs["pool_size"] = pool_size
        kwargs["pool_pre_ping"] = True
    engine = create_async_engine(parsed, **kwargs)
    loop = None
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine.sync_engine)
        loop = _loop_engine(parsed, echo)
    writes = async_sessionmaker(engine, expire_on_commit=False)
    reads = async_sessionmaker(
        engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False
    )
    writer = asyncio.Lock() if parsed.get_backend_name() == "sqlite" else None
    return Database(
        engine=engine,
        _writes=writes,
        _reads=reads,
        _writer=writer,
        _loop=loop,
        _loop_reads=None if loop is None else loop.execution_options(**{_READ_ONLY: True}),
    )


def _loop_engine(url: URL, echo: bool) -> Engine:
    """The same file through pysqlite, for `LoopSession`s (db/sqlite_inline.py). Its pool never
    makes a caller wait (no overflow limit): a wait there would hold the whole loop."""
    engine = create_engine(
        url.set(drivername="sqlite+pysqlite"),
        echo=echo,
        hide_parameters=True,
        poolclass=QueuePool,
        pool_size=10,
        max_overflow=-1,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (SQLAlchemy's documented pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # On the driver's cursor: through `exec_driver_sql` a BEGIN cost as much as a query.
        cursor = connection.connection.cursor()
        try:
            cursor.execute(begin_statement(connection))
        finally:
            cursor.close()


def begin_statement(connection: Connection) -> str:
    """The BEGIN of a SQLite transaction on this connection (see `Database`)."""
    return (
        "BEGIN" if connection.get_execution_options().get(_READ_ONLY, False) else "BEGIN IMMEDIATE"
    )
