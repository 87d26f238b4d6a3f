"""Running the Application: polling or webhook, with updates confirmed only once handled.

PTB's Updater confirms an update (the next getUpdates offset, or the webhook's 200) as soon as
it is queued, so a crash loses what was queued. Here a batch is confirmed only after every
update in it was handled, and the webhook answers only after handling; a redelivered update is
then stopped by the processed-update ledger.

The webhook listener is reachable from the internet, so it decides from the headers alone
whether to read a body at all (the secret, the announced size), holds at most
`MAX_UPDATE_BYTES` of one, and serves /metrics only behind a bearer token.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import tornado.http1connection
import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import Bot, Update
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBUserWarning

from bot.app import KinerjaApplication
from bot.handlers import ledger
from bot.runtime.processing import FairUpdateProcessor, sender_of, sent_at
from bot.settings import Settings
from bot.usecases.identity import write_handled
from kinerja.pace import Verdict

log = logging.getLogger("kinerja.runner")

JSONDict = dict[str, Any]

# `DurablePoller._fetch` calls getUpdates through `do_api_request` on purpose (unparsed).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)

ALLOWED_UPDATES = ["message", "callback_query"]
POLL_READ_MARGIN = 5.0
"""Seconds a getUpdates answer may take beyond its long poll before it counts as timed out."""
MAX_UPDATE_BYTES = 1024 * 1024
"""Telegram's updates are a few KiB (a message holds at most 4,096 characters); a body beyond
1 MiB is no update, and the cap bounds what one request can make the process hold."""


async def handle(application: KinerjaApplication, data: JSONDict) -> None:
    """One update as Telegram sent it. Within its sender's pace: parsed, then handled in the
    sender's turn and a shared slot. Beyond it: noted and dropped, unparsed, taking neither
    (the sender told once a minute)."""
    processor = application.update_processor
    assert isinstance(processor, FairUpdateProcessor)  # noqa: S101 - bot.app builds it
    services = application.bot_data.services
    sender = sender_of(data)
    verdict = Verdict.ADMIT if sender is None else services.paces.admit(sender, sent_at(data))
    if verdict is Verdict.DROP:
        ledger.note_dropped(services, data)
        return
    update = _parsed(data, application.bot)
    if update is None:
        return
    if verdict is Verdict.DROP_AND_NOTICE:
        ledger.note_dropped(services, data)
        await processor.aside(ledger.tell_too_fast(application.bot, services, update))
        return
    await processor.in_turn(sender, update, lambda: application.process_update(update))


def _parsed(data: JSONDict, bot: Bot) -> Update | None:
    """The update, or None for data that can never become one (logged, then dropped:
    Telegram sends again whatever is not confirmed, forever)."""
    try:
        return Update.de_json(data, bot)
    except Exception:  # whatever the parsers raise (ValueError, KeyError, RecursionError, ...)
        log.warning("update %d cannot be read; dropped", data["update_id"])
        return None


async def handle_all(application: KinerjaApplication, updates: list[JSONDict]) -> None:
    """Updates, then their ledger notes: only then may the updates be confirmed."""
    await asyncio.gather(*(handle(application, u) for u in updates))
    await write_handled(application.bot_data.services)


class DurablePoller:
    """getUpdates in a loop that keeps fetching while earlier updates are being handled.

    Telegram's offset confirms every update below it, so it only ever moves to the oldest update
    still in hand (or past the newest when none is), after the ledger notes of everything
    below it are written. Updates fetched again because they are not confirmed yet are passed
    over; an older one sent again (a redelivery) is handled, and the ledger stops it. While
    updates are in hand, getUpdates returns at once (the unconfirmed ones), so instead of a
    long poll the loop waits for one of them to finish, or `idle_poll` seconds, before it
    looks again.
    """

    def __init__(
        self, application: KinerjaApplication, timeout: int = 10, idle_poll: float = 0.05
    ) -> None:
        self._application = application
        self._timeout = timeout
        self._idle_poll = idle_poll
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._waiting = False
        self._in_hand: dict[int, asyncio.Task[None]] = {}
        self._seen: set[int] = set()
        """Ids fetched and not confirmed yet: Telegram sends them again until they are."""
        self._confirmed: int | None = None
        self._progress = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="poller")

    def _offset(self) -> int | None:
        """The oldest update in hand, or past the newest seen; never back from a confirmation."""
        if self._in_hand:
            offset: int | None = min(self._in_hand)
        else:
            offset = max(self._seen) + 1 if self._seen else self._confirmed
        if offset is None or self._confirmed is None:
            return offset
        return max(offset, self._confirmed)

    async def _confirmable(self) -> int | None:
        """The offset to send: the next one once the notes below it are written, else the one
        already confirmed."""
        offset = self._offset()
        if offset == self._confirmed:
            return offset
        try:
            await write_handled(self._application.bot_data.services)
        except Exception as error:  # the database is away; confirm nothing new meanwhile
            log.warning("handled updates not noted (%s); not confirmed yet", type(error).__name__)
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

    def _finished(self, update_id: int, task: asyncio.Task[None]) -> None:
        del self._in_hand[update_id]
        self._progress.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("update %d failed outside its handlers", update_id, exc_info=task.exception())

    async def _wait(self, awaitable: Any) -> Any:
        """What a stop may interrupt: waiting for Telegram or for progress, nothing else."""
        self._waiting = True
        try:
            return await awaitable
        finally:
            self._waiting = False

    async def _run(self) -> None:
        delay = 0.5
        while not self._stopping:
            offset = await self._confirmable()
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
            if not fresh and self._in_hand:
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
        await write_handled(self._application.bot_data.services)


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


class Runner:
    def __init__(
        self,
        application: KinerjaApplication,
        settings: Settings,
        *,
        webhook: bool = False,
        poll_timeout: int = 10,
    ) -> None:
        self.application = application
        self.settings = settings
        self.webhook = webhook
        self.poller = None if webhook else DurablePoller(application, poll_timeout)
        self.servers: list[HttpServer] = []
        token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
        if webhook:
            secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
            self.servers.append(
                HttpServer(
                    application,
                    settings.webhook_listen,
                    settings.webhook_port,
                    webhook_path=settings.webhook_path,
                    webhook_secret=secret,
                    # The public listener: /metrics there only behind the token, and not at
                    # all when it has a private listener of its own.
                    metrics=settings.metrics_port is None and token is not None,
                    metrics_token=token,
                )
            )
        if settings.metrics_port is not None:
            self.servers.append(
                HttpServer(
                    application,
                    settings.metrics_listen,
                    settings.metrics_port,
                    metrics=True,
                    metrics_token=token,
                )
            )

    async def start(self) -> None:
        application = self.application
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        for server in self.servers:
            server.start()
        if self.webhook:
            assert self.settings.webhook_url is not None  # noqa: S101 - checked by the CLI
            assert self.settings.webhook_secret is not None  # noqa: S101
            await application.bot.set_webhook(
                self.settings.webhook_url,
                allowed_updates=ALLOWED_UPDATES,
                secret_token=self.settings.webhook_secret.get_secret_value(),
            )
        else:
            await application.bot.delete_webhook()
            assert self.poller is not None  # noqa: S101
            self.poller.start()
        log.info("kinerja running (%s)", "webhook" if self.webhook else "polling")
        settings = self.settings
        if self.webhook and settings.metrics_port is None and settings.metrics_token is None:
            log.info("/metrics is not served: set KINERJA_METRICS_TOKEN or KINERJA_METRICS_PORT")

    async def stop(self) -> None:
        application = self.application
        if self.poller is not None:
            await self.poller.stop()
        for server in self.servers:
            await server.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


async def run_until_signalled(runner: Runner) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await runner.start()
    except BaseException:
        # Undo what did start (the database above all); the caller reports the first error.
        with contextlib.suppress(Exception):
            await runner.stop()
        raise
    try:
        await stop.wait()
    finally:
        await runner.stop()
