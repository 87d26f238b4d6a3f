"""uvicorn, run inside the bot's event loop on a socket bound here (so port 0 works in tests and
the bound port is known), without taking over the process's signals: the runner owns those."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Generator

import uvicorn
from starlette.types import ASGIApp


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        """The runner's SIGINT/SIGTERM handlers stop everything in order; uvicorn's own would
        replace them and re-raise the signal after its shutdown."""
        yield

    async def main_loop(self) -> None:
        """uvicorn's loop of ticks, which a stop wakes at once instead of at the next tick
        (a tenth of a second for every stop, of every test's bot)."""
        self.woken = asyncio.Event()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.woken.wait(), 0.1)
            should_exit = await self.on_tick(counter)

    def wake(self) -> None:
        self.should_exit = True
        woken: asyncio.Event | None = getattr(self, "woken", None)
        if woken is not None:
            woken.set()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


class WebServer:
    """Start binds and serves; stop lets requests in progress finish (`grace` seconds) first."""

    def __init__(self, app: ASGIApp, host: str, port: int, *, grace: float = 10.0) -> None:
        self._config = uvicorn.Config(
            app,
            host=host,  # for uvicorn's "running on" line only: it serves the socket given
            port=port,
            # h11, even where httptools is installed: the webhook's guarantees (an answer from
            # the headers alone, then the connection closed unread) are tested against it.
            http="h11",
            log_config=None,
            access_log=False,
            lifespan="off",
            server_header=False,
            timeout_graceful_shutdown=int(grace),
        )
        # An access line names the path and the query, where visit tokens and ticket keys
        # travel. access_log=False alone is not enough: uvicorn writes access lines whenever
        # its access logger has a handler (pytest's log capture adds one), so it is disabled.
        logging.getLogger("uvicorn.access").disabled = True
        self._server = _Server(self._config)
        self._host = host
        self.port = port
        self._task: asyncio.Task[None] | None = None
        self._socket: socket.socket | None = None

    async def start(self) -> None:
        self._socket = _bind(self._host, self.port)
        self.port = self._config.port = self._socket.getsockname()[1]
        self._task = asyncio.get_running_loop().create_task(
            self._server.serve(sockets=[self._socket])
        )
        while not self._server.started:
            if self._task.done():
                self._task.result()  # raises what stopped it
                return
            await asyncio.sleep(0.005)

    async def stop(self) -> None:
        if self._task is None:
            return
        self._server.wake()
        await self._task
        self._task = None
        if self._socket is not None:
            self._socket.close()
