"""HTML is set once, as the bots' default (`TELEGRAM_DEFAULTS`), not on each call: every text and
caption that reaches Telegram still says `parse_mode=HTML`, whichever path sent it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.emulator import BotApiEmulator
from bot.messaging.delivery import telegram_sender
from bot.messaging.outbox import deliver_outbox
from bot.texts import CATALOGUES
from bot.usecases.summary import deliver_period
from db.engine import Database
from kinerja.periods import parse_period_key
from kinerja.types import Language
from tests import seed
from tests.bot.conftest import Harness, emulator_env, kinerja
from tests.bot.personas import (
    POLI_UMUM,
    SUPERVISOR_ID,
    complain,
    seed_andi,
    supervisor,
)
from tests.examples import FIVE_RESPONDENTS

ID = CATALOGUES[Language.ID]
W47 = parse_period_key("2026-W47")
WEEK_47 = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
MONDAY_0700 = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # 07:00 WIB, W48
SENDS = {"sendMessage", "editMessageText", "sendPhoto", "sendDocument"}


def _sent(emulator: BotApiEmulator) -> list[tuple[str, dict[str, Any]]]:
    """Each call that carried a text or a caption."""
    return [
        (method, params)
        for method, params in emulator.calls
        if method in SENDS and ("text" in params or "caption" in params)
    ]


async def _seed_week(database: Database) -> None:
    for i, scores in enumerate(FIVE_RESPONDENTS):
        await seed.response(database, POLI_UMUM, WEEK_47 + timedelta(hours=i), scores)


async def test_replies_edits_outbox_and_summaries_are_all_html(bot: Harness) -> None:
    andi = await supervisor(bot)
    siti = bot.user(1001, "Siti")
    await siti.send("/bahasa")  # a reply, then an edit
    await siti.press(await siti.next_message(), "Bahasa Indonesia")
    await siti.next_message()
    # A complaint: the alert and its photo reach the supervisor through the outbox.
    await complain(
        siti, POLI_UMUM, FIVE_RESPONDENTS[0], "20", "Loket pendaftaran & antrean tidak tertib", ID
    )
    await siti.send_photo(b"\xff\xd8 the queue")
    await siti.next_new_message()
    alert = await andi.next_message()
    await andi.next_message()  # the photo, with the ticket as its caption
    # Taken and closed: the question for the follow-up, then the follow-up to the citizen.
    await andi.press(alert, ID.take_button())
    await andi.press(alert, ID.close_button())
    await andi.next_message()
    await andi.send("Loket kedua dibuka mulai besok.")
    await andi.next_message()
    await bot.settle()
    await deliver_outbox(bot.application.bot, bot.application.bot_data.services)
    # The weekly summary, as the job sends it.
    await _seed_week(bot.application.bot_data.services.database)
    bot.clock.now = MONDAY_0700
    services = bot.application.bot_data.services
    await deliver_period(services, W47, telegram_sender(bot.application.bot, services))
    await andi.next_message()

    sent = _sent(bot.emulator)
    assert {method for method, _ in sent} >= {"sendMessage", "editMessageText", "sendPhoto"}
    assert [call for call in sent if call[1].get("parse_mode") != "HTML"] == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_summary_sent_from_the_cli_is_html(
    catalog_database: Database, database_url: str, tmp_path: Path
) -> None:
    await _seed_week(catalog_database)
    await seed_andi(catalog_database, WEEK_47 - timedelta(days=30))
    async with BotApiEmulator(token="123:abc") as emulator:
        andi = emulator.user(SUPERVISOR_ID, "Andi")
        env = emulator_env(emulator, database_url)
        code, output = await kinerja(
            "summary", "send", "--period", "2026-W47", env=env, cwd=tmp_path
        )
        assert code == 0, output
        assert [m.event for m in andi.drain()] == ["sent", "sent"]  # text and chart
        sent = _sent(emulator)
    assert [method for method, _ in sent] == ["sendMessage"]
    assert sent[0][1].get("parse_mode") == "HTML"
