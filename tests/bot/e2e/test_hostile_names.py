"""Names are shown as typed, never interpreted: one `<` in a name must not cost a message.

Telegram refuses a whole HTML message over one unescaped `<` ("can't parse entities"), and
the emulator refuses it the same way, so a name that reaches a message unescaped fails here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.runtime import jobs
from bot.runtime.context import KinerjaContext
from db import models
from kinerja.types import Role
from tests import seed
from tests.bot.conftest import Harness
from tests.bot.personas import ANDI_NIP, POLI_UMUM, PUSKESMAS, RINA_NIP, register

MONDAY_0700 = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # 07:00 WIB: the summary of 2026-W47
RINA = "Rina <Kepala Ruang>"
ANDI = 'dr. Andi <Kapus> & "tim"'


async def test_a_staff_name_with_markup_does_not_stop_the_weekly_summary(bot: Harness) -> None:
    database = bot.application.bot_data.services.database
    registered = datetime(2026, 10, 1, tzinfo=UTC)
    await seed.asn(database, RINA, RINA_NIP, POLI_UMUM, 2001, registered)  # never reports
    await seed.asn(database, ANDI, ANDI_NIP, PUSKESMAS, 3001, registered, role=Role.SUPERVISOR)
    andi = bot.user(3001, "Andi")
    bot.clock.now = MONDAY_0700

    await jobs.weekly_summaries(KinerjaContext(bot.application))

    summary = await andi.next_message()
    assert f"Belum melapor ≥ 2 hari kerja: {RINA} (5 hari)" in summary.plain
    assert (await andi.next_message()).photo is not None  # the chart follows
    async with database.snapshot() as tx:
        [status] = await tx.session.scalars(select(models.SummaryDelivery.status))
    assert status == "sent"


async def test_a_citizen_named_like_a_tag_is_greeted(bot: Harness) -> None:
    citizen = bot.user(1801, "<b>")
    await citizen.start()
    greeting = await citizen.next_message()
    assert greeting.plain.startswith("Halo, <b>! Ini layanan kinerja untuk menilai")
    [bold] = greeting.parsed.entities if greeting.parsed else []
    assert greeting.plain[bold.offset : bold.offset + bold.length] == "kinerja"


async def test_staff_named_with_markup_register_report_and_exchange_feedback(
    bot: Harness,
) -> None:
    """Registration, the supervisor's screens and the feedback both ways, with names that look
    like tags; a pop-up is plain text, so there the name is shown as typed, unescaped."""
    andi, rina = bot.user(3001, "Andi"), bot.user(2001, "Rina")
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, ANDI)
    await register(bot, rina, Role.ASN, POLI_UMUM, RINA_NIP, RINA)
    welcome = [m for m in bot.emulator.messages_in(2001) if m.event == "sent"][-1]
    assert welcome.plain.startswith(f"Terima kasih, {RINA}. Akun Anda terdaftar")
    database = bot.application.bot_data.services.database
    async with database.snapshot() as tx:
        rina_id = await tx.session.scalar(
            select(models.Person.id).where(models.Person.nip == RINA_NIP)
        )
    assert rina_id is not None
    await seed.report(database, rina_id, "pasien_dilayani", date(2026, 11, 25), 35)

    await andi.send(f"/laporan {POLI_UMUM}")
    team = await andi.next_message()
    assert f"• {RINA}" not in team.plain  # she reported today
    button, _previous_day = team.button_texts
    assert button.startswith(RINA)  # a button label is plain text
    await andi.press(team, button)
    detail = await andi.next_message()
    assert detail.plain.startswith(RINA)
    await andi.press(detail, detail.button_texts[0])  # verify
    await andi.next_message()
    [answer] = [a for a in bot.emulator.callback_answers.values() if a.get("text")]
    assert answer["text"] == f"Laporan {RINA} diverifikasi."
    await andi.press(detail, detail.button_texts[-1])  # feedback
    assert (await andi.next_message()).plain.startswith(f"Tulis umpan balik untuk {RINA}")
    await andi.send("Bagus & <lanjutkan>")
    assert (await andi.next_message()).plain == f"Umpan balik dikirim kepada {RINA}."
    feedback = await rina.next_message()
    assert feedback.plain.startswith(f"💬 Umpan balik dari {ANDI}\n")
    assert feedback.plain.endswith("\n\nBagus & <lanjutkan>")
