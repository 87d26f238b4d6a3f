"""A row the outbox cannot read fails by itself, with its reason, and the rest still go."""

from __future__ import annotations

from sqlalchemy import select

from bot.messaging.outbox import deliver_outbox
from bot.texts import CATALOGUES
from db import models
from kinerja.delivery import Delivery
from kinerja.messages import FollowUp
from kinerja.types import Language
from tests.bot.conftest import Harness

ID = CATALOGUES[Language.ID]
TICKET = "PKM-PAUH-2026-000001"


async def test_an_unreadable_row_fails_alone_and_is_not_attempted(bot: Harness) -> None:
    citizen = bot.user(1107, "Warga")
    services = bot.application.bot_data.services
    now = bot.clock()
    async with services.database.transaction() as tx:
        tx.session.add(
            models.OutboxMessage(
                chat_id=1107,
                kind="carrier_pigeon",
                payload={"to": "Padang"},
                status=Delivery.PENDING,
                created_at=now,
                next_attempt_at=now,
                attempts=0,
            )
        )
        await tx.session.flush()
        answer = await tx.outbox.add(1107, FollowUp(1, TICKET, "Sudah diperbaiki"), now)

    assert await deliver_outbox(bot.application.bot, services) == 1
    assert "Sudah diperbaiki" in ((await citizen.next_message()).text or "")
    await citizen.expect_silence(0.2)
    async with services.database.snapshot() as tx:
        rows = {row.kind: row for row in await tx.session.scalars(select(models.OutboxMessage))}
        assert await tx.outbox.status(answer) is Delivery.SENT
    pigeon = rows["carrier_pigeon"]
    assert (pigeon.status, pigeon.attempts) == (Delivery.FAILED, 0)
    assert pigeon.error == "outbox message 'carrier_pigeon': no message has this name"
