"""The walking skeleton end to end: greeting, help, language, fallbacks, errors."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.render import callback_data
from bot.texts import CATALOGUES
from kinerja.roles import Command, commands_for
from kinerja.types import Language, Role
from tests.bot.conftest import Harness
from tests.clock import FakeClock

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]


async def test_start_greets_in_indonesian(bot: Harness) -> None:
    siti = bot.user(1001, "Siti", language_code="id")
    await siti.start()
    reply = await siti.next_message()
    assert reply.parse_mode == "HTML"
    assert reply.text == ID.welcome("Siti", Role.CITIZEN, None)


async def test_start_greets_in_english_for_an_english_telegram(bot: Harness) -> None:
    john = bot.user(1002, "John", language_code="en")
    await john.start()
    assert (await john.next_message()).text == EN.welcome("John", Role.CITIZEN, None)


async def test_unknown_telegram_language_falls_back_to_indonesian(bot: Harness) -> None:
    hans = bot.user(1003, "Hans", language_code=None)
    await hans.start()
    assert (await hans.next_message()).text == ID.welcome("Hans", Role.CITIZEN, None)


async def test_chosen_language_is_kept_across_a_restart(bot: Harness) -> None:
    siti = bot.user(1004, "Siti", language_code="id")
    await siti.send("/bahasa")
    menu = await siti.next_message()
    assert menu.text == ID.choose_language()
    await siti.press(menu, "English")
    assert (await siti.next_message()).text == EN.language_changed()

    await bot.restart()
    await siti.send("/help")
    assert (await siti.next_message()).text == EN.help(Role.CITIZEN, commands_for(Role.CITIZEN))


async def test_help_depends_on_the_role(bot: Harness, clock: FakeClock) -> None:
    async with bot.application.bot_data.services.database.transaction() as tx:
        await tx.people.add(
            full_name="Rina Marlina",
            role=Role.ASN,
            unit_code="PKM-PAUH-UMUM",
            now=clock(),
            nip="199001012015032001",
            telegram_user_id=2001,
        )
    rina = bot.user(2001, "Rina")
    await rina.start()
    assert (await rina.next_message()).text == ID.welcome("Rina", Role.ASN, "Rina Marlina")
    await rina.send("/help")
    help_text = (await rina.next_message()).text or ""
    assert f"/{Command.REPORT.value}" in help_text
    assert f"/{Command.TEAM_REPORTS.value}" not in help_text

    citizen = bot.user(1005, "Budi")
    await citizen.send("/help")
    citizen_help = (await citizen.next_message()).text or ""
    assert f"/{Command.REPORT.value}" not in citizen_help
    assert f"/{Command.TICKET_STATUS.value}" in citizen_help


async def test_anything_not_understood_gets_a_polite_answer(bot: Harness) -> None:
    budi = bot.user(1006, "Budi")
    await budi.send("halo, bisa bantu?")
    assert (await budi.next_message()).text == ID.not_understood()
    await budi.send_sticker()
    assert (await budi.next_message()).text == ID.unsupported_message()
    await budi.send("/batal")
    assert (await budi.next_message()).text == ID.nothing_to_cancel()


async def test_forged_and_stale_buttons_change_nothing(bot: Harness) -> None:
    budi = bot.user(1007, "Budi")
    await budi.send("/bahasa")
    menu = await budi.next_message()
    await budi.press_data(menu.message_id, f"{callback_data.Prefix.LANGUAGE}:xx")
    await budi.press_data(menu.message_id, "no-such-prefix:1")
    await budi.expect_silence()
    answers = [a.get("text") for a in bot.emulator.callback_answers.values()]
    assert answers == [ID.stale_button(), ID.stale_button()]
    await budi.send("/start")
    assert (await budi.next_message()).text == ID.welcome("Budi", Role.CITIZEN, None)


async def test_command_menus_are_published_in_both_languages(bot: Harness) -> None:
    default = bot.emulator.commands[("default", "")]
    english = bot.emulator.commands[("default", "en")]
    assert [c["command"] for c in default] == [c.value for c in commands_for(Role.CITIZEN)]
    assert default[1]["description"] == ID.command_description(Command.HELP)
    assert english[1]["description"] == EN.command_description(Command.HELP)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_failing_handler_apologises_in_the_users_language(bot: Harness) -> None:
    """Break the database under the bot: the user gets an apology, not silence.

    SQLite only: the damage must stay in this test's own database file.
    """
    async with bot.application.bot_data.services.database.transaction() as tx:
        await tx.session.execute(text("DROP TABLE chat_preferences"))
    john = bot.user(1008, "John", language_code="en")
    await john.start()
    assert (await john.next_message()).text == EN.error_apology()
