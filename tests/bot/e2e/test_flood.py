"""Under a flood, honest people are still served at once (issue #15): each sender's pace, one
notice, nothing accepted lost, and no user's queue in front of another's.

How fast is measured in `bench/flood.py`; these tests prove what happens, in polling and
webhook mode alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.app import KinerjaApplication
from bot.emulator import BotApiEmulator, EmulatedUser
from bot.settings import Settings
from bot.texts import CATALOGUES
from db import models
from db.engine import Database
from kinerja.skm import ELEMENT_CODES
from kinerja.types import Language
from tests.bot.conftest import WebhookBot, make_settings, start_bot, stop_bot
from tests.bot.personas import POLI_UMUM, open_survey
from tests.clock import FakeClock

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
PRODUCT = Settings(_env_file=None)
"""The pace as shipped (the other tests run at a robot's pace, see `make_settings`)."""
PACE = {
    "user_updates_per_second": PRODUCT.user_updates_per_second,
    "user_burst": PRODUCT.user_burst,
    # The pace alone: with the sending budget on, replies to a flood are shed when it is
    # short (tests/bot/e2e/test_shedding.py), and what is answered would depend on timing.
    "rate_limit": False,
}


@pytest.fixture
async def paced(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> AsyncIterator[KinerjaApplication]:
    """The bot with the product's per-user pace, polling."""
    application = await start_bot(make_settings(emulator, database_url, **PACE), clock)
    try:
        yield application
    finally:
        await stop_bot(application)


def _texts(user: EmulatedUser, emulator: BotApiEmulator) -> list[str]:
    return [m.text or "" for m in emulator.messages_in(user.id)]


async def _ledger_count(application: KinerjaApplication, update_ids: list[int]) -> int:
    async with application.bot_data.services.database.snapshot() as tx:
        found = await tx.session.scalar(
            select(func.count())
            .select_from(models.ProcessedUpdate)
            .where(models.ProcessedUpdate.update_id.in_(update_ids))
        )
    return int(found or 0)


async def test_a_flood_is_answered_up_to_the_pace_and_told_once_in_its_language(
    paced: KinerjaApplication, emulator: BotApiEmulator
) -> None:
    spam = emulator.user(7001, "Promo")
    spam_en = emulator.user(7002, "Deals", language_code="en")
    sent = [await user.send(f"PROMO {i}") for i in range(40) for user in (spam, spam_en)]
    await emulator.settled(paced, within=20)

    dropped = paced.bot_data.services.metrics.dropped.labels("message")._value.get()
    for user, texts in ((spam, ID), (spam_en, EN)):
        seen = _texts(user, emulator)
        assert seen.count(texts.too_fast()) == 1, seen
        answered = seen.count(texts.not_understood())
        # The burst, and what the bucket refilled while the flood was being handled.
        assert PRODUCT.user_burst <= answered <= PRODUCT.user_burst + 5
        assert len(seen) == answered + 1
    answered_all = sum(
        _texts(u, emulator).count(t.not_understood()) for u, t in ((spam, ID), (spam_en, EN))
    )
    assert dropped == 80 - answered_all
    # Dropped or not, every update is in the ledger: confirmed, and a redelivery is not judged
    # again.
    assert await _ledger_count(paced, sent) == 80


async def test_the_notice_comes_once_however_long_the_flood_goes_on(
    paced: KinerjaApplication, emulator: BotApiEmulator
) -> None:
    spam = emulator.user(7011, "Promo")
    for wave in range(3):
        for i in range(30):
            await spam.send(f"PROMO {wave} {i}")
        await emulator.settled(paced, within=20)
        await asyncio.sleep(0.5)  # a breath: a token or so comes back, the flood goes on
    assert _texts(spam, emulator).count(ID.too_fast()) == 1


async def test_a_flooding_citizens_accepted_answers_are_kept_and_the_survey_goes_on(
    paced: KinerjaApplication, emulator: BotApiEmulator
) -> None:
    citizen = emulator.user(7021, "Rina")
    question = await open_survey(citizen, POLI_UMUM, ID)
    for code in ELEMENT_CODES[:3]:
        await citizen.press(question, ID.element_label(code, 4))
        question = await citizen.next_message()
    for i in range(40):  # then a fit of impatience
        await citizen.send(f"halo {i}")
    await emulator.settled(paced, within=20)
    assert _texts(citizen, emulator).count(ID.too_fast()) == 1

    await asyncio.sleep(1.0)  # the bucket refills: the next tap is a person's again
    citizen.drain()
    # The survey's newest message is the only one with buttons (the notice may come after it).
    question = next(m for m in reversed(emulator.messages_in(citizen.id)) if m.buttons)
    assert ID.element_question(ELEMENT_CODES[3]) in (question.text or "")
    await citizen.press(question, ID.element_label(ELEMENT_CODES[3], 3))
    await citizen.next_message()
    await emulator.settled(paced)
    async with paced.bot_data.services.database.snapshot() as tx:
        rows = await tx.session.execute(
            select(models.SurveyAnswer.element_code, models.SurveyAnswer.value)
        )
        answers = dict(rows.all())
    assert answers == {**dict.fromkeys(ELEMENT_CODES[:3], 4), ELEMENT_CODES[3]: 3}


async def test_a_person_tapping_at_a_persons_pace_is_never_dropped(
    paced: KinerjaApplication, emulator: BotApiEmulator
) -> None:
    citizen = emulator.user(7031, "Budi")
    question = await open_survey(citizen, POLI_UMUM, ID)
    for code in ELEMENT_CODES:
        await asyncio.sleep(0.3)  # quick: reading a question takes longer
        await citizen.press(question, ID.element_label(code, 4))
        question = await citizen.next_message()
    assert ID.waiting_question() in (question.text or "")
    assert paced.bot_data.services.metrics.dropped.labels("callback_query")._value.get() == 0
    assert ID.too_fast() not in _texts(citizen, emulator)


async def _served_while_queued(emulator: BotApiEmulator, application: KinerjaApplication) -> None:
    """One user's sixty updates queued, each slowed by the round trip of its reply; another
    user writes: the other user is answered before the queue is through."""
    emulator.latency = 0.02  # each reply waits: sixty in a row take over a second
    spam = emulator.user(7041, "Promo")
    for _ in range(60):
        await spam.send("/help")  # answered in its handler (a hint would go in the background)
    await asyncio.sleep(0.2)  # fetched and being handled, one at a time
    honest = emulator.user(7042, "Siti")
    await honest.start()
    greeting = await honest.next_message(within=5)
    assert "Siti" in (greeting.text or "")
    answered = len(_texts(spam, emulator))
    assert answered < 60, "the honest user waited for the whole queue"
    await emulator.settled(application, within=20)
    assert len(_texts(spam, emulator)) == 60  # nothing lost meanwhile


async def test_polling_one_users_queue_holds_no_slot_another_needs(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    # Two slots: a queue holding slots while it waits would fill both.
    settings = make_settings(emulator, database_url, concurrent_updates=2)
    application = await start_bot(settings, clock)
    try:
        await _served_while_queued(emulator, application)
    finally:
        await stop_bot(application)


async def test_webhook_one_users_queue_holds_no_slot_another_needs(
    webhook_bot: WebhookBot, emulator: BotApiEmulator
) -> None:
    _, application = await webhook_bot(concurrent_updates=2)
    await _served_while_queued(emulator, application)


async def test_the_offset_never_passes_an_update_still_in_hand(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    """An update whose reply hangs stays unconfirmed while later ones are handled and fetched
    past it; once it is handled, the offset moves on."""
    application = await start_bot(make_settings(emulator, database_url), clock)
    try:
        slow = emulator.user(7051, "Lambat")
        slow.held = True  # the bot's reply to it hangs until the bot gives up on it
        stuck = await slow.send("/help")
        await asyncio.sleep(0.3)
        others = [emulator.user(7060 + i, "Warga") for i in range(5)]
        for user in others:
            await user.start()
        for user in others:
            await user.next_message(within=5)
        offsets = [
            int(p["offset"]) for m, p in emulator.calls if m == "getUpdates" and p.get("offset")
        ]
        assert offsets
        assert max(offsets) <= stuck
        slow.held = False
        await emulator.settled(application, within=30)
        await asyncio.sleep(0.3)
        later = [
            int(p["offset"]) for m, p in emulator.calls if m == "getUpdates" and p.get("offset")
        ]
        assert max(later) > stuck
    finally:
        await stop_bot(application)


async def test_a_hint_waiting_for_room_to_send_holds_no_offset(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    """The answer to a text no flow waits for waits for the sending budget after its update is
    handled: the poll confirms the update meanwhile (a flood's first wave of such texts held
    the offset, and every update behind it, until its hints went)."""
    settings = make_settings(emulator, database_url, rate_limit=True, messages_per_second=0.5)
    application = await start_bot(settings, clock)
    try:
        first = emulator.user(7071, "Warga")
        await first.start()
        await first.next_message()  # the budget's one message for the next two seconds
        typist = emulator.user(7072, "Warga")
        typed = await typist.send("halo")

        def confirmed() -> bool:
            return any(
                m == "getUpdates" and int(p.get("offset") or 0) > typed for m, p in emulator.calls
            )

        for _ in range(75):  # up to 1.5 s
            if confirmed():
                break
            await asyncio.sleep(0.02)
        assert confirmed()
        assert typist.drain() == []  # the hint is still waiting for room
        assert (await typist.next_message(within=5)).text == ID.not_understood()
    finally:
        await stop_bot(application)
