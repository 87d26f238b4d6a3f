"""Survey answers per second through the emulator, against two floors on bare PTB.

The survey floor (`bench.survey_floor`) runs the same survey from a dict, driven by the same
citizens (`take_survey`): kinerja / floor, for interactions per second and for CPU seconds per
interaction, is measured in every configuration, one right after the other. The echo floor
(`bench.echo_bot`) answers one button over and over: the least a tap can cost in PTB.

Each bot runs in its own process (`kinerja run`, `bench.survey_floor`, `bench.echo_bot`), as
deployed; the emulator and the simulated citizens share this one. A bot's CPU time is read
from /proc before the citizens start and after the last has finished, so start-up is not in it.
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.databases import completed_surveys, prepare, reset_postgres
from bench.processes import (
    BotProcess,
    free_port,
    kinerja_environment,
    run_arguments,
    survey_floor_arguments,
)
from bot.emulator import BotApiEmulator, EmulatedUser
from bot.emulator.personas import RandomAnswers, take_survey

TAPS_PER_ECHO_USER = 13
"""About what one citizen taps through the Pauh survey, so both sides do similar work."""
UNIT = "PKM-PAUH-UMUM"
FLOOR_COMPLETED = re.compile(r"surveys completed: (\d+)")


@dataclass
class Result:
    name: str
    taps: int
    seconds: float
    latencies: list[float]
    peak_rss_mb: float | None = None
    completed: int | None = None
    """Completed responses found in the database afterwards (one per citizen when none is lost)."""
    typed: int = 0
    """Typed messages sent besides the taps: each citizen's `/start` deep link."""
    cpu_seconds: float | None = None
    """The bot process's CPU time (user and system) while the citizens ran."""
    typed_latencies: list[float] = field(default_factory=list)
    """Seconds from each typed message (the `/start` deep link) to the bot's first reply."""

    @property
    def rate(self) -> float:
        return self.taps / self.seconds

    @property
    def interactions(self) -> int:
        """Every update a citizen sent: taps and typed messages."""
        return self.taps + self.typed

    @property
    def interaction_rate(self) -> float:
        return self.interactions / self.seconds

    @property
    def cpu_ms_per_interaction(self) -> float | None:
        if self.cpu_seconds is None or not self.interactions:
            return None
        return 1000 * self.cpu_seconds / self.interactions

    def percentile(self, q: float) -> float:
        """Of the taps' latencies, in ms."""
        return _percentile(self.latencies, q)

    def typed_percentile(self, q: float) -> float:
        return _percentile(self.typed_latencies, q)


def _percentile(seconds: list[float], q: float) -> float:
    ordered = sorted(seconds)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def _survey(
    user: EmulatedUser,
    latencies: tuple[list[float], list[float]],
    rng: random.Random,
    think: float,
) -> int:
    """One citizen through the whole SKM, `think` seconds between taps; returns the taps. With
    `think`, citizens also arrive spread over the first 2 × `think` seconds, as people do,
    not all in the same instant."""
    pause = (lambda: rng.uniform(0.5, 1.5) * think) if think else None
    if think:
        await asyncio.sleep(rng.uniform(0, 2 * think))
    taps, typed = latencies
    return await take_survey(
        user,
        UNIT,
        RandomAnswers(rng, 0.1),
        within=120,
        think=pause,
        latencies=taps,
        first_reply=typed,
    )


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
    await prepare(database_url)
    async with BotApiEmulator(latency=latency) as emulator:
        arguments, webhook_environment, ready = run_arguments(webhook, free_port())
        environment = kinerja_environment(emulator, database_url, **settings)
        bot = await BotProcess.start(
            arguments, environment | webhook_environment, folder, emulator, ready
        )
        taps, elapsed, cpu, (latencies, typed) = await citizens_survey(
            emulator, bot.cpu_seconds, citizens, think
        )
        rss = bot.peak_rss_mb()
        await bot.stop()
    return Result(
        f"kinerja survey ({configuration(database_url, webhook, latency)}{label})",
        taps,
        elapsed,
        latencies,
        rss,
        await completed_surveys(database_url),
        typed=citizens,
        cpu_seconds=cpu,
        typed_latencies=typed,
    )


def configuration(database_url: str | None, webhook: bool, latency: float) -> str:
    backend = (
        "" if database_url is None else "sqlite, " if "sqlite" in database_url else "postgresql, "
    )
    return f"{backend}{'webhook' if webhook else 'polling'}, {int(latency * 1000)} ms RTT"


async def citizens_survey(
    emulator: BotApiEmulator, cpu_seconds: Callable[[], float], citizens: int, think: float = 0.0
) -> tuple[int, float, float, tuple[list[float], list[float]]]:
    """`citizens` take the whole survey at once: the taps, the seconds, the CPU seconds of the
    bot (`cpu_seconds` reads them) meanwhile, and the latencies of each tap and of each typed
    `/start`."""
    rng = random.Random(1)
    latencies: tuple[list[float], list[float]] = ([], [])
    cpu = cpu_seconds()
    started = time.perf_counter()
    taps = await asyncio.gather(
        *(_survey(emulator.user(40_000 + i, "W"), latencies, rng, think) for i in range(citizens))
    )
    elapsed = time.perf_counter() - started
    return sum(taps), elapsed, cpu_seconds() - cpu, latencies


async def survey_floor(
    citizens: int, folder: Path, *, latency: float = 0.0, webhook: bool = False
) -> Result:
    """The same citizens through `bench.survey_floor`: the survey kept in a dict."""
    async with BotApiEmulator(latency=latency) as emulator:
        arguments, ready = survey_floor_arguments(emulator, webhook)
        bot = await BotProcess.start(arguments, {}, folder, emulator, ready)
        taps, elapsed, cpu, (latencies, typed) = await citizens_survey(
            emulator, bot.cpu_seconds, citizens
        )
        rss = bot.peak_rss_mb()
        await bot.stop()
    found = FLOOR_COMPLETED.search(bot.log.read_text())
    return Result(
        f"PTB survey floor ({configuration(None, webhook, latency)})",
        taps,
        elapsed,
        latencies,
        rss,
        int(found.group(1)) if found else None,
        typed=citizens,
        cpu_seconds=cpu,
        typed_latencies=typed,
    )


@dataclass(frozen=True)
class Pair:
    """kinerja and the survey floor in one configuration, `REPEATS` times, each time one right
    after the other: the ratios are the median of the runs' own ratios (a pair measured back
    to back shares the machine's mood of the moment); the figures shown are the median run of
    each side."""

    floor: Result
    kinerja: Result
    runs: tuple[tuple[Result, Result], ...] = ()
    """(floor, kinerja) of each repeat."""

    @property
    def rate_ratios(self) -> list[float]:
        """kinerja's interactions per second over the floor's, run by run."""
        return [k.interaction_rate / f.interaction_rate for f, k in self.runs]

    @property
    def cpu_ratios(self) -> list[float]:
        """The floor's CPU per interaction over kinerja's (kinerja's interactions per CPU
        second over the floor's), run by run."""
        return [
            f.cpu_ms_per_interaction / k.cpu_ms_per_interaction
            for f, k in self.runs
            if f.cpu_ms_per_interaction and k.cpu_ms_per_interaction
        ]

    @property
    def rate_ratio(self) -> float:
        return statistics.median(self.rate_ratios)

    @property
    def cpu_ratio(self) -> float | None:
        ratios = self.cpu_ratios
        return statistics.median(ratios) if ratios else None


@dataclass(frozen=True)
class Runs:
    echo: Result
    pairs: list[Pair]
    more: list[Result]
    """kinerja alone: a larger HTTP pool, an offered load."""
    offered: Result | None = None
    """About 100 interactions/s offered (1 s between taps), SQLite, polling, loopback."""
    distant: tuple[Result, ...] = ()
    """160 citizens at a 50 ms round trip, SQLite, polling and webhook."""

    @property
    def results(self) -> list[Result]:
        floors = list({id(p.floor): p.floor for p in self.pairs}.values())
        extra = [*self.more, *([self.offered] if self.offered else []), *self.distant]
        return [self.echo, *floors, *(p.kinerja for p in self.pairs), *extra]


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

        cpu = bot.cpu_seconds()
        started = time.perf_counter()
        await asyncio.gather(*(user_loop(emulator.user(60_000 + i, "E")) for i in range(users)))
        elapsed = time.perf_counter() - started
        cpu = bot.cpu_seconds() - cpu
        rss = bot.peak_rss_mb()
        await bot.stop()
    return Result(
        f"PTB echo floor (polling, {int(latency * 1000)} ms RTT)",
        users * TAPS_PER_ECHO_USER,
        elapsed,
        latencies,
        rss,
        typed=users,
        cpu_seconds=cpu,
    )


REPEATS = 3
"""Each configuration's floor and kinerja runs, alternating; the median of each side is kept.
One run's rate varies by up to ±20 % on this machine (a shared host's neighbours)."""
OFFERED_CITIZENS = 110
"""With 1 s between taps (0.5–1.5 s), about 100 interactions per second offered."""
DISTANT_CITIZENS = 160


def _median(results: list[Result]) -> Result:
    return sorted(results, key=lambda r: r.interaction_rate)[len(results) // 2]


def _pair(floors: list[Result], kinerjas: list[Result]) -> Pair:
    return Pair(_median(floors), _median(kinerjas), tuple(zip(floors, kinerjas, strict=True)))


async def run(citizens: int, folder: Path, postgres_url: str | None, smoke: bool) -> Runs:
    """Each configuration's survey floor and kinerja one right after the other, `REPEATS`
    times, so the ratios compare like with like; the floor has no database, so one floor run
    serves SQLite and PostgreSQL. The smoke run: loopback only, PostgreSQL in polling only,
    once."""
    sqlite = f"sqlite+aiosqlite:///{folder}"
    echo = await echo_floor(citizens, folder)
    pairs: list[Pair] = []
    for latency in (0.0,) if smoke else (0.0, 0.05):
        for webhook in (False, True):
            name = f"{'webhook' if webhook else 'polling'}-{int(latency * 1000)}"
            postgres = postgres_url if postgres_url and not (smoke and webhook) else None
            floors: list[Result] = []
            sqlites: list[Result] = []
            postgreses: list[Result] = []
            for repeat in range(1 if smoke else REPEATS):
                floors.append(
                    await survey_floor(citizens, folder, latency=latency, webhook=webhook)
                )
                sqlites.append(
                    await kinerja_survey(
                        citizens,
                        f"{sqlite}/{name}-{repeat}.db",
                        folder,
                        latency=latency,
                        webhook=webhook,
                    )
                )
                if postgres:
                    await reset_postgres(postgres)
                    postgreses.append(
                        await kinerja_survey(
                            citizens, postgres, folder, latency=latency, webhook=webhook
                        )
                    )
            pairs.append(_pair(floors, sqlites))
            if postgreses:
                pairs.append(_pair(floors, postgreses))
    if smoke:
        return Runs(echo, pairs, [])
    more = [
        await kinerja_survey(
            citizens,
            f"{sqlite}/pool.db",
            folder,
            label=", HTTP pool 128",
            KINERJA_HTTP_POOL_SIZE="128",
        ),
        # An offered load near 200 answers/s (200 citizens, about 1 s between taps).
        await kinerja_survey(
            200,
            f"{sqlite}/load.db",
            folder,
            webhook=True,
            think=1.0,
            label=", 200 citizens, 1 s think",
        ),
    ]
    offered = await kinerja_survey(
        OFFERED_CITIZENS,
        f"{sqlite}/offered.db",
        folder,
        think=1.0,
        label=f", {OFFERED_CITIZENS} citizens, 1 s think",
    )
    distant = tuple(
        [
            await kinerja_survey(
                DISTANT_CITIZENS,
                f"{sqlite}/distant-{webhook}.db",
                folder,
                latency=0.05,
                webhook=webhook,
                label=f", {DISTANT_CITIZENS} citizens",
            )
            for webhook in (False, True)
        ]
    )
    return Runs(echo, pairs, more, offered, distant)
