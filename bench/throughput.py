"""Survey answers per second through the emulator, against a bare PTB echo bot (the floor).

Each bot runs in its own process (`kinerja run`, or `bench.echo_bot`), as deployed; the
emulator and the simulated citizens share this one.
"""

from __future__ import annotations

import asyncio
import random
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from bench.processes import BotProcess, kinerja_environment, run_arguments
from bot.emulator import BotApiEmulator, EmulatedUser
from bot.emulator.personas import RandomAnswers, take_survey
from bot.files.catalogue import EXAMPLE, read_catalog
from db import migrate, models
from db.engine import create_database
from kinerja.survey import Status

TAPS_PER_ECHO_USER = 13
"""About what one citizen taps through the Pauh survey, so both sides do similar work."""


@dataclass
class Result:
    name: str
    taps: int
    seconds: float
    latencies: list[float]
    peak_rss_mb: float | None = None
    completed: int | None = None
    """Completed responses found in the database afterwards (one per citizen when none is lost)."""

    @property
    def rate(self) -> float:
        return self.taps / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _survey(
    user: EmulatedUser, latencies: list[float], rng: random.Random, think: float
) -> int:
    """One citizen through the whole SKM, `think` seconds between taps; returns the taps."""
    pause = (lambda: rng.uniform(0.5, 1.5) * think) if think else None
    return await take_survey(
        user, "PKM-PAUH-UMUM", RandomAnswers(rng, 0.1), within=120, think=pause, latencies=latencies
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _prepare(database_url: str) -> None:
    database = create_database(database_url)
    await migrate.upgrade(database)
    async with database.transaction() as tx:
        await tx.catalog.apply(read_catalog(EXAMPLE))
    await database.dispose()


async def _completed(database_url: str) -> int:
    database = create_database(database_url)
    async with database.snapshot() as tx:
        found = await tx.session.scalar(
            select(func.count())
            .select_from(models.SurveyResponse)
            .where(models.SurveyResponse.status == Status.COMPLETED)
        )
    await database.dispose()
    return int(found or 0)


async def kinerja_survey(
    citizens: int,
    database_url: str,
    folder: Path,
    *,
    latency: float = 0.0,
    webhook: bool = False,
    think: float = 0.0,
    label: str = "",
    **settings: str,
) -> Result:
    """`citizens` complete the SKM at once through `kinerja run`, each waiting for every reply."""
    await _prepare(database_url)
    rng = random.Random(1)
    async with BotApiEmulator(latency=latency) as emulator:
        arguments, webhook_environment, ready = run_arguments(webhook, _free_port())
        environment = kinerja_environment(emulator, database_url, **settings)
        bot = await BotProcess.start(
            arguments, environment | webhook_environment, folder, emulator, ready
        )
        latencies: list[float] = []
        started = time.perf_counter()
        taps = await asyncio.gather(
            *(
                _survey(emulator.user(40_000 + i, "W"), latencies, rng, think)
                for i in range(citizens)
            )
        )
        elapsed = time.perf_counter() - started
        rss = bot.peak_rss_mb()
        await bot.stop()
    backend = "sqlite" if "sqlite" in database_url else "postgresql"
    mode = "webhook" if webhook else "polling"
    return Result(
        f"kinerja survey ({backend}, {mode}, {int(latency * 1000)} ms RTT{label})",
        sum(taps),
        elapsed,
        latencies,
        rss,
        await _completed(database_url),
    )


async def echo_floor(users: int, folder: Path, latency: float = 0.0) -> Result:
    """The same two Bot API calls per tap (answer, edit), no database, PTB defaults."""
    async with BotApiEmulator(latency=latency) as emulator:
        bot = await BotProcess.start(
            ["-m", "bench.echo_bot", emulator.url, emulator.token], {}, folder, emulator
        )
        latencies: list[float] = []

        async def user_loop(user: EmulatedUser) -> None:
            await user.send("/start")
            message = await user.next_message(within=60)
            for _ in range(TAPS_PER_ECHO_USER):
                started = time.perf_counter()
                await user.press(message, "x")
                await user.next_message(within=60)
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(user_loop(emulator.user(60_000 + i, "E")) for i in range(users)))
        elapsed = time.perf_counter() - started
        rss = bot.peak_rss_mb()
        await bot.stop()
    return Result(
        f"PTB echo floor (polling, {int(latency * 1000)} ms RTT)",
        users * TAPS_PER_ECHO_USER,
        elapsed,
        latencies,
        rss,
    )


async def reset_postgres(url: str) -> None:
    from sqlalchemy import text

    database = create_database(url)
    async with database.engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await database.dispose()


async def run(citizens: int, folder: Path, postgres_url: str | None, smoke: bool) -> list[Result]:
    """Echo floor and kinerja side by side in one run, so the ratios compare like with like."""
    sqlite = f"sqlite+aiosqlite:///{folder}"
    results = [
        await echo_floor(citizens, folder),
        await kinerja_survey(citizens, f"{sqlite}/polling.db", folder),
        await kinerja_survey(citizens, f"{sqlite}/webhook.db", folder, webhook=True),
    ]
    if not smoke:
        results += [
            await echo_floor(citizens, folder, latency=0.05),
            await kinerja_survey(citizens, f"{sqlite}/polling-rtt.db", folder, latency=0.05),
            await kinerja_survey(
                citizens, f"{sqlite}/webhook-rtt.db", folder, latency=0.05, webhook=True
            ),
            await kinerja_survey(
                citizens,
                f"{sqlite}/pool.db",
                folder,
                label=", HTTP pool 128",
                KINERJA_HTTP_POOL_SIZE="128",
            ),
            # An offered load near 200 answers/s (200 citizens, about 1 s between taps).
            await kinerja_survey(
                200, f"{sqlite}/load.db", folder, webhook=True, think=1.0, label=", 1 s think"
            ),
        ]
    if postgres_url:
        await reset_postgres(postgres_url)
        results.append(await kinerja_survey(citizens, postgres_url, folder))
    return results
