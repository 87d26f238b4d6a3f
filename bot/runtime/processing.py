"""Concurrent update processing that is fair to every user and keeps each one's updates in order.

Telegram is ~50 ms away from Indonesia, so one-by-one processing caps near 20 updates/s. PTB's
bare `concurrent_updates(True)` reorders one user's messages (a survey answer could overtake the
one before it), so each user's updates take turns while different users run in parallel. A
user's update waits for its turn *before* it takes one of the shared slots: a user with a
thousand queued updates holds one slot, not all of them, and whoever writes next is served at
once. Before either, the sender's pace (`bot.runtime.paces`) decides whether the update is
worked on at all. With several webhook processes on one PostgreSQL database, the turn is also
taken among them (`db.turns`), after the process's own and still before the slot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping
from typing import Any

from telegram.ext import BaseUpdateProcessor

from db.turns import SharedTurns

log = logging.getLogger("kinerja.runner")


def sender_of(data: Mapping[str, Any]) -> int | None:
    """Whose turn an update takes, read from the update as Telegram sent it (so that a dropped
    one is never parsed): the user it is from, or else its chat."""
    for value in data.values():
        if isinstance(value, dict):
            for field in ("from", "chat"):
                who = value.get(field)
                if isinstance(who, dict) and type(who.get("id")) is int:
                    return int(who["id"])
    return None


def sent_at(data: Mapping[str, Any]) -> float | None:
    """When the update was sent, where Telegram says (a message's date, in whole seconds; an
    edit's date of edit); None for a tap, which carries no time."""
    for kind, field in (("message", "date"), ("edited_message", "edit_date")):
        value = data.get(kind)
        if isinstance(value, dict) and type(value.get(field)) is int:
            return float(value[field])
    return None


def fair_processor(processor: BaseUpdateProcessor) -> FairUpdateProcessor:
    """The application's processor, which `bot.app` builds as a FairUpdateProcessor."""
    assert isinstance(processor, FairUpdateProcessor)  # noqa: S101
    return processor


class FairUpdateProcessor(BaseUpdateProcessor):
    """PTB's processor with per-user turns taken outside its shared slots.

    PTB's `process_update` takes a slot first and only then calls `do_process_update`, so a lock
    there would let one user's waiting updates fill every slot. The runner calls `in_turn`
    instead: the user's turn first, then the slot.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._in_hand = 0
        self._background: set[asyncio.Task[None]] = set()
        self.shared: SharedTurns | None = None
        """Set by the webhook runner on PostgreSQL, where other processes may take updates."""

    @property
    def current_concurrent_updates(self) -> int:
        """Updates accepted and not finished, including those waiting for their user's turn:
        what "is the bot still busy?" needs to know."""
        return self._in_hand

    @contextlib.asynccontextmanager
    async def _held(self) -> AsyncIterator[None]:
        self._in_hand += 1
        try:
            yield
        finally:
            self._in_hand -= 1

    @contextlib.asynccontextmanager
    async def _turn(self, key: int) -> AsyncIterator[None]:
        lock = self._turns.setdefault(key, asyncio.Lock())  # FIFO: arrival order is kept
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[key] -= 1
            if self._waiting[key] == 0:  # forget idle users so memory stays flat
                del self._waiting[key]
                del self._turns[key]

    async def in_turn(
        self, key: int | None, update: object, process: Callable[[], Awaitable[Any]]
    ) -> None:
        """`process()` the update in the turn of `key` (its sender), then in a shared slot."""
        async with self._held():
            if key is None:
                await self.process_update(update, process())
                return
            async with self._turn(key), self._shared_turn(key):
                await self.process_update(update, process())

    @contextlib.asynccontextmanager
    async def _shared_turn(self, key: int) -> AsyncIterator[None]:
        if self.shared is None:
            yield
            return
        async with self.shared.turn(key):
            yield

    def in_background(self, work: Coroutine[Any, Any, Any]) -> None:
        """Work for an update that takes neither a turn nor a slot and need not end before the
        update is confirmed (the pace's notice to a dropped sender, a hint): counted in hand
        from now until it ends, and awaited at shutdown."""
        self._in_hand += 1  # now, not when the task starts: the update may end first

        async def best_effort() -> None:
            try:
                await work
            except Exception:  # best effort: the update it was for is handled already
                log.warning("background work failed", exc_info=True)

        def done(task: asyncio.Task[None]) -> None:
            self._background.discard(task)
            self._in_hand -= 1
            work.close()  # never started if cancelled at once; a no-op once it ran

        task = asyncio.get_running_loop().create_task(best_effort())
        self._background.add(task)
        task.add_done_callback(done)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def initialize(self) -> None:
        return None

    async def background_done(self) -> None:
        """Wait for the work in the background (the runner, before the bot is shut down)."""
        await asyncio.gather(*self._background, return_exceptions=True)

    async def shutdown(self) -> None:
        await self.background_done()
