"""A flood, then honest citizens: are they still served at once?

Twenty spam accounts send 50 messages each and one sends 1,000, all at once; then ten citizens
scan a poster and take the survey at a quick human pace. Measured per configuration (polling or
webhook, SQLite or PostgreSQL, with or without the emulator enforcing Telegram's 30 messages/s)
against the same citizens with no flood, in the same run.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.databases import completed_surveys, prepare, reset_postgres
from bench.processes import BotProcess, free_port, kinerja_environment, run_arguments
from bot.emulator import BotApiEmulator, EmulatedUser
from bot.emulator.personas import RandomAnswers, take_survey
from bot.settings import Settings

DEFAULTS = Settings(_env_file=None)
FLOODERS = ((20, 50), (1, 1000))
"""(accounts, messages each): twenty busy spammers and one very busy one."""
HONEST = 10
THINK = 0.5
"""Mean seconds a citizen takes to read a question and tap (a quick reader: 0.25-0.75 s)."""
FIRST_FLOODER = 80_000
FIRST_HONEST = 90_000


@dataclass(frozen=True)
class Config:
    backend: str
    webhook: bool
    telegram_limit: bool

    @property
    def name(self) -> str:
        mode = "webhook" if self.webhook else "polling"
        limit = "30 msg/s" if self.telegram_limit else "no limit"
        return f"{self.backend}, {mode}, {limit}"


@dataclass
class Run:
    config: Config
    flood: bool
    first_replies: list[float]
    surveys: list[float]
    completed: int
    flooder_replies: int
    too_many_requests: int
    dropped: int
    seconds: float

    @staticmethod
    def _percentile(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")

    def first_reply(self, q: float) -> float:
        return self._percentile(self.first_replies, q)

    def survey(self, q: float) -> float:
        return self._percentile(self.surveys, q)


async def _citizen(
    user: EmulatedUser, rng: random.Random, first: list[float], surveys: list[float]
) -> None:
    started = time.perf_counter()
    await take_survey(
        user,
        "PKM-PAUH-UMUM",
        RandomAnswers(rng, 0.1),
        within=120,
        think=lambda: rng.uniform(0.5, 1.5) * THINK,
        first_reply=first,
    )
    surveys.append(time.perf_counter() - started)


async def _flood(emulator: BotApiEmulator) -> list[int]:
    """Every flood message pushed at once (interleaved across accounts, as they arrive)."""
    senders: list[int] = []
    accounts: list[tuple[EmulatedUser, int]] = []
    next_id = FIRST_FLOODER
    for count, messages in FLOODERS:
        for _ in range(count):
            accounts.append((emulator.user(next_id, "Promo"), messages))
            senders.append(next_id)
            next_id += 1
    for i in range(max(messages for _, messages in accounts)):
        for user, messages in accounts:
            if i < messages:
                await user.send(f"PROMO murah hari ini {i}")
    return senders


async def _dropped(metrics_port: int) -> int:
    async with httpx.AsyncClient(timeout=5) as client:
        body = (await client.get(f"http://127.0.0.1:{metrics_port}/metrics")).text
    return sum(
        int(float(line.split()[-1]))
        for line in body.splitlines()
        if line.startswith("kinerja_updates_dropped_total")
    )


async def measure(config: Config, database_url: str, folder: Path, *, flood: bool) -> Run:
    if config.backend == "postgresql":
        await reset_postgres(database_url)
    await prepare(database_url)
    rng = random.Random(5)
    limit = 30 if config.telegram_limit else None
    async with BotApiEmulator(max_messages_per_second=limit) as emulator:
        metrics_port = free_port()
        environment = kinerja_environment(
            emulator,
            database_url,
            # The product's sending limit and per-user pace, as deployed.
            KINERJA_RATE_LIMIT="true",
            KINERJA_USER_UPDATES_PER_SECOND=str(DEFAULTS.user_updates_per_second),
            KINERJA_USER_BURST=str(DEFAULTS.user_burst),
            KINERJA_METRICS_PORT=str(metrics_port),
        )
        arguments, webhook_environment, ready = run_arguments(config.webhook, free_port())
        bot = await BotProcess.start(
            arguments, environment | webhook_environment, folder, emulator, ready
        )
        started = time.perf_counter()
        senders = await _flood(emulator) if flood else []
        first: list[float] = []
        surveys: list[float] = []
        await asyncio.gather(
            *(
                _citizen(emulator.user(FIRST_HONEST + i, "Warga"), rng, first, surveys)
                for i in range(HONEST)
            )
        )
        deadline = time.monotonic() + 120
        # The bot is another process: its progress shows only in the emulator.
        while emulator.pending_updates and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # the last replies on their way
        seconds = time.perf_counter() - started
        dropped = await _dropped(metrics_port)
        flooder_replies = sum(len(emulator.messages_in(chat)) for chat in senders)
        await bot.stop()
        too_many = emulator.too_many_requests
    return Run(
        config,
        flood,
        first,
        surveys,
        await completed_surveys(database_url),
        flooder_replies,
        too_many,
        dropped,
        seconds,
    )


def describe() -> str:
    accounts = " and ".join(f"{n} × {m:,}" for n, m in FLOODERS)
    return (
        f"Spam accounts send {accounts} messages, all at once; then {HONEST} citizens scan a "
        f"poster and take the survey, {THINK / 2:.2f}–{THINK * 1.5:.2f} s between taps."
    )


def configurations(postgres_url: str | None) -> list[Config]:
    backends = ["sqlite"] + (["postgresql"] if postgres_url else [])
    return [
        Config(backend, webhook, limit)
        for backend in backends
        for webhook in (False, True)
        for limit in (False, True)
    ]


async def run(
    folder: Path, postgres_url: str | None, configs: list[Config] | None = None
) -> list[tuple[Run, Run]]:
    """Each configuration without the flood (its floor) and with it, one after the other."""
    pairs = []
    for n, config in enumerate(configs or configurations(postgres_url)):
        url = (
            postgres_url
            if config.backend == "postgresql" and postgres_url
            else f"sqlite+aiosqlite:///{folder / f'flood-{n}.db'}"
        )
        calm = await measure(config, url, folder, flood=False)
        if config.backend == "sqlite":
            url = f"sqlite+aiosqlite:///{folder / f'flood-{n}-flooded.db'}"
        flooded = await measure(config, url, folder, flood=True)
        pairs.append((calm, flooded))
    return pairs


if __name__ == "__main__":
    import os
    import sys
    import tempfile

    wanted = sys.argv[1:]
    with tempfile.TemporaryDirectory() as name:
        postgres = os.environ.get("KINERJA_TEST_POSTGRES_URL")
        chosen = [c for c in configurations(postgres) if not wanted or c.name in wanted]
        for calm, flooded in asyncio.run(run(Path(name), postgres, chosen)):
            for r in (calm, flooded):
                print(
                    f"{r.config.name:32} flood={r.flood!s:5} first p50 {r.first_reply(0.5):.2f} "
                    f"p99 {r.first_reply(0.99):.2f} s; survey p50 {r.survey(0.5):.1f} "
                    f"p99 {r.survey(0.99):.1f} s; completed {r.completed}; flooder replies "
                    f"{r.flooder_replies}; 429s {r.too_many_requests}; dropped {r.dropped}; "
                    f"{r.seconds:.0f} s"
                )
