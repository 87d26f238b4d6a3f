"""Update ids across Bot API restarts: a new emulator, or Telegram's random restart of the ids.

The processed-update ledger recognises a redelivered update by its id. An id seen again is a
redelivery only when it comes back within the time Telegram keeps an update (24 hours); a
restarted emulator must not hand out the ids of the one before it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.emulator import BotApiEmulator, EmulatedUser
from bot.texts import CATALOGUES
from db.engine import Database
from kinerja.types import Language, Role
from tests.bot.conftest import make_settings, start_bot, stop_bot
from tests.clock import FakeClock

ID = CATALOGUES[Language.ID]


async def _greeted(user: EmulatedUser, first_name: str) -> None:
    await user.start()
    assert (await user.next_message(within=15)).text == ID.welcome(first_name, Role.CITIZEN, None)


async def _a_session(emulator: BotApiEmulator, database_url: str, clock: FakeClock) -> None:
    """One bot on one emulator: three people say hello, each is greeted."""
    application = await start_bot(make_settings(emulator, database_url), clock)
    try:
        for user_id, name in ((3101, "Siti"), (3102, "Budi"), (3103, "Rina")):
            await _greeted(emulator.user(user_id, name), name)
    finally:
        await stop_bot(application)


async def test_a_second_session_on_a_new_emulator_is_answered_from_its_first_message(
    catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    """What `kinerja chat` and `kinerja demo` do each time: a new emulator, the same database."""
    async with BotApiEmulator() as first:
        await _a_session(first, database_url, clock)
    async with BotApiEmulator() as second:
        await _a_session(second, database_url, clock)


async def test_a_restarted_emulator_is_answered_while_the_bot_runs_on(
    catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    """`make emulator` stopped and started again under a running `make run`."""
    first = BotApiEmulator()
    await first.start()
    port = first.port
    application = await start_bot(make_settings(first, database_url), clock)
    try:
        for user_id, name in ((3201, "Siti"), (3202, "Budi"), (3203, "Rina")):
            await _greeted(first.user(user_id, name), name)
        await first.stop()
        second = BotApiEmulator()
        await second.start(port)
        try:
            await _greeted(second.user(3204, "Dewi"), "Dewi")
        finally:
            await second.stop()
    finally:
        await stop_bot(application)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_an_update_id_telegram_hands_out_again_after_a_quiet_week_is_a_new_update(
    catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    """The Bot API: after a week without updates the next id "will be chosen randomly instead
    of sequentially", so it may be one the ledger holds from before."""
    async with BotApiEmulator(first_update_id=5000) as before:
        await _a_session(before, database_url, clock)
    clock.advance(timedelta(days=8))
    async with BotApiEmulator(first_update_id=5000) as after:
        settings = make_settings(after, database_url)
        application = await start_bot(settings, clock)
        siti = after.user(3301, "Siti")
        try:
            await _greeted(siti, "Siti")
        finally:
            await stop_bot(application)
        # The new update took the old row's place: sent again to a bot started afresh (as
        # after a crash before the confirmation), it is recognised.
        await after.redeliver(5000)
        application = await start_bot(settings, clock)
        try:
            await siti.expect_silence(1.0)
        finally:
            await stop_bot(application)
        assert application.bot_data.services.metrics.duplicates._value.get() >= 1
