"""Concurrent update processing that keeps each user's updates in order.

Telegram is ~50 ms away from Indonesia, so one-by-one processing caps near 20 updates/s. PTB's
bare `concurrent_updates(True)` reorders one user's messages (a survey answer could overtake the
one before it), so updates of one user share a lock while different users run in parallel.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    @staticmethod
    def _key(update: object) -> int | None:
        if isinstance(update, Update):
            if update.effective_user is not None:
                return update.effective_user.id
            if update.effective_chat is not None:
                return update.effective_chat.id
        return None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self._key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if self._waiting[key] == 0:  # forget idle users so memory stays flat
                del self._waiting[key]
                del self._locks[key]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
