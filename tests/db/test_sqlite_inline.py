"""An update's SQLite statements run on the loop; what could hold the loop still goes to a
thread, and nothing read or written differs (db/sqlite_inline.py)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from db.engine import Database
from db.sqlite_inline import statements_on_loop

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

_C = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :n)"
COUNT = text(f"{_C} SELECT count(*), thread() FROM c")  # noqa: S608 - constants only
ROWS = text(f"{_C} SELECT x, thread() FROM c")  # noqa: S608
FILL = text(f"{_C} INSERT INTO scratch SELECT x FROM c")  # noqa: S608


@pytest.fixture
def threads(database: Database) -> Database:
    """`thread()` in SQL: the id of the thread that runs the statement."""

    def register(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.create_function("thread", 0, threading.get_ident)

    for engine in database.sync_engines:
        event.listen(engine, "connect", register)

    return database


async def _thread_of_read(database: Database) -> int:
    async with database.snapshot() as tx:
        return int(await tx.session.scalar(text("SELECT thread()")) or 0)


async def test_an_updates_statements_run_on_the_loop_and_others_in_the_thread(
    threads: Database,
) -> None:
    loop_thread = threading.get_ident()
    assert await _thread_of_read(threads) != loop_thread
    with statements_on_loop():
        assert await _thread_of_read(threads) == loop_thread
        async with threads.transaction() as tx:  # a write: begun in the thread, then the loop
            written = await tx.session.scalar(text("SELECT thread()"))
    assert written == loop_thread
    assert await _thread_of_read(threads) != loop_thread


async def test_a_long_read_goes_to_the_thread_and_answers_in_full(threads: Database) -> None:
    with statements_on_loop():
        async with threads.snapshot() as tx:
            found = (await tx.session.execute(COUNT, {"n": 2_000_000})).one()
    assert found[0] == 2_000_000
    assert found[1] != threading.get_ident()


async def test_a_read_whose_rows_come_slowly_is_read_again_in_the_thread(
    threads: Database,
) -> None:
    """The first row is at hand at once; fetching the rest runs long."""
    with statements_on_loop():
        async with threads.snapshot() as tx:
            rows = (await tx.session.execute(ROWS, {"n": 300_000})).all()
    assert [x for x, _ in rows] == list(range(1, 300_001))
    assert {thread for _, thread in rows} != {threading.get_ident()}


async def test_a_long_write_is_never_interrupted(database: Database) -> None:
    with statements_on_loop():
        async with database.transaction() as tx:
            await tx.session.execute(text("CREATE TABLE scratch (x INTEGER)"))
            await tx.session.execute(FILL, {"n": 300_000})
        async with database.snapshot() as tx:
            stored = await tx.session.scalar(text("SELECT count(*) FROM scratch"))
    assert stored == 300_000


async def test_a_write_waiting_for_another_process_leaves_the_loop_free(
    database: Database, database_url: str
) -> None:
    """Another process holds the write lock: the update's transaction waits in the thread
    (SQLite's busy timeout), and the loop goes on; it begins once the lock is free."""
    other = sqlite3.connect(str(make_url(database_url).database), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:

        async def write() -> None:
            with statements_on_loop():
                async with database.transaction() as tx:
                    await tx.session.execute(text("CREATE TABLE scratch (x INTEGER)"))

        async with asyncio.TaskGroup() as group:
            writing = group.create_task(write())
            await asyncio.sleep(0.2)  # a loop held by the busy wait would not come back here
            assert not writing.done()
            other.rollback()
    finally:
        other.close()
    async with database.snapshot() as tx:
        assert await tx.session.scalar(text("SELECT count(*) FROM scratch")) == 0


async def _scratch(database: Database) -> None:
    async with database.transaction() as tx:
        await tx.session.execute(text("CREATE TABLE scratch (x INTEGER)"))


async def _stored(database: Database) -> list[int]:
    async with database.snapshot() as tx:
        return list(await tx.session.scalars(text("SELECT x FROM scratch ORDER BY x")))


async def test_a_failing_use_case_on_the_loop_writes_nothing(database: Database) -> None:
    await _scratch(database)

    async def fails() -> None:
        async with database.transaction() as tx:
            await tx.session.execute(text("INSERT INTO scratch VALUES (1)"))
            raise LookupError

    with statements_on_loop(), pytest.raises(LookupError):
        await fails()
    assert await _stored(database) == []
    with statements_on_loop():  # and the next transaction is a clean one
        async with database.transaction() as tx:
            await tx.session.execute(text("INSERT INTO scratch VALUES (2)"))
    assert await _stored(database) == [2]


async def test_a_read_moved_to_the_thread_keeps_what_the_transaction_wrote(
    threads: Database,
) -> None:
    """SQLite rolls back an interrupted write, never an interrupted read: the write before it
    stays, and is committed with the transaction."""
    await _scratch(threads)
    with statements_on_loop():
        async with threads.transaction() as tx:
            await tx.session.execute(text("INSERT INTO scratch VALUES (7)"))
            found = (await tx.session.execute(COUNT, {"n": 2_000_000})).one()
            assert found[1] != threading.get_ident()  # it was moved
            await tx.session.execute(text("INSERT INTO scratch VALUES (8)"))
    assert await _stored(threads) == [7, 8]


async def test_large_work_and_tasks_started_from_an_update_stay_in_the_thread(
    threads: Database,
) -> None:
    loop_thread = threading.get_ident()

    async def reads_in(large: bool) -> int:
        async with threads.snapshot(large=large) as tx:
            return int(await tx.session.scalar(text("SELECT thread()")) or 0)

    with statements_on_loop():
        assert await reads_in(large=False) == loop_thread
        assert await reads_in(large=True) != loop_thread
        async with threads.transaction(large=True) as tx:
            assert await tx.session.scalar(text("SELECT thread()")) != loop_thread
        # A task started meanwhile (a notice in the background, a job) copies the context
        # but is not the update's task.
        assert await asyncio.ensure_future(reads_in(large=False)) != loop_thread


async def test_a_streamed_read_is_refused_on_the_loop(database: Database) -> None:
    with statements_on_loop():
        async with database.snapshot() as tx:
            with pytest.raises(RuntimeError, match="large=True"):
                await tx.session.stream(text("SELECT 1"))
        async with database.snapshot(large=True) as tx:
            assert [tuple(r) async for r in await tx.session.stream(text("SELECT 1"))] == [(1,)]
