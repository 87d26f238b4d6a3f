"""Updates on their way to the bot: queued for long polling, or posted to a webhook until taken."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import heapq
import itertools
import json
import random
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

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
        self._delivery = _Delivery()
        self._workers = 0
        """Delivery workers still taking updates (a finished one is not, even before its task
        is done)."""
        self._webhook_client: httpx.AsyncClient | None = None
        self._closing = False
        self.copies = 0.0
        """The share of webhook updates also posted a second time at once, on a connection of
        its own: Telegram sending an update again when its first answer timed out, while the
        bot still works on it (benchmarks set it; tests post their copies themselves)."""
        self.copies_posted = 0
        self._copy_draws = random.Random(0)  # noqa: S311 - a fault to inject, not a secret

    @property
    def pending(self) -> int:
        return len(self._updates) + self._delivery.pending

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
        self._delivery.max_connections = webhook.max_connections
        pending, self._updates = self._updates, []
        for update in pending:
            self._start_delivery(update)

    def delete_webhook(self, *, drop_pending: bool) -> None:
        """Back to getUpdates; updates not yet posted wait for it."""
        self.webhook = None
        self._updates.extend(self._delivery.take_waiting())
        self._updates.sort(key=lambda update: int(update["update_id"]))
        if drop_pending:
            self._updates.clear()

    def _start_delivery(self, update: JSON) -> None:
        """Queued as Telegram's Bot API server does (`_Delivery`); it keeps at most
        `max_connections` requests open at once."""
        self._delivery.add(update)
        self._staff()

    def _staff(self) -> None:
        """A worker for each request that could be open now, up to `max_connections`."""
        if self.webhook is None or self._closing:
            return
        while self._workers < min(self.webhook.max_connections, self._delivery.ready):
            self._workers += 1
            task = asyncio.get_running_loop().create_task(self._deliver_queued())
            self._webhook_tasks.add(task)
            task.add_done_callback(self._webhook_tasks.discard)

    async def _deliver_queued(self) -> None:
        connection: _Connection | None = None
        try:
            while self.webhook is not None and (taken := self._delivery.take()) is not None:
                queue, update = taken
                if self.copies and self._copy_draws.random() < self.copies:
                    self._post_copy(update)
                try:
                    if connection is None or connection.url != self.webhook.url:
                        connection = _Connection(self.webhook.url)
                    await self._deliver(update, connection)
                finally:
                    self._delivery.done(queue)
                self._staff()
        finally:
            self._workers -= 1  # before any await: a later update starts a worker of its own
            if connection is not None:
                connection.close()

    def _post_copy(self, update: JSON) -> None:
        assert self.webhook is not None  # noqa: S101 - taken for delivery
        self.copies_posted += 1
        connection = _Connection(self.webhook.url)

        async def post() -> None:
            try:
                await self._deliver(update, connection)
            finally:
                connection.close()

        task = asyncio.get_running_loop().create_task(post())
        self._webhook_tasks.add(task)
        task.add_done_callback(self._webhook_tasks.discard)

    async def _deliver(self, update: JSON, connection: _Connection) -> None:
        """POST until the bot answers 2xx, as Telegram retries a failing webhook."""
        assert self.webhook is not None  # noqa: S101 - set before delivery starts
        assert self._webhook_client is not None  # noqa: S101
        headers = {"Content-Type": "application/json"}
        if self.webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook.secret_token
        body = json.dumps(update).encode()
        delay = 0.05
        while True:
            if connection.plain:
                with contextlib.suppress(
                    OSError,
                    ValueError,
                    IndexError,
                    TimeoutError,
                    EOFError,
                    asyncio.LimitOverrunError,
                ):
                    status = await asyncio.wait_for(
                        connection.post(body, headers), DELIVERY_TIMEOUT
                    )
                    if status < 300:
                        return
                connection.close()
            else:
                with contextlib.suppress(httpx.HTTPError):
                    response = await self._webhook_client.post(
                        self.webhook.url, content=body, headers=headers
                    )
                    if response.status_code < 300:
                        return
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)


QueueKey = tuple[str, int]


def queue_of(update: JSON) -> QueueKey:
    """The queue Telegram's Bot API server puts an update in (`webhook_queue_id` in its
    Client.cpp): a chat's messages in one, a user's button taps in another, anything else in
    a queue of its own."""
    if (message := update.get("message") or update.get("edited_message")) is not None:
        return ("chat", int(message["chat"]["id"]))
    if (query := update.get("callback_query")) is not None:
        return ("taps", int(query["from"]["id"]))
    return ("update", int(update["update_id"]))


class _Delivery:
    """Webhook updates on their way, kept as Telegram's Bot API server keeps them (its
    WebhookActor): one request at a time per queue, the next of a queue only after the bot
    answered the one before; updates are loaded while fewer than twice `max_connections`
    queues are, the rest wait in arrival order. Simpler than Telegram in two ways: ready queues
    go by their update's id (Telegram: by when it may be sent, then the queue's id), and a
    failing request keeps its connection while it is retried (Telegram frees it meanwhile)."""

    def __init__(self) -> None:
        self.max_connections = 40
        """The webhook's (setWebhook sets it); Telegram's default."""
        self._arrived: collections.deque[JSON] = collections.deque()
        """Not loaded yet."""
        self._queues: dict[QueueKey, collections.deque[JSON]] = {}
        self._ready: list[tuple[int, QueueKey]] = []
        """A heap of the queues whose first update may be sent: (its update_id, queue)."""
        self._sending: set[QueueKey] = set()
        """The queues whose first update is being sent."""

    @property
    def pending(self) -> int:
        return len(self._arrived) + sum(len(queue) for queue in self._queues.values())

    @property
    def ready(self) -> int:
        """Requests that could be open now: those open and those that may be sent."""
        return len(self._sending) + len(self._ready)

    def add(self, update: JSON) -> None:
        self._arrived.append(update)
        self._load()

    def take(self) -> tuple[QueueKey, JSON] | None:
        """The next update to send, or None when every ready queue has a request open."""
        if not self._ready:
            return None
        _, key = heapq.heappop(self._ready)
        self._sending.add(key)
        return key, self._queues[key][0]

    def done(self, key: QueueKey) -> None:
        """The bot answered 2xx (or delivery stopped): the queue's next update may go."""
        self._sending.discard(key)
        queue = self._queues[key]
        queue.popleft()
        if queue:
            heapq.heappush(self._ready, (int(queue[0]["update_id"]), key))
        else:
            del self._queues[key]
        self._load()

    def take_waiting(self) -> list[JSON]:
        """Every update not being sent, taken out (the webhook was deleted)."""
        waiting = list(self._arrived)
        self._arrived.clear()
        for key, queue in list(self._queues.items()):
            if key in self._sending:  # its first stays until the answer
                waiting.extend(list(queue)[1:])
                self._queues[key] = collections.deque([queue[0]])
            else:
                waiting.extend(queue)
                del self._queues[key]
        self._ready.clear()
        return waiting

    def _load(self) -> None:
        room = 2 * self.max_connections - len(self._queues)
        while self._arrived and room > 0:
            update = self._arrived.popleft()
            room -= 1
            key = queue_of(update)
            queue = self._queues.get(key)
            if queue is None:
                self._queues[key] = collections.deque([update])
                heapq.heappush(self._ready, (int(update["update_id"]), key))
            else:
                queue.append(update)


DELIVERY_TIMEOUT = 10.0
"""Seconds a webhook request may take before it counts as failed (and is sent again)."""


class _Connection:
    """One of Telegram's connections to a plain-HTTP webhook: HTTP/1.1 POSTs, kept alive.

    httpx costs more CPU per request than the bot spends on a dropped update, which made the
    emulator, not the bot, the limit of a webhook flood; this costs a small fraction of it.
    Anything but `http://` goes through httpx."""

    def __init__(self, url: str) -> None:
        self.url = url
        parts = urlsplit(url)
        self.plain = parts.scheme == "http" and parts.hostname is not None
        self._host = parts.hostname or ""
        self._port = parts.port or 80
        self._head = f"POST {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, body: bytes, headers: dict[str, str]) -> int:
        """The status of the answer; raises OSError, ValueError or EOFError when there is
        none (the connection is to be closed then)."""
        if self._streams is None:
            self._streams = await asyncio.open_connection(self._host, self._port)
        reader, writer = self._streams
        lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        head = f"{self._head}{lines}Content-Length: {len(body)}\r\n\r\n"
        writer.write(head.encode() + body)
        await writer.drain()
        status = int((await reader.readuntil(b"\r\n")).split()[1])
        length, keep = 0, True
        while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                keep = False
        await reader.readexactly(length)
        if not keep:
            self.close()
        return status

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None
