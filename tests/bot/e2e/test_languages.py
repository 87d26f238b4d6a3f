"""Every message a person receives is in their language, also those the bot sends on its own.

The language is the one chosen with /bahasa, else the one the person's Telegram app was last
seen in, else Indonesian; the command menu of the chat follows it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.messaging.outbox import deliver_outbox
from bot.runtime import jobs
from bot.runtime.context import KinerjaContext
from bot.texts import CATALOGUES, Texts
from bot.usecases.reminders import queue_reminders
from kinerja.roles import commands_for
from kinerja.skm import ELEMENT_CODES
from kinerja.types import Language, Role
from tests.bot.conftest import Harness
from tests.bot.personas import (
    ANDI_NIP,
    POLI_UMUM,
    POLI_UMUM_NAME,
    PUSKESMAS,
    RINA_NIP,
    complain,
    register,
)

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
SCORES = dict.fromkeys(ELEMENT_CODES, 3)
REMINDER_TIME = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # Wednesday 15:00 WIB


def _menu_descriptions(harness: Harness, chat_id: int) -> list[str]:
    """The command menu the user's app shows in their chat with the bot."""
    return [c["description"] for c in harness.emulator.menu(chat_id)]


def _descriptions(texts: Texts, role: Role) -> list[str]:
    return [texts.command_description(c) for c in commands_for(role)]


async def _choose(harness: Harness, user_id: int, language_name: str) -> None:
    user = harness.emulator.users[user_id]
    await user.send("/bahasa")
    await user.press(await user.next_message(), language_name)
    await user.next_message()
    await harness.settle()


async def test_an_asn_with_an_english_app_gets_english_reminders_until_the_app_changes(
    bot: Harness,
) -> None:
    rina = bot.user(2001, "Rina", language_code="en")
    await register(bot, rina, Role.ASN, POLI_UMUM, RINA_NIP, "Rina Marlina")
    assert _menu_descriptions(bot, 2001) == _descriptions(EN, Role.ASN)
    services = bot.application.bot_data.services

    bot.clock.now = REMINDER_TIME
    await deliver_outbox(bot.application.bot, services, await queue_reminders(services))
    reminder = await rina.next_message()
    assert reminder.text == EN.reminder("Rina Marlina")
    assert reminder.button_texts == [EN.reminder_button()]

    rina.language_code = "id"  # she switches her Telegram app to Indonesian
    await rina.send("/start")
    assert (await rina.next_message()).text == ID.welcome("Rina", Role.ASN, "Rina Marlina")
    await bot.settle()
    assert _menu_descriptions(bot, 2001) == _descriptions(ID, Role.ASN)
    bot.clock.now = REMINDER_TIME + timedelta(days=1)
    await deliver_outbox(bot.application.bot, services, await queue_reminders(services))
    assert (await rina.next_message()).text == ID.reminder("Rina Marlina")


async def test_a_supervisor_who_chose_english_gets_english_alerts_summaries_and_menu(
    bot: Harness,
) -> None:
    andi = bot.user(3001, "Andi", language_code="id")
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    assert _menu_descriptions(bot, 3001) == _descriptions(ID, Role.SUPERVISOR)
    await _choose(bot, 3001, "English")
    assert _menu_descriptions(bot, 3001) == _descriptions(EN, Role.SUPERVISOR)

    await andi.send("/help")  # the app is still Indonesian: the choice wins
    assert (await andi.next_message()).text == EN.help(
        Role.SUPERVISOR, commands_for(Role.SUPERVISOR)
    )
    siti = bot.user(1001, "Siti", language_code="id")
    await complain(siti, POLI_UMUM, SCORES, "10", "Antrean terlalu lama", ID)
    ticket = "PKM-PAUH-2026-000001"
    alert = await andi.next_message()
    assert alert.text == EN.complaint_alert(POLI_UMUM_NAME, ticket, "Antrean terlalu lama", False)
    assert EN.take_button() in alert.button_texts

    bot.clock.now = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # Monday 07:00 WIB
    await jobs.weekly_summaries(KinerjaContext(bot.application))
    summary = await andi.next_message()
    assert (summary.text or "").startswith("📊 <b>Summary 2026-W48 · Puskesmas Pauh</b>")
    assert EN.xlsx_button() in summary.button_texts
    assert (await andi.next_message()).photo is not None  # the chart

    await _choose(bot, 3001, "Bahasa Indonesia")
    assert _menu_descriptions(bot, 3001) == _descriptions(ID, Role.SUPERVISOR)


async def test_a_citizens_menu_follows_bahasa_and_hapus(bot: Harness) -> None:
    siti = bot.user(1001, "Siti", language_code="id")
    await siti.start()
    await siti.next_message()
    assert _menu_descriptions(bot, 1001) == _descriptions(ID, Role.CITIZEN)
    await _choose(bot, 1001, "English")
    assert _menu_descriptions(bot, 1001) == _descriptions(EN, Role.CITIZEN)

    await siti.send("/hapus")  # forgets the choice too: the app's language again
    await siti.press(await siti.next_message(), EN.delete_yes())
    assert (await siti.next_message()).text == EN.delete_done(0, 0)
    await bot.settle()
    assert _menu_descriptions(bot, 1001) == _descriptions(ID, Role.CITIZEN)
    await siti.send("/help")
    assert (await siti.next_message()).text == ID.help(Role.CITIZEN, commands_for(Role.CITIZEN))


async def test_feedback_reaches_an_asn_in_the_language_of_her_app(bot: Harness) -> None:
    andi = bot.user(3001, "Andi", language_code="id")
    rina = bot.user(2001, "Rina", language_code="en")
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    await register(bot, rina, Role.ASN, POLI_UMUM, RINA_NIP, "Rina Marlina")
    await rina.send("/lapor")
    await rina.press(await rina.next_new_message(), "Patients served")
    await rina.next_message()
    await rina.send("35")
    await rina.press(await rina.next_new_message(), EN.skip_note_button())
    await rina.press(await rina.next_message(), EN.skip_evidence_button())
    await rina.press(await rina.next_message(), EN.save_button())
    await rina.next_message()
    await bot.settle()

    await andi.send("/laporan")
    team = await andi.next_message()
    await andi.press(team, next(b for b in team.button_texts if "Rina" in b))
    detail = await andi.next_message()
    await andi.press(detail, ID.feedback_button())
    await andi.next_message()
    await andi.send("Bagus, pertahankan.")
    assert (await andi.next_message()).text == ID.feedback_sent("Rina Marlina")
    feedback = await rina.next_message()
    assert (feedback.text or "").startswith("💬 <b>Feedback from dr. Andi Pratama</b>")


async def test_a_follow_up_reaches_the_citizen_in_the_language_chosen_since(bot: Harness) -> None:
    andi = bot.user(3001, "Andi", language_code="id")
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    john = bot.user(1002, "John", language_code="en")
    await complain(john, POLI_UMUM, SCORES, "10", "The queue was too long", EN)
    ticket = "PKM-PAUH-2026-000001"
    alert = await andi.next_message()
    await _choose(bot, 1002, "Bahasa Indonesia")

    await andi.press(alert, ID.take_button())
    await andi.press(alert, ID.close_button())
    await andi.next_new_message()
    await andi.send("Loket kedua sudah dibuka.")
    assert (await andi.next_message()).text == ID.complaint_closed(ticket, True)
    follow_up = await john.next_message()
    assert follow_up.text == ID.follow_up_to_citizen(ticket, "Loket kedua sudah dibuka.")
