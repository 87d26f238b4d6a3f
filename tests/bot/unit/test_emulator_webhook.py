"""The emulator posts webhook updates in the order Telegram's Bot API server does."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field

import httpx

from bot.emulator import BotApiEmulator
from bot.emulator.updates import queue_of

HELD = 0.2
"""Seconds the webhook below takes to answer an update of the slow chat."""


@dataclass
class Webhook:
    """A plain HTTP/1.1 webhook that notes when each update's request began and ended."""

    slow_chat: int
    began: dict[int, float] = field(default_factory=dict)
    ended: dict[int, float] = field(default_factory=dict)
    chats: dict[int, int] = field(default_factory=dict)
    posts: list[tuple[int, float]] = field(default_factory=list)
    """Every request's update id and when it began, copies included."""

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            with contextlib.suppress(asyncio.IncompleteReadError):  # the emulator hung up
                await self._answer(reader, writer)
        finally:
            writer.close()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while head := await reader.readuntil(b"\r\n\r\n"):
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            update = json.loads(await reader.readexactly(length))
            update_id, chat = update["update_id"], update["message"]["chat"]["id"]
            self.began[update_id], self.chats[update_id] = time.monotonic(), chat
            self.posts.append((update_id, self.began[update_id]))
            if chat == self.slow_chat:
                await asyncio.sleep(HELD)
            self.ended[update_id] = time.monotonic()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()

    def of(self, chat: int) -> list[int]:
        return sorted(u for u, c in self.chats.items() if c == chat)


async def test_a_chat_waits_for_its_own_answers_not_for_other_chats(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    """One request at a time per chat, the next only after the answer; another chat's update
    goes at once on another connection (a flood holds only its own chat)."""
    webhook = Webhook(slow_chat=1)
    server = await asyncio.start_server(webhook.serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        await http.post(
            f"{emulator.url}/bot{emulator.token}/setWebhook",
            data={"url": f"http://127.0.0.1:{port}/hook", "max_connections": "3"},
        )
        flooder, citizen = emulator.user(1, "Promo"), emulator.user(2, "Warga")
        for i in range(3):
            await flooder.send(f"promo {i}")
        await citizen.send("halo")
        deadline = time.monotonic() + 5
        while emulator.pending_updates and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    finally:
        server.close()
        await server.wait_closed()
    slow, quick = webhook.of(1), webhook.of(2)
    assert len(slow) == 3
    assert len(quick) == 1
    for earlier, later in itertools.pairwise(slow):
        assert webhook.began[later] >= webhook.ended[earlier]  # in order, never two at once
    assert webhook.began[quick[0]] < webhook.ended[slow[0]]  # not behind the slow chat


def test_a_users_taps_and_messages_are_queues_of_their_own() -> None:
    """As in Telegram's Client.cpp: a chat's messages in one queue, the user's taps in another
    (so Telegram does not keep a tap and a message of one user in order), the rest alone."""
    message = {"update_id": 1, "message": {"chat": {"id": 5}, "from": {"id": 5}}}
    tap = {"update_id": 2, "callback_query": {"from": {"id": 5}}}
    other = {"update_id": 3, "my_chat_member": {"chat": {"id": 5}}}
    assert queue_of(message) == queue_of({**message, "update_id": 9})
    assert len({queue_of(message), queue_of(tap), queue_of(other)}) == 3


async def test_a_copy_is_posted_while_its_update_is_still_being_answered(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    """What Telegram does when an answer timed out (the benchmarks inject it): the copy goes
    on a connection of its own, before the answer to the update it copies."""
    webhook = Webhook(slow_chat=1)
    server = await asyncio.start_server(webhook.serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    emulator.feed.copies = 1.0
    try:
        await http.post(
            f"{emulator.url}/bot{emulator.token}/setWebhook",
            data={"url": f"http://127.0.0.1:{port}/hook"},
        )
        update_id = await emulator.user(1, "Siti").send("halo")
        deadline = time.monotonic() + 5
        while len(webhook.posts) < 2 and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    finally:
        server.close()
        await server.wait_closed()
    (first, began), (copy, copy_began) = webhook.posts
    assert first == copy == update_id
    assert abs(copy_began - began) < HELD  # both in hand at once
    assert emulator.feed.copies_posted == 1
