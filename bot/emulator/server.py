"""The emulator as a running server: `BotApiEmulator` serves the Bot API on a local port."""

from __future__ import annotations

import tornado.httpserver
import tornado.netutil

from bot.emulator.methods import BotApi
from bot.emulator.routes import application


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
