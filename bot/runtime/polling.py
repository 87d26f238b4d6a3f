"""Long polling that keeps fetching while updates are handled, and confirms only what is."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from typing import Any

from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBUserWarning

from bot.app import KinerjaApplication
from bot.runtime.dispatch import JSONDict, handle, note_handled

log = logging.getLogger("kinerja.runner")

ALLOWED_UPDATES = ["message", "callback_query"]
POLL_READ_MARGIN = 5.0
"""Seconds a getUpdates answer may take beyond its long poll before it counts as timed out."""

# `DurablePoller._fetch` calls getUpdates through `do_api_request` on purpose (unparsed).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)


class DurablePoller:
    """getUpdates in a loop that keeps fetching while earlier updates are being handled.

    Telegram's offset confirms every update below it, so it only ever moves to the oldest update
    still in hand (or past the newest when none is), after the ledger notes of everything
    below it are written. Updates fetched again because they are not confirmed yet are passed
    over; an older one sent again (a redelivery) is handled, and the ledger stops it. While
    updates are in hand, getUpdates returns at once (the unconfirmed ones), so instead of a
    long poll the loop waits for one of them to finish, or `idle_poll` seconds, before it
    looks again, and at least `busy_interval` seconds after the last look: each answer brings
    every update in hand again, and reading those costs more than handling the new ones.
    """

    def __init__(
        self,
        application: KinerjaApplication,
        timeout: int = 10,
        idle_poll: float = 0.02,
        busy_interval: float = 0.01,
    ) -> None:
        self._application = application
        self._timeout = timeout
        self._idle_poll = idle_poll
        self._busy_interval = busy_interval
        self._fetched_at = 0.0
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._waiting = False
        self._in_hand: dict[int, asyncio.Task[bool]] = {}
        self._unwritten = False
        """An update was handled since the ledger was last written."""
        self._unwritten_failed = False
        """The last write of the ledger failed: the loop waits before it tries again."""
        self._seen: set[int] = set()
        """Ids fetched and not confirmed yet: Telegram sends them again until they are."""
        self._confirmed: int | None = None
        self._progress = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="poller")

    def _offset(self) -> int | None:
        """The oldest update in hand, or past the newest seen. Not kept from going back: after
        a week without updates Telegram numbers afresh from a random id, perhaps a lower one,
        and an offset above it would confirm those updates unhandled."""
        if self._in_hand:
            offset: int | None = min(self._in_hand)
        else:
            offset = max(self._seen) + 1 if self._seen else self._confirmed
        return offset

    async def _confirmable(self) -> int | None:
        """The offset to send: the next one once the notes of the handled updates below it are
        written (dropped ones need no write of their own), else the one already confirmed."""
        offset = self._offset()
        if offset == self._confirmed:
            return offset
        self._unwritten_failed = False
        if self._unwritten:
            self._unwritten = False  # updates handled while this writes set it again
            try:
                await note_handled(self._application)
            except Exception as error:  # the database is away; confirm nothing new meanwhile
                self._unwritten = self._unwritten_failed = True
                log.warning(
                    "handled updates not noted (%s); not confirmed yet", type(error).__name__
                )
                return self._confirmed
        self._confirmed = offset
        if offset is not None:
            self._seen = {i for i in self._seen if i >= offset}
        return offset

    def _dispatch(self, data: JSONDict) -> None:
        update_id: int = data["update_id"]
        self._seen.add(update_id)
        task = asyncio.get_running_loop().create_task(handle(self._application, data))
        self._in_hand[update_id] = task
        task.add_done_callback(lambda done: self._finished(update_id, done))

    async def _fetch(self, offset: int | None) -> list[JSONDict]:
        """getUpdates, unparsed: the updates fetched again while in hand are only passed over,
        and a dropped one is never parsed (PTB's `get_updates` would parse them all)."""
        timeout = 0 if self._in_hand else self._timeout
        result = await self._application.bot.do_api_request(
            "getUpdates",
            api_kwargs={
                "offset": offset,
                "timeout": timeout,
                "allowed_updates": ALLOWED_UPDATES,
            },
            read_timeout=timeout + POLL_READ_MARGIN,
        )
        return [u for u in result if isinstance(u, dict) and type(u.get("update_id")) is int]

    def _finished(self, update_id: int, task: asyncio.Task[bool]) -> None:
        del self._in_hand[update_id]
        self._progress.set()
        if task.cancelled():
            return
        if task.exception() is not None:
            log.error("update %d failed outside its handlers", update_id, exc_info=task.exception())
            self._unwritten = True  # whatever it noted
        elif task.result():
            self._unwritten = True

    async def _wait(self, awaitable: Any) -> Any:
        """What a stop may interrupt: waiting for Telegram or for progress, nothing else."""
        self._waiting = True
        try:
            return await awaitable
        finally:
            self._waiting = False

    def _stopped(self) -> bool:
        return self._stopping

    async def _run(self) -> None:
        delay = 0.5
        while not self._stopping:
            pause = self._fetched_at + self._busy_interval - time.monotonic()
            if self._in_hand and pause > 0:  # before the offset is worked out, so it is fresh
                await self._wait(asyncio.sleep(pause))
            offset = await self._confirmable()
            if self._stopped():  # asked to stop while the notes were written
                break
            if self._unwritten_failed:  # the notes could not be written: try again later
                await self._wait(asyncio.sleep(delay))
                delay = min(delay * 2, 30.0)
                continue
            self._fetched_at = time.monotonic()
            try:
                updates = await self._wait(self._fetch(offset))
            except TimedOut:
                continue
            except RetryAfter as error:
                await self._wait(asyncio.sleep(float(error.retry_after)))  # type: ignore[arg-type]
                continue
            except NetworkError as error:
                log.warning("getUpdates failed (%s); retrying in %.1f s", error.message, delay)
                await self._wait(asyncio.sleep(delay))
                delay = min(delay * 2, 30.0)
                continue
            delay = 0.5
            fresh = [u for u in updates if u["update_id"] not in self._seen]
            for update in fresh:
                self._dispatch(update)
            if not fresh:  # only what is in hand or waits to be confirmed: no long poll then
                self._progress.clear()
                with contextlib.suppress(TimeoutError):
                    await self._wait(asyncio.wait_for(self._progress.wait(), self._idle_poll))
            else:
                await asyncio.sleep(0)  # let the new updates start before looking again

    async def stop(self) -> None:
        """Lets the updates in hand finish and notes them; interrupts only a wait."""
        self._stopping = True
        if self._task is None:
            return
        if self._waiting:
            self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await asyncio.gather(*self._in_hand.values(), return_exceptions=True)
        await note_handled(self._application)
