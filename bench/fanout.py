"""Monday morning: every supervisor's weekly summary through an emulator enforcing 30 msg/s."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bench.processes import SECRET
from bench.summary_cost import fill, synthetic_catalog
from bot.app import build_application
from bot.emulator import BotApiEmulator
from bot.messaging.delivery import telegram_sender
from bot.settings import Settings
from bot.usecases.summary import deliver_period
from db import migrate, models
from db.engine import Database, create_database
from kinerja.catalog import parse_catalog
from kinerja.periods import parse_period_key
from kinerja.types import Role

NOW = datetime(2026, 11, 23, 1, tzinfo=UTC)  # Monday 08:00 WIB, after 2026-W47
SUPERVISORS_PER_UNIT = 5


@dataclass
class FanOut:
    supervisors: int
    messages: int
    seconds: float
    too_many_requests: int
    sent: int
    failed: int

    @property
    def rate(self) -> float:
        return self.messages / self.seconds


async def _add_supervisors(database: Database, count: int) -> None:
    async with database.transaction() as tx:
        unit_ids = list(
            await tx.session.scalars(
                select(models.OrgUnit.id)
                .where(models.OrgUnit.kind == "puskesmas")
                .order_by(models.OrgUnit.code)
            )
        )
        rows = [
            {
                "full_name": f"Kepala {i:05d}",
                "role": Role.SUPERVISOR,
                "unit_id": unit_ids[i // SUPERVISORS_PER_UNIT],
                "telegram_user_id": 500_000 + i,
                "active": True,
                "created_at": NOW,
                "registered_at": NOW,
            }
            for i in range(count)
        ]
        await tx.session.execute(models.table_of(models.Person).insert(), rows)


async def measure(supervisors: int, responses: int) -> FanOut:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'fanout.db'}"
        database = create_database(url)
        await migrate.upgrade(database)
        puskesmas = -(-supervisors // SUPERVISORS_PER_UNIT)
        async with database.transaction() as tx:
            await tx.catalog.apply(parse_catalog(synthetic_catalog(puskesmas, 1)))
        await fill(database, responses, weeks=2)
        await _add_supervisors(database, supervisors)
        async with BotApiEmulator(max_messages_per_second=30) as emulator:
            for i in range(supervisors):  # each has started the bot once, as registration needs
                emulator.user(500_000 + i, "Kepala")
            settings = Settings(
                _env_file=None,
                telegram_bot_token=emulator.token,
                telegram_api_url=emulator.url,
                database_url=url,
                secret_key=SECRET,
            )
            application = build_application(settings, database, clock=lambda: NOW)
            await application.initialize()
            services = application.bot_data.services
            started = time.perf_counter()
            report = await deliver_period(
                services, parse_period_key("2026-W47"), telegram_sender(application.bot, services)
            )
            elapsed = time.perf_counter() - started
            messages = sum(len(emulator.messages_in(500_000 + i)) for i in range(supervisors))
            await application.shutdown()
            return FanOut(
                supervisors,
                messages,
                elapsed,
                emulator.too_many_requests,
                report.sent,
                report.failed,
            )
