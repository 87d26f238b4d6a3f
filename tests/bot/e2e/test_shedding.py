"""Replies to a flooding chat shed through the whole bot: quietly, and losing nothing durable.

A shed reply is no failure: no error line, no apology (one more message to the flooder), no
word to the ops chat, not a handler error. What the update committed stands, and what its
handler would have sent on from the outbox goes with the outbox job.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from bot.emulator import BotApiEmulator
from bot.messaging.outbox import deliver_outbox
from bot.messaging.ratelimit import RetryingRateLimiter, bulk_sending
from bot.settings import Settings
from bot.texts import CATALOGUES
from db.engine import Database
from kinerja.types import Language, Role
from tests.bot.conftest import Harness, make_settings, start_bot, stop_bot
from tests.bot.personas import POLI_UMUM, PUSKESMAS, SUPERVISOR_ID, complain, staff_speaking
from tests.clock import FakeClock
from tests.examples import FIVE_RESPONDENTS

ID = CATALOGUES[Language.ID]
OPS_CHAT = 9001
SPAMMER = 6666
TICKET = "PKM-PAUH-2026-000001"
PRODUCT = Settings(_env_file=None)


def _limiter(harness: Harness) -> RetryingRateLimiter:
    limiter = harness.application.bot.rate_limiter
    assert isinstance(limiter, RetryingRateLimiter)
    return limiter


def _count(harness: Harness, name: str) -> float:
    registry = harness.application.bot_data.services.metrics.registry
    return registry.get_sample_value(name) or 0.0


@pytest.fixture
async def slow_bot(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> AsyncIterator[Harness]:
    """A budget of one message every two seconds: a spammer is over it at his second text."""
    settings = make_settings(
        emulator, database_url, ops_chat_id=OPS_CHAT, rate_limit=True, messages_per_second=0.5
    )
    harness = Harness(emulator, settings, clock, await start_bot(settings, clock))
    harness.user(OPS_CHAT, "Ops")
    try:
        yield harness
    finally:
        await stop_bot(harness.application)


async def test_a_flooders_replies_are_shed_quietly_and_honest_people_answered(
    slow_bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    spammer = slow_bot.user(SPAMMER, "Spam")
    _limiter(slow_bot).flooding = lambda chat: chat == SPAMMER
    with caplog.at_level(logging.DEBUG, logger="kinerja"):
        for n in range(5):
            await spammer.send(f"beli sekarang {n}")
        await slow_bot.settle()
        answered = spammer.drain()
        siti = slow_bot.user(1201, "Siti")
        await siti.start()
        assert (await siti.next_message()).text == ID.welcome("Siti", Role.CITIZEN, None)

    # The first went (the budget was idle); the rest came within two seconds and were shed.
    assert [m.text for m in answered] == [ID.not_understood()]
    assert _count(slow_bot, "kinerja_replies_shed_total") == 4
    assert _count(slow_bot, "kinerja_handler_errors_total") == 0
    assert slow_bot.emulator.messages_in(OPS_CHAT) == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    errors = [r for r in caplog.records if r.name == "kinerja.errors"]
    assert [r.levelno for r in errors] == [logging.DEBUG] * 4
    assert not [r for r in errors if str(SPAMMER) in r.getMessage()]

    # Once he no longer floods, he is answered again.
    _limiter(slow_bot).flooding = lambda _: False
    await spammer.send("halo")
    assert (await spammer.next_message()).text == ID.not_understood()


async def test_a_citizens_reply_goes_before_the_hint_to_an_earlier_text(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    """When the budget is short, "type /help" to a text no flow waits for waits behind the
    replies that move someone on, though its text came first; it still goes."""
    settings = make_settings(emulator, database_url, rate_limit=True, messages_per_second=2)
    harness = Harness(emulator, settings, clock, await start_bot(settings, clock))
    try:
        first, typist, citizen = (harness.user(1300 + n, "Warga") for n in range(3))
        await first.start()
        await first.next_message()  # the bucket's one message, until it refills
        await typist.send("halo")
        await asyncio.sleep(0.1)
        await citizen.start()
        await typist.next_message()
        texts = [str(p.get("text")) for m, p in emulator.calls if m == "sendMessage"][1:]
    finally:
        await stop_bot(harness.application)
    assert texts == [ID.welcome("Warga", Role.CITIZEN, None), ID.not_understood()]


async def test_with_the_products_pace_a_spammer_is_shed_during_a_summary_run(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    """The pace (bot/runtime/paces.py) says who floods; the budget sheds their replies while
    the summaries wait for it, and the summaries all go."""
    settings = make_settings(
        emulator,
        database_url,
        ops_chat_id=OPS_CHAT,
        user_updates_per_second=PRODUCT.user_updates_per_second,
        user_burst=PRODUCT.user_burst,
    )
    harness = Harness(emulator, settings, clock, await start_bot(settings, clock))
    try:
        harness.user(OPS_CHAT, "Ops")
        limiter = _limiter(harness)
        assert limiter.flooding == harness.application.bot_data.services.paces.flooding
        others = [harness.user(7_000 + i, "Kepala").id for i in range(150)]
        spammer = harness.user(SPAMMER, "Spam")
        bot = harness.application.bot

        async def summary_run() -> None:
            with bulk_sending():
                await asyncio.gather(*(bot.send_message(c, "ringkasan") for c in others))

        async with asyncio.TaskGroup() as run:
            run.create_task(summary_run())
            await asyncio.wait_for(emulator.inbox(others[0]).get(), 5)
            for n in range(40):
                await spammer.send(f"beli sekarang {n}")
            await harness.settle(within=20)
        assert _count(harness, "kinerja_replies_shed_total") >= 1
        assert _count(harness, "kinerja_handler_errors_total") == 0
        assert ID.error_apology() not in [m.text for m in emulator.messages_in(SPAMMER)]
        assert emulator.messages_in(OPS_CHAT) == []
        assert all(len(emulator.messages_in(chat)) == 1 for chat in others)
    finally:
        await stop_bot(harness.application)


async def test_a_shed_reply_loses_nothing_the_outbox_holds(bot: Harness) -> None:
    """Andi closes a complaint while flooding, during a summary run: his confirmation is shed
    with the handler's own delivery of the follow-up after it, and the outbox job sends that."""
    andi = await staff_speaking(
        bot, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, "dr. Andi Pratama", Language.ID
    )
    siti = bot.user(1201, "Siti")
    photo = await complain(siti, POLI_UMUM, FIVE_RESPONDENTS[0], "15", "Toilet kotor", ID)
    await siti.press(photo, ID.no_photo_button())
    await siti.press(await siti.next_message(), ID.skip_button())
    assert (await siti.next_message()).text == ID.survey_thanks(TICKET)
    alert = await andi.next_message()
    await andi.press(alert, ID.take_button())
    await andi.press(alert, ID.close_button())
    assert (await andi.next_new_message()).text == ID.ask_follow_up(TICKET)
    await bot.settle()

    others = [bot.user(7_000 + i, "Kepala").id for i in range(100)]
    application = bot.application
    _limiter(bot).flooding = lambda chat: chat == SUPERVISOR_ID

    async def summary_run() -> None:
        with bulk_sending():
            await asyncio.gather(*(application.bot.send_message(c, "ringkasan") for c in others))

    async with asyncio.TaskGroup() as run:
        run.create_task(summary_run())
        await asyncio.wait_for(bot.emulator.inbox(others[0]).get(), 5)  # the run is going
        await andi.send("Toilet dibersihkan.")
        await bot.settle()
    _limiter(bot).flooding = lambda _: False

    assert _count(bot, "kinerja_replies_shed_total") == 1
    assert _count(bot, "kinerja_handler_errors_total") == 0
    assert andi.drain() == []  # no confirmation, and no apology either
    await siti.expect_silence()  # the handler never reached its delivery of the follow-up

    # The outbox job's run (every 30 s) sends what the commit queued.
    assert await deliver_outbox(application.bot, application.bot_data.services) == 1
    follow_up = await siti.next_message()
    assert follow_up.text is not None
    assert "Toilet dibersihkan." in follow_up.text
