"""Survey answers per second through the emulator, against a bare PTB echo bot (the floor)."""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.app import build_application
from bot.catalog_file import read_catalog
from bot.demo import EXAMPLE, choose
from bot.emulator import BotApiEmulator, EmulatedUser
from bot.runner import Runner
from bot.settings import Settings
from bot.texts import texts_for
from db import migrate
from db.engine import create_database
from db.repositories import CatalogRepository
from kinerja.types import Language

ID = texts_for(Language.ID)


@dataclass
class Result:
    name: str
    taps: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.taps / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _survey(user: EmulatedUser, latencies: list[float], rng: random.Random) -> int:
    """One citizen through the whole SKM; returns the taps made."""
    taps = 0
    await user.start("u_PKM-PAUH-UMUM")
    await user.next_message(within=60)
    while True:
        user.drain()
        current = user.last_message
        text = current.text or ""
        if text.startswith("<b>Terima kasih!</b>"):
            return taps
        label = None
        if current.buttons:
            label = choose(ID, text, [b.removeprefix("✓ ") for b in current.button_texts], rng, 0.1)
        if label is None:
            await user.next_message(within=60)
            continue
        button = next(b for b in current.button_texts if b.removeprefix("✓ ") == label)
        started = time.perf_counter()
        await user.press(current, button)
        await user.next_message(within=60)
        latencies.append(time.perf_counter() - started)
        taps += 1


async def kinerja_survey(citizens: int, database_url: str, latency: float = 0.0) -> Result:
    rng = random.Random(1)
    database = create_database(database_url)
    await migrate.upgrade(database)
    async with database.transaction() as session:
        await CatalogRepository(session).apply(read_catalog(EXAMPLE))
    async with BotApiEmulator(latency=latency) as emulator:
        settings = Settings(
            _env_file=None,
            telegram_bot_token=emulator.token,
            telegram_api_url=emulator.url,
            database_url=database_url,
            rate_limit=False,
        )
        runner = Runner(build_application(settings, database), settings, poll_timeout=2)
        await runner.start()
        latencies: list[float] = []
        started = time.perf_counter()
        taps = await asyncio.gather(
            *(_survey(emulator.user(40_000 + i, "W"), latencies, rng) for i in range(citizens))
        )
        elapsed = time.perf_counter() - started
        await runner.stop()
    return Result(
        f"kinerja survey ({'sqlite' if 'sqlite' in database_url else 'postgresql'}"
        f", {int(latency * 1000)} ms RTT)",
        sum(taps),
        elapsed,
        latencies,
    )


async def echo_floor(users: int, taps_each: int, latency: float = 0.0) -> Result:
    """The same two Bot API calls per tap (answer, edit), no database, PTB defaults."""
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="x")]])

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("0", reply_markup=keyboard)

    async def tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(str(time.perf_counter()), reply_markup=keyboard)

    async with BotApiEmulator(latency=latency) as emulator:
        application = (
            ApplicationBuilder()
            .token(emulator.token)
            .base_url(f"{emulator.url}/bot")
            .updater(None)
            .concurrent_updates(256)
            .connection_pool_size(16)
            .build()
        )
        application.add_handler(CommandHandler("start", start))
        application.add_handler(CallbackQueryHandler(tap))
        await application.initialize()
        await application.start()
        stopping = asyncio.Event()

        async def poll() -> None:
            """The same confirm-after-handling loop as kinerja's runner, without its ledger."""
            offset = None
            while not stopping.is_set():
                updates = await application.bot.get_updates(offset=offset, timeout=1)
                await asyncio.gather(*(application.process_update(u) for u in updates))
                if updates:
                    offset = updates[-1].update_id + 1

        poller = asyncio.get_running_loop().create_task(poll())
        latencies: list[float] = []

        async def user_loop(user: EmulatedUser) -> None:
            await user.send("/start")
            message = await user.next_message(within=30)
            for _ in range(taps_each):
                started = time.perf_counter()
                await user.press(message, "x")
                await user.next_message(within=30)
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(user_loop(emulator.user(60_000 + i, "E")) for i in range(users)))
        elapsed = time.perf_counter() - started
        stopping.set()
        await poller
        await application.stop()
        await application.shutdown()
    return Result(
        f"PTB echo floor ({int(latency * 1000)} ms RTT)", users * taps_each, elapsed, latencies
    )


async def run(citizens: int, postgres_url: str | None) -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite = f"sqlite+aiosqlite:///{Path(folder)}"
        results.append(await echo_floor(citizens, 13))
        results.append(await kinerja_survey(citizens, f"{sqlite}/a.db"))
        results.append(await echo_floor(citizens, 13, latency=0.05))
        results.append(await kinerja_survey(citizens, f"{sqlite}/b.db", latency=0.05))
    if postgres_url:
        from sqlalchemy import text

        database = create_database(postgres_url)
        async with database.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await database.dispose()
        results.append(await kinerja_survey(citizens, postgres_url))
    return results


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
