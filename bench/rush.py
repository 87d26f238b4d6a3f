"""End of the working day: thousands of ASN send their /lapor within minutes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.processes import BotProcess, kinerja_environment
from bot.emulator import BotApiEmulator, EmulatedUser, SentMessage
from bot.files.catalogue import EXAMPLE, read_catalog
from bot.texts import texts_for
from db import migrate, models
from db.engine import create_database
from kinerja.types import Language, Role

ID = texts_for(Language.ID)
FIRST_ASN = 700_000


@dataclass
class Rush:
    asn: int
    window_seconds: float
    latencies: list[float]
    errors: int
    reports_stored: int
    peak_rss_mb: float

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _prepare(database_url: str, asn: int) -> None:
    database = create_database(database_url)
    await migrate.upgrade(database)
    async with database.transaction() as tx:
        await tx.catalog.apply(read_catalog(EXAMPLE))
        unit_id = await tx.session.scalar(
            select(models.OrgUnit.id).where(models.OrgUnit.code == "PKM-PAUH")
        )
        now = datetime.now(UTC)
        await tx.session.execute(
            models.table_of(models.Person).insert(),
            [
                {
                    "full_name": f"ASN {i:05d}",
                    "role": Role.ASN,
                    "unit_id": unit_id,
                    "telegram_user_id": FIRST_ASN + i,
                    "active": True,
                    "created_at": now,
                    "registered_at": now,
                }
                for i in range(asn)
            ],
        )
    await database.dispose()


async def _report(user: EmulatedUser, value: int, latencies: list[float]) -> None:
    """The whole /lapor of one ASN (as in the demo), timing every step to the bot's reply."""

    async def step(action: Awaitable[int], new: bool) -> SentMessage:
        started = time.perf_counter()
        await action
        reply = await (user.next_new_message(60) if new else user.next_message(60))
        latencies.append(time.perf_counter() - started)
        return reply

    menu = await step(user.send("/lapor"), True)
    await step(user.press(menu, "Pasien dilayani"), False)
    note = await step(user.send(str(value)), True)
    evidence = await step(user.press(note, ID.skip_note_button()), False)
    confirm = await step(user.press(evidence, ID.skip_evidence_button()), False)
    await step(user.press(confirm, ID.save_button()), False)


async def measure(asn: int, window_seconds: float, folder: Path) -> Rush:
    """`asn` ASN start their report evenly spread over `window_seconds`, through `kinerja run`."""
    database_url = f"sqlite+aiosqlite:///{folder / 'rush.db'}"
    await _prepare(database_url, asn)
    async with BotApiEmulator() as emulator:
        bot = await BotProcess.start(
            ["-m", "bot", "run"], kinerja_environment(emulator, database_url), folder, emulator
        )
        latencies: list[float] = []
        errors = 0
        started = time.monotonic()

        async def one(i: int) -> None:
            nonlocal errors
            await asyncio.sleep(started + i * window_seconds / asn - time.monotonic())
            try:
                await _report(emulator.user(FIRST_ASN + i, "ASN"), 10 + i % 30, latencies)
            except (AssertionError, TimeoutError, StopIteration):
                errors += 1

        await asyncio.gather(*(one(i) for i in range(asn)))
        rss = bot.peak_rss_mb()
        await bot.stop()
    database = create_database(database_url)
    async with database.snapshot() as tx:
        stored = await tx.session.scalar(select(func.count()).select_from(models.AsnReport))
    await database.dispose()
    return Rush(asn, window_seconds, latencies, errors, int(stored or 0), rss)
