"""Updates on their way to the bot: queued for long polling, or posted to a webhook until taken."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import time
from dataclasses import dataclass

import httpx

from bot.emulator.errors import ApiError
from bot.emulator.messages import JSON


@dataclass(slots=True)
class Webhook:
    url: str
    secret_token: str | None
    max_connections: int


def first_update_id() -> int:
    """Where a new emulator starts numbering: above every id an earlier one handed out.

    Telegram numbers a bot's updates in one sequence that outlives its servers' restarts, and
    a bot relies on that twice: its poll offset confirms every id below it, and its ledger
    takes an id seen before for a redelivery. An emulator restarting at 1 would have its first
    updates dropped by both. The wall clock in microseconds is a high-water mark that needs no
    storage: a later emulator starts higher unless the one before it handed out more than one
    id per microsecond of its life (or the clock was set back).
    """
    return time.time_ns() // 1000


class UpdateFeed:
    """Numbers the users' updates and hands them to the bot by getUpdates or by webhook."""

    def __init__(self, first_id: int | None = None) -> None:
        self.sent: dict[int, JSON] = {}
        """Every update the users sent, by id."""
        self.webhook: Webhook | None = None
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(first_update_id() if first_id is None else first_id)
        self._new_update = asyncio.Condition()
        self._webhook_tasks: set[asyncio.Task[None]] = set()
        """Delivery workers: at most the webhook's `max_connections` at once, as Telegram."""
        self._webhook_queue: collections.deque[JSON] = collections.deque()
        self._delivering = 0
        self._webhook_client: httpx.AsyncClient | None = None
        self._closing = False

    @property
    def pending(self) -> int:
        return len(self._updates) + len(self._webhook_queue) + self._delivering

    def open(self) -> None:
        self._webhook_client = httpx.AsyncClient(timeout=10)

    async def close(self) -> None:
        self._closing = True
        async with self._new_update:
            self._new_update.notify_all()  # long polls return now instead of being cut off
        for task in list(self._webhook_tasks):
            task.cancel()
        for task in list(self._webhook_tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def close_client(self) -> None:
        """After the HTTP server stopped, so no delivery is cut off while it still answers."""
        if self._webhook_client is not None:
            await self._webhook_client.aclose()

    async def push(self, payload: JSON) -> int:
        update = {"update_id": next(self._update_ids), **payload}
        self.sent[update["update_id"]] = update
        if self.webhook is not None:
            self._start_delivery(update)
        else:
            async with self._new_update:
                self._updates.append(update)
                self._new_update.notify_all()
        return int(update["update_id"])

    async def redeliver(self, update_id: int) -> None:
        update = self.sent[update_id]
        async with self._new_update:
            self._updates.append(update)
            self._new_update.notify_all()

    async def get_updates(self, offset: int, limit: int, wait: float) -> list[JSON]:
        """Confirm everything before `offset`, then wait up to `wait` seconds for something new."""
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        async with self._new_update:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and wait > 0 and not self._closing:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._new_update.wait(), wait)
            return self._updates[:limit]

    def set_webhook(self, webhook: Webhook, *, drop_pending: bool) -> None:
        """Switch to the webhook; updates still waiting for getUpdates go there now."""
        if drop_pending:
            self._updates.clear()
        self.webhook = webhook
        pending, self._updates = self._updates, []
        for update in pending:
            self._start_delivery(update)

    def delete_webhook(self, *, drop_pending: bool) -> None:
        """Back to getUpdates; updates not yet posted wait for it."""
        self.webhook = None
        self._updates.extend(self._webhook_queue)
        self._webhook_queue.clear()
        if drop_pending:
            self._updates.clear()

    def _start_delivery(self, update: JSON) -> None:
        """Queued in order; Telegram keeps at most `max_connections` requests open at once."""
        self._webhook_queue.append(update)
        assert self.webhook is not None  # noqa: S101 - set before delivery starts
        if len(self._webhook_tasks) < self.webhook.max_connections:
            task = asyncio.get_running_loop().create_task(self._deliver_queued())
            self._webhook_tasks.add(task)
            task.add_done_callback(self._webhook_tasks.discard)

    async def _deliver_queued(self) -> None:
        while self._webhook_queue and self.webhook is not None:
            update = self._webhook_queue.popleft()
            self._delivering += 1
            try:
                await self._deliver(update)
            finally:
                self._delivering -= 1

    async def _deliver(self, update: JSON) -> None:
        """POST until the bot answers 2xx, as Telegram retries a failing webhook."""
        assert self.webhook is not None  # noqa: S101 - set before delivery starts
        assert self._webhook_client is not None  # noqa: S101
        headers = {"Content-Type": "application/json"}
        if self.webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook.secret_token
        delay = 0.05
        while True:
            with contextlib.suppress(httpx.HTTPError):
                response = await self._webhook_client.post(
                    self.webhook.url, content=json.dumps(update), headers=headers
                )
                if response.status_code < 300:
                    return
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)
