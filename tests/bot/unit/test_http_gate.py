"""Bot API calls beyond the pool wait at the gate, and the pool timeout still holds
(bot/runtime/http.py), against a real HTTP server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from telegram.error import TimedOut

from bot.runtime.http import GatedRequest

ANSWER = b'{"ok": true, "result": true}'


@dataclass
class SlowServer:
    """Answers every request after `delay` seconds; counts those in hand at once."""

    delay: float
    in_hand: int = 0
    most: int = 0
    served: int = 0
    url: str = ""
    _server: asyncio.Server | None = field(default=None, repr=False)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                ),
                0,
            )
            await reader.readexactly(length)
            self.in_hand += 1
            self.most = max(self.most, self.in_hand)
            await asyncio.sleep(self.delay)
            self.in_hand -= 1
            self.served += 1
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(ANSWER), ANSWER)
            )
            await writer.drain()
            if reader.at_eof():
                break

    async def __aenter__(self) -> SlowServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/bot123:abc/getMe"
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        self._server.close()


@pytest.fixture
async def slow() -> AsyncIterator[SlowServer]:
    async with SlowServer(delay=0.2) as server:
        yield server


async def test_calls_beyond_the_pool_wait_their_turn_and_all_succeed(slow: SlowServer) -> None:
    request = GatedRequest(connection_pool_size=2)
    await request.initialize()
    try:
        calls = asyncio.gather(*(request.post(slow.url) for _ in range(6)))
        await asyncio.sleep(0.1)
        # What the gate is for: httpcore's pool holds no more requests than connections
        # (without it, all six, each hand-over scanning them all).
        assert len(request._client._transport._pool._requests) == 2  # type: ignore[attr-defined]
        results = await calls
    finally:
        await request.shutdown()
    assert results == [True] * 6
    assert slow.served == 6
    assert slow.most == 2


async def test_a_call_waiting_longer_than_the_pool_timeout_fails_as_ptbs_own(
    slow: SlowServer,
) -> None:
    request = GatedRequest(connection_pool_size=1, pool_timeout=0.05)
    await request.initialize()
    try:
        first = asyncio.ensure_future(request.post(slow.url))
        await asyncio.sleep(0.01)
        with pytest.raises(TimedOut, match="Pool timeout"):
            await request.post(slow.url)
        assert await first is True  # the one in hand is not disturbed
        assert await request.post(slow.url) is True  # and the slot is free again
    finally:
        await request.shutdown()


async def test_no_pool_timeout_waits_as_long_as_it_takes(slow: SlowServer) -> None:
    request = GatedRequest(connection_pool_size=1, pool_timeout=0.05)
    await request.initialize()
    try:
        calls = [request.post(slow.url, pool_timeout=None) for _ in range(2)]
        assert await asyncio.gather(*calls) == [True, True]  # the second waited ~0.2 s
    finally:
        await request.shutdown()
