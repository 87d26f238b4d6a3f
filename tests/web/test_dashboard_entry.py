"""Where supervisors open the dashboard: the menu button of their chat (set at start-up and when
they register or change language) and a button under the weekly summary, both only with an
https public URL; and the emulator refusing what Telegram refuses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MenuButtonWebApp, WebAppInfo
from telegram.error import BadRequest

from bot.emulator import BotApiEmulator
from bot.emulator.webapp import signed_init_data
from bot.texts import CATALOGUES
from bot.web.app import build_web_app
from db import models
from db.engine import Database
from kinerja.types import Language, Role
from tests import seed
from tests.bot.conftest import Harness, make_settings, start_bot, stop_bot
from tests.bot.personas import POLI_UMUM, RINA_NIP, SUPERVISOR_ID, register
from tests.clock import FakeClock
from tests.web.dashboard_seed import ANDI, seed_two_puskesmas

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
PUBLIC = "https://kinerja.example"


@pytest.fixture
async def public_bot(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> AsyncIterator[Harness]:
    """The bot with an https public URL, started after two supervisors and two ASN exist."""
    await seed_two_puskesmas(catalog_database)
    for user_id, name in ((3001, "Andi"), (3002, "Sari"), (2001, "Rina"), (2002, "Budi")):
        emulator.user(user_id, name)
    settings = make_settings(emulator, database_url, public_url=PUBLIC)
    harness = Harness(emulator, settings, clock, None)  # type: ignore[arg-type]
    harness.application = await start_bot(settings, clock)
    try:
        yield harness
    finally:
        await stop_bot(harness.application)


def _web_app(text: str, url: str) -> dict[str, object]:
    return {"type": "web_app", "text": text, "web_app": {"url": url}}


async def test_known_supervisors_get_the_menu_button_at_start_up(public_bot: Harness) -> None:
    buttons = public_bot.emulator.menu_buttons
    assert buttons[3001] == _web_app(ID.dashboard_menu_button(), f"{PUBLIC}/app")
    assert buttons[3002] == _web_app(ID.dashboard_menu_button(), f"{PUBLIC}/app")
    assert 2001 not in buttons  # ASN have no dashboard
    assert 2002 not in buttons


async def test_the_button_follows_the_supervisors_language(public_bot: Harness) -> None:
    andi = public_bot.emulator.users[3001]
    await andi.send("/bahasa")
    await andi.press(await andi.next_message(), "English")
    await andi.next_message()
    await public_bot.settle()
    assert public_bot.emulator.menu_buttons[3001] == _web_app(
        EN.dashboard_menu_button(), f"{PUBLIC}/app"
    )


async def test_one_who_registers_as_supervisor_gets_it_then(public_bot: Harness) -> None:
    lina = public_bot.user(3003, "Lina")
    await register(public_bot, lina, Role.SUPERVISOR, POLI_UMUM, "198101012006042002", "Lina")
    assert public_bot.emulator.menu_buttons[3003]["type"] == "web_app"
    rudi = public_bot.user(2003, "Rudi")
    await register(public_bot, rudi, Role.ASN, POLI_UMUM, RINA_NIP[:-1] + "9", "Rudi")
    # An ASN's menu button is Telegram's default (set so, in case the chat held a dashboard's).
    assert public_bot.emulator.menu_buttons.get(2003, {"type": "default"}) == {"type": "default"}


async def test_the_summary_opens_the_dashboard_on_its_unit_and_period(
    public_bot: Harness,
) -> None:
    andi = public_bot.emulator.users[SUPERVISOR_ID]
    await andi.send("/rekap 2026-W48")
    summary = await andi.next_message()
    while not summary.buttons:
        summary = await andi.next_message()
    [button] = [b for b in summary.buttons if "web_app" in b]
    unit = await seed.unit_id(public_bot.application.bot_data.services.database, "PKM-PAUH")
    assert button["text"] == ID.dashboard_button()
    assert button["web_app"] == {"url": f"{PUBLIC}/app?unit={unit}&period=2026-W48"}
    assert ID.xlsx_button() in summary.button_texts  # the rest of the keyboard as it was


async def test_without_an_https_public_url_there_is_no_dashboard_button(bot: Harness) -> None:
    await seed_two_puskesmas(bot.application.bot_data.services.database)
    andi = bot.user(SUPERVISOR_ID, "Andi")
    await andi.send("/rekap")
    summary = await andi.next_message()
    while not summary.buttons:
        summary = await andi.next_message()
    assert all("web_app" not in b for b in summary.buttons)
    assert bot.emulator.menu_buttons == {}


async def test_the_bootstrap_lands_on_the_unit_and_period_it_was_opened_for(
    public_bot: Harness,
) -> None:
    app = build_web_app(public_bot.application, webhook=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kinerja.test") as web:
        page = await web.get("/app", params={"unit": "7", "period": "2026-W47"})
        assert '<input type="hidden" name="unit" value="7">' in page.text
        assert '<input type="hidden" name="period" value="2026-W47">' in page.text
        when = int((public_bot.clock() - timedelta(seconds=5)).timestamp())
        init_data = signed_init_data(public_bot.emulator.token, ANDI, auth_date=when)
        for unit, period, landing in (
            ("7", "2026-W47", "/app/iku?unit=7&period=2026-W47"),
            ("https://evil.example", "x\r\nSet-Cookie: a", "/app/iku"),
        ):
            opened = await web.post(
                "/app/session", data={"init_data": init_data, "unit": unit, "period": period}
            )
            assert opened.status_code == 303
            assert opened.headers["location"] == landing


async def test_the_emulator_refuses_mini_apps_over_plain_http(
    public_bot: Harness, emulator: BotApiEmulator
) -> None:
    bot = public_bot.application.bot
    with pytest.raises(BadRequest, match=r"(?i)only https links are allowed"):
        await bot.set_chat_menu_button(3001, MenuButtonWebApp("x", WebAppInfo("http://a.test/")))
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", web_app=WebAppInfo("http://a"))]])
    with pytest.raises(BadRequest, match=r"(?i)only https links are allowed"):
        await bot.send_message(3001, "x", reply_markup=markup)
    assert (await bot.get_chat_menu_button(3001)).type == "web_app"


async def test_a_supervisor_no_longer_one_loses_the_button_with_the_next_menu(
    public_bot: Harness,
) -> None:
    database = public_bot.application.bot_data.services.database
    async with database.transaction() as tx:
        await tx.session.execute(
            update(models.Person)
            .where(models.Person.telegram_user_id == 3001)
            .values(role=Role.ASN)
        )
    andi = public_bot.emulator.users[3001]
    await andi.send("/bahasa")
    await andi.press(await andi.next_message(), "English")
    await andi.next_message()
    await public_bot.settle()
    assert public_bot.emulator.menu_buttons[3001] == {"type": "default"}
