"""Who receives a week's summary: the supervisors registered by the end of that week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.runtime import jobs
from bot.runtime.context import KinerjaContext
from bot.texts import CATALOGUES
from db import models
from kinerja.types import Language, Role
from tests.bot.conftest import Harness
from tests.bot.personas import (
    OTHER_SUPERVISOR_ID,
    PUSKESMAS,
    SUPERVISOR_ID,
    register,
    seed_andi,
)
from tests.clock import NOW

ID = CATALOGUES[Language.ID]
MONDAY_W49_0700 = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)


async def _deliveries(harness: Harness) -> list[tuple[int, str, bool]]:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        rows = await tx.session.scalars(select(models.SummaryDelivery))
        return sorted((r.person_id, r.period_key, r.late) for r in rows)


async def test_a_supervisor_who_joins_mid_week_gets_no_summary_of_the_week_before(
    bot: Harness,
) -> None:
    """Registered on Wednesday of W48, when the start-up catch-up sends W47 late: that summary
    is of a week before they joined, empty for them. W48 they do get, on time."""
    andi_id = await seed_andi(bot.application.bot_data.services.database, NOW - timedelta(days=60))
    andi = bot.user(SUPERVISOR_ID, "Andi")
    yanti = bot.user(OTHER_SUPERVISOR_ID, "Yanti")
    await register(bot, yanti, Role.SUPERVISOR, PUSKESMAS, "198203102006042004", "Yanti Sari")
    yanti.drain()
    async with bot.application.bot_data.services.database.snapshot() as tx:
        yanti_id = await tx.session.scalar(
            select(models.Person.id).where(models.Person.telegram_user_id == OTHER_SUPERVISOR_ID)
        )
    assert yanti_id is not None

    assert bot.clock.now == NOW  # Wednesday 25 November 2026, W48
    await jobs.weekly_summaries(KinerjaContext(bot.application))
    late = await andi.next_message()
    assert (late.text or "").startswith("📊 <b>Rekap 2026-W47 · Puskesmas Pauh</b>")
    await yanti.expect_silence(0.5)
    assert await _deliveries(bot) == [(andi_id, "2026-W47", True)]

    bot.clock.now = MONDAY_W49_0700
    await jobs.weekly_summaries(KinerjaContext(bot.application))
    summary = await yanti.next_message()
    assert (summary.text or "").startswith("📊 <b>Rekap 2026-W48 · Puskesmas Pauh</b>")
    assert "(terlambat terkirim)" not in (summary.text or "")
    assert await _deliveries(bot) == sorted(
        [(andi_id, "2026-W47", True), (andi_id, "2026-W48", False), (yanti_id, "2026-W48", False)]
    )
