"""The emulator as a running server: `BotApiEmulator` serves the Bot API on a local port."""

from __future__ import annotations

import asyncio
from typing import Protocol

import tornado.httpserver
import tornado.netutil

from bot.emulator.methods import BotApi
from bot.emulator.routes import application


class _Processor(Protocol):
    @property
    def current_concurrent_updates(self) -> int: ...


class _Application(Protocol):
    @property
    def update_processor(self) -> _Processor: ...


class BotApiEmulator(BotApi):
    """One bot, many private chats. Start it, point the bot's base URL at `url`."""

    _server: tornado.httpserver.HTTPServer | None = None
    port = 0

    @property
    def url(self) -> str:
        """Root of the Bot API, for TELEGRAM_API_URL."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self, port: int = 0) -> None:
        sockets = tornado.netutil.bind_sockets(port, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(
            application(self), max_body_size=60 * 1024 * 1024
        )
        self._server.add_sockets(sockets)
        self.feed.open()

    async def settled(self, bot: _Application, within: float = 5.0) -> None:
        """Wait until every update sent so far has been fetched by `bot` (a PTB Application)
        and handled to its end, whatever it sent, sent; TimeoutError when it does not."""
        processor = bot.update_processor
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while self.pending_updates or processor.current_concurrent_updates:
            if loop.time() > deadline:
                raise TimeoutError("the bot did not settle")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        await self.feed.close()
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
        await self.feed.close_client()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()
