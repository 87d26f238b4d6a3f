"""ASN and supervisors end to end: invitation, /lapor, /riwayat, /cuti, reminders, /laporan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.files.catalogue import read_catalog
from bot.messaging.outbox import deliver_outbox
from bot.texts import CATALOGUES, Texts
from bot.usecases.reminders import queue_reminders
from bot.usecases.staff import deactivate_staff
from db import models
from kinerja.roles import commands_for
from kinerja.staff import InviteRefusal, ReportRefusal, ValueProblem
from kinerja.types import Language, Metric, Role
from tests.bot.conftest import Harness
from tests.bot.personas import (
    ANDI_NIP,
    BUDI_NIP,
    RINA_NIP,
    invite,
    register,
)
from tests.conftest import EXAMPLE_CATALOG

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
UMUM = "PKM-PAUH-UMUM"


async def _people(harness: Harness) -> dict[str, models.Person]:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        return {p.nip or "": p for p in await tx.session.scalars(select(models.Person))}


async def _reports(harness: Harness) -> list[models.AsnReport]:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        return list(
            await tx.session.scalars(select(models.AsnReport).order_by(models.AsnReport.id))
        )


async def test_registration_by_invitation(bot: Harness) -> None:
    rina = bot.user(2001, "Rina")
    payload = await invite(bot, Role.ASN, UMUM, RINA_NIP, "Rina  Marlina")
    assert len(payload) <= 64
    await rina.start(payload)
    prompt = await rina.next_message()
    assert prompt.text == ID.invite_prompt(
        "Rina Marlina", "1990••••••••••2001", Role.ASN, "Poli Umum (Puskesmas Pauh)"
    )
    await rina.press(prompt, ID.invite_yes())
    assert (await rina.next_message()).text == ID.registered("Rina Marlina", Role.ASN)
    await bot.settle()
    assert (await _people(bot))[RINA_NIP].telegram_user_id == 2001
    menu = bot.emulator.menu(2001)
    assert [c["command"] for c in menu] == [c.value for c in commands_for(Role.ASN)]

    budi = bot.user(2002, "Budi")
    await budi.start(payload)  # the same link again
    assert (await budi.next_message()).text == ID.invite_refusal(InviteRefusal.USED)
    await rina.send("/start")
    assert (await rina.next_message()).text == ID.welcome("Rina", Role.ASN, "Rina Marlina")


async def test_invitation_refusals(bot: Harness) -> None:
    payload = await invite(bot, Role.ASN, UMUM, BUDI_NIP, "Budi Santoso")
    mallory = bot.user(2999, "M")
    await mallory.start("i_forgedforgedforged")
    assert (await mallory.next_message()).text == ID.invite_refusal(InviteRefusal.UNKNOWN)

    # Someone else cannot confirm Budi's invitation by forging the button.
    async with bot.application.bot_data.services.database.snapshot() as tx:
        invitation_id = await tx.session.scalar(select(models.Invitation.id))
    await mallory.press_data(1, f"v:{invitation_id}:y")
    await mallory.expect_silence(0.3)
    answer = list(bot.emulator.callback_answers.values())[-1]
    assert answer["text"] == ID.stale_button()
    assert (await _people(bot))[BUDI_NIP].telegram_user_id is None

    for _ in range(4):
        await mallory.start("i_guessingguessing")
        await mallory.next_message()
    await mallory.start(payload)  # even a valid link, after too many failures
    assert (await mallory.next_message()).text == ID.invite_refusal(InviteRefusal.RATE_LIMITED)

    budi = bot.user(2002, "Budi")
    await budi.start(payload)
    prompt = await budi.next_message()
    await budi.press(prompt, ID.invite_no())
    assert (await budi.next_message()).text == ID.invite_refusal(InviteRefusal.DECLINED)

    await bot.settle()
    bot.clock.advance(timedelta(days=8))
    await budi.start(payload)
    assert (await budi.next_message()).text == ID.invite_refusal(InviteRefusal.EXPIRED)


async def test_one_telegram_account_holds_one_person(bot: Harness) -> None:
    rina = bot.user(2001, "Rina")
    await register(bot, rina, Role.ASN, UMUM, RINA_NIP, "Rina Marlina")
    await rina.start(await invite(bot, Role.ASN, UMUM, BUDI_NIP, "Budi Santoso"))
    assert (await rina.next_message()).text == ID.invite_refusal(InviteRefusal.ACCOUNT_TAKEN)


async def test_lapor_with_validation_evidence_and_replacement(bot: Harness) -> None:
    rina = bot.user(2001, "Rina")
    await register(bot, rina, Role.ASN, UMUM, RINA_NIP, "Rina Marlina")
    await rina.send("/lapor")
    menu = await rina.next_new_message()
    assert "Pasien dilayani" in menu.button_texts
    assert "Kepatuhan kebersihan tangan (observasi)" in menu.button_texts
    assert "Berkas pendaftaran diproses" not in menu.button_texts  # a metric of Pendaftaran

    await rina.press(menu, "Pasien dilayani")
    ask = await rina.next_message()
    assert "Pasien dilayani" in (ask.text or "")
    metric = next(m for m in bot_catalog_metrics(bot) if m.code == "pasien_dilayani")
    for typed, problem in (
        ("banyak", ValueProblem.NOT_A_NUMBER),
        ("-3", ValueProblem.NEGATIVE),
        ("9999", ValueProblem.TOO_LARGE),
        ("3,5", ValueProblem.NOT_WHOLE),
    ):
        await rina.send(typed)
        reply = await rina.next_new_message()
        assert ID.value_problem(problem, metric) in (reply.text or ""), typed
    await rina.send("35")
    assert ID.ask_note() in ((await rina.next_new_message()).text or "")
    await rina.send("Pasien ramai karena posyandu")
    assert ID.ask_evidence() in ((await rina.next_new_message()).text or "")
    await rina.send_photo(b"\xff\xd8 buku register")
    confirm = await rina.next_new_message()
    assert "35 orang" in (confirm.text or "")
    await rina.press(confirm, ID.save_button())
    saved_menu = await rina.next_message()
    assert "Tersimpan: Pasien dilayani 35 orang" in (saved_menu.text or "")
    assert "Pasien dilayani ✓ 35 orang" in saved_menu.button_texts

    await rina.press(saved_menu, "Kepatuhan kebersihan tangan (observasi)")
    await rina.next_message()
    await rina.send("21/20")
    assert "tidak boleh lebih besar" in ((await rina.next_new_message()).text or "")
    await rina.send("17/20")
    note = await rina.next_new_message()
    await rina.press(note, ID.skip_note_button())
    await rina.press(await rina.next_message(), ID.skip_evidence_button())
    await rina.press(await rina.next_message(), ID.save_button())
    menu = await rina.next_message()

    await rina.press(menu, "Pasien dilayani ✓ 35 orang")  # report the same metric again
    ask = await rina.next_message()
    assert "Sudah dilaporkan: 35 orang" in (ask.text or "")
    await rina.send("40")
    await rina.press(await rina.next_new_message(), ID.skip_note_button())
    await rina.press(await rina.next_message(), ID.skip_evidence_button())
    confirm = await rina.next_message()
    assert "Menggantikan laporan sebelumnya: 35 orang" in (confirm.text or "")
    await rina.press(confirm, ID.save_button())
    await rina.press(await rina.next_message(), ID.finish_button())
    assert (await rina.next_message()).text == ID.report_finished(
        date(2026, 11, 25),
        [
            ("Pasien dilayani", "40 orang"),
            ("Kepatuhan kebersihan tangan (observasi)", "17 dari 20 observasi"),
        ],
    )

    reports = await _reports(bot)
    assert [(r.value, r.denominator) for r in reports] == [
        (Decimal(40), None),
        (Decimal(17), Decimal(20)),
    ]
    assert reports[0].note is None
    assert reports[0].evidence_file_id is None
    async with bot.application.bot_data.services.database.snapshot() as tx:
        audit = await tx.session.scalar(
            select(models.AuditEntry).where(models.AuditEntry.action == "report_replaced")
        )
    assert audit is not None
    assert audit.details["previous_value"].startswith("35")


def bot_catalog_metrics(harness: Harness) -> list[Metric]:
    return list(read_catalog(EXAMPLE_CATALOG).metrics)


async def test_yesterday_only_until_the_configured_hour(bot: Harness) -> None:
    rina = bot.user(2001, "Rina")
    await register(bot, rina, Role.ASN, UMUM, RINA_NIP, "Rina Marlina")
    bot.clock.now = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 09:00 WIB
    await rina.send("/lapor")
    menu = await rina.next_new_message()
    yesterday = ID.other_day_button(date(2026, 11, 24))
    assert yesterday in menu.button_texts
    await rina.press(menu, yesterday)
    assert "24 November 2026" in ((await rina.next_message()).text or "")

    await bot.settle()
    bot.clock.now = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)  # 11:00 WIB
    await rina.send("/lapor")
    menu = await rina.next_new_message()
    assert not any(b.startswith("📅") for b in menu.button_texts)
    await rina.press_data(menu.message_id, "l:d:20261124")  # a replayed "yesterday" button
    await rina.expect_silence(0.3)
    answer = list(bot.emulator.callback_answers.values())[-1]
    assert answer["text"] == ID.report_refusal(ReportRefusal.DAY_CLOSED)
    await rina.press_data(menu.message_id, "l:d:20261126")  # the future
    await rina.expect_silence(0.3)


async def test_citizens_and_forgers_cannot_report(bot: Harness) -> None:
    siti = bot.user(1001, "Siti")
    await siti.send("/lapor")
    assert (await siti.next_message()).text == ID.not_allowed()
    await siti.send("/laporan")
    assert (await siti.next_message()).text == ID.not_allowed()
    await siti.press_data(1, "l:m:1")
    await siti.expect_silence(0.3)

    rina = bot.user(2001, "Rina")
    await register(bot, rina, Role.ASN, UMUM, RINA_NIP, "Rina Marlina")
    await rina.send("/lapor")
    menu = await rina.next_new_message()
    async with bot.application.bot_data.services.database.snapshot() as tx:
        other_units_metric = await tx.session.scalar(
            select(models.Metric.id).where(models.Metric.code == "dokumen_diproses")
        )
    await rina.press_data(menu.message_id, f"l:m:{other_units_metric}")
    await rina.expect_silence(0.3)
    await rina.send("/laporan")
    assert (await rina.next_message()).text == ID.not_allowed()
    assert await _reports(bot) == []


async def _report(
    harness: Harness, user_id: int, metric_label: str, value: str, texts: Texts = ID
) -> None:
    user = harness.emulator.users[user_id]
    await user.send("/lapor")
    await user.press(await user.next_new_message(), metric_label)
    await user.next_message()
    await user.send(value)
    await user.press(await user.next_new_message(), texts.skip_note_button())
    await user.press(await user.next_message(), texts.skip_evidence_button())
    await user.press(await user.next_message(), texts.save_button())
    await user.next_message()
    await harness.settle()


async def test_reminders_skip_reporters_leave_weekends_and_holidays(bot: Harness) -> None:
    rina, budi, dewi = bot.user(2001, "Rina"), bot.user(2002, "Budi"), bot.user(2003, "Dewi")
    await register(bot, rina, Role.ASN, UMUM, RINA_NIP, "Rina Marlina")
    await register(bot, budi, Role.ASN, UMUM, BUDI_NIP, "Budi Santoso")
    await register(bot, dewi, Role.ASN, "PKM-PAUH-KIA", "199203152018012003", "Dewi Lestari")
    await _report(bot, 2001, "Pasien dilayani", "30")
    await dewi.send("/cuti 2026-11-25")
    assert (await dewi.next_message()).text == ID.leave_marked(
        1, date(2026, 11, 25), date(2026, 11, 25)
    )

    services = bot.application.bot_data.services
    bot.clock.now = datetime(2026, 11, 25, 7, 59, tzinfo=UTC)  # 14:59 WIB: not yet
    assert await queue_reminders(services) == ()
    bot.clock.now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 15:00 WIB
    ids = await queue_reminders(services)
    assert len(ids) == 1
    await deliver_outbox(bot.application.bot, services, ids)
    reminder = await budi.next_message()
    assert reminder.text == ID.reminder("Budi Santoso")
    assert await queue_reminders(services) == ()  # once per day, even if the job runs again
    await rina.expect_silence(0.1)
    await dewi.expect_silence(0.1)

    await budi.press(reminder, ID.reminder_button())
    assert "Pilih kegiatan" in ((await budi.next_new_message()).text or "")

    for when in (
        datetime(2026, 11, 28, 8, 0, tzinfo=UTC),  # Saturday
        datetime(2026, 12, 24, 8, 0, tzinfo=UTC),  # cuti bersama Natal (Thursday)
        datetime(2026, 12, 25, 8, 0, tzinfo=UTC),
    ):  # Natal
        bot.clock.now = when
        assert await queue_reminders(services) == (), when
    bot.clock.now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)  # Thursday: everyone who forgot
    assert len(await queue_reminders(services)) == 3


async def test_supervisor_sees_reports_verifies_and_gives_feedback(bot: Harness) -> None:
    andi, rina, budi = bot.user(3001, "Andi"), bot.user(2001, "Rina"), bot.user(2002, "Budi")
    await register(bot, andi, Role.SUPERVISOR, "PKM-PAUH", ANDI_NIP, "dr. Andi Pratama")
    await register(bot, rina, Role.ASN, UMUM, RINA_NIP, "Rina Marlina")
    await register(bot, budi, Role.ASN, "PKM-PAUH-GIGI", BUDI_NIP, "Budi Santoso")
    await _report(bot, 2001, "Pasien dilayani", "35")
    bot.clock.advance(timedelta(days=1))  # Thursday: Budi has missed two working days

    await andi.send("/laporan")
    team = await andi.next_message()
    assert "Budi Santoso — 2 hari kerja berturut-turut" in (team.text or "")
    assert "Rina Marlina — 1 hari kerja berturut-turut" in (team.text or "")
    bot.clock.now -= timedelta(days=1)
    await bot.settle()
    await andi.send("/laporan PKM-PAUH-UMUM")
    team = await andi.next_message()
    assert "Budi" not in (team.text or "")  # Poli Gigi is not under Poli Umum
    button, previous_day = team.button_texts
    assert previous_day == ID.previous_day_button(date(2026, 11, 24))
    await andi.press(team, button)
    detail = await andi.next_message()
    await andi.press(detail, ID.verify_button())
    assert "Terverifikasi" in ((await andi.next_message()).text or "")
    await andi.press(detail, ID.feedback_button())
    assert (await andi.next_message()).text == ID.ask_feedback(
        "Rina Marlina", next(m for m in bot_catalog_metrics(bot) if m.code == "pasien_dilayani")
    )
    await andi.send("Bagus, pertahankan. Catat juga pasien rujukan balik.")
    assert (await andi.next_message()).text == ID.feedback_sent("Rina Marlina")
    feedback = await rina.next_message()
    assert "Catat juga pasien rujukan balik." in (feedback.text or "")
    assert "dr. Andi Pratama" in (feedback.text or "")

    [report] = await _reports(bot)
    assert report.verified_at is not None
    assert report.feedback == "Bagus, pertahankan. Catat juga pasien rujukan balik."


async def test_supervisors_see_nothing_outside_their_subtree(bot: Harness) -> None:
    lina, rina = bot.user(3002, "Lina"), bot.user(2001, "Rina")
    await register(bot, lina, Role.SUPERVISOR, "PKM-LBUKIT", ANDI_NIP, "dr. Lina")
    await register(bot, rina, Role.ASN, UMUM, RINA_NIP, "Rina Marlina")
    await _report(bot, 2001, "Pasien dilayani", "35")
    await lina.send("/laporan PKM-PAUH")
    assert (await lina.next_message()).text == ID.report_refusal(ReportRefusal.NOT_IN_SCOPE)
    [report] = await _reports(bot)
    for action in ("r", "v", "f"):
        await lina.press_data(1, f"t:{action}:{report.id}")
    await lina.expect_silence(0.3)
    assert (await _reports(bot))[0].verified_at is None


async def test_history_shows_own_reports_and_progress(bot: Harness) -> None:
    rina = bot.user(2001, "Rina", language_code="en")
    await register(bot, rina, Role.ASN, UMUM, RINA_NIP, "Rina Marlina")
    await _report(bot, 2001, "Patients served", "45", EN)
    await rina.send("/riwayat")
    history = await rina.next_message()
    assert "Patients served: 45 patients" in (history.text or "")
    # Week 48 so far (Mon-Wed): 45 patients over 3 working days = 15 per day, target 90.
    assert "Patients served per working day: 15.00 against target 90" in (history.text or "")
    await rina.press(history, EN.history_button(30))
    assert "Patients served: 45" in ((await rina.next_message()).text or "")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_deactivated_staff_lose_access_at_once(bot: Harness) -> None:
    rina = bot.user(2001, "Rina")
    await register(bot, rina, Role.ASN, UMUM, RINA_NIP, "Rina Marlina")
    await deactivate_staff(bot.application.bot_data.services, RINA_NIP)
    await rina.send("/lapor")
    assert (await rina.next_message()).text == ID.not_allowed()
