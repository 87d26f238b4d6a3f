"""Running the Application: polling or webhook, with updates confirmed only once handled.

PTB's Updater confirms an update (the next getUpdates offset, or the webhook's 200) as soon as
it is queued, so a crash loses what was queued. Here an update is confirmed only once it and
every one before it were handled (`bot.runtime.polling`), and the webhook answers only after
handling (`bot.web.ops`); a redelivered update is then stopped by the processed-update ledger.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Protocol

from bot.app import KinerjaApplication
from bot.runtime.polling import ALLOWED_UPDATES, DurablePoller
from bot.runtime.processing import FairUpdateProcessor, fair_processor
from bot.services import Services
from bot.settings import Settings
from bot.web.app import build_web_app, build_web_only_app
from bot.web.ops import build_ops_app
from bot.web.server import WebServer
from db.turns import SharedTurns

log = logging.getLogger("kinerja.runner")


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
        # The web app in both modes (the survey, the Mini App, /healthz), and the webhook in
        # webhook mode; /metrics on a private listener of their own when one is set.
        self.servers = [
            WebServer(build_web_app(application, webhook=webhook), *settings.web_address)
        ]
        if settings.metrics_port is not None:
            self.servers.append(
                WebServer(
                    build_ops_app(application), settings.metrics_listen, settings.metrics_port
                )
            )

    @property
    def web_port(self) -> int:
        """The web app's port, bound once started (KINERJA_WEB_LISTEN may ask for port 0)."""
        return self.servers[0].port

    async def start(self) -> None:
        application = self.application
        database = application.bot_data.services.database
        if self.webhook and not database.is_sqlite:
            # Other processes may serve the same webhook (behind a load balancer); on SQLite
            # there is only ever one (docs/operations.md).
            fair_processor(application.update_processor).shared = SharedTurns(database.engine)
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        for server in self.servers:
            await server.start()
        if self.webhook:
            assert self.settings.webhook_url is not None  # noqa: S101 - checked by the CLI
            assert self.settings.webhook_secret is not None  # noqa: S101
            await application.bot.set_webhook(
                self.settings.webhook_url,
                allowed_updates=ALLOWED_UPDATES,
                secret_token=self.settings.webhook_secret.get_secret_value(),
                max_connections=self.settings.webhook_max_connections,
            )
        else:
            await application.bot.delete_webhook()
            assert self.poller is not None  # noqa: S101
            self.poller.start()
        host, _ = self.settings.web_address
        mode = "webhook" if self.webhook else "polling"
        log.info("kinerja running (%s), web app on %s:%d", mode, host, self.web_port)
        settings = self.settings
        if settings.metrics_port is None and settings.metrics_token is None:
            log.info("/metrics is not served: set KINERJA_METRICS_TOKEN or KINERJA_METRICS_PORT")

    async def stop(self) -> None:
        application = self.application
        if self.poller is not None:
            await self.poller.stop()
        for server in self.servers:
            await server.stop()  # requests in progress finish and are answered first
        processor = application.update_processor
        if isinstance(processor, FairUpdateProcessor):
            await processor.background_done()  # notices go out before the bot shuts down
            if processor.shared is not None:
                await processor.shared.close()
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


class WebOnlyRunner:
    """The web survey and ticket pages alone, for an install without a bot token yet: a
    fresh clone's `make run` serves citizens on the web at once. Answers are stored as always;
    the alerts they write wait in the outbox until the bot runs."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.server = WebServer(build_web_only_app(services), *services.settings.web_address)

    @property
    def web_port(self) -> int:
        return self.server.port

    async def start(self) -> None:
        await self.server.start()
        host, _ = self.services.settings.web_address
        log.info("kinerja web survey only on http://%s:%d (no bot token)", host, self.web_port)

    async def stop(self) -> None:
        await self.server.stop()
        await self.services.database.dispose()


class _Runs(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


async def run_until_signalled(runner: _Runs) -> None:
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
