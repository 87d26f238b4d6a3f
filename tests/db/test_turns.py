"""A sender's turn among processes on one PostgreSQL database (`db.turns`): each process has
its own engine here, as each `kinerja run --webhook` has its own pool."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from db import turns
from db.engine import Database, create_database
from db.turns import LOCK_CLASS, SharedTurns, TurnNotFree, lock_key

pytestmark = pytest.mark.postgres
SENDER = 5_123_456_789  # beyond 32 bits, as Telegram's newer ids are


@pytest.fixture
async def two(postgres_migrated: str) -> AsyncIterator[tuple[SharedTurns, SharedTurns, Database]]:
    """Two processes' turns, and a third engine to look at the locks from outside."""
    engines = [create_database(postgres_migrated) for _ in range(3)]
    first, second = SharedTurns(engines[0].engine), SharedTurns(engines[1].engine)
    try:
        yield first, second, engines[2]
    finally:
        for turns in (first, second):
            await turns.close()
        for database in engines:
            await database.dispose()


async def _held_locks(database: Database) -> int:
    async with database.engine.connect() as connection:
        found = await connection.scalar(
            text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = :c"),
            {"c": LOCK_CLASS},
        )
    return int(found or 0)


async def test_one_senders_turn_is_held_by_one_process_at_a_time(
    two: tuple[SharedTurns, SharedTurns, Database],
) -> None:
    first, second, observer = two
    order: list[str] = []
    holding = asyncio.Event()
    release = asyncio.Event()

    async def in_first() -> None:
        async with first.turn(SENDER):
            order.append("first in")
            holding.set()
            await release.wait()
            order.append("first out")

    async def in_second() -> None:
        await holding.wait()
        async with second.turn(SENDER):
            order.append("second in")

    tasks = [asyncio.ensure_future(in_first()), asyncio.ensure_future(in_second())]
    await holding.wait()
    await asyncio.sleep(0.1)
    assert order == ["first in"], "the second process took a turn the first holds"
    assert second.waits > 0
    release.set()
    await asyncio.gather(*tasks)
    assert order == ["first in", "first out", "second in"]
    assert await _held_locks(observer) == 0, "a turn outlived its update"


async def test_different_senders_go_at_once_and_one_process_may_hold_many(
    two: tuple[SharedTurns, SharedTurns, Database],
) -> None:
    first, second, _ = two
    inside = 0
    everyone_in = asyncio.Event()

    async def update(turns: SharedTurns, sender: int) -> None:
        nonlocal inside
        async with turns.turn(sender):
            inside += 1
            if inside == 20:
                everyone_in.set()
            await everyone_in.wait()  # each stays in until all twenty are in at once

    async with asyncio.timeout(10):
        await asyncio.gather(*(update((first, second)[i % 2], 1000 + i) for i in range(20)))
    assert first.waits == second.waits == 0


async def test_senders_sharing_a_key_in_one_process_both_go_and_both_release(
    two: tuple[SharedTurns, SharedTurns, Database],
) -> None:
    """The lock is re-entrant within a session: two senders of one process folded to one key
    both go; the other process waits until both are done."""
    first, second, observer = two
    a, b = 1, 1 << 32
    assert lock_key(a) == lock_key(b)
    async with first.turn(a), first.turn(b):
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.1), second.turn(a):
                pass
    async with asyncio.timeout(5), second.turn(a):
        pass
    assert await _held_locks(observer) == 0


async def test_a_cancelled_update_leaves_no_turn_behind(
    two: tuple[SharedTurns, SharedTurns, Database],
) -> None:
    """Cancelled while holding the turn (uvicorn ending a request at shutdown) or while
    waiting for it: the sender is free for the other process afterwards."""
    first, second, observer = two
    holding = asyncio.Event()

    async def held_forever() -> None:
        async with first.turn(SENDER):
            holding.set()
            await asyncio.Event().wait()

    holder = asyncio.ensure_future(held_forever())
    await holding.wait()
    waiter = asyncio.ensure_future(second.turn(SENDER).__aenter__())
    await asyncio.sleep(0.05)
    for task in (waiter, holder):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    async with asyncio.timeout(5), second.turn(SENDER):
        pass
    async with asyncio.timeout(5), first.turn(SENDER):
        pass
    assert await _held_locks(observer) == 0


async def test_a_turn_held_too_long_elsewhere_fails_the_update(
    two: tuple[SharedTurns, SharedTurns, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that hangs with its connection alive must not hold a sender forever: the
    update fails (its webhook request gets 500) and Telegram sends it again later."""
    first, second, _ = two
    monkeypatch.setattr(turns, "LONGEST_HOLD", 0.2)
    async with first.turn(SENDER):
        with pytest.raises(TurnNotFree):
            async with second.turn(SENDER):
                pass


async def test_a_lost_connection_ends_its_turns_and_the_other_process_goes_on(
    two: tuple[SharedTurns, SharedTurns, Database],
) -> None:
    """A process whose database connection dies (or which dies) holds no one's turn: PostgreSQL
    releases the locks with the session, and the release that follows finds nothing to do."""
    first, second, observer = two
    holding = asyncio.Event()
    release = asyncio.Event()

    async def in_first() -> None:
        async with first.turn(SENDER):
            holding.set()
            await release.wait()

    held = asyncio.ensure_future(in_first())
    await holding.wait()
    async with observer.engine.connect() as connection:
        await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks"
                " WHERE locktype = 'advisory' AND classid = :c"
            ),
            {"c": LOCK_CLASS},
        )
        await connection.commit()
    async with asyncio.timeout(5):
        async with second.turn(SENDER):
            pass
    release.set()
    await held  # the lost lock's release fails quietly: the update was handled
    async with first.turn(SENDER):  # a new connection serves the next turn
        assert await _held_locks(observer) == 1
    assert await _held_locks(observer) == 0


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_every_sender_has_a_key_postgresql_accepts(sender: int) -> None:
    """Group chats' ids are negative; users' reach 52 bits; the key is a signed int4."""
    assert -(2**31) <= lock_key(sender) < 2**31


def test_keys_of_nearby_senders_differ() -> None:
    senders = range(5_000_000_000, 5_000_010_000)
    assert len({lock_key(s) for s in senders}) == len(senders)
