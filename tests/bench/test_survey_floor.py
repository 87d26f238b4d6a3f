"""The survey floor of `bench/throughput.py` answers a whole `take_survey`, and with the very
messages kinerja sends: otherwise kinerja / floor would compare different work."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import pytest

from bench.survey_floor import running
from bot.emulator import BotApiEmulator
from bot.emulator.personas import RandomAnswers, take_survey
from bot.texts import texts_for
from db.engine import Database
from kinerja.types import Language
from tests.bot.conftest import make_settings, start_bot, stop_bot
from tests.clock import FakeClock

ID = texts_for(Language.ID)

UNIT = "PKM-PAUH-UMUM"
TAPS = 13
"""Consent, nine elements, waiting time, complaint skipped, importance."""
SURVEY_CALLS = {"sendMessage", "editMessageText", "answerCallbackQuery", "editMessageReplyMarkup"}


async def _citizens(emulator: BotApiEmulator, count: int) -> list[int]:
    return await asyncio.gather(
        *(
            take_survey(
                emulator.user(40_000 + i, "W"),
                UNIT,
                RandomAnswers(random.Random(i), 0.1),
                within=20,
            )
            for i in range(count)
        )
    )


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_the_floor_answers_whole_surveys(webhook: bool) -> None:
    async with (
        BotApiEmulator() as emulator,
        running(emulator.url, emulator.token, "floor-secret" if webhook else None) as floor,
    ):
        taps = await _citizens(emulator, 3)
    assert taps == [TAPS] * 3
    assert floor.completed == 3


async def test_the_floor_takes_typed_minutes_of_waiting_as_kinerja_does() -> None:
    """`take_survey` taps the waiting time; typed, it is answered with a new message."""
    async with BotApiEmulator() as emulator, running(emulator.url, emulator.token, None):
        user = emulator.user(40_000, "W")
        await user.start(f"u_{UNIT}")
        await user.next_message(within=5)
        await user.press(user.last_message, ID.consent_agree())
        for _ in range(9):  # the first score offered, on every element
            await user.next_message(within=5)
            await user.press(user.last_message, user.last_message.button_texts[0])
        await user.next_message(within=5)
        waiting = user.last_message
        assert ID.waiting_question() in (waiting.text or "")
        await user.send("45 menit")
        asked = await user.next_new_message(within=5)
    assert asked.message_id != waiting.message_id
    assert ID.complaint_question() in (asked.text or "")
    old = emulator.message(user.id, waiting.message_id)
    assert old is not None
    assert not old.buttons  # the old message's keyboard retired


def _shape(method: str, params: dict[str, Any]) -> tuple[object, ...]:
    """A survey call as the citizen's chat receives it, but for ids: its text, its buttons'
    labels and the length of their callback data, its other parameters."""
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = [
        [(b["text"], len(b.get("callback_data", ""))) for b in row]
        for row in (markup or {}).get("inline_keyboard", [])
    ]
    others = {
        k: v
        for k, v in params.items()
        if k not in ("chat_id", "message_id", "callback_query_id", "reply_markup")
    }
    return method, rows, sorted(others.items())


async def _survey_calls(emulator: BotApiEmulator) -> list[tuple[object, ...]]:
    await _citizens(emulator, 1)
    return [_shape(m, p) for m, p in emulator.calls if m in SURVEY_CALLS]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_floor_sends_what_kinerja_sends(
    catalog_database: Database, database_url: str, clock: FakeClock
) -> None:
    async with BotApiEmulator() as emulator:
        application = await start_bot(make_settings(emulator, database_url), clock)
        try:
            by_kinerja = await _survey_calls(emulator)
        finally:
            await stop_bot(application)
    async with BotApiEmulator() as emulator, running(emulator.url, emulator.token, None):
        by_floor = await _survey_calls(emulator)
    assert len(by_kinerja) == 1 + 2 * TAPS  # the consent, then an answer and an edit per tap
    assert by_floor == by_kinerja
