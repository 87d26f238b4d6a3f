"""Exports made from the chat carry complaint texts and NIPs: each one is in the audit log, saying
who made it, of what, for which unit and period and how many rows, never what they held."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from bot.texts import CATALOGUES
from db import models
from kinerja.audit import AuditAction, person_actor
from kinerja.skm import ELEMENT_CODES
from kinerja.types import Language
from tests.bot.conftest import Harness
from tests.bot.personas import (
    ANDI_NIP,
    POLI_UMUM,
    RINA_NIP,
    SUPERVISOR_ID,
    complain,
    seed_andi,
    seed_rina,
)

ID = CATALOGUES[Language.ID]
COMPLAINT = "Antrean terlalu lama, petugas membentak"


async def _export_entries(harness: Harness) -> list[models.AuditEntry]:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        return list(
            await tx.session.scalars(
                select(models.AuditEntry)
                .where(models.AuditEntry.action == AuditAction.EXPORT_SUMMARY_WORKBOOK)
                .order_by(models.AuditEntry.id)
            )
        )


async def test_ekspor_and_the_excel_button_are_audited_without_their_content(
    bot: Harness,
) -> None:
    database = bot.application.bot_data.services.database
    registered = bot.clock() - timedelta(days=30)
    andi_id = await seed_andi(database, registered)
    await seed_rina(database, registered)
    siti = bot.user(1001, "Siti")
    await complain(siti, POLI_UMUM, dict.fromkeys(ELEMENT_CODES, 2), "30", COMPLAINT, ID)
    andi = bot.user(SUPERVISOR_ID, "Andi")
    await andi.next_message()  # the complaint alert

    await andi.send("/ekspor")
    assert (await andi.next_message()).document is not None
    await bot.settle()
    [entry] = await _export_entries(bot)
    assert (entry.actor, entry.subject) == (person_actor(andi_id), "PKM-PAUH")
    assert entry.details["period"] == "2026-W48"
    assert entry.details["format"] == "xlsx"
    assert entry.details["sheets"]["Pengaduan"] == 1
    assert entry.details["sheets"]["Kepatuhan ASN"] == 1
    assert entry.details["rows"] == sum(entry.details["sheets"].values())
    stored = json.dumps(entry.details) + entry.subject + entry.actor
    for content in (COMPLAINT, RINA_NIP, ANDI_NIP, "Rina Marlina"):
        assert content not in stored

    await andi.send("/rekap")
    summary = await andi.next_message()
    await andi.next_message()  # the chart
    await andi.press(summary, ID.xlsx_button())
    assert (await andi.next_message()).document is not None
    await bot.settle()
    first, second = await _export_entries(bot)
    assert (second.actor, second.subject, second.details) == (
        first.actor,
        first.subject,
        first.details,
    )
    assert second.at >= first.at
