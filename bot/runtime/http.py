"""The bot's HTTP listener: /healthz, the webhook, /metrics.

The webhook listener is reachable from the internet, so it decides from the headers alone
whether to read a body at all (the secret, the announced size), holds at most
`MAX_UPDATE_BYTES` of one, and serves /metrics only behind a bearer token. It answers Telegram
only after the update was handled (`dispatch.handle_all`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import tornado.http1connection
import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.app import KinerjaApplication
from bot.runtime.dispatch import JSONDict, handle_all

log = logging.getLogger("kinerja.runner")

MAX_UPDATE_BYTES = 1024 * 1024
"""Telegram's updates are a few KiB (a message holds at most 4,096 characters); a body beyond
1 MiB is no update, and the cap bounds what one request can make the process hold."""


class _InFlight:
    """Webhook requests being handled, so a stop can let them finish and answer."""

    def __init__(self) -> None:
        self.count = 0
        self.idle = asyncio.Event()
        self.idle.set()

    @contextlib.contextmanager
    def one(self) -> Iterator[None]:
        self.count += 1
        self.idle.clear()
        try:
            yield
        finally:
            self.count -= 1
            if self.count == 0:
                self.idle.set()


class _Handler(tornado.web.RequestHandler):
    application_: KinerjaApplication
    secret: str | None
    in_flight: _InFlight

    def initialize(
        self,
        bot_application: KinerjaApplication,
        secret: str | None = None,
        in_flight: _InFlight | None = None,
    ) -> None:
        self.application_ = bot_application
        self.secret = secret
        self.in_flight = in_flight or _InFlight()

    def _answer_now(self, status: int) -> None:
        """Answer from the headers: if a body is still unread, tornado closes the connection
        rather than read it."""
        self.set_status(status)
        _ = self.finish()


def _same(given: str, expected: str) -> bool:
    """Constant time, and a header with non-ASCII characters is just different (compare_digest
    refuses such strings with TypeError)."""
    return hmac.compare_digest(given.encode(), expected.encode())


def _update_data(body: bytes) -> JSONDict | None:
    """The update in a webhook body, as sent; None for a body that can never become one."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    return data


@tornado.web.stream_request_body
class _UpdateHandler(_Handler):
    """Telegram's POST. Streamed, so that `prepare` runs on the headers alone: a request
    without the secret, or announcing a body over the cap, is answered before any of its body
    is read; an accepted body is collected up to the cap and no further."""

    _body: bytearray

    def prepare(self) -> None:
        connection = self.request.connection
        if isinstance(connection, tornado.http1connection.HTTP1Connection):
            # This handler enforces the cap itself, after the secret and with a 413; the
            # server-wide one would refuse the same body again, after that answer, with a 400.
            connection.set_max_body_size(sys.maxsize)
        given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if self.secret is None or not _same(given, self.secret):
            self._answer_now(403)  # not read, not parsed, not processed
            return
        length = self.request.headers.get("Content-Length", "")
        if length.isascii() and length.isdigit() and int(length) > MAX_UPDATE_BYTES:
            self._answer_now(413)
            return
        self._body = bytearray()

    def data_received(self, chunk: bytes) -> None:
        self._body += chunk
        if len(self._body) > MAX_UPDATE_BYTES:  # sent chunked, without a length
            self._body = bytearray()
            self._answer_now(413)

    async def post(self) -> None:
        update = _update_data(bytes(self._body))
        if update is None:
            # Answered 200: Telegram sends again whatever it gets no 2xx for, forever.
            log.warning("a webhook body that is no update (%d bytes) was dropped", len(self._body))
            return
        with self.in_flight.one():
            await handle_all(self.application_, [update])
        self.set_status(200)


class _HealthHandler(_Handler):
    async def get(self) -> None:
        healthy = await self.application_.bot_data.services.database.ping()
        self.set_status(200 if healthy else 503)
        self.set_header("Content-Type", "application/json")
        _ = self.finish(json.dumps({"database": "ok" if healthy else "unavailable"}))


class _MetricsHandler(_Handler):
    """`secret` is the bearer token; None means this listener is private by its address."""

    def get(self) -> None:
        given = self.request.headers.get("Authorization", "")
        if self.secret is not None and not _same(given, f"Bearer {self.secret}"):
            self.set_header("WWW-Authenticate", "Bearer")
            self._answer_now(401)
            return
        self.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        _ = self.finish(self.application_.bot_data.services.metrics.exposition())


class HttpServer:
    """/healthz always; the webhook path when given; /metrics when asked for, behind the bearer
    token when one is given. No request body beyond `MAX_UPDATE_BYTES` is read on any path."""

    def __init__(
        self,
        application: KinerjaApplication,
        listen: str,
        port: int,
        *,
        webhook_path: str | None = None,
        webhook_secret: str | None = None,
        metrics: bool = False,
        metrics_token: str | None = None,
    ) -> None:
        self.in_flight = _InFlight()
        routes: list[Any] = [(r"/healthz", _HealthHandler, {"bot_application": application})]
        if metrics:
            routes.append(
                (
                    r"/metrics",
                    _MetricsHandler,
                    {"bot_application": application, "secret": metrics_token},
                )
            )
        if webhook_path is not None:
            routes.append(
                (
                    rf"/{webhook_path.strip('/')}",
                    _UpdateHandler,
                    {
                        "bot_application": application,
                        "secret": webhook_secret,
                        "in_flight": self.in_flight,
                    },
                )
            )
        self._app = tornado.web.Application(routes)
        self._listen = listen
        self._port = port
        self._server: tornado.httpserver.HTTPServer | None = None
        self.port = port

    def start(self) -> None:
        sockets = tornado.netutil.bind_sockets(self._port, self._listen)
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(self._app, max_body_size=MAX_UPDATE_BYTES)
        self._server.add_sockets(sockets)

    async def stop(self, grace: float = 10.0) -> None:
        """Stop accepting, let updates in progress finish and be answered, then close."""
        if self._server is not None:
            self._server.stop()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.in_flight.idle.wait(), grace)
            await self._server.close_all_connections()
