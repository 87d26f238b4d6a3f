"""What /hapus promises (issue 12, item 8): afterwards no table holds the citizen's Telegram id,
their identity hash, their complaint texts or photos, wherever they were copied."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import MetaData, select
from sqlalchemy.engine import Connection

from bot.emulator import EmulatedUser, SentMessage
from bot.messaging.outbox import deliver_outbox
from bot.texts import CATALOGUES
from db import models
from kinerja.complaints import TicketStatus
from kinerja.identity import identity_hash
from kinerja.skm import ELEMENT_CODES
from kinerja.types import Language
from tests.bot.conftest import SECRET, Harness
from tests.bot.personas import POLI_UMUM, complain, supervisor

ID = CATALOGUES[Language.ID]
SITI = 7340215986
"""A realistic ten-digit Telegram id, so a hit in the scan cannot be a coincidence."""
TEXT_UMUM = "Petugas loket membentak pasien lansia di depan antrean"
TEXT_GIGI = "Kursi periksa gigi rusak dan tidak diganti sejak bulan lalu"
SCORES = dict.fromkeys(ELEMENT_CODES, 3)


async def _complain(user: EmulatedUser, unit_code: str, text: str) -> SentMessage:
    """A survey with a complaint; returns the photo question."""
    return await complain(user, unit_code, SCORES, "20", text, ID)


async def _close(andi: EmulatedUser, alert: SentMessage, note: str) -> None:
    await andi.press(alert, ID.take_button())
    await andi.press(alert, ID.close_button())
    await andi.next_new_message()  # past the alert's buttons brought up to date
    await andi.send(note)
    await andi.next_new_message()


def _every_value(connection: Connection) -> list[tuple[str, str, str]]:
    """(table, column, value as text) of every cell of every table in the database, found by
    reflection so a table added later is scanned too."""
    metadata = MetaData()
    metadata.reflect(connection)
    found = []
    for table in metadata.sorted_tables:
        for row in connection.execute(select(table)).mappings():
            for column, value in row.items():
                if value is None:
                    continue
                shown = (
                    json.dumps(value, ensure_ascii=False)
                    if isinstance(value, dict | list)
                    else str(value)
                )
                found.append((table.name, column, shown))
    return found


async def _scan(harness: Harness, *needles: str) -> list[tuple[str, str, str]]:
    database = harness.application.bot_data.services.database
    async with database.engine.connect() as connection:
        cells = await connection.run_sync(_every_value)
    return [cell for cell in cells if any(needle in cell[2] for needle in needles)]


async def test_after_hapus_no_table_holds_the_chat_id_or_the_complaint_texts(
    bot: Harness,
) -> None:
    andi = await supervisor(bot)
    siti = bot.user(SITI, "Siti")

    await _complain(siti, POLI_UMUM, TEXT_UMUM)
    alert_umum = await andi.next_message()
    await siti.send_photo(b"\xff\xd8 the queue")
    importance = await siti.next_new_message()
    await andi.next_message()  # the photo, forwarded
    await siti.press(importance, ID.element_name("U7"))
    await siti.next_message()
    # Answered and delivered: the follow-up quotes the complaint.
    await _close(andi, alert_umum, f'Menanggapi "{TEXT_UMUM}": petugas sudah ditegur.')
    await siti.next_message()

    await _complain(siti, "PKM-PAUH-GIGI", TEXT_GIGI)
    alert_gigi = await andi.next_message()
    await siti.press(siti.last_message, ID.no_photo_button())
    await siti.next_message()
    # Answered while Siti's chat cannot be reached: the follow-up waits in the outbox.
    bot.emulator.users[SITI].unreachable = 100
    await _close(andi, alert_gigi, f"Soal '{TEXT_GIGI}': kursi diganti pekan depan.")
    await bot.settle()

    services = bot.application.bot_data.services
    async with services.database.snapshot() as tx:
        [photo_file_id] = [
            p for p in await tx.session.scalars(select(models.Complaint.photo_file_id)) if p
        ]
    hashed = identity_hash(SECRET.encode(), SITI)
    needles = (str(SITI), hashed, TEXT_UMUM, TEXT_GIGI, photo_file_id)
    before = await _scan(bot, *needles)
    assert {table for table, _, _ in before} >= {"outbox", "complaints", "survey_responses"}

    bot.emulator.users[SITI].unreachable = 0  # reachable again, before the retry is due
    await siti.send("/hapus")
    await siti.press(await siti.next_new_message(), ID.delete_yes())
    assert (await siti.next_message()).text == ID.delete_done(2, 2)
    await bot.settle()

    left = await _scan(bot, *needles)
    assert left == [], "\n".join(map(str, left))

    # The pending follow-up is gone, not merely undeliverable.
    bot.clock.advance(timedelta(hours=1))
    await deliver_outbox(bot.application.bot, services)
    await siti.expect_silence(0.3)

    # The supervisors keep the case record: ticket, unit, status and dates, unlinked.
    async with services.database.snapshot() as tx:
        cases = list(
            await tx.session.scalars(select(models.Complaint).order_by(models.Complaint.id))
        )
    records: list[tuple[Any, ...]] = [
        (c.ticket, c.status, c.closed_at is not None, c.text, c.follow_up) for c in cases
    ]
    assert records == [
        ("PKM-PAUH-2026-000001", TicketStatus.CLOSED, True, None, None),
        ("PKM-PAUH-2026-000002", TicketStatus.CLOSED, True, None, None),
    ]


async def test_an_alert_still_waiting_after_hapus_reaches_the_supervisor_without_the_text(
    bot: Harness,
) -> None:
    andi = await supervisor(bot)
    bot.emulator.users[andi.id].unreachable = 100
    siti = bot.user(SITI, "Siti")
    await siti.press(await _complain(siti, POLI_UMUM, TEXT_UMUM), ID.no_photo_button())
    await siti.next_message()
    await siti.send("/hapus")
    await siti.press(await siti.next_new_message(), ID.delete_yes())
    await siti.next_message()
    await bot.settle()

    bot.emulator.users[andi.id].unreachable = 0
    bot.clock.advance(timedelta(hours=1))
    await deliver_outbox(bot.application.bot, bot.application.bot_data.services)
    alert = await andi.next_message()
    assert alert.text == ID.complaint_alert(
        "Poli Umum (Puskesmas Pauh)",
        "PKM-PAUH-2026-000001",
        None,
        False,
    )
    assert ID.complaint_text_removed() in alert.text
