"""End-to-end fixtures: the real Application, built by the product's factory, on the emulator."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import KinerjaApplication, build_application
from bot.emulator import BotApiEmulator, EmulatedUser
from bot.runtime.runner import Runner
from bot.settings import Settings
from db.engine import Database, create_database
from kinerja.catalog import Catalog
from tests.clock import FakeClock
from tests.conftest import ROOT

SECRET = "test-secret-key-that-is-long-enough-000"
WEBHOOK_SECRET = "s3cret-token-0123456789"


def use_cli_environment(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    database_url: str,
    catalog: Catalog | None = None,
) -> None:
    """What an operator's shell gives a CLI test: the test's folder (no developer `.env`), its
    database (with `catalog` loaded, if given), a strong key, no bot token, and a terminal wide
    enough that rich does not wrap."""
    if catalog is not None:
        asyncio.run(_load_catalog(database_url, catalog))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("KINERJA_BOT_USERNAME", "kinerja_pauh_bot")
    monkeypatch.setenv("KINERJA_SECRET_KEY", SECRET)
    monkeypatch.setenv("COLUMNS", "200")


async def _load_catalog(database_url: str, catalog: Catalog) -> None:
    database = create_database(database_url)
    try:
        async with database.transaction() as tx:
            await tx.catalog.apply(catalog)
    finally:
        await database.dispose()


def make_settings(emulator: BotApiEmulator, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": emulator.token,
        "telegram_api_url": emulator.url,
        "database_url": database_url,
        "secret_key": SECRET,
        # The test's people tap as fast as the bot answers, far beyond a person's pace: a pace
        # of robots, so that only the tests of the pace itself meet the product's.
        "user_updates_per_second": 100,
        "user_burst": 300,
        # Every test bot serves the web app: on a port of its own, so tests never collide.
        "web_listen": "127.0.0.1:0",
        **overrides,
    }
    return Settings(_env_file=None, **values)


_RUNNERS: dict[int, Runner] = {}


async def start_kinerja(
    *args: str, env: dict[str, str], cwd: Path, output: bool = True, inherit: bool = True
) -> asyncio.subprocess.Process:
    """The real `kinerja` command, started in its own process. With `inherit=False`, `env` is all
    the process gets: for tests of what the environment holds (or lacks)."""
    if inherit:
        env = {
            **os.environ,
            "KINERJA_SECRET_KEY": SECRET,
            **env,
            "PYTHONPATH": str(ROOT),
            "COLUMNS": "200",
        }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE if output else asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.STDOUT if output else asyncio.subprocess.DEVNULL,
    )


def emulator_env(emulator: BotApiEmulator, database_url: str, **more: str) -> dict[str, str]:
    """What points a `kinerja` process at the emulator and the test's database."""
    return {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_URL": emulator.url,
        # any free port: never the default 8080, which another test or a developer's bot holds
        "KINERJA_WEB_LISTEN": "127.0.0.1:0",
        **more,
    }


async def kinerja(
    *args: str, env: dict[str, str], cwd: Path, inherit: bool = True
) -> tuple[int, str]:
    """The real `kinerja` command run to its end; returns its exit code and output."""
    process = await start_kinerja(*args, env=env, cwd=cwd, inherit=inherit)
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, output.decode()


async def start_bot(
    settings: Settings, clock: FakeClock, *, webhook: bool = False
) -> KinerjaApplication:
    """What `kinerja run` does, without taking over the event loop."""
    application = build_application(settings, create_database(settings.database_url), clock=clock)
    runner = Runner(application, settings, webhook=webhook, poll_timeout=5)
    await runner.start()
    _RUNNERS[id(application)] = runner
    return application


async def stop_bot(application: KinerjaApplication) -> None:
    await _RUNNERS.pop(id(application)).stop()


def web_url(application: KinerjaApplication) -> str:
    """Where a bot started here serves its web app (bound on a free port)."""
    return f"http://127.0.0.1:{_RUNNERS[id(application)].web_port}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_webhook_bot(
    emulator: BotApiEmulator, database_url: str, clock: FakeClock, **overrides: Any
) -> tuple[int, KinerjaApplication]:
    """`kinerja run --webhook` on a free port; returns the port and the application. The port
    is chosen before the start because the webhook URL given to Telegram names it."""
    port = free_port()
    settings = make_settings(
        emulator,
        database_url,
        webhook_url=f"http://127.0.0.1:{port}/telegram",
        web_listen=f"127.0.0.1:{port}",
        webhook_secret=WEBHOOK_SECRET,
        **overrides,
    )
    return port, await start_bot(settings, clock, webhook=True)


WebhookBot = Callable[..., Awaitable[tuple[int, KinerjaApplication]]]
"""`start_webhook_bot` on the test's emulator, database and clock, with settings overrides."""


@pytest.fixture
async def webhook_bot(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> AsyncIterator[WebhookBot]:
    """Starts webhook bots on demand and stops, at the end, those the test has not stopped."""
    started: list[KinerjaApplication] = []

    async def start(**overrides: Any) -> tuple[int, KinerjaApplication]:
        port, application = await start_webhook_bot(emulator, database_url, clock, **overrides)
        started.append(application)
        return port, application

    try:
        yield start
    finally:
        for application in started:
            if id(application) in _RUNNERS:
                await stop_bot(application)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@dataclass
class Harness:
    """One bot on one emulator and one database; `restart` is a new process in all but name."""

    emulator: BotApiEmulator
    settings: Settings
    clock: FakeClock
    application: KinerjaApplication

    async def restart(self) -> None:
        await stop_bot(self.application)
        self.application = await start_bot(self.settings, self.clock)

    async def settle(self, within: float = 5.0) -> None:
        """Wait until every update sent so far has been fetched and fully handled."""
        await self.emulator.settled(self.application, within)

    @property
    def web_url(self) -> str:
        """The running bot's web app, e.g. http://127.0.0.1:PORT (a free port, new per start)."""
        return web_url(self.application)

    def user(self, user_id: int, first_name: str, language_code: str | None = "id") -> EmulatedUser:
        return self.emulator.user(user_id, first_name, language_code=language_code)


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as running:
        yield running


@pytest.fixture
async def bot(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> AsyncIterator[Harness]:
    harness = Harness(emulator, make_settings(emulator, database_url), clock, None)  # type: ignore[arg-type]
    harness.application = await start_bot(harness.settings, clock)
    try:
        yield harness
    finally:
        await stop_bot(harness.application)
